package engine

// Cache tiers: per-region caches in front of a replica set.
//
// A read of a replica set, served by a region that holds a cache of a tier
// of that set, looks in the cache first. A hit is answered after the tier's
// hit latency with the cached version; a miss goes to the replica set as
// any read, and the version it returns fills the cache when the response
// reaches the serving region (cache-aside). Caches bypass the set's read
// consistency: a hit is served whatever it is, which is exactly how a cache
// makes even a strongly consistent store serve stale data. One region's
// cache itself is a cacheState (cachestore.go).

import (
	"math/rand/v2"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// tierState is a tier's per-replication state: its invalidation jitter and
// its hit and miss latency statistics.
type tierState struct {
	cfg *CacheTier
	// first is the index of the tier's first cache in Sim.caches.
	first          int
	jitter         variate.Jitter
	hit, miss      *stats.Sketch
	hitSum, missSm float64
	hitN, missN    int64
}

// cacheLatency is one region's cache's share of its tier's hit and miss
// latencies: the same reads, split by the cache they looked in, so that a
// report shows each region's figures rather than the tier's on every row.
type cacheLatency struct {
	hit, miss      *stats.Sketch
	hitSum, missSm float64
	hitN, missN    int64
}

// invalidation is an invalidation on its way to one cache.
type invalidation struct {
	cache, key, next int32
}

// newCaches allocates the caches of every tier, and each set's list of
// invalidating tiers.
func (s *Sim) newCaches() {
	keys := s.cfg.Keys.N()
	s.tiers = make([]tierState, len(s.cfg.Caches))
	for t := range s.cfg.Caches {
		tc := &s.cfg.Caches[t]
		s.tiers[t] = tierState{cfg: tc, first: len(s.caches), hit: stats.NewSketch(), miss: stats.NewSketch()}
		for range tc.Regions {
			s.caches = append(s.caches, newCacheState(t, tc, keys))
			s.cacheLat = append(s.cacheLat, cacheLatency{hit: stats.NewSketch(), miss: stats.NewSketch()})
		}
		if tc.Policy == CacheInvalidate && tc.Set >= 0 && tc.Set < len(s.sets) {
			st := &s.sets[tc.Set]
			st.inval = append(st.inval, int32(t))
		}
	}
}

// resetCaches empties the caches and their statistics for replication rep.
func (s *Sim) resetCaches(streams func(index int) *rand.Rand) {
	for i := range s.caches {
		s.caches[i].reset()
		cl := &s.cacheLat[i]
		cl.hit.Clear()
		cl.miss.Clear()
		cl.hitSum, cl.missSm, cl.hitN, cl.missN = 0, 0, 0, 0
	}
	for t := range s.tiers {
		ts := &s.tiers[t]
		ts.hit.Clear()
		ts.miss.Clear()
		ts.hitSum, ts.missSm, ts.hitN, ts.missN = 0, 0, 0, 0
		ts.jitter.Reset(ts.cfg.Sigma, streams(t))
	}
	s.invs = s.invs[:0]
	s.ifree = -1
}

// cacheRead looks request id's read up in cache (its route's) at now. On a
// hit it schedules the answer after the hit latency and returns true; on a
// miss it marks the request so that its response fills the cache.
func (s *Sim) cacheRead(now float64, id int32, cache int32) bool {
	r := &s.reqs[id]
	d := &s.data[id]
	c := &s.caches[cache]
	measured := r.flags&measuredOrigin != 0
	tl := &s.tl[r.step]
	tl.lookups++
	if measured {
		c.lookups++
	}
	i := c.lookup(d.key, now)
	if i < 0 {
		r.flags |= cacheMiss
		return false
	}
	r.flags |= cacheHit
	tl.hits++
	if measured {
		c.hits++
		// A hit is a read of the set: it counts in the set's reads, and
		// in its stale reads when the cached version is behind.
		st := &s.sets[d.set]
		st.reads++
		stale := c.slots[i].ver < st.committed[d.key]
		if stale {
			c.st++
			st.stale++
		}
		s.opRead(r.origin, stale)
	}
	r.arrived = now
	s.cal.Schedule(now+s.cfg.Caches[c.tier].HitMs, evCacheHit, id)
	return true
}

// cacheAnswer handles a cache hit's answer leaving the serving region.
func (s *Sim) cacheAnswer(now float64, id int32) {
	r := &s.reqs[id]
	if s.faulty && s.cut(r.region, r.arrived, now) {
		s.fail(id)
		return
	}
	s.respond(now, id, r, &s.origins[r.origin])
}

// cacheFill updates the route's cache when a data response reaches the
// serving region at now: a missed read fills it with the version it read,
// a write-through write puts its own version.
func (s *Sim) cacheFill(now float64, id int32, cache int32) {
	r := &s.reqs[id]
	c := &s.caches[cache]
	d := &s.data[id]
	switch {
	case r.flags&cacheMiss != 0:
		c.put(d.key, d.ver, now)
	case r.flags&isWrite != 0 && s.cfg.Caches[c.tier].Policy == CacheWriteThrough:
		c.put(d.key, d.ver, now)
	}
}

// invalidate sends the invalidations of a write to key k, committed at
// replica j of st, to every cache of the set's invalidating tiers.
func (s *Sim) invalidate(now float64, st *setState, j int, k int32) {
	for _, t := range st.inval {
		ts := &s.tiers[t]
		n := len(ts.cfg.Regions)
		for c := 0; c < n; c++ {
			var v int32
			if v = s.ifree; v >= 0 {
				s.ifree = s.invs[v].next
			} else {
				if len(s.invs) > maxTasks {
					continue // unreachable in a stable model: see maxTasks
				}
				s.invs = append(s.invs, invalidation{})
				v = int32(len(s.invs) - 1)
			}
			s.invs[v] = invalidation{cache: int32(ts.first + c), key: k, next: -1}
			s.cal.Schedule(now+ts.cfg.Inval[j*n+c].Draw(&ts.jitter), evInvalidate, v)
		}
	}
}

// invalidateArrive removes an invalidation's key from its cache.
func (s *Sim) invalidateArrive(v int32) {
	iv := s.invs[v]
	s.caches[iv.cache].invalidate(iv.key)
	s.invs[v].next = s.ifree
	s.ifree = v
}

// recordCacheLatency adds a successful measured read's latency to its
// tier's and its cache's hit or miss statistics.
func (s *Sim) recordCacheLatency(r *request, lat float64) {
	cache := s.routeOf(r).cache
	if cache < 0 {
		return
	}
	ts := &s.tiers[s.caches[cache].tier]
	cl := &s.cacheLat[cache]
	switch {
	case r.flags&cacheHit != 0:
		ts.hitN++
		ts.hitSum += lat
		ts.hit.Add(lat)
		cl.hitN++
		cl.hitSum += lat
		cl.hit.Add(lat)
	case r.flags&cacheMiss != 0:
		ts.missN++
		ts.missSm += lat
		ts.miss.Add(lat)
		cl.missN++
		cl.missSm += lat
		cl.miss.Add(lat)
	}
}
