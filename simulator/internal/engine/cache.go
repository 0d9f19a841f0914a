package engine

// Cache tiers: per-region caches in front of a replica set.
//
// A read of a replica set, served by a region that holds a cache of a tier
// of that set, looks in the cache first. A hit is answered after the tier's
// hit latency with the cached version; a miss goes to the replica set as
// any read, and the version it returns fills the cache when the response
// reaches the serving region (cache-aside). Caches bypass the set's read
// consistency: a hit is served whatever it is, which is exactly how a cache
// makes even a strongly consistent store serve stale data.
//
// One region's cache is an LRU (or LFU) over a slot array: an intrusive
// doubly linked list of slots (int32 links, no pointers for the GC to scan)
// and a key -> slot index sized by the key space. Every operation (lookup,
// touch, fill, evict, remove) is O(1), and nothing is allocated once the
// slot array is allocated at the capacity, once per Sim, not per
// replication. Memory per cache: 4 bytes per key of the key space for
// the index plus cacheSlotBytes per slot of capacity.

import (
	"math"
	"math/rand/v2"
	"unsafe"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// CachePolicy is what a committed write does to a tier's caches.
type CachePolicy uint8

// Write policies.
const (
	// CacheTTLOnly: writes do not touch the caches; entries change by
	// expiry and eviction only.
	CacheTTLOnly CachePolicy = iota
	// CacheWriteThrough: a committed write puts its new version in the
	// cache of the region it was written from, when its response reaches
	// that region.
	CacheWriteThrough
	// CacheInvalidate: a committed write removes the key from every cache
	// of the tier, each after the one-way delay from the committing
	// replica to the cache's region.
	CacheInvalidate
)

// CacheTier is a compiled cache tier. Times are in milliseconds.
type CacheTier struct {
	// Set is the replica set the tier caches.
	Set int
	// Regions[c] is the region holding the tier's cache c.
	Regions []int
	// Capacity is how many keys one cache holds (>= 1).
	Capacity int
	// TTLMs is how long after its fill an entry may be served; 0 means
	// no expiry.
	TTLMs float64
	// HitMs is the time to serve a hit.
	HitMs float64
	// Policy is the write policy.
	Policy CachePolicy
	// LFU evicts the least frequently used key (ties: the least recently
	// used among them) instead of the least recently used.
	LFU bool
	// Inval[j*len(Regions)+c] is the one-way leg of an invalidation from
	// replica j of Set to cache c (CacheInvalidate only).
	Inval []variate.OneWay
	// Sigma is the jitter log-sd of the invalidation legs.
	Sigma float64
}

// CacheFlush empties caches at a time: cache Cache of tier Tier, or every
// cache of the tier when Cache is -1.
type CacheFlush struct {
	At    float64
	Tier  int
	Cache int
}

// CacheResult is what one region's cache measured in a replication, over
// the lookups of requests issued after warm-up.
type CacheResult struct {
	// Lookups counts reads that looked in the cache, Hits those it
	// answered, StaleHits those hits that served a version older than the
	// key's last committed version at that instant.
	Lookups, Hits, StaleHits int64
}

// TierResult is one cache tier's read latencies in a replication: over the
// successful measured reads that hit one of its caches, and those that
// missed.
type TierResult struct {
	Hit, Miss Latency
}

// cacheSlot is one cached key, 32 bytes (28 and padding).
type cacheSlot struct {
	// filled is when the entry was filled (or last updated): TTL runs
	// from it.
	filled float64
	key    int32
	// prev and next link the slot in its list (LRU: the one recency list;
	// LFU: its frequency bucket's list), or next the free list.
	prev, next int32
	ver        uint32
	// bucket is the slot's frequency bucket (LFU only).
	bucket int32
}

// cacheSlotBytes is the memory of one slot of capacity.
const cacheSlotBytes = int(unsafe.Sizeof(cacheSlot{}))

// lfuBucket is the list of the slots used freq times, in recency order.
// Buckets form a list in increasing freq, so the least frequently used
// slot is the tail of the first bucket: O(1) eviction, and a hit moves a
// slot to the next bucket (freq+1), created next to its own when missing:
// O(1) too (the frequency-bucket LFU of Shah, Mitra and Matani, 2010).
type lfuBucket struct {
	freq       uint64
	head, tail int32
	prev, next int32
}

// cacheState is one region's cache of a tier in a replication.
type cacheState struct {
	tier     int32
	capacity int
	ttl      float64
	lfu      bool
	// index[k] is 1 + the slot holding key k, 0 when k is not cached: a
	// zero value that means "absent" lets clear() empty the index.
	index []int32
	slots []cacheSlot
	// head is the most recently used slot, tail the least (LRU); -1 when
	// empty. free lists slots freed by an invalidation or an expiry.
	head, tail, free int32
	// LFU: the bucket slab (at most capacity+1 buckets are ever alive),
	// its free list and the bucket list's ends.
	buckets           []lfuBucket
	bfree, bhead      int32
	lookups, hits, st int64
}

// invalidation is an invalidation on its way to one cache.
type invalidation struct {
	cache, key, next int32
}

// Request flags of the cache layer.
const (
	// cacheHit: the read was answered by a cache.
	cacheHit uint8 = 1 << (iota + 3)
	// cacheMiss: the read looked in a cache and missed; its response
	// fills the cache.
	cacheMiss
)

// newCacheState allocates one cache's index and, up front, its slots (and
// LFU buckets) at full capacity: what CacheBytes reports, allocated once per
// Sim whether or not a run fills the cache, so that a longer run never
// allocates more.
func newCacheState(tier int, cfg *CacheTier, keys int) cacheState {
	c := cacheState{
		tier:     int32(tier),
		capacity: cfg.Capacity,
		ttl:      cfg.TTLMs,
		lfu:      cfg.LFU,
		index:    make([]int32, keys),
		slots:    make([]cacheSlot, 0, cfg.Capacity),
		head:     -1, tail: -1, free: -1, bfree: -1, bhead: -1,
	}
	if cfg.LFU {
		c.buckets = make([]lfuBucket, 0, cfg.Capacity+1)
	}
	return c
}

// reset empties the cache and its statistics for a new replication.
func (c *cacheState) reset() {
	clear(c.index)
	c.slots = c.slots[:0]
	c.buckets = c.buckets[:0]
	c.head, c.tail, c.free, c.bfree, c.bhead = -1, -1, -1, -1, -1
	c.lookups, c.hits, c.st = 0, 0, 0
}

// flush empties the cache in O(entries): only the index entries of cached
// keys are cleared.
func (c *cacheState) flush() {
	for i := range c.slots {
		if k := c.slots[i].key; k >= 0 && c.index[k] == int32(i)+1 {
			c.index[k] = 0
		}
	}
	c.slots = c.slots[:0]
	c.buckets = c.buckets[:0]
	c.head, c.tail, c.free, c.bfree, c.bhead = -1, -1, -1, -1, -1
}

// lookup returns the slot of key k if it is cached and fresh at now, after
// counting the use (LRU: to the front; LFU: one more use); -1 otherwise. An
// expired entry is removed.
func (c *cacheState) lookup(k int32, now float64) int32 {
	i := c.index[k] - 1
	if i < 0 {
		return -1
	}
	if c.ttl > 0 && now-c.slots[i].filled >= c.ttl {
		c.remove(i)
		return -1
	}
	c.touch(i)
	return i
}

// put caches version ver of key k at now: updates the entry when present
// (a use), else fills a free slot, a new one below the capacity, or the
// evicted one.
func (c *cacheState) put(k int32, ver uint32, now float64) {
	if i := c.index[k] - 1; i >= 0 {
		s := &c.slots[i]
		s.ver, s.filled = ver, now
		c.touch(i)
		return
	}
	var i int32
	switch {
	case c.free >= 0:
		i = c.free
		c.free = c.slots[i].next
	case len(c.slots) < c.capacity:
		c.slots = append(c.slots, cacheSlot{})
		i = int32(len(c.slots) - 1)
	default:
		i = c.victim()
		c.remove(i)
		c.free = c.slots[i].next // remove pushed it on the free list
	}
	c.slots[i] = cacheSlot{filled: now, key: k, ver: ver, prev: -1, next: -1, bucket: -1}
	c.index[k] = i + 1
	if c.lfu {
		c.lfuInsert(i)
		return
	}
	c.pushFront(i)
}

// invalidate removes key k when cached.
func (c *cacheState) invalidate(k int32) {
	if i := c.index[k] - 1; i >= 0 {
		c.remove(i)
	}
}

// victim is the slot to evict: the LRU tail, or the least recently used
// slot of the lowest frequency.
func (c *cacheState) victim() int32 {
	if c.lfu {
		return c.buckets[c.bhead].tail
	}
	return c.tail
}

// touch records a use of slot i.
func (c *cacheState) touch(i int32) {
	if c.lfu {
		c.lfuPromote(i)
		return
	}
	if c.head == i {
		return
	}
	c.unlink(i)
	c.pushFront(i)
}

// remove drops slot i from the cache and puts it on the free list.
func (c *cacheState) remove(i int32) {
	s := &c.slots[i]
	if c.index[s.key] == i+1 {
		c.index[s.key] = 0
	}
	if c.lfu {
		c.lfuUnlink(i)
	} else {
		c.unlink(i)
	}
	s.key = -1
	s.next = c.free
	c.free = i
}

// unlink takes slot i out of the LRU list.
func (c *cacheState) unlink(i int32) {
	s := &c.slots[i]
	if s.prev >= 0 {
		c.slots[s.prev].next = s.next
	} else {
		c.head = s.next
	}
	if s.next >= 0 {
		c.slots[s.next].prev = s.prev
	} else {
		c.tail = s.prev
	}
	s.prev, s.next = -1, -1
}

// pushFront makes slot i the most recently used.
func (c *cacheState) pushFront(i int32) {
	s := &c.slots[i]
	s.prev, s.next = -1, c.head
	if c.head >= 0 {
		c.slots[c.head].prev = i
	} else {
		c.tail = i
	}
	c.head = i
}

// newBucket takes a bucket of frequency f, linked after bucket prev (at the
// front of the bucket list when prev is -1).
func (c *cacheState) newBucket(f uint64, prev int32) int32 {
	var b int32
	if c.bfree >= 0 {
		b = c.bfree
		c.bfree = c.buckets[b].next
	} else {
		c.buckets = append(c.buckets, lfuBucket{})
		b = int32(len(c.buckets) - 1)
	}
	next := c.bhead
	if prev >= 0 {
		next = c.buckets[prev].next
		c.buckets[prev].next = b
	} else {
		c.bhead = b
	}
	if next >= 0 {
		c.buckets[next].prev = b
	}
	c.buckets[b] = lfuBucket{freq: f, head: -1, tail: -1, prev: prev, next: next}
	return b
}

// lfuInsert puts a new slot, used once, in the frequency-1 bucket.
func (c *cacheState) lfuInsert(i int32) {
	b := c.bhead
	if b < 0 || c.buckets[b].freq != 1 {
		b = c.newBucket(1, -1)
	}
	c.bucketPush(b, i)
}

// lfuPromote moves slot i to the bucket of its frequency + 1.
func (c *cacheState) lfuPromote(i int32) {
	b := c.slots[i].bucket
	f := c.buckets[b].freq
	nb := c.buckets[b].next
	if nb < 0 || c.buckets[nb].freq != f+1 {
		nb = c.newBucket(f+1, b)
	}
	c.lfuUnlink(i) // may free b, but nb is linked after it already
	c.bucketPush(nb, i)
}

// bucketPush puts slot i at the most recent end of bucket b.
func (c *cacheState) bucketPush(b, i int32) {
	bk := &c.buckets[b]
	s := &c.slots[i]
	s.bucket, s.prev, s.next = b, -1, bk.head
	if bk.head >= 0 {
		c.slots[bk.head].prev = i
	} else {
		bk.tail = i
	}
	bk.head = i
}

// lfuUnlink takes slot i out of its bucket, freeing the bucket when it
// empties.
func (c *cacheState) lfuUnlink(i int32) {
	s := &c.slots[i]
	b := s.bucket
	bk := &c.buckets[b]
	if s.prev >= 0 {
		c.slots[s.prev].next = s.next
	} else {
		bk.head = s.next
	}
	if s.next >= 0 {
		c.slots[s.next].prev = s.prev
	} else {
		bk.tail = s.prev
	}
	s.prev, s.next, s.bucket = -1, -1, -1
	if bk.head >= 0 {
		return
	}
	if bk.prev >= 0 {
		c.buckets[bk.prev].next = bk.next
	} else {
		c.bhead = bk.next
	}
	if bk.next >= 0 {
		c.buckets[bk.next].prev = bk.prev
	}
	bk.next = c.bfree
	c.bfree = b
}

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
		if c.slots[i].ver < st.committed[d.key] {
			c.st++
			st.stale++
		}
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

// flushCaches applies a cache_flush fault.
func (s *Sim) flushCaches(f CacheFlush) {
	if f.Tier < 0 || f.Tier >= len(s.tiers) {
		return
	}
	ts := &s.tiers[f.Tier]
	for c := range ts.cfg.Regions {
		if f.Cache < 0 || f.Cache == c {
			s.caches[ts.first+c].flush()
		}
	}
}

// recordCacheLatency adds a successful measured read's latency to its
// tier's hit or miss statistics.
func (s *Sim) recordCacheLatency(r *request, lat float64) {
	cache := s.routeOf(r).cache
	if cache < 0 {
		return
	}
	ts := &s.tiers[s.caches[cache].tier]
	switch {
	case r.flags&cacheHit != 0:
		ts.hitN++
		ts.hitSum += lat
		ts.hit.Add(lat)
	case r.flags&cacheMiss != 0:
		ts.missN++
		ts.missSm += lat
		ts.miss.Add(lat)
	}
}

// summariseCaches turns the caches' state into results.
func (s *Sim) summariseCaches(res *Result) {
	res.Caches = make([]CacheResult, len(s.caches))
	for i := range s.caches {
		c := &s.caches[i]
		res.Caches[i] = CacheResult{Lookups: c.lookups, Hits: c.hits, StaleHits: c.st}
	}
	res.Tiers = make([]TierResult, len(s.tiers))
	for t := range s.tiers {
		ts := &s.tiers[t]
		res.Tiers[t] = TierResult{
			Hit:  latencyOf(ts.hit, ts.hitSum, ts.hitN, math.NaN()),
			Miss: latencyOf(ts.miss, ts.missSm, ts.missN, math.NaN()),
		}
	}
}

// CacheBytes is the memory one region's cache of a tier holds at most: the
// key index (4 bytes per key of the key space) and the slots (capacity of
// them). LFU adds at most capacity+1 buckets.
func CacheBytes(keys, capacity int, lfu bool) int64 {
	b := int64(keys)*4 + int64(capacity)*int64(cacheSlotBytes)
	if lfu {
		b += int64(capacity+1) * int64(unsafe.Sizeof(lfuBucket{}))
	}
	return b
}

// Timeline.

// MaxTimelinePoints bounds a replication's timeline: runs of up to that
// many seconds get one point per second, longer ones one point per
// ceil(duration / MaxTimelinePoints) seconds. With timelineBins latency
// bins of 8 bytes per point, the timeline holds at most 6.9 MB per Sim
// (58 KB for a 60 s run).
const MaxTimelinePoints = 3600

// Timeline latency histogram: a fixed log-bucket histogram read straight
// from the float's bits. The exponent and the top timelineSubBits bits of
// the mantissa give 8 bins per octave (each spans at most 9 %), and a
// quantile is read at its bin's middle, within 4.5 % of the exact value:
// ample for a curve over time, at 1 ns per request and no sketch per
// second.
const (
	timelineSubBits = 3
	timelineShift   = 52 - timelineSubBits
	// timelineMinMs is the lowest bin's lower edge, 2^-10 ms (1 us);
	// faster responses land in it.
	timelineMinMs = 1.0 / 1024
	// timelineBins covers 2^-10 to 2^20 ms (about 17 minutes); slower
	// responses land in the last bin.
	timelineBins = 30 << timelineSubBits
)

// timelineBase is the bit pattern of the lowest bin's edge, shifted.
var timelineBase = int(math.Float64bits(timelineMinMs) >> timelineShift)

// timelineBin is the histogram bin of a latency in ms.
func timelineBin(ms float64) int {
	b := int(math.Float64bits(ms)>>timelineShift) - timelineBase
	if b < 0 {
		return 0
	}
	if b >= timelineBins {
		return timelineBins - 1
	}
	return b
}

// timelineMid is the middle of bin b.
func timelineMid(b int) float64 {
	lo := math.Float64frombits(uint64(b+timelineBase) << timelineShift)
	hi := math.Float64frombits(uint64(b+1+timelineBase) << timelineShift)
	return (lo + hi) / 2
}

// timelinePoint is one point's counters in a replication; ok is filled
// from the histogram at the end.
type timelinePoint struct {
	issued, ok, lookups, hits int64
}

// TimelinePoint is one step of a replication's timeline: the requests
// issued in [TimeMs, TimeMs + step), how many succeeded, the p99 of their
// latencies (NaN with none), and the cache lookups and hits of their reads.
type TimelinePoint struct {
	TimeMs                    float64
	Issued, OK, Lookups, Hits int64
	P99                       float64
	// With a routing policy: attempts sent in the step, and per region.
	Attempts       int64
	RegionAttempts []int64
}

// newTimeline sizes the timeline for the run's duration.
func (s *Sim) newTimeline() {
	dur := s.cfg.DurationMs
	step := 1000.0
	points := int(math.Ceil(dur / step))
	if points > MaxTimelinePoints {
		step = 1000 * math.Ceil(dur/1000/MaxTimelinePoints)
		points = int(math.Ceil(dur / step))
	}
	points = max(points, 1)
	s.tlStep = step
	s.tlInv = 1 / step
	s.tl = make([]timelinePoint, points)
	s.tlHist = make([]uint64, points*timelineBins)
}

// tlIndex is the timeline point of a request issued at t.
func (s *Sim) tlIndex(t float64) int {
	i := int(t * s.tlInv)
	if i >= len(s.tl) {
		i = len(s.tl) - 1
	}
	return i
}

// summariseTimeline reads each point's p99 from its histogram.
func (s *Sim) summariseTimeline() []TimelinePoint {
	out := make([]TimelinePoint, len(s.tl))
	for i, p := range s.tl {
		q := math.NaN()
		// Successes are counted by the histogram alone: one increment per
		// response on the hot path.
		h := s.tlHist[i*timelineBins : (i+1)*timelineBins]
		var ok uint64
		for _, n := range h {
			ok += n
		}
		p.ok = int64(ok)
		if p.ok > 0 {
			// The rank of the p99: the smallest r with r >= 0.99 n.
			rank := uint64(math.Ceil(0.99 * float64(p.ok)))
			var seen uint64
			for b, n := range h {
				seen += n
				if seen >= rank {
					q = timelineMid(b)
					break
				}
			}
		}
		out[i] = TimelinePoint{TimeMs: float64(i) * s.tlStep, Issued: p.issued, OK: p.ok, Lookups: p.lookups, Hits: p.hits, P99: q}
	}
	return out
}

// SetBytes is the per-key memory of one replica set of replicas replicas
// over keys keys: the committed version per key and the applied version
// per key and replica (4 bytes each), and for sync_quorum the logged
// version per key and the commit-time ring.
func SetBytes(keys, replicas int, syncQuorum bool) int64 {
	b := int64(keys) * 4 * int64(1+replicas)
	if syncQuorum {
		b += int64(keys)*4 + MaxBacklog*8
	}
	return b
}

// KeySamplerBytes is the memory of the Zipf alias table over keys keys,
// built once per run and shared by every replication (none when uniform).
func KeySamplerBytes(keys int, zipfS float64) int64 {
	if zipfS == 0 || keys <= 1 {
		return 0
	}
	return int64(keys) * 8
}
