package engine

import "github.com/multiregion/terraform-provider-topology/simulator/internal/stats"

// CurveQuantiles are the quantiles at which each origin's latency
// distribution is read from its sketch for the report's latency curve
// (simulator.OriginResult.LatencyCDF): dense where a plot on the nines
// scale, -log10(1-q), spreads them (from 0.9 on, about eight per nine) and
// sparse below, where the body of the distribution changes slowly. It
// holds p50, p95, p99 and p99.9 exactly, so that the curve passes through
// the report's four quantiles.
var CurveQuantiles = []float64{
	0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85,
	0.9, 0.925, 0.95, 0.96, 0.97, 0.98, 0.985,
	0.99, 0.9925, 0.995, 0.996, 0.997, 0.998, 0.9985,
	0.999, 0.99925, 0.9995, 0.9996, 0.9997, 0.9998, 0.99985, 0.9999,
}

// curveOf reads sk at CurveQuantiles; nil when it holds no value (no
// successful request), so that the aggregate leaves the replication out.
func curveOf(sk *stats.Sketch, n int64) []float64 {
	if n == 0 {
		return nil
	}
	out := make([]float64, len(CurveQuantiles))
	for i, q := range CurveQuantiles {
		out[i] = sk.Quantile(q)
	}
	return out
}
