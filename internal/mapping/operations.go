package mapping

// Operations: the declaration of workload.origins[].operations, its typed
// input and its mapping to the model (simulator/operations.go holds the
// rules and the meaning), and the sla.duplicate_write_ratio target.

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// OperationInput is one named operation of an origin.
type OperationInput struct {
	Name                types.String  `tfsdk:"name"`
	Share               types.Float64 `tfsdk:"share"`
	ReplicaSet          types.String  `tfsdk:"replica_set"`
	Kind                types.String  `tfsdk:"kind"`
	ReadConsistency     types.String  `tfsdk:"read_consistency"`
	StalenessBoundMs    types.Float64 `tfsdk:"staleness_bound_ms"`
	Idempotent          types.Bool    `tfsdk:"idempotent"`
	LatencyP50Ms        types.Float64 `tfsdk:"latency_p50_ms"`
	LatencyP95Ms        types.Float64 `tfsdk:"latency_p95_ms"`
	LatencyP99Ms        types.Float64 `tfsdk:"latency_p99_ms"`
	LatencyP999Ms       types.Float64 `tfsdk:"latency_p999_ms"`
	Availability        types.Float64 `tfsdk:"availability"`
	StaleReadRatio      types.Float64 `tfsdk:"stale_read_ratio"`
	DuplicateWriteRatio types.Float64 `tfsdk:"duplicate_write_ratio"`
	// RequestBytes and ResponseBytes override the origin's (cost.go).
	RequestBytes  types.Int64 `tfsdk:"request_bytes"`
	ResponseBytes types.Int64 `tfsdk:"response_bytes"`
}

// operationsOf maps an origin's operations; none is nil, as the model
// leaves it (one mix of read_ratio over replica_set).
func operationsOf(in []OperationInput) []simulator.Operation {
	if in == nil {
		return nil
	}
	out := make([]simulator.Operation, 0, len(in))
	for _, op := range in {
		o := simulator.Operation{
			Name:                op.Name.ValueString(),
			Share:               op.Share.ValueFloat64(),
			ReplicaSet:          op.ReplicaSet.ValueString(),
			Kind:                op.Kind.ValueString(),
			ReadConsistency:     op.ReadConsistency.ValueString(),
			StalenessBoundMs:    op.StalenessBoundMs.ValueFloat64(),
			LatencyP50Ms:        float64Ptr(op.LatencyP50Ms),
			LatencyP95Ms:        float64Ptr(op.LatencyP95Ms),
			LatencyP99Ms:        float64Ptr(op.LatencyP99Ms),
			LatencyP999Ms:       float64Ptr(op.LatencyP999Ms),
			Availability:        float64Ptr(op.Availability),
			StaleReadRatio:      float64Ptr(op.StaleReadRatio),
			DuplicateWriteRatio: float64Ptr(op.DuplicateWriteRatio),
			RequestBytes:        int64Ptr(op.RequestBytes),
			ResponseBytes:       int64Ptr(op.ResponseBytes),
		}
		if !op.Idempotent.IsNull() && !op.Idempotent.IsUnknown() {
			v := op.Idempotent.ValueBool()
			o.Idempotent = &v
		}
		out = append(out, o)
	}
	return out
}

// operationsAttribute declares workload.origins[].operations.
func operationsAttribute() schema.ListNestedAttribute {
	rule := func(field string) string { return "workload.origins[].operations[]." + field }
	target := func(field, what string) schema.Float64Attribute {
		return schema.Float64Attribute{
			Optional:            true,
			MarkdownDescription: what,
			Validators:          []validator.Float64{Float64Rule(rule(field))},
		}
	}
	latency := func(field, quantile string) schema.Float64Attribute {
		return target(field, "Upper bound on the "+quantile+" of the operation's latency, in milliseconds: a clause "+
			"of its own in `results[*].sla`, with `origin` and `operation` set. Greater than `0`.")
	}
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "The origin's requests as a mix of named operations, each with its share, the replica set " +
			"it reads or writes and its own consistency contract, for example 90% `eventual` catalog reads beside 10% " +
			"order writes to a `sync_quorum` set. Each request is one operation, drawn independently with the shares " +
			"(which sum to `1`). With `operations`, the origin sets neither `read_ratio` nor `replica_set`; without, " +
			"its requests are one mix of `read_ratio` over `replica_set`. Results per operation are in " +
			"`results[*].operations`, beside the origin's pooled figures. At least one.",
		Validators: []validator.List{ListRule("workload.origins[].operations")},
		NestedObject: schema.NestedAttributeObject{
			Validators: []validator.Object{RequiredAttributes(map[string]string{
				"name":  `Set the operation's name, for example name = "checkout".`,
				"share": "Set the fraction of the origin's requests that are this operation, for example share = 0.1.",
				"kind":  `Set kind = "read" or kind = "write".`,
			})},
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: requiredMark + "Label of the operation in results and clauses; unique within its origin.",
					Validators:          []validator.String{StringRule(rule("name"))},
				},
				"share": schema.Float64Attribute{
					Optional: true, // Required, see RequiredAttributes.
					MarkdownDescription: requiredMark + "Fraction of the origin's requests that are this operation, " +
						"greater than `0` and at most `1`; the shares of an origin sum to `1`.",
					Validators: []validator.Float64{Float64Rule(rule("share"))},
				},
				"replica_set": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "Name of the replica set the operation reads or writes. Defaults to the first replica set.",
					Validators:          []validator.String{StringRule(rule("replica_set"))},
				},
				"kind": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: requiredMark + "`read` or `write`.",
					Validators:          []validator.String{StringRule(rule("kind"))},
				},
				"read_consistency": schema.StringAttribute{
					Optional: true,
					MarkdownDescription: "For a read, its own consistency, overriding the replica set's: `strong` (the " +
						"leader, never stale), `bounded_staleness` (the local replica while its lag is within " +
						"`staleness_bound_ms`, else the leader), `eventual` (the local replica) or `read_your_writes` (the " +
						"local replica unless it has not applied a write of the reading session to the key, else the " +
						"leader; the origin's `sessions` are shared by its operations). Defaults to the replica " +
						"set's `read_consistency`. Not allowed on a write.",
					Validators: []validator.String{StringRule(rule("read_consistency"))},
				},
				"staleness_bound_ms": target("staleness_bound_ms", "For a `bounded_staleness` read, the largest lag in "+
					"milliseconds at which the local replica may serve it. Defaults to the replica set's `staleness_bound_ms`; "+
					"required when the set has none. Greater than `0`."),
				"idempotent": schema.BoolAttribute{
					Optional: true,
					MarkdownDescription: "Whether applying the operation twice has the effect of applying it once. A write " +
						"that is not idempotent and whose attempt timed out on the client but still committed commits again " +
						"when the client retries it: each commit of one request after its first is a duplicate write, counted " +
						"in `results[*].operations[*].duplicate_writes`. Defaults to `true` for a read and `false` for a write, " +
						"so that duplicates are counted unless the write is declared safe to repeat (a conditional put, a " +
						"request id). `false` is not allowed on a read.",
				},
				"latency_p50_ms":  latency("latency_p50_ms", "50th percentile (median)"),
				"latency_p95_ms":  latency("latency_p95_ms", "95th percentile"),
				"latency_p99_ms":  latency("latency_p99_ms", "99th percentile"),
				"latency_p999_ms": latency("latency_p999_ms", "99.9th percentile"),
				"availability": target("availability", "Lower bound on the fraction of the operation's requests that "+
					"succeed, for example `0.999`."),
				"stale_read_ratio": target("stale_read_ratio", "For a read, upper bound on the fraction of its reads that "+
					"return data older than the last committed version, from `0` to `1`."),
				"duplicate_write_ratio": target("duplicate_write_ratio", "For a write, upper bound on its duplicate "+
					"writes per write, from `0` to `1`: `0` demands that no retry ever applies it twice."),
				"request_bytes":  originSizeAttributes(true)["request_bytes"],
				"response_bytes": originSizeAttributes(true)["response_bytes"],
			},
		},
	}
}

// duplicateWriteRatioTarget declares sla.duplicate_write_ratio.
func duplicateWriteRatioTarget() schema.Float64Attribute {
	return schema.Float64Attribute{
		Optional: true,
		MarkdownDescription: "Upper bound on duplicate writes per write, over every write operation, from `0` to `1`. " +
			"A duplicate write is a commit of a non-idempotent operation's request after its first: an attempt that " +
			"timed out on the client still commits, and its retry commits again. Only operations " +
			"(`workload.origins[*].operations`) declare idempotence; writes of an origin without operations are not " +
			"counted (the clause then warns).",
		Validators: []validator.Float64{Float64Rule("sla.duplicate_write_ratio")},
	}
}
