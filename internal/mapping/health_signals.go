package mapping

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Descriptions of the health signals beside the probes and of split-brain
// reconciliation, shared by the resources and the data source.
const (
	DescRPHCMaxLag = "When set, the health check also reads every replica's replication lag (the age of the oldest " +
		"committed write it has not applied) at each probe of its region: after `failure_threshold` consecutive " +
		"checks above this many milliseconds the replica is marked unhealthy for its replica set's reads, and the " +
		"non-strong reads it would serve go to the set's leader instead (fresh, at the cost of the round trip to " +
		"the leader's region), until as many checks at or below it. Writes are not affected. Greater than `0`; not " +
		"set means lag is not a health signal."
	DescRPHCMaxBacklog = "When set, the health check also reads every region's queue backlog (requests waiting for a " +
		"server) at each probe: after `failure_threshold` consecutive checks above this many the region is marked " +
		"down for all traffic, as by failed probes, until as many checks at or below it (and its probes pass). At " +
		"least `1`; not set means the backlog is not a health signal."
	DescRSSplitBrain = "For `async_primary` only: what the heal of a split-brain does with the deposed leader's " +
		"divergent writes (those it committed that never reached the promoted follower, and those it accepted from " +
		"its own region's clients while partitions cut it off): `discard` (lost, counted in `lost_at_failover` and " +
		"`lost_at_heal`) or `merge` (merged into the new leader's history: nothing lost, counted in " +
		"`split_brain_merged` and `merges`, and in `conflicts` when the new leader wrote the same key meanwhile). " +
		"A leader that is down at the promotion (an outage) holds no split-brain, and its unreplicated writes stay " +
		"lost either way. Not set means `discard`. Setting it with another replication mode is an error."
)

// estimateOrNull splits an optional estimate into its mean and interval,
// both null when the report omits it (so that a plan of a model without
// the feature shows neither).
func estimateOrNull(e *simulator.Estimate) (types.Float64, *intervalOutput) {
	if e == nil {
		return types.Float64Null(), nil
	}
	mean, ci := estimateOf(*e)
	return mean, &ci
}

// healthSignalOutput is one row of the routing results' health_signals.
type healthSignalOutput struct {
	Signal       string         `tfsdk:"signal"`
	Region       string         `tfsdk:"region"`
	ReplicaSet   types.String   `tfsdk:"replica_set"`
	Detected     types.Float64  `tfsdk:"detected"`
	FirstDownS   types.Float64  `tfsdk:"first_down_s"`
	FirstDownSCI intervalOutput `tfsdk:"first_down_s_ci"`
	DownS        types.Float64  `tfsdk:"down_s"`
	DownSCI      intervalOutput `tfsdk:"down_s_ci"`
	Marks        types.Float64  `tfsdk:"marks"`
	MarksCI      intervalOutput `tfsdk:"marks_ci"`
}

// healthSignalsFromReport maps the routing results' health signals.
func healthSignalsFromReport(rows []simulator.SignalResult) []healthSignalOutput {
	if len(rows) == 0 {
		return nil // null: a plan without the signals shows nothing
	}
	out := make([]healthSignalOutput, len(rows))
	for i, s := range rows {
		o := healthSignalOutput{Signal: s.Signal, Region: s.Region, ReplicaSet: types.StringNull(), Detected: float64OrNull(s.Detected)}
		if s.ReplicaSet != "" {
			o.ReplicaSet = types.StringValue(s.ReplicaSet)
		}
		o.FirstDownS, o.FirstDownSCI = estimateOf(s.FirstDownS)
		o.DownS, o.DownSCI = estimateOf(s.DownS)
		o.Marks, o.MarksCI = estimateOf(s.Marks)
		out[i] = o
	}
	return out
}

// healthSignalsAttribute is the routing results' health_signals.
func healthSignalsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "With a health check's `max_replication_lag_ms` or `max_queue_backlog`: what each " +
			"health signal (`probe`, `replication_lag`, `queue_backlog`) marked down, one row per region (per replica " +
			"of a replica set, for `replication_lag`) that some replication marked down at least once; null otherwise.",
		NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
			"signal":      computedString("`probe`, `replication_lag` or `queue_backlog`."),
			"region":      computedString("The region marked (the replica's, for `replication_lag`)."),
			"replica_set": computedString("The replica's set, for `replication_lag`; null otherwise."),
			"detected":    computedFloat64("Fraction of replications in which the signal marked it down at least once."),
		}, map[string]string{
			"first_down_s": "Time of the first down mark, in seconds from the start of the run, over the replications that had one.",
			"down_s":       "Seconds it was marked down, per replication.",
			"marks":        "Down marks, per replication.",
		})},
	}
}

// signalTimelineOf maps a timeline point's health-signal readings, nil
// (null) when the health check does not read them.
func signalTimelineOf(p simulator.TimelinePoint) (backlog []types.Float64, lag [][]types.Float64) {
	floats := func(xs []float64) []types.Float64 {
		out := make([]types.Float64, len(xs))
		for i, x := range xs {
			out[i] = float64OrNull(x)
		}
		return out
	}
	if p.QueueBacklog != nil {
		backlog = floats(p.QueueBacklog)
	}
	for _, set := range p.ReplicaLagMs {
		lag = append(lag, floats(set))
	}
	return backlog, lag
}

// timelineQueueBacklogAttribute is a timeline point's queue_backlog.
func timelineQueueBacklogAttribute() schema.ListAttribute {
	return schema.ListAttribute{
		Computed:    true,
		ElementType: types.Float64Type,
		MarkdownDescription: "With the health check's `max_queue_backlog`: the largest queue backlog (requests waiting) " +
			"the health checks read in each region in the step, in the order of `regions`; a step without a check " +
			"holds the previous reading. Null otherwise.",
	}
}

// timelineReplicaLagAttribute is a timeline point's replica_lag_ms.
func timelineReplicaLagAttribute() schema.ListAttribute {
	return schema.ListAttribute{
		Computed:    true,
		ElementType: types.ListType{ElemType: types.Float64Type},
		MarkdownDescription: "With the health check's `max_replication_lag_ms`: the largest replication lag, in " +
			"milliseconds, the health checks read at each replica in the step, one list per replica set (in the order " +
			"of `replica_sets`) of one value per replica (in the order of its `regions`); a step without a check holds " +
			"the previous reading. Null otherwise.",
	}
}
