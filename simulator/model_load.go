package simulator

// Load profiles: an origin's request rate over simulated time, a diurnal
// curve times a campaign of timed steps and ramps. The rate of an origin
// at t seconds after the run starts is
//
//	Origin.RPS x LoadProfile.Multiplier(t, Workload.StartHourUTC)
//
// and its arrivals are a non-homogeneous Poisson process of that rate
// (the engine thins a piecewise-constant majorant, Profile.Majorant, so
// the process is exact). A traffic_surge fault multiplies the profiled
// rate while it lasts. The rules are in check_load_profile.go.

import (
	"math"
	"sort"
)

// LoadProfile is an origin's load over time. Either part may be left out
// (nil Diurnal is a flat day, no Steps is no campaign), not both. Other
// features read the rate through Multiplier, Integral and MaxMultiplier.
type LoadProfile struct {
	// Diurnal is the daily curve; nil keeps the rate flat over the day.
	Diurnal *DiurnalLoad `json:"diurnal,omitempty"`
	// Steps is a campaign: each step, in time order, moves the multiplier
	// to its own, linearly over its ramp, and holds it until the next.
	Steps []LoadStep `json:"steps,omitempty"`
}

// DiurnalLoad is a daily cycle: a raised cosine with a period of 24 hours,
// from TroughMultiplier twelve hours from the peak up to PeakMultiplier at
// PeakHourUTC,
//
//	d(h) = trough + (peak - trough) x (1 + cos(2 pi (h - peak_hour) / 24)) / 2
//
// h the UTC hour of day (Workload.StartHourUTC + t / 3600). It is smooth
// (no corner at the peak or trough) and its mean over a day is
// (peak + trough) / 2.
type DiurnalLoad struct {
	// PeakMultiplier and TroughMultiplier multiply Origin.RPS at the
	// peak and at the trough; peak >= trough > 0.
	PeakMultiplier   float64 `json:"peak_multiplier"`
	TroughMultiplier float64 `json:"trough_multiplier"`
	// PeakHourUTC is the hour of day, UTC, of the peak, in [0, 24]
	// (fractions are minutes: 13.5 is 13:30).
	PeakHourUTC float64 `json:"peak_hour_utc"`
}

// LoadStep is one step of a campaign: from AtS seconds after the run
// starts, the multiplier moves linearly from the one held before (1
// before the first step) to Multiplier over RampS seconds (0 is a
// sudden step), then holds it until the next step.
type LoadStep struct {
	AtS        float64 `json:"at_s"`
	Multiplier float64 `json:"multiplier"`
	RampS      float64 `json:"ramp_s,omitempty"`
}

// secondsPerDay is the diurnal period.
const secondsPerDay = 24 * 3600

// diurnalOmega is the diurnal angular frequency, in radians per second.
const diurnalOmega = 2 * math.Pi / secondsPerDay

// Multiplier is the factor on Origin.RPS at tSeconds after the run
// starts, when the run starts at startHourUTC (Workload.StartHourUTC):
// the diurnal factor times the campaign's. A nil profile is 1.
func (p *LoadProfile) Multiplier(tSeconds, startHourUTC float64) float64 {
	if p == nil {
		return 1
	}
	return p.Diurnal.factor(tSeconds, startHourUTC) * p.stepFactor(tSeconds)
}

// Integral is the integral of Multiplier over [t0, t1] seconds: the
// expected requests of an origin of 1 rps over that interval. It is exact
// (closed form on each linear piece of the campaign against the cosine),
// so a request budget or an offered load read from it is not an estimate.
func (p *LoadProfile) Integral(t0, t1, startHourUTC float64) float64 {
	if !(t1 > t0) {
		return 0
	}
	if p == nil {
		return t1 - t0
	}
	total := 0.0
	for _, pc := range p.pieces(t0, t1) {
		total += p.Diurnal.integralLinear(pc, startHourUTC)
	}
	return total
}

// MaxMultiplier is the largest Multiplier over [t0, t1] seconds, or an
// upper bound within rounding of it: the diurnal maximum over the
// interval times the campaign's (exact for either part alone; for both,
// exact unless the campaign's largest value and the diurnal peak fall at
// different times, when it bounds from above). It is the majorant the
// engine thins against and the peak the capacity checks plan for.
func (p *LoadProfile) MaxMultiplier(t0, t1, startHourUTC float64) float64 {
	if p == nil {
		return 1
	}
	steps := 0.0
	for _, pc := range p.pieces(t0, t1) {
		steps = max(steps, pc.u, pc.u+pc.w*(pc.b-pc.a))
	}
	return p.Diurnal.maxFactor(t0, t1, startHourUTC) * steps
}

// MeanMultiplier is Integral / (t1 - t0): the mean factor over the
// interval, Multiplier(t0) for an empty one.
func (p *LoadProfile) MeanMultiplier(t0, t1, startHourUTC float64) float64 {
	if !(t1 > t0) {
		return p.Multiplier(t0, startHourUTC)
	}
	return p.Integral(t0, t1, startHourUTC) / (t1 - t0)
}

// Breakpoints are the times in (t0, t1) where the campaign's slope
// changes (each step's start and the end of its ramp), sorted: between
// two of them the campaign is linear.
func (p *LoadProfile) Breakpoints(t0, t1 float64) []float64 {
	var out []float64
	if p == nil {
		return out
	}
	for _, s := range p.Steps {
		for _, t := range []float64{s.AtS, s.AtS + s.RampS} {
			if t > t0 && t < t1 && (len(out) == 0 || out[len(out)-1] != t) {
				out = append(out, t)
			}
		}
	}
	sort.Float64s(out)
	return out
}

// factor is the diurnal factor at t; a nil curve is 1.
func (d *DiurnalLoad) factor(t, startHourUTC float64) float64 {
	if d == nil {
		return 1
	}
	a, b := d.mean(), d.amplitude()
	return a + b*math.Cos(d.phase(t, startHourUTC))
}

// mean and amplitude are the cosine's offset and half-swing.
func (d *DiurnalLoad) mean() float64      { return (d.PeakMultiplier + d.TroughMultiplier) / 2 }
func (d *DiurnalLoad) amplitude() float64 { return (d.PeakMultiplier - d.TroughMultiplier) / 2 }

// phase is the cosine's argument at t: 0 at the peak.
func (d *DiurnalLoad) phase(t, startHourUTC float64) float64 {
	return diurnalOmega * (t + (startHourUTC-d.PeakHourUTC)*3600)
}

// maxFactor is the diurnal maximum over [t0, t1]: the peak when a peak
// falls in it, else the larger end (between two peaks the cosine falls
// to its trough and rises again, so it has no interior maximum).
func (d *DiurnalLoad) maxFactor(t0, t1, startHourUTC float64) float64 {
	if d == nil {
		return 1
	}
	// The peaks are at t = (peak_hour - start_hour) x 3600 + k days.
	off := (d.PeakHourUTC - startHourUTC) * 3600
	k := math.Ceil((t0 - off) / secondsPerDay)
	if off+k*secondsPerDay <= t1 {
		return d.PeakMultiplier
	}
	return max(d.factor(t0, startHourUTC), d.factor(t1, startHourUTC))
}

// linearPiece is the campaign on [a, b]: u + w (t - a).
type linearPiece struct{ a, b, u, w float64 }

// pieces splits [t0, t1] where the campaign's slope changes.
func (p *LoadProfile) pieces(t0, t1 float64) []linearPiece {
	cuts := append([]float64{t0}, p.Breakpoints(t0, t1)...)
	cuts = append(cuts, t1)
	out := make([]linearPiece, 0, len(cuts)-1)
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if !(b > a) {
			out = append(out, linearPiece{a: a, b: a, u: p.stepFactor(a)})
			continue
		}
		// The campaign is right-continuous: a sudden step holds from its
		// at_s on, so the piece's line is read at its start and middle,
		// never at its end (the next piece's start).
		mid := a + (b-a)/2
		ua := p.stepFactor(a)
		out = append(out, linearPiece{a: a, b: b, u: ua, w: (p.stepFactor(mid) - ua) / (mid - a)})
	}
	return out
}

// stepFactor is the campaign's factor at t: 1 before the first step, a
// ramp's linear interpolation during it, the step's multiplier after.
func (p *LoadProfile) stepFactor(t float64) float64 {
	v := 1.0
	for _, s := range p.Steps {
		if t < s.AtS {
			break
		}
		if s.RampS > 0 && t < s.AtS+s.RampS {
			return v + (s.Multiplier-v)*(t-s.AtS)/s.RampS
		}
		v = s.Multiplier
	}
	return v
}

// integralLinear is the integral of d(t) x (u + w (t - a)) over the piece:
// with d = A + B cos(phi(t)), phi = omega t + c, the cosine term
// integrates by parts to [(u + w (t - a)) sin(phi) / omega + w cos(phi) /
// omega^2] from a to b.
func (d *DiurnalLoad) integralLinear(pc linearPiece, startHourUTC float64) float64 {
	l := pc.b - pc.a
	lin := pc.u*l + pc.w*l*l/2
	if d == nil || l <= 0 {
		return lin
	}
	pa, pb := d.phase(pc.a, startHourUTC), d.phase(pc.b, startHourUTC)
	end := pc.u + pc.w*l
	cosTerm := (end*math.Sin(pb)-pc.u*math.Sin(pa))/diurnalOmega + pc.w*(math.Cos(pb)-math.Cos(pa))/(diurnalOmega*diurnalOmega)
	return d.mean()*lin + d.amplitude()*cosTerm
}

// OriginRPS is origin o's rate in rps at tSeconds after the run starts:
// its RPS times its profile's Multiplier on the workload's clock (a
// surge's extra rate left out).
func (w Workload) OriginRPS(o int, tSeconds float64) float64 {
	or := w.Origins[o]
	return or.RPS * or.LoadProfile.Multiplier(tSeconds, w.StartHourUTC)
}

// OfferedRPS is the mean rate in rps that the workload's origins offer
// over [t0, t1] seconds, surges left out: the integral of their rate
// functions over the interval divided by its length.
func (w Workload) OfferedRPS(t0, t1 float64) float64 {
	total := 0.0
	for _, o := range w.Origins {
		total += o.RPS * o.LoadProfile.MeanMultiplier(t0, t1, w.StartHourUTC)
	}
	return total
}

// HasLoadProfiles reports whether any origin's rate varies over time:
// shortcuts that assume a constant rps must not apply then.
func (w Workload) HasLoadProfiles() bool {
	for _, o := range w.Origins {
		if o.LoadProfile != nil {
			return true
		}
	}
	return false
}
