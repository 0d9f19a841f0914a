package queueing

import "math"

// CheCharacteristicTime is Che's characteristic time T_C of an LRU cache of
// capacity c under the independent reference model with per-key request
// rates rates: the root of sum_k (1 - exp(-rate_k T)) = c. It is the time a
// key stays in the cache after its last request. It returns +Inf when c is
// at least the number of keys (nothing is ever evicted) and 0 when c <= 0.
func CheCharacteristicTime(rates []float64, c float64) float64 {
	if c <= 0 {
		return 0
	}
	if c >= float64(len(rates)) {
		return math.Inf(1)
	}
	occupancy := func(t float64) float64 {
		s := 0.0
		for _, r := range rates {
			s += -math.Expm1(-r * t)
		}
		return s
	}
	// The occupancy grows from 0 to len(rates) with t: bracket the root by
	// doubling, then bisect to a relative width of 1e-12.
	lo, hi := 0.0, 1.0
	for occupancy(hi) < c {
		lo, hi = hi, hi*2
	}
	for hi-lo > 1e-12*hi {
		mid := (lo + hi) / 2
		if occupancy(mid) < c {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// CheLRUHitRatio is Che's approximation of the hit ratio of an LRU cache of
// capacity c under the independent reference model: with T_C the
// characteristic time, key k hits with probability 1 - exp(-rate_k T_C),
// and the hit ratio is the request-weighted mean of that over keys.
// (Che, Tung and Wang, "Hierarchical Web caching systems: modeling, design
// and experimental results", IEEE JSAC 20(7), 2002.)
func CheLRUHitRatio(rates []float64, c float64) float64 {
	t := CheCharacteristicTime(rates, c)
	total, hits := 0.0, 0.0
	for _, r := range rates {
		total += r
		if math.IsInf(t, 1) {
			hits += r
			continue
		}
		hits += r * -math.Expm1(-r*t)
	}
	if total == 0 {
		return 0
	}
	return hits / total
}

// TTLHitRatio is the hit ratio of one key requested as a Poisson stream of
// rate lambda in a cache whose entries expire ttl after they were filled
// and are not refreshed by hits: each fill starts a cycle of one miss and,
// on average, lambda ttl hits, so the ratio is lambda ttl / (1 + lambda ttl).
func TTLHitRatio(lambda, ttl float64) float64 {
	x := lambda * ttl
	if !(x > 0) {
		return 0
	}
	return x / (1 + x)
}

// TTLStaleHitRatio is the fraction of all requests of one key that are
// stale hits in such a TTL cache when the key is written as a Poisson stream
// of rate w that does not touch the cache: a hit at age a since its fill is
// stale when a write came within those a, so a cycle has on average
// integral_0^ttl lambda (1 - exp(-w a)) da = lambda (ttl - (1 - exp(-w ttl)) / w)
// stale hits among its 1 + lambda ttl requests.
func TTLStaleHitRatio(lambda, w, ttl float64) float64 {
	if !(lambda > 0) || !(ttl > 0) || !(w > 0) {
		return 0
	}
	stale := lambda * (ttl + math.Expm1(-w*ttl)/w)
	return stale / (1 + lambda*ttl)
}

// ZipfRates are the request rates of n keys with Zipf popularity
// P(k) proportional to 1/(k+1)^s, scaled to a total of lambda.
func ZipfRates(n int, s, lambda float64) []float64 {
	rates := make([]float64, n)
	total := 0.0
	for i := range rates {
		rates[i] = math.Pow(float64(i+1), -s)
		total += rates[i]
	}
	for i := range rates {
		rates[i] *= lambda / total
	}
	return rates
}
