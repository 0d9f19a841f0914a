package cli

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gonum.org/v1/plot/plotter"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// hasInstances reports whether a scenario's timeline holds instances
// (some region autoscales): only then is there an instances chart.
func hasInstances(s simulator.ScenarioResult) bool {
	return len(s.Timeline) > 0 && len(s.Timeline[0].Instances) > 0
}

// instancesChart is, for a scenario in which some region autoscales, each
// autoscaled region's instances over time: serving (solid) and
// provisioned, that is paid (dashed: serving plus warming and draining),
// the means over the replications at each step's start, between the
// autoscaler's min and max, with the faults, detection and RTO marked. The
// gap between the two lines is the warm-up a scale out waits through.
func instancesChart(address string, reps int, m simulator.Model, s simulator.ScenarioResult) (*chart, error) {
	step := s.Timeline[0].StepS
	f := newChart(fmt.Sprintf("%s, scenario %s: instances over time\n(at each %g s step's start, mean over %d replications; dashed: provisioned, paid)", address, s.Name, step, reps),
		"simulated time (s)", "instances")
	sp := spanOf(m, s)
	top := 1.0
	series := 0
	for i, r := range m.Regions {
		a := r.Autoscaling
		if a == nil || i >= len(s.Timeline[0].Instances) {
			continue
		}
		var serving, provisioned plotter.XYs
		for _, pt := range s.Timeline {
			in := pt.Instances[i]
			serving = append(serving, plotter.XY{X: pt.TimeS, Y: in.Serving})
			provisioned = append(provisioned, plotter.XY{X: pt.TimeS, Y: in.Provisioned})
			top = math.Max(top, in.Provisioned)
		}
		top = math.Max(top, float64(a.MaxInstances))
		sty := seriesStyle(series)
		series++
		if err := f.addLine(fmt.Sprintf("%s serving", r.Name), serving, sty); err != nil {
			return nil, err
		}
		dashed := sty
		dashed.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		if err := f.addLine(fmt.Sprintf("%s provisioned", r.Name), provisioned, dashed); err != nil {
			return nil, err
		}
		bound := draw.LineStyle{Color: sty.Color, Width: vg.Points(0.75), Dashes: []vg.Length{vg.Points(1), vg.Points(3)}}
		for _, b := range []struct {
			name string
			n    int
		}{{"min_instances", a.MinInstances}, {"max_instances", a.MaxInstances}} {
			name := fmt.Sprintf("%s %s = %d", r.Name, b.name, b.n)
			if err := f.addLine(name, plotter.XYs{{X: 0, Y: float64(b.n)}, {X: sp.end, Y: float64(b.n)}}, bound); err != nil {
				return nil, err
			}
		}
	}
	f.X.Min, f.X.Max = 0, sp.end
	f.Y.Min, f.Y.Max = 0, math.Ceil(top*1.1)
	if err := addTimeMarks(f, s, scenarioFaults(m, s), sp, f.Y.Min, f.Y.Max); err != nil {
		return nil, err
	}
	return f, nil
}
