package simulator

// Validation of operations and duplicate writes (issue 12, criteria 1 and
// 3). Regions have ample servers (Erlang C's probability of waiting is
// below 1e-20 at the loads used), so that a request's latency does not
// depend on the other requests: what is compared is then exact in law,
// and the tolerance is the sampling noise alone (99.9 % Student t over
// the replications, plus the sketch's relative accuracy for quantiles).

import (
	"math"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
)

// opsRegions are three US regions and one EU region of 100 x 10 ms
// exponential servers; opsSets a strong sync_quorum "orders" set over the
// US regions and a "catalog" set led from Europe whose own read
// consistency is strong (so that an eventual read that stays local shows
// that the operation's consistency overrides the set's).
func opsModel(origins []Origin, catalogRead string, reps int) Model {
	regions := []Region{
		{Name: "use1", Location: "aws:us-east-1", Instances: 100, ServiceTimeMs: 10},
		{Name: "use2", Location: "aws:us-east-2", Instances: 100, ServiceTimeMs: 10},
		{Name: "usw2", Location: "aws:us-west-2", Instances: 100, ServiceTimeMs: 10},
		{Name: "euw1", Location: "aws:eu-west-1", Instances: 100, ServiceTimeMs: 10},
	}
	return Model{
		Regions: regions,
		ReplicaSets: []ReplicaSet{
			{Name: "orders", Regions: []string{"use1", "use2", "usw2"}, Leader: "use1", Replication: ReplicationSyncQuorum, ReadConsistency: ReadStrong, ApplyTimeMs: 0.05},
			{Name: "catalog", Regions: []string{"euw1", "use1"}, Leader: "euw1", Replication: ReplicationAsyncPrimary, ReadConsistency: catalogRead, ApplyTimeMs: 0.05},
		},
		Workload: Workload{Origins: origins, Keys: 10000, ZipfS: ptr(0.99)},
		Run:      RunSettings{DurationS: ptr(20), WarmupS: ptr(2), Replications: reps, Seed: ptrTo[uint64](7)},
	}
}

// agreeRuns asserts that two independent estimates of one figure agree:
// their difference is within the 99.9 % interval of a difference of two
// means (each half-width from its own t interval, combined in quadrature)
// plus relTol of the figure for a sketch quantile.
func agreeRuns(t *testing.T, what string, a, b Estimate, relTol float64, reps int) {
	t.Helper()
	se := func(e Estimate) float64 {
		return (e.High*(1-relTol) - e.Low*(1+relTol)) / 2 / stats.TQuantile(0.95, reps)
	}
	allowed := stats.TQuantile(0.999, reps)*math.Hypot(se(a), se(b)) + 2*relTol*math.Abs(b.Mean)
	diff := a.Mean - b.Mean
	t.Logf("%-40s mixed %9.4f [%9.4f, %9.4f]  apart %9.4f [%9.4f, %9.4f]  diff %+.4f (allowed %.4f)",
		what, a.Mean, a.Low, a.High, b.Mean, b.Low, b.High, diff, allowed)
	if math.IsNaN(diff) || math.Abs(diff) > allowed {
		t.Errorf("%s: mixed %.5g and apart %.5g differ by %.3g, beyond the 99.9%% interval %.3g", what, a.Mean, b.Mean, diff, allowed)
	}
}

// TestValidationOperationsMatchApart (criterion 1): one origin of 2000
// rps whose requests are 90 % eventual catalog reads and 10 % strong order
// writes gives each operation the latency the single-operation models run
// apart give it: an origin of 1800 rps reading an eventual catalog, and
// one of 200 rps writing the orders. Splitting a Poisson stream by
// independent choices gives independent Poisson streams, and with ample
// servers the operations do not interact, so the laws are equal; the
// catalog set's own consistency is strong in the mixed model, so the
// agreement also shows that the operation's consistency overrides it (a
// strong read would cross the Atlantic, some 70 ms more).
func TestValidationOperationsMatchApart(t *testing.T) {
	const reps = 10
	mixed := opsModel([]Origin{{Name: "shop", Location: "aws:us-east-1", RPS: 2000, Operations: []Operation{
		{Name: "browse", Share: 0.9, ReplicaSet: "catalog", Kind: OperationRead, ReadConsistency: ReadEventual},
		{Name: "order", Share: 0.1, ReplicaSet: "orders", Kind: OperationWrite},
	}}}, ReadStrong, reps)
	reads := opsModel([]Origin{{Name: "shop", Location: "aws:us-east-1", RPS: 1800, ReadRatio: ptr(1), ReplicaSet: "catalog"}}, ReadEventual, reps)
	writes := opsModel([]Origin{{Name: "shop", Location: "aws:us-east-1", RPS: 200, ReadRatio: ptr(0), ReplicaSet: "orders"}}, ReadEventual, reps)

	rm := runData(t, mixed).Scenarios[0]
	if len(rm.Operations) != 2 {
		t.Fatalf("mixed model: %d operation results, want 2", len(rm.Operations))
	}
	browse, order := rm.Operations[0], rm.Operations[1]
	if browse.Name != "browse" || order.Name != "order" || browse.ReadConsistency != ReadEventual || order.ReplicaSet != "orders" {
		t.Fatalf("operation results: %+v", rm.Operations)
	}
	apartR := runData(t, reads).Scenarios[0]
	apartW := runData(t, writes).Scenarios[0]
	for _, c := range []struct {
		name  string
		mixed *Latency
		apart Latency
	}{{"browse (eventual catalog read)", browse.Latency, *apartR.Origins[0].Latency}, {"order (strong order write)", order.Latency, *apartW.Origins[0].Latency}} {
		if c.mixed == nil {
			t.Fatalf("%s: no latency", c.name)
		}
		agreeRuns(t, c.name+" mean", c.mixed.Mean, c.apart.Mean, 0, reps)
		agreeRuns(t, c.name+" p50", c.mixed.P50, c.apart.P50, sketchTolerance, reps)
		agreeRuns(t, c.name+" p99", c.mixed.P99, c.apart.P99, sketchTolerance, reps)
	}
	// The eventual reads are stale at the apart model's ratio, and the
	// reads' share of the origin is 0.9 of its requests.
	agreeRuns(t, "browse stale_read_ratio", *browse.StaleReadRatio, apartR.StaleReadRatio, 0, reps)
	share := float64(browse.Requests) / float64(rm.Origins[0].Requests)
	if math.Abs(share-0.9) > 4*math.Sqrt(0.9*0.1/float64(rm.Origins[0].Requests)) {
		t.Errorf("browse is %.4f of the origin's requests, want 0.9 within 4 binomial sd", share)
	}
	// The origin pools its operations: its request count is theirs.
	if rm.Origins[0].Requests != browse.Requests+order.Requests {
		t.Errorf("origin requests %d != browse %d + order %d", rm.Origins[0].Requests, browse.Requests, order.Requests)
	}
	if order.DuplicateWrites == nil || order.DuplicateWrites.Mean != 0 {
		t.Errorf("order duplicate writes without retries: %+v, want 0", order.DuplicateWrites)
	}
}

// dupModel is one origin beside one region of 200 x 20 ms exponential
// servers, writing a single-region async_primary set (commit at the
// leader's apply, 0.01 ms), with jitter 0, a routing policy whose attempts
// time out after timeoutMs and up to attempts tries; half its writes are
// not idempotent, half are.
func dupModel(timeoutMs float64, attempts, reps int) Model {
	return Model{
		Regions:     []Region{{Name: "use1", Location: "aws:us-east-1", Instances: 200, ServiceTimeMs: 20}},
		ReplicaSets: []ReplicaSet{{Name: "orders", Regions: []string{"use1"}, Leader: "use1", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadStrong, ApplyTimeMs: 0.01}},
		RoutingPolicy: &RoutingPolicy{Strategy: StrategyLatency, RequestTimeoutMs: timeoutMs,
			Retry: RetryPolicy{MaxAttempts: attempts, BackoffBaseMs: 10}},
		Workload: Workload{Origins: []Origin{{Name: "app", Location: "aws:us-east-1", RPS: 1000, Operations: []Operation{
			{Name: "charge", Share: 0.5, ReplicaSet: "orders", Kind: OperationWrite},
			{Name: "put", Share: 0.5, ReplicaSet: "orders", Kind: OperationWrite, Idempotent: ptrTo(true)},
		}}}, Keys: 1000, ZipfS: ptr(0)},
		Network: Network{JitterSigma: ptr(0.0)},
		Run:     RunSettings{DurationS: ptr(20), WarmupS: ptr(2), Replications: reps, Seed: ptrTo[uint64](3)},
	}
}

// TestValidationDuplicateWrites (criterion 3). An attempt's response time
// is R = d + S + A: d the fixed network legs (jitter 0), S the service
// time, exponential of mean s = 20 ms (no wait: 200 servers carry about 25
// erlangs, retries included), and A the apply at the leader, which
// commits the write (mean 0.01 ms, neglected: it moves p by under 0.1 %).
// The attempt times out when R > T, with probability
//
//	p = P(R > T) = exp(-(T - d) / s)   for T > d,
//
// and it still commits: the region serves it and the leader applies it
// (the client's timeout does not reach the server). Each timed-out attempt
// is retried until the call has made k attempts, and every attempt
// commits, so a call makes 1 + p + ... + p^(k-1) commits, independent
// attempts having independent service times. Every commit after the
// first of a call is a duplicate for a non-idempotent write:
//
//	E[duplicate writes] / writes = p + p^2 + ... + p^(k-1),
//
// and 0 for an idempotent one. d is read from the run as the smallest
// latency seen (over some 10^5 responses, the smallest S is about
// 20 ms / 10^5 = 0.0002 ms above d). Each replication's ratio is one
// sample: the tolerance is the 99.9 % t interval.
func TestValidationDuplicateWrites(t *testing.T) {
	const reps, s = 10, 20.0
	for _, c := range []struct {
		slack float64 // T - d, ms
		k     int
	}{{20, 2}, {20, 3}, {40, 3}} {
		// A first run finds d; the timeout is then set T = d + slack.
		probe := dupModel(1000, 1, 2)
		d := runData(t, probe).Scenarios[0].Origins[0].MinLatencyMs
		m := dupModel(d+c.slack, c.k, reps)
		sc := runData(t, m).Scenarios[0]
		p := math.Exp(-c.slack / s)
		want := 0.0
		for i := 1; i < c.k; i++ {
			want += math.Pow(p, float64(i))
		}
		charge, put := sc.Operations[0], sc.Operations[1]
		t.Logf("T = d + %g ms (d = %.3f ms), %d attempts: p = %.4f; charge %v duplicates per replication, put %v",
			c.slack, d, c.k, p, charge.DuplicateWrites.Mean, put.DuplicateWrites.Mean)
		agree(t, "duplicate_write_ratio (non-idempotent)", *charge.DuplicateWriteRatio, want, 0, reps)
		if put.DuplicateWrites.Mean != 0 || put.DuplicateWriteRatio.High != 0 {
			t.Errorf("idempotent writes: %v duplicates, want 0", put.DuplicateWrites)
		}
		// The pooled figure counts the non-idempotent half's duplicates
		// over all writes.
		if got := sc.DuplicateWrites.Mean; math.Abs(got-charge.DuplicateWrites.Mean) > 1e-9 {
			t.Errorf("pooled duplicate writes %g != charge's %g", got, charge.DuplicateWrites.Mean)
		}
	}
}
