// Package des is the core of the discrete-event engine: a future-event
// calendar that hands events back in time order.
//
// It is deliberately a typed, hand-written 4-ary min-heap of small value
// structs rather than container/heap or a goroutine per entity: with
// container/heap every push and pop goes through an interface and boxes the
// event, which costs an allocation and a few indirect calls per event, and
// goroutines would cost a context switch per event and make the order of
// simultaneous events depend on the scheduler. Here an event is 16 bytes,
// the heap is one slice that only grows while the number of pending events
// grows, and in steady state scheduling and dispatching allocate nothing.
//
// A 4-ary heap is used instead of a binary one because it is half as deep:
// sift-down compares four children per level, but the four 16-byte
// siblings share one 64-byte cache line, so it touches half as many lines,
// which is faster for the event counts a simulation holds.
package des

// Kind tells the dispatcher what an event means; its values are chosen by the
// model that uses the calendar.
type Kind uint8

// Event is one scheduled occurrence: at Time, something of type Kind happens
// to the entity ID (an origin, a region, a request: the model decides).
type Event struct {
	// Time is the simulated time at which the event happens.
	Time float64
	// key packs, from the most significant bit, the scheduling sequence
	// number (seqBits), the kind (kindBits) and the ID (idBits). Ordering
	// by key among equal times orders by sequence, since sequence numbers
	// are unique; packing keeps an event at 16 bytes, four to a cache line.
	key uint64
}

// Field widths of Event.key.
const (
	idBits   = 24
	kindBits = 5
	seqBits  = 64 - idBits - kindBits
	// MaxID is the largest entity ID an event can carry.
	MaxID = 1<<idBits - 1
	// MaxKind is the largest event kind.
	MaxKind = 1<<kindBits - 1
	// maxSeq is where the sequence number wraps: after 2^35 (about
	// 3.4e10) events in one run of the calendar. A wrap keeps the order
	// deterministic but no longer first-scheduled-first among ties. At
	// 20 million events a second that is half an hour of one core in a
	// single replication, some 170 times the simulator's default request
	// budget.
	maxSeq = 1<<seqBits - 1
)

// ID is the entity the event is about.
func (e Event) ID() int32 { return int32(e.key & MaxID) }

// Kind selects what the dispatcher does with the event.
func (e Event) Kind() Kind { return Kind(e.key >> idBits & MaxKind) }

// Calendar is the future-event list. The zero value is an empty calendar
// ready to use.
type Calendar struct {
	heap []Event
	seq  uint64
}

// Len is the number of pending events.
func (c *Calendar) Len() int { return len(c.heap) }

// Reset empties the calendar but keeps its memory, so that a calendar reused
// for the next replication does not allocate again. It also restarts the
// tie-breaking sequence: a replication's order of simultaneous events then
// does not depend on what ran before it.
func (c *Calendar) Reset() {
	c.heap = c.heap[:0]
	c.seq = 0
}

// Grow makes room for n more events without further allocation.
func (c *Calendar) Grow(n int) {
	if n > cap(c.heap)-len(c.heap) {
		h := make([]Event, len(c.heap), len(c.heap)+n)
		copy(h, c.heap)
		c.heap = h
	}
}

// before is the calendar's order: earlier time first, and for equal times
// the event scheduled first. The sequence number makes the order total, so
// the result never depends on the heap's internal layout.
func before(a, b *Event) bool {
	return a.Time < b.Time || (a.Time == b.Time && a.key < b.key)
}

// Schedule adds an event at time t about entity id (0 <= id <= MaxID,
// kind <= MaxKind: higher bits are dropped). Times must not be NaN (the
// model never produces one: its inputs are validated before a run).
func (c *Calendar) Schedule(t float64, kind Kind, id int32) {
	e := Event{Time: t, key: c.seq<<(idBits+kindBits) | uint64(kind&MaxKind)<<idBits | uint64(uint32(id)&MaxID)}
	c.seq = (c.seq + 1) & maxSeq
	c.heap = append(c.heap, e)
	// Sift up with a hole: move parents down until e's place is found,
	// then write e once, instead of swapping at every level.
	h := c.heap
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if !before(&e, &h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

// Next removes and returns the earliest event. It must not be called on an
// empty calendar (check Len first); it then returns the zero Event.
func (c *Calendar) Next() Event {
	h := c.heap
	n := len(h)
	if n == 0 {
		return Event{}
	}
	top := h[0]
	n--
	last := h[n]
	c.heap = h[:n]
	if n == 0 {
		return top
	}
	h = h[:n]
	// Sift the former last element down from the root, again with a hole.
	i := 0
	for {
		first := i<<2 + 1
		if first >= n {
			break
		}
		// Find the earliest of up to four children; the common case of
		// four is unrolled into a tournament of three comparisons.
		m := first
		if first+3 < n {
			a, b := first, first+2
			if before(&h[first+1], &h[a]) {
				a = first + 1
			}
			if before(&h[first+3], &h[b]) {
				b = first + 3
			}
			m = a
			if before(&h[b], &h[a]) {
				m = b
			}
		} else {
			for k := first + 1; k < n; k++ {
				if before(&h[k], &h[m]) {
					m = k
				}
			}
		}
		if !before(&h[m], &last) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = last
	return top
}

// Peek returns the earliest event without removing it; ok is false when the
// calendar is empty.
func (c *Calendar) Peek() (e Event, ok bool) {
	if len(c.heap) == 0 {
		return Event{}, false
	}
	return c.heap[0], true
}
