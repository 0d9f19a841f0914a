// Package engine simulates one replication of the multi-region model: Poisson
// origins, network legs, and regions that are M/G/c/K FIFO queues. It turns
// a compiled Config and a replication index into a Result of plain numbers.
//
// The hot path is a single loop over a des.Calendar with a switch on the
// event kind; requests live in a slab with an intrusive free list, so that
// in steady state no event allocates, and everything measured is streamed
// into counters, exact sums and bounded quantile sketches: memory depends on
// the number of regions, origins and requests in flight, never on how many
// requests are simulated.
package engine

// The event loop: New, the per-replication reset, and Run, which
// dispatches every event on its kind. What each kind does lives in the
// file of its layer (lifecycle, data, replication, failover, faults,
// cache, routing, health); only the hot path of every model (issue,
// arrive, depart, respond) stays inline in Run.

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/des"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/rng"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
)

// Event kinds. The ID of evIssue is an origin index; the others carry a
// request's slot.
const (
	evIssue        des.Kind = iota // an origin issues its next request
	evArrive                       // a request reaches its region
	evDepart                       // a request finishes service
	evRespond                      // a response reaches the origin
	evDataArrive                   // a data operation reaches its replica
	evDataBack                     // a data response reaches the serving region
	evRepArrive                    // a replicated write (task) reaches its replica
	evApplyDone                    // a replica finishes applying a task
	evAck                          // a follower's acknowledgement reaches the leader (task)
	evFault                        // a region goes down or comes back (transition index)
	evElect                        // a replica set's failover timer fires (set index)
	evCacheHit                     // a cache hit's answer leaves the serving region
	evInvalidate                   // an invalidation reaches its cache (invalidation index)
	evCacheFlush                   // a cache_flush fault (flush index)
	evProbe                        // a health check probes a region (region index)
	evProbeTimeout                 // a probe's timeout (region index)
	evTimeout                      // an attempt's timeout (timer index)
	evRetry                        // a call's retry after its backoff (call index)
	evAttemptErr                   // an error response reaches the client (request slot)
	evCapacity                     // a capacity change (index in Config.Capacity)
	evSurge                        // a surge stream's next request (surge index)
	evRegionFault                  // a partition between two regions starts or heals
	evSlowdown                     // a service slowdown starts or ends (slowdown index)
	evApplySlow                    // an apply slowdown starts or ends (apply slowdown index)
	evScale                        // an autoscaler's evaluation (region index, autoscale.go)
	evWarm                         // autoscaled instances end their warm-up (region index)
	numEventKinds                  // not a kind: how many there are; keep it last
)

// Every kind must fit the calendar's kind field: this constant overflows,
// and the build fails, when one does not. It checks the last kind through
// numEventKinds, so that adding a kind before it leaves the guard as is.
const _ = des.MaxKind - (numEventKinds - 1)

// New prepares a simulator for cfg. The Config must have been validated by
// the caller (positive servers, non-negative finite rates and times, at
// most des.MaxID+1 origins); cfg must not change while the Sim is in use.
func New(cfg *Config) *Sim {
	s := &Sim{cfg: cfg, maxLive: cfg.MaxInFlight, pooled: stats.NewSketch()}
	if s.maxLive <= 0 {
		s.maxLive = DefaultMaxInFlight
	}
	// Request slots travel in events, which carry IDs up to des.MaxID.
	s.maxLive = min(s.maxLive, des.MaxID+1)
	s.origins = make([]originState, len(cfg.Origins))
	for i := range s.origins {
		s.origins[i].latency = stats.NewSketch()
		s.origins[i].served = make([]int64, len(cfg.Regions))
	}
	s.regions = make([]regionState, len(cfg.Regions))
	for i := range s.regions {
		s.regions[i].sojourn = stats.NewSketch()
	}
	s.hasData = len(cfg.Sets) > 0 && cfg.Keys != nil
	s.faulty = len(cfg.Transitions) > 0
	if s.hasData {
		s.readLat, s.writeLat = stats.NewSketch(), stats.NewSketch()
		s.sets = make([]setState, len(cfg.Sets))
		for i := range cfg.Sets {
			s.sets[i] = newSetState(&cfg.Sets[i], cfg.Keys.N())
		}
	}
	s.hasCaches = s.hasData && len(cfg.Caches) > 0
	if s.hasCaches {
		s.newCaches()
	}
	s.up = make([]bool, len(cfg.Regions))
	s.newTimeline()
	s.newScalers()
	s.routed = cfg.Routing != nil
	s.pairFaulty = len(cfg.PairFaults) > 0
	s.regionFaulty = len(cfg.RegionFaults) > 0
	if s.routed {
		s.newRouting()
	}
	s.surges = make([]*rand.Rand, len(cfg.Surges))
	return s
}

// reset prepares the state for replication rep: fresh streams, empty
// queues, zero statistics, with the buffers' memory kept.
func (s *Sim) reset(rep int) {
	cfg := s.cfg
	s.cal.Reset()
	s.reqs = s.reqs[:0]
	s.free = -1
	s.issued = 0
	for i := range s.origins {
		o, c := &s.origins[i], &cfg.Origins[i]
		sketch := o.latency
		sketch.Clear()
		routes := o.routes
		served := o.served
		clear(served)
		*o = originState{
			gap:        1 / c.RatePerMs,
			region:     int32(c.Region),
			route:      route{request: c.Request, response: c.Response, local: -1, cache: -1},
			routes:     routes,
			arrivals:   rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassArrivals, i)),
			minLatency: math.Inf(1),
			latency:    sketch,
			served:     served,
		}
		// Both legs share the origin's network stream and its sigma.
		o.jitter.Reset(c.Request.Sigma(), rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassNetwork, i)))
		o.set = -1
		if s.hasCaches && c.Set >= 0 && c.Cache >= 0 && c.Cache < len(s.caches) {
			o.route.cache = int32(c.Cache)
		}
		if s.hasData && c.Set >= 0 {
			o.set, o.route.local = int32(c.Set), int32(c.Local)
			o.readRatio = c.ReadRatio
			o.route.data = c.Data
			o.keys = rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassKeys, i))
			o.dataJitter.Reset(s.cfg.Sets[c.Set].Sigma, rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassData, i)))
		}
		o.op = opState{override: c.OverrideRead, read: c.Read, bound: c.ReadStalenessMs, nonIdempotent: c.NonIdempotent}
	}
	s.resetSessions(rep)
	s.resetTransfer()
	s.data = s.data[:0]
	s.tasks = s.tasks[:0]
	s.tfree = -1
	s.err = nil
	for i := range s.up {
		s.up[i] = true
	}
	if s.hasData {
		s.reads, s.readsOK, s.writes, s.writesOK = 0, 0, 0, 0
		s.readSum, s.writeSum = 0, 0
		s.readLat.Clear()
		s.writeLat.Clear()
		s.resetSets(rep, func(class uint32, index int) *rand.Rand {
			return rng.Stream(cfg.Seed, rep, rng.NewComponent(class, index))
		}, rng.ClassApply, rng.ClassReplication)
	}
	if s.hasCaches {
		s.resetCaches(func(index int) *rand.Rand {
			return rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassCache, index))
		})
	}
	clear(s.tl)
	clear(s.tlHist)
	if s.routed {
		s.resetRouting(func(origin int) *rand.Rand {
			return rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassRouting, origin))
		}, rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassProbe, 0)))
	}
	for i := range s.surges {
		s.surges[i] = rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassSurge, i))
	}
	for i := range s.regions {
		g, c := &s.regions[i], &cfg.Regions[i]
		sketch := g.sojourn
		sketch.Clear()
		*g = regionState{
			servers:    c.Servers,
			minServers: c.Servers,
			limit:      c.QueueLimit,
			service:    c.Service,
			slowdown:   1,
			rng:        rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassService, i)),
			head:       -1,
			tail:       -1,
			sojourn:    sketch,
		}
	}
	s.resetScalers()
}

// ctxCheckMask sets how often the loop looks at ctx: every 16384 events,
// well under a millisecond of work, so cancellation is prompt while the
// check itself (a mutex in context) costs nothing measurable.
const ctxCheckMask = 1<<14 - 1

// Run simulates replication rep and summarises it. It fails when ctx is
// cancelled or the in-flight bound is exceeded.
func (s *Sim) Run(ctx context.Context, rep int) (*Result, error) {
	s.reset(rep)
	warm, end := s.cfg.WarmupMs, s.cfg.DurationMs
	// The first arrival of a Poisson stream that starts at 0 comes after one
	// exponential gap, not at 0.
	for i := range s.origins {
		o := &s.origins[i]
		if math.IsInf(o.gap, 1) {
			continue // an origin with rate 0 sends nothing
		}
		if pr := s.cfg.Origins[i].Profile; pr != nil {
			if t := pr.next(o.arrivals, s.cfg.Origins[i].RatePerMs, 0); t < end {
				s.cal.Schedule(t, evIssue, int32(i))
			}
			continue
		}
		if t := o.arrivals.ExpFloat64() * o.gap; t < end {
			s.cal.Schedule(t, evIssue, int32(i))
		}
	}
	s.scheduleFaults(end)
	var events int64
	for s.cal.Len() > 0 {
		e := s.cal.Next()
		now := e.Time
		s.now = now
		eid := e.ID()
		events++
		if events&ctxCheckMask == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		switch e.Kind() {
		case evIssue, evSurge:
			// An origin's own stream, or a surge's extra one: both issue
			// a request of the origin, inline here since it is the hot
			// path of every model.
			oi := eid
			if e.Kind() == evSurge {
				sg := &s.cfg.Surges[eid]
				if next := s.nextSurge(sg, eid, now); next < sg.End && next < end {
					s.cal.Schedule(next, evSurge, eid)
				}
				oi = int32(sg.Origin)
			} else {
				o := &s.origins[eid]
				var next float64
				if pr := s.cfg.Origins[eid].Profile; pr == nil {
					next = now + o.arrivals.ExpFloat64()*o.gap
				} else {
					next = pr.next(o.arrivals, s.cfg.Origins[eid].RatePerMs, now)
				}
				if next < end {
					s.cal.Schedule(next, evIssue, eid)
				}
			}
			o := &s.origins[oi]
			if s.routed {
				if err := s.issueCall(now, oi, o); err != nil {
					return nil, err
				}
				continue
			}
			id, ok := s.alloc()
			if !ok {
				return nil, s.tooMany(now)
			}
			r := &s.reqs[id]
			step := s.tlIndex(now)
			*r = request{issued: now, next: -1, origin: oi, region: o.region, step: uint16(step)}
			s.issued++
			s.tl[step].issued++
			if now >= warm {
				r.flags = measuredOrigin
				o.measured++
			}
			s.countRequest(r, o.region)
			if o.set >= 0 {
				s.drawOp(id, o)
				if now >= warm {
					if r.flags&isWrite != 0 {
						s.writes++
					} else {
						s.reads++
					}
				}
			}
			delay := o.route.request.Draw(&o.jitter)
			if s.pairFaulty {
				delay += s.spike(oi, o.region, now)
			}
			s.cal.Schedule(now+delay, evArrive, id)

		case evArrive:
			r := &s.reqs[eid]
			if (s.faulty && s.cut(r.region, r.issued, now)) || (s.pairFaulty && r.flags&isProbe == 0 && s.pairCut(r.origin, r.region, r.issued, now)) {
				// The region is down, or went down while the request
				// was on its way: it fails, and the region sees nothing.
				s.fail(eid)
				continue
			}
			g := &s.regions[r.region]
			g.advance(now, warm, end)
			r.arrived = now
			g.seen++
			inWindow := now >= warm && now < end
			if inWindow {
				r.flags |= measuredRegion
				g.arrivals++
			}
			switch {
			case g.busy < g.servers:
				g.busy++
				if inWindow {
					g.accepted++ // waits 0: nothing to add to sumWait
				}
				s.cal.Schedule(now+g.service.Draw(g.rng)*g.slowdown, evDepart, eid)
			case g.limit == 0 || g.queued < g.limit:
				if inWindow {
					g.accepted++
				}
				g.queued++
				if g.tail < 0 {
					g.head = eid
				} else {
					s.reqs[g.tail].next = eid
				}
				g.tail = eid
			default:
				// A full queue rejects: the request fails and leaves
				// the system now. Latency statistics cover successful
				// requests only, so the error response is not timed.
				if inWindow {
					g.rejected++
				}
				s.failFast(eid)
			}

		case evDepart:
			r := &s.reqs[eid]
			g := &s.regions[r.region]
			g.advance(now, warm, end)
			if r.flags&measuredRegion != 0 {
				soj := now - r.arrived
				g.sumSojourn += soj
				g.sojourn.Add(soj)
			}
			if g.queued > 0 && g.busy <= g.servers {
				// The freed server takes the head of the queue (unless
				// a capacity loss took it away). serveNext by hand: the
				// call is not inlined, and here it costs 1 % of the
				// M/M/1 benchmark's instructions (callgrind).
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
			} else {
				g.busy--
				if s.scalers != nil && s.scalers[r.region].draining > 0 {
					s.drained(now, int(r.region))
				}
			}
			if s.faulty && s.cut(r.region, r.arrived, now) {
				s.fail(eid) // the region went down while serving it
				continue
			}
			if r.flags&isProbe != 0 {
				s.probeServed(now, eid)
				continue
			}
			o := &s.origins[r.origin]
			if o.set >= 0 {
				s.startData(now, eid, o)
				continue
			}
			if !s.routed && !s.pairFaulty {
				// respond, inline on the hot path.
				r.arrived = now
				s.countResponse(r)
				s.cal.Schedule(now+o.route.response.Draw(&o.jitter), evRespond, eid)
				continue
			}
			s.respond(now, eid, r, o)

		case evRespond:
			r := &s.reqs[eid]
			if (s.faulty && s.cut(r.region, r.arrived, now)) || (s.pairFaulty && s.pairCut(r.origin, r.region, r.arrived, now)) {
				s.fail(eid)
				continue
			}
			issued := r.issued
			if s.routed {
				current, first := s.attemptAnswered(now, eid)
				if !current {
					s.release(eid) // a late answer the client no longer waits for
					continue
				}
				issued = first
			}
			lat := now - issued
			s.tlHist[int(r.step)*timelineBins+timelineBin(lat)]++
			if s.hasData && r.flags&measuredOrigin != 0 && s.origins[r.origin].set >= 0 {
				if r.flags&isWrite != 0 {
					s.writesOK++
					s.writeSum += lat
					s.writeLat.Add(lat)
				} else {
					s.readsOK++
					s.readSum += lat
					s.readLat.Add(lat)
					if s.hasCaches {
						s.recordCacheLatency(r, lat)
					}
				}
			}
			if r.flags&measuredOrigin != 0 {
				o := &s.origins[r.origin]
				o.succeeded++
				o.sumLatency += lat
				if lat < o.minLatency {
					o.minLatency = lat
				}
				o.latency.Add(lat)
				o.served[r.region]++
			}
			s.release(eid)

		case evDataArrive:
			s.dataArrive(now, eid)
		case evDataBack:
			s.dataReturn(now, eid)
		case evRepArrive:
			s.repArrive(now, eid)
		case evApplyDone:
			s.applyDone(now, eid)
		case evAck:
			s.ackArrive(now, eid)
		case evFault:
			s.fault(now, s.cfg.Transitions[eid])
		case evElect:
			s.elect(now, int(eid))
		case evCacheHit:
			s.cacheAnswer(now, eid)
		case evInvalidate:
			s.invalidateArrive(eid)
		case evCacheFlush:
			s.flushCaches(s.cfg.Flushes[eid])
		case evProbe:
			s.err = s.probe(now, eid)
		case evProbeTimeout:
			s.probeTimeout(now, eid)
		case evTimeout:
			s.attemptTimeout(now, eid)
		case evRetry:
			s.err = s.retry(now, eid)
		case evAttemptErr:
			s.attemptError(now, eid)
		case evCapacity:
			s.capacity(now, s.cfg.Capacity[eid])
		case evRegionFault:
			s.regionFault(now)
		case evSlowdown:
			s.slowdown(now, s.cfg.Slowdowns[eid].Region)
		case evApplySlow:
			s.applySlowdown(now, s.cfg.ApplySlowdowns[eid].Region)
		case evScale:
			s.evaluate(now, int(eid))
		case evWarm:
			s.warmed(now, int(eid))
		}
		if s.err != nil {
			return nil, s.err
		}
	}
	return s.summarise(events), nil
}
