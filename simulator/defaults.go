package simulator

import "github.com/multiregion/terraform-provider-topology/simulator/geo"

// Defaults that ApplyDefaults fills in. They are exported so that front-ends
// can document them next to their own attributes.
const (
	// DefaultConcurrency is the requests one instance serves at once.
	DefaultConcurrency = 1
	// DefaultServiceTimeDistribution is the service time shape.
	DefaultServiceTimeDistribution = DistExponential
	// DefaultLognormalP99OverP50 is the lognormal shape: a p99 three times
	// the median is a typical spread for a service's own processing time.
	DefaultLognormalP99OverP50 = 3.0
	// RoundReplications is the number of replications an adaptive run
	// starts with and adds per round (stopping.go): 2, the fewest that give
	// an interval, since a clear verdict is clear after two. It is a
	// constant, not the parallelism, so that where a run stops never
	// depends on the machine.
	RoundReplications = 2
	// DefaultMaxReplications caps an adaptive run at 20 replications per
	// scenario: four times the 5 a fixed run used to take, enough to
	// settle a clause within a few percent of its target, and a bounded
	// plan time for one that sits on it.
	DefaultMaxReplications = 20
	// DefaultPrecision stops an adaptive scenario once every clause's
	// 95 % interval is within 5 % of its target (of its error budget
	// 1 - target for availability) either side: closer than
	// that, more replications rarely change a verdict that the model's own
	// inputs are not known to better than.
	DefaultPrecision = 0.05
	// DefaultDurationS is the simulated time of arrivals: a minute, long
	// enough for intervals of a few percent at everyday rates, short
	// enough for a plan-time run.
	DefaultDurationS = 60.0
	// DefaultWarmupS discards the first seconds, while queues fill from
	// empty, so that the figures describe the steady state.
	DefaultWarmupS = 10.0
	// DefaultSeed is the seed of a model that sets none.
	DefaultSeed = 1
	// DefaultReadRatio makes every request a read: without replica sets
	// reads and writes are served alike, so the choice does not change the
	// results, and all-reads is the neutral assumption.
	DefaultReadRatio = 1.0
	// DefaultKeys is the key space: 100 000 keys, enough that a Zipf
	// workload has both a hot head and a long cold tail, small enough that
	// per-replica versions stay at 400 KB.
	DefaultKeys = 100_000
	// DefaultZipfS is the Zipf exponent of key popularity: 0.99, YCSB's
	// "zipfian" constant, the usual benchmark skew.
	DefaultZipfS = 0.99
	// DefaultReplication is the replication mode: async_primary, the
	// most common deployment of a primary with cross-region replicas.
	DefaultReplication = ReplicationAsyncPrimary
	// DefaultReadConsistency is strong: reads see every committed write
	// unless the model asks for less.
	DefaultReadConsistency = ReadStrong
	// DefaultApplyTimeMs is a replica's mean apply time per write: 1 ms,
	// so a replica applies up to 1000 writes per second.
	DefaultApplyTimeMs = 1.0
	// DefaultElectionTimeoutMs is how long sync_quorum followers wait
	// before electing a new leader: 1 s, etcd's default election timeout.
	DefaultElectionTimeoutMs = 1000.0
	// DefaultPromotionDelayMs is how long an async_primary failover takes
	// to promote a follower: 30 s, the order of managed databases'
	// detection plus promotion (health checks over several intervals).
	DefaultPromotionDelayMs = 30_000.0
	// DefaultConflictResolution is last-writer-wins.
	DefaultConflictResolution = ConflictLWW
)

// ApplyDefaults fills in the model's unset optional values, in place. It
// holds every default of the model, so that a model file and the same
// Terraform configuration simulate alike; each is also an exported Default*
// constant, for front-ends to document. By field (JSON names):
//
//   - regions[].concurrency 0 becomes DefaultConcurrency (1);
//   - regions[].service_time_distribution "" becomes
//     DefaultServiceTimeDistribution ("exponential");
//   - regions[].service_time_p99_over_p50 0 becomes
//     DefaultLognormalP99OverP50 (3) for a lognormal region only (the other
//     shapes take none, so it stays unset there);
//   - regions[].jurisdiction "" becomes the location catalog's jurisdiction
//     of the region's location ("US" for aws:us-east-1); a "geo:" location
//     has none, and one that does not parse is left for Check to report;
//   - workload.origins[].name "" becomes the origin's location;
//   - workload.origins[].read_ratio nil becomes DefaultReadRatio (1, all
//     reads); an explicit 0 stays 0 (all writes);
//   - workload.keys 0 becomes DefaultKeys (100 000) and workload.zipf_s nil
//     DefaultZipfS (0.99); an explicit zipf_s 0 stays 0 (uniform keys);
//   - network.jitter_sigma nil becomes DefaultJitterSigma (0.2); an explicit
//     0 stays 0 (deterministic delays);
//   - run.duration_s nil becomes DefaultDurationS (60 s); an explicit 0
//     stays 0, for Check to refuse;
//   - run.warmup_s nil becomes DefaultWarmupS (10 s); an explicit 0 stays 0
//     (no warm-up);
//   - run.replications 0 stays 0 (adaptive, stopping.go), and then
//     run.max_replications 0 becomes DefaultMaxReplications (20) and
//     run.precision nil DefaultPrecision (0.05);
//   - run.seed nil becomes DefaultSeed (1); an explicit 0 stays 0 (a seed
//     like any other);
//   - run.max_simulated_requests 0 becomes DefaultMaxSimulatedRequests;
//   - replica_sets[].replication "" becomes DefaultReplication
//     ("async_primary"), read_consistency "" DefaultReadConsistency
//     ("strong"), leader "" the set's first region, apply_time_ms 0
//     DefaultApplyTimeMs (1 ms);
//   - for sync_quorum: quorum 0 becomes a majority, n/2+1 of n replicas
//     (leader included), election_timeout_ms 0 DefaultElectionTimeoutMs
//     (1 s);
//   - for async_primary: promotion_delay_ms 0 becomes
//     DefaultPromotionDelayMs (30 s);
//   - for multi_leader: conflict_resolution "" becomes
//     DefaultConflictResolution ("lww");
//   - workload.origins[].sessions 0 becomes DefaultSessions (100) for an
//     origin whose replica set reads with "read_your_writes";
//   - cache_tiers[].eviction "" becomes DefaultCacheEviction ("lru"),
//     write_policy "" DefaultCacheWritePolicy ("invalidate"),
//     hit_latency_ms 0 DefaultCacheHitLatencyMs (1 ms), replica_set ""
//     the first declared replica set; ttl_s 0 stays 0 (no expiry);
//   - routing_policy: strategy "" becomes DefaultRoutingStrategy
//     ("latency"); dns_ttl_s nil DefaultDNSTTLS (60 s), an explicit 0
//     staying 0 (no caching); health_check interval_s 0
//     DefaultHealthIntervalS (10 s), failure_threshold 0
//     DefaultFailureThreshold (3), timeout_ms 0 DefaultHealthTimeoutMs (2 s,
//     at most the interval); retry.max_attempts 0 DefaultMaxAttempts (1),
//     backoff_base_ms 0 DefaultBackoffBaseMs (50 ms), backoff_max_ms 0
//     DefaultBackoffMaxMs (2 s, at least the base); circuit_breaker
//     failure_threshold 0 DefaultBreakerThreshold (5), open_s 0
//     DefaultBreakerOpenS (30 s); request_timeout_ms 0 stays 0 (no
//     timeout).
//
// Values left as they are: run.parallelism 0 (GOMAXPROCS at run time,
// which never changes the results), regions[].queue_limit 0 (unbounded),
// scenarios[].faults[].duration_s 0 (until the end of the run). A count or
// duration whose 0 becomes a default above cannot be given as 0 in a model
// file: 0 there means "not set". Invalid values (negative counts, unknown
// names) are not corrected: Check reports them. Slices are modified in
// place, so a caller that must keep its model intact passes a copy (Check
// and Run copy before defaulting).
func ApplyDefaults(m *Model) {
	if m == nil {
		return
	}
	for i := range m.Regions {
		r := &m.Regions[i]
		if r.Concurrency == 0 {
			r.Concurrency = DefaultConcurrency
		}
		if r.ServiceTimeDistribution == "" {
			r.ServiceTimeDistribution = DefaultServiceTimeDistribution
		}
		if r.ServiceTimeDistribution == DistLognormal && r.ServiceTimeP99OverP50 == 0 {
			r.ServiceTimeP99OverP50 = DefaultLognormalP99OverP50
		}
		autoscalingDefaults(r)
		if r.Jurisdiction == "" {
			if loc, err := geo.Parse(r.Location); err == nil {
				r.Jurisdiction = loc.Jurisdiction
			}
		}
	}
	for i := range m.Workload.Origins {
		o := &m.Workload.Origins[i]
		if o.Name == "" {
			o.Name = o.Location
		}
		if o.ReadRatio == nil && len(o.Operations) > 0 {
			o.ReadRatio = ptrTo(readShare(o.Operations))
		}
		if o.ReadRatio == nil {
			o.ReadRatio = ptrTo(DefaultReadRatio)
		}
	}
	if m.Network.JitterSigma == nil {
		sigma := DefaultJitterSigma
		m.Network.JitterSigma = &sigma
	}
	if m.Run.DurationS == nil {
		m.Run.DurationS = ptrTo(DefaultDurationS)
	}
	if m.Run.WarmupS == nil {
		m.Run.WarmupS = ptrTo(DefaultWarmupS)
	}
	if m.Run.Seed == nil {
		m.Run.Seed = ptrTo[uint64](DefaultSeed)
	}
	if m.Run.Replications == 0 {
		if m.Run.MaxReplications == 0 {
			m.Run.MaxReplications = DefaultMaxReplications
		}
		if m.Run.Precision == nil {
			m.Run.Precision = ptrTo(DefaultPrecision)
		}
	}
	if m.Run.MaxSimulatedRequests == 0 {
		m.Run.MaxSimulatedRequests = DefaultMaxSimulatedRequests
	}
	if m.Workload.Keys == 0 {
		m.Workload.Keys = DefaultKeys
	}
	if m.Workload.ZipfS == nil {
		z := DefaultZipfS
		m.Workload.ZipfS = &z
	}
	for i := range m.ReplicaSets {
		rs := &m.ReplicaSets[i]
		if rs.Replication == "" {
			rs.Replication = DefaultReplication
		}
		if rs.ReadConsistency == "" {
			rs.ReadConsistency = DefaultReadConsistency
		}
		if rs.Leader == "" && len(rs.Regions) > 0 {
			rs.Leader = rs.Regions[0]
		}
		if rs.ApplyTimeMs == 0 {
			rs.ApplyTimeMs = DefaultApplyTimeMs
		}
		switch rs.Replication {
		case ReplicationSyncQuorum:
			if rs.Quorum == 0 {
				rs.Quorum = len(rs.Regions)/2 + 1
			}
			if rs.ElectionTimeoutMs == 0 {
				rs.ElectionTimeoutMs = DefaultElectionTimeoutMs
			}
		case ReplicationAsyncPrimary:
			if rs.PromotionDelayMs == 0 {
				rs.PromotionDelayMs = DefaultPromotionDelayMs
			}
		case ReplicationMultiLeader:
			if rs.ConflictResolution == "" {
				rs.ConflictResolution = DefaultConflictResolution
			}
		}
	}
	applyCacheDefaults(m)
	applyRoutingDefaults(m)
	applySessionDefaults(m)
}

// withDefaults returns a defaulted deep copy of m, leaving m and everything
// it points to untouched.
func withDefaults(m Model) Model {
	c := m
	c.Regions = append([]Region(nil), m.Regions...)
	c.Workload.Origins = append([]Origin(nil), m.Workload.Origins...)
	c.Run.DurationS = copyPtr(m.Run.DurationS)
	c.Run.WarmupS = copyPtr(m.Run.WarmupS)
	c.Run.Seed = copyPtr(m.Run.Seed)
	c.Run.Precision = copyPtr(m.Run.Precision)
	c.SLA = SLA{
		LatencyP50Ms:        copyFloat(m.SLA.LatencyP50Ms),
		LatencyP95Ms:        copyFloat(m.SLA.LatencyP95Ms),
		LatencyP99Ms:        copyFloat(m.SLA.LatencyP99Ms),
		LatencyP999Ms:       copyFloat(m.SLA.LatencyP999Ms),
		Availability:        copyFloat(m.SLA.Availability),
		ReadLatencyP99Ms:    copyFloat(m.SLA.ReadLatencyP99Ms),
		WriteLatencyP99Ms:   copyFloat(m.SLA.WriteLatencyP99Ms),
		ReplicationLagP99Ms: copyFloat(m.SLA.ReplicationLagP99Ms),
		RPOMs:               copyFloat(m.SLA.RPOMs),
		StaleReadRatio:      copyFloat(m.SLA.StaleReadRatio),
		ConflictRatio:       copyFloat(m.SLA.ConflictRatio),
		RTOS:                copyFloat(m.SLA.RTOS),
		DuplicateWriteRatio: copyFloat(m.SLA.DuplicateWriteRatio),
		MaxCostPerHour:      copyFloat(m.SLA.MaxCostPerHour),
	}
	if m.SLA.Origins != nil {
		c.SLA.Origins = make([]OriginSLA, len(m.SLA.Origins))
		for i, o := range m.SLA.Origins {
			c.SLA.Origins[i] = OriginSLA{Origin: o.Origin, LatencyP50Ms: copyFloat(o.LatencyP50Ms), LatencyP95Ms: copyFloat(o.LatencyP95Ms),
				LatencyP99Ms: copyFloat(o.LatencyP99Ms), LatencyP999Ms: copyFloat(o.LatencyP999Ms), Availability: copyFloat(o.Availability)}
		}
	}
	c.Network.JitterSigma = copyFloat(m.Network.JitterSigma)
	c.Workload.ZipfS = copyFloat(m.Workload.ZipfS)
	c.ReplicaSets = make([]ReplicaSet, len(m.ReplicaSets))
	for i, rs := range m.ReplicaSets {
		rs.Regions = append([]string(nil), rs.Regions...)
		c.ReplicaSets[i] = rs
	}
	if m.ReplicaSets == nil {
		c.ReplicaSets = nil
	}
	c.CacheTiers = make([]CacheTier, len(m.CacheTiers))
	for i, t := range m.CacheTiers {
		t.Regions = append([]string(nil), t.Regions...)
		c.CacheTiers[i] = t
	}
	if m.CacheTiers == nil {
		c.CacheTiers = nil
	}
	for i, o := range c.Workload.Origins {
		c.Workload.Origins[i].AllowedJurisdictions = append([]string(nil), o.AllowedJurisdictions...)
		c.Workload.Origins[i].ReadRatio = copyPtr(o.ReadRatio)
		c.Workload.Origins[i].Operations = copyOperations(o.Operations)
	}
	if rp := m.RoutingPolicy; rp != nil {
		cp := *rp
		cp.GeoRoutes = append([]GeoRoute(nil), rp.GeoRoutes...)
		cp.Weights = append([]RegionWeight(nil), rp.Weights...)
		cp.Failover = append([]string(nil), rp.Failover...)
		cp.DNSTTLS = copyPtr(rp.DNSTTLS)
		if rp.CircuitBreaker != nil {
			cb := *rp.CircuitBreaker
			cp.CircuitBreaker = &cb
		}
		c.RoutingPolicy = &cp
	}
	c.Scenarios = make([]Scenario, len(m.Scenarios))
	for i, sc := range m.Scenarios {
		sc.Faults = append([]Fault(nil), sc.Faults...)
		c.Scenarios[i] = sc
	}
	if m.Scenarios == nil {
		c.Scenarios = nil
	}
	ApplyDefaults(&c)
	return c
}

func copyFloat(p *float64) *float64 { return copyPtr(p) }

// copyPtr is a new pointer to a copy of *p, nil for nil: a defaulted copy
// must not share what the caller may change.
func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// ptrTo is a pointer to a new copy of v, for the optional fields whose nil
// means "not set".
func ptrTo[T any](v T) *T { return &v }

// deref is *p, or the zero value for nil: the reading of an optional field
// in a model that may not be defaulted yet.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
