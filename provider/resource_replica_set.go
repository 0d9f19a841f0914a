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

	"github.com/multiregion/terraform-provider-topology/simulator"
)

var (
	_ resource.Resource                   = (*replicaSetResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*replicaSetResource)(nil)
	_ resource.ResourceWithValidateConfig = (*replicaSetResource)(nil)
	_ resource.ResourceWithImportState    = (*replicaSetResource)(nil)
)

// NewReplicaSetResource returns the topology_replica_set resource: a data
// store replicated over regions, with a leader and a replication mode.
func NewReplicaSetResource() resource.Resource {
	return &replicaSetResource{}
}

// replicaSetResource is logical, like regionResource: every computed
// attribute is worked out at plan time and Create/Update record the plan.
type replicaSetResource struct {
	logicalCRUD[replicaSetResourceModel]
}

// replicaSetResourceModel is the resource's state: the one struct of the
// replica set's declaration in internal/mapping.
type replicaSetResourceModel = mapping.ReplicaSet

// Metadata names the resource topology_replica_set.
func (r *replicaSetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replica_set"
}

// Schema describes the replica set's arguments and computed attributes,
// from the replica set's one declaration.
func (r *replicaSetResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: mapping.ReplicaSetDescription,
		Attributes:          mapping.ReplicaSetResourceAttributes(),
	}
}

// ValidateConfig applies the cross-attribute rules.
func (r *replicaSetResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg replicaSetResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(mapping.CheckReplicaSet(cfg, path.Root)...)
}

// ModifyPlan works out the computed attributes from the planned arguments,
// on every plan, so that a change of mode or regions shows its effect.
func (r *replicaSetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // Destroying: nothing to compute.
	}
	var plan, cfg replicaSetResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolveReplicaSet(&plan, replicaSetDefaults{
		quorum:   cfg.Quorum.IsNull(),
		election: cfg.ElectionTimeoutMs.IsNull(),
		promote:  cfg.PromotionDelayMs.IsNull(),
		conflict: cfg.ConflictResolution.IsNull(),
	})
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
	logResource(ctx, "ModifyPlan", resp.Plan, nil)
}

// replicaSetDefaults says which optional+computed arguments the
// configuration leaves out, so that they follow their default.
type replicaSetDefaults struct{ quorum, election, promote, conflict bool }

// resolveReplicaSet fills in the computed attributes of m, leaving unknown
// those whose inputs are unknown. A mode-specific argument left out takes its
// default under its mode and is null under the others.
func resolveReplicaSet(m *replicaSetResourceModel, d replicaSetDefaults) {
	m.ID = m.Name
	modeKnown := !m.Replication.IsUnknown()
	mode := m.Replication.ValueString()

	if m.Regions.IsUnknown() {
		m.Replicas = types.Int64Unknown()
	} else {
		// The count only needs the list, not its elements.
		m.Replicas = types.Int64Value(int64(len(m.Regions.Elements())))
	}

	switch {
	case !modeKnown:
		m.WriteRegions = types.ListUnknown(types.StringType)
	case mode == simulator.ReplicationMultiLeader:
		m.WriteRegions = m.Regions
		if m.Regions.IsNull() {
			m.WriteRegions = types.ListNull(types.StringType)
		}
	default:
		if m.Leader.IsUnknown() {
			m.WriteRegions = types.ListUnknown(types.StringType)
		} else {
			m.WriteRegions = types.ListValueMust(types.StringType, []attr.Value{m.Leader})
		}
	}

	// modeDefault returns the value of an argument that only applies to
	// want: unknown while the mode is, its default under want, null
	// otherwise.
	modeDefault := func(want string, def, unknown, null attr.Value) attr.Value {
		switch {
		case !modeKnown:
			return unknown
		case mode == want:
			return def
		default:
			return null
		}
	}
	if d.quorum {
		q := types.Int64Unknown()
		if !m.Replicas.IsUnknown() {
			q = types.Int64Value(int64(mapping.Majority(int(m.Replicas.ValueInt64()))))
		}
		m.Quorum = modeDefault(simulator.ReplicationSyncQuorum, q, types.Int64Unknown(), types.Int64Null()).(types.Int64)
	}
	if d.election {
		m.ElectionTimeoutMs = modeDefault(simulator.ReplicationSyncQuorum, types.Float64Value(mapping.DefaultElectionTimeoutMs),
			types.Float64Unknown(), types.Float64Null()).(types.Float64)
	}
	if d.promote {
		m.PromotionDelayMs = modeDefault(simulator.ReplicationAsyncPrimary, types.Float64Value(mapping.DefaultPromotionDelayMs),
			types.Float64Unknown(), types.Float64Null()).(types.Float64)
	}
	if d.conflict {
		m.ConflictResolution = modeDefault(simulator.ReplicationMultiLeader, types.StringValue(mapping.DefaultConflictResolution),
			types.StringUnknown(), types.StringNull()).(types.String)
	}
}

// replicaSetImportKeys are the keys an import ID may hold, in documented
// order; replicaSetImportRequired those it must hold.
var (
	replicaSetImportKeys = []string{
		"name", "regions", "leader", "replication", "read_consistency", "quorum", "staleness_bound_ms",
		"apply_time_ms", "election_timeout_ms", "promotion_delay_ms", "conflict_resolution",
	}
	replicaSetImportRequired = []string{"name", "regions", "leader", "replication"}
)

// replicaSetImportExample is a complete import ID shown in every import error.
const replicaSetImportExample = "name=orders,regions=us-east-1;eu-west-1;ap-northeast-1,leader=us-east-1,replication=sync_quorum"

// replicaSetImportError is the diagnostic for an import ID that cannot be
// read or holds invalid arguments.
func replicaSetImportError(problem string) diag.Diagnostic {
	return listImportError("topology_replica_set", problem, replicaSetImportExample, replicaSetImportKeys, replicaSetImportRequired)
}

// ImportState builds the whole state from the import ID, which carries the
// arguments as key=value pairs (see replicaSetImportExample); keys left out
// take their defaults. The imported arguments go through the same
// validators and rules as configured ones.
func (r *replicaSetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m, diags := parseReplicaSetImportID(req.ID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateReplicaSetImport(ctx, r, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolveReplicaSet(&m, replicaSetDefaults{
		quorum: m.Quorum.IsNull(), election: m.ElectionTimeoutMs.IsNull(),
		promote: m.PromotionDelayMs.IsNull(), conflict: m.ConflictResolution.IsNull(),
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	logResource(ctx, "ImportState", resp.State, map[string]any{"import_id": req.ID})
}

// validateReplicaSetImport runs the schema's validators and the
// cross-attribute rules over imported arguments.
func validateReplicaSetImport(ctx context.Context, r *replicaSetResource, m replicaSetResourceModel) diag.Diagnostics {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var found diag.Diagnostics
	for _, name := range mapping.SortedKeys(s.Schema.Attributes) {
		p := path.Root(name)
		switch a := s.Schema.Attributes[name].(type) {
		case schema.StringAttribute:
			v := map[string]types.String{"name": m.Name, "leader": m.Leader, "replication": m.Replication,
				"read_consistency": m.ReadConsistency, "conflict_resolution": m.ConflictResolution}[name]
			for _, vd := range a.Validators {
				resp := &validator.StringResponse{}
				vd.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: v}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.Int64Attribute:
			v := map[string]types.Int64{"quorum": m.Quorum}[name]
			for _, vd := range a.Validators {
				resp := &validator.Int64Response{}
				vd.ValidateInt64(ctx, validator.Int64Request{Path: p, PathExpression: p.Expression(), ConfigValue: v}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.Float64Attribute:
			v := map[string]types.Float64{"staleness_bound_ms": m.StalenessBoundMs, "apply_time_ms": m.ApplyTimeMs,
				"election_timeout_ms": m.ElectionTimeoutMs, "promotion_delay_ms": m.PromotionDelayMs}[name]
			for _, vd := range a.Validators {
				resp := &validator.Float64Response{}
				vd.ValidateFloat64(ctx, validator.Float64Request{Path: p, PathExpression: p.Expression(), ConfigValue: v}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.ListAttribute:
			if name != "regions" {
				continue
			}
			for _, vd := range a.Validators {
				resp := &validator.ListResponse{}
				vd.ValidateList(ctx, validator.ListRequest{Path: p, PathExpression: p.Expression(), ConfigValue: m.Regions}, resp)
				found.Append(resp.Diagnostics...)
			}
		}
	}
	found.Append(mapping.CheckReplicaSet(m, path.Root)...)
	var diags diag.Diagnostics
	for _, d := range found.Errors() {
		diags.Append(replicaSetImportError(d.Detail()))
	}
	return diags
}

// parseReplicaSetImportID reads an import ID into a model whose unset
// optional arguments hold their static defaults (read_consistency,
// apply_time_ms) or null (the mode-dependent ones, resolved later).
func parseReplicaSetImportID(id string) (replicaSetResourceModel, diag.Diagnostics) {
	values, diags := parseImportPairs(id, importIDSpec{keys: replicaSetImportKeys, required: replicaSetImportRequired, errorf: replicaSetImportError})
	if diags.HasError() {
		return replicaSetResourceModel{}, diags
	}

	var regions []attr.Value
	for _, name := range strings.Split(values["regions"], ";") {
		regions = append(regions, types.StringValue(strings.TrimSpace(name)))
	}
	m := replicaSetResourceModel{
		Name:               types.StringValue(values["name"]),
		Regions:            types.ListValueMust(types.StringType, regions),
		Leader:             types.StringValue(values["leader"]),
		Replication:        types.StringValue(values["replication"]),
		ReadConsistency:    types.StringValue(mapping.DefaultReadConsistency),
		Quorum:             types.Int64Null(),
		StalenessBoundMs:   types.Float64Null(),
		ApplyTimeMs:        types.Float64Value(mapping.DefaultApplyTimeMs),
		ElectionTimeoutMs:  types.Float64Null(),
		PromotionDelayMs:   types.Float64Null(),
		ConflictResolution: types.StringNull(),
	}
	if v, ok := values["read_consistency"]; ok {
		m.ReadConsistency = types.StringValue(v)
	}
	if v, ok := values["conflict_resolution"]; ok {
		m.ConflictResolution = types.StringValue(v)
	}
	if v, ok := values["quorum"]; ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			diags.Append(replicaSetImportError(fmt.Sprintf("quorum=%s is not a whole number; write it as, for example, quorum=2", v)))
		}
		m.Quorum = types.Int64Value(n)
	}
	floats := map[string]*types.Float64{
		"staleness_bound_ms": &m.StalenessBoundMs, "apply_time_ms": &m.ApplyTimeMs,
		"election_timeout_ms": &m.ElectionTimeoutMs, "promotion_delay_ms": &m.PromotionDelayMs,
	}
	for _, k := range mapping.SortedKeys(floats) {
		v, ok := values[k]
		if !ok {
			continue
		}
		f, err := parseFiniteFloat(v)
		if err != nil {
			diags.Append(replicaSetImportError(fmt.Sprintf("%s=%s is not a finite number; write it as, for example, %s=500", k, v, k)))
			continue
		}
		*floats[k] = types.Float64Value(f)
	}
	if diags.HasError() {
		return replicaSetResourceModel{}, diags
	}
	return m, diags
}
