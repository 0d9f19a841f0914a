package simulator

import (
	"math"
	"testing"
)

// Validation of read_your_writes against the eventual stale-read formula
// (TestValidationStaleReads), split by whose write a read misses.
//
// One origin at the follower region r1 (leader r0, one-way D between them,
// jitter 0, apply 1 us) sends requests at rate lambda, a fraction rho of
// them reads, over S sessions chosen uniformly per request and K keys. Its
// writes reach the leader after D, commit there and are applied at r1 D
// later. Let w = lambda (1 - rho). The writes to key k are a Poisson stream
// of rate w q_k (q_k the key's popularity: 1/K for uniform keys, the Zipf
// weights otherwise), and by uniform session choice (Poisson thinning) the
// writes of the reading session to k, rate w q_k / S, are independent of
// the other sessions' ones, rate w q_k (S-1)/S. A read of k decides where
// to go at t0 (the serving region, once served) and reaches the local
// replica at t = t0 + delta (delta the intra-region one-way leg); the
// replica lacks exactly the writes committed in (t - D, t].
//
// eventual: stale iff any commit to k in (t - D, t]:
//
//	P(stale) = sum_k q_k (1 - exp(-w q_k D));
//
// own-write stale iff a commit of the session in (t - D, t0] (what the
// session had committed when it decided), a window of D - delta:
//
//	P(own stale) = sum_k q_k (1 - exp(-w q_k (D - delta) / S)).
//
// read_your_writes forwards the read to the leader iff the session
// committed to k in (t0 - D, t0], which the local replica has not applied
// at t0:
//
//	P(forward) = sum_k q_k (1 - exp(-w q_k D / S)),
//
// the other reads go local and are stale iff another session committed to
// k in (t - D, t], or the session itself in (t0, t] (a write committed
// after the read left, no write it could have known of):
//
//	P(stale) = sum_k q_k exp(-w q_k D / S) (1 - exp(-w q_k (D (S-1) + delta) / S)),
//
// and own-write stale reads are 0. Forwarded reads are strong reads: they
// count in the denominator of every ratio, never as stale. The tolerance is
// agree's: the 99.9 % t interval over the replications, no bias allowed
// (the 1 us apply adds about w q_k x 1e-3 ms to each window, below 1e-5).
func TestValidationReadYourWrites(t *testing.T) {
	const (
		lambda = 400.0 // requests per second
		rho    = 0.5
		S      = 4
		K      = 20
	)
	w := lambda * (1 - rho) / 1000 // writes per ms
	q := 1.0 / K
	regions := []string{"aws:us-east-1", "aws:eu-west-1"}
	d := oneWay(t, regions[0], regions[1])
	delta := oneWay(t, regions[1], regions[1])
	run := func(consistency string) *ScenarioResult {
		dc := dataCase{
			regions: regions,
			set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, ReadConsistency: consistency, ApplyTimeMs: 0.001},
			origins: []Origin{{Name: "app", Location: regions[1], RPS: lambda, ReadRatio: ptr(rho), Sessions: S}},
			keys:    K, reps: 10, dur: 105, warm: 5,
		}
		m := dc.model(710)
		m.Workload.ZipfS = ptr(0.0)
		rep := runData(t, m)
		sc := &rep.Scenarios[0]
		if sc.Sessions == nil || len(sc.ReplicaSets) != 1 || sc.ReplicaSets[0].Sessions == nil {
			t.Fatalf("%s: no session figures in the report", consistency)
		}
		return sc
	}

	ev := run(ReadEventual)
	agree(t, "stale-read ratio, eventual", ev.StaleReadRatio, 1-math.Exp(-w*q*d), 0, 10)
	agree(t, "own-write stale ratio, eventual", ev.Sessions.OwnWriteStaleReadRatio, 1-math.Exp(-w*q*(d-delta)/S), 0, 10)
	if ev.Sessions.OwnWriteStaleReads.Mean <= 0 {
		t.Errorf("eventual: own-write stale reads %v, want > 0", ev.Sessions.OwnWriteStaleReads.Mean)
	}
	if ev.Sessions.ForwardedReadRatio.Mean != 0 {
		t.Errorf("eventual forwarded %v of the reads, want 0", ev.Sessions.ForwardedReadRatio.Mean)
	}

	ryw := run(ReadYourWrites)
	if ryw.Sessions.OwnWriteStaleReads.Mean != 0 || ryw.Sessions.OwnWriteStaleReads.High != 0 {
		t.Errorf("read_your_writes: own-write stale reads %+v, want exactly 0", ryw.Sessions.OwnWriteStaleReads)
	}
	pKeep := math.Exp(-w * q * d / S)
	agree(t, "forwarded ratio, read_your_writes", ryw.Sessions.ForwardedReadRatio, 1-pKeep, 0, 10)
	agree(t, "stale-read ratio, read_your_writes", ryw.StaleReadRatio, pKeep*(1-math.Exp(-w*q*(d*(S-1)+delta)/S)), 0, 10)
	agree(t, "per-set stale ratio, read_your_writes", ryw.ReplicaSets[0].StaleReadRatio, pKeep*(1-math.Exp(-w*q*(d*(S-1)+delta)/S)), 0, 10)
	// The cost: a forwarded read pays the round trip to the leader instead
	// of the local leg, so the mean read latency rises by about
	// P(forward) x 2 (D - delta) over eventual's.
	extra := ryw.ReadLatency.Mean.Mean - ev.ReadLatency.Mean.Mean
	t.Logf("read latency: eventual %.3f ms, read_your_writes %.3f ms (+%.3f ms; forwarded share x 2 (D - delta) = %.3f ms)",
		ev.ReadLatency.Mean.Mean, ryw.ReadLatency.Mean.Mean, extra, (1-pKeep)*2*(d-delta))
}
