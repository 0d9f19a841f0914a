package queueing

import (
	"math"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.10g, want %.10g", name, got, want)
	}
}

// Textbook values: Erlang B and C tables (e.g. Kleinrock vol. 1; the
// M/M/2 case has the closed form C = 2 rho^2 / (1 + rho)).
func TestErlang(t *testing.T) {
	near(t, "ErlangB(2, 1)", ErlangB(2, 1), 0.2, 1e-12)
	near(t, "ErlangB(10, 8)", ErlangB(10, 8), 0.12166, 1e-4)
	near(t, "ErlangC(2, 1)", ErlangC(2, 1), 1.0/3, 1e-12)
	near(t, "ErlangC(4, 3)", ErlangC(4, 3), 0.50943, 1e-4)
	near(t, "ErlangC(10, 8)", ErlangC(10, 8), 0.40918, 1e-4)
	near(t, "ErlangC(1, 0.7)", ErlangC(1, 0.7), 0.7, 1e-12) // M/M/1: P(wait) = rho
	if ErlangC(4, 4) != 1 || ErlangC(4, 5) != 1 {
		t.Error("saturated Erlang C must be 1")
	}
	// A large system must not overflow.
	if c := ErlangC(2000, 1950); !(c > 0 && c < 1) {
		t.Errorf("ErlangC(2000, 1950) = %v", c)
	}
	for _, bad := range []float64{ErlangC(0, 1), ErlangC(2, -1), ErlangC(2, math.NaN()), ErlangB(-1, 1)} {
		if !math.IsNaN(bad) {
			t.Error("invalid parameters must give NaN")
		}
	}
}

func TestMMc(t *testing.T) {
	// M/M/1, lambda 0.8, mu 1: Wq = rho/(mu-lambda) = 4, W = 5, L = 4.
	near(t, "M/M/1 Wq", MMcMeanWait(0.8, 1, 1), 4, 1e-12)
	near(t, "M/M/1 W", MMcMeanSojourn(0.8, 1, 1), 5, 1e-12)
	near(t, "M/M/1 L", MMcMeanInSystem(0.8, 1, 1), 4, 1e-12)
	// M/M/2, lambda 1, mu 1 (rho 0.5): Wq = C/(c mu - lambda) = 1/3.
	near(t, "M/M/2 Wq", MMcMeanWait(1, 1, 2), 1.0/3, 1e-12)
	// M/M/4, a = 3: Wq = 0.50943 / (4 - 3).
	near(t, "M/M/4 Wq", MMcMeanWait(3, 1, 4), 0.50943, 1e-4)
	if !math.IsInf(MMcMeanWait(2, 1, 2), 1) {
		t.Error("saturated M/M/c must have infinite wait")
	}
	near(t, "Utilization", Utilization(3, 1, 4), 0.75, 1e-12)
}

func TestSojournQuantiles(t *testing.T) {
	// M/M/1 sojourn is Exp(mu - lambda): p99 = ln(100)/(mu - lambda).
	near(t, "M/M/1 p99", MM1SojournQuantile(0.8, 1, 0.99), math.Log(100)/0.2, 1e-12)
	// M/M/c with c = 1 must reduce to M/M/1 at any load (there theta =
	// mu - lambda is always below mu, the branch for theta < mu).
	for _, lambda := range []float64{0.1, 0.5, 0.8, 0.95} {
		near(t, "M/M/c(c=1) p99", MMcSojournQuantile(lambda, 1, 1, 0.99), MM1SojournQuantile(lambda, 1, 0.99), 1e-9)
	}
	// The survival function must integrate to the mean sojourn, for loads
	// where theta = c mu - lambda is below, at and above mu.
	for _, c := range []struct {
		lambda float64
		c      int
	}{{3.8, 4}, {3, 4}, {2, 4}, {3.5, 4}, {0.5, 2}, {1, 2}} {
		mean := integrate(func(x float64) float64 { return MMcSojournSurvival(c.lambda, 1, c.c, x) }, 400)
		near(t, "integral of survival", mean, MMcMeanSojourn(c.lambda, 1, c.c), 1e-6)
	}
	// Quantile and survival are inverse.
	q := MMcSojournQuantile(3.8, 1, 4, 0.99)
	near(t, "survival at p99", MMcSojournSurvival(3.8, 1, 4, q), 0.01, 1e-9)
	if !math.IsNaN(MMcSojournQuantile(1, 1, 4, 1)) || !math.IsInf(MMcSojournQuantile(5, 1, 4, 0.5), 1) {
		t.Error("domain edges")
	}
}

// integrate is Simpson's rule on [0, upper] with a fine grid.
func integrate(f func(float64) float64, upper float64) float64 {
	const n = 400000
	h := upper / n
	s := f(0) + f(upper)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(float64(i)*h)
	}
	return s * h / 3
}

func TestPollaczekKhinchine(t *testing.T) {
	// M/D/1, lambda 0.8, mu 1: Wq = 0.8 / (2 x 0.2) = 2, half of M/M/1.
	near(t, "M/D/1 Wq", MD1MeanWait(0.8, 1), 2, 1e-12)
	// M/G/1 with exponential service (E[S^2] = 2/mu^2) is M/M/1.
	near(t, "M/G/1 exp", MG1MeanWait(0.8, 1, 2), MMcMeanWait(0.8, 1, 1), 1e-12)
	if !math.IsInf(MG1MeanWait(1, 1, 1), 1) || !math.IsNaN(MG1MeanWait(1, 1, 0.5)) {
		t.Error("P-K domain edges")
	}
}

func TestMMcK(t *testing.T) {
	// k = 0 is the Erlang loss system.
	near(t, "M/M/3/3", MMcKBlocking(2, 1, 3, 0), ErlangB(3, 2), 1e-12)
	// M/M/1/N with N = 1 + k: P_N = (1 - rho) rho^N / (1 - rho^{N+1}).
	rho, n := 0.9, 6
	want := (1 - rho) * math.Pow(rho, float64(n)) / (1 - math.Pow(rho, float64(n+1)))
	near(t, "M/M/1/6", MMcKBlocking(0.9, 1, 1, 5), want, 1e-12)
	// Overloaded but finite: still a distribution.
	p := MMcKDistribution(10, 1, 4, 20)
	sum := 0.0
	for _, x := range p {
		sum += x
	}
	near(t, "sum of p", sum, 1, 1e-12)
	// Large systems must not overflow.
	if b := MMcKBlocking(1900, 1, 2000, 100); !(b >= 0 && b < 1) {
		t.Errorf("large M/M/c/K blocking = %v", b)
	}
	if p := MMcKDistribution(0, 1, 2, 2); p[0] != 1 {
		t.Error("idle system must be empty")
	}
	if MMcKDistribution(1, 1, 0, 1) != nil || !math.IsNaN(MMcKBlocking(1, 1, 1, -1)) {
		t.Error("invalid M/M/c/K parameters")
	}
}
