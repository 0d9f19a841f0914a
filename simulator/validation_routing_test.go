package simulator

// Validation of the routing layer (design section 7): detection time
// against the health checks' arithmetic, the DNS-TTL drain against its
// linear law, RTO against detection + drain, and the two emergent
// behaviours the issue names: the queueing collapse of survivors without
// headroom, and a retry storm that a circuit breaker stops. Jitter is 0;
// the randomness is the arrivals, the service times, the probes' phases
// and the clients' DNS ages.

import (
	"math"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

// failoverModel is two regions of 10 x 5 ms (2000 rps each) and one origin
// beside the first ("near"), routed by latency with the given health
// checks and DNS TTL, and a scenario in which the near region fails at
// 20 s for the rest of the run.
func failoverModel(rps, intervalS float64, threshold int, timeoutMs, ttlS float64, reps int) Model {
	return Model{
		Regions: []Region{
			{Name: "near", Location: "aws:us-east-1", Instances: 10, ServiceTimeMs: 5, QueueLimit: 1000},
			{Name: "far", Location: "aws:us-east-2", Instances: 10, ServiceTimeMs: 5, QueueLimit: 1000},
		},
		Workload: Workload{Origins: []Origin{{Name: "clients", Location: "aws:us-east-1", RPS: rps, ReadRatio: ptr(0)}}},
		Network:  Network{JitterSigma: ptr(0.0)},
		RoutingPolicy: &RoutingPolicy{
			Strategy:    StrategyLatency,
			HealthCheck: HealthCheck{IntervalS: intervalS, FailureThreshold: threshold, TimeoutMs: timeoutMs},
			DNSTTLS:     ptr(ttlS),
		},
		Scenarios: []Scenario{{Name: "near-down", Faults: []Fault{{Type: FaultRegionOutage, Region: "near", AtS: 20}}}},
		SLA:       SLA{Availability: ptr(0.99), RTOS: ptr(600)},
		Run:       RunSettings{DurationS: ptr(60), WarmupS: ptr(5), Replications: reps, Seed: ptrTo[uint64](21)},
	}
}

// TestValidationDetectionTime: a dead region's probes fail at their
// timeout T; probes come every interval I at a phase uniform in [0, I), so
// the threshold-th failure, which marks the region down, comes on average
// I/2 + (k-1) I + T after the outage: within one interval of I x k, as the
// design says, and exactly that mean within the 99.9 % interval.
func TestValidationDetectionTime(t *testing.T) {
	for _, c := range []struct {
		interval, timeoutMs float64
		k                   int
	}{{2, 500, 3}, {1, 200, 5}, {5, 1000, 2}} {
		m := failoverModel(500, c.interval, c.k, c.timeoutMs, 5, 30)
		m.Run.DurationS = ptr(60)
		rr := runData(t, m).Scenarios[1].Routing
		if len(rr.Faults) != 1 || rr.Faults[0].Detected != 1 {
			t.Fatalf("interval %g s, threshold %d: the outage was not detected in every replication: %+v", c.interval, c.k, rr.Faults)
		}
		got := rr.Faults[0].DetectionS
		want := c.interval/2 + float64(c.k-1)*c.interval + c.timeoutMs/1000
		t.Logf("interval %g s x threshold %d, probe timeout %g ms: detection %.3f s [%.3f, %.3f]; expected I/2 + (k-1) I + T = %.3f s, I x k = %g s",
			c.interval, c.k, c.timeoutMs, got.Mean, got.Low, got.High, want, c.interval*float64(c.k))
		agree(t, "detection time", got, want, 0, m.Run.Replications)
		if math.Abs(got.Mean-c.interval*float64(c.k)) > c.interval {
			t.Errorf("detection %.3f s is more than one interval from interval x threshold = %g s", got.Mean, c.interval*float64(c.k))
		}
	}
}

// TestValidationDNSDrain: after the region is marked down at D, a request
// at t uses the answer of t - age with age uniform in [0, TTL), so the
// share of attempts still sent to the dead region is 1 - (t - D) / TTL
// over [D, D + TTL]: a straight line to zero. Averaged over replications
// whose D varies with the probes' phase, it is 1 - (t - E[D]) / TTL once
// every replication is past its detection; each one-second step is
// compared at its middle. The tolerance is 3 percentage points: the
// binomial noise of about 1000 attempts a second over 10 replications is
// under 1 point, and a step straddles a replication's D only near the
// ends, which are left out.
func TestValidationDNSDrain(t *testing.T) {
	const interval, k, timeoutMs, ttl = 1.0, 2, 200.0, 20.0
	m := failoverModel(1000, interval, k, timeoutMs, ttl, 10)
	rep := runData(t, m)
	sc := rep.Scenarios[1]
	det := 20 + sc.Routing.Faults[0].DetectionS.Mean
	latest := 20 + interval + float64(k-1)*interval + timeoutMs/1000 // the latest any replication detects
	checked := 0
	for _, pt := range sc.Timeline {
		if pt.TimeS < latest || pt.TimeS+1 > det+ttl-1 || pt.Attempts == 0 {
			continue
		}
		share := pt.RegionAttempts[0] / pt.Attempts
		want := 1 - (pt.TimeS+0.5-det)/ttl
		t.Logf("t = %2.0f s: %.3f of attempts to the dead region, linear drain %.3f", pt.TimeS, share, want)
		if math.Abs(share-want) > 0.03 {
			t.Errorf("t = %.0f s: %.3f of attempts still go to the dead region, the linear drain says %.3f", pt.TimeS, share, want)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d steps inside the drain", checked)
	}
	// After the drain nothing reaches the dead region.
	for _, pt := range sc.Timeline {
		if pt.TimeS >= det+ttl+interval && pt.RegionAttempts[0] > 0 {
			t.Errorf("t = %.0f s: %.1f attempts still go to the dead region after detection + TTL", pt.TimeS, pt.RegionAttempts[0])
		}
	}
}

// TestValidationRTOWithHeadroom: the surviving region can carry the load,
// so availability comes back once no client holds the old answer: the
// success ratio of a second is 1 - (share still sent to the dead region),
// which falls below 1 - 0.99 = 1 % of the TTL before the drain ends. So
// RTO = detection + 0.99 TTL, rounded up to the end of its second: between
// detection + 0.99 TTL and that + 1 s, on average.
func TestValidationRTOWithHeadroom(t *testing.T) {
	const ttl = 10.0
	m := failoverModel(1000, 2, 3, 500, ttl, 20)
	sc := runData(t, m).Scenarios[1]
	rr := sc.Routing
	det := rr.Faults[0].DetectionS.Mean
	lo, hi := det+0.99*ttl, det+0.99*ttl+1
	t.Logf("RTO %.2f s [%.2f, %.2f], detection %.2f s + TTL %g s; expected in [%.2f, %.2f]; recovered %v", rr.RTOS.Mean, rr.RTOS.Low, rr.RTOS.High, det, ttl, lo, hi, rr.Recovered)
	if !rr.Recovered {
		t.Fatal("the survivors have headroom, yet the scenario is reported as not recovered")
	}
	agreeBand(t, "RTO with headroom", rr.RTOS, lo, hi, m.Run.Replications)
	if c := clauseNamed(sc.SLA, "rto_s"); c == nil || c.Status != StatusPass {
		t.Errorf("rto_s clause %+v, want pass against 600 s", c)
	}
}

// TestValidationNoHeadroomCollapse: the same outage when the surviving
// region cannot carry the load (1.5x its capacity once everything drains
// to it): its queue fills, waits reach queue_limit / capacity, it rejects
// at least a third of the requests, so p99 and availability collapse and
// RTO is reported as not recovered.
func TestValidationNoHeadroomCollapse(t *testing.T) {
	m := failoverModel(3000, 2, 3, 500, 10, 5)
	m.Regions[0].Instances = 20 // the near region carries 3000 rps at 75 %
	rep := runData(t, m)
	base, fault := rep.Scenarios[0], rep.Scenarios[1]
	rr := fault.Routing
	t.Logf("baseline: availability %.4f, p99 %.1f ms; survivors without headroom: availability %.4f, p99 %.1f ms, RTO %.1f s, recovered %v",
		base.Availability.Mean, base.Latency.P99.Mean, fault.Availability.Mean, fault.Latency.P99.Mean, rr.RTOS.Mean, rr.Recovered)
	if rr.Recovered {
		t.Error("the survivor is overloaded, yet the scenario is reported as recovered")
	}
	if c := clauseNamed(fault.SLA, "rto_s"); c == nil || c.Status != StatusFail {
		t.Errorf("rto_s clause %+v, want fail when not recovered", c)
	}
	// The far region's p99 with a full queue: 1000 waiting / 2000 rps.
	if fault.Latency.P99.Mean < 400 || base.Latency.P99.Mean > 50 {
		t.Errorf("p99 %.1f ms under the fault (want the full queue's ~500 ms) vs %.1f ms in the baseline", fault.Latency.P99.Mean, base.Latency.P99.Mean)
	}
	// A region offered 1.5x its capacity serves at most 2/3. Less, here:
	// the survivor's own probes wait in its full queue past their timeout,
	// so it too is marked down, DNS fails open to the first candidate
	// again, and part of the traffic flaps back to the dead region.
	last := fault.Timeline[len(fault.Timeline)-2]
	t.Logf("success ratio after the drain: %.3f (at most 2/3)", last.SuccessRatio)
	if last.SuccessRatio > 2.0/3+0.03 {
		t.Errorf("after the drain the success ratio is %.3f; a region at 1.5x its capacity serves at most 2/3", last.SuccessRatio)
	}
}

// stormModel is two regions of 10 x 5 ms (2000 rps): the near one loses 60 %
// of its servers at 20 s for 30 s (800 rps left for 1200 rps offered, and a
// queue of up to 2000, so waits grow to 2.5 s), while its health checks are
// far too slow to notice within the fault. Attempts time out after 300 ms.
func stormModel(attempts int, breaker bool) Model {
	m := failoverModel(1200, 30, 3, 1000, 10, 5)
	m.Regions[0].QueueLimit, m.Regions[1].QueueLimit = 2000, 2000
	m.RoutingPolicy.RequestTimeoutMs = 300
	m.RoutingPolicy.Retry = RetryPolicy{MaxAttempts: attempts, BackoffBaseMs: 50}
	if breaker {
		m.RoutingPolicy.CircuitBreaker = &CircuitBreaker{FailureThreshold: 5, OpenS: 5}
	}
	m.Scenarios = []Scenario{{Name: "near-slow", Faults: []Fault{{Type: FaultCapacityLoss, Region: "near", AtS: 20, DurationS: 30, Fraction: 0.6}}}}
	return m
}

// TestValidationRetryStorm: with a timeout shorter than the overloaded
// queue's wait, FIFO serves only requests whose clients have given up:
// goodput falls. Retries resend them to the same region, so attempts per
// request rise above 1 and goodput falls further, below what the region
// could serve. The same scenario with a circuit breaker recovers: after 5
// consecutive failures the clients go to the other region, and only
// half-open trials return to the slow one.
func TestValidationRetryStorm(t *testing.T) {
	noRetry := runData(t, stormModel(1, false)).Scenarios[1]
	storm := runData(t, stormModel(3, false)).Scenarios[1]
	broken := runData(t, stormModel(3, true)).Scenarios[1]
	for _, c := range []struct {
		name string
		sc   ScenarioResult
	}{{"no retries", noRetry}, {"3 attempts", storm}, {"3 attempts + breaker", broken}} {
		r := c.sc.Routing
		t.Logf("%-22s attempts/request %.2f, goodput %6.1f rps, availability %.4f, timed out %.3f, breaker opens %.1f, RTO %.1f s (recovered %v)",
			c.name, r.AttemptsPerRequest.Mean, r.GoodputRPS.Mean, c.sc.Availability.Mean, r.TimedOutRatio.Mean, r.BreakerOpens.Mean, r.RTOS.Mean, r.Recovered)
	}
	if storm.Routing.AttemptsPerRequest.Low <= 1.5 {
		t.Errorf("retry storm: %.2f attempts per request, want well above 1", storm.Routing.AttemptsPerRequest.Mean)
	}
	if storm.Routing.GoodputRPS.High >= noRetry.Routing.GoodputRPS.Low {
		t.Errorf("retries should lower goodput: %.1f rps with, %.1f without", storm.Routing.GoodputRPS.Mean, noRetry.Routing.GoodputRPS.Mean)
	}
	if storm.Routing.Recovered {
		t.Error("the storm lasts as long as the fault, yet it is reported as recovered")
	}
	if broken.Routing.BreakerOpens.Mean < 1 || broken.Availability.Low < 0.99 || broken.Routing.AttemptsPerRequest.Mean > 1.1 {
		t.Errorf("with a breaker: %.1f opens, availability %.4f, %.2f attempts per request; want it to open and recover",
			broken.Routing.BreakerOpens.Mean, broken.Availability.Mean, broken.Routing.AttemptsPerRequest.Mean)
	}
	if !broken.Routing.Recovered {
		t.Error("with a breaker the scenario should recover")
	}
}

// TestValidationSovereigntyDuringFailover: an EU origin whose failover list
// ends in a US region stays in the EU while its primary is up, and every
// request that failover sends to the US is counted, from the moment the
// drain starts.
func TestValidationSovereigntyDuringFailover(t *testing.T) {
	m := Model{
		Regions: []Region{
			{Name: "eu", Location: "aws:eu-west-1", Jurisdiction: "EU", Instances: 10, ServiceTimeMs: 5, QueueLimit: 1000},
			{Name: "us", Location: "aws:us-east-1", Jurisdiction: "US", Instances: 10, ServiceTimeMs: 5, QueueLimit: 1000},
		},
		Workload: Workload{Origins: []Origin{{Name: "paris", Location: "aws:eu-west-3", RPS: 500, ReadRatio: ptr(0), AllowedJurisdictions: []string{"EU"}}}},
		Network:  Network{JitterSigma: ptr(0.0)},
		RoutingPolicy: &RoutingPolicy{
			Strategy: StrategyFailover, Failover: []string{"eu", "us"},
			HealthCheck: HealthCheck{IntervalS: 2, FailureThreshold: 2, TimeoutMs: 500}, DNSTTLS: ptr(5),
		},
		Scenarios: []Scenario{{Name: "eu-down", Faults: []Fault{{Type: FaultRegionOutage, Region: "eu", AtS: 20}}}},
		Run:       RunSettings{DurationS: ptr(40), WarmupS: ptr(5), Replications: 3, Seed: ptrTo[uint64](22)},
	}
	rep := runData(t, m)
	base, fault := rep.Scenarios[0], rep.Scenarios[1]
	if c := clauseNamed(base.SLA, "sovereignty_violations"); c == nil || c.Status != StatusPass || len(base.Routing.SovereigntyViolations) != 0 {
		t.Errorf("baseline: %+v, violations %+v; want none", c, base.Routing.SovereigntyViolations)
	}
	c := clauseNamed(fault.SLA, "sovereignty_violations")
	if c == nil || c.Status != StatusFail || len(fault.Routing.SovereigntyViolations) != 1 {
		t.Fatalf("eu-down: %+v, violations %+v; want one failing route", c, fault.Routing.SovereigntyViolations)
	}
	v := fault.Routing.SovereigntyViolations[0]
	det := 20 + fault.Routing.Faults[0].DetectionS.Mean
	t.Logf("violation: %s -> %s (%s) from t = %.2f s (detection at %.2f s), %.0f requests per replication", v.Origin, v.Region, v.Jurisdiction, v.FirstS, det, v.Requests)
	if v.Origin != "paris" || v.Region != "us" || v.Jurisdiction != "US" || v.FirstS < 20 || v.FirstS > det+0.1 || v.Requests < 1000 {
		t.Errorf("violation %+v", v)
	}
}

// clauseNamed is the clause of that name, or nil.
func clauseNamed(cs []ClauseResult, name string) *ClauseResult {
	for i := range cs {
		if cs[i].Clause == name {
			return &cs[i]
		}
	}
	return nil
}

// TestFaultMechanics checks each fault type of the routing layer against
// its definition: a latency spike adds exactly its extra round trip (jitter
// 0), a traffic surge multiplies the requests issued while it lasts, a
// capacity loss scales the servers (visible as utilization of what is left),
// and a partition between an origin and its region fails its requests
// until a breaker sends them elsewhere.
func TestFaultMechanics(t *testing.T) {
	base := func() Model {
		m := failoverModel(400, 1, 2, 300, 5, 4)
		m.Scenarios = nil
		m.Run.DurationS = ptr(40)
		return m
	}
	// Spike over the whole measured window: mean latency + 80 ms exactly.
	m := base()
	m.Scenarios = []Scenario{{Name: "spike", Faults: []Fault{{Type: FaultLatencySpike, Origin: "clients", Region: "near", AtS: 0, ExtraMs: 80}}}}
	rep := runData(t, m)
	diff := rep.Scenarios[1].Latency.Mean.Mean - rep.Scenarios[0].Latency.Mean.Mean
	t.Logf("latency_spike of 80 ms: mean latency %.3f ms -> %.3f ms (+%.3f)", rep.Scenarios[0].Latency.Mean.Mean, rep.Scenarios[1].Latency.Mean.Mean, diff)
	if math.Abs(diff-80) > 0.5 {
		t.Errorf("a latency spike of 80 ms added %.3f ms to the mean latency", diff)
	}

	// Surge x3 over [10, 20): three times the requests in those seconds.
	m = base()
	m.Scenarios = []Scenario{{Name: "surge", Faults: []Fault{{Type: FaultTrafficSurge, Origin: "clients", AtS: 10, DurationS: 10, Multiplier: 3}}}}
	rep = runData(t, m)
	in, out := 0.0, 0.0
	for _, pt := range rep.Scenarios[1].Timeline {
		switch {
		case pt.TimeS >= 10 && pt.TimeS < 20:
			in += pt.Requests / 10
		case pt.TimeS >= 25 && pt.TimeS < 35:
			out += pt.Requests / 10
		}
	}
	t.Logf("traffic_surge x3: %.0f requests/s during, %.0f after", in, out)
	if math.Abs(in/out-3) > 0.15 {
		t.Errorf("surge x3 gave %.2fx the requests", in/out)
	}

	// Capacity loss of 75 % of 12 servers over the whole window: the same
	// work on the 3 servers left, an M/M/3 at 400 rps x 5 ms, 2 busy
	// servers: utilization over the servers present 2/3 (2/12 before),
	// and the mean wait is Erlang C's.
	m = base()
	m.Regions[0].Instances = 12
	m.Scenarios = []Scenario{{Name: "loss", Faults: []Fault{{Type: FaultCapacityLoss, Region: "near", AtS: 0, Fraction: 0.75}}}}
	rep = runData(t, m)
	ub, ul := rep.Scenarios[0].Regions[0].Utilization.Mean, rep.Scenarios[1].Regions[0].Utilization.Mean
	wb, wl := rep.Scenarios[0].Regions[0].MeanWait.Mean, rep.Scenarios[1].Regions[0].MeanWait.Mean
	t.Logf("capacity_loss 75 %% of 12 servers: utilization %.3f -> %.3f, mean wait %.3f -> %.3f ms", ub, ul, wb, wl)
	agree(t, "utilization of 3 of 12 servers", rep.Scenarios[1].Regions[0].Utilization, 2.0/3, 0, m.Run.Replications)
	if n := rep.Scenarios[1].Regions[0].MinServers; n != 3 {
		t.Errorf("min_servers %d after a 75 %% loss of 12, want 3", n)
	}
	agree(t, "M/M/3 wait after capacity_loss", rep.Scenarios[1].Regions[0].MeanWait, queueing.MMcMeanWait(0.4, 0.2, 3), 0, m.Run.Replications)

	// Partition of the clients from their region for [10, 30): requests
	// there fail, health checks (elsewhere) see nothing; with a breaker
	// the clients move to the other region.
	for _, breaker := range []bool{false, true} {
		m = base()
		m.RoutingPolicy.RequestTimeoutMs = 200
		m.RoutingPolicy.Retry = RetryPolicy{MaxAttempts: 2, BackoffBaseMs: 10}
		if breaker {
			m.RoutingPolicy.CircuitBreaker = &CircuitBreaker{FailureThreshold: 3, OpenS: 5}
		}
		m.Scenarios = []Scenario{{Name: "cut", Faults: []Fault{{Type: FaultPartition, Origin: "clients", Region: "near", AtS: 10, DurationS: 20}}}}
		sc := runData(t, m).Scenarios[1]
		t.Logf("partition clients / near, breaker %v: availability %.4f, detected %.0f %%, breaker opens %.1f", breaker, sc.Availability.Mean, 100*sc.Routing.Faults[0].Detected, sc.Routing.BreakerOpens.Mean)
		if sc.Routing.Faults[0].Detected != 0 {
			t.Error("a partition between clients and a region is invisible to the health checks")
		}
		if !breaker && sc.Availability.High > 0.5 {
			t.Errorf("without a breaker the partitioned clients keep failing: availability %.4f", sc.Availability.Mean)
		}
		if breaker && sc.Availability.Low < 0.99 {
			t.Errorf("with a breaker the clients should move to the other region: availability %.4f", sc.Availability.Mean)
		}
	}
}

// TestRegionPairFaults: faults between two regions hit the legs between
// them. A latency spike on the leader -> follower pair adds half its extra
// round trip to the replication lag; a partition holds the replication
// stream until it heals, so the follower's largest lag is about the
// partition's length, nothing is lost, and eventual reads there turn stale;
// requests whose data leg crosses it fail.
func TestRegionPairFaults(t *testing.T) {
	const leader, follower = "aws:us-east-1", "aws:eu-west-1"
	model := func(faults ...Fault) Model {
		zipf := 0.0
		return Model{
			Regions: []Region{
				{Name: "r0", Location: leader, Instances: 8, ServiceTimeMs: 1},
				{Name: "r1", Location: follower, Instances: 8, ServiceTimeMs: 1},
			},
			ReplicaSets: []ReplicaSet{{Name: "s", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual, ApplyTimeMs: 0.1}},
			Workload: Workload{
				Origins: []Origin{
					{Name: "writer", Location: leader, RPS: 100, ReadRatio: ptr(0)},
					{Name: "reader", Location: follower, RPS: 200, ReadRatio: ptr(0.5)},
				},
				Keys: 100, ZipfS: &zipf,
			},
			Network:   Network{JitterSigma: ptr(0.0)},
			Scenarios: []Scenario{{Name: "fault", Faults: faults}},
			Run:       RunSettings{DurationS: ptr(40), WarmupS: ptr(5), Replications: 4, Seed: ptrTo[uint64](23)},
		}
	}
	rep := runData(t, model(Fault{Type: FaultLatencySpike, Region: "r0", RegionB: "r1", AtS: 0, ExtraMs: 100}))
	base, spike := rep.Scenarios[0].ReplicaSets[0].Followers[0], rep.Scenarios[1].ReplicaSets[0].Followers[0]
	t.Logf("latency_spike r0-r1 of 100 ms: follower lag p50 %.2f -> %.2f ms", base.LagP50.Mean, spike.LagP50.Mean)
	if d := spike.LagP50.Mean - base.LagP50.Mean; math.Abs(d-50) > 1 {
		t.Errorf("a 100 ms round-trip spike added %.2f ms to the one-way replication lag, want 50", d)
	}

	rep = runData(t, model(Fault{Type: FaultPartition, Region: "r0", RegionB: "r1", AtS: 20, DurationS: 10}))
	b, f := rep.Scenarios[0], rep.Scenarios[1]
	fl := f.ReplicaSets[0].Followers[0]
	t.Logf("partition r0-r1 for 10 s: lag max %.0f ms (baseline %.0f), lost writes %.1f, stale reads %.4f (baseline %.4f), availability %.4f",
		fl.LagMax.Mean, b.ReplicaSets[0].Followers[0].LagMax.Mean, f.LostWrites.Mean, f.StaleReadRatio.Mean, b.StaleReadRatio.Mean, f.Availability.Mean)
	if fl.LagMax.Mean < 9500 || fl.LagMax.Mean > 10500 {
		t.Errorf("the follower's largest lag is %.0f ms; a 10 s partition holds its replication for about 10 s", fl.LagMax.Mean)
	}
	if f.LostWrites.Mean != 0 {
		t.Errorf("%.1f writes lost: a partition that heals loses nothing", f.LostWrites.Mean)
	}
	// Every key is written about once a second, so within a second or two
	// of the cut almost every read behind it is stale: some 10 of the 35
	// measured seconds' reads more than in the baseline.
	if f.StaleReadRatio.Mean < b.StaleReadRatio.Mean+0.2 {
		t.Errorf("stale reads %.4f vs %.4f: eventual reads behind a partition should turn stale", f.StaleReadRatio.Mean, b.StaleReadRatio.Mean)
	}
	// The reader's writes (100 of its 200 rps) go to the leader across the
	// partition and fail for its 10 s: 1000 of 10 500 measured requests.
	if math.Abs(f.Availability.Mean-(1-1000.0/10500)) > 0.01 {
		t.Errorf("availability %.4f: the reader's writes across the partition should fail for its 10 s", f.Availability.Mean)
	}
}

// TestSplitBrain: partitions that cut an async_primary leader off from its
// only follower for 10 s. After the promotion delay D the follower is
// promoted; the writes committed at the old leader during D never reached
// it and are lost, and from then to the heal the old leader keeps
// accepting its own region's writes: split-brain, w x (10 s - D) of them.
// The same cut in a 3-region sync_quorum set makes the followers elect a
// leader among themselves, and the old one, without a quorum, commits
// nothing: no loss, no split-brain, writes unavailable for exactly the
// election timeout.
func TestSplitBrain(t *testing.T) {
	const wps, promotionS, cutS = 100.0, 2.0, 10.0
	m := Model{
		Regions: []Region{
			{Name: "r0", Location: "aws:us-east-1", Instances: 8, ServiceTimeMs: 1},
			{Name: "r1", Location: "aws:eu-west-1", Instances: 8, ServiceTimeMs: 1},
			{Name: "r2", Location: "aws:us-west-2", Instances: 8, ServiceTimeMs: 1},
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
		Network:   Network{JitterSigma: ptr(0.0)},
		Scenarios: []Scenario{{Name: "cut", Faults: []Fault{{Type: FaultPartition, Region: "r0", RegionB: "r1", AtS: 20, DurationS: cutS}}}},
		Run:       RunSettings{DurationS: ptr(40), WarmupS: ptr(5), Replications: 10, Seed: ptrTo[uint64](24)},
	}
	rs := runData(t, m).Scenarios[1].ReplicaSets[0]
	if rs.LostAtFailover == nil {
		t.Fatal("no lost_at_failover with lost writes")
	}
	t.Logf("async_primary: %.1f failovers, %.1f lost writes at the promotion (w D = %.0f), %.1f split-brain writes (w (cut - D) = %.0f)",
		rs.Failovers.Mean, rs.LostAtFailover.Mean, wps*promotionS, rs.SplitBrainWrites.Mean, wps*(cutS-promotionS))
	if rs.Failovers.Mean != 1 {
		t.Errorf("%.1f failovers, want 1", rs.Failovers.Mean)
	}
	agree(t, "lost writes at the promotion", *rs.LostAtFailover, wps*promotionS, 0, m.Run.Replications)
	agree(t, "split-brain writes", rs.SplitBrainWrites, wps*(cutS-promotionS), 0, m.Run.Replications)

	m.ReplicaSets[0] = ReplicaSet{Name: "s", Regions: []string{"r0", "r1", "r2"}, Leader: "r0", Replication: ReplicationSyncQuorum,
		ReadConsistency: ReadEventual, ApplyTimeMs: 0.1, ElectionTimeoutMs: 1000}
	m.Scenarios[0].Faults = append(m.Scenarios[0].Faults, Fault{Type: FaultPartition, Region: "r0", RegionB: "r2", AtS: 20, DurationS: cutS})
	rs = runData(t, m).Scenarios[1].ReplicaSets[0]
	t.Logf("sync_quorum: %.1f failovers, %.1f lost writes, %.1f split-brain writes, writes unavailable %.2f s", rs.Failovers.Mean, rs.LostWrites.Mean, rs.SplitBrainWrites.Mean, rs.WriteUnavailableS.Mean)
	if math.Abs(rs.WriteUnavailableS.Mean-1) > 1e-6 {
		t.Errorf("sync_quorum: writes unavailable %.4f s, want the 1 s election timeout", rs.WriteUnavailableS.Mean)
	}
	if rs.Failovers.Mean != 1 || rs.LostWrites.Mean != 0 || rs.SplitBrainWrites.Mean != 0 {
		t.Errorf("sync_quorum across the cut: %+v failovers, %+v lost, %+v split-brain; want 1, 0, 0", rs.Failovers.Mean, rs.LostWrites.Mean, rs.SplitBrainWrites.Mean)
	}
}
