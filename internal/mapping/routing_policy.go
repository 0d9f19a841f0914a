package mapping

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Routing policy defaults: the simulator's own (simulator.ApplyDefaults),
// so that the plan shows what will be simulated. The resource shows them in
// the plan and the data source applies the same ones to a literal
// routing_policy, so a policy simulates the same whichever way it is given.
const (
	DefaultRoutingStrategy  = simulator.StrategyLatency
	DefaultHealthIntervalS  = simulator.DefaultHealthIntervalS
	DefaultHealthThreshold  = simulator.DefaultFailureThreshold
	DefaultHealthTimeoutMs  = simulator.DefaultHealthTimeoutMs
	DefaultMaxAttempts      = simulator.DefaultMaxAttempts
	DefaultBackoffBaseMs    = simulator.DefaultBackoffBaseMs
	DefaultBackoffMaxMs     = simulator.DefaultBackoffMaxMs
	DefaultBreakerThreshold = simulator.DefaultBreakerThreshold
	DefaultBreakerOpenS     = simulator.DefaultBreakerOpenS
	// DefaultDNSTTLS is applied by the provider, not the simulator, which
	// reads 0 as "no caching": an unset dns_ttl_s is 60 s.
	DefaultDNSTTLS = simulator.DefaultDNSTTLS
	// MaxRetryAttempts bounds retry.max_attempts: past ten attempts a
	// request is long lost to its client, and a retry storm says no more.
	// It is the simulator's bound, which the attribute's rule holds, so
	// that the docs say the bound the validator checks.
	MaxRetryAttempts = simulator.MaxAttemptsBound
)

// RoutingStrategies are the strategies, in documented order.
var RoutingStrategies = []string{
	simulator.StrategyLatency, simulator.StrategyGeo, simulator.StrategyWeighted, simulator.StrategyFailover,
}

// Attribute types of the nested objects, derived from the routing policy's
// declaration, for the framework values that hold them.
var (
	HealthCheckAttrTypes = objectAttrTypes(routingPolicySpecs(), "health_check")
	RetryAttrTypes       = objectAttrTypes(routingPolicySpecs(), "retry")
	BreakerAttrTypes     = objectAttrTypes(routingPolicySpecs(), "circuit_breaker")
)

// Routing policy attribute descriptions shared by the resource and the data
// source's routing_policy, so that both document the same rules.
const (
	DescRPName = "Unique name of the routing policy: 1 to 63 lowercase letters, digits or dashes, starting and " +
		"ending with a letter or digit, for example `global`."
	DescRPStrategy = "How each request picks its region: `latency` (the nearest region by round-trip time that the " +
		"health checks have not marked down), `geo` (the region `geo_routes` fixes for the request's origin; an " +
		"origin without an entry, or whose region is marked down, goes to the nearest healthy region), `weighted` " +
		"(a healthy region drawn in proportion to `weights`) or `failover` (the first healthy region of `failover`: " +
		"the primary, then the secondaries in order). Defaults to `latency`."
	DescRPGeoRoutes = "For `strategy = \"geo\"` only, and then required: the region serving each origin, keyed by the " +
		"origin's label (its `name`, or its `location` when it has none), for example " +
		"`{ virginia = \"us-east-1\", frankfurt = \"eu-west-1\" }`. Each region must be one of the simulation's " +
		"`regions`, each label one of its origins."
	DescRPWeights = "For `strategy = \"weighted\"` only, and then required: each region's share of the traffic, keyed " +
		"by region name, for example `{ \"us-east-1\" = 3, \"eu-west-1\" = 1 }`. Each weight is at least `0` and at " +
		"least one is above `0`; a region of the simulation without an entry gets no traffic. A region marked down " +
		"gets none either: its share goes to the others in proportion to their weights."
	DescRPFailover = "For `strategy = \"failover\"` only, and then required: region names in order of preference, the " +
		"primary first, for example `[\"eu-west-1\", \"us-east-1\"]`. Every request goes to the first region of the " +
		"list that the health checks have not marked down. At least one; each region once."
	DescRPHealthCheck = "How every region is probed. A probe is a real request through the region's queue; it fails " +
		"when the region is down or the answer takes longer than `timeout_ms` (an overloaded region times out). A " +
		"region is marked down after `failure_threshold` consecutive failed probes and up again after as many " +
		"consecutive successes, so an outage is detected about `interval_s × failure_threshold` seconds after it " +
		"starts. Defaults to `{ interval_s = %g, failure_threshold = %d, timeout_ms = %g }`; attributes left out " +
		"take their defaults."
	DescRPHCInterval  = "Seconds between two probes of a region. Greater than `0`; defaults to `%g`."
	DescRPHCThreshold = "Consecutive failed probes that mark a region down, and successful ones that mark it up " +
		"again. At least `1`; defaults to `%d`."
	DescRPHCTimeout = "How long a probe may take, in milliseconds, before it counts as failed. Greater than `0` and " +
		"at most `interval_s × 1000`; defaults to `%g`, or to the interval when that is shorter."
	DescRPDNSTTL = "How long clients cache a routing answer, in seconds: a request at time t uses the answer of " +
		"time t − age, with age uniform in [0, `dns_ttl_s`), so once a region is marked down the traffic still sent " +
		"to it falls linearly to zero over one TTL. `0` means every request sees the current answer. At least `0`; " +
		"defaults to `%g`."
	DescRPRequestTimeout = "How long a client waits for one attempt, in milliseconds, before giving up on it (and " +
		"retrying it, per `retry`); a timed-out attempt counts as a failure. Greater than `0`. Not set means no " +
		"timeout: an attempt waits as long as the region's queue makes it, and an attempt to a region that is " +
		"down fails at once."
	DescRPRetry = "How a failed or timed-out attempt is retried. Every retry is a real request that adds load, so " +
		"retries against an overloaded region can make it worse (a retry storm, seen in the results as " +
		"`attempts_per_request` above 1 and falling `goodput_rps`). The k-th retry waits a random time, uniform " +
		"between 0 and `min(backoff_max_ms, backoff_base_ms × 2^(k-1))` (exponential backoff with full jitter). " +
		"Defaults to `{ max_attempts = %d, backoff_base_ms = %g, backoff_max_ms = %g }`: no retries; attributes " +
		"left out take their defaults."
	DescRPMaxAttempts = "Attempts per request, the first included: `1` means no retry. From `1` to `%d`; defaults " +
		"to `%d`."
	DescRPBackoffBase = "Cap of the first retry's wait, in milliseconds; the cap doubles with every further retry. " +
		"Greater than `0`; defaults to `%g`."
	DescRPBackoffMax = "Largest cap of a retry's wait, in milliseconds. At least `backoff_base_ms`; defaults to " +
		"`%g`, or to `backoff_base_ms` when that is larger."
	DescRPBreaker = "A circuit breaker per origin and region: after `failure_threshold` consecutive failed attempts " +
		"from an origin to a region it opens, and the origin's requests avoid that region (or fail at once when " +
		"there is nowhere else to go) for `open_s` seconds; then one trial attempt is let through, whose success " +
		"closes the breaker and whose failure opens it again. Not set means no circuit breaker; attributes left " +
		"out take their defaults."
	DescRPBreakerThreshold = "Consecutive failed attempts from an origin to a region that open its breaker. At " +
		"least `1`; defaults to `%d`."
	DescRPBreakerOpen = "Seconds an open breaker stays open before a trial attempt. Greater than `0`; defaults to `%g`."
)

// rpGeoRoutesValidators and rpWeightsValidators hold the maps to the
// simulator's rules: the model has lists of objects where Terraform has
// maps, so a map's keys and values take the rules of the objects' region
// and weight.
func rpGeoRoutesValidators() []validator.Map {
	return []validator.Map{mapvalidator.ValueStringsAre(StringRule("routing_policy.geo_routes[].region"))}
}

func rpWeightsValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.KeysAre(StringRule("routing_policy.weights[].region")),
		mapvalidator.ValueFloat64sAre(Float64Rule("routing_policy.weights[].weight")),
	}
}

// objectAttr returns attribute name of a known object, or a null value of
// the attribute's type when the object is null (its attributes are then not
// set); ok is false when the object is unknown.
func objectAttr(o types.Object, name string, attrTypes map[string]attr.Type) (v attr.Value, ok bool) {
	if o.IsUnknown() {
		return nil, false
	}
	if o.IsNull() {
		return NullOf(attrTypes[name]), true
	}
	if v, found := o.Attributes()[name]; found {
		return v, true
	}
	return NullOf(attrTypes[name]), true
}

// NullOf is the null value of a scalar attribute type.
func NullOf(t attr.Type) attr.Value {
	switch t.(type) {
	case IntegerType, basetypes.Int64Type:
		return types.Int64Null()
	case basetypes.StringType:
		return types.StringNull()
	default:
		return types.Float64Null()
	}
}

// Float64Attr and Int64Attr read a scalar attribute of an object, null when
// the object is null and unknown when the object is.
func Float64Attr(o types.Object, name string, attrTypes map[string]attr.Type) types.Float64 {
	v, ok := objectAttr(o, name, attrTypes)
	if !ok {
		return types.Float64Unknown()
	}
	if f, isFloat := v.(types.Float64); isFloat {
		return f
	}
	return types.Float64Null()
}

// Int64Attr is Float64Attr for an integer attribute.
func Int64Attr(o types.Object, name string, attrTypes map[string]attr.Type) types.Int64 {
	v, ok := objectAttr(o, name, attrTypes)
	if !ok {
		return types.Int64Unknown()
	}
	if n, isInt := v.(types.Int64); isInt {
		return n
	}
	return types.Int64Null()
}

// defaultFloat64 and defaultInt64 keep a set or unknown value and replace
// null with def.
func defaultFloat64(v types.Float64, def types.Float64) types.Float64 {
	if v.IsNull() {
		return def
	}
	return v
}

func defaultInt64(v types.Int64, def int64) types.Int64 {
	if v.IsNull() {
		return types.Int64Value(def)
	}
	return v
}

// ResolveHealthCheck fills a configured health_check's unset attributes
// with their defaults (all of them when the object is null); unknown values
// stay unknown, and the timeout's default waits for a known interval.
func ResolveHealthCheck(cfg types.Object) types.Object {
	if cfg.IsUnknown() {
		return types.ObjectUnknown(HealthCheckAttrTypes)
	}
	interval := defaultFloat64(Float64Attr(cfg, "interval_s", HealthCheckAttrTypes), types.Float64Value(DefaultHealthIntervalS))
	timeoutDefault := types.Float64Unknown()
	if !interval.IsUnknown() {
		timeoutDefault = types.Float64Value(min(DefaultHealthTimeoutMs, interval.ValueFloat64()*1000))
	}
	return types.ObjectValueMust(HealthCheckAttrTypes, map[string]attr.Value{
		"interval_s":        interval,
		"failure_threshold": defaultInt64(Int64Attr(cfg, "failure_threshold", HealthCheckAttrTypes), DefaultHealthThreshold),
		"timeout_ms":        defaultFloat64(Float64Attr(cfg, "timeout_ms", HealthCheckAttrTypes), timeoutDefault),
		// The signals beside the probes have no default: null is off.
		"max_replication_lag_ms": Float64Attr(cfg, "max_replication_lag_ms", HealthCheckAttrTypes),
		"max_queue_backlog":      Int64Attr(cfg, "max_queue_backlog", HealthCheckAttrTypes),
	})
}

// ResolveRetry fills a configured retry's unset attributes with their
// defaults (all of them when the object is null); the cap's default waits
// for a known base, which it never falls below.
func ResolveRetry(cfg types.Object) types.Object {
	if cfg.IsUnknown() {
		return types.ObjectUnknown(RetryAttrTypes)
	}
	base := defaultFloat64(Float64Attr(cfg, "backoff_base_ms", RetryAttrTypes), types.Float64Value(DefaultBackoffBaseMs))
	MaxDefault := types.Float64Unknown()
	if !base.IsUnknown() {
		MaxDefault = types.Float64Value(max(DefaultBackoffMaxMs, base.ValueFloat64()))
	}
	return types.ObjectValueMust(RetryAttrTypes, map[string]attr.Value{
		"max_attempts":    defaultInt64(Int64Attr(cfg, "max_attempts", RetryAttrTypes), DefaultMaxAttempts),
		"backoff_base_ms": base,
		"backoff_max_ms":  defaultFloat64(Float64Attr(cfg, "backoff_max_ms", RetryAttrTypes), MaxDefault),
	})
}

// ResolveBreaker fills a configured circuit_breaker's unset attributes with
// their defaults; a null breaker (none) stays null.
func ResolveBreaker(cfg types.Object) types.Object {
	if cfg.IsNull() {
		return types.ObjectNull(BreakerAttrTypes)
	}
	if cfg.IsUnknown() {
		return types.ObjectUnknown(BreakerAttrTypes)
	}
	return types.ObjectValueMust(BreakerAttrTypes, map[string]attr.Value{
		"failure_threshold": defaultInt64(Int64Attr(cfg, "failure_threshold", BreakerAttrTypes), DefaultBreakerThreshold),
		"open_s":            defaultFloat64(Float64Attr(cfg, "open_s", BreakerAttrTypes), types.Float64Value(DefaultBreakerOpenS)),
	})
}

// strategyAttributes are the strategy-specific attributes, by the strategy
// they belong to, with an example of each for the messages.
var strategyAttributes = []struct{ name, strategy, example, missing string }{
	{"geo_routes", simulator.StrategyGeo, `geo_routes = { virginia = "us-east-1", frankfurt = "eu-west-1" }`,
		"so no origin is pinned to a region and every request would go to its nearest region, as with strategy = \"latency\""},
	{"weights", simulator.StrategyWeighted, `weights = { "us-east-1" = 3, "eu-west-1" = 1 }`,
		"so there is no share of traffic to send any region"},
	{"failover", simulator.StrategyFailover, `failover = ["eu-west-1", "us-east-1"]`,
		"so there is no primary region to send requests to"},
}

// CheckRoutingPolicy applies the rules that tie a routing policy's
// attributes together: each strategy's own attribute set with that strategy
// and only with it, a weight above zero, the health-check timeout within the
// interval, and the backoff cap not below its base. at maps a top-level
// attribute name to the path to report. A null strategy is the default,
// latency; unknown values are skipped, to be checked once known.
func CheckRoutingPolicy(f RoutingPolicy, at func(string) path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if !f.Strategy.IsUnknown() {
		strategy := stringOr(f.Strategy, DefaultRoutingStrategy)
		source := fmt.Sprintf("strategy is %q", strategy)
		if f.Strategy.IsNull() {
			source = fmt.Sprintf("strategy is not set, so it is %q", strategy)
		}
		values := map[string]attr.Value{"geo_routes": f.GeoRoutes, "weights": f.Weights, "failover": f.Failover}
		for _, a := range strategyAttributes {
			v := values[a.name]
			switch {
			case v.IsUnknown():
			case strategy == a.strategy && (v.IsNull() || elementCount(v) == 0):
				what := "is not set"
				if !v.IsNull() {
					what = "is empty"
				}
				diags.AddAttributeError(at(a.name), "Missing "+a.name+" for the "+a.strategy+" strategy",
					fmt.Sprintf("strategy is %q but %s %s, %s. Set %s, or choose another strategy.",
						strategy, a.name, what, a.missing, a.example))
			case strategy != a.strategy && !v.IsNull():
				diags.AddAttributeError(at(a.name), "Setting of another routing strategy",
					fmt.Sprintf("%s only applies to strategy = %q, but %s, which ignores it. Remove %s, or set strategy = %q.",
						a.name, a.strategy, source, a.name, a.strategy))
			}
		}
	}

	if Known(f.Weights) {
		weights, allKnown := map[string]float64{}, true
		for k, e := range f.Weights.Elements() {
			w, ok := e.(types.Float64)
			if !ok || !Known(w) {
				allKnown = false
				break
			}
			weights[k] = w.ValueFloat64()
		}
		if allKnown && len(weights) > 0 && !slices.ContainsFunc(SortedKeys(weights), func(k string) bool { return weights[k] > 0 }) {
			diags.AddAttributeError(at("weights"), "No region has a weight",
				fmt.Sprintf("every weight in weights is 0 (%s), so the weighted strategy has nowhere to send a request. "+
					"Give at least one region a weight above 0, for example weights = { %q = 1 }.",
					weightsText(weights), SortedKeys(weights)[0]))
		}
	}

	interval := Float64Attr(f.HealthCheck, "interval_s", HealthCheckAttrTypes)
	timeout := Float64Attr(f.HealthCheck, "timeout_ms", HealthCheckAttrTypes)
	if Known(timeout) && !interval.IsUnknown() {
		iv := Float64Or(interval, DefaultHealthIntervalS)
		if t := timeout.ValueFloat64(); t > iv*1000 {
			source := "health_check.interval_s is"
			if interval.IsNull() {
				source = "health_check.interval_s is not set, so it is"
			}
			diags.AddAttributeError(at("health_check").AtName("timeout_ms"), "Health-check timeout longer than its interval",
				fmt.Sprintf("health_check.timeout_ms is %g ms but %s %g s (%g ms): a probe would still be waiting when "+
					"the next one starts. Lower timeout_ms to at most %g, or raise interval_s to at least %g.",
					t, source, iv, iv*1000, iv*1000, t/1000))
		}
	}

	base := Float64Attr(f.Retry, "backoff_base_ms", RetryAttrTypes)
	maxBackoff := Float64Attr(f.Retry, "backoff_max_ms", RetryAttrTypes)
	if Known(maxBackoff) && !base.IsUnknown() {
		b := Float64Or(base, DefaultBackoffBaseMs)
		if m := maxBackoff.ValueFloat64(); m < b {
			source := "retry.backoff_base_ms is"
			if base.IsNull() {
				source = "retry.backoff_base_ms is not set, so it is"
			}
			diags.AddAttributeError(at("retry").AtName("backoff_max_ms"), "Retry backoff cap below its base",
				fmt.Sprintf("retry.backoff_max_ms is %g ms but %s %g ms: the largest wait cap cannot be below the "+
					"first retry's. Raise backoff_max_ms to at least %g, or lower backoff_base_ms.", m, source, b, b))
		}
	}
	return diags
}

// elementCount is the number of elements of a known map or list.
func elementCount(v attr.Value) int {
	switch c := v.(type) {
	case types.Map:
		return len(c.Elements())
	case types.List:
		return len(c.Elements())
	}
	return 0
}

// weightsText renders weights as HCL, keys sorted: "us-east-1" = 0, ...
func weightsText(weights map[string]float64) string {
	parts := make([]string, 0, len(weights))
	for _, k := range SortedKeys(weights) {
		parts = append(parts, fmt.Sprintf("%q = %g", k, weights[k]))
	}
	return strings.Join(parts, ", ")
}

// ToModel maps the routing policy, applying the same defaults to the
// nested objects as topology_routing_policy (the simulator's; the probe
// timeout's depends on the interval) so that a literal object and a
// resource simulate alike; an unset dns_ttl_s is nil, which the simulator
// defaults. The maps become lists sorted by key, so that the model (and
// the paths of its findings) are the same on every run.
func (p RoutingPolicy) ToModel() *simulator.RoutingPolicy {
	hc, retry, breaker := ResolveHealthCheck(p.HealthCheck), ResolveRetry(p.Retry), ResolveBreaker(p.CircuitBreaker)
	rp := &simulator.RoutingPolicy{
		Name:     p.Name.ValueString(),
		Strategy: stringOr(p.Strategy, DefaultRoutingStrategy),
		HealthCheck: simulator.HealthCheck{
			IntervalS:        Float64Attr(hc, "interval_s", HealthCheckAttrTypes).ValueFloat64(),
			FailureThreshold: int(Int64Attr(hc, "failure_threshold", HealthCheckAttrTypes).ValueInt64()),
			TimeoutMs:        Float64Attr(hc, "timeout_ms", HealthCheckAttrTypes).ValueFloat64(),
		},
		DNSTTLS:          float64Ptr(p.DNSTTLS),
		RequestTimeoutMs: p.RequestTimeoutMs.ValueFloat64(),
		Retry: simulator.RetryPolicy{
			MaxAttempts:   int(Int64Attr(retry, "max_attempts", RetryAttrTypes).ValueInt64()),
			BackoffBaseMs: Float64Attr(retry, "backoff_base_ms", RetryAttrTypes).ValueFloat64(),
			BackoffMaxMs:  Float64Attr(retry, "backoff_max_ms", RetryAttrTypes).ValueFloat64(),
		},
	}
	rp.HealthCheck.MaxReplicationLagMs = Float64Attr(hc, "max_replication_lag_ms", HealthCheckAttrTypes).ValueFloat64()
	rp.HealthCheck.MaxQueueBacklog = int(Int64Attr(hc, "max_queue_backlog", HealthCheckAttrTypes).ValueInt64())
	routes := p.GeoRoutes.Elements()
	for _, origin := range SortedKeys(routes) {
		if region, ok := routes[origin].(types.String); ok {
			rp.GeoRoutes = append(rp.GeoRoutes, simulator.GeoRoute{Origin: origin, Region: region.ValueString()})
		}
	}
	weights := p.Weights.Elements()
	for _, region := range SortedKeys(weights) {
		if w, ok := weights[region].(types.Float64); ok {
			rp.Weights = append(rp.Weights, simulator.RegionWeight{Region: region, Weight: w.ValueFloat64()})
		}
	}
	for _, e := range p.Failover.Elements() {
		if s, ok := e.(types.String); ok {
			rp.Failover = append(rp.Failover, s.ValueString())
		}
	}
	if !breaker.IsNull() {
		rp.CircuitBreaker = &simulator.CircuitBreaker{
			FailureThreshold: int(Int64Attr(breaker, "failure_threshold", BreakerAttrTypes).ValueInt64()),
			OpenS:            Float64Attr(breaker, "open_s", BreakerAttrTypes).ValueFloat64(),
		}
	}
	return rp
}
