package provider

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Routing policy defaults: the simulator's own (simulator.ApplyDefaults),
// so that the plan shows what will be simulated. The resource shows them in
// the plan and the data source applies the same ones to a literal
// routing_policy, so a policy simulates the same whichever way it is given.
const (
	defaultRoutingStrategy  = simulator.StrategyLatency
	defaultHealthIntervalS  = simulator.DefaultHealthIntervalS
	defaultHealthThreshold  = simulator.DefaultFailureThreshold
	defaultHealthTimeoutMs  = simulator.DefaultHealthTimeoutMs
	defaultMaxAttempts      = simulator.DefaultMaxAttempts
	defaultBackoffBaseMs    = simulator.DefaultBackoffBaseMs
	defaultBackoffMaxMs     = simulator.DefaultBackoffMaxMs
	defaultBreakerThreshold = simulator.DefaultBreakerThreshold
	defaultBreakerOpenS     = simulator.DefaultBreakerOpenS
	// defaultDNSTTLS is applied by the provider, not the simulator, which
	// reads 0 as "no caching": an unset dns_ttl_s is 60 s.
	defaultDNSTTLS = simulator.DefaultDNSTTLS
	// maxRetryAttempts bounds retry.max_attempts: past ten attempts a
	// request is long lost to its client, and a retry storm says no more.
	maxRetryAttempts = 10
)

// routingStrategies are the strategies, in documented order.
var routingStrategies = []string{
	simulator.StrategyLatency, simulator.StrategyGeo, simulator.StrategyWeighted, simulator.StrategyFailover,
}

// Attribute types of the nested objects, shared by the resource, the data
// source and the mapping.
var (
	healthCheckAttrTypes = map[string]attr.Type{
		"interval_s": types.Float64Type, "failure_threshold": types.Int64Type, "timeout_ms": types.Float64Type,
	}
	retryAttrTypes = map[string]attr.Type{
		"max_attempts": types.Int64Type, "backoff_base_ms": types.Float64Type, "backoff_max_ms": types.Float64Type,
	}
	breakerAttrTypes = map[string]attr.Type{"failure_threshold": types.Int64Type, "open_s": types.Float64Type}
)

var (
	_ resource.Resource                   = (*routingPolicyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*routingPolicyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*routingPolicyResource)(nil)
	_ resource.ResourceWithImportState    = (*routingPolicyResource)(nil)
)

// NewRoutingPolicyResource returns the topology_routing_policy resource:
// how requests pick a region, how regions are health-checked and how
// clients time out and retry.
func NewRoutingPolicyResource() resource.Resource {
	return &routingPolicyResource{}
}

// routingPolicyResource is logical, like cacheTierResource: every computed
// attribute is known at plan time and Create/Update record the plan.
type routingPolicyResource struct {
	logicalCRUD[routingPolicyResourceModel]
}

// routingPolicyResourceModel is the resource's state. The nested objects
// stay framework objects so that a value not set (null) and one not known
// yet stay distinct from the default.
type routingPolicyResourceModel struct {
	ID               types.String  `tfsdk:"id"`
	Name             types.String  `tfsdk:"name"`
	Strategy         types.String  `tfsdk:"strategy"`
	GeoRoutes        types.Map     `tfsdk:"geo_routes"`
	Weights          types.Map     `tfsdk:"weights"`
	Failover         types.List    `tfsdk:"failover"`
	HealthCheck      types.Object  `tfsdk:"health_check"`
	DNSTTLS          types.Float64 `tfsdk:"dns_ttl_s"`
	RequestTimeoutMs types.Float64 `tfsdk:"request_timeout_ms"`
	Retry            types.Object  `tfsdk:"retry"`
	CircuitBreaker   types.Object  `tfsdk:"circuit_breaker"`
}

// routingPolicyFields are the attributes the routing policy rules and the
// defaults read, shared by the resource and the data source's
// routing_policy.
type routingPolicyFields struct {
	Strategy         types.String
	GeoRoutes        types.Map
	Weights          types.Map
	Failover         types.List
	HealthCheck      types.Object
	DNSTTLS          types.Float64
	RequestTimeoutMs types.Float64
	Retry            types.Object
	CircuitBreaker   types.Object
}

// fields are the attributes the routing policy rules read.
func (m routingPolicyResourceModel) fields() routingPolicyFields {
	return routingPolicyFields{
		Strategy: m.Strategy, GeoRoutes: m.GeoRoutes, Weights: m.Weights, Failover: m.Failover,
		HealthCheck: m.HealthCheck, DNSTTLS: m.DNSTTLS, RequestTimeoutMs: m.RequestTimeoutMs,
		Retry: m.Retry, CircuitBreaker: m.CircuitBreaker,
	}
}

// Metadata names the resource topology_routing_policy.
func (r *routingPolicyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_routing_policy"
}

// Routing policy attribute descriptions shared by the resource and the data
// source's routing_policy, so that both document the same rules.
const (
	descRPName = "Unique name of the routing policy: 1 to 63 lowercase letters, digits or dashes, starting and " +
		"ending with a letter or digit, for example `global`."
	descRPStrategy = "How each request picks its region: `latency` (the nearest region by round-trip time that the " +
		"health checks have not marked down), `geo` (the region `geo_routes` fixes for the request's origin; an " +
		"origin without an entry, or whose region is marked down, goes to the nearest healthy region), `weighted` " +
		"(a healthy region drawn in proportion to `weights`) or `failover` (the first healthy region of `failover`: " +
		"the primary, then the secondaries in order). Defaults to `latency`."
	descRPGeoRoutes = "For `strategy = \"geo\"` only, and then required: the region serving each origin, keyed by the " +
		"origin's label (its `name`, or its `location` when it has none), for example " +
		"`{ virginia = \"us-east-1\", frankfurt = \"eu-west-1\" }`. Each region must be one of the simulation's " +
		"`regions`, each label one of its origins."
	descRPWeights = "For `strategy = \"weighted\"` only, and then required: each region's share of the traffic, keyed " +
		"by region name, for example `{ \"us-east-1\" = 3, \"eu-west-1\" = 1 }`. Each weight is at least `0` and at " +
		"least one is above `0`; a region of the simulation without an entry gets no traffic. A region marked down " +
		"gets none either: its share goes to the others in proportion to their weights."
	descRPFailover = "For `strategy = \"failover\"` only, and then required: region names in order of preference, the " +
		"primary first, for example `[\"eu-west-1\", \"us-east-1\"]`. Every request goes to the first region of the " +
		"list that the health checks have not marked down. At least one; each region once."
	descRPHealthCheck = "How every region is probed. A probe is a real request through the region's queue; it fails " +
		"when the region is down or the answer takes longer than `timeout_ms` (an overloaded region times out). A " +
		"region is marked down after `failure_threshold` consecutive failed probes and up again after as many " +
		"consecutive successes, so an outage is detected about `interval_s × failure_threshold` seconds after it " +
		"starts. Defaults to `{ interval_s = %g, failure_threshold = %d, timeout_ms = %g }`; attributes left out " +
		"take their defaults."
	descRPHCInterval  = "Seconds between two probes of a region. Greater than `0`; defaults to `%g`."
	descRPHCThreshold = "Consecutive failed probes that mark a region down, and successful ones that mark it up " +
		"again. At least `1`; defaults to `%d`."
	descRPHCTimeout = "How long a probe may take, in milliseconds, before it counts as failed. Greater than `0` and " +
		"at most `interval_s × 1000`; defaults to `%g`, or to the interval when that is shorter."
	descRPDNSTTL = "How long clients cache a routing answer, in seconds: a request at time t uses the answer of " +
		"time t − age, with age uniform in [0, `dns_ttl_s`), so once a region is marked down the traffic still sent " +
		"to it falls linearly to zero over one TTL. `0` means every request sees the current answer. At least `0`; " +
		"defaults to `%g`."
	descRPRequestTimeout = "How long a client waits for one attempt, in milliseconds, before giving up on it (and " +
		"retrying it, per `retry`); a timed-out attempt counts as a failure. Greater than `0`. Not set means no " +
		"timeout: an attempt waits as long as the region's queue makes it, and an attempt to a region that is " +
		"down fails at once."
	descRPRetry = "How a failed or timed-out attempt is retried. Every retry is a real request that adds load, so " +
		"retries against an overloaded region can make it worse (a retry storm, seen in the results as " +
		"`attempts_per_request` above 1 and falling `goodput_rps`). The k-th retry waits a random time, uniform " +
		"between 0 and `min(backoff_max_ms, backoff_base_ms × 2^(k-1))` (exponential backoff with full jitter). " +
		"Defaults to `{ max_attempts = %d, backoff_base_ms = %g, backoff_max_ms = %g }`: no retries; attributes " +
		"left out take their defaults."
	descRPMaxAttempts = "Attempts per request, the first included: `1` means no retry. From `1` to `%d`; defaults " +
		"to `%d`."
	descRPBackoffBase = "Cap of the first retry's wait, in milliseconds; the cap doubles with every further retry. " +
		"Greater than `0`; defaults to `%g`."
	descRPBackoffMax = "Largest cap of a retry's wait, in milliseconds. At least `backoff_base_ms`; defaults to " +
		"`%g`, or to `backoff_base_ms` when that is larger."
	descRPBreaker = "A circuit breaker per origin and region: after `failure_threshold` consecutive failed attempts " +
		"from an origin to a region it opens, and the origin's requests avoid that region (or fail at once when " +
		"there is nowhere else to go) for `open_s` seconds; then one trial attempt is let through, whose success " +
		"closes the breaker and whose failure opens it again. Not set means no circuit breaker; attributes left " +
		"out take their defaults."
	descRPBreakerThreshold = "Consecutive failed attempts from an origin to a region that open its breaker. At " +
		"least `1`; defaults to `%d`."
	descRPBreakerOpen = "Seconds an open breaker stays open before a trial attempt. Greater than `0`; defaults to `%g`."
)

// Validators shared by the resource and the data source's routing_policy.
func rpStrategyValidators() []validator.String {
	return []validator.String{stringOneOf(
		"Pick latency for the nearest healthy region, geo to pin origins to regions (geo_routes), weighted to split "+
			"traffic (weights), or failover for a primary and ordered secondaries (failover); omit it for latency.",
		routingStrategies...)}
}

func rpGeoRoutesValidators() []validator.Map {
	return []validator.Map{mapvalidator.ValueStringsAre(nameValidator())}
}

func rpWeightsValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.KeysAre(nameValidator()),
		mapvalidator.ValueFloat64sAre(float64Within(0, math.Inf(1), true,
			"Set each region's share of the traffic as a weight of 0 or more, for example 3 and 1 for a 75/25 split; "+
				"0 sends the region nothing.")),
	}
}

func rpFailoverValidators() []validator.List {
	return []validator.List{
		listNotEmpty(`List the regions in order of preference, the primary first, for example failover = ["eu-west-1", "us-east-1"].`),
		listUniqueStrings("region", "Remove the repeated region: each region has one place in the order of preference."),
		listvalidator.ValueStringsAre(nameValidator()),
	}
}

func rpHCIntervalValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		fmt.Sprintf("Set the seconds between two probes of a region, for example 5, or omit it for %g.", defaultHealthIntervalS))}
}

func rpHCThresholdValidators() []validator.Int64 {
	return []validator.Int64{int64AtLeast(1,
		fmt.Sprintf("Set how many consecutive failed probes mark a region down, for example 2, or omit it for %d.", defaultHealthThreshold))}
}

func rpHCTimeoutValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		"Set how long a probe may take in milliseconds, for example 1000, or omit it for the default.")}
}

func rpDNSTTLValidators() []validator.Float64 {
	return []validator.Float64{float64Within(0, math.Inf(1), true,
		fmt.Sprintf("Set how long clients cache a routing answer in seconds, for example 30, 0 for no caching, or omit it for %g.", defaultDNSTTLS))}
}

func rpRequestTimeoutValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		"Set how long a client waits for one attempt in milliseconds, for example 1000, or remove request_timeout_ms for no timeout.")}
}

func rpMaxAttemptsValidators() []validator.Int64 {
	return []validator.Int64{int64Within(1, maxRetryAttempts,
		"Set the attempts per request, the first included: 1 for no retry, 3 for up to two retries.")}
}

func rpBackoffBaseValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		fmt.Sprintf("Set the cap of the first retry's wait in milliseconds, for example 50 (the default), or a small "+
			"value such as 1 for retries with almost no wait; omit it for %g.", defaultBackoffBaseMs))}
}

func rpBackoffMaxValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		fmt.Sprintf("Set the largest cap of a retry's wait in milliseconds, at least backoff_base_ms, or omit it for %g.", defaultBackoffMaxMs))}
}

func rpBreakerThresholdValidators() []validator.Int64 {
	return []validator.Int64{int64AtLeast(1,
		fmt.Sprintf("Set how many consecutive failed attempts open the breaker, for example 5, or omit it for %d.", defaultBreakerThreshold))}
}

func rpBreakerOpenValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		fmt.Sprintf("Set how long an open breaker stays open in seconds, for example 10, or omit it for %g.", defaultBreakerOpenS))}
}

// Schema describes the routing policy's arguments and computed attributes.
func (r *routingPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "How requests pick their region and how clients behave when a region fails: a routing " +
			"strategy (`latency`, `geo`, `weighted` or `failover`), health checks that mark regions down and up, " +
			"the DNS TTL for which clients keep a routing answer, a per-attempt timeout, retries with exponential " +
			"backoff and jitter, and an optional circuit breaker per origin and region. Give it to a " +
			"`topology_simulation` as `routing_policy`; without one, every origin is served by its nearest region " +
			"whatever happens to it.\n\n" +
			"With a policy, a fault's effect emerges from these mechanics: a region outage is detected after about " +
			"`interval_s × failure_threshold` seconds, traffic drains from the dead region over one `dns_ttl_s`, and " +
			"retries add load to the survivors. The simulation reports the recovery time (RTO), the detection time " +
			"of each fault, attempts per request and goodput, and the routes that broke an origin's " +
			"`allowed_jurisdictions`.\n\n" +
			"The resource is logical, like `topology_region`: it manages no infrastructure, and its defaults are " +
			"known at plan time. Settings of another strategy are errors rather than silently ignored.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The routing policy's `name`.",
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: descRPName + " Changing it replaces the routing policy.",
				Validators:          []validator.String{nameValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"strategy": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultRoutingStrategy),
				MarkdownDescription: descRPStrategy,
				Validators:          rpStrategyValidators(),
			},
			"geo_routes": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: descRPGeoRoutes,
				Validators:          rpGeoRoutesValidators(),
			},
			"weights": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.Float64Type,
				MarkdownDescription: descRPWeights,
				Validators:          rpWeightsValidators(),
			},
			"failover": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: descRPFailover,
				Validators:          rpFailoverValidators(),
			},
			"health_check": schema.SingleNestedAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf(descRPHealthCheck, defaultHealthIntervalS, defaultHealthThreshold, defaultHealthTimeoutMs) +
					" Known at plan time.",
				Attributes: map[string]schema.Attribute{
					"interval_s": schema.Float64Attribute{
						Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf(descRPHCInterval, defaultHealthIntervalS),
						Validators:          rpHCIntervalValidators(),
					},
					"failure_threshold": schema.Int64Attribute{
						Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf(descRPHCThreshold, defaultHealthThreshold),
						Validators:          rpHCThresholdValidators(),
					},
					"timeout_ms": schema.Float64Attribute{
						Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf(descRPHCTimeout, defaultHealthTimeoutMs),
						Validators:          rpHCTimeoutValidators(),
					},
				},
			},
			"dns_ttl_s": schema.Float64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             float64default.StaticFloat64(defaultDNSTTLS),
				MarkdownDescription: fmt.Sprintf(descRPDNSTTL, defaultDNSTTLS),
				Validators:          rpDNSTTLValidators(),
			},
			"request_timeout_ms": schema.Float64Attribute{
				Optional:            true,
				MarkdownDescription: descRPRequestTimeout,
				Validators:          rpRequestTimeoutValidators(),
			},
			"retry": schema.SingleNestedAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf(descRPRetry, defaultMaxAttempts, defaultBackoffBaseMs, defaultBackoffMaxMs) +
					" Known at plan time.",
				Attributes: map[string]schema.Attribute{
					"max_attempts": schema.Int64Attribute{
						Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf(descRPMaxAttempts, maxRetryAttempts, defaultMaxAttempts),
						Validators:          rpMaxAttemptsValidators(),
					},
					"backoff_base_ms": schema.Float64Attribute{
						Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf(descRPBackoffBase, defaultBackoffBaseMs),
						Validators:          rpBackoffBaseValidators(),
					},
					"backoff_max_ms": schema.Float64Attribute{
						Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf(descRPBackoffMax, defaultBackoffMaxMs),
						Validators:          rpBackoffMaxValidators(),
					},
				},
			},
			"circuit_breaker": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: descRPBreaker,
				Attributes: map[string]schema.Attribute{
					"failure_threshold": schema.Int64Attribute{
						Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf(descRPBreakerThreshold, defaultBreakerThreshold),
						Validators:          rpBreakerThresholdValidators(),
					},
					"open_s": schema.Float64Attribute{
						Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf(descRPBreakerOpen, defaultBreakerOpenS),
						Validators:          rpBreakerOpenValidators(),
					},
				},
			},
		},
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
		return nullOf(attrTypes[name]), true
	}
	if v, found := o.Attributes()[name]; found {
		return v, true
	}
	return nullOf(attrTypes[name]), true
}

// nullOf is the null value of a scalar attribute type.
func nullOf(t attr.Type) attr.Value {
	switch t {
	case types.Int64Type:
		return types.Int64Null()
	case types.StringType:
		return types.StringNull()
	default:
		return types.Float64Null()
	}
}

// float64Attr and int64Attr read a scalar attribute of an object, null when
// the object is null and unknown when the object is.
func float64Attr(o types.Object, name string, attrTypes map[string]attr.Type) types.Float64 {
	v, ok := objectAttr(o, name, attrTypes)
	if !ok {
		return types.Float64Unknown()
	}
	if f, isFloat := v.(types.Float64); isFloat {
		return f
	}
	return types.Float64Null()
}

func int64Attr(o types.Object, name string, attrTypes map[string]attr.Type) types.Int64 {
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

// resolveHealthCheck fills a configured health_check's unset attributes
// with their defaults (all of them when the object is null); unknown values
// stay unknown, and the timeout's default waits for a known interval.
func resolveHealthCheck(cfg types.Object) types.Object {
	if cfg.IsUnknown() {
		return types.ObjectUnknown(healthCheckAttrTypes)
	}
	interval := defaultFloat64(float64Attr(cfg, "interval_s", healthCheckAttrTypes), types.Float64Value(defaultHealthIntervalS))
	timeoutDefault := types.Float64Unknown()
	if !interval.IsUnknown() {
		timeoutDefault = types.Float64Value(min(defaultHealthTimeoutMs, interval.ValueFloat64()*1000))
	}
	return types.ObjectValueMust(healthCheckAttrTypes, map[string]attr.Value{
		"interval_s":        interval,
		"failure_threshold": defaultInt64(int64Attr(cfg, "failure_threshold", healthCheckAttrTypes), defaultHealthThreshold),
		"timeout_ms":        defaultFloat64(float64Attr(cfg, "timeout_ms", healthCheckAttrTypes), timeoutDefault),
	})
}

// resolveRetry fills a configured retry's unset attributes with their
// defaults (all of them when the object is null); the cap's default waits
// for a known base, which it never falls below.
func resolveRetry(cfg types.Object) types.Object {
	if cfg.IsUnknown() {
		return types.ObjectUnknown(retryAttrTypes)
	}
	base := defaultFloat64(float64Attr(cfg, "backoff_base_ms", retryAttrTypes), types.Float64Value(defaultBackoffBaseMs))
	maxDefault := types.Float64Unknown()
	if !base.IsUnknown() {
		maxDefault = types.Float64Value(max(defaultBackoffMaxMs, base.ValueFloat64()))
	}
	return types.ObjectValueMust(retryAttrTypes, map[string]attr.Value{
		"max_attempts":    defaultInt64(int64Attr(cfg, "max_attempts", retryAttrTypes), defaultMaxAttempts),
		"backoff_base_ms": base,
		"backoff_max_ms":  defaultFloat64(float64Attr(cfg, "backoff_max_ms", retryAttrTypes), maxDefault),
	})
}

// resolveBreaker fills a configured circuit_breaker's unset attributes with
// their defaults; a null breaker (none) stays null.
func resolveBreaker(cfg types.Object) types.Object {
	if cfg.IsNull() {
		return types.ObjectNull(breakerAttrTypes)
	}
	if cfg.IsUnknown() {
		return types.ObjectUnknown(breakerAttrTypes)
	}
	return types.ObjectValueMust(breakerAttrTypes, map[string]attr.Value{
		"failure_threshold": defaultInt64(int64Attr(cfg, "failure_threshold", breakerAttrTypes), defaultBreakerThreshold),
		"open_s":            defaultFloat64(float64Attr(cfg, "open_s", breakerAttrTypes), types.Float64Value(defaultBreakerOpenS)),
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

// checkRoutingPolicy applies the rules that tie a routing policy's
// attributes together: each strategy's own attribute set with that strategy
// and only with it, a weight above zero, the health-check timeout within the
// interval, and the backoff cap not below its base. at maps a top-level
// attribute name to the path to report. A null strategy is the default,
// latency; unknown values are skipped, to be checked once known.
func checkRoutingPolicy(f routingPolicyFields, at func(string) path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if !f.Strategy.IsUnknown() {
		strategy := stringOr(f.Strategy, defaultRoutingStrategy)
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

	if known(f.Weights) {
		weights, allKnown := map[string]float64{}, true
		for k, e := range f.Weights.Elements() {
			w, ok := e.(types.Float64)
			if !ok || !known(w) {
				allKnown = false
				break
			}
			weights[k] = w.ValueFloat64()
		}
		if allKnown && len(weights) > 0 && !slices.ContainsFunc(sortedKeys(weights), func(k string) bool { return weights[k] > 0 }) {
			diags.AddAttributeError(at("weights"), "No region has a weight",
				fmt.Sprintf("every weight in weights is 0 (%s), so the weighted strategy has nowhere to send a request. "+
					"Give at least one region a weight above 0, for example weights = { %q = 1 }.",
					weightsText(weights), sortedKeys(weights)[0]))
		}
	}

	interval := float64Attr(f.HealthCheck, "interval_s", healthCheckAttrTypes)
	timeout := float64Attr(f.HealthCheck, "timeout_ms", healthCheckAttrTypes)
	if known(timeout) && !interval.IsUnknown() {
		iv := float64Or(interval, defaultHealthIntervalS)
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

	base := float64Attr(f.Retry, "backoff_base_ms", retryAttrTypes)
	maxBackoff := float64Attr(f.Retry, "backoff_max_ms", retryAttrTypes)
	if known(maxBackoff) && !base.IsUnknown() {
		b := float64Or(base, defaultBackoffBaseMs)
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
	for _, k := range sortedKeys(weights) {
		parts = append(parts, fmt.Sprintf("%q = %g", k, weights[k]))
	}
	return strings.Join(parts, ", ")
}

// ValidateConfig applies the cross-attribute rules.
func (r *routingPolicyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg routingPolicyResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkRoutingPolicy(cfg.fields(), path.Root)...)
}

// ModifyPlan works out the computed id and the nested objects' defaults
// from the configuration, on every plan, so that they are known at plan
// time (strategy and dns_ttl_s get theirs from the schema).
func (r *routingPolicyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // Destroying: nothing to compute.
	}
	var plan, cfg routingPolicyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolveRoutingPolicy(&plan, cfg)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// resolveRoutingPolicy fills in m's computed attributes from the
// configuration cfg: the id, and the nested objects with the attributes
// the configuration leaves out at their defaults.
func resolveRoutingPolicy(m *routingPolicyResourceModel, cfg routingPolicyResourceModel) {
	m.ID = m.Name
	m.HealthCheck = resolveHealthCheck(cfg.HealthCheck)
	m.Retry = resolveRetry(cfg.Retry)
	m.CircuitBreaker = resolveBreaker(cfg.CircuitBreaker)
}

// routingPolicyImportKeys are the keys an import ID may hold, in documented
// order; name is the only one it must hold. Nested attributes are named by
// their path, as in health_check.interval_s.
var routingPolicyImportKeys = []string{
	"name", "strategy", "geo_routes", "weights", "failover",
	"health_check.interval_s", "health_check.failure_threshold", "health_check.timeout_ms",
	"dns_ttl_s", "request_timeout_ms",
	"retry.max_attempts", "retry.backoff_base_ms", "retry.backoff_max_ms",
	"circuit_breaker.failure_threshold", "circuit_breaker.open_s",
}

// routingPolicyImportExample is a complete import ID shown in every import
// error.
const routingPolicyImportExample = "name=global,strategy=failover,failover=eu-west-1;us-east-1," +
	"health_check.interval_s=5,dns_ttl_s=30,request_timeout_ms=1000,retry.max_attempts=3,circuit_breaker.open_s=30"

// routingPolicyImportError is the diagnostic for an import ID that cannot
// be read or holds invalid arguments.
func routingPolicyImportError(problem string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID", fmt.Sprintf(
		"%s.\n\nThe import ID of a topology_routing_policy lists its arguments as comma-separated key=value pairs, "+
			"nested ones by their path (health_check.interval_s=5), the failover regions separated by semicolons and "+
			"map entries as key=value separated by semicolons (geo_routes=virginia=us-east-1;ireland=eu-west-1, "+
			"weights=us-east-1=3;eu-west-1=1), for example %q. A circuit_breaker.* key adds a circuit breaker. "+
			"Required key: name. Optional keys: %s.",
		strings.TrimSuffix(problem, "."), routingPolicyImportExample, strings.Join(routingPolicyImportKeys[1:], ", ")))
}

// ImportState builds the whole state from the import ID, which carries the
// arguments as key=value pairs (see routingPolicyImportExample); keys left
// out take their defaults. The imported arguments go through the same
// validators and rules as configured ones.
func (r *routingPolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m, diags := parseRoutingPolicyImportID(req.ID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	resp.Diagnostics.Append(validateRoutingPolicyImport(ctx, s.Schema, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolveRoutingPolicy(&m, m)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// validateRoutingPolicyImport runs the schema's validators, nested ones
// included, and the cross-attribute rules over imported arguments.
func validateRoutingPolicyImport(ctx context.Context, s schema.Schema, m routingPolicyResourceModel) diag.Diagnostics {
	var diags, found diag.Diagnostics
	values := map[string]attr.Value{
		"id": types.StringNull(), "name": m.Name, "strategy": m.Strategy, "geo_routes": m.GeoRoutes,
		"weights": m.Weights, "failover": m.Failover, "health_check": m.HealthCheck, "dns_ttl_s": m.DNSTTLS,
		"request_timeout_ms": m.RequestTimeoutMs, "retry": m.Retry, "circuit_breaker": m.CircuitBreaker,
	}
	for _, name := range sortedKeys(s.Attributes) {
		found.Append(validateAttribute(ctx, s.Attributes[name], path.Root(name), values[name])...)
	}
	found.Append(checkRoutingPolicy(m.fields(), path.Root)...)
	for _, d := range found.Errors() {
		diags.Append(routingPolicyImportError(d.Detail()))
	}
	return diags
}

// validateAttribute runs the validators of a resource schema attribute over
// v, and those of its nested attributes over v's attributes.
func validateAttribute(ctx context.Context, a schema.Attribute, p path.Path, v attr.Value) diag.Diagnostics {
	var found diag.Diagnostics
	switch a := a.(type) {
	case schema.StringAttribute:
		s, _ := v.(types.String)
		for _, vd := range a.Validators {
			resp := &validator.StringResponse{}
			vd.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: s}, resp)
			found.Append(resp.Diagnostics...)
		}
	case schema.Int64Attribute:
		n, _ := v.(types.Int64)
		for _, vd := range a.Validators {
			resp := &validator.Int64Response{}
			vd.ValidateInt64(ctx, validator.Int64Request{Path: p, PathExpression: p.Expression(), ConfigValue: n}, resp)
			found.Append(resp.Diagnostics...)
		}
	case schema.Float64Attribute:
		f, _ := v.(types.Float64)
		for _, vd := range a.Validators {
			resp := &validator.Float64Response{}
			vd.ValidateFloat64(ctx, validator.Float64Request{Path: p, PathExpression: p.Expression(), ConfigValue: f}, resp)
			found.Append(resp.Diagnostics...)
		}
	case schema.ListAttribute:
		l, _ := v.(types.List)
		for _, vd := range a.Validators {
			resp := &validator.ListResponse{}
			vd.ValidateList(ctx, validator.ListRequest{Path: p, PathExpression: p.Expression(), ConfigValue: l}, resp)
			found.Append(resp.Diagnostics...)
		}
	case schema.MapAttribute:
		mv, _ := v.(types.Map)
		for _, vd := range a.Validators {
			resp := &validator.MapResponse{}
			vd.ValidateMap(ctx, validator.MapRequest{Path: p, PathExpression: p.Expression(), ConfigValue: mv}, resp)
			found.Append(resp.Diagnostics...)
		}
	case schema.SingleNestedAttribute:
		o, _ := v.(types.Object)
		if !known(o) {
			return found
		}
		for _, name := range sortedKeys(a.Attributes) {
			found.Append(validateAttribute(ctx, a.Attributes[name], p.AtName(name), o.Attributes()[name])...)
		}
	}
	return found
}

// parseRoutingPolicyImportID reads an import ID into a configuration-like
// model: arguments left out are null (strategy and dns_ttl_s hold their
// schema defaults), to be resolved like a configuration.
func parseRoutingPolicyImportID(id string) (routingPolicyResourceModel, diag.Diagnostics) {
	// A geo_routes label such as "geo:48.9,2.4" holds a comma of its own:
	// a piece that is not a known key continues a map.
	values, diags := parseImportPairs(id, importIDSpec{
		keys: routingPolicyImportKeys, required: []string{"name"}, errorf: routingPolicyImportError,
		continues: func(last string, _ bool) bool { return last == "geo_routes" || last == "weights" },
	})
	if diags.HasError() {
		return routingPolicyResourceModel{}, diags
	}

	m := routingPolicyResourceModel{
		Name:             types.StringValue(values["name"]),
		Strategy:         types.StringValue(defaultRoutingStrategy),
		GeoRoutes:        types.MapNull(types.StringType),
		Weights:          types.MapNull(types.Float64Type),
		Failover:         types.ListNull(types.StringType),
		HealthCheck:      types.ObjectNull(healthCheckAttrTypes),
		DNSTTLS:          types.Float64Value(defaultDNSTTLS),
		RequestTimeoutMs: types.Float64Null(),
		Retry:            types.ObjectNull(retryAttrTypes),
		CircuitBreaker:   types.ObjectNull(breakerAttrTypes),
	}
	if v, ok := values["strategy"]; ok {
		m.Strategy = types.StringValue(v)
	}
	if v, ok := values["failover"]; ok {
		var regions []attr.Value
		for _, name := range strings.Split(v, ";") {
			regions = append(regions, types.StringValue(strings.TrimSpace(name)))
		}
		m.Failover = types.ListValueMust(types.StringType, regions)
	}
	entries := func(key string) (map[string]string, bool) {
		v, ok := values[key]
		if !ok {
			return nil, true
		}
		out := map[string]string{}
		if v == "" {
			return out, true
		}
		for _, entry := range strings.Split(v, ";") {
			k, val, ok := strings.Cut(entry, "=")
			k = strings.TrimSpace(k)
			if _, seen := out[k]; !ok || k == "" || seen {
				diags.Append(routingPolicyImportError(fmt.Sprintf("%s entry %q is not a key=value pair with a new key; "+
					"write the entries as, for example, %s", key, strings.TrimSpace(entry),
					map[string]string{"geo_routes": "geo_routes=virginia=us-east-1;ireland=eu-west-1", "weights": "weights=us-east-1=3;eu-west-1=1"}[key])))
				return nil, false
			}
			out[k] = strings.TrimSpace(val)
		}
		return out, true
	}
	if routes, ok := entries("geo_routes"); !ok {
		return routingPolicyResourceModel{}, diags
	} else if routes != nil {
		elems := map[string]attr.Value{}
		for k, v := range routes {
			elems[k] = types.StringValue(v)
		}
		m.GeoRoutes = types.MapValueMust(types.StringType, elems)
	}
	if weights, ok := entries("weights"); !ok {
		return routingPolicyResourceModel{}, diags
	} else if weights != nil {
		elems := map[string]attr.Value{}
		for _, k := range sortedKeys(weights) {
			f, err := parseFiniteFloat(weights[k])
			if err != nil {
				diags.Append(routingPolicyImportError(fmt.Sprintf("weights entry %s=%s is not a finite number; write it as, for example, %s=1",
					k, weights[k], k)))
				return routingPolicyResourceModel{}, diags
			}
			elems[k] = types.Float64Value(f)
		}
		m.Weights = types.MapValueMust(types.Float64Type, elems)
	}

	ints, floats := map[string]types.Int64{}, map[string]types.Float64{}
	for _, k := range routingPolicyImportKeys {
		v, ok := values[k]
		if !ok {
			continue
		}
		switch k {
		case "health_check.failure_threshold", "retry.max_attempts", "circuit_breaker.failure_threshold":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				diags.Append(routingPolicyImportError(fmt.Sprintf("%s=%s is not a whole number; write it as, for example, %s=3", k, v, k)))
				continue
			}
			ints[k] = types.Int64Value(n)
		case "health_check.interval_s", "health_check.timeout_ms", "dns_ttl_s", "request_timeout_ms",
			"retry.backoff_base_ms", "retry.backoff_max_ms", "circuit_breaker.open_s":
			f, err := parseFiniteFloat(v)
			if err != nil {
				diags.Append(routingPolicyImportError(fmt.Sprintf("%s=%s is not a finite number; write it as, for example, %s=10", k, v, k)))
				continue
			}
			floats[k] = types.Float64Value(f)
		}
	}
	if diags.HasError() {
		return routingPolicyResourceModel{}, diags
	}
	if v, ok := floats["dns_ttl_s"]; ok {
		m.DNSTTLS = v
	}
	if v, ok := floats["request_timeout_ms"]; ok {
		m.RequestTimeoutMs = v
	}
	// object builds a nested object from the keys prefix.name that were
	// given; ok is false when none was.
	object := func(prefix string, attrTypes map[string]attr.Type) (types.Object, bool) {
		given := false
		vals := map[string]attr.Value{}
		for name, t := range attrTypes {
			key := prefix + "." + name
			vals[name] = nullOf(t)
			if v, ok := ints[key]; ok {
				vals[name], given = v, true
			}
			if v, ok := floats[key]; ok {
				vals[name], given = v, true
			}
		}
		return types.ObjectValueMust(attrTypes, vals), given
	}
	if o, given := object("health_check", healthCheckAttrTypes); given {
		m.HealthCheck = o
	}
	if o, given := object("retry", retryAttrTypes); given {
		m.Retry = o
	}
	if o, given := object("circuit_breaker", breakerAttrTypes); given {
		m.CircuitBreaker = o
	}
	return m, diags
}
