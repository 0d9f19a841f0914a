package simulator

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
	// DefaultReplications gives a 95 % interval with 4 degrees of freedom
	// (t = 2.78), a fair trade between run time and interval width.
	DefaultReplications = 5
	// DefaultDurationS is the simulated time of arrivals.
	DefaultDurationS = 60.0
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

// ApplyDefaults fills in the model's unset optional values, in place:
//
//   - regions[].concurrency 0 becomes DefaultConcurrency (1);
//   - regions[].service_time_distribution "" becomes
//     DefaultServiceTimeDistribution ("exponential");
//   - regions[].service_time_p99_over_p50 0 becomes
//     DefaultLognormalP99OverP50 (3) for a lognormal region only (the other
//     shapes ignore it, so it stays unset there);
//   - workload.origins[].name "" becomes the origin's location;
//   - network.jitter_sigma nil becomes DefaultJitterSigma (0.2); an explicit
//     0 stays 0 (deterministic delays);
//   - run.duration_s 0 becomes DefaultDurationS (60 s);
//   - run.replications 0 becomes DefaultReplications (5);
//   - run.max_simulated_requests 0 becomes DefaultMaxSimulatedRequests;
//   - workload.keys 0 becomes DefaultKeys (100 000) and workload.zipf_s nil
//     DefaultZipfS (0.99); an explicit 0 stays 0 (uniform keys);
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
//   - cache_tiers[].eviction "" becomes DefaultCacheEviction ("lru"),
//     write_policy "" DefaultCacheWritePolicy ("invalidate"),
//     hit_latency_ms 0 DefaultCacheHitLatencyMs (0.5 ms), replica_set ""
//     the first declared replica set; ttl_s 0 stays 0 (no expiry);
//   - routing_policy: strategy "" becomes "latency", health_check
//     interval_s 0 DefaultHealthIntervalS (10 s), failure_threshold 0
//     DefaultFailureThreshold (3), timeout_ms 0 DefaultHealthTimeoutMs (2 s,
//     at most the interval); retry.max_attempts 0 becomes 1,
//     backoff_base_ms 0 50 ms, backoff_max_ms 0 2 s; circuit_breaker
//     failure_threshold 0 becomes 5, open_s 0 30 s; dns_ttl_s and
//     request_timeout_ms 0 stay 0 (no caching, no timeout).
//
// Values left as they are: run.warmup_s 0 (no warm-up), run.seed 0 (a valid
// seed), run.parallelism 0 (GOMAXPROCS at run time, which never changes the
// results), regions[].queue_limit 0 (unbounded) and workload read_ratio 0.
// Invalid values (negative counts, unknown names) are not corrected: Check
// reports them. Slices are modified in place, so a caller that must keep its
// model intact passes a copy (Check and Run copy before defaulting).
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
	}
	for i := range m.Workload.Origins {
		o := &m.Workload.Origins[i]
		if o.Name == "" {
			o.Name = o.Location
		}
	}
	if m.Network.JitterSigma == nil {
		sigma := DefaultJitterSigma
		m.Network.JitterSigma = &sigma
	}
	if m.Run.DurationS == 0 {
		m.Run.DurationS = DefaultDurationS
	}
	if m.Run.Replications == 0 {
		m.Run.Replications = DefaultReplications
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
}

// withDefaults returns a defaulted deep copy of m, leaving m and everything
// it points to untouched.
func withDefaults(m Model) Model {
	c := m
	c.Regions = append([]Region(nil), m.Regions...)
	c.Workload.Origins = append([]Origin(nil), m.Workload.Origins...)
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
	}
	if rp := m.RoutingPolicy; rp != nil {
		cp := *rp
		cp.GeoRoutes = append([]GeoRoute(nil), rp.GeoRoutes...)
		cp.Weights = append([]RegionWeight(nil), rp.Weights...)
		cp.Failover = append([]string(nil), rp.Failover...)
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

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
