package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// logCount is a count or a duration for a log field that may reach a
// million (requests, events, milliseconds) or beyond (a seed). Terraform
// reads a provider's log lines as JSON into float64 and prints a float64
// of a million or more in exponent form, with quotes: an int64 of
// 1982174 shows as simulated_requests="1.982174e+06" under TF_LOG, and a
// seed above 2^53 loses digits. Its decimal digits as a string survive the
// trip and print as simulated_requests=1982174. Small structural counts
// (regions, scenarios, replications) stay integers.
func logCount[T int64 | uint64](n T) string {
	if v, ok := any(n).(uint64); ok {
		return strconv.FormatUint(v, 10)
	}
	return strconv.FormatInt(int64(n), 10)
}

// withSimulationLog returns ctx with the simulator's summary logged
// through tflog: each scenario at debug (replications, requests, events,
// wall time, why it stopped), the whole at info. The framework adds the
// resource or data source type and the RPC to every line.
func withSimulationLog(ctx context.Context) context.Context {
	return simulator.WithSummary(ctx, func(s simulator.Summary) {
		for i, sc := range s.Scenarios {
			tflog.Debug(ctx, "Scenario simulated", map[string]any{
				"scenario":             sc.Name,
				"scenario_index":       i,
				"replications":         sc.Replications,
				"replications_planned": s.ReplicationsPlanned,
				"simulated_requests":   logCount(sc.SimulatedRequests),
				"events":               logCount(sc.Events),
				"wall_time_ms":         logCount(sc.Elapsed.Milliseconds()),
				"stop_reason":          sc.StopReason,
			})
		}
		tflog.Info(ctx, "Simulation finished", map[string]any{
			"seed":                 logCount(s.Seed),
			"regions":              s.Regions,
			"origins":              s.Origins,
			"replica_sets":         s.ReplicaSets,
			"scenarios":            len(s.Scenarios),
			"replications_planned": s.ReplicationsPlanned,
			"parallelism":          s.Parallelism,
			"simulated_requests":   logCount(s.SimulatedRequests),
			"events":               logCount(s.Events),
			"wall_time_ms":         logCount(s.Elapsed.Milliseconds()),
		})
	})
}

// logResource logs at debug that op (Create, Read, Update, Delete,
// ModifyPlan, ImportState, Apply) ran on the logical object named by the
// "name" attribute of st (nil, or no name, for a simulation), with
// fields; the framework adds the resource type and the RPC to every line.
func logResource(ctx context.Context, op string, st nameGetter, fields map[string]any) {
	var name types.String
	if st != nil {
		_ = st.GetAttribute(ctx, path.Root("name"), &name)
	}
	f := map[string]any{"operation": op}
	if n := name.ValueString(); n != "" {
		f["name"] = n
	}
	for k, v := range fields {
		f[k] = v
	}
	tflog.Debug(ctx, "Topology resource "+op, f)
}

// nameGetter is what logResource reads the name from: a plan, a state or
// a configuration (tfsdk.Plan, tfsdk.State, tfsdk.Config).
type nameGetter interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}
