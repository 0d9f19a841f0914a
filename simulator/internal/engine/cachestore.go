package engine

// One region's cache: an LRU (or LFU) over a slot array.
//
// An intrusive doubly linked list of slots (int32 links, no pointers for
// the GC to scan) and a key -> slot index sized by the key space. Every
// operation (lookup, touch, fill, evict, remove) is O(1), and nothing is
// allocated once the slot array is allocated at the capacity, once per
// Sim, not per replication. Memory per cache: 4 bytes per key of the key
// space for the index plus cacheSlotBytes per slot of capacity.

import "unsafe"

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
