package engine

// The routing layer: health checks, DNS-cached routing answers, attempts
// with timeouts, retries with backoff, and circuit breakers. Used only when
// Config.Routing is set; without it each origin's requests go to its one
// region and the hot path never enters this file.
//
// A client request is a call; each try of it is an attempt, a request slot
// of its own that goes through the network and the region exactly like a
// request without routing. The call outlives its attempts' slots: an
// attempt that times out goes on in the region (its work is real, and so
// is the load it adds) and its late response is discarded. A call is freed
// when it is done and nothing refers to it any more (live attempts,
// pending timers, a pending retry), so no event ever sees a reused call.
//
// Health checks are requests too: a probe enters the region's queue at the
// region (the checker's network is not modelled) and succeeds when it is
// served within the probe timeout. A dead region never answers, so its
// probes fail at the timeout; an overloaded one answers too late.

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// Strategy is a routing strategy.
type Strategy uint8

// Strategies.
const (
	// RoutePreference takes the first healthy region of the origin's
	// preference list (latency, geo and failover differ only in the list).
	RoutePreference Strategy = iota
	// RouteWeighted draws a healthy region in proportion to Weights.
	RouteWeighted
)

// MaxRoutedRegions bounds the regions of a model with routing: the health
// marks of all regions are one 64-bit word.
const MaxRoutedRegions = 64

// Routing is the compiled routing policy. Times are in milliseconds.
type Routing struct {
	Strategy Strategy
	// Routes[o*len(Regions)+g] is origin o's route when region g serves it.
	Routes []Route
	// Pref[o] lists the regions origin o may be sent to, best first.
	Pref [][]int32
	// Weights[g] is region g's weight (RouteWeighted).
	Weights []float64
	// Allowed[o*len(Regions)+g] is false when sending origin o to region g
	// breaks the origin's allowed jurisdictions; nil when no origin has any.
	Allowed []bool
	// Health checks: a probe per region every ProbeIntervalMs, failed when
	// not served within ProbeTimeoutMs; Threshold consecutive outcomes
	// change a region's mark.
	ProbeIntervalMs, ProbeTimeoutMs float64
	Threshold                       int
	// TTLMs is how long clients cache a routing answer.
	TTLMs float64
	// TimeoutMs is the per-attempt timeout, 0 for none.
	TimeoutMs float64
	// MaxAttempts, BackoffBaseMs and BackoffMaxMs shape the retries.
	MaxAttempts                 int
	BackoffBaseMs, BackoffMaxMs float64
	// BreakerThreshold and BreakerOpenMs configure the per (origin,
	// region) circuit breaker; BreakerThreshold 0 means none.
	BreakerThreshold int
	BreakerOpenMs    float64
}

// Route is an origin's plumbing when one given region serves it.
type Route struct {
	// Request and Response are the client legs to and from the region.
	Request, Response variate.OneWay
	// Local is the replica of the origin's set for its local reads and
	// multi-leader writes, Data the legs from the region to each replica.
	Local int
	Data  []variate.OneWay
	// Cache is the cache its reads look in, -1 for none.
	Cache int
}

// CapacityChange sets a region's servers at a time (capacity_loss).
type CapacityChange struct {
	At      float64
	Region  int
	Servers int
}

// Surge is an extra Poisson stream of an origin's requests over
// [Start, End): superposed on the origin's own stream, it multiplies the
// origin's rate while leaving the own stream's draws untouched.
type Surge struct {
	Origin     int
	Start, End float64
	RatePerMs  float64
}

// PairFault is a fault between one origin's clients and one region over
// [Start, End): a partition (ExtraMs 0, every leg lost) or a latency spike
// (ExtraMs added to the round trip, half to each leg).
type PairFault struct {
	Origin, Region int
	Start, End     float64
	ExtraMs        float64
}

// RegionPairFault is a fault between two regions over [Start, End): a
// partition (ExtraMs 0) or a latency spike (ExtraMs added to their round
// trip, half to each leg). It hits the legs between them: a request's data
// legs (lost across a partition), and the replication and acknowledgement
// messages of replica sets (held across a partition and delivered when it
// heals, as TCP would retransmit them; lost when it never heals).
type RegionPairFault struct {
	A, B       int
	Start, End float64
	ExtraMs    float64
}

// Mark is a change of a region's health mark.
type Mark struct {
	Region int
	At     float64
	Down   bool
}

// Violation is traffic from an origin to a region outside its allowed
// jurisdictions.
type Violation struct {
	Origin, Region int
	First          float64
	Attempts       int64
}

// RoutingResult is what the routing layer measured in a replication.
type RoutingResult struct {
	// Attempts counts the attempts of measured calls, TimedOut those that
	// timed out; BreakerOpens counts breaker openings.
	Attempts, TimedOut, BreakerOpens int64
	// Marks are the health-mark changes in time order.
	Marks []Mark
	// Violations are per (origin, region) pair, in pair order.
	Violations []Violation
}

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

// Request flag of the routing layer: the request is a health probe (its
// origin field holds the probed region).
const isProbe uint8 = 1 << 5

// epoch is the health marks from a time on: bit g set when region g is up.
type epoch struct {
	at   float64
	mask uint64
}

// probeState is a region's health-check state.
type probeState struct {
	sent       float64
	open       bool
	fails, oks int
	down       bool
}

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

// maskAt is the health marks at time t.
func (rs *routingState) maskAt(t float64) uint64 {
	for i := len(rs.epochs) - 1; i > 0; i-- {
		if rs.epochs[i].at <= t {
			return rs.epochs[i].mask
		}
	}
	return rs.epochs[0].mask
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

// Health checks.

// probe sends region g's next probe, and schedules the one after.
func (s *Sim) probe(now float64, g int32) error {
	rs := s.rt
	rc := rs.cfg
	if next := now + rc.ProbeIntervalMs; next < s.cfg.DurationMs {
		s.cal.Schedule(next, evProbe, g)
	}
	p := &rs.probes[g]
	if p.open {
		// The previous probe is still out (timeout = interval): it failed.
		p.open = false
		s.probeOutcome(now, g, false)
	}
	p.sent, p.open = now, true
	s.cal.Schedule(now+rc.ProbeTimeoutMs, evProbeTimeout, g)
	id, ok := s.alloc()
	if !ok {
		return s.tooMany(now)
	}
	s.reqs[id] = request{issued: now, next: -1, origin: g, region: g, flags: isProbe}
	if s.hasData {
		s.data[id] = dataReq{set: -1, replica: -1}
	}
	s.cal.Schedule(now, evArrive, id)
	return nil
}

// probeServed handles probe id leaving its region at now.
func (s *Sim) probeServed(now float64, id int32) {
	r := &s.reqs[id]
	g := r.region
	p := &s.rt.probes[g]
	if p.open && r.issued == p.sent && now-p.sent <= s.rt.cfg.ProbeTimeoutMs {
		p.open = false
		s.probeOutcome(now, g, true)
	}
	s.release(id)
}

// probeTimeout handles region g's probe timer.
func (s *Sim) probeTimeout(now float64, g int32) {
	p := &s.rt.probes[g]
	if p.open && now-p.sent >= s.rt.cfg.ProbeTimeoutMs {
		p.open = false
		s.probeOutcome(now, g, false)
	}
}

// probeOutcome counts a probe's result and moves the region's mark after
// Threshold consecutive results the other way.
func (s *Sim) probeOutcome(now float64, g int32, ok bool) {
	rs := s.rt
	p := &rs.probes[g]
	if ok {
		p.fails = 0
		p.oks++
		if p.down && p.oks >= rs.cfg.Threshold {
			p.down = false
			s.setMark(now, g, false)
		}
		return
	}
	p.oks = 0
	p.fails++
	if !p.down && p.fails >= rs.cfg.Threshold {
		p.down = true
		s.setMark(now, g, true)
	}
}

// setMark records a mark change as a new epoch.
func (s *Sim) setMark(now float64, g int32, down bool) {
	rs := s.rt
	mask := rs.epochs[len(rs.epochs)-1].mask
	if down {
		mask &^= 1 << uint(g)
	} else {
		mask |= 1 << uint(g)
	}
	rs.epochs = append(rs.epochs, epoch{at: now, mask: mask})
	rs.res.Marks = append(rs.res.Marks, Mark{Region: int(g), At: now, Down: down})
}

// Faults between an origin's clients and a region.

// spike is the extra one-way delay of a leg between origin oi and region
// g sent at t: half the round-trip extra of each latency spike on the pair.
func (s *Sim) spike(oi, g int32, t float64) float64 {
	extra := 0.0
	for i := range s.cfg.PairFaults {
		f := &s.cfg.PairFaults[i]
		if f.ExtraMs > 0 && int32(f.Origin) == oi && int32(f.Region) == g && f.Start <= t && t < f.End {
			extra += f.ExtraMs / 2
		}
	}
	return extra
}

// pairCut reports whether a leg between origin oi and region g over
// [from, to] crosses a partition of the pair.
func (s *Sim) pairCut(oi, g int32, from, to float64) bool {
	for i := range s.cfg.PairFaults {
		f := &s.cfg.PairFaults[i]
		if f.ExtraMs == 0 && int32(f.Origin) == oi && int32(f.Region) == g && f.Start <= to && f.End > from {
			return true
		}
	}
	return false
}

// Faults between two regions.

// pairs reports whether fault f is between regions a and b.
func (f *RegionPairFault) pairs(a, b int32) bool {
	return (int32(f.A) == a && int32(f.B) == b) || (int32(f.A) == b && int32(f.B) == a)
}

// regionSpike is the extra one-way delay of a leg between regions a and b
// sent at t.
func (s *Sim) regionSpike(a, b int32, t float64) float64 {
	extra := 0.0
	for i := range s.cfg.RegionFaults {
		f := &s.cfg.RegionFaults[i]
		if f.ExtraMs > 0 && f.pairs(a, b) && f.Start <= t && t < f.End {
			extra += f.ExtraMs / 2
		}
	}
	return extra
}

// regionCut reports whether a leg between regions a and b over [from, to]
// crosses a partition of the pair.
func (s *Sim) regionCut(a, b int32, from, to float64) bool {
	for i := range s.cfg.RegionFaults {
		f := &s.cfg.RegionFaults[i]
		if f.ExtraMs == 0 && f.pairs(a, b) && f.Start <= to && f.End > from {
			return true
		}
	}
	return false
}

// regionHeld is when a message between regions a and b sent at t can leave:
// t, or the end of the partition of the pair it was sent into (+Inf for
// one that never heals); plus the extra delay of the spikes then.
func (s *Sim) regionHeld(a, b int32, t float64) float64 {
	leave := t
	for moved := true; moved; {
		moved = false
		for i := range s.cfg.RegionFaults {
			f := &s.cfg.RegionFaults[i]
			if f.ExtraMs == 0 && f.pairs(a, b) && f.Start <= leave && leave < f.End {
				leave, moved = f.End, true
			}
		}
	}
	if math.IsInf(leave, 1) {
		return leave
	}
	return leave + s.regionSpike(a, b, leave)
}

// capacity applies a capacity change: fewer servers let the requests in
// service finish; more start waiting requests at once.
func (s *Sim) capacity(now float64, ch CapacityChange) {
	g := &s.regions[ch.Region]
	g.advance(now, s.cfg.WarmupMs, s.cfg.DurationMs)
	g.servers = ch.Servers
	for g.busy < g.servers && g.queued > 0 {
		g.busy++
		s.serveNext(now, g)
	}
}

// summariseRouting fills the routing results.
func (s *Sim) summariseRouting(res *Result) {
	rs := s.rt
	out := rs.res
	out.Marks = append([]Mark(nil), rs.res.Marks...)
	for p, n := range rs.viol {
		if n > 0 {
			out.Violations = append(out.Violations, Violation{Origin: p / rs.n, Region: p % rs.n, First: rs.first[p], Attempts: n})
		}
	}
	res.Routing = &out
	for i := range res.Timeline {
		pt := &res.Timeline[i]
		pt.Attempts = rs.tlAttempts[i]
		pt.RegionAttempts = append([]int64(nil), rs.tlRegion[i*rs.n:(i+1)*rs.n]...)
	}
}

// tooMany is the error of a replication that exceeded the in-flight bound.
func (s *Sim) tooMany(now float64) error {
	return fmt.Errorf("%w: more than %d requests alive at t = %.3f s; queues are growing without bound, so the model is unstable or far too large for one run", ErrTooManyInFlight, s.maxLive, now/1000)
}
