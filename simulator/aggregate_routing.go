package simulator

import (
	"cmp"
	"math"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// aggregateRouting fills sc.Routing: the routing layer's figures with a
// routing policy, and the recovery of the scenario's faults whenever there
// is a policy or an rto_s clause.
func aggregateRouting(p *checkedModel, sc *ScenarioResult, scen Scenario, results []*engine.Result) {
	m := p.model
	if m.RoutingPolicy == nil && m.SLA.RTOS == nil {
		return
	}
	n := len(results)
	rr := &RoutingResult{Recovered: true, RTOTarget: DefaultRTOAvailability}
	for _, o := range m.Workload.Origins {
		rr.sovereignty = rr.sovereignty || (m.RoutingPolicy != nil && len(o.AllowedJurisdictions) > 0)
	}
	if m.SLA.Availability != nil {
		rr.RTOTarget = *m.SLA.Availability
	}
	window := (*m.Run.DurationS - *m.Run.WarmupS)
	attempts := make([]float64, n)
	goodput := make([]float64, n)
	timedOut := make([]float64, n)
	opens := make([]float64, n)
	for i, r := range results {
		goodput[i] = float64(r.Succeeded) / window
		if r.Routing == nil {
			attempts[i] = 1
			continue
		}
		attempts[i] = ratio(r.Routing.Attempts, r.Measured)
		timedOut[i] = ratio(r.Routing.TimedOut, r.Routing.Attempts)
		opens[i] = float64(r.Routing.BreakerOpens)
	}
	rr.AttemptsPerRequest = timeEstimate(attempts)
	rr.GoodputRPS = timeEstimate(goodput)
	rr.TimedOutRatio = ratioEstimate(timedOut)
	rr.BreakerOpens = timeEstimate(opens)

	regionIdx := map[string]int{}
	for i, r := range m.Regions {
		regionIdx[r.Name] = i
	}
	for _, f := range scen.Faults {
		if row := faultRowOf(f.Type); row == nil || !row.detected {
			continue // not a fault of one region that health checks may see
		}
		start, end := faultWindow(f)
		g := regionIdx[f.Region]
		det := make([]float64, n)
		detected := 0
		for i, r := range results {
			det[i] = math.NaN()
			if r.Routing == nil {
				continue
			}
			for _, mk := range r.Routing.Marks {
				if mk.Signal != engine.SignalLag && mk.Region == g && mk.Down && mk.At >= start && mk.At < end {
					det[i] = (mk.At - start) / 1000
					detected++
					break
				}
			}
		}
		fr := FaultRecovery{Type: f.Type, Region: f.Region, AtS: f.AtS, Detected: float64(detected) / float64(n)}
		if detected > 0 {
			fr.DetectionS = timeEstimate(det)
		}
		rr.Faults = append(rr.Faults, fr)
	}

	if len(scen.Faults) > 0 {
		rto := make([]float64, n)
		for i, r := range results {
			var recovered bool
			rto[i], recovered = recoveryTime(r.Timeline, scen, *m.Run.DurationS*1000, rr.RTOTarget)
			rr.Recovered = rr.Recovered && recovered
		}
		rr.RTOS = timeEstimate(rto)
	}

	viol := map[[2]int]*SovereigntyViolation{}
	var order [][2]int
	perRep := make([]float64, n)
	for i, r := range results {
		if r.Routing == nil {
			continue
		}
		for _, v := range r.Routing.Violations {
			perRep[i] += float64(v.Attempts)
			k := [2]int{v.Origin, v.Region}
			sv, ok := viol[k]
			if !ok {
				reg := m.Regions[v.Region]
				sv = &SovereigntyViolation{Origin: m.Workload.Origins[v.Origin].Label(), Region: reg.Name, Jurisdiction: reg.Jurisdiction, FirstS: math.Inf(1)}
				viol[k] = sv
				order = append(order, k)
			}
			sv.FirstS = math.Min(sv.FirstS, v.First/1000)
			sv.Requests += float64(v.Attempts) / float64(n)
		}
	}
	// Pair order (origin, then region), whatever replication saw it first.
	slices.SortFunc(order, func(a, b [2]int) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	for _, k := range order {
		rr.SovereigntyViolations = append(rr.SovereigntyViolations, *viol[k])
	}
	rr.violations = timeEstimate(perRep)
	aggregateHealthSignals(m, rr, results)
	sc.Routing = rr
}

// recoveryTime is a replication's RTO in seconds: from the start of the
// scenario's first fault to the end of the last timeline step, while any
// fault lasts, whose success ratio (successful / issued requests of that
// step) is below target; 0 when none is. recovered is false when that
// step is the last one of the fault window: the system had not recovered
// when the faults ended (or the run did).
func recoveryTime(tl []engine.TimelinePoint, scen Scenario, runEnd, target float64) (float64, bool) {
	start, end := math.Inf(1), 0.0
	for _, f := range scen.Faults {
		s, e := faultWindow(f)
		start = math.Min(start, s)
		end = math.Max(end, e)
	}
	end = math.Min(end, runEnd)
	if len(tl) == 0 || !(end > start) {
		return 0, true
	}
	step := runEnd / float64(len(tl))
	if len(tl) > 1 {
		step = tl[1].TimeMs - tl[0].TimeMs
	}
	lastBad, lastStep := -1, -1
	for k, pt := range tl {
		if pt.TimeMs+step <= start || pt.TimeMs >= end {
			continue
		}
		lastStep = k
		if pt.Issued > 0 && float64(pt.OK)/float64(pt.Issued) < target {
			lastBad = k
		}
	}
	if lastBad < 0 {
		return 0, true
	}
	rto := math.Max(0, (tl[lastBad].TimeMs+step-start)/1000)
	return rto, lastBad != lastStep
}
