package simulator

// The autoscaling figures of a scenario (model_autoscaling.go): each
// autoscaled region's summary, the timeline's instances and the scale
// events. Instance-hours are in aggregate_cost.go (instanceHours), the one
// place the compute cost's quantity is computed.

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// AutoscalingResult is what a region's autoscaler did in a scenario.
type AutoscalingResult struct {
	// ScaleOuts and ScaleIns count its decisions per replication.
	ScaleOuts Estimate `json:"scale_outs"`
	ScaleIns  Estimate `json:"scale_ins"`
	// MeanInstances is the time-average of the instances provisioned over
	// the measured window: RegionResult.InstanceHours / window hours.
	MeanInstances Estimate `json:"mean_instances"`
	// PeakInstances is the most instances provisioned at once in any
	// replication (warming and draining ones included).
	PeakInstances int `json:"peak_instances"`
}

// TimelineInstances is one region's instances at a timeline step's start:
// Provisioned (paid: serving, warming and draining) and Serving (taking
// work), means over replications; a fixed region's Instances for both.
type TimelineInstances struct {
	Region      string  `json:"region"`
	Provisioned float64 `json:"provisioned"`
	Serving     float64 `json:"serving"`
}

// ScaleEvent is one autoscaler decision: at TimeS (seconds from the
// start) region Region's desired instances went From -> To, for Reason
// (the signal measured against its target). Added instances serve from
// TimeS + warmup_s; removed ones drain from TimeS.
type ScaleEvent struct {
	TimeS  float64 `json:"t_s"`
	Region string  `json:"region"`
	From   int     `json:"from"`
	To     int     `json:"to"`
	Reason string  `json:"reason"`
}

// autoscaled reports whether some region of m autoscales.
func autoscaled(m Model) bool {
	for _, r := range m.Regions {
		if r.Autoscaling != nil {
			return true
		}
	}
	return false
}

// aggregateAutoscaling fills the autoscaled regions' results, the
// timeline's instances and the scenario's scale events.
func aggregateAutoscaling(m Model, sc *ScenarioResult, results []*engine.Result) {
	if !autoscaled(m) || len(results) == 0 {
		return
	}
	wh := windowHours(m)
	for g, reg := range m.Regions {
		a := reg.Autoscaling
		if a == nil {
			continue
		}
		outs, ins, mean := make([]float64, len(results)), make([]float64, len(results)), make([]float64, len(results))
		peak := 0
		for i, r := range results {
			s := r.Regions[g].Scale
			outs[i], ins[i] = float64(s.Outs), float64(s.Ins)
			mean[i] = instanceHoursOf(m, g, r) / wh
			peak = max(peak, s.MaxProvisioned)
		}
		sc.Regions[g].Autoscaling = &AutoscalingResult{ScaleOuts: costEstimate(outs), ScaleIns: costEstimate(ins),
			MeanInstances: costEstimate(mean), PeakInstances: peak}
		for _, e := range results[0].Regions[g].Scale.Events {
			sc.ScaleEvents = append(sc.ScaleEvents, ScaleEvent{TimeS: e.At / 1000, Region: reg.Name, From: e.From, To: e.To,
				Reason: scaleReason(*a, e.Signal)})
		}
	}
	sortScaleEvents(sc.ScaleEvents)
	for k := range sc.Timeline {
		pt := &sc.Timeline[k]
		pt.Instances = make([]TimelineInstances, len(m.Regions))
		for g, reg := range m.Regions {
			ti := TimelineInstances{Region: reg.Name, Provisioned: float64(reg.Instances), Serving: float64(reg.Instances)}
			if reg.Autoscaling != nil {
				prov, serv, n := 0.0, 0.0, 0
				for _, r := range results {
					if k < len(r.Timeline) && r.Timeline[k].Provisioned != nil {
						prov += float64(r.Timeline[k].Provisioned[g])
						serv += float64(r.Timeline[k].Serving[g])
						n++
					}
				}
				ti.Provisioned, ti.Serving = prov/float64(max(n, 1)), serv/float64(max(n, 1))
			}
			pt.Instances[g] = ti
		}
	}
}

// sortScaleEvents orders events by time, then region (stable, so a
// region's own order stays).
func sortScaleEvents(es []ScaleEvent) {
	slices.SortStableFunc(es, func(a, b ScaleEvent) int { return cmp.Compare(a.TimeS, b.TimeS) })
}

// scaleReason says why the autoscaler decided: the signal against its
// target and tolerance.
func scaleReason(a Autoscaling, signal float64) string {
	dir := "above"
	if signal < a.Target {
		dir = "below"
	}
	tol := DefaultAutoscalingTolerance
	if a.Tolerance != nil {
		tol = *a.Tolerance
	}
	return fmt.Sprintf("%s %s %s target %s by more than the tolerance %s", a.Signal, roundSignal(signal), dir, num(a.Target), num(tol))
}

// roundSignal writes a signal to 3 significant digits.
func roundSignal(x float64) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return num(x)
	}
	return fmt.Sprintf("%.3g", x)
}
