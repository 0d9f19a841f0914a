package simulator

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// This file holds the rules themselves (the kinds and lookups are in
// rules.go): one entry per field, with the fixes both front-ends show.

// atLeast, greaterThan and within build the bounds of the table; Max and
// Limit start at +Inf, none.
func atLeast(lo float64, fix string) Bound {
	return Bound{Min: lo, Max: math.Inf(1), Limit: math.Inf(1), Fix: fix}
}

func greaterThan(lo float64, fix string) Bound {
	b := atLeast(lo, fix)
	b.MinExclusive = true
	return b
}

// precisionBound is run.precision's rule: a relative half-width above 0
// and at most 1 (an interval as wide as the target itself decides nothing).
func precisionBound() Bound {
	b := greaterThan(0, "Write the precision as a fraction of each target, for example 0.05 for intervals within 5% of it.")
	b.Max = 1
	return b
}

func within(lo, hi float64, fix string) Bound {
	b := atLeast(lo, fix)
	b.Max = hi
	return b
}

// whole makes a bound integer.
func (b Bound) whole() Bound {
	b.Integer = true
	return b
}

// jurisdictionPattern is the shape of a jurisdiction as the location
// catalog spells it: "EU" for the European Union, otherwise a two-letter
// country code ("US", "JP"; "UK" for the United Kingdom), so that
// sovereignty rules compare like with like.
var jurisdictionPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// The shapes of names and jurisdictions. A declared name (a region's) and
// a reference to one (a replica set's regions) have the same form and
// different fixes.
func declaredName(fix string) Shape {
	return Shape{Pattern: namePattern, Says: "must be " + nameShape, Fix: fix, Suggest: suggestName}
}

func nameReference(what string) Shape {
	return declaredName(fmt.Sprintf("Name the %s as it is declared: lowercase letters, digits and dashes.", what))
}

func jurisdiction(fix string) Shape {
	return Shape{Pattern: jurisdictionPattern, Says: "must be two uppercase letters", Fix: fix}
}

// location is the shape of a location: what geo.Parse accepts. Its error
// begins with `location "X"`, which the field's path says already.
func location() Shape {
	return Shape{
		Explain: func(s string) string {
			if _, err := geo.Parse(s); err != nil {
				return strings.TrimPrefix(err.Error(), "location ")
			}
			return ""
		},
		Says: `must be a catalog code ("aws:us-east-1", "gcp:europe-west1", "azure:westeurope") or "geo:LAT,LON"`,
		Fix:  `Write a catalog code such as "aws:us-east-1", "gcp:europe-west1" or "azure:westeurope", or coordinates as "geo:LAT,LON".`,
	}
}

// locationForm is the form of a location, "provider:code" or
// "geo:LAT,LON", without checking that it is one the catalog knows: an
// origin without a name is labelled by its location, and a reference to
// it that names no declared origin is told which ones are.
var locationForm = regexp.MustCompile(`^[a-z]+:\S+$`)

// originLabel is the shape of a reference to an origin by its label
// (Origin.Label): a name of the declared names' form, or a location.
func originLabel() Shape {
	says := "must be an origin's name or, for an origin without one, its location"
	return Shape{
		Explain: func(s string) string {
			if namePattern.MatchString(s) || locationForm.MatchString(s) {
				return ""
			}
			return fmt.Sprintf("%s (a name is %s), got %q", says, nameShape, s)
		},
		Says: says,
		Fix: "Name the origin as workload.origins labels it: by its name, or by its location " +
			`("aws:ap-southeast-2") when it has none.`,
	}
}

// maxCacheTTLS bounds a cache tier's ttl_s at a year: longer is no
// expiry, which 0 says.
const maxCacheTTLS = 365 * 24 * 3600

// ruleTable holds every rule, by path. The fixes are written for both
// front-ends: they name the fields as both spell them and say what to
// write, with Terraform syntax where an example needs one.
var ruleTable = map[string]Rule{
	// Regions.
	"regions": List{NotEmpty: true, EmptyFix: "Add at least one region, for example regions = [topology_region.use1]."},
	"regions[].name": declaredName(
		"Region names are keys of routing and reports: use lowercase letters, digits and dashes only."),
	"regions[].location": location(),
	"regions[].jurisdiction": jurisdiction(`Write "EU" for the European Union, otherwise a country code such as ` +
		`"US", "UK" or "JP", or omit it for the location catalog's jurisdiction.`),
	"regions[].instances": atLeast(1, "Set it to the number of instances serving in the region; to model a region "+
		"that is down, add a region_outage fault to a simulation scenario instead.").whole().
		Supporting(MaxInstances, fmt.Sprintf("Model a region of more than %d instances as several regions, or raise "+
			"concurrency per instance instead.", MaxInstances)),
	"regions[].concurrency": atLeast(1, "Set it to the number of requests one instance serves at once, or omit it for 1.").whole().
		Supporting(MaxConcurrency, fmt.Sprintf("Lower concurrency to %d or less; add instances instead.", MaxConcurrency)),
	"regions[].service_time_ms": greaterThan(0, "Set it to the mean time one request takes to serve, in "+
		"milliseconds (for example 20).").
		Supporting(MaxServiceTimeMs, "A mean service time of more than about 2.8 hours is outside what this "+
			"simulator models; check the unit (milliseconds)."),
	"regions[].service_time_distribution": Choice{
		Values: []string{DistExponential, DistLognormal, DistDeterministic},
		Fix: "Pick exponential (the M/M/c textbook case), lognormal (right-skewed, closest to real services) or " +
			"deterministic (every request takes exactly service_time_ms); omit it for exponential.",
		Bracketed: true,
	},
	"regions[].service_time_p99_over_p50": greaterThan(1, "A 99th percentile cannot be below the median: set a "+
		"ratio above 1 (3 is typical of a web service), or use service_time_distribution = \"deterministic\" for a "+
		"constant service time.").
		Supporting(MaxLognormalP99OverP50, fmt.Sprintf("With a p99 more than %d times the median, the mean is "+
			"dominated by extremely rare requests and replications do not converge; use a ratio of %d or less.",
			MaxLognormalP99OverP50, MaxLognormalP99OverP50)),
	"regions[].queue_limit": atLeast(0, "Set the number of requests that may wait for a free server, or omit it "+
		"for an unbounded queue.").whole().
		Supporting(MaxQueueLimit, fmt.Sprintf("A queue that long cannot be simulated within memory when it fills; "+
			"use %d or less, or 0 for unbounded (then the region must not be overloaded).", MaxQueueLimit)),

	// Workload.
	"workload.origins": List{NotEmpty: true,
		EmptyFix: `Add at least one origin, for example origins = [{ location = "aws:us-east-1", rps = 1000 }].`},
	"workload.origins[].name": declaredName("Origin names label the results and name the origin in faults and " +
		"geo routes: use lowercase letters, digits and dashes only, or omit name to label the origin by its location."),
	"workload.origins[].location": location(),
	"workload.origins[].rps": greaterThan(0,
		"Set the mean number of requests per second the origin sends, or remove the origin."),
	"workload.origins[].read_ratio": within(0, 1,
		"Set the fraction of requests that are reads, for example 0.9 for 90% reads."),
	"workload.origins[].replica_set": nameReference("replica set"),
	"workload.origins[].sessions": atLeast(1, "Set how many client sessions the origin's requests are spread over, "+
		"for example 100, or omit it for the default.").whole().
		Supporting(MaxSessions, fmt.Sprintf("Every session keeps its last %d writes (%d bytes); model at most %d "+
			"sessions per origin (a session's share of the writes is then already below one in a million).",
			engine.SessionRing, engine.SessionBytes(1), MaxSessions)),
	"workload.origins[].allowed_jurisdictions": List{NotEmpty: true,
		EmptyFix: `List the jurisdictions the origin's data may go to, for example allowed_jurisdictions = ["EU"], ` +
			"or remove allowed_jurisdictions for no constraint.",
		Unique: "jurisdiction", UniqueFix: "Remove the repeated jurisdiction."},
	"workload.origins[].allowed_jurisdictions[]": jurisdiction(`Write "EU" for the European Union, otherwise a ` +
		`country code such as "US", "UK" or "JP".`),
	"workload.keys": atLeast(1, "Set the number of distinct keys the requests touch, for example keys = 100000.").whole().
		Supporting(MaxKeys, fmt.Sprintf("Every replica keeps one version per key; beyond %d keys a key's share "+
			"of a Zipf workload is too small to matter, so model at most %d.", MaxKeys, MaxKeys)),
	"workload.zipf_s": atLeast(0, "Set 0 for uniform key popularity or about 0.99 for a web-like skew.").
		Supporting(MaxZipfS, fmt.Sprintf("At zipf_s %d the first key already takes 99.9%% of the requests, so a "+
			"larger exponent changes nothing; use %d or less.", MaxZipfS, MaxZipfS)),

	// Network.
	"network.jitter_sigma": within(0, MaxJitterSigma, "Set 0 for constant delays or a small spread such as 0.2; "+
		"measured networks stay well below the maximum."),

	// SLA.
	"sla.latency_p50_ms":         latencyTarget,
	"sla.latency_p95_ms":         latencyTarget,
	"sla.latency_p99_ms":         latencyTarget,
	"sla.latency_p999_ms":        latencyTarget,
	"sla.read_latency_p99_ms":    latencyTarget,
	"sla.write_latency_p99_ms":   latencyTarget,
	"sla.availability":           availabilityTarget,
	"sla.replication_lag_p99_ms": greaterThan(0, "Set the lag target in milliseconds, for example 500."),
	"sla.rpo_ms":                 atLeast(0, "Set the longest window of lost writes you accept in milliseconds, or 0 for none."),
	"sla.stale_read_ratio":       within(0, 1, "Write the ratio as a fraction, for example 0.01 for 1% of reads."),
	"sla.conflict_ratio":         within(0, 1, "Write the ratio as a fraction, for example 0.001 for 0.1% of writes."),
	"sla.rto_s":                  atLeast(0, "Set the longest recovery you accept in seconds, for example 60."),
	// Per-origin targets: the global ones' rules, on one origin's requests.
	"sla.origins[].origin":          originLabel(),
	"sla.origins[].latency_p50_ms":  latencyTarget,
	"sla.origins[].latency_p95_ms":  latencyTarget,
	"sla.origins[].latency_p99_ms":  latencyTarget,
	"sla.origins[].latency_p999_ms": latencyTarget,
	"sla.origins[].availability":    availabilityTarget,

	// Operations (operations.go): an origin's mix of named operations.
	"workload.origins[].operations": List{NotEmpty: true,
		EmptyFix: `Add the origin's operations, for example operations = [{ name = "browse", share = 1, kind = "read" }], ` +
			"or remove operations to keep one mix of read_ratio over replica_set."},
	"workload.origins[].operations[].name": declaredName("Operation names label the results and clauses: use " +
		"lowercase letters, digits and dashes only."),
	"workload.origins[].operations[].share": Bound{Min: 0, MinExclusive: true, Max: 1, Limit: math.Inf(1),
		Fix: "Set the fraction of the origin's requests that are this operation, for example 0.1 for 10%; " +
			"the shares of an origin sum to 1."},
	"workload.origins[].operations[].replica_set": nameReference("replica set"),
	"workload.origins[].operations[].kind": Choice{
		Values: []string{OperationRead, OperationWrite},
		Fix:    "Pick read for an operation that reads the replica set, write for one that writes it.",
	},
	"workload.origins[].operations[].read_consistency": Choice{
		Values: []string{ReadStrong, ReadBoundedStaleness, ReadEventual, ReadYourWrites},
		Fix: "Pick strong to read from the leader, bounded_staleness to read locally within staleness_bound_ms, " +
			"eventual to always read locally, or read_your_writes to read locally unless the session's own write " +
			"is not applied there yet; omit it for the replica set's read_consistency.",
	},
	"workload.origins[].operations[].staleness_bound_ms": greaterThan(0, "Set the largest lag in milliseconds "+
		"at which a local replica may still serve this read, for example 500, or omit it for the replica set's bound.").
		Supporting(MaxFailoverMs, hourLimitFix),
	"workload.origins[].operations[].latency_p50_ms":        latencyTarget,
	"workload.origins[].operations[].latency_p95_ms":        latencyTarget,
	"workload.origins[].operations[].latency_p99_ms":        latencyTarget,
	"workload.origins[].operations[].latency_p999_ms":       latencyTarget,
	"workload.origins[].operations[].availability":          availabilityTarget,
	"workload.origins[].operations[].stale_read_ratio":      within(0, 1, "Write the ratio as a fraction, for example 0.01 for 1% of reads."),
	"workload.origins[].operations[].duplicate_write_ratio": within(0, 1, "Write the ratio as a fraction, for example 0 for no duplicate write, or 0.001 for 0.1% of writes."),
	"sla.duplicate_write_ratio": within(0, 1, "Write the ratio as a fraction, for example 0 for no duplicate write, "+
		"or 0.001 for 0.1% of writes."),

	// Run settings.
	"run.duration_s": greaterThan(0, "Set the simulated time in seconds, for example 120.").
		Supporting(MaxDurationS, "Arrivals are stationary, so a longer window adds nothing more replications "+
			"would not; shorten duration_s."),
	"run.warmup_s": atLeast(0, "Set 0 to measure from the start, or the seconds to discard."),
	"run.replications": within(2, MaxReplications, "A confidence interval needs at least 2 replications; 5 to 10 "+
		"is usual, more only to settle a marginal clause.").whole(),
	"run.max_replications": within(RoundReplications, MaxReplications, "Set the most replications an adaptive run may take "+
		"per scenario, for example 20; more only settles a clause that sits on its target.").whole(),
	"run.precision": precisionBound(),
	"run.seed":      atLeast(0, "Set any non-negative integer, or omit it for the provider's default_seed.").whole(),

	// Replica sets.
	"replica_sets[].name": declaredName("Use lowercase letters, digits and dashes only."),
	"replica_sets[].regions": List{NotEmpty: true,
		EmptyFix: `Add the regions holding a replica, for example regions = ["us-east-1", "eu-west-1"].`,
		Unique:   "region", UniqueFix: "Remove the repeated region: a region holds at most one replica of a replica set."},
	"replica_sets[].regions[]": nameReference("region"),
	"replica_sets[].leader":    nameReference("region"),
	"replica_sets[].replication": Choice{
		Values: []string{ReplicationSyncQuorum, ReplicationAsyncPrimary, ReplicationMultiLeader},
		Fix: "Pick sync_quorum for writes that survive a region loss (Raft/Paxos), async_primary for one leader " +
			"with asynchronous followers, or multi_leader for local writes in every region.",
	},
	"replica_sets[].read_consistency": Choice{
		Values: []string{ReadStrong, ReadBoundedStaleness, ReadEventual, ReadYourWrites},
		Fix: "Pick strong to read from the leader, bounded_staleness to read locally within staleness_bound_ms, " +
			"eventual to always read locally, or read_your_writes to read locally except a session's own recent " +
			"writes; omit it for strong.",
	},
	"replica_sets[].conflict_resolution": Choice{
		Values: []string{ConflictLWW, ConflictCRDT},
		Fix:    "Pick lww (last writer wins, the other writes are lost) or crdt (merged); omit it for lww.",
	},
	"replica_sets[].split_brain_resolution": Choice{
		Values: []string{SplitBrainDiscard, SplitBrainMerge},
		Fix: "Pick discard (the deposed leader's split-brain writes are lost at the heal) or merge (they are merged " +
			"into the new leader's history); omit it for discard.",
	},
	"replica_sets[].quorum": atLeast(1,
		"A write needs at least the leader's copy: set a quorum of 1 or more, or omit it for a majority.").whole(),
	"replica_sets[].staleness_bound_ms": greaterThan(0, "Set the largest lag in milliseconds at which a local "+
		"replica may still serve reads, for example 500, or use read_consistency = \"eventual\" to serve every read locally.").
		Supporting(MaxFailoverMs, hourLimitFix),
	"replica_sets[].apply_time_ms": greaterThan(0,
		"Set the mean time in milliseconds a replica takes to apply one write, for example 1.").
		Supporting(MaxServiceTimeMs, "An apply time of more than about 2.8 hours is outside what this simulator "+
			"models; check the unit (milliseconds)."),
	"replica_sets[].election_timeout_ms": greaterThan(0, "Set how long followers wait for a lost leader before "+
		"electing a new one, in milliseconds, for example 1000.").
		Supporting(MaxFailoverMs, hourLimitFix),
	"replica_sets[].promotion_delay_ms": greaterThan(0, "Set how long a failover takes to promote a follower, in "+
		"milliseconds, for example 30000; for a near-instant promotion, a small value such as 1.").
		Supporting(MaxFailoverMs, hourLimitFix),

	// Cache tiers.
	"cache_tiers[].name":        declaredName("Use lowercase letters, digits and dashes only."),
	"cache_tiers[].replica_set": nameReference("replica set"),
	"cache_tiers[].regions": List{NotEmpty: true,
		EmptyFix: `Add the regions that run a cache of this tier, for example regions = ["us-east-1", "eu-west-1"].`,
		Unique:   "region", UniqueFix: "Remove the repeated region: a region runs at most one cache of a tier."},
	"cache_tiers[].regions[]": nameReference("region"),
	"cache_tiers[].capacity_keys": atLeast(1, "Set how many keys one region's cache holds, for example "+
		"capacity_keys = 10000; to simulate without the cache, remove the tier.").whole(),
	"cache_tiers[].ttl_s": within(0, maxCacheTTLS, "Set how long an entry may be served after it was filled, in "+
		"seconds, for example ttl_s = 60, or 0 for no expiry.").
		Supporting(MaxDurationS, "An entry that outlives the longest run never expires within it; set 0 for no expiry."),
	"cache_tiers[].eviction": Choice{
		Values: []string{EvictLRU, EvictLFU},
		Fix:    "Pick lru to drop the least recently used entry or lfu the least frequently used; omit it for lru.",
	},
	"cache_tiers[].hit_latency_ms": greaterThan(0, fmt.Sprintf("Set the time to serve a cache hit in "+
		"milliseconds, for example 0.5, or omit it for %g.", DefaultCacheHitLatencyMs)).
		Supporting(MaxCacheHitLatencyMs, "A cache slower than that is a data store, better modelled as a replica set."),
	"cache_tiers[].write_policy": Choice{
		Values: []string{WriteThrough, Invalidate, TTLOnly},
		Fix: "Pick invalidate to remove written keys from every region's cache (fewest stale reads), " +
			"write_through to update the writing region's cache, or ttl_only to let entries expire; omit it for invalidate.",
	},

	// Routing policy.
	"routing_policy.name": declaredName("Use lowercase letters, digits and dashes only."),
	"routing_policy.strategy": Choice{
		Values: []string{StrategyLatency, StrategyGeo, StrategyWeighted, StrategyFailover},
		Fix: "Pick latency for the nearest healthy region, geo to pin origins to regions (geo_routes), weighted " +
			"to split traffic (weights), or failover for a primary and ordered secondaries (failover); omit it for latency.",
	},
	"routing_policy.geo_routes[].region": nameReference("region"),
	"routing_policy.weights[].region":    nameReference("region"),
	"routing_policy.weights[].weight": atLeast(0, "Set each region's share of the traffic as a weight of 0 or "+
		"more, for example 3 and 1 for a 75/25 split; 0 sends the region nothing."),
	"routing_policy.failover": List{NotEmpty: true,
		EmptyFix: `List the regions in order of preference, the primary first, for example failover = ["eu-west-1", "us-east-1"].`,
		Unique:   "region", UniqueFix: "Remove the repeated region: each region has one place in the order of preference."},
	"routing_policy.failover[]": nameReference("region"),
	"routing_policy.health_check.interval_s": greaterThan(0, fmt.Sprintf("Set the seconds between two probes of "+
		"a region, for example 5, or omit it for %g.", DefaultHealthIntervalS)).
		Supporting(MaxDurationS, "Probes further apart than the longest run never run; probe more often."),
	"routing_policy.health_check.failure_threshold": atLeast(1, fmt.Sprintf("Set how many consecutive failed "+
		"probes mark a region down, for example 2, or omit it for %d.", DefaultFailureThreshold)).whole().
		Supporting(MaxThreshold, thresholdLimitFix),
	"routing_policy.health_check.timeout_ms": greaterThan(0,
		"Set how long a probe may take in milliseconds, for example 1000, or omit it for the default."),
	"routing_policy.health_check.max_replication_lag_ms": greaterThan(0, "Set the largest replication lag in "+
		"milliseconds at which a replica still serves its set's reads, for example 1000, or omit it to ignore lag.").
		Supporting(MaxFailoverMs, hourLimitFix),
	"routing_policy.health_check.max_queue_backlog": atLeast(1, "Set the most requests a region's queue may hold "+
		"waiting and stay healthy, for example 100, or omit it to ignore queue backlogs.").whole(),
	"routing_policy.dns_ttl_s": atLeast(0, fmt.Sprintf("Set how long clients cache a routing answer in seconds, "+
		"for example 30, 0 for no caching, or omit it for %g.", DefaultDNSTTLS)).
		Supporting(MaxDurationS, "An answer cached for longer than the longest run never expires within it; lower dns_ttl_s."),
	"routing_policy.request_timeout_ms": greaterThan(0, "Set how long a client waits for one attempt in "+
		"milliseconds, for example 1000, or remove request_timeout_ms for no timeout.").
		Supporting(MaxTimeoutMs, hourLimitFix),
	"routing_policy.retry.max_attempts": within(1, MaxAttemptsBound, "Set the attempts per request, the first "+
		"included: 1 for no retry, 3 for up to two retries.").whole(),
	"routing_policy.retry.backoff_base_ms": greaterThan(0, fmt.Sprintf("Set the cap of the first retry's wait in "+
		"milliseconds, for example 50 (the default), or a small value such as 1 for retries with almost no wait; "+
		"omit it for %g.", DefaultBackoffBaseMs)).
		Supporting(MaxTimeoutMs, hourLimitFix),
	"routing_policy.retry.backoff_max_ms": greaterThan(0, fmt.Sprintf("Set the largest cap of a retry's wait in "+
		"milliseconds, at least backoff_base_ms, or omit it for %g.", DefaultBackoffMaxMs)).
		Supporting(MaxTimeoutMs, hourLimitFix),
	"routing_policy.circuit_breaker.failure_threshold": atLeast(1, fmt.Sprintf("Set how many consecutive failed "+
		"attempts open the breaker, for example 5, or omit it for %d.", DefaultBreakerThreshold)).whole().
		Supporting(MaxThreshold, thresholdLimitFix),
	"routing_policy.circuit_breaker.open_s": greaterThan(0, fmt.Sprintf("Set how long an open breaker stays open "+
		"in seconds, for example 10, or omit it for %g.", DefaultBreakerOpenS)).
		Supporting(MaxDurationS, "A breaker open for longer than the longest run never lets a trial through; lower open_s."),

	// Scenarios and their faults.
	"scenarios[].name": declaredName("Scenario names label the report: use lowercase letters, digits and dashes only."),
	"scenarios[].faults": List{NotEmpty: true, EmptyFix: `Add a fault, for example { type = "region_outage", ` +
		`region = "us-east-1", at_s = 60, duration_s = 120 }.`},
	// scenarios[].faults[].type is added by init, from the fault registry.
	"scenarios[].faults[].region":   nameReference("region"),
	"scenarios[].faults[].region_b": nameReference("region"),
	"scenarios[].faults[].tier":     nameReference("cache tier"),
	"scenarios[].faults[].fraction": Bound{Min: 0, MinExclusive: true, Max: 1, Limit: math.Inf(1),
		Fix: "Set the share of the region's servers lost, for example 0.5 for half of them, or 1 for all of them."},
	// The multiplier's upper limit depends on the fault type: each row
	// of the fault registry sets its own (Supporting).
	"scenarios[].faults[].multiplier": greaterThan(1, "A surge multiplies the origin's rate, and a slowdown the "+
		"region's service times: set a multiplier above 1, for example 3 for three times the traffic or the service time."),
	"scenarios[].faults[].extra_ms": greaterThan(0,
		"Set the round-trip time the spike adds in milliseconds, for example 200.").
		Supporting(MaxTimeoutMs, "An hour more round trip is a partition for every practical purpose; use type = \"partition\"."),
	"scenarios[].faults[].at_s": atLeast(0,
		"Set the start of the fault in seconds, for example 60; put it after warmup_s so that it is measured."),
	"scenarios[].faults[].duration_s": atLeast(0,
		"Set the fault's duration in seconds, or omit it for a fault that lasts until the end of the run."),

	// Cost (model_cost.go): prices, sizes, storage and the cost target.
	"regions[].prices.instance_hour": atLeast(0, "Set the price of one instance for one hour in your cost unit, "+
		"for example 0.192, or 0 if instances are free."),
	"regions[].prices.transfer_out_gb": atLeast(0, "Set the price of one GB (2^30 bytes) sent from this region to "+
		"another region, for example 0.02, or 0 if it is free."),
	"regions[].prices.internet_egress_gb": atLeast(0, "Set the price of one GB (2^30 bytes) sent from this region "+
		"to clients, for example 0.09, or 0 if it is free."),
	"regions[].prices.storage_gb_month": atLeast(0, "Set the price of one GB (2^30 bytes) stored for one month, "+
		"per replica, for example 0.10, or 0 if it is free."),
	"regions[].prices.currency": Shape{Pattern: currencyPattern, Says: "must be 1 to 16 letters, digits, dashes or underscores",
		Fix: `Label the cost unit with a short code such as "USD", "EUR" or "credits", or omit currency.`},
	"workload.origins[].request_bytes":               messageBytes("request"),
	"workload.origins[].response_bytes":              messageBytes("response"),
	"workload.origins[].operations[].request_bytes":  messageBytes("request"),
	"workload.origins[].operations[].response_bytes": messageBytes("response"),
	"replica_sets[].record_bytes": atLeast(0, "Set the bytes one write sends to each other replica, for example "+
		"1024, or omit record_bytes to count the write's request_bytes.").whole().
		Supporting(MaxMessageBytes, fmt.Sprintf("Model records of at most %d bytes (1 GB).", MaxMessageBytes)),
	"replica_sets[].storage_gb": atLeast(0, "Set the data one replica stores in GB (2^30 bytes), for example 50, "+
		"or omit storage_gb to price no storage.").Supporting(1e9, "A replica of more than an exabyte is outside "+
		"what the storage cost models; check the unit (GB)."),
	"sla.max_cost_per_hour": atLeast(0, "Set the most the topology may cost per hour in the prices' cost unit, "+
		"for example 25, or remove max_cost_per_hour."),

	// Autoscaling (model_autoscaling.go); the rules between fields are in
	// check_autoscaling.go.
	"regions[].autoscaling.min_instances": atLeast(1, "Set the fewest instances the autoscaler keeps, at least 1; "+
		"to model a region that is down, add a region_outage fault instead.").whole().
		Supporting(MaxInstances, fmt.Sprintf("Model a region of more than %d instances as several regions.", MaxInstances)),
	"regions[].autoscaling.max_instances": atLeast(1, "Set the most instances the autoscaler may provision, at "+
		"least min_instances.").whole().
		Supporting(MaxInstances, fmt.Sprintf("Model a region of more than %d instances as several regions, or raise "+
			"concurrency per instance instead.", MaxInstances)),
	"regions[].autoscaling.signal": Choice{
		Values: []string{string(SignalUtilization), string(SignalBacklogPerInstance), string(SignalRPSPerInstance)},
		Fix: "Pick utilization (busy servers over servers, AWS's average CPU), backlog_per_instance (requests " +
			"waiting per instance) or rps_per_instance (requests per second per instance, AWS's request count per " +
			"target); omit it for utilization.",
	},
	"regions[].autoscaling.target": greaterThan(0, "Set the signal's target value: a fraction in (0, 1] for "+
		"utilization (for example 0.6), requests per instance for the others."),
	"regions[].autoscaling.evaluation_interval_s": greaterThan(0, "Set the seconds between two evaluations, for "+
		"example 60 (AWS target tracking) or 15 (the Kubernetes HPA), or omit it for 60.").
		Supporting(MaxDurationS, "An interval longer than the longest run evaluates nothing; check the unit (seconds)."),
	"regions[].autoscaling.scale_out_cooldown_s": atLeast(0, "Set the seconds after a scale out before the next "+
		"one, for example 60, or 0 for none."),
	"regions[].autoscaling.scale_in_cooldown_s": atLeast(0, "Set the seconds after any scaling before a scale in, "+
		"for example 300, or 0 for none."),
	"regions[].autoscaling.scale_in_stabilization_s": atLeast(0, "Set the seconds of recommendations a scale in "+
		"looks back over, taking the highest (the Kubernetes HPA's scale-down stabilization window, 300 by "+
		"default there), or 0 for the current recommendation alone.").
		Supporting(MaxDurationS, "A window longer than the longest run never lets a recommendation expire; check the unit (seconds)."),
	"regions[].autoscaling.warmup_s": atLeast(0, "Set the seconds from the decision until an added instance "+
		"serves (boot and readiness), for example 180, or 0 to serve at once."),
	"regions[].autoscaling.tolerance": within(0, MaxAutoscalingTolerance, fmt.Sprintf("Set the dead band around "+
		"the target as a fraction of it, for example 0.1 (the Kubernetes HPA's default) for no scaling while the "+
		"signal is within 10%% of the target; at most %g, since a wider band no longer tracks the target.",
		MaxAutoscalingTolerance)),
}

// currencyPattern is the shape of a cost unit's label.
var currencyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)

// messageBytes is the rule of a request's or response's size.
func messageBytes(what string) Bound {
	return atLeast(0, fmt.Sprintf("Set the bytes of one %s, for example 2048, or omit it for 0.", what)).whole().
		Supporting(MaxMessageBytes, fmt.Sprintf("Model a %s of at most %d bytes (1 GB); split larger transfers "+
			"into several operations.", what, MaxMessageBytes))
}

// Rules and fixes shared by several fields of the table.
var (
	latencyTarget      = greaterThan(0, "Set the latency target in milliseconds, or omit it to leave that quantile unchecked.")
	availabilityTarget = Bound{Min: 0, MinExclusive: true, Max: 1, Limit: math.Inf(1),
		Fix: "Write availability as a fraction, for example 0.999 for 99.9%."}
)

const (
	hourLimitFix      = "Durations beyond an hour are outside what this simulator models; check the unit (milliseconds)."
	thresholdLimitFix = "A threshold that high is never reached within a run; lower it."
)

// init adds the rule of a fault's type, whose choices are the fault
// registry's types: in a variable's initializer it would close a cycle,
// since the registry's checks read the table.
func init() {
	ruleTable["scenarios[].faults[].type"] = Choice{
		Values: faultTypeNames(),
		Fix: "Set type = \"region_outage\", \"capacity_loss\" or \"service_slowdown\" with the region it hits, " +
			"\"traffic_surge\" with the origin, \"latency_spike\" or \"partition\" with the origin and region, or " +
			"\"cache_flush\" with the tier it empties, or \"apply_slowdown\" with the region whose replicas it slows.",
	}
}

// faultTypeNames are the registry's fault types, sorted, as the type's
// Choice lists them.
func faultTypeNames() []string {
	names := make([]string, len(faultRegistry))
	for i, r := range faultRegistry {
		names[i] = r.Name
	}
	slices.Sort(names)
	return names
}
