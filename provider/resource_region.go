package provider

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// defaultP99OverP50 is the lognormal shape used when none is given: a p99
// three times the median is typical of a web service's service time.
const defaultP99OverP50 = 3.0

var (
	_ resource.Resource                   = (*regionResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*regionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*regionResource)(nil)
	_ resource.ResourceWithImportState    = (*regionResource)(nil)
)

// NewRegionResource returns the topology_region resource: one serving region
// of the topology, modelled as an M/G/c queue with a finite buffer.
func NewRegionResource() resource.Resource {
	return &regionResource{}
}

// regionResource is logical: it calls no remote API, so Create, Update and
// Delete only record the plan, and every computed attribute is worked out at
// plan time, where a simulation data source can read it.
type regionResource struct {
	logicalCRUD[regionResourceModel]
}

// regionResourceModel is the resource's state: the one struct of the
// region's declaration in internal/mapping.
type regionResourceModel = mapping.Region

// Metadata names the resource topology_region.
func (r *regionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_region"
}

// Schema describes the region's arguments and computed attributes, from
// the region's one declaration.
func (r *regionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: mapping.RegionDescription,
		Attributes:          mapping.RegionResourceAttributes(),
	}
}

// ValidateConfig rejects a lognormal shape given for another distribution,
// which would otherwise be silently ignored by the simulator.
func (r *regionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg regionResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(mapping.CheckServiceTimeShape(cfg, path.Root)...)
	resp.Diagnostics.Append(mapping.CheckAutoscaling(cfg, path.Root)...)
}

// ModifyPlan works out the computed attributes from the planned arguments.
// They are recomputed on every plan rather than copied from state, so that
// changing location, instances or service time shows its effect in the plan.
func (r *regionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // Destroying: nothing to compute.
	}
	var plan, cfg regionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Optional+computed arguments follow their default only while the
	// configuration leaves them out; otherwise the plan already holds the
	// configured value.
	resp.Diagnostics.Append(resolveRegion(&plan, cfg.Jurisdiction.IsNull(), cfg.ServiceTimeP99OverP50.IsNull())...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
	logResource(ctx, "ModifyPlan", resp.Plan, nil)
}

// resolveRegion fills in the computed attributes of m from its arguments,
// leaving unknown those whose inputs are unknown. When defaultJurisdiction or
// defaultShape is true the corresponding attribute takes its default.
func resolveRegion(m *regionResourceModel, defaultJurisdiction, defaultShape bool) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = m.Name

	switch {
	case m.Location.IsUnknown():
		m.Latitude, m.Longitude = types.Float64Unknown(), types.Float64Unknown()
		if defaultJurisdiction {
			m.Jurisdiction = types.StringUnknown()
		}
	default:
		loc, err := geo.Parse(m.Location.ValueString())
		if err != nil {
			// Validation rejects a bad location first; this backstop keeps
			// a state with unresolved coordinates from ever being written.
			diags.AddAttributeError(path.Root("location"), "Invalid location", fmt.Sprintf("%s.", err))
			return diags
		}
		m.Latitude, m.Longitude = types.Float64Value(loc.Latitude), types.Float64Value(loc.Longitude)
		if defaultJurisdiction {
			m.Jurisdiction = types.StringValue(loc.Jurisdiction)
		}
	}

	if defaultShape {
		switch {
		case m.ServiceTimeDistribution.IsUnknown():
			m.ServiceTimeP99OverP50 = types.Float64Unknown()
		case m.ServiceTimeDistribution.ValueString() == simulator.DistLognormal:
			m.ServiceTimeP99OverP50 = types.Float64Value(defaultP99OverP50)
		default:
			m.ServiceTimeP99OverP50 = types.Float64Null()
		}
	}

	if m.Instances.IsUnknown() || m.Concurrency.IsUnknown() || m.ServiceTimeMs.IsUnknown() {
		m.CapacityRPS = types.Float64Unknown()
	} else {
		// The simulator owns the capacity formula; the provider only shows it.
		m.CapacityRPS = types.Float64Value(simulator.Region{
			Instances:     int(m.Instances.ValueInt64()),
			Concurrency:   int(m.Concurrency.ValueInt64()),
			ServiceTimeMs: m.ServiceTimeMs.ValueFloat64(),
		}.CapacityRPS())
	}
	return diags
}

// regionImportKeys are the keys an import ID may hold, in the order the
// import format documents them.
var regionImportKeys = []string{
	"name", "location", "jurisdiction", "instances", "concurrency", "service_time_ms",
	"service_time_distribution", "service_time_p99_over_p50", "queue_limit",
}

// regionImportRequired are the keys every import ID must hold.
var regionImportRequired = []string{"name", "location", "instances", "service_time_ms"}

// regionImportExample is a complete import ID shown in every import error.
const regionImportExample = "name=us-east-1,location=aws:us-east-1,instances=10,concurrency=8,service_time_ms=20"

// ImportState builds the whole state from the import ID. A logical region
// has no remote object to read back, so, as time_static imports its value,
// the ID carries the arguments as comma-separated key=value pairs, for
// example "name=us-east-1,location=aws:us-east-1,instances=10,service_time_ms=20".
// Keys left out take their defaults.
func (r *regionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m, diags := parseRegionImportID(req.ID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// An import ID bypasses configuration validation, so run the schema's
	// own validators over the arguments before resolving anything: an
	// imported region obeys the same rules as a configured one.
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	resp.Diagnostics.Append(validateImportedState(ctx, s.Schema, resp.State)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resolveRegion(&m, m.Jurisdiction.IsNull(), m.ServiceTimeP99OverP50.IsNull())...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	logResource(ctx, "ImportState", resp.State, map[string]any{"import_id": req.ID})
}

// importIDError is the diagnostic for an import ID that cannot be read.
func importIDError(problem string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID", fmt.Sprintf(
		"%s.\n\nThe import ID of a topology_region lists its arguments as comma-separated key=value pairs, "+
			"for example %q. Required keys: %s. Optional keys: %s.",
		strings.TrimSuffix(problem, "."), regionImportExample, strings.Join(regionImportRequired, ", "), strings.Join(optionalImportKeys(), ", ")))
}

// optionalImportKeys lists the import keys that may be left out.
func optionalImportKeys() []string {
	var keys []string
	for _, k := range regionImportKeys {
		if !slices.Contains(regionImportRequired, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// parseRegionImportID reads an import ID into a model whose unset optional
// arguments hold their defaults (concurrency, distribution) or null
// (jurisdiction and shape, resolved later; queue_limit).
func parseRegionImportID(id string) (regionResourceModel, diag.Diagnostics) {
	// "geo:LAT,LON" holds a comma of its own: a piece with no "="
	// continues the value before it.
	values, diags := parseImportPairs(id, importIDSpec{
		keys: regionImportKeys, required: regionImportRequired, errorf: importIDError,
		continues: func(_ string, hasEquals bool) bool { return !hasEquals },
	})
	if diags.HasError() {
		return regionResourceModel{}, diags
	}

	m := regionResourceModel{
		Name:                    types.StringValue(values["name"]),
		Location:                types.StringValue(values["location"]),
		Jurisdiction:            types.StringNull(),
		Concurrency:             types.Int64Value(1),
		ServiceTimeDistribution: types.StringValue(simulator.DistExponential),
		ServiceTimeP99OverP50:   types.Float64Null(),
		QueueLimit:              types.Int64Null(),
		Prices:                  types.ObjectNull(mapping.PricesAttrTypes),
		Autoscaling:             types.ObjectNull(mapping.AutoscalingAttrTypes),
	}
	if v, ok := values["jurisdiction"]; ok {
		m.Jurisdiction = types.StringValue(v)
	}
	if v, ok := values["service_time_distribution"]; ok {
		m.ServiceTimeDistribution = types.StringValue(v)
	}
	ints := map[string]*types.Int64{"instances": &m.Instances, "concurrency": &m.Concurrency, "queue_limit": &m.QueueLimit}
	for _, k := range mapping.SortedKeys(ints) {
		v, ok := values[k]
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			diags.Append(importIDError(fmt.Sprintf("%s=%s is not a whole number; write it as, for example, %s=10", k, v, k)))
			continue
		}
		*ints[k] = types.Int64Value(n)
	}
	floats := map[string]*types.Float64{"service_time_ms": &m.ServiceTimeMs, "service_time_p99_over_p50": &m.ServiceTimeP99OverP50}
	for _, k := range mapping.SortedKeys(floats) {
		v, ok := values[k]
		if !ok {
			continue
		}
		f, err := parseFiniteFloat(v)
		if err != nil {
			diags.Append(importIDError(fmt.Sprintf("%s=%s is not a finite number; write it as, for example, %s=20 or %s=2.5", k, v, k, k)))
			continue
		}
		*floats[k] = types.Float64Value(f)
	}
	if diags.HasError() {
		return regionResourceModel{}, diags
	}
	for _, d := range mapping.CheckServiceTimeShape(m, path.Root) {
		diags.Append(importIDError(d.Detail()))
	}
	return m, diags
}

// parseFiniteFloat reads a decimal number for an import ID. strconv accepts
// "NaN" and "Inf", which no Terraform number can hold (the framework panics
// on NaN), so they are refused here like any other malformed number.
func parseFiniteFloat(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a finite number", v)
	}
	return f, nil
}

// validateImportedState runs every attribute validator of s over the values
// in state and reports each failure as an import ID error.
func validateImportedState(ctx context.Context, s schema.Schema, state tfsdk.State) diag.Diagnostics {
	var diags, found diag.Diagnostics
	for _, name := range mapping.SortedKeys(s.Attributes) {
		p := path.Root(name)
		switch a := s.Attributes[name].(type) {
		case schema.StringAttribute:
			var v types.String
			diags.Append(state.GetAttribute(ctx, p, &v)...)
			for _, vd := range a.Validators {
				r := &validator.StringResponse{}
				vd.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: v}, r)
				found.Append(r.Diagnostics...)
			}
		case schema.Int64Attribute:
			var v types.Int64
			diags.Append(state.GetAttribute(ctx, p, &v)...)
			for _, vd := range a.Validators {
				r := &validator.Int64Response{}
				vd.ValidateInt64(ctx, validator.Int64Request{Path: p, PathExpression: p.Expression(), ConfigValue: v}, r)
				found.Append(r.Diagnostics...)
			}
		case schema.Float64Attribute:
			var v types.Float64
			diags.Append(state.GetAttribute(ctx, p, &v)...)
			for _, vd := range a.Validators {
				r := &validator.Float64Response{}
				vd.ValidateFloat64(ctx, validator.Float64Request{Path: p, PathExpression: p.Expression(), ConfigValue: v}, r)
				found.Append(r.Diagnostics...)
			}
		}
	}
	for _, d := range found.Errors() {
		diags.Append(importIDError(d.Detail()))
	}
	return diags
}
