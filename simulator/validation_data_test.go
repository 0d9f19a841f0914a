package simulator

// Validation of the data layer (replica sets, faults) against closed forms.
// The acceptance rule is the one of validation_test.go (agree): theory
// within the simulated mean +- the 99.9 % t interval, plus the sketch's
// 0.5 % for quantiles. Network jitter is 0 in these cases, so that every
// leg takes exactly half its modelled round trip and the only randomness
// is the Poisson arrivals and the exponential apply times.

import (
	"context"
	"math"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// dataCase is a replica set over catalog regions with one origin per entry
// of origins (each co-located with a region, so served there).
type dataCase struct {
	regions []string // catalog codes; region i is named r<i>
	set     ReplicaSet
	origins []Origin
	keys    int
	reps    int
	dur     float64
	warm    float64
	jitter  float64
	faults  []Fault
}

// dataScale multiplies the measured time of the steady-state cases; the
// long build tag (make validate-long) raises it for tighter intervals.
var dataScale = 1.0

func (dc dataCase) model(seed uint64) Model {
	dur := dc.dur
	if dc.faults == nil {
		dur = dc.warm + (dc.dur-dc.warm)*dataScale
	}
	m := Model{
		ReplicaSets: []ReplicaSet{dc.set},
		Workload:    Workload{Origins: dc.origins, Keys: dc.keys},
		Network:     Network{JitterSigma: ptr(dc.jitter)},
		Run:         RunSettings{DurationS: ptr(dur), WarmupS: ptr(dc.warm), Replications: dc.reps, Seed: ptrTo[uint64](seed), MaxSimulatedRequests: 1e9},
	}
	for i, code := range dc.regions {
		// Plenty of capacity: the region's own queue is not under test.
		m.Regions = append(m.Regions, Region{Name: regionName(i), Location: code, Instances: 8, ServiceTimeMs: 1})
	}
	if dc.faults != nil {
		m.Scenarios = []Scenario{{Name: "fault", Faults: dc.faults}}
	}
	return m
}

func regionName(i int) string { return "r" + string(rune('0'+i)) }

// oneWay is the exact delay of the leg from catalog region a to b with
// jitter 0: half the modelled round trip (never below the fiber floor).
func oneWay(t *testing.T, a, b string) float64 {
	t.Helper()
	la, err := geo.Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := geo.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	rtt := geo.RoundTrip(la, lb)
	return variate.NewOneWay(rtt.Ms, rtt.FloorMs, 0).Mean()
}

func runData(t *testing.T, m Model) *Report {
	t.Helper()
	for _, f := range Check(m) {
		t.Logf("check: %s %s: %s", f.Severity, f.Path, f.Summary)
	}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// expectedOrderStat is E[X_(q)], the q-th smallest of independent
// X_i = c_i + E_i with E_i exponential of the given rate (per ms):
// E[X_(q)] = integral over t >= 0 of P(fewer than q of the X_i are <= t),
// the count being Poisson-binomial with p_i(t) = 1 - exp(-rate (t - c_i))
// for t >= c_i. Computed by the trapezoid rule on a 0.5 us grid up to where
// the integrand is below 1e-15.
func expectedOrderStat(c []float64, rate float64, q int) float64 {
	hi := 0.0
	for _, x := range c {
		hi = math.Max(hi, x)
	}
	hi += 40 / rate
	const h = 0.0005
	survival := func(t float64) float64 {
		// dist[k] = P(exactly k of the X_i are <= t).
		dist := make([]float64, len(c)+1)
		dist[0] = 1
		for _, ci := range c {
			p := 0.0
			if t >= ci {
				p = 1 - math.Exp(-rate*(t-ci))
			}
			for k := len(c); k > 0; k-- {
				dist[k] = dist[k]*(1-p) + dist[k-1]*p
			}
			dist[0] *= 1 - p
		}
		s := 0.0
		for k := 0; k < q; k++ {
			s += dist[k]
		}
		return s
	}
	sum := survival(0) / 2
	n := int(hi / h)
	for i := 1; i < n; i++ {
		sum += survival(float64(i) * h)
	}
	sum += survival(float64(n)*h) / 2
	return sum * h
}

// TestValidationQuorumCommit: a sync_quorum write commits when q replicas,
// the leader included, have applied it. The leader's own apply takes
// A_0; follower i's acknowledgement comes after the round trip c_i =
// leg(leader->i) + leg(i->leader) plus its apply A_i. At a low write rate
// (rho = 0.02) every apply queue is an M/M/1 whose sojourn is exactly
// exponential with rate mu - lambda, so the commit latency is the q-th
// smallest of {A_0, c_1 + A_1, ...}: E = expectedOrderStat. (The queues
// see the same arrivals, which correlates their sojourns; at rho = 0.02 a
// write waits with probability 0.02, far below the test's resolution.)
// Equivalently: the (q-1)-th smallest leader->follower round trip plus
// apply time, when the leader's own apply is the fastest.
func TestValidationQuorumCommit(t *testing.T) {
	const writesPerS, applyMs = 20.0, 1.0
	for _, c := range []struct {
		name    string
		regions []string
		quorum  int
	}{
		{"3 regions q=2", []string{"aws:us-east-1", "aws:us-east-2", "aws:eu-west-1"}, 2},
		{"5 regions q=3", []string{"aws:us-east-1", "aws:us-east-2", "aws:us-west-2", "aws:eu-west-1", "aws:ca-central-1"}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			var names []string
			for i := range c.regions {
				names = append(names, regionName(i))
			}
			dc := dataCase{
				regions: c.regions,
				set:     ReplicaSet{Name: "db", Regions: names, Leader: names[0], Replication: ReplicationSyncQuorum, Quorum: c.quorum, ApplyTimeMs: applyMs},
				origins: []Origin{{Location: c.regions[0], RPS: writesPerS, ReadRatio: ptr(0)}},
				reps:    10, dur: 210, warm: 10,
			}
			rep := runData(t, dc.model(500))
			rate := 1/applyMs - writesPerS/1000
			offsets := []float64{0}
			for _, code := range c.regions[1:] {
				rt := oneWay(t, c.regions[0], code) + oneWay(t, code, c.regions[0])
				offsets = append(offsets, rt)
				t.Logf("leader -> %s round trip %.3f ms", code, rt)
			}
			theory := expectedOrderStat(offsets, rate, c.quorum)
			agree(t, c.name+" mean commit latency (ms)", rep.Scenarios[0].ReplicaSets[0].CommitLatency.Mean, theory, 0, dc.reps)
		})
	}
}

// TestValidationAsyncLag: async_primary replication lag. A write commits
// at the leader's apply; the follower gets it one one-way delay D later and
// queues it in its own M/M/1 apply queue, whose input (the leader's
// departures, Burke; shifted by a constant) is Poisson at the write rate
// lambda. So lag = D + sojourn, sojourn exponential of rate mu - lambda:
// p50 = D + ln 2 / (mu - lambda), p99 = D + ln 100 / (mu - lambda). At
// low rates that is D + the apply time; as lambda nears mu the lag grows
// without bound, which Check reports.
func TestValidationAsyncLag(t *testing.T) {
	const applyMs = 1.0
	regions := []string{"aws:us-east-1", "aws:eu-west-1"}
	d := oneWay(t, regions[0], regions[1])
	prevP99 := 0.0
	for i, w := range []float64{20, 300, 600, 800} {
		dc := dataCase{
			regions: regions,
			set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, ApplyTimeMs: applyMs},
			origins: []Origin{{Location: regions[0], RPS: w, ReadRatio: ptr(0)}},
			reps:    10, dur: 40 + 4000/w, warm: 5,
		}
		rep := runData(t, dc.model(uint64(600+i)))
		rate := 1/applyMs - w/1000
		f := rep.Scenarios[0].ReplicaSets[0].Followers[0]
		name := "async lag w=" + num(w) + "/s"
		agree(t, name+" p50 (ms)", f.LagP50, d+math.Ln2/rate, sketchTolerance, dc.reps)
		agree(t, name+" p99 (ms)", f.LagP99, d+math.Log(100)/rate, sketchTolerance, dc.reps)
		if f.LagP99.Mean <= prevP99 {
			t.Errorf("lag p99 did not grow with the write rate: %.3f ms at %g writes/s after %.3f", f.LagP99.Mean, w, prevP99)
		}
		prevP99 = f.LagP99.Mean
	}
	// At and above the apply rate the lag has no steady state: an error,
	// with the numbers; just below it, a warning.
	dc := dataCase{
		regions: regions,
		set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, ApplyTimeMs: applyMs},
		origins: []Origin{{Location: regions[0], RPS: 1000, ReadRatio: ptr(0)}},
		reps:    2, dur: 10,
	}
	f, ok := findingAt(Check(dc.model(1)), SeverityError, "replica_sets[0].apply_time_ms")
	if !ok {
		t.Fatal("no error for a write rate equal to the apply rate")
	}
	t.Logf("%s / %s", f.Summary, f.Detail)
	if _, err := Run(context.Background(), dc.model(1)); err == nil {
		t.Fatal("Run accepted a replica set that cannot keep up")
	}
	dc.origins[0].RPS = 960
	if _, ok := findingAt(Check(dc.model(1)), SeverityWarning, "replica_sets[0].apply_time_ms"); !ok {
		t.Fatal("no warning at utilization 0.96")
	}
}

// TestValidationStaleReads: one key, Poisson writes at rate w committed at
// the leader, eventual reads at a follower whose lag is D (jitter 0) plus
// an apply time of 1 us. A read at t is stale exactly when some write
// committed in (t - lag, t], so by PASTA P(stale) = 1 - exp(-w D) (the
// 1 us apply adds about w x 1e-3 ms, below 1e-5).
func TestValidationStaleReads(t *testing.T) {
	const w = 10.0
	regions := []string{"aws:us-east-1", "aws:eu-west-1"}
	dc := dataCase{
		regions: regions,
		set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual, ApplyTimeMs: 0.001},
		origins: []Origin{
			{Name: "writers", Location: regions[0], RPS: w, ReadRatio: ptr(0)},
			{Name: "readers", Location: regions[1], RPS: 200, ReadRatio: ptr(1)},
		},
		keys: 1, reps: 10, dur: 105, warm: 5,
	}
	rep := runData(t, dc.model(700))
	d := oneWay(t, regions[0], regions[1])
	agree(t, "stale-read ratio, eventual", rep.Scenarios[0].StaleReadRatio, 1-math.Exp(-w*d/1000), 0, dc.reps)
}

// TestValidationLeaderOutage takes the leader's region down at 20 s for
// 20 s.
//
// async_primary (leader us-east-1, follower eu-west-1, writes from
// eu-west-1 at w/s, promotion after 5 s): the writes the leader committed
// in the last D before the outage are on the wire to the follower and never
// arrive (a region outage cuts its egress), so E[lost] = w D, and the RPO,
// the time from the commit of the oldest of them to the failure, is below
// D (D minus an exponential gap of rate w: D - 1/w on average at large
// w D): the network part of the lag at the failure (its distribution is
// validated in validation_rpo_test.go). Writes fail for exactly the
// promotion delay.
//
// sync_quorum (3 regions, majority): no committed write is lost, and
// writes are unavailable for exactly the election timeout (the failure is
// detected at once).
func TestValidationLeaderOutage(t *testing.T) {
	outage := []Fault{{Type: FaultRegionOutage, Region: "r0", AtS: 20, DurationS: 20}}
	t.Run("async_primary", func(t *testing.T) {
		const w = 500.0
		regions := []string{"aws:us-east-1", "aws:eu-west-1"}
		dc := dataCase{
			regions: regions,
			set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, PromotionDelayMs: 5000},
			origins: []Origin{{Location: regions[1], RPS: w, ReadRatio: ptr(0)}},
			reps:    10, dur: 60, warm: 5, jitter: 0, faults: outage,
		}
		rep := runData(t, dc.model(800))
		base, sc := rep.Scenarios[0].ReplicaSets[0], rep.Scenarios[1].ReplicaSets[0]
		d := oneWay(t, regions[0], regions[1])
		if base.LostWrites.Mean != 0 || base.Failovers.Mean != 0 {
			t.Errorf("baseline lost %v writes, %v failovers", base.LostWrites, base.Failovers)
		}
		agree(t, "async lost writes (w D)", sc.LostWrites, w*d/1000, 0, dc.reps)
		t.Logf("async RPO %.3f ms [%.3f, %.3f], one-way delay D %.3f ms, baseline lag p50 %.3f ms",
			sc.RPOMs.Mean, sc.RPOMs.Low, sc.RPOMs.High, d, base.Followers[0].LagP50.Mean)
		if !(sc.RPOMs.Mean > 0.7*d && sc.RPOMs.Mean <= d) {
			t.Errorf("RPO %.3f ms, want in (0.7 D, D] with D = %.3f ms", sc.RPOMs.Mean, d)
		}
		if sc.Failovers.Mean != 1 {
			t.Errorf("failovers %+v, want 1", sc.Failovers)
		}
		if u := sc.WriteUnavailableS; math.Abs(u.Mean-5) > 1e-9 || u.High-u.Low > 1e-9 {
			t.Errorf("write unavailability %+v s, want exactly the 5 s promotion delay", u)
		}
		if rep.Scenarios[1].WriteAvailability.Mean >= rep.Scenarios[0].WriteAvailability.Mean {
			t.Error("the outage did not lower write availability")
		}
	})
	t.Run("sync_quorum", func(t *testing.T) {
		regions := []string{"aws:us-east-1", "aws:us-east-2", "aws:us-west-2"}
		dc := dataCase{
			regions: regions,
			set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1", "r2"}, Leader: "r0", Replication: ReplicationSyncQuorum},
			origins: []Origin{{Location: regions[1], RPS: 200, ReadRatio: ptr(0)}},
			reps:    10, dur: 60, warm: 5, jitter: DefaultJitterSigma, faults: outage,
		}
		rep := runData(t, dc.model(900))
		sc := rep.Scenarios[1].ReplicaSets[0]
		t.Logf("sync: lost %+v, unavailable %+v s, failovers %+v, write availability %.5f (baseline %.5f)",
			sc.LostWrites, sc.WriteUnavailableS, sc.Failovers, rep.Scenarios[1].WriteAvailability.Mean, rep.Scenarios[0].WriteAvailability.Mean)
		if sc.LostWrites.Mean != 0 || sc.LostWrites.High != 0 {
			t.Errorf("sync_quorum lost %+v committed writes", sc.LostWrites)
		}
		if u := sc.WriteUnavailableS; math.Abs(u.Mean-DefaultElectionTimeoutMs/1000) > 1e-9 || u.High-u.Low > 1e-9 {
			t.Errorf("write unavailability %+v s, want exactly the %g ms election timeout", u, DefaultElectionTimeoutMs)
		}
		if sc.Failovers.Mean != 1 {
			t.Errorf("failovers %+v, want 1", sc.Failovers)
		}
	})
}

// TestValidationConflicts: multi_leader with one key, Poisson writes at
// rate w accepted at each of two replicas, apply time 1 us. A write
// committed at replica j at t conflicts when a write committed at the other
// replica i in (t - D_ij, t] has not reached j yet, so with independent
// Poisson streams P(conflict at j) = 1 - exp(-w D_ij), and the conflict
// ratio is the mean of the two directions (equal rates). With lww every
// conflict is a lost update, with crdt a merge.
func TestValidationConflicts(t *testing.T) {
	const w = 10.0
	regions := []string{"aws:us-east-1", "aws:eu-west-1"}
	for i, res := range []string{ConflictLWW, ConflictCRDT} {
		dc := dataCase{
			regions: regions,
			set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationMultiLeader, ConflictResolution: res, ApplyTimeMs: 0.001},
			origins: []Origin{{Name: "a", Location: regions[0], RPS: w, ReadRatio: ptr(0)}, {Name: "b", Location: regions[1], RPS: w, ReadRatio: ptr(0)}},
			keys:    1, reps: 10, dur: 2005, warm: 5,
		}
		rep := runData(t, dc.model(uint64(1000+i)))
		d01, d10 := oneWay(t, regions[0], regions[1]), oneWay(t, regions[1], regions[0])
		theory := 1 - (math.Exp(-w*d01/1000)+math.Exp(-w*d10/1000))/2
		sc := rep.Scenarios[0]
		agree(t, "conflict ratio, multi_leader "+res, sc.ConflictRatio, theory, 0, dc.reps)
		set := sc.ReplicaSets[0]
		if res == ConflictLWW && (set.LostUpdates != set.Conflicts || set.Merges.Mean != 0) {
			t.Errorf("lww: conflicts %+v, lost updates %+v, merges %+v", set.Conflicts, set.LostUpdates, set.Merges)
		}
		if res == ConflictCRDT && (set.Merges != set.Conflicts || set.LostUpdates.Mean != 0) {
			t.Errorf("crdt: conflicts %+v, lost updates %+v, merges %+v", set.Conflicts, set.LostUpdates, set.Merges)
		}
	}
}

// TestValidationBoundedStaleness: the stale-read case with
// bounded_staleness at bound B < D. The serving region picks the local
// replica at t0 when its lag (age of the oldest committed write it lacks)
// is at most B, that is when no write committed in (t0 - D, t0 - B]; the
// read reaches the replica delta later (the intra-region leg) and is stale
// when a write committed in (t0 - B, t0 + delta]. So
// P(stale) = exp(-w (D - B)) (1 - exp(-w (B + delta))), and the other reads,
// 1 - exp(-w (D - B)) of them, go to the leader and are never stale.
func TestValidationBoundedStaleness(t *testing.T) {
	const w, bound = 10.0, 20.0
	regions := []string{"aws:us-east-1", "aws:eu-west-1"}
	dc := dataCase{
		regions: regions,
		set: ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary,
			ReadConsistency: ReadBoundedStaleness, StalenessBoundMs: bound, ApplyTimeMs: 0.001},
		origins: []Origin{
			{Name: "writers", Location: regions[0], RPS: w, ReadRatio: ptr(0)},
			{Name: "readers", Location: regions[1], RPS: 200, ReadRatio: ptr(1)},
		},
		keys: 1, reps: 10, dur: 105, warm: 5,
	}
	rep := runData(t, dc.model(1100))
	d := oneWay(t, regions[0], regions[1])
	delta := oneWay(t, regions[1], regions[1])
	wm := w / 1000
	theory := math.Exp(-wm*(d-bound)) * (1 - math.Exp(-wm*(bound+delta)))
	t.Logf("D %.3f ms, bound %g ms, intra-region leg %.3f ms", d, bound, delta)
	agree(t, "stale-read ratio, bounded 20 ms", rep.Scenarios[0].StaleReadRatio, theory, 0, dc.reps)
}
