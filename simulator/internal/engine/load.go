package engine

// Load profiles: an origin whose rate varies over time issues a
// non-homogeneous Poisson process, drawn exactly by thinning (Lewis and
// Shedler 1979) against a piecewise-constant majorant: on each segment,
// candidates come at the segment's largest rate and each is kept with
// probability rate(t) / that largest rate. A candidate past the segment's
// end is dropped and the draw restarts at the end with the next segment's
// rate, which the exponential's memorylessness makes exact. An origin
// without a profile keeps its homogeneous draws untouched.

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Profile is an origin's rate over time: its RatePerMs times Mult(t), t
// in milliseconds since the run started.
type Profile struct {
	// Mult is the factor on the base rate at t ms, at least 0.
	Mult func(tMs float64) float64
	// Ends and Max are the majorant: on [Ends[k-1], Ends[k]) (from 0 for
	// k = 0) Mult never exceeds Max[k]. Ends increase; past the last end
	// the origin sends nothing (the run is over).
	Ends []float64
	Max  []float64
}

// next is the first arrival after now of the process of rate base x
// Mult (base per ms), drawn from r, or +Inf when none comes before the
// majorant's last end.
func (p *Profile) next(r *rand.Rand, base, now float64) float64 {
	t := now
	k := sort.SearchFloat64s(p.Ends, t)
	for k < len(p.Ends) {
		if p.Ends[k] <= t {
			k++
			continue
		}
		bound := base * p.Max[k]
		if !(bound > 0) {
			t = p.Ends[k]
			k++
			continue
		}
		t += r.ExpFloat64() / bound
		if t >= p.Ends[k] {
			t = p.Ends[k]
			k++
			continue
		}
		if r.Float64()*p.Max[k] < p.Mult(t) {
			return t
		}
	}
	return math.Inf(1)
}

// nextSurge is surge i's next request after now: a homogeneous draw, or
// with the origin's profile a thinned one.
func (s *Sim) nextSurge(sg *Surge, i int32, now float64) float64 {
	if sg.Profile == nil {
		return now + s.surges[i].ExpFloat64()/sg.RatePerMs
	}
	return sg.Profile.next(s.surges[i], sg.RatePerMs, now)
}
