package simulator

// Validation of the cache tiers against closed forms (design section 7):
// LRU against Che's approximation, TTL expiry against lambda T / (1 +
// lambda T), and stale reads against the windows a hand calculation gives
// for ttl_only and invalidate. Network jitter is 0, so every leg takes
// exactly half its modelled round trip; the randomness is the Poisson
// arrivals, the key draws and the service times.
//
// Tolerances:
//   - Che's approximation is itself an approximation (exact only as the key
//     space grows), so the LRU cases ask what the issue asks: the whole 95 %
//     interval of the simulated hit ratio within 1 percentage point of it.
//   - The TTL and stale-read cases compare with exact renewal arguments and
//     use agree (99.9 % t interval), plus, where the hand calculation drops
//     a second-order term, an explicit allowance that says which term.

import (
	"math"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

// cacheCase is one region (r0) holding a one-replica set and a cache in
// front of it, with one co-located origin; or, with remote set, a second
// region (r1) for the cross-region invalidation case.
type cacheCase struct {
	keys      int
	zipf      float64
	rps       float64
	readRatio float64
	capacity  int
	ttlS      float64
	policy    string
	eviction  string
	dur, warm float64
	reps      int
}

const cacheRegion = "aws:us-east-1"

func (cc cacheCase) model(seed uint64) Model {
	zipf := cc.zipf
	dur := cc.warm + (cc.dur-cc.warm)*dataScale
	return Model{
		Regions: []Region{{Name: "r0", Location: cacheRegion, Instances: 32, ServiceTimeMs: 1}},
		ReplicaSets: []ReplicaSet{{
			Name: "s", Regions: []string{"r0"}, Leader: "r0",
			Replication: ReplicationAsyncPrimary, ReadConsistency: ReadStrong,
		}},
		CacheTiers: []CacheTier{{
			Name: "c", ReplicaSet: "s", Regions: []string{"r0"},
			CapacityKeys: cc.capacity, TTLS: cc.ttlS, WritePolicy: cc.policy, Eviction: cc.eviction, HitLatencyMs: 0.5,
		}},
		Workload: Workload{
			Origins: []Origin{{Name: "o", Location: cacheRegion, RPS: cc.rps, ReadRatio: ptr(cc.readRatio)}},
			Keys:    cc.keys,
			ZipfS:   &zipf,
		},
		Network: Network{JitterSigma: ptr(0.0)},
		Run:     RunSettings{DurationS: ptr(dur), WarmupS: ptr(cc.warm), Replications: cc.reps, Seed: ptrTo[uint64](seed), MaxSimulatedRequests: 1e9},
	}
}

// TestValidationCacheLRUChe: an LRU cache under the independent reference
// model (a read-only Zipf workload) hits as Che's approximation says, for
// Zipf s = 0.8 and 1.0 and caches of 1 %, 5 % and 20 % of the key space.
func TestValidationCacheLRUChe(t *testing.T) {
	const keys = 10000
	const rps = 1000.0
	for _, s := range []float64{0.8, 1.0} {
		rates := queueing.ZipfRates(keys, s, rps/1000) // per ms; only ratios matter
		for _, frac := range []float64{0.01, 0.05, 0.20} {
			capacity := int(frac * keys)
			cc := cacheCase{
				keys: keys, zipf: s, rps: rps, readRatio: 1, capacity: capacity,
				policy: TTLOnly, eviction: EvictLRU, dur: 70, warm: 10, reps: 5,
			}
			rep := runData(t, cc.model(11))
			got := rep.Scenarios[0].CacheHitRatio
			che := queueing.CheLRUHitRatio(rates, float64(capacity))
			inside := math.Abs(got.Low-che) <= 0.01 && math.Abs(got.High-che) <= 0.01
			t.Logf("LRU zipf s=%.1f cache %4.0f%% (%5d keys): hit ratio %.4f [%.4f, %.4f], Che %.4f (%+.2f pp)",
				s, 100*frac, capacity, got.Mean, got.Low, got.High, che, 100*(got.Mean-che))
			if !inside {
				t.Errorf("LRU s=%.1f capacity %d: hit ratio 95%% CI [%.4f, %.4f] is not within 1 pp of Che's %.4f",
					s, capacity, got.Low, got.High, che)
			}
		}
	}
}

// TestValidationCacheLFUBetweenLRUAndOracle: under the independent
// reference model LFU keeps the popular keys better than LRU does, and no
// policy beats keeping the capacity most popular keys.
func TestValidationCacheLFUBetweenLRUAndOracle(t *testing.T) {
	const keys = 10000
	rates := queueing.ZipfRates(keys, 0.8, 1)
	capacity := 500
	cc := cacheCase{
		keys: keys, zipf: 0.8, rps: 1000, readRatio: 1, capacity: capacity,
		policy: TTLOnly, eviction: EvictLFU, dur: 70, warm: 10, reps: 5,
	}
	got := runData(t, cc.model(12)).Scenarios[0].CacheHitRatio
	che := queueing.CheLRUHitRatio(rates, float64(capacity))
	oracle := 0.0
	for _, r := range rates[:capacity] {
		oracle += r
	}
	t.Logf("LFU zipf s=0.8 cache 5%%: hit ratio %.4f [%.4f, %.4f]; LRU (Che) %.4f, top-%d oracle %.4f",
		got.Mean, got.Low, got.High, che, capacity, oracle)
	if got.Low <= che || got.High > oracle+0.005 {
		t.Errorf("LFU hit ratio [%.4f, %.4f] should lie above LRU's %.4f and not above the oracle's %.4f", got.Low, got.High, che, oracle)
	}
}

// ttlFill is the time from a miss's lookup to its fill, with jitter 0: the
// round trip to the co-located replica (reads take no service time at the
// replica). During it, further reads of the key miss too.
func ttlFill(t *testing.T) float64 {
	return 2 * oneWay(t, cacheRegion, cacheRegion)
}

// TestValidationCacheTTLHitRatio: with room for every key and no writes, a
// TTL cache hits lambda T / (1 + lambda T) of a key's reads. Uniform keys
// give every key the same lambda, so the overall ratio is the per-key one.
// Exactly, a fill lands delta (the fill round trip) after its miss and the
// reads inside delta miss too, so a cycle has 1 + lambda delta misses and
// lambda T hits; the closed form is the delta = 0 case, and with the fill
// included theory and simulation must agree within the 99.9 % interval.
func TestValidationCacheTTLHitRatio(t *testing.T) {
	const keys = 1000
	const rps = 2000.0
	lambda := rps / keys / 1000 // reads per key per ms
	delta := ttlFill(t)
	for _, ttlS := range []float64{0.25, 1, 4} {
		cc := cacheCase{
			keys: keys, zipf: 0, rps: rps, readRatio: 1, capacity: keys, ttlS: ttlS,
			policy: TTLOnly, eviction: EvictLRU, dur: 50, warm: 10, reps: 8,
		}
		got := runData(t, cc.model(13)).Scenarios[0].CacheHitRatio
		T := ttlS * 1000
		closed := queueing.TTLHitRatio(lambda, T)
		exact := lambda * T / (1 + lambda*delta + lambda*T)
		t.Logf("TTL lambda*T = %.2f: closed form lambda T/(1+lambda T) = %.4f, with the %.1f ms fill %.4f", lambda*T, closed, delta, exact)
		agree(t, "TTL hit ratio", got, exact, 0, cc.reps)
		if math.Abs(got.Mean-closed) > 0.01 {
			t.Errorf("TTL lambda*T = %.2f: hit ratio %.4f is more than 1 pp from lambda T/(1+lambda T) = %.4f", lambda*T, got.Mean, closed)
		}
	}
}

// TestValidationCacheTTLOnlyStale: with write_policy ttl_only, writes do not
// touch the cache, so a hit at age a since its fill is stale when a write
// to its key committed since the version was read. Uniform keys, per-key
// read rate r, write rate w, TTL T, fill round trip delta (the version is
// read delta/2 before the fill): a cycle has 1 + r delta + r T reads, of
// which, on average, integral_0^T r (1 - exp(-w (a + delta/2))) da =
// r (T - exp(-w delta/2) (1 - exp(-w T)) / w) are stale hits. Reads are
// strong, so the replica itself serves nothing stale.
func TestValidationCacheTTLOnlyStale(t *testing.T) {
	const keys = 100
	const rps = 1000.0
	const readRatio = 0.95
	r := rps * readRatio / keys / 1000 // per key per ms
	w := rps * (1 - readRatio) / keys / 1000
	delta := ttlFill(t)
	for _, ttlS := range []float64{0.2, 1} {
		cc := cacheCase{
			keys: keys, zipf: 0, rps: rps, readRatio: readRatio, capacity: keys, ttlS: ttlS,
			policy: TTLOnly, eviction: EvictLRU, dur: 50, warm: 10, reps: 8,
		}
		sc := runData(t, cc.model(14)).Scenarios[0]
		T := ttlS * 1000
		stale := r * (T - math.Exp(-w*delta/2)*(-math.Expm1(-w*T))/w)
		want := stale / (1 + r*delta + r*T)
		t.Logf("ttl_only T = %.1f s, r = %.1f/s, w = %.1f/s per key: hand calculation %.4f (closed form at delta = 0: %.4f)",
			ttlS, r*1000, w*1000, want, queueing.TTLStaleHitRatio(r, w, T))
		agree(t, "ttl_only stale-read ratio", sc.StaleReadRatio, want, 0, cc.reps)
		agree(t, "ttl_only hit ratio", sc.CacheHitRatio, r*T/(1+r*delta+r*T), 0, cc.reps)
	}
}

// TestValidationCacheInvalidateStale: with write_policy invalidate, a write
// committed at the leader (us-east-1) reaches the eu-west-1 cache D (the
// one-way delay) later, so a hit there is stale only when a write to its
// key committed within the last D: for uniform keys written at w per key,
// the fraction of reads arriving inside the invalidation delay is
// 1 - exp(-w D). That is the stale-read ratio whenever the entry is cached
// at that write; it is not for the fraction of time a key waits for its
// next read after an invalidation (about w (1/r + delta), r the per-key
// read rate and delta the fill round trip), which the tolerance allows.
// Apply time is tiny, so the local replica has every write before the
// invalidation's refill reads it (no refill with an old version).
func TestValidationCacheInvalidateStale(t *testing.T) {
	const keys = 20
	const readRPS, writeRPS = 4000.0, 10.0
	const leader, cacheAt = "aws:us-east-1", "aws:eu-west-1"
	zipf := 0.0
	m := Model{
		Regions: []Region{
			{Name: "r0", Location: leader, Instances: 8, ServiceTimeMs: 1},
			{Name: "r1", Location: cacheAt, Instances: 32, ServiceTimeMs: 1},
		},
		ReplicaSets: []ReplicaSet{{
			Name: "s", Regions: []string{"r0", "r1"}, Leader: "r0",
			Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual, ApplyTimeMs: 0.01,
		}},
		CacheTiers: []CacheTier{{
			Name: "c", ReplicaSet: "s", Regions: []string{"r1"}, CapacityKeys: keys, WritePolicy: Invalidate, HitLatencyMs: 0.5,
		}},
		Workload: Workload{
			Origins: []Origin{
				{Name: "writer", Location: leader, RPS: writeRPS, ReadRatio: ptr(0)},
				{Name: "reader", Location: cacheAt, RPS: readRPS, ReadRatio: ptr(1)},
			},
			Keys: keys, ZipfS: &zipf,
		},
		Network: Network{JitterSigma: ptr(0.0)},
		Run:     RunSettings{DurationS: ptr(10 + 40*dataScale), WarmupS: ptr(10), Replications: 10, Seed: ptrTo[uint64](15), MaxSimulatedRequests: 1e9},
	}
	sc := runData(t, m).Scenarios[0]
	w := writeRPS / keys / 1000
	r := readRPS / keys / 1000
	D := oneWay(t, leader, cacheAt)
	delta := 2 * oneWay(t, cacheAt, cacheAt)
	window := -math.Expm1(-w * D)
	bias := w * (1/r + delta)
	e := sc.StaleReadRatio
	t.Logf("invalidate: D = %.1f ms, w = %.2f/s per key: reads inside the invalidation delay %.5f; stale-read ratio %.5f [%.5f, %.5f] (%+.2f%%, allowance -%.2f%% for keys not yet refilled)",
		D, w*1000, window, e.Mean, e.Low, e.High, 100*(e.Mean-window)/window, 100*bias)
	agreeBand(t, "invalidate stale-read ratio", e, window*(1-bias), window, m.Run.Replications)

	// The same workload with ttl_only and no TTL would serve every hit
	// after a key's first write stale: invalidation is what bounds it.
	m.CacheTiers[0].WritePolicy = TTLOnly
	m.CacheTiers[0].TTLS = 1
	ttl := runData(t, m).Scenarios[0].StaleReadRatio
	t.Logf("the same with ttl_only, ttl_s = 1: stale-read ratio %.4f", ttl.Mean)
	if ttl.Low <= 10*e.High {
		t.Errorf("ttl_only stale-read ratio %.4f should be far above invalidate's %.5f", ttl.Mean, e.Mean)
	}
}

// TestValidationCacheFlushWarmUp: a cache_flush empties the cache at its
// instant; the timeline shows the hit ratio fall in that second and climb
// back to the baseline's as the cache refills.
func TestValidationCacheFlushWarmUp(t *testing.T) {
	cc := cacheCase{
		keys: 10000, zipf: 1.0, rps: 1000, readRatio: 1, capacity: 2000,
		policy: TTLOnly, eviction: EvictLRU, dur: 40, warm: 10, reps: 3,
	}
	m := cc.model(16)
	m.Run.DurationS = ptr(40)
	m.Scenarios = []Scenario{{Name: "flush", Faults: []Fault{{Type: FaultCacheFlush, Tier: "c", AtS: 20}}}}
	rep := runData(t, m)
	base, flush := rep.Scenarios[0].Timeline, rep.Scenarios[1].Timeline
	if len(flush) != 40 || len(base) != 40 {
		t.Fatalf("timeline has %d and %d points, want 40 (one per second)", len(base), len(flush))
	}
	for s := 18; s <= 26; s++ {
		t.Logf("t = %2.0f s: hit ratio baseline %.3f, after flush %.3f", flush[s].TimeS, base[s].CacheHitRatio, flush[s].CacheHitRatio)
	}
	if flush[19].CacheHitRatio < base[19].CacheHitRatio-0.02 {
		t.Errorf("before the flush the scenario's hit ratio %.3f should match the baseline's %.3f", flush[19].CacheHitRatio, base[19].CacheHitRatio)
	}
	if flush[20].CacheHitRatio > base[20].CacheHitRatio-0.1 {
		t.Errorf("in the flush's second the hit ratio %.3f should fall well below the baseline's %.3f", flush[20].CacheHitRatio, base[20].CacheHitRatio)
	}
	if !(flush[21].CacheHitRatio > flush[20].CacheHitRatio) {
		t.Errorf("the hit ratio should climb back after the flush: %.3f then %.3f", flush[20].CacheHitRatio, flush[21].CacheHitRatio)
	}
	if flush[35].CacheHitRatio < base[35].CacheHitRatio-0.03 {
		t.Errorf("15 s after the flush the hit ratio %.3f should be back near the baseline's %.3f", flush[35].CacheHitRatio, base[35].CacheHitRatio)
	}
}

// agreeBand is agree for a theory known to lie in [lo, hi]: the simulated
// mean must be within the 99.9 % t interval of some value of the band.
func agreeBand(t *testing.T, what string, e Estimate, lo, hi float64, reps int) {
	t.Helper()
	se := (e.High - e.Low) / 2 / stats.TQuantile(0.95, reps)
	allowed := stats.TQuantile(0.999, reps) * se
	ok := e.Mean >= lo-allowed && e.Mean <= hi+allowed
	t.Logf("%-34s sim %10.5f  95%% CI [%10.5f, %10.5f]  theory in [%.5f, %.5f] (+- %.5f)  ok: %v", what, e.Mean, e.Low, e.High, lo, hi, allowed, ok)
	if !ok {
		t.Errorf("%s: simulated %.5g (95%% CI [%.5g, %.5g]) is outside theory's [%.5g, %.5g] beyond the 99.9%% interval +- %.3g",
			what, e.Mean, e.Low, e.High, lo, hi, allowed)
	}
}
