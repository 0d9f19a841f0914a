package queueing

import (
	"math"
	"testing"
)

func TestCheLRUHitRatio_uniform(t *testing.T) {
	// With equal rates, LRU holds any c of n keys: the hit ratio is c/n,
	// and Che's fixed point gives it exactly.
	rates := make([]float64, 1000)
	for i := range rates {
		rates[i] = 2
	}
	for _, c := range []float64{1, 10, 250, 999} {
		if got, want := CheLRUHitRatio(rates, c), c/1000; math.Abs(got-want) > 1e-9 {
			t.Errorf("c = %g: hit ratio %.12f, want %.12f", c, got, want)
		}
	}
	if got := CheLRUHitRatio(rates, 1000); got != 1 {
		t.Errorf("c = n: hit ratio %g, want 1", got)
	}
	if got := CheLRUHitRatio(rates, 0); got != 0 {
		t.Errorf("c = 0: hit ratio %g, want 0", got)
	}
}

func TestCheLRUHitRatio_zipf(t *testing.T) {
	// Skewed popularity: more than c/n, less than the c most popular keys'
	// share (what an oracle that keeps the top c would hit), and growing
	// with c.
	rates := ZipfRates(10000, 0.8, 1)
	prev := 0.0
	for _, c := range []int{100, 500, 2000} {
		got := CheLRUHitRatio(rates, float64(c))
		top := 0.0
		for _, r := range rates[:c] {
			top += r
		}
		if got <= float64(c)/10000 || got >= top || got <= prev {
			t.Errorf("c = %d: hit ratio %.4f, want in (%.4f, %.4f) and above %.4f", c, got, float64(c)/10000, top, prev)
		}
		prev = got
	}
}

func TestTTLHitRatio(t *testing.T) {
	cases := []struct{ lambda, ttl, want float64 }{
		{1, 1, 0.5}, {4, 1, 0.8}, {0.5, 1, 1.0 / 3}, {0, 1, 0}, {1, 0, 0},
	}
	for _, c := range cases {
		if got := TTLHitRatio(c.lambda, c.ttl); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("TTLHitRatio(%g, %g) = %g, want %g", c.lambda, c.ttl, got, c.want)
		}
	}
}

func TestTTLStaleHitRatio(t *testing.T) {
	// No writes: nothing stale. Writes far more often than the TTL: every
	// hit is stale. In between, the closed form against a numerical
	// integral of lambda (1 - exp(-w a)) over [0, ttl].
	if got := TTLStaleHitRatio(10, 0, 1); got != 0 {
		t.Errorf("no writes: %g, want 0", got)
	}
	if got, want := TTLStaleHitRatio(10, 1e6, 1), TTLHitRatio(10, 1); math.Abs(got-want) > 1e-5 {
		t.Errorf("constant writes: %g, want the hit ratio %g", got, want)
	}
	lambda, w, ttl := 9.5, 0.5, 1.0
	const steps = 100000
	integral := 0.0
	for i := 0; i < steps; i++ {
		a := (float64(i) + 0.5) * ttl / steps
		integral += lambda * (1 - math.Exp(-w*a)) * ttl / steps
	}
	if got, want := TTLStaleHitRatio(lambda, w, ttl), integral/(1+lambda*ttl); math.Abs(got-want) > 1e-9 {
		t.Errorf("TTLStaleHitRatio(%g, %g, %g) = %.10f, want %.10f", lambda, w, ttl, got, want)
	}
}
