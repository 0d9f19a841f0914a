package mapping

// The per-operation results (results[*].operations) and the scenario's
// duplicate writes, null when no origin declares operations.

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

type operationOutput struct {
	Origin                string          `tfsdk:"origin"`
	Name                  string          `tfsdk:"name"`
	Kind                  string          `tfsdk:"kind"`
	ReplicaSet            string          `tfsdk:"replica_set"`
	ReadConsistency       types.String    `tfsdk:"read_consistency"`
	Idempotent            bool            `tfsdk:"idempotent"`
	Requests              int64           `tfsdk:"requests"`
	LatencyMs             latencyOutput   `tfsdk:"latency_ms"`
	LatencyMsCI           latencyCIOutput `tfsdk:"latency_ms_ci"`
	Availability          types.Float64   `tfsdk:"availability"`
	AvailabilityCI        intervalOutput  `tfsdk:"availability_ci"`
	StaleReadRatio        types.Float64   `tfsdk:"stale_read_ratio"`
	StaleReadRatioCI      intervalOutput  `tfsdk:"stale_read_ratio_ci"`
	DuplicateWrites       types.Float64   `tfsdk:"duplicate_writes"`
	DuplicateWritesCI     intervalOutput  `tfsdk:"duplicate_writes_ci"`
	DuplicateWriteRatio   types.Float64   `tfsdk:"duplicate_write_ratio"`
	DuplicateWriteRatioCI intervalOutput  `tfsdk:"duplicate_write_ratio_ci"`
}

// operationsFromReport maps the scenario's operations and duplicate
// writes; a figure the report leaves out (nothing measured it, or it does
// not apply to the operation's kind) is null.
func operationsFromReport(s simulator.ScenarioResult, out *scenarioOutput) {
	out.DuplicateWrites, out.DuplicateWritesCI = estimateOf(estimateOrNaN(s.DuplicateWrites))
	out.DuplicateWriteRatio, out.DuplicateWriteRatioCI = estimateOf(estimateOrNaN(s.DuplicateWriteRatio))
	if s.Operations == nil {
		return
	}
	out.Operations = make([]operationOutput, len(s.Operations))
	for i, op := range s.Operations {
		o := operationOutput{
			Origin: op.Origin, Name: op.Name, Kind: op.Kind, ReplicaSet: op.ReplicaSet,
			ReadConsistency: stringOrNull(op.ReadConsistency), Idempotent: op.Idempotent, Requests: op.Requests,
		}
		lat := simulator.Latency{Mean: nan, P50: nan, P95: nan, P99: nan, P999: nan}
		if op.Latency != nil {
			lat = *op.Latency
		}
		o.LatencyMs, o.LatencyMsCI = latencyOf(lat)
		o.Availability, o.AvailabilityCI = estimateOf(estimateOrNaN(op.Availability))
		o.StaleReadRatio, o.StaleReadRatioCI = estimateOf(estimateOrNaN(op.StaleReadRatio))
		o.DuplicateWrites, o.DuplicateWritesCI = estimateOf(estimateOrNaN(op.DuplicateWrites))
		o.DuplicateWriteRatio, o.DuplicateWriteRatioCI = estimateOf(estimateOrNaN(op.DuplicateWriteRatio))
		out.Operations[i] = o
	}
}

// operationResultsAttribute declares results[*].operations.
func operationResultsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "What each operation (`workload.origins[*].operations`) measured, origin by origin in " +
			"declaration order, beside the origins' pooled figures; null when no origin declares operations.",
		NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
			"origin":      computedString("Label of the operation's origin."),
			"name":        computedString("Operation name."),
			"kind":        computedString("`read` or `write`."),
			"replica_set": computedString("Replica set the operation reads or writes."),
			"read_consistency": computedString("For a read, the consistency it was served with: its own " +
				"`read_consistency`, else its replica set's; null for a write."),
			"idempotent": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the operation is idempotent (its `idempotent`, or the default for its kind)."},
			"requests":      computedInt64("Measured requests of the operation, over all replications."),
			"latency_ms":    latencyMeans("Client-side latency of the operation's successful requests"),
			"latency_ms_ci": latencyIntervals("latency_ms"),
		}, map[string]string{
			"availability": "Fraction of the operation's measured requests that succeeded; null when none was measured.",
			"stale_read_ratio": "For a read, the fraction of its reads served by a replica, a cache or the leader that " +
				"returned data older than the last committed version; null for a write.",
			"duplicate_writes": "For a write, its duplicate writes per replication: commits of one request after its " +
				"first, when a retried attempt had timed out on the client but committed. 0 for an idempotent write; " +
				"null for a read.",
			"duplicate_write_ratio": "For a write, its duplicate writes per measured write; null for a read.",
		})},
	}
}
