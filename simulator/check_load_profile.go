package simulator

// Check's rules for load profiles (model_load.go): each field's bounds in
// the rule table, and what reads several fields: peak against trough, the
// steps' order, a step within the run, a profile that says nothing.

import (
	"fmt"
)

const (
	// MaxLoadMultiplier bounds a profile's multipliers, as a surge's:
	// beyond 100 times the base rate the origin is another workload, to
	// model with its rps.
	MaxLoadMultiplier = MaxSurgeMultiplier
	// MaxLoadSteps bounds a campaign's steps: a step costs a segment of
	// the engine's majorant, and a thousand is a campaign of any length.
	MaxLoadSteps = 1000
)

// loadRule is the rule path of a load profile field.
func loadRule(field string) string { return "workload.origins[].load_profile." + field }

// init adds the load profile's rules to the table (kept here so that the
// feature is in its own files).
func init() {
	multiplier := func(what string) Bound {
		return greaterThan(0, what).Supporting(MaxLoadMultiplier, fmt.Sprintf("A multiplier above %g is another "+
			"workload: raise the origin's rps instead.", MaxLoadMultiplier))
	}
	hour := within(0, 24, "Write the hour of day in UTC from 0 to 24, fractions for minutes: 13.5 is 13:30.")
	ruleTable["workload.start_hour_utc"] = within(0, 24, "Set the UTC hour of day at which the simulated clock "+
		"starts, from 0 to 24, for example 12 for noon, or omit it for midnight.")
	ruleTable[loadRule("diurnal.peak_multiplier")] = multiplier("Set the factor on rps at the daily peak, for " +
		"example 2 for twice rps; it must be at least trough_multiplier.")
	ruleTable[loadRule("diurnal.trough_multiplier")] = multiplier("Set the factor on rps at the daily trough, " +
		"for example 0.3 for 30% of rps, greater than 0.")
	ruleTable[loadRule("diurnal.peak_hour_utc")] = hour
	ruleTable[loadRule("steps")] = List{NotEmpty: true, EmptyFix: "Add the campaign's steps, for example " +
		"steps = [{ at_s = 600, multiplier = 3, ramp_s = 60 }], or remove steps."}
	ruleTable[loadRule("steps[].at_s")] = atLeast(0, "Set when the step starts, in seconds after the run "+
		"starts, for example 600.").Supporting(MaxDurationS, "A step that late is beyond any run: check the "+
		"unit (seconds).")
	ruleTable[loadRule("steps[].multiplier")] = multiplier("Set the factor on rps the step moves to, for " +
		"example 3 for three times rps, or 1 to return to rps.")
	ruleTable[loadRule("steps[].ramp_s")] = atLeast(0, "Set the seconds over which the multiplier moves "+
		"linearly to the step's, or 0 (the default) for a sudden step.").Supporting(MaxDurationS, "A ramp that "+
		"long is beyond any run: check the unit (seconds).")
}

// checkLoadProfiles checks the workload's clock and every origin's load
// profile. The bounds come from the rule table; the rest reads several
// fields.
func checkLoadProfiles(c *checker, m Model) {
	if m.Workload.StartHourUTC != 0 {
		c.number("workload.start_hour_utc", BoundAt("workload.start_hour_utc"), m.Workload.StartHourUTC)
	}
	duration := deref(m.Run.DurationS)
	for o, or := range m.Workload.Origins {
		p := or.LoadProfile
		if p == nil {
			continue
		}
		at := func(field string) string { return fmt.Sprintf("workload.origins[%d].load_profile.%s", o, field) }
		if p.Diurnal == nil && p.Steps == nil {
			c.errorf(fmt.Sprintf("workload.origins[%d].load_profile", o), fmt.Sprintf("origin %s has a load_profile with neither diurnal nor steps", or.Label()),
				"an empty profile keeps rps constant, which is not what a profile is written for; set diurnal = { peak_multiplier = 2, trough_multiplier = 0.5, peak_hour_utc = 14 }, steps = [{ at_s = 600, multiplier = 3 }], or both, or remove load_profile")
			continue
		}
		if d := p.Diurnal; d != nil {
			peakOK := c.number(at("diurnal.peak_multiplier"), BoundAt(loadRule("diurnal.peak_multiplier")), d.PeakMultiplier)
			troughOK := c.number(at("diurnal.trough_multiplier"), BoundAt(loadRule("diurnal.trough_multiplier")), d.TroughMultiplier)
			c.number(at("diurnal.peak_hour_utc"), BoundAt(loadRule("diurnal.peak_hour_utc")), d.PeakHourUTC)
			if peakOK && troughOK && d.PeakMultiplier < d.TroughMultiplier {
				c.errorf(at("diurnal.peak_multiplier"), fmt.Sprintf("origin %s's diurnal peak_multiplier = %s is below its trough_multiplier = %s", or.Label(), num(d.PeakMultiplier), num(d.TroughMultiplier)),
					"the peak is the day's largest factor and the trough its smallest; swap them, or set peak_multiplier to at least %s", num(d.TroughMultiplier))
			}
		}
		if p.Steps != nil && !c.nonEmpty(at("steps"), ListAt(loadRule("steps")), len(p.Steps)) {
			continue
		}
		if len(p.Steps) > MaxLoadSteps {
			c.errorf(at("steps"), fmt.Sprintf("origin %s's load_profile has %d steps, above the supported %d", or.Label(), len(p.Steps), MaxLoadSteps),
				"merge steps, or model the shape with diurnal; at most %d steps are supported", MaxLoadSteps)
			continue
		}
		prevEnd := 0.0
		for k, s := range p.Steps {
			sat := func(field string) string { return fmt.Sprintf("%s[%d].%s", at("steps"), k, field) }
			atOK := c.number(sat("at_s"), BoundAt(loadRule("steps[].at_s")), s.AtS)
			c.number(sat("multiplier"), BoundAt(loadRule("steps[].multiplier")), s.Multiplier)
			rampOK := c.number(sat("ramp_s"), BoundAt(loadRule("steps[].ramp_s")), s.RampS)
			if !atOK || !rampOK {
				prevEnd = -1 // the order is not checked past a bad time
				continue
			}
			switch {
			case prevEnd >= 0 && k > 0 && s.AtS < prevEnd:
				c.errorf(sat("at_s"), fmt.Sprintf("origin %s's load_profile step %d starts at at_s = %s, before step %d's ramp ends at %s s", or.Label(), k, num(s.AtS), k-1, num(prevEnd)),
					"steps are in time order and each starts once the previous one's ramp (at_s + ramp_s) is over; move this step to at_s >= %s, shorten the previous ramp_s, or reorder the steps", num(prevEnd))
			case duration > 0 && finite(duration) && s.AtS >= duration:
				c.errorf(sat("at_s"), fmt.Sprintf("origin %s's load_profile step %d starts at at_s = %s, not before the run ends at duration_s = %s", or.Label(), k, num(s.AtS), num(duration)),
					"the step would never apply; move it within the run (at_s < %s) or lengthen duration_s beyond %s", num(duration), num(s.AtS))
			}
			if prevEnd >= 0 {
				prevEnd = s.AtS + s.RampS
			}
		}
	}
}

// originLoad is origin o's peak and mean rate in rps over the run: RPS
// for both without a profile. The peak is MaxMultiplier's (exact for a
// diurnal curve or a campaign alone, an upper bound for both), the mean
// the exact integral of the rate over [0, duration_s] divided by it. With
// a duration Check refuses, both are the rate at the start.
func originLoad(m Model, o int) (peak, mean float64) {
	or := m.Workload.Origins[o]
	if or.LoadProfile == nil {
		return or.RPS, or.RPS
	}
	d, h := deref(m.Run.DurationS), m.Workload.StartHourUTC
	if !(d > 0) || !finite(d) {
		r := or.RPS * or.LoadProfile.Multiplier(0, h)
		return r, r
	}
	return or.RPS * or.LoadProfile.MaxMultiplier(0, d, h), or.RPS * or.LoadProfile.MeanMultiplier(0, d, h)
}

// profileFactors are origin o's peak and mean multipliers over the run
// (originLoad over RPS): exactly 1 and 1 without a profile, so that
// scaling a rate by them leaves a model without profiles bit for bit as
// it was.
func profileFactors(m Model, o int) (peak, mean float64) {
	or := m.Workload.Origins[o]
	if or.LoadProfile == nil || !(or.RPS > 0) {
		return 1, 1
	}
	pk, mn := originLoad(m, o)
	return pk / or.RPS, mn / or.RPS
}

// measuredWeights are the origins' mean rates over the measured window
// [warmup_s, duration_s] and their total: the weight of each origin's
// requests among those the SLA measures (RPS without a profile).
func measuredWeights(m Model) ([]float64, float64) {
	w := make([]float64, len(m.Workload.Origins))
	total := 0.0
	warm, d := deref(m.Run.WarmupS), deref(m.Run.DurationS)
	for o, or := range m.Workload.Origins {
		w[o] = or.RPS
		if or.LoadProfile != nil && d > warm && finite(d) && finite(warm) {
			w[o] = or.RPS * or.LoadProfile.MeanMultiplier(warm, d, m.Workload.StartHourUTC)
		}
		total += w[o]
	}
	return w, total
}
