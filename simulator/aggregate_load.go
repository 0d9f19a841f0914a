package simulator

// The timeline's offered load (TimelinePoint.OfferedRPS): what the rate
// functions offer in each step, computed from the model rather than
// counted, so that it is the curve the arrivals are drawn from.

// offeredTimeline sets each point's OfferedRPS: the integral over the
// step of every origin's rate (Origin.RPS x its load profile) plus the
// scenario's traffic surges (RPS x (multiplier - 1) x the profile over
// the part of the step the surge covers), divided by the step's length.
// Retries are not offered load: they show in Attempts.
func offeredTimeline(m Model, scen Scenario, tl []TimelinePoint) {
	h := m.Workload.StartHourUTC
	for k := range tl {
		pt := &tl[k]
		if !(pt.StepS > 0) {
			continue
		}
		t0, t1 := pt.TimeS, pt.TimeS+pt.StepS
		requests := m.Workload.OfferedRPS(t0, t1) * pt.StepS
		for _, f := range scen.Faults {
			if f.Type != FaultTrafficSurge {
				continue
			}
			from, to := max(t0, f.AtS), t1
			if f.DurationS > 0 {
				to = min(t1, f.AtS+f.DurationS)
			}
			for _, o := range m.Workload.Origins {
				if o.Label() == f.Origin {
					requests += o.RPS * (f.Multiplier - 1) * o.LoadProfile.Integral(from, to, h)
				}
			}
		}
		pt.OfferedRPS = requests / pt.StepS
	}
}
