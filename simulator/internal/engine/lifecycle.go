package engine

// A request's life in the engine: its slot is allocated at issue, it
// passes a region's FIFO queue, its response is sent, and its slot is
// released at the end, or at a failure.

import "fmt"

// alloc takes a free request slot, growing the slab only when every slot is
// in use; it fails at the in-flight bound.
func (s *Sim) alloc() (int32, bool) {
	if id := s.free; id >= 0 {
		s.free = s.reqs[id].next
		return id, true
	}
	if len(s.reqs) >= s.maxLive {
		return -1, false
	}
	s.reqs = append(s.reqs, request{})
	if s.hasData {
		s.data = append(s.data, dataReq{})
	}
	if s.routed {
		s.rt.att = append(s.rt.att, -1)
	}
	return int32(len(s.reqs) - 1), true
}

// release returns a slot to the free list.
func (s *Sim) release(id int32) {
	s.reqs[id].next = s.free
	s.free = id
}

// fail ends a request that cannot complete: it counts as measured and not
// succeeded, and its slot is freed.
//
// With a routing policy the attempt is lost: the client notices at its
// timeout (see attemptLost).
func (s *Sim) fail(id int32) {
	if s.routed {
		s.attemptLost(s.now, id, false)
		return
	}
	s.release(id)
}

// failFast ends a request whose region answers an error (a full queue, no
// leader or quorum): without a routing policy the same as fail; with one
// the client learns of it when the error response gets back, and may retry.
func (s *Sim) failFast(id int32) {
	if s.routed {
		s.attemptLost(s.now, id, true)
		return
	}
	s.release(id)
}

// advance brings the region's time averages up to now. Only the part of
// [last, now] inside the window [warm, end] counts: the warm-up is a
// transient, and after the end arrivals stop and the drain is not steady
// state either.
func (g *regionState) advance(now, warm, end float64) {
	// Plain comparisons rather than math.Max/Min: these run twice per
	// request, and the math versions' NaN and signed-zero handling (no
	// time here is NaN or negative zero) is not free.
	lo, hi := g.last, now
	if lo < warm {
		lo = warm
	}
	if hi > end {
		hi = end
	}
	if hi > lo {
		d := hi - lo
		g.busyArea += d * float64(g.busy)
		g.systemArea += d * float64(g.busy+g.queued)
	}
	// Unclipped, for the autoscalers' utilization over an interval.
	g.allBusy += (now - g.last) * float64(g.busy)
	g.last = now
}

// serveNext starts serving the head of region g's queue at now, on a
// server already counted busy.
func (s *Sim) serveNext(now float64, g *regionState) {
	id := g.head
	n := &s.reqs[id]
	g.head = n.next
	if g.head < 0 {
		g.tail = -1
	}
	n.next = -1
	g.queued--
	if n.flags&measuredRegion != 0 {
		g.sumWait += now - n.arrived
	}
	s.cal.Schedule(now+g.service.Draw(g.rng)*g.slowdown, evDepart, id)
}

// routeOf is the route request r takes: its origin's route to its region.
func (s *Sim) routeOf(r *request) *route {
	o := &s.origins[r.origin]
	if s.routed {
		return &o.routes[r.region]
	}
	return &o.route
}

// respond sends request r's response from its region to its origin.
func (s *Sim) respond(now float64, id int32, r *request, o *originState) {
	r.arrived = now // the response leg's send time, for faults
	s.countResponse(r)
	delay := s.routeOf(r).response.Draw(&o.jitter)
	if s.pairFaulty {
		delay += s.spike(r.origin, r.region, now)
	}
	s.cal.Schedule(now+delay, evRespond, id)
}

// tooMany is the error of a replication that exceeded the in-flight bound.
func (s *Sim) tooMany(now float64) error {
	return fmt.Errorf("%w: more than %d requests alive at t = %.3f s; queues are growing without bound, so the model is unstable or far too large for one run", ErrTooManyInFlight, s.maxLive, now/1000)
}
