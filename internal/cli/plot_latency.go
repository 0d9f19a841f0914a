package cli

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// latencyClauseQuantiles are the SLA's latency clauses and the quantile
// each bounds.
var latencyClauseQuantiles = map[string]float64{
	"latency_p50_ms": 0.50, "latency_p95_ms": 0.95, "latency_p99_ms": 0.99, "latency_p999_ms": 0.999,
}

// quantileName is "p99" for 0.99, "p99.9" for 0.999.
func quantileName(q float64) string {
	return "p" + strings.TrimSuffix(fmt.Sprintf("%.4g", 100*q), ".0")
}

// curveTop is the highest quantile the latency plot shows, p99.99 (the
// last of the report's curve).
const curveTop = 0.9999

// latencyChart is a scenario's latency distribution per origin: x the
// latency, y the quantile on the nines scale (so p99 and p99.9 get as much
// room as the median), one curve per origin from the report's latency_cdf
// with its 95 % interval shaded, the pooled p50-p99.9 of every origin as
// diamonds, and each latency target of the SLA as a red bar: a curve that
// crosses the bar at its height misses that target.
func latencyChart(address string, reps int, s simulator.ScenarioResult) (*chart, error) {
	f := newChart(fmt.Sprintf("%s, scenario %s: latency distribution by origin\n(shaded: 95 %% interval over %d replications; red bars: SLA targets)", address, s.Name, reps),
		"client-side latency of successful requests (ms)", "share of requests faster (nines scale)")
	f.Y.Tick.Marker = ninesTicks{}
	f.Y.Min, f.Y.Max = 0, nines(curveTop)+0.1
	xmax := 0.0
	for _, o := range s.Origins {
		for _, pt := range o.LatencyCDF {
			if finite(pt.CIHigh) {
				xmax = math.Max(xmax, pt.CIHigh)
			}
		}
	}
	targets := latencyTargets(s)
	for _, t := range targets {
		xmax = math.Max(xmax, t.ms)
	}
	xmax *= 1.08
	if xmax == 0 {
		xmax = 1
	}
	f.X.Min, f.X.Max = 0, xmax

	color := map[string]int{} // origin name -> series index
	for i, o := range s.Origins {
		color[o.Name] = i
		sty := seriesStyle(i)
		name := fmt.Sprintf("%s (served by %s)", o.Name, o.ServedBy)
		var line, lo, hi plotter.XYs
		for _, pt := range o.LatencyCDF {
			if !finite(pt.Ms) || !finite(pt.CILow) || !finite(pt.CIHigh) {
				continue
			}
			y := nines(pt.Q)
			line = append(line, plotter.XY{X: pt.Ms, Y: y})
			lo = append(lo, plotter.XY{X: pt.CILow, Y: y})
			hi = append(hi, plotter.XY{X: pt.CIHigh, Y: y})
		}
		if len(line) == 0 {
			// Nothing succeeded: say so rather than leave the origin out.
			f.legend.Add(name + ": no successful request")
			continue
		}
		if err := f.addBand(lo, hi, sty.Color); err != nil {
			return nil, err
		}
		if err := f.addLine(name, line, sty); err != nil {
			return nil, err
		}
	}

	// The pooled quantiles of every origin, which the global targets bound.
	var pooled plotter.XYs
	for _, lq := range latencyQuantiles {
		if x := lq.get(s.Latency).Mean; finite(x) && x > 0 {
			pooled = append(pooled, plotter.XY{X: x, Y: nines(lq.q)})
		}
	}
	if len(pooled) > 0 {
		sc, err := plotter.NewScatter(pooled)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Shape: draw.PyramidGlyph{}, Radius: vg.Points(3.5)}
		f.Add(sc)
		f.legend.Add("all origins pooled: p50, p95, p99, p99.9", sc)
	}

	// A target is a wall: a red bar from the target to the right, with a
	// tick at the target; a curve that crosses it at the bar's height
	// misses the target. A per-origin target is in the origin's colour,
	// dashed, just below the height, so that it does not hide a global
	// target on the same quantile.
	wall := 0.12 * xmax
	for _, t := range targets {
		c := targetColor
		who := "all origins"
		y := nines(t.q)
		sty := draw.LineStyle{Color: c, Width: vg.Points(3)}
		if t.origin != "" {
			c = palette[color[t.origin]%len(palette)]
			who = t.origin
			y -= 0.06
			sty = draw.LineStyle{Color: c, Width: vg.Points(3), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}
		}
		label := fmt.Sprintf("SLA %s ≤ %g ms (%s): %s", quantileName(t.q), t.ms, who, t.status)
		if err := f.addLine(label, plotter.XYs{{X: t.ms, Y: y}, {X: math.Min(t.ms+wall, xmax), Y: y}}, sty); err != nil {
			return nil, err
		}
		tick := draw.LineStyle{Color: c, Width: vg.Points(1.5)}
		if err := f.addLine("", plotter.XYs{{X: t.ms, Y: y - 0.07}, {X: t.ms, Y: y + 0.07}}, tick); err != nil {
			return nil, err
		}
		text := fmt.Sprintf("%s ≤ %g ms", quantileName(t.q), t.ms)
		if t.origin != "" {
			text += " (" + t.origin + ")"
		}
		if err := f.addText(t.ms, y+0.04, text, c); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// latencyTarget is one latency clause of a scenario.
type latencyTarget struct {
	q      float64
	ms     float64
	origin string // empty for a global target
	status string
}

// latencyTargets are the scenario's latency clauses on every origin's
// requests or on one origin's (an operation's are on its own requests,
// which the plot does not draw).
func latencyTargets(s simulator.ScenarioResult) []latencyTarget {
	var out []latencyTarget
	for _, c := range s.SLA {
		q, ok := latencyClauseQuantiles[c.Clause]
		if !ok || c.Operation != "" || !finite(c.Target) {
			continue
		}
		out = append(out, latencyTarget{q: q, ms: c.Target, origin: c.Origin, status: c.Status})
	}
	return out
}
