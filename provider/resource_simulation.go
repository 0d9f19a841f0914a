package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
)

var (
	_ resource.Resource                   = (*simulationResource)(nil)
	_ resource.ResourceWithConfigure      = (*simulationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*simulationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*simulationResource)(nil)
)

// NewSimulationResource returns the topology_simulation resource: the
// simulation as a managed resource, the SLA gate of a plan.
func NewSimulationResource() resource.Resource {
	return &simulationResource{}
}

// simulationResource simulates in its plan. Terraform plans a managed
// resource with the planned values of what it references, where it would
// postpone a data source that refers to a resource with changes pending
// to apply; so the resource's results are known in the plan, and an SLA
// failure fails the plan, however the topology is referenced.
type simulationResource struct {
	// settings are the provider's defaults; nil until Configure runs.
	settings *mapping.ProviderSettings
}

// Metadata names the resource topology_simulation.
func (r *simulationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_simulation"
}

// Schema is the data source's, derived from the same declaration.
func (r *simulationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = mapping.SimulationResourceSchema()
}

// Configure keeps the provider's settings.
func (r *simulationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return // Validation runs before the provider is configured.
	}
	settings, ok := req.ProviderData.(*mapping.ProviderSettings)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("The topology_simulation resource expected provider settings of type *mapping.ProviderSettings, got %T. "+
				"This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	r.settings = settings
}

// ValidateConfig applies the simulation's cross-attribute rules, as the
// data source does.
func (r *simulationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateSimulationConfig(ctx, req.Config)...)
}

// ModifyPlan simulates as soon as the configuration is wholly known and
// puts the results in the plan. It reuses the prior state's results when
// the model is unchanged, and leaves the results unknown, naming the input
// that is, when something is known only after apply. Destroy simulates
// nothing.
func (r *simulationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // Destroying: never simulated, never blocked by an SLA.
	}
	if !req.Config.Raw.IsFullyKnown() {
		at := firstUnknown(req.Config.Raw)
		resp.Diagnostics.AddAttributeWarning(at, "Simulation deferred to apply",
			fmt.Sprintf("%s is known only after apply, so topology_simulation cannot be simulated in this plan: its results "+
				"are known after apply, and the SLA is checked during apply, before anything that depends on the simulation "+
				"(with enforce = true a failed SLA fails the apply). To check the SLA in the plan, make %s known at plan time.",
				pathText(at), pathText(at)))
		logResource(ctx, "ModifyPlan", nil, map[string]any{"simulated": false, "unknown": pathText(at)})
		return
	}
	var cfg mapping.Simulation
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(cfg.DecodeArguments(ctx)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if prior, ok := r.priorResults(ctx, req.State, cfg, &resp.Diagnostics); ok {
		cfg.Results, cfg.SLAMet, cfg.SLAStatus = prior.Results, prior.SLAMet, prior.SLAStatus
		cfg.ReportMarkdown, cfg.SimulatedRequests = prior.ReportMarkdown, prior.SimulatedRequests
		if cfg.Enforced() && !cfg.SLAMet.ValueBool() {
			resp.Diagnostics.AddAttributeError(path.Root("sla"), "SLA not met",
				fmt.Sprintf("The simulation in the state (the model is unchanged, so it is not simulated again) has SLA status %q, "+
					"and enforce = true. Change the topology or the SLA, or set enforce = false to only warn.", cfg.SLAStatus.ValueString()))
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &cfg)...)
		logResource(ctx, "ModifyPlan", nil, map[string]any{"simulated": false, "reused": "the prior state's results (the model is unchanged)"})
		return
	}
	logResource(ctx, "ModifyPlan", nil, map[string]any{"simulated": true})
	resp.Diagnostics.Append(simulate(ctx, &cfg, r.settings)...)
	if cfg.Results == nil {
		return // Refused by the static checks: the errors say why.
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &cfg)...)
}

// priorResults is the prior state when it holds results for the same
// model as cfg (the same arguments and provider settings), so that a plan
// with nothing changed reports what was simulated without simulating.
func (r *simulationResource) priorResults(ctx context.Context, state tfsdk.State, cfg mapping.Simulation, diags *diag.Diagnostics) (mapping.Simulation, bool) {
	var prior mapping.Simulation
	if state.Raw.IsNull() || !state.Raw.IsFullyKnown() {
		return prior, false
	}
	diags.Append(state.Get(ctx, &prior)...)
	if diags.HasError() || prior.Results == nil {
		return prior, false
	}
	if d := prior.DecodeArguments(ctx); d.HasError() {
		return prior, false // A state this version cannot read: simulate anew.
	}
	return prior, sameModel(prior.ToModel(r.settings), cfg.ToModel(r.settings))
}

// sameModel compares two models by their JSON, the form the simulator's
// determinism is stated for.
func sameModel(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// Create stores the planned results, simulating only when the plan could
// not (an input was unknown then): a failed SLA then fails the apply.
func (r *simulationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan, req.Config, &resp.State, &resp.Diagnostics)
}

// Update is Create for a changed simulation.
func (r *simulationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan, req.Config, &resp.State, &resp.Diagnostics)
}

func (r *simulationResource) apply(ctx context.Context, plan tfsdk.Plan, config tfsdk.Config, state *tfsdk.State, diags *diag.Diagnostics) {
	var slaMet types.Bool
	diags.Append(plan.GetAttribute(ctx, path.Root("sla_met"), &slaMet)...)
	if diags.HasError() {
		return
	}
	var sim mapping.Simulation
	if !slaMet.IsUnknown() {
		// Simulated in the plan: the same model and seed give the same
		// results, so they are stored as planned.
		diags.Append(plan.Get(ctx, &sim)...)
		logResource(ctx, "Apply", nil, map[string]any{"simulated": false, "reused": "the plan's results"})
	} else {
		logResource(ctx, "Apply", nil, map[string]any{"simulated": true, "why": "an input was unknown at plan time"})
		diags.Append(config.Get(ctx, &sim)...)
		if diags.HasError() {
			return
		}
		diags.Append(sim.DecodeArguments(ctx)...)
		if diags.HasError() {
			return
		}
		diags.Append(simulate(ctx, &sim, r.settings)...)
	}
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, &sim)...)
}

// Read keeps the state: a simulation has no remote object to drift.
func (r *simulationResource) Read(ctx context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
	logResource(ctx, "Read", nil, nil)
}

// Delete forgets the simulation.
func (r *simulationResource) Delete(ctx context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
	logResource(ctx, "Delete", nil, nil)
}

// errStopWalk ends firstUnknown's walk at the first unknown value.
var errStopWalk = errors.New("stop")

// firstUnknown is the path of the first value of the configuration that
// is unknown, in schema order (attributes sorted by name).
func firstUnknown(v tftypes.Value) path.Path {
	found := path.Empty()
	_ = tftypes.Walk(v, func(p *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if v.IsKnown() {
			return true, nil
		}
		found = frameworkPath(p)
		return false, errStopWalk
	})
	return found
}

// frameworkPath converts a tftypes path to the framework's.
func frameworkPath(p *tftypes.AttributePath) path.Path {
	out := path.Empty()
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			out = out.AtName(string(s))
		case tftypes.ElementKeyInt:
			out = out.AtListIndex(int(s))
		case tftypes.ElementKeyString:
			out = out.AtMapKey(string(s))
		}
	}
	return out
}

// pathText is a path as a user writes it: regions[0].instances.
func pathText(p path.Path) string {
	s := p.String()
	if s == "" {
		return "an argument"
	}
	return strings.TrimPrefix(s, ".")
}
