package provider

import (
	"context"
	"fmt"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
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

// ValidateConfig applies the simulation's cross-attribute rules
// (validateSimulationConfig), shared with the resource.
func (d *simulationDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateSimulationConfig(ctx, req.Config)...)
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
	resp.Diagnostics.Append(cfg.DecodeArguments(ctx)...)
	if resp.Diagnostics.HasError() {
		return
	}
	logResource(ctx, "Read", nil, nil)
	resp.Diagnostics.Append(simulate(ctx, &cfg, d.settings)...)
	if resp.Diagnostics.HasError() && cfg.Results == nil {
		return // Refused before any result.
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
