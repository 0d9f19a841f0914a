package simulator

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// This file is the rule table: every rule on one field's value alone (a
// number's bounds, a string's choices or shape, a list that must not be
// empty or must not repeat a value), declared once and keyed by the
// field's path in the model's JSON, with [] for a list index
// ("regions[].instances", "scenarios[].faults[].multiplier"). Each rule
// holds the text that says what is wrong and how to fix it, and both
// front-ends say it: Check reports a violation as a Finding whose Summary
// is "<model path> <what>" and whose Detail is the fix, and the provider's
// attribute validators (internal/mapping) say "<attribute path> <what>.
// <fix>". So a value is refused with the same words whether the model
// comes from a model file or from a Terraform configuration, and a rule
// changes in one place. Rules that read several fields (a leader among the
// regions, a timeout within the interval) are Check's own.

// Rule is one field's rule: a Bound, a Choice, a Shape or a List.
type Rule interface {
	// Requirement says what a valid value is, without the value: "must be
	// at least 1". Front-ends use it to describe their validators.
	Requirement() string
}

// Bound is the rule of a number: a lower bound, an optional upper bound
// and, for what this simulator cannot simulate beyond, a Limit.
type Bound struct {
	// Integer says the field holds whole numbers: they are written as
	// integers, and a fraction is refused.
	Integer bool
	// Min is the lower bound; MinExclusive makes it strict ("greater
	// than").
	Min          float64
	MinExclusive bool
	// Max is the upper bound, +Inf when there is none.
	Max float64
	// Fix tells how to set a value within Min and Max.
	Fix string
	// Limit is the largest value the simulator supports, below Max (+Inf
	// when there is none): what a simulation can do in seconds and what
	// float64 time represents, not what the field means. Check refuses a
	// larger value with LimitFix; the provider's resources accept it (a
	// region of two million instances is a valid description, only
	// simulating it is out of reach), and a simulation of it reports
	// Check's finding.
	Limit    float64
	LimitFix string
}

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

// Supporting returns the bound with the simulator's Limit and its fix; a
// fault type whose field has a limit of its own (the multiplier of a
// traffic_surge or a service_slowdown) sets it on the shared rule.
func (b Bound) Supporting(limit float64, fix string) Bound {
	b.Limit, b.LimitFix = limit, fix
	return b
}

// format writes a number as the provider's validators always have: %d for
// an integer field, %g otherwise (so 3.1536e+07, and NaN or +Inf spelled
// out).
func (b Bound) format(v float64) string {
	if b.Integer && v == math.Trunc(v) && !math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprintf("%g", v)
}

// Requirement says what the value must be, in the words of the
// provider's validators: "must be at least 1", "must be between 2 and
// 100" (an integer with both bounds), "must be greater than 0 and at most
// 1" (a number with both bounds).
func (b Bound) Requirement() string {
	upper := !math.IsInf(b.Max, 1)
	if b.Integer && upper && !b.MinExclusive {
		return fmt.Sprintf("must be between %s and %s", b.format(b.Min), b.format(b.Max))
	}
	lower := "at least " + b.format(b.Min)
	if b.MinExclusive {
		lower = "greater than " + b.format(b.Min)
	}
	if !upper {
		return "must be " + lower
	}
	return fmt.Sprintf("must be %s and at most %s", lower, b.format(b.Max))
}

// Violation says how v breaks the bound, as in "must be at least 1, got
// 0"; bad is false when v is within it. An infinity or NaN is never
// within a bound: a field that means a count, a time or a ratio has no
// such value. Fix tells how to correct it. Limit is not part of it (see
// Unsupported).
func (b Bound) Violation(v float64) (what string, bad bool) {
	// Written so that NaN, for which every comparison is false, is bad.
	above := v > b.Min || (!b.MinExclusive && v == b.Min)
	if above && v <= b.Max && !math.IsInf(v, 0) {
		if b.Integer && v != math.Trunc(v) {
			return "must be a whole number, got " + b.format(v), true
		}
		return "", false
	}
	return b.Requirement() + ", got " + b.format(v), true
}

// Unsupported says that v, within the bound, is above the simulator's
// Limit, as in "must be at most 1000000, got 2000000"; LimitFix tells
// what to do instead.
func (b Bound) Unsupported(v float64) (what string, bad bool) {
	if v > b.Limit {
		return fmt.Sprintf("must be at most %s, got %s", b.format(b.Limit), b.format(v)), true
	}
	return "", false
}

// Choice is the rule of a string that names one of a few values.
type Choice struct {
	// Values are the choices, in the order messages list them.
	Values []string
	// Fix says what each value means or which to pick.
	Fix string
	// Bracketed lists the choices as the framework's
	// stringvalidator.OneOf does, `value must be one of: ["a" "b"], got:
	// "x"`, instead of in prose: the wording of
	// regions[].service_time_distribution, which configurations and tests
	// have matched since before the other choices had one.
	Bracketed bool
}

// Requirement lists the values: `must be one of "a", "b" or "c"`.
func (c Choice) Requirement() string {
	q := make([]string, len(c.Values))
	for i, s := range c.Values {
		q[i] = strconv.Quote(s)
	}
	switch {
	case c.Bracketed:
		return "value must be one of: [" + strings.Join(q, " ") + "]"
	case len(q) == 1:
		return "must be one of " + q[0]
	}
	return "must be one of " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Violation says that s is none of the values, as in `must be one of
// "lru" or "lfu", got "fifo"`.
func (c Choice) Violation(s string) (what string, bad bool) {
	if slices.Contains(c.Values, s) {
		return "", false
	}
	if c.Bracketed {
		return c.Requirement() + ", got: " + strconv.Quote(s), true
	}
	return c.Requirement() + ", got " + strconv.Quote(s), true
}

// Shape is the rule of a string of a given form: a name, a jurisdiction
// code, a location.
type Shape struct {
	// Pattern is the form, and Says describes it ("must be two uppercase
	// letters").
	Pattern *regexp.Regexp
	Says    string
	// Explain, when set, checks a value instead of Pattern and says what
	// is wrong with it ("" when it is valid): a location, whose parser
	// alone knows its form and says more than Says could.
	Explain func(string) string
	// Fix tells how to write a valid value.
	Fix string
	// Suggest, when set, is a valid value close to the one given (the
	// name "EU West" becomes "eu-west"), which FixFor adds as an example.
	Suggest func(string) string
}

// Requirement describes the form: Says.
func (s Shape) Requirement() string { return s.Says }

// Violation says how v breaks the shape, as in `must be two uppercase
// letters, got "usa"`.
func (s Shape) Violation(v string) (what string, bad bool) {
	if s.Explain != nil {
		what = s.Explain(v)
		return what, what != ""
	}
	if s.Pattern.MatchString(v) {
		return "", false
	}
	return s.Says + ", got " + strconv.Quote(v), true
}

// FixFor is the fix for the value v: Fix, and for a shape that suggests
// one, a valid value close to v.
func (s Shape) FixFor(v string) string {
	if s.Suggest == nil {
		return s.Fix
	}
	return fmt.Sprintf("%s For example %q.", s.Fix, s.Suggest(v))
}

// List is the rule of a list: that it is not empty, that it does not
// repeat a value, or both. The rule of its elements is the Shape at the
// list's path with "[]" added.
type List struct {
	// NotEmpty refuses an empty list; EmptyFix says what to list.
	NotEmpty bool
	EmptyFix string
	// Unique, when set, names what an element is ("region"), each of which
	// may appear once; UniqueFix says how to correct a repeat.
	Unique    string
	UniqueFix string
}

// Requirement says what the list must hold.
func (l List) Requirement() string {
	var parts []string
	if l.NotEmpty {
		parts = append(parts, "list must have at least one element")
	}
	if l.Unique != "" {
		parts = append(parts, fmt.Sprintf("each %s must appear at most once", l.Unique))
	}
	return strings.Join(parts, "; ")
}

// Empty says that a list of n elements is empty when it must not be: "is
// empty, but at least one element is needed".
func (l List) Empty(n int) (what string, bad bool) {
	if l.NotEmpty && n == 0 {
		return "is empty, but at least one element is needed", true
	}
	return "", false
}

// Repeated says that the list repeats value, first at index first and
// again at index at, for a list whose elements are Unique.
func (l List) Repeated(value string, first, at int) string {
	return fmt.Sprintf("lists %s %q twice, at indexes %d and %d; each %s may appear only once", l.Unique, value, first, at, l.Unique)
}

// RuleAt is the rule of the field at path (a model path with [] for list
// indexes, as in "regions[].instances"); ok is false for a field without
// one.
func RuleAt(path string) (rule Rule, ok bool) {
	rule, ok = ruleTable[path]
	return rule, ok
}

// RulePaths are the paths of every rule, sorted.
func RulePaths() []string {
	paths := make([]string, 0, len(ruleTable))
	for p := range ruleTable {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// BoundAt is the Bound at path. It panics when there is none, or a rule of
// another kind: a path is written in the code that declares the field, so
// a mistake is a programming error, which the first test of that field
// finds. ChoiceAt, ShapeAt and ListAt do the same for the other kinds.
func BoundAt(path string) Bound { return ruleOf[Bound](path) }

// ChoiceAt is the Choice at path; it panics as BoundAt does.
func ChoiceAt(path string) Choice { return ruleOf[Choice](path) }

// ShapeAt is the Shape at path; it panics as BoundAt does.
func ShapeAt(path string) Shape { return ruleOf[Shape](path) }

// ListAt is the List at path; it panics as BoundAt does.
func ListAt(path string) List { return ruleOf[List](path) }

// ruleOf is the rule of kind R at path, or a panic.
func ruleOf[R Rule](path string) R {
	r, ok := ruleTable[path].(R)
	if !ok {
		var want R
		panic(fmt.Sprintf("simulator: no %T rule at %q", want, path))
	}
	return r
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
	"sla.latency_p50_ms":       latencyTarget,
	"sla.latency_p95_ms":       latencyTarget,
	"sla.latency_p99_ms":       latencyTarget,
	"sla.latency_p999_ms":      latencyTarget,
	"sla.read_latency_p99_ms":  latencyTarget,
	"sla.write_latency_p99_ms": latencyTarget,
	"sla.availability": Bound{Min: 0, MinExclusive: true, Max: 1, Limit: math.Inf(1),
		Fix: "Write availability as a fraction, for example 0.999 for 99.9%."},
	"sla.replication_lag_p99_ms": greaterThan(0, "Set the lag target in milliseconds, for example 500."),
	"sla.rpo_ms":                 atLeast(0, "Set the longest window of lost writes you accept in milliseconds, or 0 for none."),
	"sla.stale_read_ratio":       within(0, 1, "Write the ratio as a fraction, for example 0.01 for 1% of reads."),
	"sla.conflict_ratio":         within(0, 1, "Write the ratio as a fraction, for example 0.001 for 0.1% of writes."),
	"sla.rto_s":                  atLeast(0, "Set the longest recovery you accept in seconds, for example 60."),

	// Run settings.
	"run.duration_s": greaterThan(0, "Set the simulated time in seconds, for example 120.").
		Supporting(MaxDurationS, "Arrivals are stationary, so a longer window adds nothing more replications "+
			"would not; shorten duration_s."),
	"run.warmup_s": atLeast(0, "Set 0 to measure from the start, or the seconds to discard."),
	"run.replications": within(2, MaxReplications, "A confidence interval needs at least 2 replications; 5 to 10 "+
		"is usual, more only to settle a marginal clause.").whole(),
	"run.seed": atLeast(0, "Set any non-negative integer, or omit it for the provider's default_seed.").whole(),

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
		Values: []string{ReadStrong, ReadBoundedStaleness, ReadEventual},
		Fix: "Pick strong to read from the leader, bounded_staleness to read locally within staleness_bound_ms, " +
			"or eventual to always read locally; omit it for strong.",
	},
	"replica_sets[].conflict_resolution": Choice{
		Values: []string{ConflictLWW, ConflictCRDT},
		Fix:    "Pick lww (last writer wins, the other writes are lost) or crdt (merged); omit it for lww.",
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
}

// Rules and fixes shared by several fields of the table.
var latencyTarget = greaterThan(0, "Set the latency target in milliseconds, or omit it to leave that quantile unchecked.")

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
			"\"cache_flush\" with the tier it empties.",
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
