package cli

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// p99Chart is a scenario's p99 latency per timeline step (the mean of the
// replications' p99s of the step's successful requests) with the SLA's
// p99 target and the fault, detection and RTO marks: how far a fault
// pushes the tail and when it comes back.
func p99Chart(address string, reps int, m simulator.Model, s simulator.ScenarioResult) (*chart, error) {
	step := 1.0
	if len(s.Timeline) > 0 {
		step = s.Timeline[0].StepS
	}
	f := newChart(fmt.Sprintf("%s, scenario %s: p99 latency over time\n(each point: successful requests issued in a %g s step, mean over %d replications)", address, s.Name, step, reps),
		"simulated time (s)", "p99 latency of the step's successful requests (ms)")
	var xys plotter.XYs
	top := 0.0
	for _, pt := range s.Timeline {
		if pt.SuccessRatio > 0 && finite(pt.P99Ms) {
			xys = append(xys, plotter.XY{X: pt.TimeS + pt.StepS/2, Y: pt.P99Ms})
			top = math.Max(top, pt.P99Ms)
		}
	}
	target := math.NaN()
	status := ""
	for _, c := range s.SLA {
		if c.Clause == "latency_p99_ms" && c.Origin == "" && c.Operation == "" && finite(c.Target) {
			target, status = c.Target, c.Status
			top = math.Max(top, c.Target)
		}
	}
	if top == 0 {
		top = 1
	}
	sp := spanOf(m, s)
	f.X.Min, f.X.Max = 0, sp.end
	f.Y.Min, f.Y.Max = 0, top*1.15
	if err := addTimeMarks(f, s, scenarioFaults(m, s), sp, f.Y.Min, f.Y.Max); err != nil {
		return nil, err
	}
	if err := f.addLine("p99 of the step", xys, seriesStyle(0)); err != nil {
		return nil, err
	}
	if finite(target) {
		sty := draw.LineStyle{Color: targetColor, Width: vg.Points(2), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}}
		name := fmt.Sprintf("SLA latency_p99_ms ≤ %g ms (over the whole run: %s)", target, status)
		if err := f.addLine(name, plotter.XYs{{X: 0, Y: target}, {X: sp.end, Y: target}}, sty); err != nil {
			return nil, err
		}
	}
	return f, nil
}
