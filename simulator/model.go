// Package simulator runs a multi-region application topology under load in a
// discrete-event simulation and checks the results against an SLA.
//
// It knows nothing of Terraform: the provider and the CLI both build one
// Model value, call Check and Run, and render the Report they get back.
package simulator

// Service time distributions a region may declare.
const (
	DistExponential   = "exponential"
	DistLognormal     = "lognormal"
	DistDeterministic = "deterministic"
)

// Model is the whole input of a simulation: the topology, the workload, the
// SLA and the run settings. It is plain data so that it can be built from
// Terraform attributes, decoded from JSON, and compared in tests.
type Model struct {
	Regions []Region `json:"regions"`
	// ReplicaSets are the replicated data stores the requests read and
	// write; with none, a request is served by its region alone.
	ReplicaSets []ReplicaSet `json:"replica_sets,omitempty"`
	// CacheTiers are per-region caches in front of replica sets.
	CacheTiers []CacheTier `json:"cache_tiers,omitempty"`
	// RoutingPolicy routes requests by health and retries them; nil
	// routes each origin to its nearest region, always.
	RoutingPolicy *RoutingPolicy `json:"routing_policy,omitempty"`
	Workload      Workload       `json:"workload"`
	Network       Network        `json:"network"`
	// Scenarios are run in addition to the baseline (no faults), which is
	// always first in the report.
	Scenarios []Scenario  `json:"scenarios,omitempty"`
	SLA       SLA         `json:"sla"`
	Run       RunSettings `json:"run"`
}

// Replication modes of a replica set.
const (
	ReplicationSyncQuorum   = "sync_quorum"
	ReplicationAsyncPrimary = "async_primary"
	ReplicationMultiLeader  = "multi_leader"
)

// Read consistency levels of a replica set.
const (
	ReadStrong           = "strong"
	ReadBoundedStaleness = "bounded_staleness"
	ReadEventual         = "eventual"
)

// Conflict resolution of a multi_leader replica set.
const (
	ConflictLWW  = "lww"
	ConflictCRDT = "crdt"
)

// ReplicaSet is a data store replicated over regions, with a leader.
type ReplicaSet struct {
	// Name is the replica set's unique key: 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit.
	Name string `json:"name"`
	// Regions are the names of the declared regions holding a replica.
	Regions []string `json:"regions"`
	// Leader is the region holding the primary; one of Regions. For
	// multi_leader it is the region that breaks ties and serves strong reads.
	Leader string `json:"leader"`
	// Replication is ReplicationSyncQuorum, ReplicationAsyncPrimary or
	// ReplicationMultiLeader.
	Replication string `json:"replication"`
	// ReadConsistency is ReadStrong, ReadBoundedStaleness, ReadEventual or
	// ReadYourWrites.
	ReadConsistency string `json:"read_consistency"`
	// Quorum is, for sync_quorum, how many replicas (leader included) must
	// have a write before it commits; 0 means a majority.
	Quorum int `json:"quorum,omitempty"`
	// StalenessBoundMs is, for bounded_staleness, the largest replication
	// lag a replica may have and still serve a read locally.
	StalenessBoundMs float64 `json:"staleness_bound_ms,omitempty"`
	// ApplyTimeMs is the mean time one replica takes to apply one write
	// (exponential; one applier per replica, so a replica applies at most
	// 1000/ApplyTimeMs writes per second and lag grows as writes near it).
	ApplyTimeMs float64 `json:"apply_time_ms,omitempty"`
	// ElectionTimeoutMs is, for sync_quorum, how long followers wait after
	// losing the leader before electing a new one.
	ElectionTimeoutMs float64 `json:"election_timeout_ms,omitempty"`
	// PromotionDelayMs is, for async_primary, how long failover takes to
	// promote a follower after the leader's region fails.
	PromotionDelayMs float64 `json:"promotion_delay_ms,omitempty"`
	// ConflictResolution is, for multi_leader, ConflictLWW or ConflictCRDT.
	ConflictResolution string `json:"conflict_resolution,omitempty"`
	// SplitBrainResolution is, for async_primary, what the heal of a
	// split-brain does with the deposed leader's divergent writes (those
	// the promotion left on it and those it accepted from its region's
	// clients): SplitBrainDiscard ("" too: they are lost) or
	// SplitBrainMerge (merged into the new leader's history, counted as
	// merges, and as conflicts for keys the new leader also wrote).
	SplitBrainResolution string `json:"split_brain_resolution,omitempty"`
	// StorageGB is the data one replica stores, in GB (2^30 bytes), for the
	// cost of storage (model_cost.go); nil means none is priced.
	StorageGB *float64 `json:"storage_gb,omitempty"`
	// RecordBytes is the bytes one write sends to each other replica; nil
	// means the write's request bytes.
	RecordBytes *int64 `json:"record_bytes,omitempty"`
}

// Split-brain resolutions of an async_primary replica set.
const (
	SplitBrainDiscard = "discard"
	SplitBrainMerge   = "merge"
)

// Cache write policies and evictions.
const (
	WriteThrough = "write_through"
	Invalidate   = "invalidate"
	TTLOnly      = "ttl_only"
	EvictLRU     = "lru"
	EvictLFU     = "lfu"
)

// CacheTier is a per-region cache in front of one replica set: reads of the
// set's keys from a region of the tier look in that region's cache first.
type CacheTier struct {
	// Name is the tier's unique key: 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit.
	Name string `json:"name"`
	// ReplicaSet names the replica set the tier caches.
	ReplicaSet string `json:"replica_set"`
	// Regions are the declared regions that run a cache of this tier.
	Regions []string `json:"regions"`
	// CapacityKeys is how many keys one region's cache holds.
	CapacityKeys int `json:"capacity_keys"`
	// TTLS is how long an entry may be served after it was filled, in
	// seconds; 0 means no expiry.
	TTLS float64 `json:"ttl_s"`
	// Eviction is EvictLRU or EvictLFU.
	Eviction string `json:"eviction,omitempty"`
	// HitLatencyMs is the time to serve a hit.
	HitLatencyMs float64 `json:"hit_latency_ms,omitempty"`
	// WritePolicy is WriteThrough (a write updates the cache of the region
	// it was written from), Invalidate (a committed write removes the key
	// from every region's cache after the one-way delay from the leader) or
	// TTLOnly (entries change only by expiry and eviction).
	WritePolicy string `json:"write_policy"`
}

// Fault types a scenario may contain.
const (
	FaultRegionOutage = "region_outage"
	// FaultCacheFlush empties a cache tier's cache in one region (or in
	// every region of the tier when Region is empty) at AtS.
	FaultCacheFlush = "cache_flush"
)

// Scenario is a named list of timed faults, simulated with the same
// workload and seed as the baseline.
type Scenario struct {
	// Name labels the scenario; unique, and not "baseline".
	Name   string  `json:"name"`
	Faults []Fault `json:"faults"`
}

// Fault is one timed fault. Which fields apply depends on Type.
type Fault struct {
	// Type is one of the Fault* constants.
	Type string `json:"type"`
	// Region is the region the fault hits (region_outage, capacity_loss,
	// and the region end of a latency_spike or partition).
	Region string `json:"region,omitempty"`
	// Origin is the origin the fault hits (traffic_surge, and the client
	// end of a latency_spike or partition), by its label.
	Origin string `json:"origin,omitempty"`
	// RegionB is, instead of Origin, the other region of a latency_spike or
	// partition between two regions.
	RegionB string `json:"region_b,omitempty"`
	// Fraction is the share of the region's servers lost (capacity_loss),
	// in (0, 1].
	Fraction float64 `json:"fraction,omitempty"`
	// Multiplier scales the origin's rate (traffic_surge), > 1.
	Multiplier float64 `json:"multiplier,omitempty"`
	// ExtraMs is the round-trip time added (latency_spike).
	ExtraMs float64 `json:"extra_ms,omitempty"`
	// Tier is the cache tier the fault hits (cache_flush).
	Tier string `json:"tier,omitempty"`
	// AtS is when the fault starts, in seconds from the start of the run.
	AtS float64 `json:"at_s"`
	// DurationS is how long it lasts; 0 means until the end of the run.
	DurationS float64 `json:"duration_s,omitempty"`
}

// Region is one serving region: an M/G/c/K queue with c = Instances x
// Concurrency servers and room for QueueLimit waiting requests.
type Region struct {
	// Name is the region's unique key: 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit.
	Name string `json:"name"`
	// Location is a catalog code ("aws:us-east-1") or "geo:LAT,LON".
	Location string `json:"location"`
	// Jurisdiction is the legal jurisdiction of the region's data ("EU",
	// "US"), checked against origins' AllowedJurisdictions; "" means the
	// location catalog's jurisdiction of Location (none for coordinates).
	Jurisdiction string `json:"jurisdiction,omitempty"`
	// Instances is the number of instances serving in the region.
	Instances int `json:"instances"`
	// Concurrency is the number of requests one instance serves at once.
	Concurrency int `json:"concurrency"`
	// ServiceTimeMs is the mean service time of one request.
	ServiceTimeMs float64 `json:"service_time_ms"`
	// ServiceTimeDistribution is DistExponential, DistLognormal or DistDeterministic.
	ServiceTimeDistribution string `json:"service_time_distribution"`
	// ServiceTimeP99OverP50 is the lognormal shape as the ratio of the 99th to
	// the 50th percentile of the service time (> 1). Ignored by the other
	// distributions.
	ServiceTimeP99OverP50 float64 `json:"service_time_p99_over_p50,omitempty"`
	// QueueLimit is the number of requests that may wait for a server; an
	// arrival that finds the queue full is rejected. 0 means unbounded.
	QueueLimit int `json:"queue_limit,omitempty"`
	// Prices are the region's prices for the cost figures (model_cost.go);
	// nil means none, and then no region may have any.
	Prices *RegionPrices `json:"prices,omitempty"`
	// Autoscaling, when set, scales the region's instances from Instances
	// (model_autoscaling.go); nil keeps Instances fixed.
	Autoscaling *Autoscaling `json:"autoscaling,omitempty"`
}

// Servers is the number of requests the region serves at once.
func (r Region) Servers() int { return r.Instances * r.Concurrency }

// CapacityRPS is the region's nominal throughput: servers / mean service
// time, at MaxInstances when it autoscales (the most it can carry).
func (r Region) CapacityRPS() float64 {
	if r.ServiceTimeMs <= 0 {
		return 0
	}
	return float64(r.peakServers()) * 1000 / r.ServiceTimeMs
}

// Workload is the offered load: client populations and their requests.
type Workload struct {
	Origins []Origin `json:"origins"`
	// Keys is the size of the key space the requests touch.
	Keys int `json:"keys,omitempty"`
	// ZipfS is the Zipf exponent of key popularity (0 = uniform).
	ZipfS *float64 `json:"zipf_s,omitempty"`
	// StartHourUTC is the UTC hour of day at which the simulated clock
	// starts, in [0, 24]: the clock of every origin's diurnal load
	// profile (model_load.go). 0 (the default) is midnight.
	StartHourUTC float64 `json:"start_hour_utc,omitempty"`
}

// Origin is a client population at one location sending a Poisson stream of
// requests.
type Origin struct {
	// Name labels the origin in reports; defaults to its location.
	Name string `json:"name,omitempty"`
	// Location is a catalog code or "geo:LAT,LON".
	Location string `json:"location"`
	// RPS is the mean request rate.
	RPS float64 `json:"rps"`
	// ReadRatio is the fraction of requests that are reads, in [0, 1];
	// nil means DefaultReadRatio (all reads), and an explicit 0 stays 0
	// (all writes), so it is a pointer.
	ReadRatio *float64 `json:"read_ratio,omitempty"`
	// ReplicaSet names the replica set the origin's requests use; empty
	// means the first declared one (or none when there is none).
	ReplicaSet string `json:"replica_set,omitempty"`
	// AllowedJurisdictions, when set, are the only jurisdictions whose
	// regions may serve the origin's requests or hold the data it writes
	// (sovereignty); a route or replica elsewhere is a violation.
	AllowedJurisdictions []string `json:"allowed_jurisdictions,omitempty"`
	// Operations, when set, make the origin's requests a mix of named
	// operations, each with its share of RPS, its replica set, kind and
	// consistency contract (operations.go); ReadRatio and ReplicaSet are
	// then not set. None keeps one mix: ReadRatio over ReplicaSet.
	Operations []Operation `json:"operations,omitempty"`
	// Sessions is how many client sessions the origin's requests are
	// spread over, uniformly at random; 0 means DefaultSessions when the
	// origin's replica set reads with ReadYourWrites, none otherwise.
	// With sessions, reads also count own-write stale reads.
	Sessions int `json:"sessions,omitempty"`
	// LoadProfile, when set, makes the origin's rate vary over time:
	// RPS x LoadProfile.Multiplier (model_load.go), RPS then being the
	// base rate the multipliers scale; nil keeps RPS constant.
	LoadProfile *LoadProfile `json:"load_profile,omitempty"`
	// RequestBytes and ResponseBytes are the size of one request and of
	// its response, for the cost of data transfer (model_cost.go); an
	// operation's own override them. nil counts 0 bytes.
	RequestBytes  *int64 `json:"request_bytes,omitempty"`
	ResponseBytes *int64 `json:"response_bytes,omitempty"`
}

// Label is the origin's name, or its location when it has none.
func (o Origin) Label() string {
	if o.Name != "" {
		return o.Name
	}
	return o.Location
}

// Network tunes the delay model. One-way delay between two locations is
// floor/2 + (rtt-floor)/2 x J, with J lognormal of median 1 and log-sd
// JitterSigma: the round trip never beats the fiber floor, its median stays
// close to the measured or estimated RTT, and the tail is right-skewed.
type Network struct {
	// JitterSigma is the log standard deviation of the jitter factor; 0
	// makes delays deterministic, nil means DefaultJitterSigma.
	JitterSigma *float64 `json:"jitter_sigma,omitempty"`
}

// DefaultJitterSigma keeps the p99 of a one-way excess delay about 1.6x its
// median, in line with the spread of public inter-region latency percentiles.
const DefaultJitterSigma = 0.2

// SLA holds the targets; a nil target is not checked. Latency targets are
// upper bounds in milliseconds over all successful requests; Availability is
// a lower bound on successful / all requests.
type SLA struct {
	LatencyP50Ms  *float64 `json:"latency_p50_ms,omitempty"`
	LatencyP95Ms  *float64 `json:"latency_p95_ms,omitempty"`
	LatencyP99Ms  *float64 `json:"latency_p99_ms,omitempty"`
	LatencyP999Ms *float64 `json:"latency_p999_ms,omitempty"`
	Availability  *float64 `json:"availability,omitempty"`
	// Read and write latency targets, over successful reads or writes only.
	ReadLatencyP99Ms  *float64 `json:"read_latency_p99_ms,omitempty"`
	WriteLatencyP99Ms *float64 `json:"write_latency_p99_ms,omitempty"`
	// ReplicationLagP99Ms bounds the p99 replication lag of every follower.
	ReplicationLagP99Ms *float64 `json:"replication_lag_p99_ms,omitempty"`
	// RPOMs bounds the window of lost writes (see ScenarioResult.RPOMs).
	RPOMs *float64 `json:"rpo_ms,omitempty"`
	// StaleReadRatio bounds the fraction of reads returning data older than
	// the last committed version.
	StaleReadRatio *float64 `json:"stale_read_ratio,omitempty"`
	// ConflictRatio bounds the fraction of writes in a multi-leader conflict.
	ConflictRatio *float64 `json:"conflict_ratio,omitempty"`
	// RTOS bounds the recovery time of each scenario with faults, in
	// seconds (see ScenarioResult.RTOS).
	RTOS *float64 `json:"rto_s,omitempty"`
	// Origins are targets on single origins, beside the global targets
	// above: each is checked on that origin's own requests, so that a
	// surge in one city shows in its clause even when the pooled figures
	// still pass. At most one entry per origin.
	Origins []OriginSLA `json:"origins,omitempty"`
	// DuplicateWriteRatio bounds duplicate writes / measured writes: the
	// commits of a non-idempotent operation's write beyond the first of its
	// call, caused by retries of attempts that timed out but committed.
	DuplicateWriteRatio *float64 `json:"duplicate_write_ratio,omitempty"`
	// MaxCostPerHour bounds the cost per hour of each scenario
	// (CostResult.PerHour.Total), in the prices' cost unit; it needs
	// prices.
	MaxCostPerHour *float64 `json:"max_cost_per_hour,omitempty"`
}

// OriginSLA holds the targets of one origin, with the global targets' JSON
// names and meaning but over the origin's own requests: latency upper
// bounds in milliseconds over its successful requests, and a lower bound on
// its successful / all requests. Each target is a clause of every scenario,
// reported with ClauseResult.Origin set to Origin. A nil target is not
// checked.
type OriginSLA struct {
	// Origin names the origin by its label: its name, or its location
	// when it has none (Origin.Label).
	Origin        string   `json:"origin"`
	LatencyP50Ms  *float64 `json:"latency_p50_ms,omitempty"`
	LatencyP95Ms  *float64 `json:"latency_p95_ms,omitempty"`
	LatencyP99Ms  *float64 `json:"latency_p99_ms,omitempty"`
	LatencyP999Ms *float64 `json:"latency_p999_ms,omitempty"`
	Availability  *float64 `json:"availability,omitempty"`
}

// targets are the origin's targets as an SLA with only those set, so that
// the global clauses' lists (latencyClauses) serve them too.
func (o OriginSLA) targets() SLA {
	return SLA{LatencyP50Ms: o.LatencyP50Ms, LatencyP95Ms: o.LatencyP95Ms, LatencyP99Ms: o.LatencyP99Ms,
		LatencyP999Ms: o.LatencyP999Ms, Availability: o.Availability}
}

// RunSettings holds the settings of one simulation.
type RunSettings struct {
	// DurationS is the simulated time in seconds during which requests
	// arrive; nil means DefaultDurationS. A pointer so that an explicit 0,
	// which Check refuses, is not mistaken for "not set".
	DurationS *float64 `json:"duration_s,omitempty"`
	// WarmupS is the initial period whose requests are not measured; nil
	// means DefaultWarmupS, and an explicit 0 stays 0 (no warm-up).
	WarmupS *float64 `json:"warmup_s,omitempty"`
	// Replications is the number of independent replications (>= 2, for a
	// confidence interval); 0 means adaptive: replications run in rounds
	// until every clause is decided or precise enough, up to
	// MaxReplications (stopping.go).
	Replications int `json:"replications"`
	// MaxReplications caps an adaptive run's replications per scenario;
	// 0 means DefaultMaxReplications. Only with Replications 0.
	MaxReplications int `json:"max_replications,omitempty"`
	// Precision is an adaptive run's relative precision target: a scenario
	// stops once every clause's interval half-width is at most Precision
	// times its target (an availability's: times 1 - target, its error
	// budget); nil means DefaultPrecision. Only with
	// Replications 0.
	Precision *float64 `json:"precision,omitempty"`
	// Seed makes the run reproducible: the same model and seed give a
	// bit-identical report. nil means DefaultSeed; 0 is a seed like any
	// other, so it is a pointer.
	Seed *uint64 `json:"seed,omitempty"`
	// MaxSimulatedRequests bounds the total work of a run (all replications);
	// 0 means DefaultMaxSimulatedRequests.
	MaxSimulatedRequests int64 `json:"max_simulated_requests,omitempty"`
	// Parallelism is the number of replications run at once; 0 means
	// GOMAXPROCS. It never changes the results.
	Parallelism int `json:"-"`
}

// DefaultMaxSimulatedRequests keeps a plan-time simulation within seconds.
const DefaultMaxSimulatedRequests = 50_000_000
