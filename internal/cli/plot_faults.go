package cli

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// timelineSpan is the time axis of a scenario's timeline plots: from 0 to
// the end of the last step, and the warm-up before measuring starts.
type timelineSpan struct{ end, warmup float64 }

func spanOf(m simulator.Model, s simulator.ScenarioResult) timelineSpan {
	sp := timelineSpan{warmup: simulator.DefaultWarmupS}
	if m.Run.WarmupS != nil {
		sp.warmup = *m.Run.WarmupS
	}
	if n := len(s.Timeline); n > 0 {
		sp.end = s.Timeline[n-1].TimeS + s.Timeline[n-1].StepS
	}
	return sp
}

// addTimeMarks marks, on a timeline plot whose y axis runs from ylo to
// yhi, what explains its shape: the warm-up (grey, not measured), each
// fault from its start to its end (orange; a fault without duration lasts
// to the end of the run), the time the health checks took to mark each
// faulted region down (blue, dashed) and the scenario's recovery time
// from its first fault (purple, with the SLA's rto_s target dotted red).
// Each is labelled on the plot and explained in the legend.
func addTimeMarks(f *chart, s simulator.ScenarioResult, faults []simulator.Fault, sp timelineSpan, ylo, yhi float64) error {
	h := yhi - ylo
	// Text labels sit near the top, one row lower for each mark, so that
	// marks close in time do not write over each other.
	row := 0
	label := func(x float64, text string, c color.Color) error {
		y := yhi - h*(0.06+0.07*float64(row%6))
		row++
		return f.addText(x, y, text, c)
	}
	shade := func(x0, x1 float64, fill color.Color) (*plotter.Polygon, error) {
		poly, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: ylo}, {X: x1, Y: ylo}, {X: x1, Y: yhi}, {X: x0, Y: yhi}})
		if err != nil {
			return nil, err
		}
		poly.Color = fill
		poly.Width = 0
		f.Add(poly)
		return poly, nil
	}
	if sp.warmup > 0 {
		poly, err := shade(0, math.Min(sp.warmup, sp.end), warmupColor)
		if err != nil {
			return err
		}
		f.legend.Add(fmt.Sprintf("warm-up, not measured (0–%g s)", sp.warmup), poly)
	}
	for _, ft := range faults {
		end := sp.end
		if ft.DurationS > 0 {
			end = math.Min(ft.AtS+ft.DurationS, sp.end)
		}
		poly, err := shade(ft.AtS, end, faultColor)
		if err != nil {
			return err
		}
		f.legend.Add(fmt.Sprintf("fault %s (%g–%g s)", faultName(ft), ft.AtS, end), poly)
		if err := label(ft.AtS, ft.Type+" starts", faultEdgeColor); err != nil {
			return err
		}
	}
	if s.Routing == nil {
		return nil
	}
	vline := func(x float64, sty draw.LineStyle, name string) error {
		return f.addLine(name, plotter.XYs{{X: x, Y: ylo}, {X: x, Y: yhi}}, sty)
	}
	for _, fr := range s.Routing.Faults {
		if fr.Detected == 0 {
			f.legend.Add(fmt.Sprintf("%s in %s at %g s: never detected by the health checks", fr.Type, fr.Region, fr.AtS))
			continue
		}
		x := fr.AtS + fr.DetectionS.Mean
		sty := draw.LineStyle{Color: detectionColor, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
		name := fmt.Sprintf("%s marked down after %.3g s (CI %.3g–%.3g s; %.0f %% of replications)",
			fr.Region, fr.DetectionS.Mean, fr.DetectionS.Low, fr.DetectionS.High, 100*fr.Detected)
		if err := vline(x, sty, name); err != nil {
			return err
		}
		if err := label(x, fmt.Sprintf("detected +%.3g s", fr.DetectionS.Mean), detectionColor); err != nil {
			return err
		}
	}
	if len(faults) == 0 {
		return nil
	}
	start := faults[0].AtS
	rto := s.Routing.RTOS
	sty := draw.LineStyle{Color: rtoColor, Width: vg.Points(2)}
	name := fmt.Sprintf("RTO %.3g s (CI %.3g–%.3g s): success back at %s", rto.Mean, rto.Low, rto.High, ninesLabel(nines(s.Routing.RTOTarget)))
	text := fmt.Sprintf("RTO %.3g s", rto.Mean)
	if !s.Routing.Recovered {
		name = fmt.Sprintf("not recovered while the faults lasted: RTO ≥ %.3g s", rto.Mean)
		text = "not recovered"
	}
	if err := vline(start+rto.Mean, sty, name); err != nil {
		return err
	}
	if err := label(start+rto.Mean, text, rtoColor); err != nil {
		return err
	}
	for _, c := range s.SLA {
		if c.Clause == "rto_s" && c.Origin == "" && finite(c.Target) {
			sty := draw.LineStyle{Color: targetColor, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}
			if err := vline(start+c.Target, sty, fmt.Sprintf("SLA rto_s ≤ %g s: %s", c.Target, c.Status)); err != nil {
				return err
			}
		}
	}
	return nil
}

// faultName is what a fault hits: "region_outage us-east-1",
// "partition us-east-1 / frankfurt".
func faultName(ft simulator.Fault) string {
	out := ft.Type
	for _, part := range []string{ft.Region, ft.Origin, ft.RegionB, ft.Tier} {
		if part != "" {
			if out == ft.Type {
				out += " " + part
			} else {
				out += " / " + part
			}
		}
	}
	return out
}

// scenarioFaults are the faults a scenario ran with: from its report's
// configuration, else (a report read back from an older version) from the
// model.
func scenarioFaults(m simulator.Model, s simulator.ScenarioResult) []simulator.Fault {
	if s.Config != nil {
		return s.Config.Faults
	}
	for _, sc := range m.Scenarios {
		if sc.Name == s.Name {
			return sc.Faults
		}
	}
	return nil
}
