package mapping

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Replica set defaults: the simulator's own (simulator.ApplyDefaults), so
// that the plan shows what will be simulated. The resource shows them in the
// plan and the data source applies the same ones to literal replica sets, so
// a replica set simulates the same whichever way it is given.
const (
	// DefaultApplyTimeMs is the mean time a replica takes to apply one
	// write: 1 ms lets one replica apply 1000 writes/s.
	DefaultApplyTimeMs = simulator.DefaultApplyTimeMs
	// DefaultElectionTimeoutMs is how long a sync_quorum replica set waits
	// after losing its leader before electing a new one; etcd's default.
	DefaultElectionTimeoutMs = simulator.DefaultElectionTimeoutMs
	// DefaultPromotionDelayMs is how long an async_primary failover takes to
	// promote a follower: detection plus promotion in managed databases
	// takes tens of seconds.
	DefaultPromotionDelayMs = simulator.DefaultPromotionDelayMs
	// DefaultConflictResolution is how a multi_leader replica set resolves
	// concurrent writes: last writer wins.
	DefaultConflictResolution = simulator.DefaultConflictResolution
	// DefaultReadConsistency is the read consistency of a replica set.
	DefaultReadConsistency = simulator.DefaultReadConsistency
)

// Majority is the default quorum of a sync_quorum replica set of n
// replicas, leader included.
func Majority(n int) int { return n/2 + 1 }

// Replica set attribute descriptions shared by the resource and the data
// source's replica_sets, so that both document the same rules.
const (
	DescRSRegions = "Names of the regions holding a replica, each a `topology_region` name (for example " +
		"`[topology_region.use1.name, topology_region.euw1.name]`). At least one; each region once."
	DescRSLeader = "Region holding the primary replica; must be one of `regions`. For `multi_leader` it " +
		"breaks ties and serves `strong` reads."
	DescRSReplication = "Replication mode: `sync_quorum` (Raft/Paxos-like: a write commits when `quorum` replicas, " +
		"the leader included, have it; losing the quorum makes writes unavailable), `async_primary` (writes commit at " +
		"the leader and reach followers later; a leader failure promotes a follower after `promotion_delay_ms` and " +
		"loses the writes it had not applied) or `multi_leader` (every region accepts writes; concurrent writes to a " +
		"key within the replication window conflict and are resolved by `conflict_resolution`)."
	DescRSReadConsistency = "Where reads are served: `strong` (from the leader, always current), `bounded_staleness` " +
		"(from the local replica when its lag is within `staleness_bound_ms`, else from the leader), `eventual` " +
		"(from the local replica, possibly stale) or `read_your_writes` (from the local replica, except a read of a key " +
		"its client session wrote that the local replica has not applied yet, which goes to the leader: a session " +
		"never reads older than its own writes, and pays the round trip to the leader for those reads; sessions per " +
		"origin are the workload origin's `sessions`). Defaults to `strong`."
	DescRSQuorum = "For `sync_quorum` only: how many replicas, the leader included, must have a write before it " +
		"commits, from `1` to the number of `regions`. Defaults to a majority (`floor(n/2) + 1`). Setting it with " +
		"another replication mode is an error; there it is null."
	DescRSStaleness = "For `read_consistency = \"bounded_staleness\"` only, and then required: the largest replication " +
		"lag in milliseconds at which a replica still serves a read locally. Greater than `0`."
	DescRSApplyTime = "Mean time in milliseconds one replica takes to apply one write (one applier per replica, so a " +
		"replica applies at most `1000 / apply_time_ms` writes per second and its lag grows as the write rate nears " +
		"that). Greater than `0`; defaults to `%g`."
	DescRSElection = "For `sync_quorum` only: how long in milliseconds followers wait after losing the leader before " +
		"electing a new one among the survivors. Greater than `0`; defaults to `%g`. Setting it with another " +
		"replication mode is an error; there it is null."
	DescRSPromotion = "For `async_primary` only: how long in milliseconds a failover takes to promote a follower " +
		"after the leader's region fails. Writes committed at the old leader but not yet applied on the promoted " +
		"follower are lost (the RPO). Greater than `0`; defaults to `%g`. Setting it with another replication mode is " +
		"an error; there it is null."
	DescRSConflict = "For `multi_leader` only: how concurrent writes to one key are resolved, `lww` (last writer " +
		"wins: the other writes are lost updates) or `crdt` (merged, nothing lost). Defaults to `lww`. Setting it " +
		"with another replication mode is an error; there it is null."
)

// Known reports whether a value is set and known.
func Known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// RegionNames returns the region names of a known list whose elements are
// all known; ok is false otherwise.
func RegionNames(l types.List) (names []string, ok bool) {
	if !Known(l) {
		return nil, false
	}
	for _, e := range l.Elements() {
		s, isString := e.(types.String)
		if !isString || !Known(s) {
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

// CheckReplicaSet applies the rules that tie a replica set's attributes
// together: the leader among the regions, the quorum within the replicas,
// and each mode-specific setting only with its mode. at maps an attribute
// name to the path to report. Null read_consistency is the default, strong;
// unknown values are skipped, to be checked once known.
func CheckReplicaSet(f ReplicaSet, at func(string) path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	regions, regionsKnown := RegionNames(f.Regions)

	if regionsKnown && len(regions) > 0 && Known(f.Leader) && !slices.Contains(regions, f.Leader.ValueString()) {
		leader := f.Leader.ValueString()
		diags.AddAttributeError(at("leader"), "Leader outside the replica set",
			fmt.Sprintf("leader %q is not one of regions %s: the leader holds the primary replica, so it must be one of "+
				"the replica set's %d regions. Set leader to one of %s, or add %q to regions.",
				leader, quoted(regions), len(regions), quoted(regions), leader))
	}

	if Known(f.Replication) {
		mode := f.Replication.ValueString()
		onlyWith := func(name, want, value, fix string) {
			diags.AddAttributeError(at(name), "Setting of another replication mode",
				fmt.Sprintf("%s (%s) only applies to replication = %q, but replication is %q, which ignores it. %s",
					name, value, want, mode, fix))
		}
		if Known(f.Quorum) && mode != simulator.ReplicationSyncQuorum {
			onlyWith("quorum", simulator.ReplicationSyncQuorum, strconv.FormatInt(f.Quorum.ValueInt64(), 10),
				"Remove quorum, or set replication = \"sync_quorum\" for writes that commit on a quorum.")
		}
		if Known(f.ElectionTimeoutMs) && mode != simulator.ReplicationSyncQuorum {
			onlyWith("election_timeout_ms", simulator.ReplicationSyncQuorum, fmt.Sprintf("%g ms", f.ElectionTimeoutMs.ValueFloat64()),
				"Remove election_timeout_ms; an async_primary failover is timed by promotion_delay_ms.")
		}
		if Known(f.PromotionDelayMs) && mode != simulator.ReplicationAsyncPrimary {
			onlyWith("promotion_delay_ms", simulator.ReplicationAsyncPrimary, fmt.Sprintf("%g ms", f.PromotionDelayMs.ValueFloat64()),
				"Remove promotion_delay_ms; a sync_quorum failover is timed by election_timeout_ms.")
		}
		if Known(f.ConflictResolution) && mode != simulator.ReplicationMultiLeader {
			onlyWith("conflict_resolution", simulator.ReplicationMultiLeader, strconv.Quote(f.ConflictResolution.ValueString()),
				"Remove conflict_resolution: with a single leader, writes never conflict. Or set replication = \"multi_leader\".")
		}
		if Known(f.SplitBrainResolution) && mode != simulator.ReplicationAsyncPrimary {
			onlyWith("split_brain_resolution", simulator.ReplicationAsyncPrimary, strconv.Quote(f.SplitBrainResolution.ValueString()),
				"Remove split_brain_resolution: only an async_primary leader, deposed while cut off, keeps accepting writes. "+
					"Or set replication = \"async_primary\".")
		}
	}

	if Known(f.Quorum) && regionsKnown && len(regions) > 0 {
		if q := f.Quorum.ValueInt64(); q > int64(len(regions)) {
			replicas := fmt.Sprintf("%d replicas", len(regions))
			if len(regions) == 1 {
				replicas = "1 replica"
			}
			diags.AddAttributeError(at("quorum"), "Quorum larger than the replica set",
				fmt.Sprintf("quorum is %d but the replica set has %s (regions %s), so no write could ever commit. "+
					"Set quorum between 1 and %d, omit it for a majority (%d), or add regions.",
					q, replicas, quoted(regions), len(regions), Majority(len(regions))))
		}
	}

	if !f.ReadConsistency.IsUnknown() && !f.StalenessBoundMs.IsUnknown() {
		consistency := stringOr(f.ReadConsistency, DefaultReadConsistency)
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

// ReplicaSet is topology_replica_set: the resource's state, and one
// element of the simulation's replica_sets, decoded by the same struct from
// the same declaration (replicaSetSpecs). regions stays a framework list
// because validation reads it while some elements may be unknown.
type ReplicaSet struct {
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
	// SplitBrainResolution is async_primary's split-brain reconciliation
	// (health_signals.go); null is discard.
	SplitBrainResolution types.String `tfsdk:"split_brain_resolution"`
	// StorageGB and RecordBytes are null when not given (cost.go).
	StorageGB   types.Float64 `tfsdk:"storage_gb"`
	RecordBytes types.Int64   `tfsdk:"record_bytes"`
}

// ReplicaSetDescription describes topology_replica_set.
const ReplicaSetDescription = "A data store replicated over regions, with a leader (primary) region and a replication " +
	"mode: `sync_quorum`, `async_primary` or `multi_leader`. Requests of the `topology_simulation` workload " +
	"read and write it; the simulation measures commit latency, replication lag, stale reads, lost writes " +
	"and RPO at a failover, and conflicts.\n\n" +
	"The resource is logical, like `topology_region`: it manages no infrastructure. Its computed attributes " +
	"(`quorum`, `replicas`, `write_regions` and the defaults of the mode-specific settings) are known at " +
	"plan time, so a simulation that reads the replica set runs during `terraform plan`. " +
	"Settings of another replication mode are errors rather than silently ignored."

// replicaSetSpecs declares topology_replica_set's attributes, once.
func replicaSetSpecs() []attrSpec {
	return []attrSpec{
		{name: "id", kind: kindString, role: roleComputed, doc: "The replica set's `name`."},
		{name: "name", kind: kindString, role: roleRequired, replaces: true,
			doc: "Unique name of the replica set, referenced by `workload.origins[*].replica_set` " +
				"and cache tiers: 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or " +
				"digit, for example `orders`. Changing it replaces the replica set.",
			missing: `Set the replica set's unique name, for example name = "orders".`},
		{name: "regions", kind: kindStringList, role: roleRequired, doc: DescRSRegions,
			missing: `Set the regions holding a replica, for example regions = ["us-east-1", "eu-west-1"].`},
		{name: "leader", kind: kindString, role: roleRequired, doc: DescRSLeader,
			missing: `Set the region holding the primary, for example leader = "us-east-1".`},
		{name: "replication", kind: kindString, role: roleRequired, doc: DescRSReplication,
			missing: `Set the replication mode: "sync_quorum", "async_primary" or "multi_leader".`},
		{name: "read_consistency", kind: kindString, role: roleDefaulted, doc: DescRSReadConsistency,
			stringDefault: stringdefault.StaticString(DefaultReadConsistency)},
		{name: "quorum", kind: kindInt64, role: roleDefaulted, doc: DescRSQuorum},
		{name: "staleness_bound_ms", kind: kindFloat64, role: roleOptional, doc: DescRSStaleness},
		{name: "apply_time_ms", kind: kindFloat64, role: roleDefaulted, doc: fmt.Sprintf(DescRSApplyTime, DefaultApplyTimeMs),
			float64Default: float64default.StaticFloat64(DefaultApplyTimeMs)},
		{name: "election_timeout_ms", kind: kindFloat64, role: roleDefaulted,
			doc: fmt.Sprintf(DescRSElection, DefaultElectionTimeoutMs)},
		{name: "promotion_delay_ms", kind: kindFloat64, role: roleDefaulted,
			doc: fmt.Sprintf(DescRSPromotion, DefaultPromotionDelayMs)},
		{name: "conflict_resolution", kind: kindString, role: roleDefaulted, doc: DescRSConflict},
		{name: "replicas", kind: kindInt64, role: roleComputed,
			doc: "Number of replicas: the length of `regions`. Known at plan time."},
		{name: "write_regions", kind: kindStringList, role: roleComputed,
			doc: "Regions that accept writes: every region of a `multi_leader` replica set, " +
				"otherwise the `leader` alone. Known at plan time."},
		{name: "split_brain_resolution", kind: kindString, role: roleOptional, doc: DescRSSplitBrain},
		{name: "storage_gb", kind: kindFloat64, role: roleOptional, doc: DescRSStorageGB},
		{name: "record_bytes", kind: kindInt64, role: roleOptional, doc: DescRSRecordBytes},
	}
}

// ReplicaSetResourceAttributes is topology_replica_set's resource schema.
func ReplicaSetResourceAttributes() map[string]rschema.Attribute {
	return resourceAttributes(replicaSetsPath, replicaSetSpecs())
}

// ToModel maps one replica set, applying the same defaults as
// topology_replica_set (the simulator's) so that a literal object and a
// resource simulate alike: a mode-specific setting left out takes its
// default under its mode and stays zero under the others (where Check
// reports a value set there). Quorum 0 is the simulator's majority.
func (r ReplicaSet) ToModel() simulator.ReplicaSet {
	mode := r.Replication.ValueString()
	rs := simulator.ReplicaSet{
		Name:               r.Name.ValueString(),
		Leader:             r.Leader.ValueString(),
		Replication:        mode,
		ReadConsistency:    stringOr(r.ReadConsistency, DefaultReadConsistency),
		Quorum:             int(r.Quorum.ValueInt64()),
		StalenessBoundMs:   r.StalenessBoundMs.ValueFloat64(),
		ApplyTimeMs:        Float64Or(r.ApplyTimeMs, DefaultApplyTimeMs),
		ElectionTimeoutMs:  r.ElectionTimeoutMs.ValueFloat64(),
		PromotionDelayMs:   r.PromotionDelayMs.ValueFloat64(),
		ConflictResolution: r.ConflictResolution.ValueString(),
	}
	rs.SplitBrainResolution = r.SplitBrainResolution.ValueString()
	rs.StorageGB, rs.RecordBytes = float64Ptr(r.StorageGB), int64Ptr(r.RecordBytes)
	for _, e := range r.Regions.Elements() {
		if s, ok := e.(types.String); ok {
			rs.Regions = append(rs.Regions, s.ValueString())
		}
	}
	switch mode {
	case simulator.ReplicationSyncQuorum:
		rs.ElectionTimeoutMs = Float64Or(r.ElectionTimeoutMs, DefaultElectionTimeoutMs)
	case simulator.ReplicationAsyncPrimary:
		rs.PromotionDelayMs = Float64Or(r.PromotionDelayMs, DefaultPromotionDelayMs)
	case simulator.ReplicationMultiLeader:
		rs.ConflictResolution = stringOr(r.ConflictResolution, DefaultConflictResolution)
	}
	return rs
}

func replicaSetsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "The replicated data stores the requests read and write. Assign whole " +
			"`topology_replica_set` resources through a local value, as for `regions` " +
			"(`locals { replica_sets = [topology_replica_set.orders] }`, then `replica_sets = local.replica_sets`); " +
			"literal objects work too, with the same defaults as the resource. Without replica sets a request is " +
			"served by its region alone. Names must be unique and every region must be in `regions`.",
		NestedObject: nestedAttributes(replicaSetsPath, replicaSetSpecs()),
	}
}
