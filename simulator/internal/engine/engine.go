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

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/des"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/rng"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// Config is the compiled, validated input of a replication. Times are in
// milliseconds.
type Config struct {
	// Regions are the serving regions, indexed by Origin.Region.
	Regions []Region
	// Origins are the request sources.
	Origins []Origin
	// DurationMs is the end of arrivals: requests are issued in
	// [0, DurationMs), then the system drains.
	DurationMs float64
	// WarmupMs is the start of measurement: requests issued before it (and
	// region time before it) are not measured.
	WarmupMs float64
	// Seed is the run's seed; each replication derives its streams from it.
	Seed uint64
	// MaxInFlight bounds the requests alive at once; 0 means
	// DefaultMaxInFlight. Exceeding it ends the replication with
	// ErrTooManyInFlight.
	MaxInFlight int
	// Keys draws each request's key; it must be set when Sets is not
	// empty. It is read-only and may be shared by many Configs.
	Keys *KeySampler
	// Sets are the replica sets, indexed by Origin.Set.
	Sets []ReplicaSet
	// Outages lists, per region (nil, or one entry per region), the
	// region's down intervals in time order.
	Outages [][]Interval
	// Transitions are the outages' starts and ends in time order.
	Transitions []Transition
	// Caches are the cache tiers (used only with Sets); Origin.Cache
	// indexes their caches, numbered tier by tier in Regions order.
	Caches []CacheTier
	// Flushes are the cache_flush faults.
	Flushes []CacheFlush
	// Routing is the routing policy; nil sends each origin to Origin.Region.
	Routing *Routing
	// Capacity are the capacity_loss changes in time order.
	Capacity []CapacityChange
	// Surges are the traffic_surge streams.
	Surges []Surge
	// PairFaults are the partitions and latency spikes between an origin
	// and a region, RegionFaults those between two regions.
	PairFaults   []PairFault
	RegionFaults []RegionPairFault
}

// DefaultMaxInFlight is the safety bound on requests alive at once (2^21,
// about 64 MiB of request slots plus their events). A stable model stays far
// below it (a million requests per second with 300 ms latency is 300 000);
// reaching it means queues are growing without bound, and stopping is better
// than exhausting the machine's memory.
const DefaultMaxInFlight = 1 << 21

// Region is one serving region: an M/G/c/K FIFO queue.
type Region struct {
	// Servers is c, the number of requests served at once (>= 1).
	Servers int
	// QueueLimit is K, the waiting places; 0 means unbounded.
	QueueLimit int
	// Service is the service time distribution, in milliseconds.
	Service variate.Service
}

// Origin is a Poisson source of requests and its route.
type Origin struct {
	// RatePerMs is the mean arrival rate (requests per millisecond); 0 means
	// the origin sends nothing.
	RatePerMs float64
	// Region is the index of the region serving the origin.
	Region int
	// Request and Response are the network legs to and from that region.
	Request, Response variate.OneWay
	// ReadRatio is the fraction of requests that are reads.
	ReadRatio float64
	// Set is the replica set the origin's requests use, -1 for none.
	Set int
	// Local is the replica of Set that serves the origin's eventual and
	// bounded-staleness reads and its multi-leader writes: the serving
	// region's own, else the nearest.
	Local int
	// Data[i] is the leg between the serving region and replica i of Set,
	// the same both ways.
	Data []variate.OneWay
	// Cache is the cache the origin's reads look in (numbered over all
	// tiers, see Config.Caches), -1 for none. Read only when Caches is
	// not empty.
	Cache int
}

// ErrTooManyInFlight reports that a replication exceeded MaxInFlight.
var ErrTooManyInFlight = errors.New("too many requests in flight")

// Latency summarises the successful measured requests of a replication, in
// milliseconds. Every field is NaN when there were none.
type Latency struct {
	// Mean is exact (a sum over a count); the quantiles come from a
	// sketch with stats.RelativeAccuracy; Min is exact.
	Mean, P50, P95, P99, P999, Min float64
}

// OriginResult is what one origin's clients measured in a replication.
type OriginResult struct {
	// Measured counts requests issued after warm-up; Succeeded those of them
	// that got a response (the rest were rejected).
	Measured, Succeeded int64
	// Latency is over the successful measured requests.
	Latency Latency
}

// RegionResult is what one region's queue measured in a replication, over
// the window [warm-up, duration) for time averages and over requests that
// arrived at the region in that window for per-request figures.
type RegionResult struct {
	// Arrivals counts arrivals in the window, Rejected those that found the
	// queue full.
	Arrivals, Rejected int64
	// ArrivalRate is arrivals per second in the window.
	ArrivalRate float64
	// Utilization is the time-average fraction of busy servers.
	Utilization float64
	// RejectedRatio is Rejected / Arrivals (NaN with no arrival).
	RejectedRatio float64
	// MeanWait, MeanSojourn and P99Sojourn are over accepted arrivals, in
	// ms (NaN with none).
	MeanWait, MeanSojourn, P99Sojourn float64
	// MeanInSystem is the time-average number waiting or in service.
	MeanInSystem float64
}

// Result is the outcome of one replication.
type Result struct {
	// Issued counts every request issued, warm-up included.
	Issued int64
	// Events counts the events processed.
	Events int64
	// Measured and Succeeded total the origins' counts.
	Measured, Succeeded int64
	// Latency pools the successful measured requests of every origin.
	Latency Latency
	// Origins are in Config order.
	Origins []OriginResult
	// Regions are in Config order.
	Regions []RegionResult
	// With replica sets only: measured reads and writes, those that
	// succeeded, and their latencies.
	Reads, ReadsOK, Writes, WritesOK int64
	ReadLatency, WriteLatency        Latency
	// Sets are in Config order.
	Sets []SetResult
	// Caches are per cache (numbered as Origin.Cache), Tiers per tier.
	Caches []CacheResult
	Tiers  []TierResult
	// Timeline covers every request issued, warm-up included, by issue
	// time: one point per second (or per longer step, see
	// MaxTimelinePoints).
	Timeline []TimelinePoint
	// Routing is set with a routing policy.
	Routing *RoutingResult
}

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
)

// Every kind must fit the calendar's kind field: this constant overflows,
// and the build fails, when one does not.
const _ = des.MaxKind - evRegionFault

// Request flags.
const (
	// measuredOrigin: issued after warm-up, counts in client statistics.
	measuredOrigin uint8 = 1 << iota
	// measuredRegion: reached the region inside the window, counts in the
	// region's statistics.
	measuredRegion
	// isWrite: the request's data operation is a write.
	isWrite
)

// request is one simulated request, 32 bytes.
type request struct {
	issued  float64 // when the origin issued it
	arrived float64 // when it reached the region
	// next links the request in its region's FIFO queue while it waits, and
	// in the free list while its slot is unused.
	next   int32
	origin int32
	region int32
	flags  uint8
	// step is the timeline point of the issue time (< MaxTimelinePoints),
	// kept so that the response does not compute it again.
	step uint16
}

// route is an origin's legs and data plumbing when one region serves it.
type route struct {
	request, response variate.OneWay
	// local is the replica of the origin's set for local operations, data
	// the legs from the serving region to each replica.
	local int32
	data  []variate.OneWay
	// cache is the cache the reads look in, -1 for none.
	cache int32
}

// originState is an origin's compiled parameters, streams and statistics.
type originState struct {
	gap    float64 // mean inter-arrival time
	region int32
	// route is the static route (to region); routes[g] the route to each
	// region g when a routing policy is set.
	route                  route
	routes                 []route
	arrivals               *rand.Rand
	jitter                 variate.Jitter
	measured, succeeded    int64
	sumLatency, minLatency float64
	latency                *stats.Sketch
	// The data layer: operation mix, key stream, replica set and legs'
	// jitter.
	readRatio  float64
	set        int32
	keys       *rand.Rand
	dataJitter variate.Jitter
}

// regionState is a region's queue, stream and statistics.
type regionState struct {
	servers, limit int
	service        variate.Service
	rng            *rand.Rand
	busy, queued   int
	head, tail     int32 // FIFO of waiting requests, -1 when empty
	// last is when the time averages were last brought up to date.
	last                         float64
	busyArea, systemArea         float64
	arrivals, rejected, accepted int64
	sumWait, sumSojourn          float64
	sojourn                      *stats.Sketch
}

// Sim runs replications of one Config. It keeps its buffers between
// replications, so that a worker running many replications allocates them
// once; a replication's result never depends on what ran before it. A Sim
// is not safe for concurrent use: give each goroutine its own.
type Sim struct {
	cfg     *Config
	cal     des.Calendar
	reqs    []request
	free    int32
	maxLive int
	origins []originState
	regions []regionState
	pooled  *stats.Sketch
	issued  int64

	// The data layer, used only when the model has replica sets (hasData)
	// or faults (faulty); otherwise the hot path skips it on one flag.
	hasData, faulty bool
	data            []dataReq // parallel to reqs
	tasks           []task
	tfree           int32
	sets            []setState
	up              []bool
	err             error
	// Per-operation client statistics.
	reads, readsOK, writes, writesOK int64
	readLat, writeLat                *stats.Sketch
	readSum, writeSum                float64

	// The cache layer, used only when the model has cache tiers.
	hasCaches bool
	caches    []cacheState
	tiers     []tierState
	invs      []invalidation
	ifree     int32

	// The timeline: counters per step of issue time, and a latency
	// histogram of timelineBins per step.
	tl            []timelinePoint
	tlHist        []uint64
	tlStep, tlInv float64

	// The routing layer and the faults beside outages: used only when the
	// model has a routing policy (routed), pair faults (pairFaulty) or
	// surges.
	routed, pairFaulty, regionFaulty bool
	rt                               *routingState
	surges                           []*rand.Rand
	// now is the current event's time, for failure paths that do not
	// carry it.
	now float64
}

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
		*o = originState{
			gap:        1 / c.RatePerMs,
			region:     int32(c.Region),
			route:      route{request: c.Request, response: c.Response, local: -1, cache: -1},
			routes:     routes,
			arrivals:   rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassArrivals, i)),
			minLatency: math.Inf(1),
			latency:    sketch,
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
	}
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
			servers: c.Servers,
			limit:   c.QueueLimit,
			service: c.Service,
			rng:     rng.Stream(cfg.Seed, rep, rng.NewComponent(rng.ClassService, i)),
			head:    -1,
			tail:    -1,
			sojourn: sketch,
		}
	}
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
		if t := o.arrivals.ExpFloat64() * o.gap; t < end {
			s.cal.Schedule(t, evIssue, int32(i))
		}
	}
	for i, tr := range s.cfg.Transitions {
		s.cal.Schedule(tr.At, evFault, int32(i))
	}
	if s.hasCaches {
		for i, f := range s.cfg.Flushes {
			s.cal.Schedule(f.At, evCacheFlush, int32(i))
		}
	}
	for i, ch := range s.cfg.Capacity {
		s.cal.Schedule(ch.At, evCapacity, int32(i))
	}
	if s.hasData {
		for i, f := range s.cfg.RegionFaults {
			if f.ExtraMs == 0 {
				s.cal.Schedule(f.Start, evRegionFault, int32(i))
				if !math.IsInf(f.End, 1) {
					s.cal.Schedule(f.End, evRegionFault, int32(i))
				}
			}
		}
	}
	for i, sg := range s.cfg.Surges {
		if t := sg.Start + s.surges[i].ExpFloat64()/sg.RatePerMs; t < sg.End && t < end {
			s.cal.Schedule(t, evSurge, int32(i))
		}
	}
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
				if next := now + s.surges[eid].ExpFloat64()/sg.RatePerMs; next < sg.End && next < end {
					s.cal.Schedule(next, evSurge, eid)
				}
				oi = int32(sg.Origin)
			} else {
				o := &s.origins[eid]
				if next := now + o.arrivals.ExpFloat64()*o.gap; next < end {
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
				s.cal.Schedule(now+g.service.Draw(g.rng), evDepart, eid)
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
				s.cal.Schedule(now+g.service.Draw(g.rng), evDepart, id)
			} else {
				g.busy--
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
		}
		if s.err != nil {
			return nil, s.err
		}
	}
	return s.summarise(events), nil
}

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
	g.last = now
}

// summarise turns the state at the end of a replication into its Result.
func (s *Sim) summarise(events int64) *Result {
	warm, end := s.cfg.WarmupMs, s.cfg.DurationMs
	window := end - warm
	res := &Result{
		Issued:  s.issued,
		Events:  events,
		Origins: make([]OriginResult, len(s.origins)),
		Regions: make([]RegionResult, len(s.regions)),
	}
	s.pooled.Clear()
	var sumLatency float64
	minLatency := math.Inf(1)
	for i := range s.origins {
		o := &s.origins[i]
		res.Origins[i] = OriginResult{
			Measured:  o.measured,
			Succeeded: o.succeeded,
			Latency:   latencyOf(o.latency, o.sumLatency, o.succeeded, o.minLatency),
		}
		res.Measured += o.measured
		res.Succeeded += o.succeeded
		sumLatency += o.sumLatency
		minLatency = math.Min(minLatency, o.minLatency)
		// Merging in origin order keeps the pooled sketch, and so the
		// report, independent of anything but the model and seed.
		s.pooled.Merge(o.latency)
	}
	res.Latency = latencyOf(s.pooled, sumLatency, res.Succeeded, minLatency)
	for i := range s.regions {
		g := &s.regions[i]
		g.advance(math.Max(g.last, end), warm, end)
		rr := RegionResult{
			Arrivals:      g.arrivals,
			Rejected:      g.rejected,
			ArrivalRate:   float64(g.arrivals) / window * 1000,
			Utilization:   g.busyArea / (window * float64(s.cfg.Regions[i].Servers)),
			RejectedRatio: ratio(float64(g.rejected), float64(g.arrivals)),
			MeanWait:      ratio(g.sumWait, float64(g.accepted)),
			MeanSojourn:   ratio(g.sumSojourn, float64(g.accepted)),
			P99Sojourn:    g.sojourn.Quantile(0.99),
			MeanInSystem:  g.systemArea / window,
		}
		res.Regions[i] = rr
	}
	if s.hasData {
		res.Reads, res.ReadsOK, res.Writes, res.WritesOK = s.reads, s.readsOK, s.writes, s.writesOK
		res.ReadLatency = latencyOf(s.readLat, s.readSum, s.readsOK, math.NaN())
		res.WriteLatency = latencyOf(s.writeLat, s.writeSum, s.writesOK, math.NaN())
		res.Sets = s.summariseSets(end)
	}
	if s.hasCaches {
		s.summariseCaches(res)
	}
	res.Timeline = s.summariseTimeline()
	if s.routed {
		s.summariseRouting(res)
	}
	return res
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
	s.cal.Schedule(now+g.service.Draw(g.rng), evDepart, id)
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
	delay := s.routeOf(r).response.Draw(&o.jitter)
	if s.pairFaulty {
		delay += s.spike(r.origin, r.region, now)
	}
	s.cal.Schedule(now+delay, evRespond, id)
}

// latencyOf summarises a latency sketch and its exact sum, count and min.
func latencyOf(sk *stats.Sketch, sum float64, n int64, minimum float64) Latency {
	if n == 0 {
		nan := math.NaN()
		return Latency{nan, nan, nan, nan, nan, nan}
	}
	return Latency{
		Mean: sum / float64(n),
		P50:  sk.Quantile(0.50),
		P95:  sk.Quantile(0.95),
		P99:  sk.Quantile(0.99),
		P999: sk.Quantile(0.999),
		Min:  minimum,
	}
}

// ratio is a/b, or NaN when b is 0 (the figure is undefined, not zero).
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
