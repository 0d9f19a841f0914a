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
	_ resource.Resource                   = (*cacheTierResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*cacheTierResource)(nil)
	_ resource.ResourceWithValidateConfig = (*cacheTierResource)(nil)
	_ resource.ResourceWithImportState    = (*cacheTierResource)(nil)
)

// NewCacheTierResource returns the topology_cache_tier resource: a
// per-region cache in front of a replica set.
func NewCacheTierResource() resource.Resource {
	return &cacheTierResource{}
}

// cacheTierResource is logical, like replicaSetResource: every computed
// attribute is known at plan time and Create/Update record the plan.
type cacheTierResource struct {
	logicalCRUD[cacheTierResourceModel]
}

// cacheTierResourceModel is the resource's state: the one struct of the
// cache tier's declaration in internal/mapping.
type cacheTierResourceModel = mapping.CacheTier

// Metadata names the resource topology_cache_tier.
func (r *cacheTierResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_tier"
}

// Schema describes the cache tier's arguments and computed attributes,
// from the cache tier's one declaration.
func (r *cacheTierResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: mapping.CacheTierDescription,
		Attributes:          mapping.CacheTierResourceAttributes(),
	}
}

// ValidateConfig applies the cross-attribute rules.
func (r *cacheTierResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg cacheTierResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(mapping.CheckCacheTier(cfg.TTLS, cfg.WritePolicy, path.Root)...)
}

// ModifyPlan works out the computed id from the planned name, so that it is
// known at plan time (defaults are applied by the schema).
func (r *cacheTierResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // Destroying: nothing to compute.
	}
	var plan cacheTierResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = plan.Name
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
	logResource(ctx, "ModifyPlan", resp.Plan, nil)
}

// cacheTierImportKeys are the keys an import ID may hold, in documented
// order; cacheTierImportRequired those it must hold.
var (
	cacheTierImportKeys     = []string{"name", "replica_set", "regions", "capacity_keys", "ttl_s", "eviction", "hit_latency_ms", "write_policy"}
	cacheTierImportRequired = []string{"name", "replica_set", "regions", "capacity_keys", "ttl_s"}
)

// cacheTierImportExample is a complete import ID shown in every import error.
const cacheTierImportExample = "name=hot,replica_set=orders,regions=us-east-1;eu-west-1,capacity_keys=100000,ttl_s=60,write_policy=invalidate"

// cacheTierImportError is the diagnostic for an import ID that cannot be
// read or holds invalid arguments.
func cacheTierImportError(problem string) diag.Diagnostic {
	return listImportError("topology_cache_tier", problem, cacheTierImportExample, cacheTierImportKeys, cacheTierImportRequired)
}

// ImportState builds the whole state from the import ID, which carries the
// arguments as key=value pairs (see cacheTierImportExample); keys left out
// take their defaults. The imported arguments go through the same
// validators and rules as configured ones.
func (r *cacheTierResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m, diags := parseCacheTierImportID(req.ID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateCacheTierImport(ctx, r, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = m.Name
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	logResource(ctx, "ImportState", resp.State, map[string]any{"import_id": req.ID})
}

// validateCacheTierImport runs the schema's validators and the
// cross-attribute rules over imported arguments.
func validateCacheTierImport(ctx context.Context, r *cacheTierResource, m cacheTierResourceModel) diag.Diagnostics {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var found diag.Diagnostics
	for _, name := range mapping.SortedKeys(s.Schema.Attributes) {
		p := path.Root(name)
		switch a := s.Schema.Attributes[name].(type) {
		case schema.StringAttribute:
			v := map[string]types.String{"name": m.Name, "replica_set": m.ReplicaSet, "eviction": m.Eviction,
				"write_policy": m.WritePolicy}[name]
			for _, vd := range a.Validators {
				resp := &validator.StringResponse{}
				vd.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: v}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.Int64Attribute:
			for _, vd := range a.Validators {
				resp := &validator.Int64Response{}
				vd.ValidateInt64(ctx, validator.Int64Request{Path: p, PathExpression: p.Expression(), ConfigValue: m.CapacityKeys}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.Float64Attribute:
			v := map[string]types.Float64{"ttl_s": m.TTLS, "hit_latency_ms": m.HitLatencyMs}[name]
			for _, vd := range a.Validators {
				resp := &validator.Float64Response{}
				vd.ValidateFloat64(ctx, validator.Float64Request{Path: p, PathExpression: p.Expression(), ConfigValue: v}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.ListAttribute:
			for _, vd := range a.Validators {
				resp := &validator.ListResponse{}
				vd.ValidateList(ctx, validator.ListRequest{Path: p, PathExpression: p.Expression(), ConfigValue: m.Regions}, resp)
				found.Append(resp.Diagnostics...)
			}
		}
	}
	found.Append(mapping.CheckCacheTier(m.TTLS, m.WritePolicy, path.Root)...)
	var diags diag.Diagnostics
	for _, d := range found.Errors() {
		diags.Append(cacheTierImportError(d.Detail()))
	}
	return diags
}

// parseCacheTierImportID reads an import ID into a model whose unset
// optional arguments hold their defaults.
func parseCacheTierImportID(id string) (cacheTierResourceModel, diag.Diagnostics) {
	values, diags := parseImportPairs(id, importIDSpec{keys: cacheTierImportKeys, required: cacheTierImportRequired, errorf: cacheTierImportError})
	if diags.HasError() {
		return cacheTierResourceModel{}, diags
	}

	var regions []attr.Value
	for _, name := range strings.Split(values["regions"], ";") {
		regions = append(regions, types.StringValue(strings.TrimSpace(name)))
	}
	m := cacheTierResourceModel{
		Name:         types.StringValue(values["name"]),
		ReplicaSet:   types.StringValue(values["replica_set"]),
		Regions:      types.ListValueMust(types.StringType, regions),
		Eviction:     types.StringValue(mapping.DefaultCacheEviction),
		HitLatencyMs: types.Float64Value(mapping.DefaultCacheHitLatencyMs),
		WritePolicy:  types.StringValue(mapping.DefaultCacheWritePolicy),
	}
	if v, ok := values["eviction"]; ok {
		m.Eviction = types.StringValue(v)
	}
	if v, ok := values["write_policy"]; ok {
		m.WritePolicy = types.StringValue(v)
	}
	n, err := strconv.ParseInt(values["capacity_keys"], 10, 64)
	if err != nil {
		diags.Append(cacheTierImportError(fmt.Sprintf("capacity_keys=%s is not a whole number; write it as, for example, capacity_keys=100000",
			values["capacity_keys"])))
	}
	m.CapacityKeys = types.Int64Value(n)
	floats := map[string]*types.Float64{"ttl_s": &m.TTLS, "hit_latency_ms": &m.HitLatencyMs}
	for _, k := range mapping.SortedKeys(floats) {
		v, ok := values[k]
		if !ok {
			continue
		}
		f, err := parseFiniteFloat(v)
		if err != nil {
			example := map[string]string{"ttl_s": "60", "hit_latency_ms": "0.5"}[k]
			diags.Append(cacheTierImportError(fmt.Sprintf("%s=%s is not a finite number; write it as, for example, %s=%s", k, v, k, example)))
			continue
		}
		*floats[k] = types.Float64Value(f)
	}
	if diags.HasError() {
		return cacheTierResourceModel{}, diags
	}
	return m, diags
}
