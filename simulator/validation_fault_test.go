package simulator

// Validation of the service_slowdown fault against queueing theory, in the
// style of validation_test.go (agree: the closed form within the simulated
// mean +- t_{0.9995, n-1} standard errors across replications, a 99.9 %
// interval; the log says whether it is also inside the report's 95 % one).

import (
	"fmt"
	"math"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

// TestValidationSlowdownErlangC: a region of c = 4 servers with
// exponential service of mean s, under a service_slowdown of multiplier k
// that covers the whole run (hence the measured window), is an M/M/4
// queue of mean service k s: its mean wait is Erlang C's at k s, while the
// baseline's is Erlang C's at s. The slowdown starts at 0 (a warning: it
// starts in the warm-up) so that the measured requests see the slowed
// queue in steady state.
func TestValidationSlowdownErlangC(t *testing.T) {
	const (
		servers   = 4
		serviceMs = 4.0
		k         = 2.0
		rps       = 350.0 // utilization 0.35 at s, 0.70 at k s
		reps      = 10
		warmupS   = 20.0
	)
	duration := warmupS + 3e5*validationScale/2/rps
	m := Model{
		Regions:  []Region{{Name: "r", Location: "aws:us-east-1", Instances: servers, ServiceTimeMs: serviceMs}},
		Workload: Workload{Origins: []Origin{{Location: "aws:us-east-1", RPS: rps}}},
		Scenarios: []Scenario{{Name: "slow", Faults: []Fault{
			{Type: FaultServiceSlowdown, Region: "r", Multiplier: k, AtS: 0},
		}}},
		Run: RunSettings{DurationS: ptr(duration), WarmupS: ptr(warmupS), Replications: reps, Seed: ptrTo[uint64](31)},
	}
	rep := runData(t, m)
	lambda := rps / 1000 // per ms
	for i, sc := range rep.Scenarios {
		mean := serviceMs
		if i == 1 {
			mean *= k
		}
		r := sc.Regions[0]
		name := fmt.Sprintf("%s: M/M/4 at %g ms", sc.Name, mean)
		agree(t, name+" utilization", r.Utilization, queueing.Utilization(lambda, 1/mean, servers), 0, reps)
		agree(t, name+" mean wait (ms)", r.MeanWait, queueing.MMcMeanWait(lambda, 1/mean, servers), 0, reps)
		agree(t, name+" mean sojourn (ms)", r.MeanSojourn, queueing.MMcMeanSojourn(lambda, 1/mean, servers), 0, reps)
	}
}

// TestValidationSlowdownGrayFailure: a short slowdown of the region an
// origin is routed to raises the latency of that window while the routing
// policy's health checks, whose probes queue like requests but are served
// well within their timeout, never mark the region down: a gray failure.
// Requests keep going to the slowed region, none fail, and p99 climbs.
func TestValidationSlowdownGrayFailure(t *testing.T) {
	const (
		atS, forS = 30.0, 15.0
		k         = 3.0
		reps      = 4
	)
	m := failoverModel(1000, 2, 3, 1000, 5, reps)
	// 10 servers of 5 ms at 600 rps: utilization 0.3 before the slowdown
	// and 0.9 during it, still a stable queue whose waits stay far below
	// the probes' 1000 ms timeout.
	m.Workload.Origins[0].RPS = 600
	m.Scenarios = []Scenario{{Name: "near-slow", Faults: []Fault{
		{Type: FaultServiceSlowdown, Region: "near", Multiplier: k, AtS: atS, DurationS: forS},
	}}}
	rep := runData(t, m)
	base, slow := rep.Scenarios[0], rep.Scenarios[1]
	rr := slow.Routing
	if rr == nil || len(rr.Faults) != 1 {
		t.Fatalf("routing result %+v: want the slowdown's detection reported", rr)
	}
	t.Logf("health checks marked the slowed region down in %.0f %% of the replications", 100*rr.Faults[0].Detected)
	if rr.Faults[0].Detected != 0 {
		t.Errorf("the health checks marked the slowed region down (%.2f of replications): a slowdown within the probe timeout must stay gray", rr.Faults[0].Detected)
	}
	if slow.Availability.Mean != 1 {
		t.Errorf("availability %.5f: a slowdown within the timeouts must fail no request", slow.Availability.Mean)
	}
	window := func(tl []TimelinePoint) (p99 float64) {
		n := 0
		for _, pt := range tl {
			if pt.TimeS >= atS+2 && pt.TimeS < atS+forS {
				p99 += pt.P99Ms
				n++
			}
		}
		return p99 / float64(n)
	}
	b, s := window(base.Timeline), window(slow.Timeline)
	// The M/M/10 p99 sojourn at 15 ms and utilization 0.9 against 5 ms at
	// 0.3, plus the same network round trip in both.
	lambda := 600.0 / 1000
	theoryRise := queueing.MMcSojournQuantile(lambda, 1/(5*k), 10, 0.99) - queueing.MMcSojournQuantile(lambda, 1/5.0, 10, 0.99)
	t.Logf("p99 of the seconds %g-%g s: baseline %.1f ms, slowed %.1f ms (+%.1f ms; M/M/10 p99 sojourn rises by %.1f ms in steady state)",
		atS+2, atS+forS, b, s, s-b, theoryRise)
	if !(s > b+theoryRise/2) || math.IsNaN(s) {
		t.Errorf("p99 during the slowdown %.1f ms vs %.1f ms: it should climb by about %.0f ms", s, b, theoryRise)
	}
	if slow.Routing.AttemptsPerRequest.Mean > 1+1e-9 {
		t.Errorf("%.4f attempts per request: nothing should be retried", slow.Routing.AttemptsPerRequest.Mean)
	}
}
