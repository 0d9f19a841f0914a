package simulator

import (
	"math"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

// boundsModel is one region with exponential service and clients at the
// given location.
func boundsModel(region, origin string, rps, serviceMs float64, concurrency int, p99 float64) Model {
	m := Model{
		Regions:  []Region{{Name: "solo", Location: region, Instances: 3, Concurrency: concurrency, ServiceTimeMs: serviceMs}},
		Workload: Workload{Origins: []Origin{{Name: "clients", Location: origin, RPS: rps}}},
		SLA:      SLA{LatencyP99Ms: &p99},
	}
	ApplyDefaults(&m)
	return m
}

// TestCapacityBoundsMMc: for one M/M/c region the Erlang C count is the
// fewest instances whose p99 time in the region, computed directly from
// the M/M/c sojourn distribution, fits in the target less the round trip;
// the stable count is the fewest whose capacity exceeds the load; the ample
// count makes the probability of waiting at most AmpleWaitProbability at a
// utilization of at most AmpleUtilization, and one fewer does not.
func TestCapacityBoundsMMc(t *testing.T) {
	const rps, serviceMs, conc = 900.0, 20.0, 4
	loc := "geo:45,10"
	l, _ := geo.Parse(loc)
	rtt := geo.RoundTrip(l, l).Ms
	mu := 1000 / serviceMs
	for _, target := range []float64{110, 150, 300} {
		b, err := CapacityBounds(boundsModel(loc, loc, rps, serviceMs, conc, target))
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for n := 1; n < 1000; n++ {
			if rps < float64(n*conc)*mu && rtt+1000*queueing.MMcSojournQuantile(rps, mu, n*conc, 0.99) <= target {
				want = n
				break
			}
		}
		got := b[0]
		if got.ErlangC != want || got.LatencyFloor {
			t.Errorf("target %g ms: Erlang C %d (floor %v), want %d", target, got.ErlangC, got.LatencyFloor, want)
		}
		if stable := int(math.Floor(rps/(conc*mu))) + 1; got.Stable != stable {
			t.Errorf("stable %d, want %d", got.Stable, stable)
		}
		a := rps / mu
		ok := func(n int) bool {
			c := n * conc
			return a <= AmpleUtilization*float64(c) && queueing.ErlangC(c, a) <= AmpleWaitProbability
		}
		if !ok(got.Ample) || got.Ample > 3 && ok(got.Ample-1) {
			t.Errorf("ample %d: not the fewest with a negligible wait", got.Ample)
		}
	}
}

// TestCapacityBoundsFloor: a p99 target below the round trip plus the
// exponential service time's p99 (about 4.6 mean service times) is out of
// reach at any count: ErlangC 0 and LatencyFloor set. Just above it, a
// count exists.
func TestCapacityBoundsFloor(t *testing.T) {
	const serviceMs = 10.0
	tokyo, _ := geo.Parse("aws:ap-northeast-1")
	virginia, _ := geo.Parse("aws:us-east-1")
	rtt := geo.RoundTrip(tokyo, virginia).Ms
	floor := rtt + serviceMs*math.Log(100)
	below, err := CapacityBounds(boundsModel("aws:us-east-1", "aws:ap-northeast-1", 100, serviceMs, 4, floor-1))
	if err != nil {
		t.Fatal(err)
	}
	if below[0].ErlangC != 0 || !below[0].LatencyFloor {
		t.Errorf("target 1 ms below the floor %.1f ms: %+v", floor, below[0])
	}
	above, err := CapacityBounds(boundsModel("aws:us-east-1", "aws:ap-northeast-1", 100, serviceMs, 4, floor+5))
	if err != nil {
		t.Fatal(err)
	}
	if above[0].ErlangC == 0 || above[0].LatencyFloor {
		t.Errorf("target 5 ms above the floor %.1f ms: %+v", floor, above[0])
	}
	// The offered requests' p99 round trip is that one origin's.
	if q, err := OfferedRoundTripQuantileMs(boundsModel("aws:us-east-1", "aws:ap-northeast-1", 100, serviceMs, 4, floor), 0.99); err != nil || q != rtt {
		t.Errorf("round trip quantile %v (%v), want %v", q, err, rtt)
	}
}

// TestCapacityBoundsSurgeAndLoss: the ample count covers the heaviest
// traffic surge of any scenario on the servers a partial capacity_loss
// leaves.
func TestCapacityBoundsSurgeAndLoss(t *testing.T) {
	m := boundsModel("geo:45,10", "geo:45,10", 400, 10, 2, 100)
	plain, err := CapacityBounds(m)
	if err != nil {
		t.Fatal(err)
	}
	m.Scenarios = []Scenario{
		{Name: "surge", Faults: []Fault{{Type: FaultTrafficSurge, Origin: "clients", Multiplier: 3, AtS: 1, DurationS: 2}}},
		{Name: "loss", Faults: []Fault{{Type: FaultCapacityLoss, Region: "solo", Fraction: 0.5, AtS: 1, DurationS: 2}}},
	}
	faulty, err := CapacityBounds(m)
	if err != nil {
		t.Fatal(err)
	}
	a := 3 * 400 * 10 / 1000.0
	c := int(math.Floor(float64(faulty[0].Ample*2) * 0.5))
	if faulty[0].Ample <= plain[0].Ample || a > AmpleUtilization*float64(c) || queueing.ErlangC(c, a) > AmpleWaitProbability {
		t.Errorf("ample %d (without faults %d): does not carry 3x the load on half the servers", faulty[0].Ample, plain[0].Ample)
	}
}
