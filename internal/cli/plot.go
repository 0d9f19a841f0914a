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
// distribution of each origin as PNG and SVG into dir, and returns the
// files written. The report holds four quantiles per origin (p50, p95, p99,
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
				var xys plotter.XYs
				for _, lq := range latencyQuantiles {
					x := lq.get(o.Latency).Mean
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
			stem := fileStem(r.Address) + "-" + fileStem(s.Name) + "-latency"
			for _, ext := range []string{"png", "svg"} {
				name := filepath.Join(dir, stem+"."+ext)
				if err := p.Save(7*vg.Inch, 4.5*vg.Inch, name); err != nil {
					return files, fmt.Errorf("saving %s: %w", name, err)
				}
				files = append(files, name)
			}
		}
	}
	return files, nil
}
