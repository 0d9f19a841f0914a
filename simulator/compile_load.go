package simulator

// The engine's form of a load profile (model_load.go): the multiplier in
// milliseconds and its piecewise-constant majorant, which the engine
// thins against (engine/load.go).

import (
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// majorantSlack lifts each segment's bound above rounding: a multiplier a
// few ulps above its bound would be kept with probability 1 instead of
// a hair more, so the slack only costs that share of extra candidates.
const majorantSlack = 1 + 1e-9

// compileProfile is the engine's profile of p over a run of durationS
// seconds starting at startHourUTC; nil for no profile. The majorant's
// segments end at every campaign breakpoint and, with a diurnal curve,
// every hour, so each bound is within the curve's swing over an hour
// (at most 13 % of its range) and few candidates are thinned away.
func compileProfile(p *LoadProfile, durationS, startHourUTC float64) *engine.Profile {
	if p == nil {
		return nil
	}
	cuts := p.Breakpoints(0, durationS)
	if p.Diurnal != nil {
		for h := 3600.0; h < durationS; h += 3600 {
			cuts = append(cuts, h)
		}
	}
	cuts = append(cuts, durationS)
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	out := &engine.Profile{
		Mult: func(tMs float64) float64 { return p.Multiplier(tMs/1000, startHourUTC) },
		Ends: make([]float64, len(cuts)),
		Max:  make([]float64, len(cuts)),
	}
	from := 0.0
	for k, to := range cuts {
		out.Ends[k] = to * 1000
		out.Max[k] = p.MaxMultiplier(from, to, startHourUTC) * majorantSlack
		from = to
	}
	return out
}
