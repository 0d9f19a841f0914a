package engine

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// KeySampler draws keys 0..n-1 with Zipf popularity P(k) ∝ 1/(k+1)^s in
// O(1) per draw without allocating: Walker's alias table, built once per Run
// (O(n)) and shared read-only by every replication and worker.
//
// An alias table rather than a CDF with binary search because a draw then
// touches one table entry instead of log2(n) (17 for the default 100 000
// keys), each a likely cache miss on a table of that size. Each entry
// packs the column's keep threshold (32-bit fixed point) and its alias in
// one word, so that a draw is one 64-bit random number and one memory
// access: the 128-bit product U x n gives the column (its high word) and,
// independently and uniformly, the coin (its low word, the fraction of
// U x n). Thresholds are rounded to 2^-32, a probability error of at most
// 2.3e-10 per key.
type KeySampler struct {
	n uint64
	// table[i] is threshold<<32 | alias: keep column i when the coin is
	// below threshold / 2^32, else take alias. nil when the distribution
	// is uniform (s = 0), which needs no table.
	table []uint64
}

// NewKeySampler builds the sampler for n >= 1 keys and exponent s >= 0.
// Vose's construction processes columns in index order, so the table, and
// every draw from a given stream, is the same on every machine.
func NewKeySampler(n int, s float64) *KeySampler {
	if n < 1 {
		n = 1
	}
	k := &KeySampler{n: uint64(n)}
	if s == 0 || n == 1 {
		return k
	}
	w := make([]float64, n)
	total := 0.0
	for i := range w {
		w[i] = math.Pow(float64(i+1), -s)
		total += w[i]
	}
	prob := make([]float64, n)
	alias := make([]int32, n)
	// Scaled weights: column i holds n*p_i, split into "small" (< 1) and
	// "large" (>= 1) work lists kept as index stacks.
	small := make([]int32, 0, n)
	large := make([]int32, 0, n)
	for i := range w {
		w[i] = w[i] / total * float64(n)
		if w[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		l := small[len(small)-1]
		small = small[:len(small)-1]
		g := large[len(large)-1]
		prob[l] = w[l]
		alias[l] = g
		w[g] -= 1 - w[l]
		if w[g] < 1 {
			large = large[:len(large)-1]
			small = append(small, g)
		}
	}
	// What is left is 1 up to rounding.
	for _, i := range large {
		prob[i], alias[i] = 1, i
	}
	for _, i := range small {
		prob[i], alias[i] = 1, i
	}
	k.table = make([]uint64, n)
	for i := range k.table {
		// A threshold of 2^32 (always keep) does not fit 32 bits; the
		// largest value keeps with probability 1 - 2^-32 and its alias
		// is itself then, so that it always keeps.
		th := uint64(math.Min(prob[i]*(1<<32), 1<<32-1))
		a := uint64(uint32(alias[i]))
		if prob[i] >= 1 {
			a = uint64(i)
		}
		k.table[i] = th<<32 | a
	}
	return k
}

// N is the number of keys.
func (k *KeySampler) N() int { return int(k.n) }

// Draw returns one key from r.
func (k *KeySampler) Draw(r *rand.Rand) int32 {
	col, frac := bits.Mul64(r.Uint64(), k.n)
	if k.table == nil {
		return int32(col)
	}
	e := k.table[col]
	if frac>>32 < e>>32 {
		return int32(col)
	}
	return int32(uint32(e))
}

// KeySamplerBytes is the memory of the Zipf alias table over keys keys,
// built once per run and shared by every replication (none when uniform).
func KeySamplerBytes(keys int, zipfS float64) int64 {
	if zipfS == 0 || keys <= 1 {
		return 0
	}
	return int64(keys) * 8
}
