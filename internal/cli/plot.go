package cli

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// latencyQuantiles are the points of the latency distribution a report
// holds: the quantile and how to read its estimate.
var latencyQuantiles = []struct {
	q     float64
	label string
	get   func(simulator.Latency) simulator.Estimate
}{
	{0.50, "p50", func(l simulator.Latency) simulator.Estimate { return l.P50 }},
	{0.95, "p95", func(l simulator.Latency) simulator.Estimate { return l.P95 }},
	{0.99, "p99", func(l simulator.Latency) simulator.Estimate { return l.P99 }},
	{0.999, "p99.9", func(l simulator.Latency) simulator.Estimate { return l.P999 }},
}

// nines maps a quantile to -log10(1-q), so that p50, p95, p99 and p99.9 are
// spread evenly enough to read the tail.
func nines(q float64) float64 { return -math.Log10(1 - q) }

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileStem turns an address or scenario name into a file name part.
func fileStem(s string) string {
	return strings.Trim(unsafeFileChars.ReplaceAllString(s, "_"), "_.")
}

// writePlots writes, for each result and scenario, the latency
// distribution of each origin and the success ratio, p99 and offered load
// over time as
// PNG and SVG into dir, and returns the files written. The report holds four quantiles per origin (p50, p95, p99,
// p99.9, each a mean across replications), so the curve joins those four
// points; the plot's title says so.
func writePlots(dir string, results []result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, r := range results {
		for _, s := range r.Report.Scenarios {
			p := plot.New()
			p.Title.Text = fmt.Sprintf("%s, scenario %s: latency by origin\n(from the report's p50/p95/p99/p99.9 only; means over %d replications)",
				r.Address, s.Name, r.Report.Replications)
			p.X.Label.Text = "client-side latency (ms)"
			p.Y.Label.Text = "quantile"
			var ticks []plot.Tick
			for _, lq := range latencyQuantiles {
				ticks = append(ticks, plot.Tick{Value: nines(lq.q), Label: lq.label})
			}
			p.Y.Tick.Marker = plot.ConstantTicks(ticks)
			p.Y.Min, p.Y.Max = 0, nines(0.999)*1.05
			p.Legend.Top = true
			p.Legend.Left = true
			p.Add(plotter.NewGrid())
			var lines []any
			for _, o := range s.Origins {
				if o.Latency == nil {
					continue // none of its requests succeeded: nothing to draw
				}
				var xys plotter.XYs
				for _, lq := range latencyQuantiles {
					x := lq.get(*o.Latency).Mean
					if math.IsNaN(x) || math.IsInf(x, 0) {
						continue
					}
					xys = append(xys, plotter.XY{X: x, Y: nines(lq.q)})
				}
				if len(xys) == 0 {
					continue
				}
				lines = append(lines, fmt.Sprintf("%s (served by %s)", o.Name, o.ServedBy), xys)
			}
			if len(lines) > 0 {
				if err := plotutil.AddLinePoints(p, lines...); err != nil {
					return files, err
				}
			}
			stem := fileStem(r.Address) + "-" + fileStem(s.Name)
			saved, err := savePlot(p, filepath.Join(dir, stem+"-latency"))
			files = append(files, saved...)
			if err != nil {
				return files, err
			}
			if len(s.Timeline) == 0 {
				continue
			}
			saved, err = timelinePlots(r, s, filepath.Join(dir, stem))
			files = append(files, saved...)
			if err != nil {
				return files, err
			}
		}
	}
	return files, nil
}

// savePlot writes p as PNG and SVG next to stem.
func savePlot(p *plot.Plot, stem string) ([]string, error) {
	var files []string
	for _, ext := range []string{"png", "svg"} {
		name := stem + "." + ext
		if err := p.Save(7*vg.Inch, 4.5*vg.Inch, name); err != nil {
			return files, fmt.Errorf("saving %s: %w", name, err)
		}
		files = append(files, name)
	}
	return files, nil
}

// timelinePlots writes a scenario's success ratio, p99 and offered load
// over time (one point per timeline step, step_s: a second up to 3600 s;
// means over replications), with a dashed line at each fault's start, so a fault's effect and the recovery can be
// read off: "-success", "-p99" and "-load" next to stem.
func timelinePlots(r result, s simulator.ScenarioResult, stem string) ([]string, error) {
	var faults []simulator.Fault
	for _, sc := range r.Model.Scenarios {
		if sc.Name == s.Name {
			faults = sc.Faults
		}
	}
	var files []string
	for _, panel := range []struct {
		suffix, ylabel string
		value          func(simulator.TimelinePoint) (float64, bool)
	}{
		{"success", "success ratio (of the requests issued in each step)", func(p simulator.TimelinePoint) (float64, bool) { return p.SuccessRatio, p.Requests > 0 }},
		{"p99", "p99 latency of successful requests (ms)", func(p simulator.TimelinePoint) (float64, bool) { return p.P99Ms, p.SuccessRatio > 0 }},
		{"load", "offered load (rps: rps x load_profile, surges included)", func(p simulator.TimelinePoint) (float64, bool) { return p.OfferedRPS, p.StepS > 0 }},
	} {
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s, scenario %s: %s over time\n(means over %d replications; dashed: fault starts)", r.Address, s.Name, panel.suffix, r.Report.Replications)
		p.X.Label.Text = "simulated time (s)"
		p.Y.Label.Text = panel.ylabel
		p.Add(plotter.NewGrid())
		// Each point stands for the requests issued in its step: plot it at
		// the step's middle.
		var xys plotter.XYs
		top := 0.0
		for _, pt := range s.Timeline {
			if v, ok := panel.value(pt); ok && !math.IsNaN(v) && !math.IsInf(v, 0) {
				xys = append(xys, plotter.XY{X: pt.TimeS + pt.StepS/2, Y: v})
				top = math.Max(top, v)
			}
		}
		if len(xys) > 0 {
			line, err := plotter.NewLine(xys)
			if err != nil {
				return files, err
			}
			p.Add(line)
		}
		if panel.suffix == "success" {
			p.Y.Min, p.Y.Max, top = 0, 1.02, 1
		}
		for _, f := range faults {
			mark, err := plotter.NewLine(plotter.XYs{{X: f.AtS, Y: 0}, {X: f.AtS, Y: top}})
			if err != nil {
				return files, err
			}
			mark.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			p.Add(mark)
			p.Legend.Add(fmt.Sprintf("%s at %g s", f.Type, f.AtS), mark)
		}
		saved, err := savePlot(p, stem+"-"+panel.suffix)
		files = append(files, saved...)
		if err != nil {
			return files, err
		}
	}
	return files, nil
}
