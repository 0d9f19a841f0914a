package engine

// The simulator's state: the Sim, a request's slot, and the per-origin and
// per-region state of one replication. The state of each layer beyond the
// queues (replica sets, caches, routing) is declared in its own file.

import (
	"math/rand/v2"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/des"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// Sim runs replications of one Config. It keeps its buffers between
// replications, so that a worker running many replications allocates them
// once; a replication's result never depends on what ran before it. A Sim
// is not safe for concurrent use: give each goroutine its own.
type Sim struct {
	// Core and queueing, used by every model: the calendar, the request
	// slab and its free list, the origins and the regions' queues.
	cfg     *Config
	cal     des.Calendar
	reqs    []request
	free    int32
	maxLive int
	origins []originState
	regions []regionState
	// scalers are the regions' autoscalers (autoscale.go), nil when no
	// region has one.
	scalers []scaler
	pooled  *stats.Sketch
	issued  int64
	// now is the current event's time, for failure paths that do not
	// carry it; err stops the replication at the end of the current event,
	// set by handlers that cannot return an error (a backlog bound, the
	// in-flight bound on a retry or a probe).
	now float64
	err error

	// The timeline: counters per step of issue time, and a latency
	// histogram of timelineBins per step.
	tl            []timelinePoint
	tlHist        []uint64
	tlStep, tlInv float64

	// Data and replication, used only when the model has replica sets
	// (hasData); otherwise the hot path skips them on one flag. data is
	// each request's data operation, tasks the writes being replicated
	// and applied, with their free list.
	hasData bool
	data    []dataReq // parallel to reqs
	tasks   []task
	tfree   int32
	sets    []setState
	// Per-operation client statistics.
	reads, readsOK, writes, writesOK int64
	readLat, writeLat                *stats.Sketch
	readSum, writeSum                float64

	// Failover and election have no state of their own here: each set's
	// leader, epoch and pending election live in its setState, and
	// elections read the regions' up marks below.

	// Faults. Each flag is set when the model has faults of that kind, so
	// that the hot path skips their checks on one flag otherwise: faulty
	// for region outages, pairFaulty for partitions and latency spikes
	// between an origin and a region, regionFaulty for those between two
	// regions. up[g] is false while region g is down; surges are the
	// traffic_surge streams. Capacity changes and service slowdowns act on
	// the regions' own state (regionState.servers and .slowdown).
	faulty, pairFaulty, regionFaulty bool
	up                               []bool
	surges                           []*rand.Rand

	// The cache layer, used only when the model has cache tiers.
	hasCaches bool
	caches    []cacheState
	cacheLat  []cacheLatency // parallel to caches
	tiers     []tierState
	invs      []invalidation
	ifree     int32

	// The routing layer (health checks, routing answers, attempts,
	// retries, breakers), used only when the model has a routing policy.
	routed bool
	rt     *routingState

	// Client sessions (sessions.go), used only by origins with sessions.
	sess sessionStore
	// applyF is, per region, the product of the apply_slowdown faults in
	// force (1 without any); nil when the model has none.
	applyF []float64
	// xfer counts the bytes measured requests move (transfer.go), only
	// with Config.Transfer.
	xfer transferState
}

// Request flags, one bit each, for every layer.
const (
	// measuredOrigin: issued after warm-up, counts in client statistics.
	measuredOrigin uint8 = 1 << iota
	// measuredRegion: reached the region inside the window, counts in the
	// region's statistics.
	measuredRegion
	// isWrite: the request's data operation is a write.
	isWrite
	// cacheHit: the read was answered by a cache.
	cacheHit
	// cacheMiss: the read looked in a cache and missed; its response
	// fills the cache.
	cacheMiss
	// isProbe: the request is a health probe (its origin field holds the
	// probed region).
	isProbe
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
	// served[g] counts the successful measured requests region g served
	// (the region of the attempt that answered).
	served []int64
	// The data layer: operation mix, key stream, replica set and legs'
	// jitter.
	readRatio  float64
	set        int32
	keys       *rand.Rand
	dataJitter variate.Jitter
	// op holds the origin's operation contract and figures (operations.go).
	op opState
	// Sessions: the origin's are sessBase .. sessBase+sessN-1 of the
	// Sim's session store, drawn from the sessions stream.
	sessBase, sessN int32
	sessions        *rand.Rand
}

// regionState is a region's queue, stream and statistics.
type regionState struct {
	servers, limit int
	service        variate.Service
	// slowdown multiplies every service time drawn: the product of the
	// service_slowdown faults in force, 1 without any. A multiply by 1 is
	// exact, so that a model without slowdowns draws and computes the same
	// numbers as before the fault existed, at the cost of one multiply.
	slowdown     float64
	rng          *rand.Rand
	busy, queued int
	head, tail   int32 // FIFO of waiting requests, -1 when empty
	// last is when the time averages were last brought up to date.
	last                 float64
	busyArea, systemArea float64
	// serverArea integrates the servers present over the window, brought
	// up to date at each capacity change (serverSince) rather than per
	// event: the denominator of the utilization over servers present.
	// minServers is the fewest servers present at any time of the window.
	serverArea, serverSince      float64
	minServers                   int
	arrivals, rejected, accepted int64
	// allBusy is busyArea over the whole run (not clipped to the window)
	// and seen every arrival: an autoscaler's signals (autoscale.go).
	allBusy             float64
	seen                int64
	sumWait, sumSojourn float64
	sojourn             *stats.Sketch
}
