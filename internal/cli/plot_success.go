package cli

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// availabilityTarget is the success ratio a scenario is held to: the
// SLA's availability, else the one its RTO was measured against, else
// simulator.DefaultRTOAvailability; and whether the SLA sets it.
func availabilityTarget(s simulator.ScenarioResult) (float64, bool) {
	for _, c := range s.SLA {
		if c.Clause == "availability" && c.Origin == "" && c.Operation == "" && finite(c.Target) {
			return c.Target, true
		}
	}
	if s.Routing != nil && s.Routing.RTOTarget > 0 {
		return s.Routing.RTOTarget, false
	}
	return simulator.DefaultRTOAvailability, false
}

// successChart is a scenario's success ratio per timeline step on the
// nines scale, where a dip from 100 % to 99 % under a 99.9 % target is
// two nines down rather than a hair on a 0-1 axis. A step without a
// failure has no nines value (1 - 1 = 0): it is drawn on the axis's top,
// labelled 100 %, at least a nine above the target and above every step
// that failed, so a drop to the resolution of one step (one failure out
// of its requests) still shows below it.
func successChart(address string, reps int, m simulator.Model, s simulator.ScenarioResult) (*chart, error) {
	target, inSLA := availabilityTarget(s)
	step := 1.0
	if len(s.Timeline) > 0 {
		step = s.Timeline[0].StepS
	}
	f := newChart(fmt.Sprintf("%s, scenario %s: success ratio over time\n(each point: requests issued in a %g s step, pooled over %d replications)", address, s.Name, step, reps),
		"simulated time (s)", "success ratio (nines scale)")
	highest := nines(target) + 1
	for _, pt := range s.Timeline {
		if pt.Requests > 0 && pt.SuccessRatio < 1 {
			highest = math.Max(highest, nines(pt.SuccessRatio)+0.3)
		}
	}
	capAt := math.Min(math.Ceil(highest*2)/2, 7)
	f.Y.Tick.Marker = ninesTicks{capAt: capAt}
	f.Y.Min, f.Y.Max = 0, capAt+0.1
	sp := spanOf(m, s)
	f.X.Min, f.X.Max = 0, sp.end

	if err := addTimeMarks(f, s, scenarioFaults(m, s), sp, f.Y.Min, f.Y.Max); err != nil {
		return nil, err
	}
	var xys plotter.XYs
	for _, pt := range s.Timeline {
		if pt.Requests <= 0 {
			continue // nothing issued in the step: nothing to measure
		}
		y := capAt
		if pt.SuccessRatio < 1 {
			y = math.Min(nines(pt.SuccessRatio), capAt)
		}
		xys = append(xys, plotter.XY{X: pt.TimeS + pt.StepS/2, Y: y})
	}
	if err := f.addLine("success ratio of the step (100 %: no failure)", xys, seriesStyle(0)); err != nil {
		return nil, err
	}
	name := fmt.Sprintf("availability target %s (SLA; RTO is measured against it)", ninesLabel(nines(target)))
	if !inSLA {
		name = fmt.Sprintf("RTO's success target %s (no availability in the SLA)", ninesLabel(nines(target)))
	}
	sty := draw.LineStyle{Color: targetColor, Width: vg.Points(2), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}}
	if err := f.addLine(name, plotter.XYs{{X: 0, Y: nines(target)}, {X: sp.end, Y: nines(target)}}, sty); err != nil {
		return nil, err
	}
	return f, nil
}
