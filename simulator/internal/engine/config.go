package engine

// The engine's input: a compiled, validated Config and the types it is
// made of, per layer (queues, replica sets, caches, routing, faults).

import (
	"errors"

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
	// Slowdowns are the service_slowdown faults, in any order.
	Slowdowns []Slowdown
	// Parents, when not nil, groups the origins: origin i is one
	// operation of result origin Parents[i] (operations.go), and
	// Result.Origins holds NumParents entries, each pooling its
	// operations, while Result.Operations holds one per origin. nil keeps
	// one result per origin.
	Parents    []int
	NumParents int
	// ApplySlowdowns are the apply_slowdown faults, in any order: each
	// multiplies the apply time of every replica in its region
	// (health_signals.go).
	ApplySlowdowns []Slowdown
	// Transfer, when set, has the engine count the bytes measured
	// requests move (transfer.go), for the cost of data transfer.
	Transfer *Transfer
}

// DefaultMaxInFlight is the safety bound on requests alive at once (2^21,
// about 64 MiB of request slots plus their events). A stable model stays far
// below it (a million requests per second with 300 ms latency is 300 000);
// reaching it means queues are growing without bound, and stopping is better
// than exhausting the machine's memory.
const DefaultMaxInFlight = 1 << 21

// ErrTooManyInFlight reports that a replication exceeded MaxInFlight.
var ErrTooManyInFlight = errors.New("too many requests in flight")

// Region is one serving region: an M/G/c/K FIFO queue.
type Region struct {
	// Servers is c, the number of requests served at once (>= 1).
	Servers int
	// QueueLimit is K, the waiting places; 0 means unbounded.
	QueueLimit int
	// Service is the service time distribution, in milliseconds.
	Service variate.Service
	// Autoscale, when set, is the region's autoscaler (autoscale.go), and
	// Servers those of its Start instances; nil keeps Servers fixed.
	Autoscale *Autoscale
}

// Origin is a Poisson source of requests and its route.
type Origin struct {
	// RatePerMs is the mean arrival rate (requests per millisecond); 0 means
	// the origin sends nothing.
	RatePerMs float64
	// Profile, when set, makes the rate RatePerMs x Profile.Mult(t), a
	// non-homogeneous Poisson process (load.go); nil keeps it constant.
	Profile *Profile
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
	// OverrideRead makes the origin's reads use Read (and, for
	// ReadBounded, ReadStalenessMs) instead of its set's consistency: an
	// operation's own contract (operations.go).
	OverrideRead    bool
	Read            ReadMode
	ReadStalenessMs float64
	// NonIdempotent makes every commit of one call's writes after its
	// first a duplicate write (a retry of a write that had committed).
	NonIdempotent bool
	// Sessions is how many client sessions the origin's requests are
	// spread over (uniformly), 0 for none: see sessions.go.
	Sessions int
}

// Replica sets.

// ReplicaSet is a compiled replica set. Times are in milliseconds.
type ReplicaSet struct {
	Mode Mode
	Read ReadMode
	// Regions[i] is the index of the region holding replica i.
	Regions []int
	// Leader is the replica that leads at the start.
	Leader int
	// Quorum is, for SyncQuorum, the replicas (leader included) that must
	// apply a write before it commits.
	Quorum int
	// StalenessMs is the ReadBounded bound on a replica's lag.
	StalenessMs float64
	// ApplyMs is the mean (exponential) time one replica takes to apply one
	// write.
	ApplyMs float64
	// FailoverMs is how long after losing its leader the set elects
	// (SyncQuorum) or promotes (AsyncPrimary) a new one.
	FailoverMs float64
	// CRDT makes MultiLeader conflicts merges instead of lost updates.
	CRDT bool
	// Links[i*n+j] is the one-way leg from replica i to replica j.
	Links []variate.OneWay
	// RTT[i*n+j] is the median round trip between replicas i and j, which
	// breaks ties between equally up-to-date candidates at an election.
	RTT []float64
	// Sigma is the links' jitter log-sd.
	Sigma float64
	// MergeSplitBrain makes an AsyncPrimary heal merge the deposed
	// leader's split-brain writes into the new leader's history (counted
	// as merges, and as conflicts for keys the new leader also wrote)
	// instead of discarding them (counted lost).
	MergeSplitBrain bool
}

// Mode is a replica set's replication mode.
type Mode uint8

// Replication modes.
const (
	// AsyncPrimary commits at the leader's apply and replicates after.
	AsyncPrimary Mode = iota
	// SyncQuorum commits when Quorum replicas (leader included) applied.
	SyncQuorum
	// MultiLeader commits at the accepting replica and replicates after.
	MultiLeader
)

// ReadMode is a replica set's read consistency.
type ReadMode uint8

// Read consistency levels.
const (
	// ReadStrong reads from the leader, which is never stale.
	ReadStrong ReadMode = iota
	// ReadBounded reads from the origin's replica when its lag is within
	// the bound, else from the leader.
	ReadBounded
	// ReadEventual reads from the origin's replica.
	ReadEventual
	// ReadYourWrites reads from the origin's replica unless it has not
	// applied a write of the read's session to the key, then from the
	// leader (sessions.go).
	ReadYourWrites
)

// MaxReplicas bounds the replicas of one set (replica indices are bytes).
const MaxReplicas = 64

// Cache tiers.

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

// Routing.

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
	// Health signals beside the probes (health_signals.go), checked at
	// each probe of a region with the same Threshold: MaxLagMs > 0 marks a
	// replica whose replication lag exceeds it unhealthy for its set's
	// reads; MaxBacklog > 0 marks a region whose queue holds more waiting
	// requests than it down for all traffic. 0 turns a signal off.
	MaxLagMs   float64
	MaxBacklog int
}

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

// Faults.

// Interval is a time interval [Start, End).
type Interval struct{ Start, End float64 }

// Transition is a region going down or coming back up.
type Transition struct {
	At     float64
	Region int
	Down   bool
}

// CacheFlush empties caches at a time: cache Cache of tier Tier, or every
// cache of the tier when Cache is -1.
type CacheFlush struct {
	At    float64
	Tier  int
	Cache int
}

// CapacityChange sets a region's servers at a time (capacity_loss).
type CapacityChange struct {
	At      float64
	Region  int
	Servers int
	// Lost is the fraction of the servers lost from At: an autoscaled
	// region applies it to the instances serving (autoscale.go).
	Lost float64
}

// Surge is an extra Poisson stream of an origin's requests over
// [Start, End): superposed on the origin's own stream, it multiplies the
// origin's rate while leaving the own stream's draws untouched.
type Surge struct {
	Origin     int
	Start, End float64
	RatePerMs  float64
	// Profile is the origin's (nil for none): the surge multiplies the
	// profiled rate, so its stream follows the profile too.
	Profile *Profile
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

// Slowdown multiplies a region's service times while it lasts.
//
// It is a gray failure: the region stays up and keeps serving, health
// probes still go through its queue (and pass while they are served within
// their timeout), only slower, so that its queue and p99 climb. A request
// or probe that starts service at the region at t, Start <= t < End, has
// its service time multiplied by Multiplier; overlapping slowdowns of a
// region multiply their factors.
type Slowdown struct {
	Region     int     // region index
	Multiplier float64 // > 1
	// Start and End are in milliseconds, like every time of a Config; End
	// may be +Inf (until the end of the run).
	Start, End float64
}
