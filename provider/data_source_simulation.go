package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

var (
	_ datasource.DataSource                   = (*simulationDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*simulationDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*simulationDataSource)(nil)
)

// NewSimulationDataSource returns the topology_simulation data source,
// which simulates the topology at plan time and checks it against its SLA.
func NewSimulationDataSource() datasource.DataSource {
	return &simulationDataSource{}
}

// simulationDataSource is a data source rather than a resource because a
// simulation has nothing to create: Terraform reads it during plan as soon
// as its arguments are known, which is what lets a plan fail on its SLA
// before anything is applied.
type simulationDataSource struct {
	// settings are the provider's defaults; nil until Configure runs with
	// a configured provider.
	settings *mapping.ProviderSettings
}

// Metadata names the data source topology_simulation.
func (d *simulationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_simulation"
}

// Configure keeps the provider's settings: default_seed and
// max_simulated_requests apply to every simulation.
func (d *simulationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return // Validation runs before the provider is configured.
	}
	settings, ok := req.ProviderData.(*mapping.ProviderSettings)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("The topology_simulation data source expected provider settings of type *mapping.ProviderSettings, got %T. "+
				"This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	d.settings = settings
}

// Schema describes the arguments and the computed results.
func (d *simulationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = mapping.SimulationSchema()
}

// ValidateConfig checks what single-attribute validators cannot: the
// warm-up against the run's duration, and a lognormal shape given to a
// literal region with another distribution. Unknown values are skipped;
// Read sees them once they are known.
func (d *simulationDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var duration, warmup types.Float64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("duration_s"), &duration)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("warmup_s"), &warmup)...)
	if !duration.IsUnknown() && !warmup.IsUnknown() && !warmup.IsNull() {
		dur, w := mapping.Float64Or(duration, simulator.DefaultDurationS), warmup.ValueFloat64()
		if w >= dur {
			source := "duration_s"
			if duration.IsNull() {
				source = "duration_s (not set, so its default)"
			}
			resp.Diagnostics.AddAttributeError(path.Root("warmup_s"), "Warm-up not shorter than the run",
				fmt.Sprintf("warmup_s is %g s but %s is %g s: requests are only measured after the warm-up, so nothing "+
					"would be measured. Lower warmup_s below %g, or raise duration_s above %g.", w, source, dur, dur, w))
		}
	}

	var regions types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("regions"), &regions)...)
	for i, elem := range regions.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		var r mapping.Region
		resp.Diagnostics.Append(obj.As(ctx, &r, basetypes.ObjectAsOptions{})...)
		resp.Diagnostics.Append(mapping.CheckServiceTimeShape(r, path.Root("regions").AtListIndex(i).AtName)...)
	}
	validateReplicaSetsAndScenarios(ctx, req, resp)
}

// validateReplicaSetsAndScenarios applies topology_replica_set's rules to
// each known replica set (and topology_cache_tier's and
// topology_routing_policy's to the cache tiers and the routing policy),
// checks that each known fault has the attributes its type needs, and warns when replica sets are declared but an origin
// sends no writes by default.
func validateReplicaSetsAndScenarios(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var replicaSets types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("replica_sets"), &replicaSets)...)
	for i, elem := range replicaSets.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !mapping.Known(obj) {
			continue
		}
		var r mapping.ReplicaSet
		resp.Diagnostics.Append(obj.As(ctx, &r, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("replica_sets").AtListIndex(i).AtName(name) }
		resp.Diagnostics.Append(mapping.CheckReplicaSet(r, at)...)
	}

	var scenarios types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("scenarios"), &scenarios)...)
	for i, elem := range scenarios.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !mapping.Known(obj) {
			continue
		}
		faults, ok := obj.Attributes()["faults"].(types.List)
		if !ok || !mapping.Known(faults) {
			continue
		}
		for j, fe := range faults.Elements() {
			fo, ok := fe.(types.Object)
			if !ok || !mapping.Known(fo) {
				continue
			}
			attrs := fo.Attributes()
			typ, ok := attrs["type"].(types.String)
			if !ok || !mapping.Known(typ) {
				continue
			}
			rules, ok := mapping.FaultRuleOf(typ.ValueString())
			if !ok {
				continue // The type attribute's validator reports it.
			}
			at := func(name string) path.Path {
				return path.Root("scenarios").AtListIndex(i).AtName("faults").AtListIndex(j).AtName(name)
			}
			for _, need := range rules.Needs {
				if v, ok := attrs[need]; ok && v.IsNull() {
					p := at(need)
					resp.Diagnostics.AddAttributeError(p, "Missing fault argument",
						fmt.Sprintf("%s is required by a %q fault but not set. %s", p, typ.ValueString(), rules.Hint(need)))
				}
			}
			if rules.Pair {
				origin, regionB := attrs["origin"], attrs["region_b"]
				switch {
				case origin == nil || regionB == nil || origin.IsUnknown() || regionB.IsUnknown():
				case origin.IsNull() && regionB.IsNull():
					p := at("origin")
					resp.Diagnostics.AddAttributeError(p, "Missing fault argument",
						fmt.Sprintf("%s is required by a %q fault but not set, and so is its alternative region_b: the fault is "+
							"between region and one other end. Set origin to the clients it hits, for example origin = \"virginia\", "+
							"or region_b to another region for a fault between two regions.", p, typ.ValueString()))
				case !origin.IsNull() && !regionB.IsNull():
					p := at("region_b")
					resp.Diagnostics.AddAttributeError(p, "Fault with two other ends",
						fmt.Sprintf("%s (%s) and %s (%s) are both set, but a %q fault is between region and one other end: "+
							"origin for the clients of an origin, or region_b for another region. Remove one of them.",
							at("origin"), mapping.ValueText(origin), p, mapping.ValueText(regionB), typ.ValueString()))
				}
			}
			for _, refused := range rules.Refuses {
				// duration_s = 0 means "until the end", the same as not set.
				if v, ok := attrs[refused]; ok && mapping.Known(v) && !v.Equal(types.Float64Value(0)) {
					p := at(refused)
					resp.Diagnostics.AddAttributeError(p, "Fault argument of another fault type",
						fmt.Sprintf("%s (%s) does not apply to a %q fault. %s", p, mapping.ValueText(v), typ.ValueString(),
							rules.Hint(refused)))
				}
			}
		}
	}

	var policy types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("routing_policy"), &policy)...)
	if mapping.Known(policy) {
		var p mapping.RoutingPolicy
		resp.Diagnostics.Append(policy.As(ctx, &p, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("routing_policy").AtName(name) }
		resp.Diagnostics.Append(mapping.CheckRoutingPolicy(p, at)...)
	}

	var cacheTiers types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("cache_tiers"), &cacheTiers)...)
	for i, elem := range cacheTiers.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !mapping.Known(obj) {
			continue
		}
		var t mapping.CacheTier
		resp.Diagnostics.Append(obj.As(ctx, &t, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("cache_tiers").AtListIndex(i).AtName(name) }
		resp.Diagnostics.Append(mapping.CheckCacheTier(t.TTLS, t.WritePolicy, at)...)
	}

	if len(replicaSets.Elements()) == 0 {
		return
	}
	var origins types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("workload").AtName("origins"), &origins)...)
	for i, elem := range origins.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !mapping.Known(obj) {
			continue
		}
		if v, ok := obj.Attributes()["read_ratio"]; ok && v.IsNull() {
			p := path.Root("workload").AtName("origins").AtListIndex(i).AtName("read_ratio")
			resp.Diagnostics.AddAttributeWarning(p, "Origin sends no writes",
				fmt.Sprintf("%s is not set, so it defaults to %g: every request of this origin is a read, and its replica "+
					"set replicates no writes from it (no lag, no lost writes, no conflicts). Set read_ratio, for example "+
					"read_ratio = 0.9 for 10%% writes.", p, mapping.DefaultReadRatio))
		}
	}
}

// Read runs the static checks, then the simulation, and reports SLA
// failures as diagnostics on the sla attribute.
func (d *simulationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !req.Config.Raw.IsFullyKnown() {
		// Terraform defers reading a data source whose configuration is
		// not known yet; only a client that supports deferred actions asks.
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &datasource.Deferred{Reason: datasource.DeferredReasonDataSourceConfigUnknown}
			return
		}
		resp.Diagnostics.AddError("Simulation arguments not known yet",
			"Some arguments of topology_simulation are only known after apply, so the topology cannot be simulated yet. "+
				"Run the plan again after applying, or make the arguments known at plan time.")
		return
	}

	var cfg mapping.Simulation
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The simulator applies its defaults and checks the model itself:
	// Run returns Check's findings with the report, or refuses the model
	// with all of them.
	m := cfg.ToModel(d.settings)
	tflog.Info(ctx, "Simulation started", map[string]any{
		"regions":      len(m.Regions),
		"replica_sets": len(m.ReplicaSets),
		"scenarios":    len(m.Scenarios),
		"routing":      m.RoutingPolicy != nil,
		"origins":      len(m.Workload.Origins),
		"replications": m.Run.Replications,
	})
	start := time.Now()
	rep, err := simulator.Run(ctx, m)
	if checkErr, ok := errors.AsType[*simulator.CheckError](err); ok {
		resp.Diagnostics.Append(mapping.FindingDiagnostics(ctx, mapping.SimulationSchema(), checkErr.Findings, m)...)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Simulation failed", fmt.Sprintf("The topology could not be simulated: %s.", err))
		return
	}
	resp.Diagnostics.Append(mapping.FindingDiagnostics(ctx, mapping.SimulationSchema(), rep.Findings, m)...)
	cfg.SetResults(rep)
	tflog.Info(ctx, "Simulation finished", map[string]any{
		"seed":               rep.Seed,
		"simulated_requests": rep.SimulatedRequests,
		"wall_time_ms":       time.Since(start).Milliseconds(),
		"sla_status":         cfg.SLAStatus.ValueString(),
	})

	resp.Diagnostics.Append(mapping.SLADiagnostics(rep, cfg.Enforced())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
