package simulator

import (
	"fmt"
	"math"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

// TestLatencyCDF: an origin's latency curve is, at every quantile, the
// round trip plus the M/M/1 sojourn quantile (exponential of rate mu -
// lambda) of a co-located origin at utilization 0.5 with no network jitter;
// tolerance: agree's 99.9 % interval plus the sketch's 0.5 %. Its points at
// p50, p95, p99 and p99.9 are the report's quantiles exactly (one sketch,
// one estimator), and it rises with q.
func TestLatencyCDF(t *testing.T) {
	const serviceMs, rho = 10.0, 0.5
	rps := rho * 1000 / serviceMs
	m := Model{
		Regions:  []Region{{Name: "r", Location: "aws:us-east-1", Instances: 1, ServiceTimeMs: serviceMs}},
		Workload: Workload{Origins: []Origin{{Location: "aws:us-east-1", RPS: rps, ReadRatio: ptr(0)}}},
		Network:  Network{JitterSigma: ptr(0.0)},
		Run:      RunSettings{DurationS: ptr(1010), WarmupS: ptr(10), Replications: 8, Seed: ptrTo[uint64](5)},
	}
	rep := runData(t, m)
	o := rep.Scenarios[0].Origins[0]
	if len(o.LatencyCDF) < 30 {
		t.Fatalf("latency curve has %d points, want at least 30", len(o.LatencyCDF))
	}
	loc, _ := geo.Parse("aws:us-east-1")
	rtt := geo.RoundTrip(loc, loc).Ms
	exact := map[float64]Estimate{0.5: o.Latency.P50, 0.95: o.Latency.P95, 0.99: o.Latency.P99, 0.999: o.Latency.P999}
	prev := math.Inf(-1)
	for _, pt := range o.LatencyCDF {
		e := Estimate{Mean: pt.Ms, Low: pt.CILow, High: pt.CIHigh}
		if !(pt.CILow <= pt.Ms && pt.Ms <= pt.CIHigh) {
			t.Errorf("q %g: %g ms outside its interval [%g, %g]", pt.Q, pt.Ms, pt.CILow, pt.CIHigh)
		}
		if pt.Ms < prev {
			t.Errorf("q %g: %g ms below the previous quantile's %g ms", pt.Q, pt.Ms, prev)
		}
		prev = pt.Ms
		if want, ok := exact[pt.Q]; ok && want != e {
			t.Errorf("q %g: curve %+v, report's quantile %+v", pt.Q, e, want)
		}
		// Below the p10 the sojourn is under 2 ms: the sketch's 0.5 %
		// of the round trip dominates, which agree allows for.
		theory := rtt + queueing.MMcSojournQuantile(rps/1000, 1/serviceMs, 1, pt.Q)
		agree(t, fmt.Sprintf("M/M/1 latency q%g (ms)", pt.Q), e, theory, sketchTolerance, rep.Replications)
	}
}
