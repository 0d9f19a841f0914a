package report

import (
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// adviceScenario is a fault scenario in which nothing queues and nothing
// is wrong but the failed clause: each rule's case changes the one figure
// or setting the rule reads. It has the configuration simulator.Run
// reports: two regions of 7 servers, a routing policy with health checks,
// retries and a circuit breaker, and an outage of us-east-1.
func adviceScenario() simulator.ScenarioResult {
	ttl := 60.0
	return simulator.ScenarioResult{
		Name: "use1-down",
		Regions: []simulator.RegionResult{
			{Name: "us-east-1", ArrivalRate: est(320, 318, 322), Utilization: est(0.457, 0.45, 0.46), MeanWait: est(0.15, 0.1, 0.2),
				MeanSojourn: est(10.15, 10.1, 10.2), MinServers: 7},
			{Name: "eu-west-1", ArrivalRate: est(200, 198, 202), Utilization: est(0.286, 0.28, 0.29), MeanWait: est(0.05, 0.04, 0.06),
				MeanSojourn: est(10.05, 10, 10.1), MinServers: 7},
		},
		Routing: &simulator.RoutingResult{
			AttemptsPerRequest: est(1, 1, 1), BreakerOpens: est(0, 0, 0), RTOTarget: 0.99, Recovered: true,
			Faults: []simulator.FaultRecovery{{Type: simulator.FaultRegionOutage, Region: "us-east-1", AtS: 20,
				DetectionS: est(0.6, 0.5, 0.7), Detected: 1}},
		},
		Config: &simulator.ScenarioConfig{
			Regions: []simulator.Region{
				{Name: "us-east-1", Instances: 7, Concurrency: 1, ServiceTimeMs: 10, QueueLimit: 50},
				{Name: "eu-west-1", Instances: 7, Concurrency: 1, ServiceTimeMs: 10},
			},
			RoutingPolicy: &simulator.RoutingPolicy{
				Name: "p", Strategy: simulator.StrategyLatency, DNSTTLS: &ttl, RequestTimeoutMs: 1000,
				HealthCheck:    simulator.HealthCheck{IntervalS: 10, FailureThreshold: 3},
				Retry:          simulator.RetryPolicy{MaxAttempts: 3},
				CircuitBreaker: &simulator.CircuitBreaker{FailureThreshold: 5, OpenS: 30},
			},
			Faults: []simulator.Fault{{Type: simulator.FaultRegionOutage, Region: "us-east-1", AtS: 20, DurationS: 30}},
		},
	}
}

var (
	latencyClause      = simulator.ClauseResult{Clause: "latency_p99_ms", Target: 30, Observed: 69, Low: 62.8, High: 75.2, Status: simulator.StatusFail}
	availabilityClause = simulator.ClauseResult{Clause: "availability", Target: 0.999, Observed: 0.66, Low: 0.62, High: 0.69, Status: simulator.StatusFail}
	rtoClause          = simulator.ClauseResult{Clause: "rto_s", Target: 5, Observed: 32, Low: 31, High: 33, Status: simulator.StatusFail}
)

// TestAdviceRules: each rule of the advice fires on a scenario whose
// figures call for it, naming the figure and the setting it rests on, and
// stays silent on one whose figures do not. Every case also checks that
// the advice does not contradict the "Busiest regions" line beside it.
func TestAdviceRules(t *testing.T) {
	type edit func(*simulator.ScenarioResult)
	use1 := func(f func(*simulator.RegionResult)) edit {
		return func(s *simulator.ScenarioResult) { f(&s.Regions[0]) }
	}
	policy := func(f func(*simulator.RoutingPolicy)) edit {
		return func(s *simulator.ScenarioResult) { f(s.Config.RoutingPolicy) }
	}
	detection := func(seconds, detected float64) edit {
		return func(s *simulator.ScenarioResult) {
			s.Routing.Faults[0].DetectionS, s.Routing.Faults[0].Detected = est(seconds, seconds-0.2, seconds+0.2), detected
		}
	}
	opened := func(s *simulator.ScenarioResult) { s.Routing.BreakerOpens = est(1, 1, 1) }
	noPolicy := func(s *simulator.ScenarioResult) { s.Config.RoutingPolicy, s.Routing = nil, nil }
	both := func(es ...edit) edit {
		return func(s *simulator.ScenarioResult) {
			for _, e := range es {
				e(s)
			}
		}
	}
	busy := use1(func(r *simulator.RegionResult) { r.Utilization = est(0.8, 0.79, 0.81) })
	waits := use1(func(r *simulator.RegionResult) {
		r.MeanWait, r.MeanSojourn = est(7.6, 7, 8.2), est(17.6, 17, 18.2)
	})
	for _, tc := range []struct {
		name   string
		clause simulator.ClauseResult
		edit   edit
		want   string
		fires  bool
	}{
		{"busy by utilization", latencyClause, busy,
			"us-east-1 (80.0% utilization, mean wait 0.15 ms) queues: to lower latency, add capacity (instances or concurrency) to us-east-1", true},
		{"not busy just below the knee", latencyClause, use1(func(r *simulator.RegionResult) { r.Utilization = est(0.79, 0.78, 0.8) }),
			"queues: to lower latency", false},
		// A capacity loss whose utilization still reads over the original
		// servers (45.7 %): the wait shows the queue.
		{"busy by its wait", latencyClause, waits,
			"us-east-1 (45.7% utilization, mean wait 7.6 ms) queues", true},
		{"a short wait is no queue", latencyClause, nil, "us-east-1 (", false},
		{"busy by rejections", latencyClause, use1(func(r *simulator.RegionResult) { r.RejectedRatio = est(0.335, 0.33, 0.34) }),
			"us-east-1 (45.7% utilization, mean wait 0.15 ms, 33.5% of arrivals rejected by queue_limit 50) queues", true},
		{"a burst of rejections is no queue", latencyClause, use1(func(r *simulator.RegionResult) { r.RejectedRatio = est(3.6e-6, 0, 7e-6) }),
			"queues: to lower latency", false},
		{"an idle region's few rejections are not denied", latencyClause, use1(func(r *simulator.RegionResult) { r.RejectedRatio = est(3.6e-6, 0, 7e-6) }),
			"no region is busy (highest utilization 45.7%, longest mean wait 0.15 ms, at most 0.00036% of arrivals rejected)", true},
		{"idle", latencyClause, nil,
			"no region is busy (highest utilization 45.7%, longest mean wait 0.15 ms, no arrival rejected), so queueing adds little", true},
		{"idle points at the service time", latencyClause, nil, "shorten the service time (service_time_ms)", true},
		{"idle with timeouts points at the attempts", latencyClause,
			func(s *simulator.ScenarioResult) { s.Routing.TimedOutRatio = est(0.011, 0.01, 0.012) }, "shorten the service time", false},
		{"not idle when a region waits", latencyClause, waits, "no region is busy", false},
		{"not idle when a region rejects", latencyClause, use1(func(r *simulator.RegionResult) { r.RejectedRatio = est(0.335, 0.33, 0.34) }),
			"no region is busy", false},
		{"servers lost", latencyClause, both(busy, use1(func(r *simulator.RegionResult) { r.MinServers = 4 })),
			"us-east-1 (80.0% utilization of as few as 4 of its 7 servers, mean wait 0.15 ms) queues", true},
		{"no server lost", latencyClause, busy, "as few as", false},
		// 320 rps x 10 ms is 3.2 busy servers: 5 keep it below 80 %, and
		// with 4 of 7 left that takes 9 instances.
		{"sizing under a capacity loss", latencyClause, both(busy, use1(func(r *simulator.RegionResult) { r.MinServers = 4 })),
			"us-east-1 carries 3.2 busy servers of load (320.0 rps x service_time_ms 10) on as few as 4 of its 7 servers: " +
				"about 9 instances (concurrency 1) keep it below 80% utilization", true},
		{"no sizing when the instances suffice", latencyClause, waits, "busy servers of load", false},
		{"retries add load and time", latencyClause, func(s *simulator.ScenarioResult) { s.Routing.AttemptsPerRequest = est(2.41, 2.3, 2.5) },
			"requests take 2.4 attempts each (retry.max_attempts 3)", true},
		{"no retries to speak of", latencyClause, func(s *simulator.ScenarioResult) { s.Routing.AttemptsPerRequest = est(1.01, 1, 1.02) },
			"attempts each", false},
		{"timeouts", latencyClause, func(s *simulator.ScenarioResult) { s.Routing.TimedOutRatio = est(0.31, 0.29, 0.33) },
			"31.0% of attempts timed out (request_timeout_ms 1000)", true},
		{"few timeouts", latencyClause, func(s *simulator.ScenarioResult) { s.Routing.TimedOutRatio = est(0.002, 0.001, 0.003) },
			"timed out", false},

		{"availability: rejections", availabilityClause, use1(func(r *simulator.RegionResult) { r.RejectedRatio = est(0.335, 0.33, 0.34) }),
			"us-east-1 rejects 33.5% of arrivals (queue_limit 50) at 45.7% utilization: to raise availability, add capacity", true},
		{"availability: rejections too few to explain the shortfall", availabilityClause,
			use1(func(r *simulator.RegionResult) { r.RejectedRatio = est(0.001, 0.0009, 0.0011) }), "rejects 0.1", false},
		{"availability: nothing rejects", availabilityClause, func(s *simulator.ScenarioResult) { s.Config.Faults = nil },
			"no region rejects a material share of arrivals (at most 0.0%, in us-east-1), so the requests do not fail for want of capacity", true},
		{"availability: rejections are named instead", availabilityClause,
			use1(func(r *simulator.RegionResult) { r.RejectedRatio = est(0.335, 0.33, 0.34) }), "no region rejects", false},
		{"no routing policy", availabilityClause, noPolicy,
			"no topology_routing_policy is configured, so clients keep sending to us-east-1 while it fails", true},
		{"a routing policy is configured", availabilityClause, nil, "topology_routing_policy", false},
		{"a latency spike is not routed around", availabilityClause, both(noPolicy, func(s *simulator.ScenarioResult) {
			s.Config.Faults = []simulator.Fault{{Type: simulator.FaultLatencySpike, Region: "us-east-1", Origin: "virginia", ExtraMs: 80}}
		}), "topology_routing_policy", false},
		{"slow detection", availabilityClause, detection(31, 1),
			"detection of the region_outage of us-east-1 took 31.0 s (health_check.interval_s 10 x failure_threshold 3): " +
				"a shorter health_check.interval_s or a lower failure_threshold detects it sooner", true},
		{"detection within a second", availabilityClause, detection(0.6, 1), "detection of", false},
		{"a threshold of 1 cannot be lowered", availabilityClause,
			both(detection(1.9, 1), policy(func(p *simulator.RoutingPolicy) {
				p.HealthCheck = simulator.HealthCheck{IntervalS: 1, FailureThreshold: 1}
			})),
			"a lower failure_threshold", false},
		{"never detected", availabilityClause, detection(0, 0), "the health checks never marked us-east-1 down during its region_outage", true},
		{"detected", availabilityClause, detection(31, 1), "never marked", false},
		{"shorter than detection", availabilityClause, both(detection(0, 0), func(s *simulator.ScenarioResult) { s.Config.Faults[0].DurationS = 25 }),
			"the region_outage of us-east-1 lasts 25 s, less than detection takes (health_check.interval_s 10 x failure_threshold 3)", true},
		{"longer than detection", availabilityClause, detection(0, 0), "less than detection takes", false},
		{"DNS drain without a breaker", availabilityClause,
			both(detection(31, 1), policy(func(p *simulator.RoutingPolicy) { p.CircuitBreaker = nil })),
			"clients keep the old answer for up to 60 s after detection (dns_ttl_s 60): a lower dns_ttl_s drains us-east-1 sooner", true},
		{"no DNS caching", availabilityClause, both(detection(31, 1), policy(func(p *simulator.RoutingPolicy) {
			p.CircuitBreaker, p.DNSTTLS = nil, new(float64)
		})), "dns_ttl_s", false},
		{"the breaker opened, so clients left before the TTL", availabilityClause, both(detection(31, 1), opened),
			"dns_ttl_s", false},
		{"the breaker opened, so detection is not the cause", availabilityClause, both(detection(25, 1), opened),
			"detection of", false},
		{"the breaker let clients back before detection", availabilityClause, both(detection(31, 1), opened),
			"detection of the region_outage of us-east-1 took 31.0 s (health_check.interval_s 10 x failure_threshold 3), " +
				"longer than circuit_breaker.open_s 30 after which the breaker lets clients try it again", true},
		{"the breaker opened", availabilityClause, opened,
			"the circuit_breaker opened 1.0 times per replication (failure_threshold 5): the attempts sent to a failing " +
				"region before it opens fail, so a lower circuit_breaker.failure_threshold opens it sooner", true},
		{"the breaker never opened", availabilityClause, nil,
			"the circuit_breaker never opened (failure_threshold 5), so clients left us-east-1 only by detection", true},
		{"the breaker is not said to be shut when it opened", availabilityClause, opened, "never opened", false},
		{"no circuit breaker", availabilityClause, policy(func(p *simulator.RoutingPolicy) { p.CircuitBreaker = nil }),
			"no circuit_breaker is configured, so clients leave us-east-1 only when the health checks mark it down", true},
		{"a circuit breaker is configured", availabilityClause, nil, "no circuit_breaker", false},
		{"retries off", availabilityClause, policy(func(p *simulator.RoutingPolicy) { p.Retry.MaxAttempts = 1 }),
			"retries are off (retry.max_attempts 1), so every attempt sent to us-east-1 is a failed request", true},
		{"retries on", availabilityClause, nil, "retries are off", false},
		{"replica set cannot commit", availabilityClause, func(s *simulator.ScenarioResult) {
			s.ReplicaSets = []simulator.ReplicaSetResult{{Name: "orders", WriteUnavailableS: est(12, 11, 13)}}
		}, "replica set orders could not commit writes for 12.0 s per replication", true},
		{"replica set commits", availabilityClause, func(s *simulator.ScenarioResult) {
			s.ReplicaSets = []simulator.ReplicaSetResult{{Name: "orders"}}
		}, "could not commit", false},
		{"a report without its configuration", availabilityClause, func(s *simulator.ScenarioResult) { s.Config = nil },
			faultAvailabilityFix, true},
		{"a report with its configuration", availabilityClause, nil, "add a circuit_breaker with retries", false},

		{"rto: slow detection", rtoClause, detection(31, 1), "detection of the region_outage of us-east-1 took 31.0 s", true},
		{"rto: quick detection", rtoClause, detection(0.6, 1), "detection of", false},
		{"rto: survivors queue", rtoClause, func(s *simulator.ScenarioResult) { s.Regions[1].Utilization = est(0.93, 0.92, 0.94) },
			"eu-west-1 (93.0% utilization, mean wait 0.05 ms) queues through the fault: give it the headroom", true},
		{"rto: survivors have headroom", rtoClause, nil, "headroom", false},
		{"rto: the breaker opened", rtoClause, opened, "the circuit_breaker opened 1.0 times per replication", true},
		{"rto: the generic when no figure explains it", rtoClause, func(s *simulator.ScenarioResult) {
			s.Config.Faults = []simulator.Fault{{Type: simulator.FaultLatencySpike, Region: "us-east-1", Origin: "virginia", ExtraMs: 80}}
		}, kindOf("rto_s").fix, true},
		{"rto: the generic only when nothing else", rtoClause, nil, kindOf("rto_s").fix, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := adviceScenario()
			if tc.edit != nil {
				tc.edit(&s)
			}
			got := fixes(s, []simulator.ClauseResult{tc.clause})
			if strings.Contains(got, tc.want) != tc.fires {
				verb := "lacks"
				if !tc.fires {
					verb = "has"
				}
				t.Errorf("advice %s %q:\n%s", verb, tc.want, got)
			}
			busy, idle := busiestRegions(s), strings.Contains(got, "no region is busy")
			if idle && busy != "" || tc.clause.Clause == latencyClause.Clause && !idle && busy == "" {
				t.Errorf("advice %q contradicts the busiest regions %q", got, busy)
			}
			if strings.Count(got, relaxTarget) > 1 && !strings.Contains(got, "queues: to lower latency") {
				t.Errorf("advice offers to relax the target more than once:\n%s", got)
			}
		})
	}
}

// TestAdviceNamesWhatIsConfiguredOnce: with a routing policy, a circuit
// breaker and retries configured, no piece proposes adding them, whatever
// clauses fail together.
func TestAdviceNamesWhatIsConfiguredOnce(t *testing.T) {
	s := adviceScenario()
	s.Routing.Faults[0].DetectionS = est(31, 30, 32)
	got := fixes(s, []simulator.ClauseResult{latencyClause, availabilityClause, rtoClause})
	for _, bad := range []string{"add a circuit_breaker", "route with a topology_routing_policy", "retries are off", "no region is busy (highest utilization 45.7%), "} {
		if strings.Contains(got, bad) {
			t.Errorf("advice proposes %q though it is configured or contradicted:\n%s", bad, got)
		}
	}
	if n := strings.Count(got, "detection of the region_outage"); n != 1 {
		t.Errorf("the detection is advised %d times, want once:\n%s", n, got)
	}
}
