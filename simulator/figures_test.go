package simulator

// The derived figures of issue 11 ("Figures"): utilization over the
// servers present, the regions that served each origin, the sovereignty
// interval, unmeasurable origin figures, the timeline step, the overload
// warning's bound and the per-region cache latencies. Each is checked
// against what it means: closed-form queueing theory with the validation
// suite's 99.9 % intervals (agree), or an exact count.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

// lossModel is one region of 7 servers with a co-located origin of 320
// rps and 10 ms exponential services (3.2 busy servers on average), and a
// scenario whose capacity_loss leaves 4 of the 7 servers from atS on.
func lossModel(atS float64) Model {
	return Model{
		Regions:   []Region{{Name: "r", Location: "aws:us-east-1", Instances: 7, ServiceTimeMs: 10}},
		Workload:  Workload{Origins: []Origin{{Name: "o", Location: "aws:us-east-1", RPS: 320}}},
		Network:   Network{JitterSigma: ptr(0.0)},
		Scenarios: []Scenario{{Name: "loss", Faults: []Fault{{Type: FaultCapacityLoss, Region: "r", AtS: atS, Fraction: 3.0 / 7}}}},
		Run:       RunSettings{DurationS: ptr(70), WarmupS: ptr(10), Replications: 10, Seed: ptrTo[uint64](11)},
	}
}

// TestUtilizationOverServersPresent: 7 servers reduced to 4 at 320 rps x
// 10 ms are 80 % busy (lambda S / 4), not 45.7 % (lambda S / 7), and the
// mean wait is Erlang C's for 4 servers; the lowest server count is 4.
// A loss for half the window is weighted by time: lambda S T / (7 T/2 +
// 4 T/2). Tolerance: agree's 99.9 % interval; the half-window case adds
// 0.5 % for the transient after the change (the backlog the M/M/4 builds
// in the first second, a few requests' work in 30 s).
func TestUtilizationOverServersPresent(t *testing.T) {
	const load = 0.32 * 10 // lambda S, busy servers
	rep := runData(t, lossModel(0))
	base, loss := rep.Scenarios[0].Regions[0], rep.Scenarios[1].Regions[0]
	reps := rep.Replications
	agree(t, "utilization, 7 servers", base.Utilization, load/7, 0, reps)
	agree(t, "utilization, 4 of 7 servers", loss.Utilization, load/4, 0, reps)
	agree(t, "M/M/4 wait after capacity_loss", loss.MeanWait, queueing.MMcMeanWait(0.32, 0.1, 4), 0, reps)
	if base.MinServers != 7 || loss.MinServers != 4 {
		t.Errorf("min_servers: baseline %d, loss %d; want 7 and 4", base.MinServers, loss.MinServers)
	}

	rep = runData(t, lossModel(40)) // window [10, 70): 30 s with 7, 30 s with 4
	loss = rep.Scenarios[1].Regions[0]
	want := load * 60 / (7*30 + 4*30)
	agreeBand(t, "utilization, 7 then 4 servers", loss.Utilization, want*0.995, want*1.005, reps)
	if loss.MinServers != 4 {
		t.Errorf("min_servers %d; want 4", loss.MinServers)
	}
}

// TestServedSharesFailover: during an outage of the nearest region the
// origin's successful requests are served by the failover region, and
// served_by says so. An outage from the start, detected and drained within
// the warm-up, leaves the failover region every measured success (share
// exactly 1); one in the middle splits them: the near region served
// exactly those that succeeded before it (every request issued before the
// outage and answered before it, 400 rps x 15 s, less those in flight at
// the instant), within 1 %.
func TestServedSharesFailover(t *testing.T) {
	m := failoverModel(400, 1, 2, 300, 5, 4)
	m.Run.WarmupS = ptr(15) // detection (about 2.3 s) and the DNS drain (5 s) end in it
	m.Scenarios = []Scenario{
		{Name: "near-down-from-start", Faults: []Fault{{Type: FaultRegionOutage, Region: "near", AtS: 0}}},
		{Name: "near-down-at-30", Faults: []Fault{{Type: FaultRegionOutage, Region: "near", AtS: 30}}},
	}
	rep := runData(t, m)
	for _, sc := range rep.Scenarios {
		o := sc.Origins[0]
		t.Logf("%s: served by %s, shares %+v", sc.Name, o.ServedBy, o.ServedShares)
	}
	base := rep.Scenarios[0].Origins[0]
	if base.ServedBy != "near" || len(base.ServedShares) != 1 || base.ServedShares[0].Share.Mean != 1 {
		t.Errorf("baseline: served by %s, shares %+v; want near, all of them", base.ServedBy, base.ServedShares)
	}
	down := rep.Scenarios[1].Origins[0]
	if down.ServedBy != "far" || len(down.ServedShares) != 1 || down.ServedShares[0].Region != "far" || down.ServedShares[0].Share.Mean != 1 {
		t.Errorf("outage from the start: served by %s, shares %+v; want far, all of them", down.ServedBy, down.ServedShares)
	}
	mid := rep.Scenarios[2].Origins[0]
	if mid.ServedBy != "far" || len(mid.ServedShares) != 2 || mid.ServedShares[0].Region != "far" || mid.ServedShares[1].Region != "near" {
		t.Fatalf("outage at 30 s: served by %s, shares %+v; want far first, then near", mid.ServedBy, mid.ServedShares)
	}
	succeeded := float64(mid.Requests) * mid.Availability.Mean / float64(rep.Replications)
	wantNear := 400 * 15 / succeeded
	near := mid.ServedShares[1].Share
	t.Logf("near share %.4f [%.4f, %.4f], expected 400 x 15 / %.0f successes = %.4f", near.Mean, near.Low, near.High, succeeded, wantNear)
	if math.Abs(near.Mean-wantNear) > 0.01*wantNear+(near.High-near.Low) {
		t.Errorf("near share %.4f, want %.4f", near.Mean, wantNear)
	}
	if s := mid.ServedShares[0].Share.Mean + near.Mean; math.Abs(s-1) > 1e-9 {
		t.Errorf("shares sum to %.6f, want 1", s)
	}
}

// TestSovereigntyIntervalAcrossReplications: the sovereignty clause's
// interval is the t interval of the violating attempts per replication,
// as every other, not a point: replications that violate differently
// give an interval around the mean that is not empty.
func TestSovereigntyIntervalAcrossReplications(t *testing.T) {
	m := Model{
		Regions: []Region{
			{Name: "eu", Location: "aws:eu-west-1", Jurisdiction: "EU", Instances: 10, ServiceTimeMs: 5, QueueLimit: 1000},
			{Name: "us", Location: "aws:us-east-1", Jurisdiction: "US", Instances: 10, ServiceTimeMs: 5, QueueLimit: 1000},
		},
		Workload: Workload{Origins: []Origin{{Name: "paris", Location: "aws:eu-west-3", RPS: 500, AllowedJurisdictions: []string{"EU"}}}},
		RoutingPolicy: &RoutingPolicy{
			Strategy: StrategyFailover, Failover: []string{"eu", "us"},
			HealthCheck: HealthCheck{IntervalS: 2, FailureThreshold: 2, TimeoutMs: 500}, DNSTTLS: ptr(5),
		},
		Scenarios: []Scenario{{Name: "eu-down", Faults: []Fault{{Type: FaultRegionOutage, Region: "eu", AtS: 20}}}},
		Run:       RunSettings{DurationS: ptr(40), WarmupS: ptr(5), Replications: 5, Seed: ptrTo[uint64](22)},
	}
	rep := runData(t, m)
	fault := rep.Scenarios[1]
	c := clauseNamed(fault.SLA, "sovereignty_violations")
	if c == nil || len(fault.Routing.SovereigntyViolations) != 1 {
		t.Fatalf("eu-down: clause %+v, violations %+v; want one route", c, fault.Routing.SovereigntyViolations)
	}
	t.Logf("sovereignty_violations %.1f [%.1f, %.1f], %s", c.Observed, c.Low, c.High, c.Status)
	if !(c.Low < c.Observed && c.Observed < c.High) {
		t.Errorf("interval [%g, %g] around %g: the replications differ (the detection time is random), so it cannot be a point", c.Low, c.High, c.Observed)
	}
	if v := fault.Routing.SovereigntyViolations[0].Requests; math.Abs(v-c.Observed) > 1e-9*v {
		t.Errorf("the clause's mean %g is not the route's mean %g", c.Observed, v)
	}
	if c.Status != StatusFail {
		t.Errorf("status %s: a violating request fails the clause whatever its interval", c.Status)
	}
}

// TestUnmeasuredOriginIsNull: an origin that sends no measured request has
// no availability and no latency (nil, null in JSON), not 0 with [0, 0],
// and its per-origin clauses fail as not measured, with the SLA not met:
// a target nothing shows to be met does not pass.
func TestUnmeasuredOriginIsNull(t *testing.T) {
	m := lossModel(0)
	m.Scenarios = nil
	// 1e-6 rps: 6e-5 expected requests per replication in the window (a
	// Poisson draw; with this seed there is none in any).
	m.Workload.Origins = append(m.Workload.Origins, Origin{Name: "idle", Location: "aws:us-east-1", RPS: 1e-6})
	m.SLA = SLA{Origins: []OriginSLA{{Origin: "idle", LatencyP99Ms: ptr(100), Availability: ptr(0.99)}}}
	rep := runData(t, m)
	sc := rep.Scenarios[0]
	idle := sc.Origins[1]
	if idle.Requests != 0 || idle.Availability != nil || idle.Latency != nil || len(idle.ServedShares) != 0 {
		t.Errorf("idle origin: %d requests, availability %v, latency %v, shares %v; want nil figures", idle.Requests, idle.Availability, idle.Latency, idle.ServedShares)
	}
	if busy := sc.Origins[0]; busy.Availability == nil || busy.Latency == nil {
		t.Errorf("the busy origin lost its figures: %+v", busy)
	}
	if len(sc.SLA) != 2 {
		t.Fatalf("clauses %+v; want the idle origin's two", sc.SLA)
	}
	for _, c := range sc.SLA {
		if !c.NotMeasured || c.Status != StatusFail || c.Origin != "idle" {
			t.Errorf("clause %+v: want not measured, fail", c)
		}
	}
	if rep.SLAMet {
		t.Error("the SLA is met with nothing measured")
	}
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(idle); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); !strings.Contains(s, `"availability":null`) || !strings.Contains(s, `"latency_ms":null`) {
		t.Errorf("JSON %s: want null availability and latency", s)
	}
}

// TestTimelineStep: up to 3600 s a timeline point is one second; beyond,
// the step is ceil(duration / 3600) s, each point says so (the last one
// shorter when the duration is not a whole number of steps), requests
// count the whole step and rps is their rate: the counts add up to the
// requests issued, and the rate is the origin's rps.
func TestTimelineStep(t *testing.T) {
	for _, c := range []struct {
		duration, step, last float64
		points               int
	}{{60, 1, 1, 60}, {7201, 3, 1, 2401}} {
		m := lossModel(0)
		m.Scenarios = nil
		m.Workload.Origins[0].RPS = 20
		m.Run.DurationS = ptr(c.duration)
		m.Run.Replications = 2
		rep := runData(t, m)
		tl := rep.Scenarios[0].Timeline
		if len(tl) != c.points {
			t.Fatalf("duration %g s: %d points, want %d", c.duration, len(tl), c.points)
		}
		total := 0.0
		for i, p := range tl {
			want := c.step
			if i == len(tl)-1 {
				want = c.last
			}
			if p.StepS != want || p.TimeS != float64(i)*c.step || math.Abs(p.RPS*p.StepS-p.Requests) > 1e-9*p.Requests {
				t.Fatalf("duration %g s, point %d: t %g, step %g, requests %g, rps %g; want step %g and rps x step = requests", c.duration, i, p.TimeS, p.StepS, p.Requests, p.RPS, want)
			}
			total += p.Requests
		}
		issued := float64(rep.SimulatedRequests) / float64(rep.Replications)
		rate := total / c.duration
		t.Logf("duration %g s: %d points of %g s, %.0f requests per replication (issued %.0f), %.2f rps", c.duration, len(tl), c.step, total, issued, rate)
		if math.Abs(total-issued) > 1e-6*issued {
			t.Errorf("the steps count %.0f requests, %.0f were issued", total, issued)
		}
		if math.Abs(rate-20) > 4*math.Sqrt(20/c.duration/2) {
			t.Errorf("rate %.3f rps, want 20", rate)
		}
	}
}

// TestOverloadWarningBound: the static warning on a bounded overloaded
// region states a bound the run's rejected ratio satisfies. The issue's
// case: 5000 rps against 10 rps of capacity with a queue of 16 000 over a
// 10 s window; the old warning predicted at least 1 - 1/rho = 99.8 %
// rejected, while the queue accepts 16 000 of the 50 000 arrivals (served
// after arrivals stop), so about 68 % are. The stated bound is an
// expectation bound; with 5 replications of 50 000 arrivals the run's
// mean is within a fraction of a percent of its expectation, so the test
// asks the mean to be at least the bound.
func TestOverloadWarningBound(t *testing.T) {
	m := Model{
		Regions:  []Region{{Name: "r", Location: "aws:us-east-1", Instances: 1, ServiceTimeMs: 100, QueueLimit: 16000}},
		Workload: Workload{Origins: []Origin{{Name: "o", Location: "aws:us-east-1", RPS: 5000}}},
		Network:  Network{JitterSigma: ptr(0.0)},
		Run:      RunSettings{DurationS: ptr(11), WarmupS: ptr(1), Replications: 5, Seed: ptrTo[uint64](5)},
	}
	var warning *Finding
	for _, f := range Check(m) {
		if f.Path == "regions[0].instances" {
			warning = &f
		}
	}
	if warning == nil {
		t.Fatal("no overload warning")
	}
	bound := OverloadRejectBound(withDefaults(m).Regions[0], 5000, 10)
	t.Logf("warning: %s: %s (bound %.4f)", warning.Summary, warning.Detail, bound)
	if want := fmt.Sprintf("rejects at least %.1f %% of its arrivals", 100*bound); !strings.Contains(warning.Detail, want) {
		t.Errorf("the warning does not state the bound (%q): %s", want, warning.Detail)
	}
	rep := runData(t, m)
	rej := rep.Scenarios[0].Regions[0].RejectedRatio
	t.Logf("run: rejected %.4f [%.4f, %.4f]; bound %.4f; 1 - 1/rho = %.4f", rej.Mean, rej.Low, rej.High, bound, 1-10.0/5000)
	if rej.Mean < bound {
		t.Errorf("the run rejected %.4f, below the warning's bound %.4f", rej.Mean, bound)
	}
	if rej.Mean > 1-10.0/5000 {
		t.Errorf("the case no longer shows the window effect: rejected %.4f", rej.Mean)
	}
}

// TestCacheRegionLatencies: each region's cache row has its own hit and
// miss latency, not the tier's: with jitter 0 a hit costs the round trip
// from its origin to the cache's region plus the hit latency, so the cache
// whose origin is 1000 km away answers slower than the co-located one by
// that round trip, and the tier-wide p99, pooled over both, lies between.
func TestCacheRegionLatencies(t *testing.T) {
	zipf := 1.0
	m := Model{
		Regions: []Region{
			{Name: "use1", Location: "aws:us-east-1", Instances: 32, ServiceTimeMs: 1},
			{Name: "euw1", Location: "aws:eu-west-1", Instances: 32, ServiceTimeMs: 1},
		},
		ReplicaSets: []ReplicaSet{{Name: "s", Regions: []string{"use1", "euw1"}, Leader: "use1", Replication: ReplicationAsyncPrimary}},
		CacheTiers: []CacheTier{{Name: "c", ReplicaSet: "s", Regions: []string{"use1", "euw1"}, CapacityKeys: 100,
			WritePolicy: TTLOnly, Eviction: EvictLRU, HitLatencyMs: 0.5}},
		Workload: Workload{
			Origins: []Origin{
				{Name: "virginia", Location: "aws:us-east-1", RPS: 500, ReadRatio: ptr(1)},
				{Name: "paris", Location: "aws:eu-west-3", RPS: 500, ReadRatio: ptr(1)},
			},
			Keys: 1000, ZipfS: &zipf,
		},
		Network: Network{JitterSigma: ptr(0.0)},
		Run:     RunSettings{DurationS: ptr(30), WarmupS: ptr(5), Replications: 3, Seed: ptrTo[uint64](3)},
	}
	rep := runData(t, m)
	ct := rep.Scenarios[0].CacheTiers[0]
	use1, euw1 := ct.Regions[0], ct.Regions[1]
	t.Logf("hit p99: use1 %.3f ms, euw1 %.3f ms, tier %.3f ms; miss p99: use1 %.3f, euw1 %.3f, tier %.3f",
		use1.HitLatency.P99.Mean, euw1.HitLatency.P99.Mean, ct.HitLatency.P99.Mean,
		use1.MissLatency.P99.Mean, euw1.MissLatency.P99.Mean, ct.MissLatency.P99.Mean)
	if !(euw1.HitLatency.P99.Mean > use1.HitLatency.P99.Mean+5) {
		t.Errorf("the Paris origin's cache (euw1) hits in %.3f ms, the co-located one in %.3f ms: they should differ by the round trip",
			euw1.HitLatency.P99.Mean, use1.HitLatency.P99.Mean)
	}
	if p := ct.HitLatency.P99.Mean; !(p > use1.HitLatency.P99.Mean && p <= euw1.HitLatency.P99.Mean) {
		t.Errorf("tier hit p99 %.3f ms outside its regions' [%.3f, %.3f]", p, use1.HitLatency.P99.Mean, euw1.HitLatency.P99.Mean)
	}
	// The tier's mean is the hit-weighted mean of its regions'.
	if lo, hi := use1.HitLatency.Mean.Mean, euw1.HitLatency.Mean.Mean; !(ct.HitLatency.Mean.Mean > lo && ct.HitLatency.Mean.Mean < hi) {
		t.Errorf("tier hit mean %.3f outside its regions' [%.3f, %.3f]", ct.HitLatency.Mean.Mean, lo, hi)
	}
}
