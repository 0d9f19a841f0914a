package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// routingPolicyResourceModel is the resource's state: the one struct of
// the routing policy's declaration in internal/mapping.
type routingPolicyResourceModel = mapping.RoutingPolicy

// Metadata names the resource topology_routing_policy.
func (r *routingPolicyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_routing_policy"
}

// Schema describes the routing policy's arguments and computed attributes,
// from the routing policy's one declaration.
func (r *routingPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: mapping.RoutingPolicyDescription,
		Attributes:          mapping.RoutingPolicyResourceAttributes(),
	}
}

// ValidateConfig applies the cross-attribute rules.
func (r *routingPolicyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg routingPolicyResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(mapping.CheckRoutingPolicy(cfg, path.Root)...)
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
	logResource(ctx, "ModifyPlan", resp.Plan, nil)
}

// resolveRoutingPolicy fills in m's computed attributes from the
// configuration cfg: the id, and the nested objects with the attributes
// the configuration leaves out at their defaults.
func resolveRoutingPolicy(m *routingPolicyResourceModel, cfg routingPolicyResourceModel) {
	m.ID = m.Name
	m.HealthCheck = mapping.ResolveHealthCheck(cfg.HealthCheck)
	m.Retry = mapping.ResolveRetry(cfg.Retry)
	m.CircuitBreaker = mapping.ResolveBreaker(cfg.CircuitBreaker)
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
	logResource(ctx, "ImportState", resp.State, map[string]any{"import_id": req.ID})
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
	for _, name := range mapping.SortedKeys(s.Attributes) {
		found.Append(validateAttribute(ctx, s.Attributes[name], path.Root(name), values[name])...)
	}
	found.Append(mapping.CheckRoutingPolicy(m, path.Root)...)
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
		if !mapping.Known(o) {
			return found
		}
		for _, name := range mapping.SortedKeys(a.Attributes) {
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
		Strategy:         types.StringValue(mapping.DefaultRoutingStrategy),
		GeoRoutes:        types.MapNull(types.StringType),
		Weights:          types.MapNull(types.Float64Type),
		Failover:         types.ListNull(types.StringType),
		HealthCheck:      types.ObjectNull(mapping.HealthCheckAttrTypes),
		DNSTTLS:          types.Float64Value(mapping.DefaultDNSTTLS),
		RequestTimeoutMs: types.Float64Null(),
		Retry:            types.ObjectNull(mapping.RetryAttrTypes),
		CircuitBreaker:   types.ObjectNull(mapping.BreakerAttrTypes),
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
		for _, k := range mapping.SortedKeys(weights) {
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
			vals[name] = mapping.NullOf(t)
			if v, ok := ints[key]; ok {
				vals[name], given = v, true
			}
			if v, ok := floats[key]; ok {
				vals[name], given = v, true
			}
		}
		return types.ObjectValueMust(attrTypes, vals), given
	}
	if o, given := object("health_check", mapping.HealthCheckAttrTypes); given {
		m.HealthCheck = o
	}
	if o, given := object("retry", mapping.RetryAttrTypes); given {
		m.Retry = o
	}
	if o, given := object("circuit_breaker", mapping.BreakerAttrTypes); given {
		m.CircuitBreaker = o
	}
	return m, diags
}
