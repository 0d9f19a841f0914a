package cli

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// sweepMetric is one figure a sweep plots against its first parameter.
type sweepMetric struct {
	name, label string
	// clause is the SLA clause that bounds the figure.
	clause string
	get    func(simulator.ScenarioResult) simulator.Estimate
	// nines draws the figure on the nines scale (a ratio near 1).
	nines bool
}

var sweepMetrics = []sweepMetric{
	{"p50_ms", "p50 latency (ms)", "latency_p50_ms", func(s simulator.ScenarioResult) simulator.Estimate { return s.Latency.P50 }, false},
	{"p99_ms", "p99 latency (ms)", "latency_p99_ms", func(s simulator.ScenarioResult) simulator.Estimate { return s.Latency.P99 }, false},
	{"availability", "availability (nines scale)", "availability", func(s simulator.ScenarioResult) simulator.Estimate { return s.Availability }, true},
}

// maxListedErrors is how many points that could not be simulated the
// legend lists one by one; the CSV's error column holds every one.
const maxListedErrors = 6

// writeSweepPlots writes one plot per metric (p50, p99, availability)
// against the first parameter, one curve per scenario and combination of
// the other parameters, each with its 95 % interval shaded; the SLA's
// target for the metric as a red line; a red cross on each point whose
// clause fails there (the scenario's verdict when the SLA does not bound
// the metric); and a grey cross on the x axis, listed in the legend with
// its reason, at each point that could not be simulated, so that no point
// of the sweep disappears from the picture.
func writeSweepPlots(dir, address string, params []param, rows []sweepRow) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, mt := range sweepMetrics {
		f, err := sweepChart(address, params, rows, mt)
		if err != nil {
			return files, err
		}
		saved, err := f.save(filepath.Join(dir, "sweep-"+mt.name))
		files = append(files, saved...)
		if err != nil {
			return files, err
		}
	}
	return files, nil
}

// sweepSeries is one curve of a sweep plot.
type sweepSeries struct {
	mean, lo, hi, failed, marginal plotter.XYs
}

func sweepChart(address string, params []param, rows []sweepRow, mt sweepMetric) (*chart, error) {
	f := newChart(fmt.Sprintf("%s: %s against %s\n(shaded: 95 %% interval over replications; red ×: SLA clause fails)", address, mt.label, params[0].Name),
		params[0].Name, mt.label)
	f.Title.Text = strings.Replace(f.Title.Text, "(nines scale) ", "", 1)

	// The y values, before the nines axis is scaled: the cap of a nines
	// axis (where 100 % is drawn) depends on every point.
	target, status := math.NaN(), map[string]bool{}
	highest := 0.0
	for _, r := range rows {
		if r.Report == nil {
			continue
		}
		for _, s := range r.Report.Scenarios {
			for _, c := range s.SLA {
				if c.Clause == mt.clause && c.Origin == "" && c.Operation == "" && finite(c.Target) {
					target = c.Target
					status[c.Status] = true
				}
			}
			if e := mt.get(s); mt.nines && e.Mean < 1 {
				highest = math.Max(highest, nines(e.Mean)+0.3)
			}
		}
	}
	y := func(v float64) float64 { return v }
	if mt.nines {
		if finite(target) {
			highest = math.Max(highest, nines(target)+1)
		}
		capAt := math.Min(math.Ceil(math.Max(highest, 1)*2)/2, 7)
		y = func(v float64) float64 {
			if v >= 1 {
				return capAt
			}
			return math.Min(nines(math.Max(v, 0)), capAt)
		}
		f.Y.Tick.Marker = ninesTicks{capAt: capAt}
		f.Y.Min, f.Y.Max = 0, capAt+0.1
	} else {
		// Latencies: the range of the intervals and the target, not from
		// 0, so that the rise towards the target is readable.
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, r := range rows {
			if r.Report == nil {
				continue
			}
			for _, s := range r.Report.Scenarios {
				if e := mt.get(s); finite(e.Mean) {
					lo, hi = math.Min(lo, e.Low), math.Max(hi, e.High)
				}
			}
		}
		if finite(target) {
			lo, hi = math.Min(lo, target), math.Max(hi, target)
		}
		if lo <= hi {
			pad := math.Max(0.08*(hi-lo), 0.02*hi)
			f.Y.Min, f.Y.Max = math.Max(0, lo-pad), hi+pad
		}
	}

	series := map[string]*sweepSeries{}
	var order []string
	var errored []sweepRow
	for _, r := range rows {
		if r.Report == nil {
			errored = append(errored, r)
			continue
		}
		var other []string
		for j := 1; j < len(params); j++ {
			other = append(other, fmt.Sprintf("%s=%g", params[j].Name, r.Point.Values[j]))
		}
		for _, s := range r.Report.Scenarios {
			e := mt.get(s)
			if !finite(e.Mean) {
				continue
			}
			key := strings.Join(append([]string{s.Name}, other...), ", ")
			sr, ok := series[key]
			if !ok {
				sr = &sweepSeries{}
				series[key] = sr
				order = append(order, key)
			}
			x := r.Point.Values[0]
			pt := plotter.XY{X: x, Y: y(e.Mean)}
			sr.mean = append(sr.mean, pt)
			sr.lo = append(sr.lo, plotter.XY{X: x, Y: y(e.Low)})
			sr.hi = append(sr.hi, plotter.XY{X: x, Y: y(e.High)})
			switch verdict := clauseVerdict(s, mt.clause); verdict {
			case report.VerdictFail:
				sr.failed = append(sr.failed, pt)
			case report.VerdictMarginal:
				sr.marginal = append(sr.marginal, pt)
			}
		}
	}

	var anyFailed, anyMarginal bool
	for i, key := range order {
		sr := series[key]
		sty := seriesStyle(i)
		if err := f.addBand(sr.lo, sr.hi, sty.Color); err != nil {
			return nil, err
		}
		l, pts, err := plotter.NewLinePoints(sr.mean)
		if err != nil {
			return nil, err
		}
		l.LineStyle = sty
		pts.GlyphStyle = draw.GlyphStyle{Color: sty.Color, Shape: draw.CircleGlyph{}, Radius: vg.Points(2.5)}
		f.Add(l, pts)
		f.legend.Add(key, l, pts)
		if err := f.addGlyphs(sr.failed, boldCross{}, targetColor, 6); err != nil {
			return nil, err
		}
		if err := f.addGlyphs(sr.marginal, draw.RingGlyph{}, marginalColor, 5); err != nil {
			return nil, err
		}
		anyFailed = anyFailed || len(sr.failed) > 0
		anyMarginal = anyMarginal || len(sr.marginal) > 0
	}
	what := "the SLA's " + mt.clause
	if !finite(target) {
		what = "the scenario's SLA (no " + mt.clause + " target)"
	}
	if anyFailed {
		f.legend.Add(what+" fails here", glyphThumb(boldCross{}, targetColor, 6))
	}
	if anyMarginal {
		f.legend.Add(what+" is marginal here", glyphThumb(draw.RingGlyph{}, marginalColor, 5))
	}
	if finite(target) {
		xmin, xmax := params[0].Values[0], params[0].Values[0]
		for _, v := range params[0].Values {
			xmin, xmax = math.Min(xmin, v), math.Max(xmax, v)
		}
		sty := draw.LineStyle{Color: targetColor, Width: vg.Points(2), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}}
		label := fmt.Sprintf("SLA %s ≤ %g ms", mt.clause, target)
		if mt.nines {
			label = fmt.Sprintf("SLA %s ≥ %s", mt.clause, ninesLabel(nines(target)))
		}
		if err := f.addLine(label, plotter.XYs{{X: xmin, Y: y(target)}, {X: xmax, Y: y(target)}}, sty); err != nil {
			return nil, err
		}
	}
	if len(errored) > 0 {
		var xys plotter.XYs
		for _, r := range errored {
			xys = append(xys, plotter.XY{X: r.Point.Values[0], Y: f.Y.Min})
		}
		if err := f.addGlyphs(xys, draw.CrossGlyph{}, errorColor, 7); err != nil {
			return nil, err
		}
		f.legend.Add(fmt.Sprintf("%d point(s) not simulated (on the x axis):", len(errored)), glyphThumb(draw.CrossGlyph{}, errorColor, 7))
		for i, r := range errored {
			if i == maxListedErrors {
				f.legend.Add(fmt.Sprintf("  … and %d more (the CSV's error column)", len(errored)-i))
				break
			}
			var at []string
			for j, p := range params {
				at = append(at, fmt.Sprintf("%s=%g", p.Name, r.Point.Values[j]))
			}
			f.legend.Add("  " + strings.Join(at, ", ") + ":")
			for _, line := range wrap(r.Err, 64, 2) {
				f.legend.Add("    " + line)
			}
		}
	}
	return f, nil
}

// clauseVerdict is the status of the scenario's global clause, or its
// verdict when the SLA has no such clause.
func clauseVerdict(s simulator.ScenarioResult, clause string) string {
	for _, c := range s.SLA {
		if c.Clause == clause && c.Origin == "" && c.Operation == "" {
			return c.Status
		}
	}
	return report.ScenarioVerdict(s)
}

// addGlyphs marks points with a glyph, drawn over the curves.
func (f *chart) addGlyphs(xys plotter.XYs, shape draw.GlyphDrawer, c color.Color, radius float64) error {
	if len(xys) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: c, Shape: shape, Radius: vg.Points(radius)}
	f.Add(sc)
	return nil
}

// glyphThumb is a legend thumbnail of one glyph.
func glyphThumb(shape draw.GlyphDrawer, c color.Color, radius float64) *plotter.Scatter {
	sc, _ := plotter.NewScatter(plotter.XYs{{}})
	sc.GlyphStyle = draw.GlyphStyle{Color: c, Shape: shape, Radius: vg.Points(radius)}
	return sc
}

// boldCross is draw.CrossGlyph with strokes thick enough to see over a
// curve's own point.
type boldCross struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (boldCross) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(2)})
	r := sty.Radius * vg.Length(math.Cos(math.Pi/4))
	for _, d := range []vg.Length{r, -r} {
		var p vg.Path
		p.Move(vg.Point{X: pt.X - r, Y: pt.Y - d})
		p.Line(vg.Point{X: pt.X + r, Y: pt.Y + d})
		c.Stroke(p)
	}
}
