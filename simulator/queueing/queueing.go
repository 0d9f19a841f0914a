// Package queueing has closed forms of classic queueing models: the
// simulator's validation suite checks its results against them, and the
// provider's analytic functions expose them.
//
// Conventions: lambda is the arrival rate and mu the service rate of one
// server, in the same time unit; times come back in that unit's inverse
// (rates per millisecond give milliseconds). c is the number of servers.
// Parameters outside a model's domain (negative rates, no server, a
// probability outside [0, 1]) give NaN; a queue at or above saturation
// (lambda >= c mu) gives +Inf for its mean times, which is what they are.
package queueing

import "math"

// Utilization is the offered load per server, rho = lambda / (c mu).
func Utilization(lambda, mu float64, c int) float64 {
	if !validRates(lambda, mu, c) {
		return math.NaN()
	}
	return lambda / (float64(c) * mu)
}

func validRates(lambda, mu float64, c int) bool {
	return lambda >= 0 && mu > 0 && c >= 1 && !math.IsInf(lambda, 0) && !math.IsInf(mu, 0)
}

// ErlangB is the blocking probability of an M/M/c/c loss system with
// offered load a = lambda/mu Erlangs. It uses the stable recursion
// B(k) = a B(k-1) / (k + a B(k-1)), which never forms a^c or c!.
func ErlangB(c int, a float64) float64 {
	if c < 0 || !(a >= 0) || math.IsInf(a, 0) {
		return math.NaN()
	}
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

// ErlangC is the probability that an arrival to an M/M/c queue with offered
// load a = lambda/mu Erlangs has to wait. It is 1 when a >= c (the queue
// grows without bound and everyone waits).
func ErlangC(c int, a float64) float64 {
	if c < 1 || !(a >= 0) || math.IsInf(a, 0) {
		return math.NaN()
	}
	if a >= float64(c) {
		return 1
	}
	b := ErlangB(c, a)
	return float64(c) * b / (float64(c) - a*(1-b))
}

// MMcMeanWait is the mean time in queue of an M/M/c queue,
// Wq = C(c, a) / (c mu - lambda).
func MMcMeanWait(lambda, mu float64, c int) float64 {
	if !validRates(lambda, mu, c) {
		return math.NaN()
	}
	if lambda >= float64(c)*mu {
		return math.Inf(1)
	}
	return ErlangC(c, lambda/mu) / (float64(c)*mu - lambda)
}

// MMcMeanSojourn is the mean time in an M/M/c system, Wq + 1/mu.
func MMcMeanSojourn(lambda, mu float64, c int) float64 {
	return MMcMeanWait(lambda, mu, c) + 1/mu
}

// MMcMeanInSystem is the mean number in an M/M/c system, by Little's law
// L = lambda W.
func MMcMeanInSystem(lambda, mu float64, c int) float64 {
	return lambda * MMcMeanSojourn(lambda, mu, c)
}

// MM1SojournQuantile is the p-quantile of the time in an M/M/1 FIFO
// system: the sojourn time is exponential with rate mu - lambda.
func MM1SojournQuantile(lambda, mu, p float64) float64 {
	if !validRates(lambda, mu, 1) || !(p >= 0 && p < 1) {
		return math.NaN()
	}
	if lambda >= mu {
		return math.Inf(1)
	}
	return -math.Log1p(-p) / (mu - lambda)
}

// MMcSojournSurvival is P(T > t) for the time T in an M/M/c FIFO system.
// T = Wq + S with S ~ Exp(mu) independent of Wq, and Wq is 0 with
// probability 1 - C and Exp(theta) with probability C, theta = c mu - lambda.
// So P(T > t) = (1-C) e^{-mu t} + C P(E_theta + E_mu > t), and the
// hypoexponential tail is e^{-mu t} (1 + mu (1 - e^{-(theta-mu) t}) /
// (theta - mu)), written with expm1 so that it stays exact as theta -> mu.
func MMcSojournSurvival(lambda, mu float64, c int, t float64) float64 {
	if !validRates(lambda, mu, c) || math.IsNaN(t) {
		return math.NaN()
	}
	if lambda >= float64(c)*mu {
		return 1
	}
	if t <= 0 {
		return 1
	}
	cw := ErlangC(c, lambda/mu)
	theta := float64(c)*mu - lambda
	d := theta - mu
	// g = (1 - e^{-d t}) / d, which tends to t as d -> 0, for either sign of d.
	var g float64
	if x := d * t; math.Abs(x) < 1e-12 {
		g = t
	} else {
		g = -math.Expm1(-x) / d
	}
	es := math.Exp(-mu * t)
	hypo := es * (1 + mu*g)
	if d < 0 {
		// When theta < mu the e^{-mu t}(...) form multiplies a vanishing
		// factor by a growing one; use the symmetric form instead, which is
		// the same function: e^{-theta t} (1 + theta (1 - e^{d t}) / (-d)).
		var h float64
		if x := -d * t; x < 1e-12 {
			h = t
		} else {
			h = -math.Expm1(-x) / -d
		}
		hypo = math.Exp(-theta*t) * (1 + theta*h)
	}
	return (1-cw)*es + cw*hypo
}

// MMcSojournQuantile is the p-quantile of the time in an M/M/c FIFO system,
// found by bisection on MMcSojournSurvival (monotone in t) to a relative
// precision of 1e-12.
func MMcSojournQuantile(lambda, mu float64, c int, p float64) float64 {
	if !validRates(lambda, mu, c) || !(p >= 0 && p < 1) {
		return math.NaN()
	}
	if lambda >= float64(c)*mu {
		return math.Inf(1)
	}
	if p == 0 {
		return 0
	}
	target := 1 - p
	lo, hi := 0.0, 1/mu
	for MMcSojournSurvival(lambda, mu, c, hi) > target {
		lo = hi
		hi *= 2
	}
	for i := 0; i < 200 && hi-lo > 1e-12*hi; i++ {
		mid := (lo + hi) / 2
		if MMcSojournSurvival(lambda, mu, c, mid) > target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// MG1MeanWait is the Pollaczek-Khinchine mean time in queue of an M/G/1
// queue with service time mean meanS and second moment secondMomentS:
// Wq = lambda E[S^2] / (2 (1 - rho)), rho = lambda E[S].
func MG1MeanWait(lambda, meanS, secondMomentS float64) float64 {
	if !(lambda >= 0) || !(meanS > 0) || !(secondMomentS >= meanS*meanS) || math.IsInf(lambda, 0) || math.IsInf(secondMomentS, 0) {
		return math.NaN()
	}
	rho := lambda * meanS
	if rho >= 1 {
		return math.Inf(1)
	}
	return lambda * secondMomentS / (2 * (1 - rho))
}

// MD1MeanWait is the mean time in queue of an M/D/1 queue (service time
// exactly 1/mu): P-K with E[S^2] = 1/mu^2, Wq = rho / (2 mu (1 - rho)).
func MD1MeanWait(lambda, mu float64) float64 {
	if !validRates(lambda, mu, 1) {
		return math.NaN()
	}
	return MG1MeanWait(lambda, 1/mu, 1/(mu*mu))
}

// MMcKDistribution returns the stationary probabilities p[0..c+k] of the
// number in an M/M/c/K system with c servers and k waiting places
// (k >= 0): p_n proportional to a^n/n! for n <= c and a^c/c! (a/c)^{n-c}
// above. It works in logarithms so that large c and a do not overflow. The
// system is stable for any load, so lambda >= c mu is allowed. It returns
// nil for invalid parameters. It allocates c+k+1 values: callers exposing it
// to user input should bound c+k.
func MMcKDistribution(lambda, mu float64, c, k int) []float64 {
	if !validRates(lambda, mu, c) || k < 0 {
		return nil
	}
	n := c + k
	logp := make([]float64, n+1)
	if lambda == 0 {
		logp[0] = 1 // an idle system stays empty
		return logp
	}
	la := math.Log(lambda / mu)
	lc := math.Log(float64(c))
	maxLog := 0.0
	for i := 1; i <= n; i++ {
		if i <= c {
			logp[i] = logp[i-1] + la - math.Log(float64(i))
		} else {
			logp[i] = logp[i-1] + la - lc
		}
		maxLog = math.Max(maxLog, logp[i])
	}
	sum := 0.0
	for i := range logp {
		logp[i] = math.Exp(logp[i] - maxLog)
		sum += logp[i]
	}
	for i := range logp {
		logp[i] /= sum
	}
	return logp
}

// MMcKBlocking is the probability that an arrival to an M/M/c/K system
// (c servers, k waiting places) finds it full and is rejected: by PASTA it
// is the stationary probability of c+k in system.
func MMcKBlocking(lambda, mu float64, c, k int) float64 {
	p := MMcKDistribution(lambda, mu, c, k)
	if p == nil {
		return math.NaN()
	}
	return p[c+k]
}
