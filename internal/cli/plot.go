package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

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

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileStem turns an address or scenario name into a file name part.
func fileStem(s string) string {
	return strings.Trim(unsafeFileChars.ReplaceAllString(s, "_"), "_.")
}

// namedChart is one chart of a scenario and the suffix of its files.
type namedChart struct {
	suffix string
	make   func() (*chart, error)
}

// writePlots writes, for each result and scenario, the latency
// distribution of each origin (plot_latency.go), and the success ratio
// (plot_success.go) and p99 (plot_p99.go) over time with the faults,
// detection and RTO marked (plot_faults.go), and, where a region
// autoscales, its instances over time (plot_instances.go), each as PNG and
// SVG into dir, and returns the files written.
func writePlots(dir string, results []result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, r := range results {
		reps := r.Report.Replications
		for _, s := range r.Report.Scenarios {
			stem := filepath.Join(dir, fileStem(r.Address)+"-"+fileStem(s.Name))
			charts := []namedChart{
				{"latency", func() (*chart, error) { return latencyChart(r.Address, reps, s) }},
				{"success", func() (*chart, error) { return successChart(r.Address, reps, r.Model, s) }},
				{"p99", func() (*chart, error) { return p99Chart(r.Address, reps, r.Model, s) }},
			}
			if hasInstances(s) {
				charts = append(charts, namedChart{"instances", func() (*chart, error) { return instancesChart(r.Address, reps, r.Model, s) }})
			}
			for i, c := range charts {
				if i > 0 && len(s.Timeline) == 0 {
					break // a report without a timeline has nothing over time
				}
				f, err := c.make()
				if err != nil {
					return files, err
				}
				saved, err := f.save(stem + "-" + c.suffix)
				files = append(files, saved...)
				if err != nil {
					return files, err
				}
			}
		}
	}
	return files, nil
}
