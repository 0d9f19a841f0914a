package mapping

import (
	"fmt"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// RoutingPolicy is topology_routing_policy: the resource's state, and the
// simulation's routing_policy, decoded by the same struct from the same
// declaration (routingPolicySpecs). The collections and nested objects
// stay framework values so that a value not set (null) and one not known
// yet stay distinct from the default.
type RoutingPolicy struct {
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

// RoutingPolicyDescription describes topology_routing_policy.
const RoutingPolicyDescription = "How requests pick their region and how clients behave when a region fails: a routing " +
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
	"known at plan time. Settings of another strategy are errors rather than silently ignored."

// routingPolicySpecs declares topology_routing_policy's attributes, once.
// The nested objects' attributes are defaulted by ModifyPlan (their
// defaults depend on each other: the probe timeout on the interval), so
// they are Optional+Computed in the resource without a static default.
func routingPolicySpecs() []attrSpec {
	return []attrSpec{
		{name: "id", kind: kindString, role: roleComputed, doc: "The routing policy's `name`."},
		{name: "name", kind: kindString, role: roleRequired, replaces: true,
			doc:     DescRPName + " Changing it replaces the routing policy.",
			missing: `Set the routing policy's name, for example name = "global".`},
		{name: "strategy", kind: kindString, role: roleDefaulted, doc: DescRPStrategy,
			stringDefault: stringdefault.StaticString(DefaultRoutingStrategy)},
		{name: "geo_routes", kind: kindStringMap, role: roleOptional, doc: DescRPGeoRoutes, maps: rpGeoRoutesValidators()},
		{name: "weights", kind: kindFloat64Map, role: roleOptional, doc: DescRPWeights, maps: rpWeightsValidators(),
			elemType: RealTypeOf("routing_policy.weights[].weight")},
		{name: "failover", kind: kindStringList, role: roleOptional, doc: DescRPFailover},
		{name: "health_check", kind: kindObject, role: roleDefaulted,
			doc: fmt.Sprintf(DescRPHealthCheck, DefaultHealthIntervalS, DefaultHealthThreshold, DefaultHealthTimeoutMs),
			attrs: []attrSpec{
				{name: "interval_s", kind: kindFloat64, role: roleDefaulted,
					doc: fmt.Sprintf(DescRPHCInterval, DefaultHealthIntervalS)},
				{name: "failure_threshold", kind: kindInt64, role: roleDefaulted,
					doc: fmt.Sprintf(DescRPHCThreshold, DefaultHealthThreshold)},
				{name: "timeout_ms", kind: kindFloat64, role: roleDefaulted,
					doc: fmt.Sprintf(DescRPHCTimeout, DefaultHealthTimeoutMs)},
				{name: "max_replication_lag_ms", kind: kindFloat64, role: roleOptional, doc: DescRPHCMaxLag},
				{name: "max_queue_backlog", kind: kindInt64, role: roleOptional, doc: DescRPHCMaxBacklog},
			}},
		{name: "dns_ttl_s", kind: kindFloat64, role: roleDefaulted, doc: fmt.Sprintf(DescRPDNSTTL, DefaultDNSTTLS),
			float64Default: float64default.StaticFloat64(DefaultDNSTTLS)},
		{name: "request_timeout_ms", kind: kindFloat64, role: roleOptional, doc: DescRPRequestTimeout},
		{name: "retry", kind: kindObject, role: roleDefaulted,
			doc: fmt.Sprintf(DescRPRetry, DefaultMaxAttempts, DefaultBackoffBaseMs, DefaultBackoffMaxMs),
			attrs: []attrSpec{
				{name: "max_attempts", kind: kindInt64, role: roleDefaulted,
					doc: fmt.Sprintf(DescRPMaxAttempts, MaxRetryAttempts, DefaultMaxAttempts)},
				{name: "backoff_base_ms", kind: kindFloat64, role: roleDefaulted,
					doc: fmt.Sprintf(DescRPBackoffBase, DefaultBackoffBaseMs)},
				{name: "backoff_max_ms", kind: kindFloat64, role: roleDefaulted,
					doc: fmt.Sprintf(DescRPBackoffMax, DefaultBackoffMaxMs)},
			}},
		{name: "circuit_breaker", kind: kindObject, role: roleOptional, doc: DescRPBreaker,
			attrs: []attrSpec{
				{name: "failure_threshold", kind: kindInt64, role: roleDefaulted,
					doc: fmt.Sprintf(DescRPBreakerThreshold, DefaultBreakerThreshold)},
				{name: "open_s", kind: kindFloat64, role: roleDefaulted,
					doc: fmt.Sprintf(DescRPBreakerOpen, DefaultBreakerOpenS)},
			}},
	}
}

// RoutingPolicyResourceAttributes is topology_routing_policy's resource
// schema.
func RoutingPolicyResourceAttributes() map[string]rschema.Attribute {
	return resourceAttributes(routingPolicyPath, routingPolicySpecs())
}

// routingPolicyAttribute is the simulation's routing_policy: a
// topology_routing_policy.
func routingPolicyAttribute() dschema.SingleNestedAttribute {
	obj := nestedAttributes(routingPolicyPath, routingPolicySpecs())
	return dschema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "How requests pick their region, how regions are health-checked, and how clients time " +
			"out and retry. Assign a whole `topology_routing_policy` through a local value, as for `regions` " +
			"(`locals { policy = topology_routing_policy.global }`, then `routing_policy = local.policy`); a literal " +
			"object works too, with the same defaults as the resource. Without it every origin is served by its " +
			"nearest region, whatever happens to that region, and there are no health checks, timeouts or retries. " +
			"With it, each scenario's results have a `routing` object (RTO, detection time per fault, attempts per " +
			"request, goodput, sovereignty violations) and the timeline shows the traffic per region.",
		Attributes: obj.Attributes,
		Validators: obj.Validators,
	}
}
