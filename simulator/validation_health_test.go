package simulator

import (
	"math"
	"testing"
)

// splitBrainModel is TestSplitBrain's: an async_primary set over r0 (the
// leader) and r1, 100 writes/s from each region's clients over 1000
// uniform keys, a partition between r0 and r1 for cutS from 20 s, and a
// promotion delay of promotionS: r1 is promoted at 22 s, and until the
// heal at 30 s r0 keeps accepting east's writes (split-brain) while r1
// commits europe's.
func splitBrainModel(resolution string) Model {
	return Model{
		Regions: []Region{
			{Name: "r0", Location: "aws:us-east-1", Instances: 8, ServiceTimeMs: 1},
			{Name: "r1", Location: "aws:eu-west-1", Instances: 8, ServiceTimeMs: 1},
		},
		ReplicaSets: []ReplicaSet{{Name: "s", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary,
			ReadConsistency: ReadEventual, ApplyTimeMs: 0.1, PromotionDelayMs: 2000, SplitBrainResolution: resolution}},
		Workload: Workload{
			Origins: []Origin{
				{Name: "east", Location: "aws:us-east-1", RPS: 100, ReadRatio: ptr(0)},
				{Name: "europe", Location: "aws:eu-west-1", RPS: 100, ReadRatio: ptr(0)},
			},
			Keys:  1000,
			ZipfS: ptr(0),
		},
		Network:   Network{JitterSigma: ptr(0.0)},
		Scenarios: []Scenario{{Name: "cut", Faults: []Fault{{Type: FaultPartition, Region: "r0", RegionB: "r1", AtS: 20, DurationS: 10}}}},
		Run:       RunSettings{DurationS: ptr(40), WarmupS: ptr(5), Replications: 10, Seed: ptrTo[uint64](24)},
	}
}

// TestSplitBrainReconciliation (criterion 5): the same split-brain,
// reconciled by discard (the default, today's behaviour) and by merge.
//
// Derivation. From the promotion (22 s) to the heal (30 s), S = 8 s, r0
// accepts east's writes, a Poisson stream of w = 100/s: w S = 800
// split-brain writes in expectation, the same in both runs (same seed,
// same draws). Discard loses them all at the heal: lost_at_heal =
// split_brain_writes, exactly, in every replication, and the promotion
// loses the L writes r0 committed during the 2 s promotion delay, which
// never reached r1 (w D = 200, as in TestSplitBrain). Merge loses
// nothing: r0 is up and still holds the promotion's L writes too, so the
// heal merges them with the split-brain writes: lost_writes = 0,
// lost_at_heal = 0, and split_brain_merged = merges = split_brain_writes
// + L, where L is discard's lost_at_failover, exactly (same draws up to
// the promotion). A merged write conflicts when the new leader r1
// committed a write to the same key during the split-brain: r1 commits
// europe's writes, an independent Poisson stream of w = 100/s over
// K = 1000 uniform keys, so a given key escapes it with probability
// exp(-w S / K), and E[conflicts] = (w S + L)(1 - exp(-w S / K)) =
// 1000 (1 - e^-0.8) = 550.7 with L = 200. The tolerance is the 99.9 %
// interval over 10 replications plus 2 %, for the writes in flight at the
// promotion and the heal (a few ms of a 8 s window). The RPO of merge is
// 0: no committed write is lost.
func TestSplitBrainReconciliation(t *testing.T) {
	const w, s, keys = 100.0, 8.0, 1000.0
	reps := splitBrainModel("").Run.Replications
	discard := runData(t, splitBrainModel("")).Scenarios[1].ReplicaSets[0]
	explicit := runData(t, splitBrainModel(SplitBrainDiscard)).Scenarios[1].ReplicaSets[0]
	merge := runData(t, splitBrainModel(SplitBrainMerge)).Scenarios[1].ReplicaSets[0]

	if discard.LostAtHeal == nil || *discard.LostAtHeal != discard.SplitBrainWrites {
		t.Errorf("discard: lost at heal %+v, want the split-brain writes %+v", discard.LostAtHeal, discard.SplitBrainWrites)
	}
	if discard.SplitBrainMerged != nil || discard.Merges.Mean != 0 || discard.Conflicts.Mean != 0 {
		t.Errorf("discard: merged %+v, merges %+v, conflicts %+v; want none", discard.SplitBrainMerged, discard.Merges, discard.Conflicts)
	}
	if explicit.LostWrites != discard.LostWrites || explicit.SplitBrainWrites != discard.SplitBrainWrites {
		t.Errorf("split_brain_resolution = discard differs from the default: %+v vs %+v", explicit, discard)
	}
	agree(t, "split-brain writes (discard)", discard.SplitBrainWrites, w*s, 0.02, reps)

	if merge.SplitBrainWrites != discard.SplitBrainWrites {
		t.Errorf("merge: split-brain writes %+v, want discard's %+v (same draws)", merge.SplitBrainWrites, discard.SplitBrainWrites)
	}
	// Nothing lost: the parts of the loss are then left out (nil).
	if merge.LostAtHeal != nil && (merge.LostAtHeal.Mean != 0 || merge.LostAtHeal.High != 0) {
		t.Errorf("merge: lost at heal %+v, want 0", merge.LostAtHeal)
	}
	if discard.LostAtFailover == nil || discard.LostAtFailover.Mean <= 0 {
		t.Fatalf("discard: the promotion lost nothing (%+v): the model no longer tests the promotion's writes", discard.LostAtFailover)
	}
	agree(t, "writes lost at the promotion (discard)", *discard.LostAtFailover, w*2, 0.02, reps)
	if merge.LostWrites.Mean != 0 || merge.LostWrites.High != 0 || (merge.LostAtFailover != nil && merge.LostAtFailover.High != 0) {
		t.Errorf("merge: lost writes %+v (at failover %+v), want 0: the deposed leader keeps the promotion's writes", merge.LostWrites, merge.LostAtFailover)
	}
	wantMerged := merge.SplitBrainWrites.Mean + discard.LostAtFailover.Mean
	if merge.SplitBrainMerged == nil || math.Abs(merge.SplitBrainMerged.Mean-wantMerged) > 1e-9 || math.Abs(merge.Merges.Mean-wantMerged) > 1e-9 {
		t.Errorf("merge: merged %+v, merges %+v, want the split-brain writes plus the promotion's: %.1f", merge.SplitBrainMerged, merge.Merges, wantMerged)
	}
	agree(t, "conflicts of the merged writes", merge.Conflicts, wantMerged*(1-math.Exp(-w*s/keys)), 0.02, reps)
	if merge.RPOMs.Mean != 0 || merge.RPOMs.High != 0 {
		t.Errorf("merge: RPO %+v, want 0 (nothing lost)", merge.RPOMs)
	}
	t.Logf("discard: lost %.1f (heal %.1f, failover %.1f); merge: lost %.1f, merged %.1f, conflicts %.1f; RPO %.0f ms vs %.0f ms",
		discard.LostWrites.Mean, discard.LostAtHeal.Mean, discard.LostAtFailover.Mean, merge.LostWrites.Mean, merge.SplitBrainMerged.Mean, merge.Conflicts.Mean, discard.RPOMs.Mean, merge.RPOMs.Mean)
}

// lagModel: an async_primary set, leader r0 (us-east-1), follower r1
// (eu-west-1), apply time 1 ms; east writes 200/s, europe reads 100/s
// (served by r1, eventual: from the follower), over 1000 uniform keys.
// At t0 = 20 s an apply_slowdown cuts r1's apply rate tenfold, to 100/s,
// to the end of the run (40 s). The health check probes every second
// with a threshold of 3, and maxLagMs > 0 sets max_replication_lag_ms.
func lagModel(maxLagMs float64) Model {
	return Model{
		Regions: []Region{
			{Name: "r0", Location: "aws:us-east-1", Instances: 8, ServiceTimeMs: 1},
			{Name: "r1", Location: "aws:eu-west-1", Instances: 8, ServiceTimeMs: 1},
		},
		ReplicaSets: []ReplicaSet{{Name: "s", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary,
			ReadConsistency: ReadEventual, ApplyTimeMs: 1}},
		Workload: Workload{
			Origins: []Origin{
				{Name: "east", Location: "aws:us-east-1", RPS: 200, ReadRatio: ptr(0)},
				{Name: "europe", Location: "aws:eu-west-1", RPS: 100, ReadRatio: ptr(1)},
			},
			Keys:  1000,
			ZipfS: ptr(0),
		},
		RoutingPolicy: &RoutingPolicy{
			Strategy:    StrategyLatency,
			HealthCheck: HealthCheck{IntervalS: 1, FailureThreshold: 3, MaxReplicationLagMs: maxLagMs},
		},
		Network:   Network{JitterSigma: ptr(0.0)},
		Scenarios: []Scenario{{Name: "slow-apply", Faults: []Fault{{Type: FaultApplySlowdown, Region: "r1", Multiplier: 10, AtS: 20}}}},
		Run:       RunSettings{DurationS: ptr(40), WarmupS: ptr(5), Replications: 10, Seed: ptrTo[uint64](12)},
	}
}

// TestLagHealthSignal (criterion 4): reads leave a follower whose apply
// rate is cut within interval x threshold of its lag crossing the bound,
// and stale reads fall accordingly.
//
// Derivation. Writes reach r1 at lambda = 200/s, one one-way delay d after
// their commit (d: the baseline's median follower lag, which is d plus
// the sub-millisecond apply sojourn). From t0 r1 applies mu' = 100/s,
// busy all the time (its queue grows), and applies in log order: tau
// after t0 it has applied mu' tau of the writes committed since t0 - d,
// so the oldest write it lacks was committed at t0 - d + mu' tau /
// lambda, and its lag is l(tau) = d + tau (1 - mu'/lambda). It crosses L
// at tau* = (L - d) / (1 - mu'/lambda). The checks run every I = 1 s at a
// uniform phase, so the first one after the crossing comes I/2 later on
// average, and the threshold's 3rd consecutive one marks the replica:
// E[mark] = t0 + tau* + I/2 + 2 I, always within (t0 + tau*, t0 + tau* +
// 3 I]. Every read of europe's from then on goes to the leader, so the
// redirected reads are r (T - mark), r = 100/s, T = 40 s. A read at r1 at
// t0 + tau is stale when some write to its key was committed in the last
// l(tau) (FIFO: all of them are unapplied): with Poisson writes over K
// uniform keys, p(tau) = 1 - exp(-lambda l(tau) / K); a read at the
// leader never is. So the stale ratio over the window [w, T) is
// (s0 (t0 - w) + integral from 0 to E to t0 of p) / (T - w), with s0 the
// baseline's stale ratio and E the end of the reads from r1: the mark
// with the signal, T without it. Tolerances: the 99.9 % interval over 10
// replications (mark, time marked), plus 2 % (redirected reads: the reads
// in flight at the mark) and 5 % (stale ratios,
// whose linear lag ignores the backlog's Poisson wobble inside a convex
// exp).
func TestLagHealthSignal(t *testing.T) {
	const (
		t0, endS, warmS, intervalS, threshold = 20.0, 40.0, 5.0, 1.0, 3.0
		lambda, mu, r, keys, boundMs          = 200.0, 100.0, 100.0, 1000.0, 2000.0
	)
	m := lagModel(boundMs)
	reps := m.Run.Replications
	with := runData(t, m)
	without := runData(t, lagModel(0))
	base := with.Scenarios[0]
	d := base.ReplicaSets[0].Followers[0].LagP50.Mean / 1000 // s
	s0 := base.StaleReadRatio.Mean
	tauStar := (boundMs/1000 - d) / (1 - mu/lambda)
	wantMark := t0 + tauStar + intervalS/2 + (threshold-1)*intervalS
	t.Logf("d = %.4f s, baseline stale ratio %.5f, crossing at %.3f s, expected mark %.3f s", d, s0, t0+tauStar, wantMark)

	sc := with.Scenarios[1]
	if sc.Routing == nil {
		t.Fatal("no routing results")
	}
	var row *SignalResult
	for i := range sc.Routing.Signals {
		if s := &sc.Routing.Signals[i]; s.Signal == SignalReplicationLag && s.Region == "r1" && s.ReplicaSet == "s" {
			row = s
		}
		if s := sc.Routing.Signals[i]; s.Signal != SignalReplicationLag {
			t.Errorf("signal %s marked region %s down; only r1's lag should", s.Signal, s.Region)
		}
	}
	if row == nil {
		t.Fatalf("no replication_lag row for r1: %+v", sc.Routing.Signals)
	}
	if row.Detected != 1 || row.Marks.Mean != 1 {
		t.Errorf("lag marks: detected %.2f, %.2f marks per replication; want 1 and 1", row.Detected, row.Marks.Mean)
	}
	agree(t, "first lag mark (s)", row.FirstDownS, wantMark, 0, reps)
	agreeBand(t, "first lag mark within I x threshold", row.FirstDownS, t0+tauStar, t0+tauStar+threshold*intervalS, reps)
	agree(t, "time marked down (s)", row.DownS, endS-wantMark, 0, reps)
	if lr := sc.ReplicaSets[0].LagRedirectedReads; lr == nil {
		t.Error("no lag_redirected_reads")
	} else {
		agree(t, "reads redirected to the leader", *lr, r*(endS-row.FirstDownS.Mean), 0.02, reps)
	}
	if base.Routing != nil && len(base.Routing.Signals) != 0 {
		t.Errorf("baseline: signals %+v, want none (the lag stays near d)", base.Routing.Signals)
	}

	integral := func(upto float64) float64 { // integral from 0 to upto of p, by the trapezoid rule
		const steps = 4000
		h, sum := upto/steps, 0.0
		for i := 0; i <= steps; i++ {
			tau := float64(i) * h
			p := 1 - math.Exp(-lambda*(d+tau*(1-mu/lambda))/keys)
			if i == 0 || i == steps {
				p /= 2
			}
			sum += p * h
		}
		return sum
	}
	window := endS - warmS
	wantWith := (s0*(t0-warmS) + integral(row.FirstDownS.Mean-t0)) / window
	wantWithout := (s0*(t0-warmS) + integral(endS-t0)) / window
	agree(t, "stale ratio with the lag signal", sc.StaleReadRatio, wantWith, 0.05, reps)
	agree(t, "stale ratio without it", without.Scenarios[1].StaleReadRatio, wantWithout, 0.05, reps)
	if without.Scenarios[1].ReplicaSets[0].LagRedirectedReads != nil || without.Scenarios[1].Routing.Signals != nil {
		t.Error("without max_replication_lag_ms: lag results reported")
	}
}

// TestBacklogHealthSignal: the queue-backlog signal marks a region down
// within interval x threshold of its queue crossing the bound.
//
// Derivation. Region a has c = 4 servers of 10 ms (exponential): 400/s,
// against its origin's lambda = 300/s. At t0 = 20 s a capacity_loss
// removes half of them: 200/s, and the queue grows at lambda - 200 =
// 100/s (it held about 1.5 requests before, M/M/4 at rho = 0.75:
// negligible). It crosses the bound B = 100 waiting requests at tau* =
// B / 100 = 1 s, and, as for the lag, the third consecutive check above
// it marks a down at E[mark] = t0 + tau* + I/2 + 2 I (I = 1 s), within
// (t0 + tau*, t0 + tau* + 3 I]. The probes see it later: one waits behind
// the queue, queue / 200 s, beyond the 1 s probe timeout only once the
// queue exceeds 200, at tau = 2 s. Tolerance: the 99.9 % interval over 10
// replications (the queue's Poisson wobble, sd about 22 requests at 1 s,
// is 0.2 s of crossing time).
func TestBacklogHealthSignal(t *testing.T) {
	const t0, tauStar, intervalS, threshold = 20.0, 1.0, 1.0, 3.0
	m := Model{
		Regions: []Region{
			{Name: "a", Location: "aws:us-east-1", Instances: 4, ServiceTimeMs: 10},
			{Name: "b", Location: "aws:us-east-2", Instances: 8, ServiceTimeMs: 10},
		},
		Workload: Workload{Origins: []Origin{{Name: "east", Location: "aws:us-east-1", RPS: 300}}},
		RoutingPolicy: &RoutingPolicy{
			Strategy:    StrategyLatency,
			HealthCheck: HealthCheck{IntervalS: intervalS, FailureThreshold: threshold, TimeoutMs: 1000, MaxQueueBacklog: 100},
			DNSTTLS:     ptr(0),
		},
		Network:   Network{JitterSigma: ptr(0.0)},
		Scenarios: []Scenario{{Name: "half", Faults: []Fault{{Type: FaultCapacityLoss, Region: "a", Fraction: 0.5, AtS: t0, DurationS: 10}}}},
		Run:       RunSettings{DurationS: ptr(40), WarmupS: ptr(5), Replications: 10, Seed: ptrTo[uint64](5)},
	}
	rep := runData(t, m)
	sc := rep.Scenarios[1]
	var backlog, probe *SignalResult
	for i := range sc.Routing.Signals {
		s := &sc.Routing.Signals[i]
		switch {
		case s.Signal == SignalQueueBacklog && s.Region == "a":
			backlog = s
		case s.Signal == SignalProbe && s.Region == "a":
			probe = s
		}
	}
	if backlog == nil || backlog.Detected != 1 {
		t.Fatalf("no queue_backlog mark of a in every replication: %+v", sc.Routing.Signals)
	}
	want := t0 + tauStar + intervalS/2 + (threshold-1)*intervalS
	agree(t, "first backlog mark (s)", backlog.FirstDownS, want, 0, reps(m))
	agreeBand(t, "backlog mark within I x threshold", backlog.FirstDownS, t0+tauStar, t0+tauStar+threshold*intervalS, reps(m))
	if probe != nil && probe.FirstDownS.Mean < backlog.FirstDownS.Mean {
		t.Errorf("probes marked a down at %.2f s, before the backlog signal at %.2f s", probe.FirstDownS.Mean, backlog.FirstDownS.Mean)
	}
	if len(sc.Routing.Faults) != 1 || sc.Routing.Faults[0].Detected != 1 {
		t.Errorf("fault recovery %+v: the backlog mark takes a out of routing, so it detects the capacity loss", sc.Routing.Faults)
	}
	if b := rep.Scenarios[0].Routing; len(b.Signals) != 0 {
		t.Errorf("baseline: signals %+v, want none", b.Signals)
	}
}

func reps(m Model) int { return m.Run.Replications }

// TestSignalTimeline: the timeline shows what the checks read, only when
// the health check reads the signal: r1's lag in TestLagHealthSignal's
// model is about d before the apply slowdown and grows by 1 - mu'/lambda
// = 0.5 s per second after it (the derivation there), and the backlog of
// TestBacklogHealthSignal's region a exceeds its bound once marked.
func TestSignalTimeline(t *testing.T) {
	rep := runData(t, lagModel(2000))
	tl := rep.Scenarios[1].Timeline
	if len(tl) != 40 || len(tl[0].ReplicaLagMs) != 1 || len(tl[0].ReplicaLagMs[0]) != 2 || tl[0].QueueBacklog != nil {
		t.Fatalf("timeline point %+v: want replica_lag_ms for the 2 replicas of 1 set, no queue_backlog", tl[0])
	}
	d := rep.Scenarios[0].ReplicaSets[0].Followers[0].LagP50.Mean
	for _, s := range []int{10, 19, 22, 25} {
		lag := tl[s].ReplicaLagMs[0][1]
		want := d
		if s >= 20 {
			// One check per step, at a uniform phase: on average at
			// s + 1/2, when the lag is d + 0.5 (s + 1/2 - 20) s.
			want = d + 500*(float64(s)+0.5-20)
		}
		if math.Abs(lag-want) > 200 {
			t.Errorf("t = %d s: r1's lag read %.0f ms, want about %.0f ms (within 200 ms: the check's phase and the backlog's wobble)", s, lag, want)
		}
		if tl[s].ReplicaLagMs[0][0] != 0 {
			t.Errorf("t = %d s: the leader's lag read %.0f ms, want 0", s, tl[s].ReplicaLagMs[0][0])
		}
	}
	if rep := runData(t, lagModel(0)); rep.Scenarios[1].Timeline[25].ReplicaLagMs != nil {
		t.Error("without max_replication_lag_ms: replica_lag_ms in the timeline")
	}
}
