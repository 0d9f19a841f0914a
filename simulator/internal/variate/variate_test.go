package variate

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// sample draws n values and returns them sorted with their mean.
func sample(n int, draw func(*rand.Rand) float64) ([]float64, float64) {
	r := rand.New(rand.NewPCG(7, 8))
	xs := make([]float64, n)
	sum := 0.0
	for i := range xs {
		xs[i] = draw(r)
		sum += xs[i]
	}
	sort.Float64s(xs)
	return xs, sum / float64(n)
}

func TestLognormalShape(t *testing.T) {
	s, err := NewLognormal(10, 3)
	if err != nil {
		t.Fatal(err)
	}
	xs, mean := sample(400000, s.Draw)
	if math.Abs(mean-10)/10 > 0.01 {
		t.Errorf("mean %.3f, want 10", mean)
	}
	p50, p99 := xs[len(xs)/2], xs[len(xs)*99/100]
	if r := p99 / p50; math.Abs(r-3)/3 > 0.03 {
		t.Errorf("p99/p50 = %.3f, want 3", r)
	}
	if q := s.Quantile(0.99) / s.Quantile(0.5); math.Abs(q-3) > 1e-9 {
		t.Errorf("analytic p99/p50 = %v", q)
	}
	// E[S^2] = Var + mean^2.
	_, m2 := sample(400000, func(r *rand.Rand) float64 { x := s.Draw(r); return x * x })
	if math.Abs(m2-s.SecondMoment())/s.SecondMoment() > 0.02 {
		t.Errorf("E[S^2] = %.2f, want %.2f", m2, s.SecondMoment())
	}
}

func TestLognormalRejects(t *testing.T) {
	for _, c := range [][2]float64{{0, 3}, {-1, 3}, {10, 1}, {10, 0.5}, {math.NaN(), 3}, {10, math.NaN()}, {math.Inf(1), 3}, {10, math.Inf(1)}} {
		if _, err := NewLognormal(c[0], c[1]); err == nil {
			t.Errorf("NewLognormal(%v, %v) accepted", c[0], c[1])
		}
	}
}

func TestExponentialAndDeterministic(t *testing.T) {
	e := NewExponential(4)
	_, mean := sample(400000, e.Draw)
	if math.Abs(mean-4)/4 > 0.01 {
		t.Errorf("exponential mean %.3f, want 4", mean)
	}
	if e.SecondMoment() != 32 {
		t.Errorf("exponential E[S^2] = %v", e.SecondMoment())
	}
	d := NewDeterministic(4)
	if d.Draw(nil) != 4 || d.SecondMoment() != 16 || d.Quantile(0.99) != 4 {
		t.Error("deterministic is not constant")
	}
}

func TestOneWay(t *testing.T) {
	w := NewOneWay(100, 60, 0.2)
	var j *Jitter
	xs, mean := sample(400000, func(r *rand.Rand) float64 {
		if j == nil {
			j = NewJitter(w.Sigma(), r)
		}
		return w.Draw(j)
	})
	if xs[0] < w.Min() || w.Min() != 30 {
		t.Errorf("min draw %.3f below floor/2 = %v", xs[0], w.Min())
	}
	if med := xs[len(xs)/2]; math.Abs(med-50) > 0.2 {
		t.Errorf("median %.3f, want rtt/2 = 50", med)
	}
	if math.Abs(mean-w.Mean())/w.Mean() > 0.002 {
		t.Errorf("mean %.4f, want %.4f", mean, w.Mean())
	}
	flat := NewOneWay(10, 20, 0.2) // rtt below floor is raised to it
	if flat.Draw(nil) != 10 || flat.Mean() != 10 {
		t.Error("rtt below the floor must give floor/2")
	}
	if det := NewOneWay(100, 60, 0); det.Draw(NewJitter(0, nil)) != 50 {
		t.Error("sigma 0 must be deterministic")
	}
}

// TestJitterBatchIsTransparent checks that batching consumes the stream in
// the order single draws would.
func TestJitterBatchIsTransparent(t *testing.T) {
	j := NewJitter(0.3, rand.New(rand.NewPCG(5, 6)))
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 1000; i++ {
		if got, want := j.Next(), math.Exp(0.3*r.NormFloat64()); got != want {
			t.Fatalf("draw %d: batched %v, single %v", i, got, want)
		}
	}
}
