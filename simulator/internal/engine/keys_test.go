package engine

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKeySampler checks the alias table against the Zipf probabilities
// with a chi-square test, and that uniform and single-key samplers work.
func TestKeySampler(t *testing.T) {
	const n, s, draws = 50, 0.99, 2_000_000
	k := NewKeySampler(n, s)
	r := rand.New(rand.NewPCG(1, 2))
	counts := make([]float64, n)
	for i := 0; i < draws; i++ {
		counts[k.Draw(r)]++
	}
	total := 0.0
	for i := 1; i <= n; i++ {
		total += math.Pow(float64(i), -s)
	}
	chi2 := 0.0
	for i, c := range counts {
		e := draws * math.Pow(float64(i+1), -s) / total
		chi2 += (c - e) * (c - e) / e
	}
	// 49 degrees of freedom: the 99.9 % point is 85.4.
	if chi2 > 85.4 {
		t.Errorf("chi-square %.1f over 49 degrees of freedom: the draws do not follow Zipf(%g)", chi2, s)
	}
	u := NewKeySampler(7, 0)
	one := NewKeySampler(1, 2)
	for i := 0; i < 1000; i++ {
		if x := u.Draw(r); x < 0 || x >= 7 {
			t.Fatalf("uniform draw %d", x)
		}
		if x := one.Draw(r); x != 0 {
			t.Fatalf("single key draw %d", x)
		}
	}
}
