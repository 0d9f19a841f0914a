package engine

// The routing layer: DNS-cached routing answers, attempts with timeouts,
// retries with backoff, and circuit breakers; the health checks that mark
// regions are in health.go. Used only when Config.Routing is set; without
// it each origin's requests go to its one region and the hot path never
// enters this file.
//
// A client request is a call; each try of it is an attempt, a request slot
// of its own that goes through the network and the region exactly like a
// request without routing. The call outlives its attempts' slots: an
// attempt that times out goes on in the region (its work is real, and so
// is the load it adds) and its late response is discarded. A call is freed
// when it is done and nothing refers to it any more (live attempts,
// pending timers, a pending retry), so no event ever sees a reused call.

import (
	"math"
	"math/rand/v2"
)

// call is one client request and its attempts.
type call struct {
	issued, answerAt float64
	origin           int32
	// attempt is the current attempt's slot; noAttempt between attempts,
	// lostAttempt when it was lost and the call waits for its timeout.
	attempt int32
	region  int32
	key     int32
	next    int32
	refs    int16
	tries   uint8
	flags   uint8
	done    bool
	step    uint16
	// committed is set at the first commit of the call's write: a later
	// commit of one of its attempts is a duplicate (operations.go).
	committed bool
}

const (
	noAttempt   int32 = -1
	lostAttempt int32 = -2
)

// timer is a pending attempt timeout.
type timer struct {
	call, next int32
	try        uint8
}

// breaker is one (origin, region) circuit breaker.
type breaker struct {
	until float64
	fails int32
	state uint8
	trial bool
}

const (
	breakerClosed uint8 = iota
	breakerOpen
	breakerHalfOpen
)

// routingState is the routing layer of a Sim.
type routingState struct {
	cfg    *Routing
	n      int // regions
	calls  []call
	cfree  int32
	att    []int32 // parallel to Sim.reqs: the call of each attempt
	timers []timer
	tfree  int32
	brk    []breaker
	probes []probeState
	epochs []epoch
	rng    []*rand.Rand // per origin: DNS age, weighted choice, backoff jitter
	res    RoutingResult
	viol   []int64
	first  []float64
	// Per timeline step: attempts sent, and per region.
	tlAttempts []int64
	tlRegion   []int64
	// The queue-backlog health signal (health_signals.go): per region,
	// whether it marks the region down, and its consecutive bad and good
	// checks.
	backlog []probeState
	// Per timeline step, what the checks read (NaN: no check in the
	// step): the backlog per region, the lag per replica (flat over sets).
	tlBacklog, tlLag []float64
}

// newRouting allocates the routing layer for cfg.
func (s *Sim) newRouting() {
	rc := s.cfg.Routing
	n := len(s.cfg.Regions)
	rs := &routingState{cfg: rc, n: n}
	if rc.BreakerThreshold > 0 {
		rs.brk = make([]breaker, len(s.cfg.Origins)*n)
	}
	rs.probes = make([]probeState, n)
	if rc.MaxBacklog > 0 {
		rs.backlog = make([]probeState, n)
		rs.tlBacklog = make([]float64, len(s.tl)*n)
	}
	if rc.MaxLagMs > 0 {
		rs.tlLag = make([]float64, len(s.tl)*replicaCount(s.cfg))
	}
	rs.rng = make([]*rand.Rand, len(s.cfg.Origins))
	if rc.Allowed != nil {
		rs.viol = make([]int64, len(s.cfg.Origins)*n)
		rs.first = make([]float64, len(s.cfg.Origins)*n)
	}
	rs.tlAttempts = make([]int64, len(s.tl))
	rs.tlRegion = make([]int64, len(s.tl)*n)
	s.rt = rs
	for i := range s.origins {
		o := &s.origins[i]
		o.routes = make([]route, n)
	}
}

// resetRouting prepares the routing layer for a replication.
func (s *Sim) resetRouting(streams func(origin int) *rand.Rand, phase *rand.Rand) {
	rs := s.rt
	rc := rs.cfg
	rs.calls = rs.calls[:0]
	rs.cfree = -1
	rs.att = rs.att[:0]
	rs.timers = rs.timers[:0]
	rs.tfree = -1
	clear(rs.brk)
	clear(rs.viol)
	for i := range rs.first {
		rs.first[i] = math.Inf(1)
	}
	for i := range rs.probes {
		rs.probes[i] = probeState{}
	}
	clear(rs.backlog)
	fillNaN(rs.tlBacklog)
	fillNaN(rs.tlLag)
	all := uint64(math.MaxUint64)
	if rs.n < 64 {
		all = 1<<uint(rs.n) - 1
	}
	rs.epochs = append(rs.epochs[:0], epoch{at: math.Inf(-1), mask: all})
	rs.res = RoutingResult{}
	clear(rs.tlAttempts)
	clear(rs.tlRegion)
	for i := range rs.rng {
		rs.rng[i] = streams(i)
	}
	for i := range s.origins {
		o := &s.origins[i]
		for g := 0; g < rs.n; g++ {
			c := &rc.Routes[i*rs.n+g]
			o.routes[g] = route{request: c.Request, response: c.Response, local: int32(c.Local), data: c.Data, cache: int32(c.Cache)}
		}
	}
	// Each region's first probe comes at a uniform phase in [0, interval):
	// checkers are not synchronised with faults.
	if rc.ProbeIntervalMs > 0 {
		for g := 0; g < rs.n; g++ {
			s.cal.Schedule(phase.Float64()*rc.ProbeIntervalMs, evProbe, int32(g))
		}
	}
}

// allocCall takes a free call.
func (rs *routingState) allocCall() int32 {
	if c := rs.cfree; c >= 0 {
		rs.cfree = rs.calls[c].next
		return c
	}
	rs.calls = append(rs.calls, call{})
	return int32(len(rs.calls) - 1)
}

// unref drops one reference to call c and frees it when done and unused.
func (rs *routingState) unref(c int32) {
	cl := &rs.calls[c]
	cl.refs--
	if cl.done && cl.refs <= 0 {
		cl.next = rs.cfree
		rs.cfree = c
	}
}

// issueCall starts origin oi's request issued at now: a call and its first
// attempt, with the client's cached routing answer of now - age.
func (s *Sim) issueCall(now float64, oi int32, o *originState) error {
	rs := s.rt
	c := rs.allocCall()
	step := s.tlIndex(now)
	cl := &rs.calls[c]
	*cl = call{issued: now, answerAt: now, origin: oi, attempt: noAttempt, key: -1, next: -1, step: uint16(step)}
	if ttl := rs.cfg.TTLMs; ttl > 0 {
		cl.answerAt = now - rs.rng[oi].Float64()*ttl
	}
	s.issued++
	s.tl[step].issued++
	if now >= s.cfg.WarmupMs {
		cl.flags = measuredOrigin
		o.measured++
	}
	if s.hasData && o.set >= 0 {
		if o.keys.Float64() >= o.readRatio {
			cl.flags |= isWrite
		}
		cl.key = s.cfg.Keys.Draw(o.keys)
		if cl.flags&measuredOrigin != 0 {
			if cl.flags&isWrite != 0 {
				s.writes++
			} else {
				s.reads++
			}
		}
	}
	return s.sendAttempt(now, c)
}

// sendAttempt sends call c's next attempt at now.
func (s *Sim) sendAttempt(now float64, c int32) error {
	rs := s.rt
	cl := &rs.calls[c]
	oi := cl.origin
	o := &s.origins[oi]
	g := s.pick(now, cl)
	cl.tries++
	measured := cl.flags&measuredOrigin != 0
	if measured {
		rs.res.Attempts++
	}
	if g < 0 {
		// Every region it could use has an open breaker: the client fails
		// the attempt at once, without sending anything.
		s.attemptOver(now, c)
		return nil
	}
	id, ok := s.alloc()
	if !ok {
		return s.tooMany(now)
	}
	cl = &rs.calls[c] // alloc may not move calls, but keep it obvious
	cl.attempt, cl.region = id, g
	cl.refs++
	rs.att[id] = c
	r := &s.reqs[id]
	*r = request{issued: now, next: -1, origin: oi, region: g, step: cl.step, flags: cl.flags}
	s.countRequest(r, g)
	if s.hasData && o.set >= 0 {
		s.data[id] = dataReq{key: cl.key, set: int16(o.set), replica: -1}
	}
	k := s.tlIndex(now)
	rs.tlAttempts[k]++
	rs.tlRegion[k*rs.n+int(g)]++
	if rs.cfg.Allowed != nil {
		if p := int(oi)*rs.n + int(g); !rs.cfg.Allowed[p] {
			rs.viol[p]++
			rs.first[p] = math.Min(rs.first[p], now)
		}
	}
	if rs.brk != nil {
		if b := &rs.brk[int(oi)*rs.n+int(g)]; b.state == breakerHalfOpen {
			b.trial = true
		}
	}
	if t := rs.cfg.TimeoutMs; t > 0 {
		tm := rs.tfree
		if tm >= 0 {
			rs.tfree = rs.timers[tm].next
		} else {
			rs.timers = append(rs.timers, timer{})
			tm = int32(len(rs.timers) - 1)
		}
		rs.timers[tm] = timer{call: c, next: -1, try: cl.tries}
		cl.refs++
		s.cal.Schedule(now+t, evTimeout, tm)
	}
	rt := &o.routes[g]
	s.cal.Schedule(now+rt.request.Draw(&o.jitter)+s.spike(oi, g, now), evArrive, id)
	return nil
}

// pick chooses the region of call cl's next attempt at now from the
// routing answer the client holds, skipping regions whose breaker is open;
// -1 when every candidate's breaker is open.
func (s *Sim) pick(now float64, cl *call) int32 {
	rs := s.rt
	rc := rs.cfg
	oi := int(cl.origin)
	if now-cl.answerAt >= rc.TTLMs {
		cl.answerAt = now // the cached answer expired: the client resolves again
	}
	mask := rs.maskAt(cl.answerAt)
	pref := rc.Pref[oi]
	if rc.Strategy == RouteWeighted {
		return s.pickWeighted(now, oi, pref, mask)
	}
	// The first healthy region whose breaker lets it through; when none is
	// healthy, DNS answers with all of them (fail open): the first whose
	// breaker lets it through.
	fallback := int32(-1)
	for _, g := range pref {
		if !s.breakerAllows(oi, g, now) {
			continue
		}
		if mask&(1<<uint(g)) != 0 {
			return g
		}
		if fallback < 0 {
			fallback = g
		}
	}
	return fallback
}

// pickWeighted draws among the healthy candidates by weight (all
// candidates when none is healthy), skipping open breakers.
func (s *Sim) pickWeighted(now float64, oi int, pref []int32, mask uint64) int32 {
	rs := s.rt
	w := rs.cfg.Weights
	for pass := 0; pass < 2; pass++ {
		total := 0.0
		for _, g := range pref {
			if (pass == 1 || mask&(1<<uint(g)) != 0) && s.breakerAllows(oi, g, now) {
				total += w[g]
			}
		}
		if total <= 0 {
			continue
		}
		u := rs.rng[oi].Float64() * total
		last := int32(-1)
		for _, g := range pref {
			if (pass == 1 || mask&(1<<uint(g)) != 0) && s.breakerAllows(oi, g, now) && w[g] > 0 {
				last = g
				if u < w[g] {
					return g
				}
				u -= w[g]
			}
		}
		return last // rounding left u just above the total
	}
	return -1
}

// breakerAllows reports whether origin oi may send to region g at now.
func (s *Sim) breakerAllows(oi int, g int32, now float64) bool {
	rs := s.rt
	if rs.brk == nil {
		return true
	}
	b := &rs.brk[oi*rs.n+int(g)]
	switch b.state {
	case breakerOpen:
		if now < b.until {
			return false
		}
		// The open period is over: half-open, one trial at a time.
		b.state, b.trial = breakerHalfOpen, false
		return true
	case breakerHalfOpen:
		return !b.trial
	}
	return true
}

// breakerResult records an attempt's outcome for origin oi and region g.
func (s *Sim) breakerResult(now float64, oi, g int32, ok bool) {
	rs := s.rt
	if rs.brk == nil || g < 0 {
		return
	}
	b := &rs.brk[int(oi)*rs.n+int(g)]
	if ok {
		b.state, b.fails, b.trial = breakerClosed, 0, false
		return
	}
	b.fails++
	if b.state == breakerHalfOpen || (b.state == breakerClosed && int(b.fails) >= rs.cfg.BreakerThreshold) {
		b.state, b.until, b.trial = breakerOpen, now+rs.cfg.BreakerOpenMs, false
		rs.res.BreakerOpens++
	}
}

// attemptOver handles the failure of call c's current attempt, noticed by
// the client at now: retry after a backoff, or fail the call.
func (s *Sim) attemptOver(now float64, c int32) {
	rs := s.rt
	cl := &rs.calls[c]
	s.breakerResult(now, cl.origin, cl.region, false)
	cl.attempt, cl.region = noAttempt, -1
	if int(cl.tries) >= rs.cfg.MaxAttempts {
		cl.done = true
		if cl.refs <= 0 {
			cl.refs = 1
			rs.unref(c)
		}
		return
	}
	// Full jitter: uniform in [0, min(max, base x 2^(tries-1))).
	ceiling := math.Min(rs.cfg.BackoffMaxMs, rs.cfg.BackoffBaseMs*math.Ldexp(1, int(cl.tries)-1))
	cl.refs++
	s.cal.Schedule(now+rs.rng[cl.origin].Float64()*ceiling, evRetry, c)
}

// retry sends call c's next attempt.
func (s *Sim) retry(now float64, c int32) error {
	rs := s.rt
	err := s.sendAttempt(now, c)
	rs.unref(c)
	return err
}

// attemptTimeout handles timer tm firing at now.
func (s *Sim) attemptTimeout(now float64, tm int32) {
	rs := s.rt
	t := rs.timers[tm]
	rs.timers[tm].next = rs.tfree
	rs.tfree = tm
	cl := &rs.calls[t.call]
	if !cl.done && cl.tries == t.try && cl.attempt != noAttempt {
		if cl.flags&measuredOrigin != 0 {
			rs.res.TimedOut++
		}
		s.attemptOver(now, t.call)
	}
	rs.unref(t.call)
}

// attemptLost handles attempt id ending without an answer the client can
// see (a dead region, a partition): the client notices at its timeout, or
// at once without one. fast marks an error the region answers (a full
// queue, no leader): the client notices when the error gets back.
func (s *Sim) attemptLost(now float64, id int32, fast bool) {
	rs := s.rt
	if s.reqs[id].flags&isProbe != 0 {
		s.release(id) // the probe's timeout records the failure
		return
	}
	if fast {
		r := &s.reqs[id]
		o := &s.origins[r.origin]
		r.arrived = now
		s.cal.Schedule(now+o.routes[r.region].response.Draw(&o.jitter)+s.spike(r.origin, r.region, now), evAttemptErr, id)
		return
	}
	c := rs.att[id]
	s.release(id)
	cl := &rs.calls[c]
	if !cl.done && cl.attempt == id {
		if rs.cfg.TimeoutMs > 0 {
			cl.attempt = lostAttempt
		} else {
			s.attemptOver(now, c)
		}
	}
	rs.unref(c)
}

// attemptError handles an error response reaching the client.
func (s *Sim) attemptError(now float64, id int32) {
	rs := s.rt
	c := rs.att[id]
	s.release(id)
	cl := &rs.calls[c]
	if !cl.done && cl.attempt == id {
		s.attemptOver(now, c)
	}
	rs.unref(c)
}

// attemptAnswered handles attempt id's response reaching the client at
// now; it reports whether the response completes its call (false for a
// late response to an attempt the client gave up on), and the call's issue
// time.
func (s *Sim) attemptAnswered(now float64, id int32) (bool, float64) {
	rs := s.rt
	c := rs.att[id]
	cl := &rs.calls[c]
	current := !cl.done && cl.attempt == id
	issued := cl.issued
	if current {
		cl.done = true
		s.breakerResult(now, cl.origin, cl.region, true)
		cl.attempt = noAttempt
	}
	rs.unref(c)
	return current, issued
}
