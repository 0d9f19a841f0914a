package simulator

import (
	"math"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// latencyCurve is origin o's latency at each of engine.CurveQuantiles:
// per quantile, the replications' sketch values combined by
// quantileEstimate, as the report's p50 to p99.9 are (so the curve passes
// through them exactly). A replication in which none of the origin's
// requests succeeded holds no curve and is left out, as its NaN quantiles
// are out of Latency; nil when no replication has one.
func latencyCurve(o int, results []*engine.Result) []QuantilePoint {
	measured := false
	for _, r := range results {
		measured = measured || r.Origins[o].Curve != nil
	}
	if !measured {
		return nil
	}
	out := make([]QuantilePoint, len(engine.CurveQuantiles))
	xs := make([]float64, len(results))
	for k, q := range engine.CurveQuantiles {
		for i, r := range results {
			xs[i] = math.NaN()
			if c := r.Origins[o].Curve; c != nil {
				xs[i] = c[k]
			}
		}
		e := quantileEstimate(xs)
		out[k] = QuantilePoint{Q: q, Ms: e.Mean, CILow: e.Low, CIHigh: e.High}
	}
	return out
}
