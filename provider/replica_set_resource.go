package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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

// Replica set defaults: the simulator's own (simulator.ApplyDefaults), so
// that the plan shows what will be simulated. The resource shows them in the
// plan and the data source applies the same ones to literal replica sets, so
// a replica set simulates the same whichever way it is given.
const (
	// defaultApplyTimeMs is the mean time a replica takes to apply one
	// write: 1 ms lets one replica apply 1000 writes/s.
	defaultApplyTimeMs = simulator.DefaultApplyTimeMs
	// defaultElectionTimeoutMs is how long a sync_quorum replica set waits
	// after losing its leader before electing a new one; etcd's default.
	defaultElectionTimeoutMs = simulator.DefaultElectionTimeoutMs
	// defaultPromotionDelayMs is how long an async_primary failover takes to
	// promote a follower: detection plus promotion in managed databases
	// takes tens of seconds.
	defaultPromotionDelayMs = simulator.DefaultPromotionDelayMs
	// defaultConflictResolution is how a multi_leader replica set resolves
	// concurrent writes: last writer wins.
	defaultConflictResolution = simulator.DefaultConflictResolution
	// defaultReadConsistency is the read consistency of a replica set.
	defaultReadConsistency = simulator.DefaultReadConsistency
)

// majority is the default quorum of a sync_quorum replica set of n
// replicas, leader included.
func majority(n int) int { return n/2 + 1 }

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

// replicaSetResourceModel is the resource's state.
type replicaSetResourceModel struct {
	ID                 types.String  `tfsdk:"id"`
	Name               types.String  `tfsdk:"name"`
	Regions            types.List    `tfsdk:"regions"`
	Leader             types.String  `tfsdk:"leader"`
	Replication        types.String  `tfsdk:"replication"`
	ReadConsistency    types.String  `tfsdk:"read_consistency"`
	Quorum             types.Int64   `tfsdk:"quorum"`
	StalenessBoundMs   types.Float64 `tfsdk:"staleness_bound_ms"`
	ApplyTimeMs        types.Float64 `tfsdk:"apply_time_ms"`
	ElectionTimeoutMs  types.Float64 `tfsdk:"election_timeout_ms"`
	PromotionDelayMs   types.Float64 `tfsdk:"promotion_delay_ms"`
	ConflictResolution types.String  `tfsdk:"conflict_resolution"`
	Replicas           types.Int64   `tfsdk:"replicas"`
	WriteRegions       types.List    `tfsdk:"write_regions"`
}

// fields are the attributes the replica set rules read.
func (m replicaSetResourceModel) fields() replicaSetFields {
	return replicaSetFields{
		Regions: m.Regions, Leader: m.Leader, Replication: m.Replication, ReadConsistency: m.ReadConsistency,
		Quorum: m.Quorum, StalenessBoundMs: m.StalenessBoundMs, ElectionTimeoutMs: m.ElectionTimeoutMs,
		PromotionDelayMs: m.PromotionDelayMs, ConflictResolution: m.ConflictResolution,
	}
}

// Metadata names the resource topology_replica_set.
func (r *replicaSetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replica_set"
}

// Replica set attribute descriptions shared by the resource and the data
// source's replica_sets, so that both document the same rules.
const (
	descRSRegions = "Names of the regions holding a replica, each a `topology_region` name (for example " +
		"`[topology_region.use1.name, topology_region.euw1.name]`). At least one; each region once."
	descRSLeader = "Region holding the primary replica; must be one of `regions`. For `multi_leader` it " +
		"breaks ties and serves `strong` reads."
	descRSReplication = "Replication mode: `sync_quorum` (Raft/Paxos-like: a write commits when `quorum` replicas, " +
		"the leader included, have it; losing the quorum makes writes unavailable), `async_primary` (writes commit at " +
		"the leader and reach followers later; a leader failure promotes a follower after `promotion_delay_ms` and " +
		"loses the writes it had not applied) or `multi_leader` (every region accepts writes; concurrent writes to a " +
		"key within the replication window conflict and are resolved by `conflict_resolution`)."
	descRSReadConsistency = "Where reads are served: `strong` (from the leader, always current), `bounded_staleness` " +
		"(from the local replica when its lag is within `staleness_bound_ms`, else from the leader) or `eventual` " +
		"(from the local replica, possibly stale). Defaults to `strong`."
	descRSQuorum = "For `sync_quorum` only: how many replicas, the leader included, must have a write before it " +
		"commits, from `1` to the number of `regions`. Defaults to a majority (`floor(n/2) + 1`). Setting it with " +
		"another replication mode is an error; there it is null."
	descRSStaleness = "For `read_consistency = \"bounded_staleness\"` only, and then required: the largest replication " +
		"lag in milliseconds at which a replica still serves a read locally. Greater than `0`."
	descRSApplyTime = "Mean time in milliseconds one replica takes to apply one write (one applier per replica, so a " +
		"replica applies at most `1000 / apply_time_ms` writes per second and its lag grows as the write rate nears " +
		"that). Greater than `0`; defaults to `%g`."
	descRSElection = "For `sync_quorum` only: how long in milliseconds followers wait after losing the leader before " +
		"electing a new one among the survivors. Greater than `0`; defaults to `%g`. Setting it with another " +
		"replication mode is an error; there it is null."
	descRSPromotion = "For `async_primary` only: how long in milliseconds a failover takes to promote a follower " +
		"after the leader's region fails. Writes committed at the old leader but not yet applied on the promoted " +
		"follower are lost (the RPO). Greater than `0`; defaults to `%g`. Setting it with another replication mode is " +
		"an error; there it is null."
	descRSConflict = "For `multi_leader` only: how concurrent writes to one key are resolved, `lww` (last writer " +
		"wins: the other writes are lost updates) or `crdt` (merged, nothing lost). Defaults to `lww`. Setting it " +
		"with another replication mode is an error; there it is null."
)

// Validators shared by the resource and the data source's replica_sets.
func rsRegionsValidators() []validator.List {
	return []validator.List{
		listNotEmpty(`Add the regions holding a replica, for example regions = ["us-east-1", "eu-west-1"].`),
		listUniqueStrings("region", "Remove the repeated region: a region holds at most one replica of a replica set."),
		listvalidator.ValueStringsAre(nameValidator()),
	}
}

func rsReplicationValidators() []validator.String {
	return []validator.String{stringOneOf(
		"Pick sync_quorum for writes that survive a region loss (Raft/Paxos), async_primary for one leader with "+
			"asynchronous followers, or multi_leader for local writes in every region.",
		simulator.ReplicationSyncQuorum, simulator.ReplicationAsyncPrimary, simulator.ReplicationMultiLeader)}
}

func rsReadConsistencyValidators() []validator.String {
	return []validator.String{stringOneOf(
		"Pick strong to read from the leader, bounded_staleness to read locally within staleness_bound_ms, "+
			"or eventual to always read locally; omit it for strong.",
		simulator.ReadStrong, simulator.ReadBoundedStaleness, simulator.ReadEventual)}
}

func rsConflictValidators() []validator.String {
	return []validator.String{stringOneOf(
		"Pick lww (last writer wins, the other writes are lost) or crdt (merged); omit it for lww.",
		simulator.ConflictLWW, simulator.ConflictCRDT)}
}

func rsQuorumValidators() []validator.Int64 {
	return []validator.Int64{int64AtLeast(1,
		"A write needs at least the leader's copy: set a quorum of 1 or more, or omit it for a majority.")}
}

func rsStalenessValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		"Set the largest lag in milliseconds at which a local replica may still serve reads, for example 500, "+
			"or use read_consistency = \"eventual\" to serve every read locally.")}
}

func rsApplyTimeValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		"Set the mean time in milliseconds a replica takes to apply one write, for example 1.")}
}

func rsElectionValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		"Set how long followers wait for a lost leader before electing a new one, in milliseconds, for example 1000.")}
}

func rsPromotionValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		"Set how long a failover takes to promote a follower, in milliseconds, for example 30000; for a near-instant promotion, a small value such as 1.")}
}

// Schema describes the replica set's arguments and computed attributes.
func (r *replicaSetResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A data store replicated over regions, with a leader (primary) region and a replication " +
			"mode: `sync_quorum`, `async_primary` or `multi_leader`. Requests of the `topology_simulation` workload " +
			"read and write it; the simulation measures commit latency, replication lag, stale reads, lost writes " +
			"and RPO at a failover, and conflicts.\n\n" +
			"The resource is logical, like `topology_region`: it manages no infrastructure. Its computed attributes " +
			"(`quorum`, `replicas`, `write_regions` and the defaults of the mode-specific settings) are known at " +
			"plan time, so a simulation that reads the replica set runs during `terraform plan`. " +
			"Settings of another replication mode are errors rather than silently ignored.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The replica set's `name`.",
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Unique name of the replica set, referenced by `workload.origins[*].replica_set` " +
					"and cache tiers: 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or " +
					"digit, for example `orders`. Changing it replaces the replica set.",
				Validators:    []validator.String{nameValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"regions": schema.ListAttribute{
				Required:            true,
				ElementType:         types.StringType,
				MarkdownDescription: descRSRegions,
				Validators:          rsRegionsValidators(),
			},
			"leader": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: descRSLeader,
				Validators:          []validator.String{nameValidator()},
			},
			"replication": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: descRSReplication,
				Validators:          rsReplicationValidators(),
			},
			"read_consistency": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultReadConsistency),
				MarkdownDescription: descRSReadConsistency,
				Validators:          rsReadConsistencyValidators(),
			},
			"quorum": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: descRSQuorum + " Known at plan time.",
				Validators:          rsQuorumValidators(),
			},
			"staleness_bound_ms": schema.Float64Attribute{
				Optional:            true,
				MarkdownDescription: descRSStaleness,
				Validators:          rsStalenessValidators(),
			},
			"apply_time_ms": schema.Float64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             float64default.StaticFloat64(defaultApplyTimeMs),
				MarkdownDescription: fmt.Sprintf(descRSApplyTime, defaultApplyTimeMs),
				Validators:          rsApplyTimeValidators(),
			},
			"election_timeout_ms": schema.Float64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: fmt.Sprintf(descRSElection, defaultElectionTimeoutMs),
				Validators:          rsElectionValidators(),
			},
			"promotion_delay_ms": schema.Float64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: fmt.Sprintf(descRSPromotion, defaultPromotionDelayMs),
				Validators:          rsPromotionValidators(),
			},
			"conflict_resolution": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: descRSConflict,
				Validators:          rsConflictValidators(),
			},
			"replicas": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of replicas: the length of `regions`. Known at plan time.",
			},
			"write_regions": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Regions that accept writes: every region of a `multi_leader` replica set, " +
					"otherwise the `leader` alone. Known at plan time.",
			},
		},
	}
}

// replicaSetFields are the attributes the cross-attribute rules read,
// shared by the resource and the data source's replica_sets elements.
type replicaSetFields struct {
	Regions            types.List
	Leader             types.String
	Replication        types.String
	ReadConsistency    types.String
	Quorum             types.Int64
	StalenessBoundMs   types.Float64
	ElectionTimeoutMs  types.Float64
	PromotionDelayMs   types.Float64
	ConflictResolution types.String
}

// known reports whether a value is set and known.
func known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// regionNames returns the region names of a known list whose elements are
// all known; ok is false otherwise.
func regionNames(l types.List) (names []string, ok bool) {
	if !known(l) {
		return nil, false
	}
	for _, e := range l.Elements() {
		s, isString := e.(types.String)
		if !isString || !known(s) {
			return nil, false
		}
		names = append(names, s.ValueString())
	}
	return names, true
}

// quoted renders names as a bracketed list: ["a", "b"].
func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// checkReplicaSet applies the rules that tie a replica set's attributes
// together: the leader among the regions, the quorum within the replicas,
// and each mode-specific setting only with its mode. at maps an attribute
// name to the path to report. Null read_consistency is the default, strong;
// unknown values are skipped, to be checked once known.
func checkReplicaSet(f replicaSetFields, at func(string) path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	regions, regionsKnown := regionNames(f.Regions)

	if regionsKnown && len(regions) > 0 && known(f.Leader) && !slices.Contains(regions, f.Leader.ValueString()) {
		leader := f.Leader.ValueString()
		diags.AddAttributeError(at("leader"), "Leader outside the replica set",
			fmt.Sprintf("leader %q is not one of regions %s: the leader holds the primary replica, so it must be one of "+
				"the replica set's %d regions. Set leader to one of %s, or add %q to regions.",
				leader, quoted(regions), len(regions), quoted(regions), leader))
	}

	if known(f.Replication) {
		mode := f.Replication.ValueString()
		onlyWith := func(name, want, value, fix string) {
			diags.AddAttributeError(at(name), "Setting of another replication mode",
				fmt.Sprintf("%s (%s) only applies to replication = %q, but replication is %q, which ignores it. %s",
					name, value, want, mode, fix))
		}
		if known(f.Quorum) && mode != simulator.ReplicationSyncQuorum {
			onlyWith("quorum", simulator.ReplicationSyncQuorum, strconv.FormatInt(f.Quorum.ValueInt64(), 10),
				"Remove quorum, or set replication = \"sync_quorum\" for writes that commit on a quorum.")
		}
		if known(f.ElectionTimeoutMs) && mode != simulator.ReplicationSyncQuorum {
			onlyWith("election_timeout_ms", simulator.ReplicationSyncQuorum, fmt.Sprintf("%g ms", f.ElectionTimeoutMs.ValueFloat64()),
				"Remove election_timeout_ms; an async_primary failover is timed by promotion_delay_ms.")
		}
		if known(f.PromotionDelayMs) && mode != simulator.ReplicationAsyncPrimary {
			onlyWith("promotion_delay_ms", simulator.ReplicationAsyncPrimary, fmt.Sprintf("%g ms", f.PromotionDelayMs.ValueFloat64()),
				"Remove promotion_delay_ms; a sync_quorum failover is timed by election_timeout_ms.")
		}
		if known(f.ConflictResolution) && mode != simulator.ReplicationMultiLeader {
			onlyWith("conflict_resolution", simulator.ReplicationMultiLeader, strconv.Quote(f.ConflictResolution.ValueString()),
				"Remove conflict_resolution: with a single leader, writes never conflict. Or set replication = \"multi_leader\".")
		}
	}

	if known(f.Quorum) && regionsKnown && len(regions) > 0 {
		if q := f.Quorum.ValueInt64(); q > int64(len(regions)) {
			replicas := fmt.Sprintf("%d replicas", len(regions))
			if len(regions) == 1 {
				replicas = "1 replica"
			}
			diags.AddAttributeError(at("quorum"), "Quorum larger than the replica set",
				fmt.Sprintf("quorum is %d but the replica set has %s (regions %s), so no write could ever commit. "+
					"Set quorum between 1 and %d, omit it for a majority (%d), or add regions.",
					q, replicas, quoted(regions), len(regions), majority(len(regions))))
		}
	}

	if !f.ReadConsistency.IsUnknown() && !f.StalenessBoundMs.IsUnknown() {
		consistency := stringOr(f.ReadConsistency, defaultReadConsistency)
		switch {
		case consistency == simulator.ReadBoundedStaleness && f.StalenessBoundMs.IsNull():
			diags.AddAttributeError(at("staleness_bound_ms"), "Missing staleness bound",
				"read_consistency is \"bounded_staleness\" but staleness_bound_ms is not set, so there is no bound to "+
					"serve local reads within. Set staleness_bound_ms to the largest lag in milliseconds a local read "+
					"may have, for example 500, or choose read_consistency \"strong\" or \"eventual\".")
		case consistency != simulator.ReadBoundedStaleness && !f.StalenessBoundMs.IsNull():
			source := "read_consistency is"
			if f.ReadConsistency.IsNull() {
				source = "read_consistency is not set, so it is"
			}
			diags.AddAttributeError(at("staleness_bound_ms"), "Staleness bound without bounded staleness",
				fmt.Sprintf("staleness_bound_ms (%g ms) only applies to read_consistency = \"bounded_staleness\", but %s %q, "+
					"which ignores it. Set read_consistency = \"bounded_staleness\", or remove staleness_bound_ms.",
					f.StalenessBoundMs.ValueFloat64(), source, consistency))
		}
	}
	return diags
}

// ValidateConfig applies the cross-attribute rules.
func (r *replicaSetResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg replicaSetResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkReplicaSet(cfg.fields(), path.Root)...)
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
			q = types.Int64Value(int64(majority(int(m.Replicas.ValueInt64()))))
		}
		m.Quorum = modeDefault(simulator.ReplicationSyncQuorum, q, types.Int64Unknown(), types.Int64Null()).(types.Int64)
	}
	if d.election {
		m.ElectionTimeoutMs = modeDefault(simulator.ReplicationSyncQuorum, types.Float64Value(defaultElectionTimeoutMs),
			types.Float64Unknown(), types.Float64Null()).(types.Float64)
	}
	if d.promote {
		m.PromotionDelayMs = modeDefault(simulator.ReplicationAsyncPrimary, types.Float64Value(defaultPromotionDelayMs),
			types.Float64Unknown(), types.Float64Null()).(types.Float64)
	}
	if d.conflict {
		m.ConflictResolution = modeDefault(simulator.ReplicationMultiLeader, types.StringValue(defaultConflictResolution),
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
}

// validateReplicaSetImport runs the schema's validators and the
// cross-attribute rules over imported arguments.
func validateReplicaSetImport(ctx context.Context, r *replicaSetResource, m replicaSetResourceModel) diag.Diagnostics {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var found diag.Diagnostics
	for _, name := range sortedKeys(s.Schema.Attributes) {
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
	found.Append(checkReplicaSet(m.fields(), path.Root)...)
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
		ReadConsistency:    types.StringValue(defaultReadConsistency),
		Quorum:             types.Int64Null(),
		StalenessBoundMs:   types.Float64Null(),
		ApplyTimeMs:        types.Float64Value(defaultApplyTimeMs),
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
	for _, k := range sortedKeys(floats) {
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
