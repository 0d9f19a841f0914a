package stats

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

func TestTQuantile(t *testing.T) {
	// Textbook values of t_{0.975, nu}.
	for _, c := range []struct {
		n    int
		want float64
	}{{2, 12.706}, {5, 2.776}, {10, 2.262}, {30, 2.045}} {
		if got := TQuantile(0.95, c.n); math.Abs(got-c.want) > 1e-3 {
			t.Errorf("t(0.975, %d) = %.4f, want %.3f", c.n-1, got, c.want)
		}
	}
}

func TestMeanCI(t *testing.T) {
	iv := MeanCI([]float64{1, 2, 3, 4, 5})
	// mean 3, s = sqrt(2.5), half = 2.776 * 1.5811 / 2.2361 = 1.963
	if iv.Mean != 3 || iv.N != 5 || math.Abs(iv.High-3-1.9632) > 1e-3 || math.Abs(3-iv.Low-1.9632) > 1e-3 {
		t.Errorf("MeanCI = %+v", iv)
	}
	if iv := MeanCI([]float64{math.NaN(), 7, math.NaN()}); iv != (Interval{Mean: 7, Low: 7, High: 7, N: 1}) {
		t.Errorf("one value: %+v", iv)
	}
	if iv := MeanCI(nil); iv != (Interval{}) {
		t.Errorf("no value: %+v", iv)
	}
	if iv := (Interval{Mean: 0.999, Low: 0.998, High: 1.001}).Clamp(0, 1); iv.High != 1 {
		t.Errorf("Clamp = %+v", iv)
	}
}

// TestSketchAccuracy checks the sketch's quantiles against exact order
// statistics over a latency-like heavy tail.
func TestSketchAccuracy(t *testing.T) {
	s := NewSketch()
	r := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, 200000)
	for i := range xs {
		xs[i] = math.Exp(3 + 1.5*r.NormFloat64())
		s.Add(xs[i])
	}
	sort.Float64s(xs)
	for _, q := range []float64{0.5, 0.95, 0.99, 0.999} {
		exact := xs[int(q*float64(len(xs)-1))]
		if got := s.Quantile(q); math.Abs(got-exact)/exact > RelativeAccuracy+1e-9 {
			t.Errorf("q%.3f = %.4f, exact %.4f", q, got, exact)
		}
	}
	if !math.IsNaN(NewSketch().Quantile(0.5)) {
		t.Error("empty sketch must give NaN")
	}
	// The fast path and the library's own Add must fill the same bins.
	ref := NewSketch()
	for _, x := range xs {
		_ = ref.DDSketch.Add(x)
	}
	for _, q := range []float64{0, 0.1, 0.5, 0.9, 0.99, 0.999, 1} {
		if a, b := s.Quantile(q), ref.Quantile(q); a != b {
			t.Errorf("q%.3f: fast Add %v, library Add %v", q, a, b)
		}
	}
	// Out-of-range values take the library's path.
	z := NewSketch()
	z.Add(0)
	z.Add(-1)
	z.Add(math.NaN())
	if z.GetCount() != 2 || z.GetZeroCount() != 1 {
		t.Errorf("zero and negative: count %v, zeros %v", z.GetCount(), z.GetZeroCount())
	}
	m := NewSketch()
	m.Merge(s)
	m.Merge(z)
	if m.GetCount() != s.GetCount()+2 {
		t.Errorf("merged count %v", m.GetCount())
	}
}
