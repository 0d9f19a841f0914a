// Package variate draws the random quantities of the model (service times,
// network delays) from a caller's stream.
//
// Parameters are computed once with gonum's quantile functions; the draws
// themselves use the stream's own ExpFloat64 and NormFloat64, because the
// per-call distuv samplers build a rand.Rand on every call when given a
// source, which costs an allocation per variate on the hot path.
package variate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Shape is the family of a service time distribution.
type Shape uint8

// Service time shapes.
const (
	Exponential Shape = iota
	Lognormal
	Deterministic
)

// Service is a positive service time distribution with a given mean. The
// zero value is not usable; build one with NewExponential, NewLognormal or
// NewDeterministic.
type Service struct {
	shape Shape
	mean  float64
	// mu and sigma are the parameters of ln(S) for a lognormal.
	mu, sigma float64
}

// NewExponential is an exponential service time with the given mean.
func NewExponential(mean float64) Service { return Service{shape: Exponential, mean: mean} }

// NewDeterministic is a constant service time.
func NewDeterministic(mean float64) Service { return Service{shape: Deterministic, mean: mean} }

// z99 is the 99th percentile of the standard normal distribution.
var z99 = distuv.UnitNormal.Quantile(0.99)

// LognormalSigma is the log-standard deviation of a lognormal whose 99th
// percentile is ratio times its median: p99/p50 = exp(sigma z_0.99).
func LognormalSigma(ratio float64) float64 { return math.Log(ratio) / z99 }

// NewLognormal is a lognormal service time with the given mean whose 99th
// percentile is p99OverP50 times its median. The mean, not the median, is
// held at the declared value (mu = ln(mean) - sigma^2/2), so that capacity
// (servers / mean) means the same thing for every shape. It fails unless
// mean > 0 and p99OverP50 > 1.
func NewLognormal(mean, p99OverP50 float64) (Service, error) {
	if !(mean > 0) || math.IsInf(mean, 0) {
		return Service{}, fmt.Errorf("lognormal mean %g must be a positive number", mean)
	}
	if !(p99OverP50 > 1) || math.IsInf(p99OverP50, 0) {
		return Service{}, fmt.Errorf("lognormal p99/p50 ratio %g must be a number above 1", p99OverP50)
	}
	sigma := LognormalSigma(p99OverP50)
	return Service{shape: Lognormal, mean: mean, sigma: sigma, mu: math.Log(mean) - sigma*sigma/2}, nil
}

// Shape is the distribution's family.
func (s Service) Shape() Shape { return s.shape }

// Mean is the mean service time.
func (s Service) Mean() float64 { return s.mean }

// SecondMoment is E[S^2], which the Pollaczek-Khinchine formula needs.
func (s Service) SecondMoment() float64 {
	switch s.shape {
	case Exponential:
		return 2 * s.mean * s.mean
	case Lognormal:
		return s.mean * s.mean * math.Exp(s.sigma*s.sigma)
	default:
		return s.mean * s.mean
	}
}

// Quantile is the p-quantile of the service time.
func (s Service) Quantile(p float64) float64 {
	switch s.shape {
	case Exponential:
		return distuv.Exponential{Rate: 1 / s.mean}.Quantile(p)
	case Lognormal:
		return distuv.LogNormal{Mu: s.mu, Sigma: s.sigma}.Quantile(p)
	default:
		return s.mean
	}
}

// Draw returns one service time from r.
func (s *Service) Draw(r *rand.Rand) float64 {
	switch s.shape {
	case Exponential:
		return r.ExpFloat64() * s.mean
	case Lognormal:
		return math.Exp(s.mu + s.sigma*r.NormFloat64())
	default:
		return s.mean
	}
}

// OneWay is the delay of one network leg: floor/2 + (rtt-floor)/2 x J with
// J lognormal of median 1 and log-sd sigma (drawn by a Jitter). The fixed
// part is the physics (light in fiber); only the excess over it (routing
// detours, queueing in routers) jitters, so no draw ever beats the fiber
// floor and the median leg is half the median round trip.
type OneWay struct {
	base, excess, sigma float64
}

// NewOneWay builds the leg from a round trip's median rtt and fiber floor
// (both in the caller's time unit) and the jitter's log-sd. An rtt below
// the floor is raised to it.
func NewOneWay(rtt, floor, sigma float64) OneWay {
	rtt = math.Max(rtt, floor)
	return OneWay{base: floor / 2, excess: (rtt - floor) / 2, sigma: sigma}
}

// Min is the smallest delay the leg can take: half the fiber floor.
func (w OneWay) Min() float64 { return w.base }

// Mean is the expected delay, floor/2 + (rtt-floor)/2 x exp(sigma^2/2).
func (w OneWay) Mean() float64 { return w.base + w.excess*math.Exp(w.sigma*w.sigma/2) }

// Sigma is the jitter's log-sd; a Jitter drawing for this leg must have it.
func (w OneWay) Sigma() float64 { return w.sigma }

// Draw returns one delay, taking the jitter factor from j (which must have
// been built with the leg's sigma). A leg without excess over the floor
// draws nothing, so that it does not consume the stream.
func (w *OneWay) Draw(j *Jitter) float64 {
	if w.excess == 0 {
		return w.base
	}
	return w.base + w.excess*j.Next()
}

// jitterBatch is how many jitter factors a Jitter draws at once.
const jitterBatch = 64

// Jitter draws lognormal factors exp(sigma Z) of median 1 from one stream.
//
// It draws them in batches: math.Exp has a long latency (about 25 ns here)
// but pipelines well, and a factor used as soon as it is drawn puts that
// latency on the simulation's critical path (the delay feeds the event
// calendar immediately). Drawing 64 at a time in a tight loop overlaps the
// calls. The stream is consumed in exactly the order single draws would
// consume it, so batching changes no result; the unused tail of the last
// batch is simply never read.
type Jitter struct {
	sigma float64
	r     *rand.Rand
	next  int
	buf   [jitterBatch]float64
}

// NewJitter returns a jitter source of log-sd sigma drawing from r. With
// sigma 0 every factor is exactly 1 and r is never used.
func NewJitter(sigma float64, r *rand.Rand) *Jitter {
	return &Jitter{sigma: sigma, r: r, next: jitterBatch}
}

// Reset restarts the source on a new stream, keeping its buffer.
func (j *Jitter) Reset(sigma float64, r *rand.Rand) {
	j.sigma, j.r, j.next = sigma, r, jitterBatch
}

// Next returns the next factor. It is small enough to be inlined; the
// batch refill is out of line.
func (j *Jitter) Next() float64 {
	if j.next == jitterBatch {
		j.refill()
	}
	x := j.buf[j.next]
	j.next++
	return x
}

// refill draws the next batch; with sigma 0 it fills it with exact ones
// and draws nothing.
func (j *Jitter) refill() {
	if j.sigma == 0 {
		for i := range j.buf {
			j.buf[i] = 1
		}
	} else {
		for i := range j.buf {
			j.buf[i] = math.Exp(j.sigma * j.r.NormFloat64())
		}
	}
	j.next = 0
}
