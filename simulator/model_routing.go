package simulator

// Routing strategies of a routing policy.
const (
	// StrategyLatency sends each origin to the nearest region by RTT that
	// the health checks have not marked down.
	StrategyLatency = "latency"
	// StrategyGeo sends each origin to the region its GeoRoutes entry
	// names; an origin without one, or whose region is marked down, goes
	// to the nearest healthy region as with StrategyLatency.
	StrategyGeo = "geo"
	// StrategyWeighted spreads each request over the healthy regions in
	// proportion to their weights.
	StrategyWeighted = "weighted"
	// StrategyFailover sends every origin to the first healthy region of
	// the Failover list (the primary, then the secondaries in order).
	StrategyFailover = "failover"
)

// RoutingPolicy decides which region serves each request, and how clients
// time out and retry. Without one (Model.RoutingPolicy nil) every origin is
// served by its nearest region, always, with no health checks or retries.
//
// With one, a health checker probes every region every interval: a probe is
// a real request through the region's queue, and it fails when the region
// is down or the probe is not served within the health-check timeout (an
// overloaded region times out). A region is marked down after
// FailureThreshold consecutive failed probes, and up again after as many
// consecutive successes. Clients cache routing answers for the DNS TTL: a
// request issued at t uses the answer of t - age, age uniform in [0, TTL).
// Each attempt has a timeout; a failed or timed-out attempt is retried
// with capped exponential backoff and full jitter, and every retry is a
// real request that adds load. A circuit breaker per (origin, region)
// stops sending to a region that keeps failing.
type RoutingPolicy struct {
	// Name labels the policy, spelled as a region name.
	Name string `json:"name"`
	// Strategy is one of the Strategy* constants.
	Strategy string `json:"strategy"`
	// GeoRoutes fix origins to regions (StrategyGeo).
	GeoRoutes []GeoRoute `json:"geo_routes,omitempty"`
	// Weights are the regions' shares of traffic (StrategyWeighted); a
	// declared region without an entry gets no traffic.
	Weights []RegionWeight `json:"weights,omitempty"`
	// Failover is the ordered list of region names (StrategyFailover): the
	// primary first, then the secondaries in order of preference.
	Failover []string `json:"failover,omitempty"`
	// HealthCheck is how regions are probed.
	HealthCheck HealthCheck `json:"health_check"`
	// DNSTTLS is how long clients cache a routing answer, in seconds; 0
	// means every request sees the current answer and nil means
	// DefaultDNSTTLS, so it is a pointer.
	DNSTTLS *float64 `json:"dns_ttl_s,omitempty"`
	// RequestTimeoutMs is how long a client waits for one attempt before
	// giving up on it; 0 means no timeout (an attempt to a dead region then
	// fails at once, as without a policy).
	RequestTimeoutMs float64 `json:"request_timeout_ms,omitempty"`
	// Retry is how failed attempts are retried.
	Retry RetryPolicy `json:"retry"`
	// CircuitBreaker, when set, stops an origin sending to a region after
	// consecutive failures.
	CircuitBreaker *CircuitBreaker `json:"circuit_breaker,omitempty"`
}

// GeoRoute fixes one origin (by its label: name, or location when unnamed)
// to one region.
type GeoRoute struct {
	Origin string `json:"origin"`
	Region string `json:"region"`
}

// RegionWeight is one region's weight under StrategyWeighted.
type RegionWeight struct {
	Region string  `json:"region"`
	Weight float64 `json:"weight"`
}

// HealthCheck probes every region of the topology.
type HealthCheck struct {
	// IntervalS is the time between two probes of a region, in seconds.
	IntervalS float64 `json:"interval_s"`
	// FailureThreshold is the number of consecutive failed probes that
	// marks a region down, and of consecutive successes that marks it up.
	FailureThreshold int `json:"failure_threshold"`
	// TimeoutMs is how long a probe may take before it counts as failed.
	TimeoutMs float64 `json:"timeout_ms,omitempty"`
	// MaxReplicationLagMs, when set, is the largest replication lag a
	// replica may have at a check and stay healthy for its set's reads:
	// after FailureThreshold consecutive checks above it, the non-strong
	// reads it would serve go to the set's leader instead (fresh, at the
	// round trip to the leader), until as many checks at or below it.
	MaxReplicationLagMs float64 `json:"max_replication_lag_ms,omitempty"`
	// MaxQueueBacklog, when set, is the most requests a region's queue may
	// hold waiting at a check and stay healthy: after FailureThreshold
	// consecutive checks above it the region is marked down for all
	// traffic, as by failed probes, until as many checks at or below it.
	MaxQueueBacklog int `json:"max_queue_backlog,omitempty"`
}

// RetryPolicy retries failed attempts.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts per request, the first
	// included; 1 means no retry.
	MaxAttempts int `json:"max_attempts"`
	// BackoffBaseMs is the cap of the first retry's delay; the k-th retry
	// waits uniform in [0, min(BackoffMaxMs, BackoffBaseMs x 2^(k-1)))
	// ("full jitter").
	BackoffBaseMs float64 `json:"backoff_base_ms,omitempty"`
	// BackoffMaxMs caps the backoff.
	BackoffMaxMs float64 `json:"backoff_max_ms,omitempty"`
}

// CircuitBreaker is per (origin, region): after FailureThreshold
// consecutive failed attempts it opens, and the origin's requests avoid the
// region (or fail at once when there is nowhere else to go) for OpenS
// seconds; then one trial attempt is let through (half-open), whose
// success closes the breaker and whose failure opens it again.
type CircuitBreaker struct {
	FailureThreshold int     `json:"failure_threshold"`
	OpenS            float64 `json:"open_s"`
}

// More fault types, beside FaultRegionOutage and FaultCacheFlush.
const (
	// FaultCapacityLoss removes Fraction of a region's servers for the
	// duration (requests in service finish; no new ones start beyond the
	// reduced count).
	FaultCapacityLoss = "capacity_loss"
	// FaultTrafficSurge multiplies an origin's request rate by Multiplier
	// (> 1) for the duration.
	FaultTrafficSurge = "traffic_surge"
	// FaultLatencySpike adds ExtraMs to the round trip between an origin
	// and a region (Origin and Region set), or between two regions (Region
	// and RegionB), for the duration.
	FaultLatencySpike = "latency_spike"
	// FaultPartition cuts the network for the duration between an origin's
	// clients and a region (Origin and Region set: their attempts there
	// are lost, while the health checker, which is elsewhere, still sees
	// the region up), or between two regions (Region and RegionB: requests'
	// data legs across it are lost, and replication waits for it to heal).
	FaultPartition = "partition"
)
