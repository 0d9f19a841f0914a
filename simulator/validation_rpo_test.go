package simulator

// Validation of the data-loss figures (lost_writes, its parts, rpo_ms) and
// of the rpo_ms = 0 clause against the async-replication theory. Jitter is
// 0, so that a replication leg takes exactly its one-way delay D, and the
// commits at the leader are the departures of a stationary M/M/1 apply
// queue fed by Poisson writes: a Poisson process of the write rate w
// (Burke's theorem). The tolerance is agree's (validation_test.go): the
// theory within the simulated mean +- the 99.9 % t interval, with no
// relative margin, since these figures are exact counts and times, not
// sketch quantiles, and the theory below is exact for this model.

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// runRaw is Run, also returning each scenario's per-replication engine
// results (the baseline first), for figures whose distribution across
// replications is under test.
func runRaw(t *testing.T, m Model) (*Report, [][]*engine.Result) {
	t.Helper()
	p, findings := analyse(m)
	if p == nil {
		for _, f := range findings {
			t.Logf("check: %s %s: %s", f.Severity, f.Path, f.Summary)
		}
		t.Fatal("the model does not pass Check")
	}
	base := compile(p)
	scenarios := append([]Scenario{{Name: BaselineScenario}}, p.model.Scenarios...)
	runs := make([][]*engine.Result, len(scenarios))
	for i, sc := range scenarios {
		cfg := base
		if i > 0 {
			cfg = withFaults(p, base, sc)
		}
		scs, err := replicate(context.Background(), []*engine.Config{cfg}, p.model.Run, nil) // fixed replications: no judge
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = scs[0].results
	}
	return aggregate(p, scenarios, runs), runs
}

// outageCase is an async_primary set led from us-east-1 with one follower
// in eu-west-1, written from eu-west-1 at w writes/s (all writes reach the
// leader and commit there), whose leader's region fails at 4 s, promoted
// after 1 s. The apply time of 10 ms (utilization 0.4 at 40 writes/s) gives
// the follower's lag an apply-queueing part as large as the network part.
func outageCase(w float64, reps int, seed uint64) Model {
	regions := []string{"aws:us-east-1", "aws:eu-west-1"}
	dc := dataCase{
		regions: regions,
		set: ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary,
			ApplyTimeMs: 10, PromotionDelayMs: 1000},
		origins: []Origin{{Location: regions[1], RPS: w, ReadRatio: ptr(0)}},
		reps:    reps, dur: 6, warm: 2, jitter: 0,
		faults: []Fault{{Type: FaultRegionOutage, Region: "r0", AtS: 4}},
	}
	return dc.model(seed)
}

// TestValidationRPODistribution: at a leader outage the writes lost are
// those whose replication to the promoted follower is on the wire at the
// failure T (a region outage cuts its egress), i.e. committed in
// (T - D, T]: a Poisson number N of mean w D, placed uniformly. The RPO is
// T minus the commit of the oldest of them, the age of the oldest write
// on the wire: the network part of the follower's lag at the failure (the
// writes already in its apply queue survive, applied before it leads). So
// RPO = max(D - G, 0) with G the gap from T - D to the next commit,
// exponential of rate w:
//
//	P(RPO = 0) = P(N = 0) = exp(-w D)
//	P(RPO <= x) = exp(-w (D - x)) for 0 <= x <= D
//	E[RPO] = D - (1 - exp(-w D)) / w
//	E[RPO | N = n] = D n / (n + 1) (the oldest of n uniform commits)
//
// At w D = 1.4 (40 writes/s, D = 35 ms) a quarter of the replications lose
// nothing and a third lose one write, whose RPO is then D/2 on average
// (it was 0 with the old first-to-last span). 1000 replications (10 seeds
// of 100) are checked for: RPO = 0 exactly when nothing is lost, 0 < RPO <= D
// otherwise; the mean and the conditional means for N = 1 and 2 with
// agree's tolerance; P(RPO = 0) within its 99.9 % binomial interval; and
// the whole distribution by a Kolmogorov-Smirnov test at the 0.1 % level
// (critical distance 1.95 / sqrt(n), conservative with the atom at 0).
// The follower's lag, D plus an exponential apply sojourn, is longer: the
// RPO is its network part only.
func TestValidationRPODistribution(t *testing.T) {
	const w = 40.0 // writes/s
	wMs := w / 1000
	d := oneWay(t, "aws:us-east-1", "aws:eu-west-1")
	var rpo []float64
	byN := map[int64][]float64{}
	var zero int
	var lagP50 []float64
	for seed := uint64(1); seed <= 10; seed++ {
		rep, runs := runRaw(t, outageCase(w, 100, 7700+seed))
		lagP50 = append(lagP50, rep.Scenarios[0].ReplicaSets[0].Followers[0].LagP50.Mean)
		for i, r := range runs[1] {
			s := r.Sets[0]
			if s.Failovers != 1 || s.LostAtHeal != 0 || s.LostWrites != s.LostAtFailover {
				t.Fatalf("seed %d replication %d: %d failovers, lost %d = %d at failover + %d at heal; want 1 failover, no heal",
					seed, i, s.Failovers, s.LostWrites, s.LostAtFailover, s.LostAtHeal)
			}
			switch {
			case s.LostWrites == 0 && s.RPOMs != 0:
				t.Errorf("seed %d replication %d: nothing lost but RPO %g ms", seed, i, s.RPOMs)
			case s.LostWrites > 0 && !(s.RPOMs > 0 && s.RPOMs <= d):
				t.Errorf("seed %d replication %d: %d lost writes with RPO %g ms, want in (0, D = %g]", seed, i, s.LostWrites, s.RPOMs, d)
			}
			if s.LostWrites == 0 {
				zero++
			}
			rpo = append(rpo, s.RPOMs)
			byN[s.LostWrites] = append(byN[s.LostWrites], s.RPOMs)
		}
		// The report's figures are these replications' own.
		sc := rep.Scenarios[1]
		if got := timeEstimate(rpo[len(rpo)-100:]); sc.RPOMs != got || sc.ReplicaSets[0].RPOMs != got {
			t.Errorf("seed %d: report rpo_ms %+v (set %+v), replications give %+v", seed, sc.RPOMs, sc.ReplicaSets[0].RPOMs, got)
		}
	}
	n := len(rpo)
	t.Logf("D = %.3f ms, w D = %.3f; baseline follower lag p50 %.2f ms (theory D + ln 2 / (mu - lambda) = %.2f ms)",
		d, wMs*d, lagP50[0], d+math.Ln2/(0.1-wMs))
	agree(t, "RPO mean (ms)", timeEstimate(rpo), d-(1-math.Exp(-wMs*d))/wMs, 0, n)
	for _, k := range []int64{1, 2} {
		xs := byN[k]
		if len(xs) < 30 {
			t.Fatalf("only %d replications lost exactly %d writes", len(xs), k)
		}
		agree(t, "RPO mean given "+string(rune('0'+k))+" lost (ms)", timeEstimate(xs), d*float64(k)/float64(k+1), 0, len(xs))
	}
	p0 := math.Exp(-wMs * d)
	half := 3.291 * math.Sqrt(p0*(1-p0)/float64(n)) // the normal 99.9 % quantile
	t.Logf("P(RPO = 0): %d of %d = %.4f, theory exp(-w D) = %.4f +- %.4f", zero, n, float64(zero)/float64(n), p0, half)
	if math.Abs(float64(zero)/float64(n)-p0) > half {
		t.Errorf("P(RPO = 0) = %.4f, theory %.4f +- %.4f", float64(zero)/float64(n), p0, half)
	}
	cdf := func(x float64) float64 {
		switch {
		case x < 0:
			return 0
		case x >= d:
			return 1
		}
		return math.Exp(-wMs * (d - x))
	}
	ks := ksDistance(rpo, cdf)
	crit := 1.949 / math.Sqrt(float64(n))
	sorted := slices.Sorted(slices.Values(rpo))
	for _, q := range []float64{0.5, 0.9} {
		t.Logf("RPO q%.0f: %.2f ms, theory D + ln(q) / w = %.2f ms", 100*q, sorted[int(q*float64(n))], d+math.Log(q)/wMs)
	}
	t.Logf("Kolmogorov-Smirnov distance %.4f over %d replications, critical %.4f at 0.1 %%", ks, n, crit)
	if ks > crit {
		t.Errorf("the RPO's distribution disagrees with max(D - Exp(w), 0): KS distance %.4f > %.4f", ks, crit)
	}
	if m := timeEstimate(rpo).Mean; !(m < d && d < lagP50[0]) {
		t.Errorf("mean RPO %.2f ms, D %.2f ms, lag p50 %.2f ms: want RPO < D < lag (the RPO is the lag's network part)", m, d, lagP50[0])
	}
}

// ksDistance is the Kolmogorov-Smirnov distance between the sample xs and
// the distribution function cdf, which may have atoms: at each distinct
// sample value x, |F_n(x) - F(x)| and |F_n(x-) - F(x-)|, F(x-) taken as
// F just below x.
func ksDistance(xs []float64, cdf func(float64) float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := float64(len(s))
	worst := 0.0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		below := cdf(math.Nextafter(s[i], math.Inf(-1)))
		worst = max(worst, math.Abs(float64(i)/n-below), math.Abs(float64(j)/n-cdf(s[i])))
		i = j
	}
	return worst
}

// TestValidationRPOZeroTarget: rpo_ms = 0 demands that no write is ever
// lost. At w D = 0.35 (10 writes/s) about 30 % of the replications lose a
// write and the others none, so the RPO's interval reaches down to 0 and
// the interval rule would call the clause marginal: it fails, judged by
// the worst replication. A positive target keeps the interval rule, and a
// set that loses nothing (sync_quorum) passes the 0 target.
func TestValidationRPOZeroTarget(t *testing.T) {
	m := outageCase(10, 10, 31)
	m.SLA.RPOMs = ptr(0)
	rep, runs := runRaw(t, m)
	lost := 0
	for _, r := range runs[1] {
		if r.Sets[0].LostWrites > 0 {
			lost++
		}
	}
	if lost == 0 || lost == len(runs[1]) {
		t.Fatalf("%d of %d replications lost a write: pick a seed where some but not all do", lost, len(runs[1]))
	}
	sc := rep.Scenarios[1]
	c := rpoClause(t, sc)
	t.Logf("%d of %d replications lost writes: rpo_ms %+v, clause %+v", lost, len(runs[1]), sc.RPOMs, c)
	if sc.RPOMs.Low != 0 || upperBound(0, sc.RPOMs) != StatusMarginal {
		t.Fatalf("rpo_ms %+v: the interval does not straddle 0, the case does not test the rule", sc.RPOMs)
	}
	if c.Status != StatusFail {
		t.Errorf("rpo_ms = 0 with lost writes in %d replications: status %s, want fail", lost, c.Status)
	}
	if rep.SLAMet {
		t.Error("the SLA is met although writes were lost")
	}
	if b := rpoClause(t, rep.Scenarios[0]); b.Status != StatusPass {
		t.Errorf("baseline (nothing lost): rpo_ms = 0 is %s, want pass", b.Status)
	}
	rs := sc.ReplicaSets[0]
	if rs.LostAtFailover == nil || rs.LostAtHeal == nil || *rs.LostAtFailover != rs.LostWrites || rs.LostAtHeal.Mean != 0 {
		t.Errorf("lost %+v, at failover %v, at heal %v: want the failover part to be the whole", rs.LostWrites, rs.LostAtFailover, rs.LostAtHeal)
	}
	if b := rep.Scenarios[0].ReplicaSets[0]; b.LostAtFailover != nil || b.LostAtHeal != nil {
		t.Error("the baseline, which loses nothing, reports the parts of its loss")
	}

	// A positive target: the interval rule, here marginal.
	m.SLA.RPOMs = ptr(1)
	if c := rpoClause(t, runData(t, m).Scenarios[1]); c.Status != upperBound(1, sc.RPOMs) {
		t.Errorf("rpo_ms = 1: status %s, want the interval rule's %s", c.Status, upperBound(1, sc.RPOMs))
	}

	// sync_quorum over three regions loses nothing at the same outage.
	m.SLA.RPOMs = ptr(0)
	m.Regions = append(m.Regions, Region{Name: "r2", Location: "aws:us-west-2", Instances: 8, ServiceTimeMs: 1})
	m.ReplicaSets[0] = ReplicaSet{Name: "db", Regions: []string{"r0", "r1", "r2"}, Leader: "r0", Replication: ReplicationSyncQuorum, ApplyTimeMs: 10}
	sq := runData(t, m).Scenarios[1]
	if c := rpoClause(t, sq); c.Status != StatusPass || sq.LostWrites.High != 0 {
		t.Errorf("sync_quorum: lost %+v, rpo_ms = 0 is %s; want nothing lost, pass", sq.LostWrites, c.Status)
	}
}

// TestRPOStatus: the rpo_ms clause's rule on its own. Target 0: fail when
// any replication lost a write, whatever the interval, else pass. A
// positive target: the interval rule.
func TestRPOStatus(t *testing.T) {
	for _, c := range []struct {
		target  float64
		rpo     Estimate
		lostMax int64
		want    string
	}{
		{0, Estimate{}, 0, StatusPass},
		{0, Estimate{Mean: 3, Low: 0, High: 9}, 1, StatusFail},      // marginal by the interval
		{0, Estimate{Mean: 0, Low: 0, High: 0}, 1, StatusFail},      // a lost write at its failure's instant
		{0, Estimate{Mean: 30, Low: 20, High: 40}, 12, StatusFail},  // fail by both
		{50, Estimate{Mean: 30, Low: 20, High: 40}, 12, StatusPass}, // interval below the target
		{30, Estimate{Mean: 30, Low: 20, High: 40}, 12, StatusMarginal},
		{10, Estimate{Mean: 30, Low: 20, High: 40}, 12, StatusFail},
	} {
		sc := ScenarioResult{RPOMs: c.rpo, lostMax: c.lostMax}
		if got := rpoStatus(c.target, sc); got != c.want {
			t.Errorf("target %g, rpo %+v, most lost %d: %s, want %s", c.target, c.rpo, c.lostMax, got, c.want)
		}
	}
}

// TestValidationSplitBrainLoss: TestSplitBrain's cut (an async_primary
// leader in us-east-1 cut off from its follower in eu-west-1 at T = 20 s
// for 10 s, promotion after P = 2 s, w = 100 writes/s from each region).
// The writes lost are of two parts, lost_writes = lost_at_failover +
// lost_at_heal in every replication:
//
//   - at the promotion, what the follower never received: the commits
//     whose replication was on the wire at T (both regions' writes commit
//     at the leader, at 2w, for D) and the leader's own region's commits
//     from T to the promotion (w P): E = w (2 D + P);
//   - at the heal, the split-brain writes the old leader accepted from its
//     region's clients from the promotion to the heal: E = w (cut - P),
//     equal to split_brain_writes.
//
// The heal discards every write of the old leader's history the new leader
// lacks, back to the oldest lost at the promotion: the first commit after
// T - D, at an exponential gap of rate 2w. So RPO = cut + D - G, E[RPO] =
// cut + D - (1 - exp(-2 w D)) / (2 w), larger than the promotion's own
// window (P + D - G). A cut that outlasts the run loses its split-brain
// writes all the same, with the window up to the end of the run.
func TestValidationSplitBrainLoss(t *testing.T) {
	const wps, promotionS, cutS, endS = 100.0, 2.0, 10.0, 40.0
	w := wps / 1000 // per ms
	m := Model{
		Regions: []Region{
			{Name: "r0", Location: "aws:us-east-1", Instances: 8, ServiceTimeMs: 1},
			{Name: "r1", Location: "aws:eu-west-1", Instances: 8, ServiceTimeMs: 1},
		},
		ReplicaSets: []ReplicaSet{{Name: "s", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary,
			ReadConsistency: ReadEventual, ApplyTimeMs: 0.1, PromotionDelayMs: promotionS * 1000}},
		Workload: Workload{
			Origins: []Origin{
				{Name: "east", Location: "aws:us-east-1", RPS: wps, ReadRatio: ptr(0)},
				{Name: "europe", Location: "aws:eu-west-1", RPS: wps, ReadRatio: ptr(0)},
			},
			Keys: 1000,
		},
		Network: Network{JitterSigma: ptr(0.0)},
		Scenarios: []Scenario{
			{Name: "cut", Faults: []Fault{{Type: FaultPartition, Region: "r0", RegionB: "r1", AtS: 20, DurationS: cutS}}},
			{Name: "cut-to-end", Faults: []Fault{{Type: FaultPartition, Region: "r0", RegionB: "r1", AtS: 20}}},
		},
		Run: RunSettings{DurationS: ptr(endS), WarmupS: ptr(5), Replications: 50, Seed: ptrTo[uint64](25)},
	}
	d := oneWay(t, "aws:us-east-1", "aws:eu-west-1")
	rep, runs := runRaw(t, m)
	reps := m.Run.Replications
	gap := (1 - math.Exp(-2*w*d)) / (2 * w)
	for i, heal := range []float64{cutS, endS - 20} {
		name := rep.Scenarios[i+1].Name
		for j, r := range runs[i+1] {
			s := r.Sets[0]
			if s.LostWrites != s.LostAtFailover+s.LostAtHeal || s.LostAtHeal != s.SplitBrainWrites || s.LostAtHeal == 0 {
				t.Errorf("%s replication %d: lost %d, at failover %d, at heal %d, split-brain %d", name, j, s.LostWrites, s.LostAtFailover, s.LostAtHeal, s.SplitBrainWrites)
			}
		}
		rs := rep.Scenarios[i+1].ReplicaSets[0]
		if rs.LostAtFailover == nil || rs.LostAtHeal == nil {
			t.Fatalf("%s: the parts of the loss are missing", name)
		}
		t.Logf("%s: lost %.1f = %.1f at failover + %.1f at heal; RPO %.1f ms; D = %.3f ms", name, rs.LostWrites.Mean, rs.LostAtFailover.Mean, rs.LostAtHeal.Mean, rs.RPOMs.Mean, d)
		failover := w * (2*d + promotionS*1000)
		healed := w * (heal - promotionS) * 1000
		agree(t, name+" lost at failover", *rs.LostAtFailover, failover, 0, reps)
		agree(t, name+" lost at heal", *rs.LostAtHeal, healed, 0, reps)
		agree(t, name+" lost writes", rs.LostWrites, failover+healed, 0, reps)
		agree(t, name+" RPO (ms)", rs.RPOMs, heal*1000+d-gap, 0, reps)
		if sc := rep.Scenarios[i+1]; sc.LostWrites != rs.LostWrites || sc.RPOMs != rs.RPOMs {
			t.Errorf("%s: scenario lost %+v rpo %+v, the only set's %+v %+v", name, sc.LostWrites, sc.RPOMs, rs.LostWrites, rs.RPOMs)
		}
	}
}

// rpoClause is the scenario's rpo_ms clause.
func rpoClause(t *testing.T, sc ScenarioResult) ClauseResult {
	t.Helper()
	c := clauseNamed(sc.SLA, "rpo_ms")
	if c == nil {
		t.Fatalf("%s: no rpo_ms clause in %+v", sc.Name, sc.SLA)
	}
	return *c
}
