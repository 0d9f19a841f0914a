// Package stats holds the statistics of the simulator: the streaming
// quantile sketch used within a replication, and the confidence interval
// across replications.
package stats

import (
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/DataDog/sketches-go/ddsketch/mapping"
	"github.com/DataDog/sketches-go/ddsketch/store"
	"gonum.org/v1/gonum/stat/distuv"
)

// RelativeAccuracy is the sketch's guarantee: a reported quantile is within
// 0.5 % of the true value at that rank. At p99 this is a few times smaller
// than the sampling error of a replication, so it never dominates an SLA
// verdict.
const RelativeAccuracy = 0.005

// MaxBins bounds the memory of one sketch to MaxBins x 8 bytes (16 KiB).
// With 0.5 % accuracy a bin spans about 1 % of value, so 2048 bins cover a
// ratio of about 5e8 between the smallest and largest value kept exactly:
// from a microsecond to several minutes, wider than any latency spread this
// model produces.
const MaxBins = 2048

// Sketch is a DDSketch of positive values (latencies) with a fast Add.
//
// The embedded *ddsketch.DDSketch answers queries and merges as usual. Add
// bypasses the sketch's generic path, which makes four interface calls per
// value (range checks, index mapping, store), and goes straight to the
// concrete mapping and store it was built with: the same bins and counts,
// at a fraction of the cost on the simulation's hot path.
type Sketch struct {
	*ddsketch.DDSketch
	mapping  *mapping.CubicallyInterpolatedMapping
	store    *store.CollapsingLowestDenseStore
	min, max float64
}

// NewSketch returns an empty latency sketch.
//
// The store collapses its lowest bins once MaxBins is reached, which is the
// right end to lose for latency: SLAs bound the upper quantiles, and a
// collapse only merges the very fastest values. Unlike the unbounded dense
// store its memory has a hard bound whatever the data, and unlike the sparse
// store it adds a value without a map lookup or allocation. The cubically
// interpolated mapping computes a bin index from the float's bits with a
// polynomial instead of calling math.Log, which makes Add cheaper at the
// same accuracy guarantee.
func NewSketch() *Sketch {
	m, err := mapping.NewCubicallyInterpolatedMapping(RelativeAccuracy)
	if err != nil {
		// Unreachable: RelativeAccuracy is a valid constant.
		panic(err)
	}
	positive := store.NewCollapsingLowestDenseStore(MaxBins)
	// Latencies are positive, so the negative store stays empty; it only
	// exists because the sketch requires one.
	return &Sketch{
		DDSketch: ddsketch.NewDDSketch(m, positive, store.NewCollapsingLowestDenseStore(8)),
		mapping:  m,
		store:    positive,
		min:      m.MinIndexableValue(),
		max:      m.MaxIndexableValue(),
	}
}

// Add records one value. Values outside the mapping's range (zero, tiny,
// negative, huge, NaN) take the sketch's own path, which counts zeros and
// rejects what it cannot track.
func (s *Sketch) Add(v float64) {
	if v > s.min && v < s.max {
		s.store.Add(s.mapping.Index(v))
		return
	}
	_ = s.DDSketch.Add(v)
}

// Quantile is the sketch's q-quantile, or NaN when it is empty.
func (s *Sketch) Quantile(q float64) float64 {
	v, err := s.GetValueAtQuantile(q)
	if err != nil {
		return math.NaN()
	}
	return v
}

// Merge adds other's values to s (both built by NewSketch, so their
// mappings match and the merge cannot fail).
func (s *Sketch) Merge(other *Sketch) {
	_ = s.MergeWith(other.DDSketch)
}

// Interval is a mean across replications with its confidence interval.
type Interval struct {
	// Mean is the mean of the replication values; [Low, High] is the
	// interval around it.
	Mean, Low, High float64
	// N is the number of replication values the interval is based on.
	N int
}

// Confidence is the two-sided level of every interval.
const Confidence = 0.95

// TQuantile is the Student-t quantile t_{(1+level)/2, n-1} for an interval
// at the given level from n values (n >= 2).
func TQuantile(level float64, n int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + level) / 2)
}

// MeanCI is the mean of the finite values of xs with its 95 % Student-t
// interval mean +- t_{0.975, n-1} s / sqrt(n). Replications where a figure
// is undefined (NaN: no request was measured) are left out and counted out
// of N. With one value the interval is that value; with none, all zero.
//
// Values are summed in slice order, so that the result is bit-identical
// whenever the replication values are.
func MeanCI(xs []float64) Interval {
	n := 0
	sum := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			n++
			sum += x
		}
	}
	if n == 0 {
		return Interval{}
	}
	mean := sum / float64(n)
	if n == 1 {
		return Interval{Mean: mean, Low: mean, High: mean, N: 1}
	}
	ss := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			d := x - mean
			ss += d * d
		}
	}
	sd := math.Sqrt(ss / float64(n-1))
	half := TQuantile(Confidence, n) * sd / math.Sqrt(float64(n))
	return Interval{Mean: mean, Low: mean - half, High: mean + half, N: n}
}

// Clamp limits the interval's bounds to [lo, hi], for quantities with a
// natural range (a ratio cannot exceed 1, a time cannot be negative): the
// symmetric t interval would otherwise cross it when the mean is near it.
func (iv Interval) Clamp(lo, hi float64) Interval {
	iv.Low = math.Max(lo, math.Min(hi, iv.Low))
	iv.High = math.Max(lo, math.Min(hi, iv.High))
	iv.Mean = math.Max(lo, math.Min(hi, iv.Mean))
	return iv
}
