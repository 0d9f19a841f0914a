// Package provider is the Terraform front-end of the topology simulator: it
// declares the topology resources, the simulation data source and the
// provider functions, and translates between their attributes and the
// simulator's one Model value.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TypeName is the provider's type name, the prefix of every resource.
const TypeName = "topology"

var (
	_ provider.Provider              = (*topologyProvider)(nil)
	_ provider.ProviderWithFunctions = (*topologyProvider)(nil)
)

// New returns a constructor for the provider at the given version, as the
// plugin server and the acceptance tests expect.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &topologyProvider{version: version} }
}

type topologyProvider struct {
	version string
}

// minSimulatedRequests is the smallest max_simulated_requests: a budget
// below it could not run the smallest useful simulation.
const minSimulatedRequests = 1000

// integerAttribute types an integer argument with mapping.IntegerType, so
// that a fraction, an infinity or a number past int64 is refused with the
// attribute's range rather than the framework's conversion error.
func integerAttribute(a schema.Int64Attribute) schema.Int64Attribute {
	a.CustomType = mapping.IntegerTypeFor(a.Validators)
	return a
}

type providerModel struct {
	DefaultSeed          types.Int64 `tfsdk:"default_seed"`
	MaxSimulatedRequests types.Int64 `tfsdk:"max_simulated_requests"`
}

func (p *topologyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

func (p *topologyProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Declares a multi-region application topology and simulates it at plan time " +
			"with a discrete-event simulator, so that a plan is checked against its SLA before it is applied. " +
			"The provider talks to no remote API: every resource is logical and every result is computed locally.",
		Attributes: map[string]schema.Attribute{
			"default_seed": integerAttribute(schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Seed used by simulations that set none. Defaults to `1`. " +
					"The same topology and seed always give the same results.",
				Validators: []validator.Int64{mapping.Int64AtLeast(0,
					fmt.Sprintf("Set any non-negative integer, or omit it for %d.", mapping.DefaultSeed))},
			}),
			"max_simulated_requests": integerAttribute(schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Upper bound on the requests one simulation may simulate over all its " +
					"replications, so that a plan stays fast. Defaults to `50000000`; a simulation whose workload " +
					"needs more is refused at plan time with the figure.",
				Validators: []validator.Int64{mapping.Int64AtLeast(minSimulatedRequests,
					fmt.Sprintf("Set the most requests one simulation may simulate, at least %d, or omit it for %d.",
						minSimulatedRequests, simulator.DefaultMaxSimulatedRequests))},
			}),
		},
	}
}

func (p *topologyProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings := mapping.DefaultProviderSettings()
	if !cfg.DefaultSeed.IsNull() && !cfg.DefaultSeed.IsUnknown() {
		settings.DefaultSeed = uint64(cfg.DefaultSeed.ValueInt64())
	}
	if !cfg.MaxSimulatedRequests.IsNull() && !cfg.MaxSimulatedRequests.IsUnknown() {
		settings.MaxSimulatedRequests = cfg.MaxSimulatedRequests.ValueInt64()
	}
	resp.DataSourceData = &settings
	resp.ResourceData = &settings
	tflog.Debug(ctx, "Provider configured", map[string]any{
		"default_seed": logCount(settings.DefaultSeed), "max_simulated_requests": logCount(settings.MaxSimulatedRequests),
	})
}

func (p *topologyProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewRegionResource,
		NewReplicaSetResource,
		NewCacheTierResource,
		NewRoutingPolicyResource,
		NewSimulationResource,
	}
}

func (p *topologyProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewSimulationDataSource,
	}
}

func (p *topologyProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewRTTMsFunction,
		NewRTTFloorMsFunction,
		NewDistanceKmFunction,
	}
}
