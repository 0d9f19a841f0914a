package provider

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
	settings *providerSettings
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
	settings, ok := req.ProviderData.(*providerSettings)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("The topology_simulation data source expected provider settings of type *providerSettings, got %T. "+
				"This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	d.settings = settings
}

// Schema describes the arguments and the computed results.
func (d *simulationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = simulationSchema()
}

// simulationSchema is the data source's schema; a function so that the
// mapping tests can use it without a server.
func simulationSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Simulates the topology under its workload with a discrete-event simulator and checks the " +
			"results against the SLA.\n\n" +
			"Terraform reads this data source during `terraform plan` as soon as its arguments are known. " +
			"The computed attributes of `topology_region` are known at plan time, so regions that are still to be " +
			"created or changed are simulated in the same plan, and a change that would break the SLA fails the " +
			"plan before anything is applied (or only warns, with `enforce = false`).\n\n" +
			"With `replica_sets`, requests read and write replicated data stores (`topology_replica_set`), and the " +
			"results add write latency, replication lag, stale reads, lost writes, RPO and conflicts. With " +
			"`scenarios`, timed faults (a region outage, a cache flush) are simulated after the fault-free `baseline`, and every " +
			"SLA clause is checked in every scenario. With `cache_tiers`, reads look in a per-region cache " +
			"(`topology_cache_tier`) first, and the results add hit ratios per tier and region, hit and miss " +
			"latency, and stale reads served from the caches (counted in `stale_read_ratio`); every scenario " +
			"also has a per-second `timeline`, which shows a fault's effect and the recovery after it (for example " +
			"a flushed cache warming up).\n\n" +
			"With `routing_policy` (`topology_routing_policy`), requests are routed by health checks, DNS answers " +
			"cached for a TTL, per-attempt timeouts, retries and circuit breakers, so a fault's effect emerges from " +
			"those mechanics: the results add a `routing` object per scenario with the recovery time (`rto_s`, " +
			"also an SLA clause), the detection time of each fault, attempts per request, goodput and the routes that " +
			"broke an origin's `allowed_jurisdictions` (the `sovereignty_violations` clause), and the timeline adds " +
			"the attempts sent to each region. Scenarios may also hold `capacity_loss`, `traffic_surge`, " +
			"`latency_spike` and `partition` faults.\n\n" +
			"**Pass the resources through local values.** Terraform treats a data source's direct reference to a " +
			"managed resource as a dependency on the whole resource, and postpones reading the data source to " +
			"apply whenever that resource has changes pending: exactly the plans a simulation should check. " +
			"With `locals { regions = [topology_region.use1, topology_region.euw1] }` and " +
			"`regions = local.regions` (likewise `replica_sets = local.replica_sets`, `cache_tiers = local.cache_tiers` and " +
			"`routing_policy = local.policy`) the values are the same and " +
			"the simulation runs at plan time.\n\n" +
			"Before simulating, static checks reject models that cannot work (for example a region offered more " +
			"load than its capacity with an unbounded queue), pointing at the attribute at fault. " +
			"Each of `replications` independent runs simulates `duration_s` seconds and measures the requests " +
			"that arrive after `warmup_s`; every figure is the mean across replications with its 95% Student-t " +
			"confidence interval. An SLA clause **passes** when its whole interval meets the target, **fails** " +
			"when its whole interval misses it, and is **marginal** otherwise. The same arguments and `seed` " +
			"always give the same results.",
		Attributes: map[string]schema.Attribute{
			"regions": schema.ListNestedAttribute{
				Required: true,
				MarkdownDescription: "The serving regions. Assign whole `topology_region` resources, through a local " +
					"value so that the simulation runs at plan time (`regions = local.regions` with " +
					"`locals { regions = [topology_region.use1, topology_region.euw1] }`): Terraform keeps the " +
					"attributes below and drops the others. Literal objects work too, with the same defaults as the " +
					"resource. At least one region; names must be unique.",
				Validators: []validator.List{listNotEmpty("Add at least one region, for example regions = [topology_region.use1].")},
				NestedObject: schema.NestedAttributeObject{
					Validators: []validator.Object{requiredAttributes(map[string]string{
						"name":            `Set the region's unique name, for example name = "us-east-1".`,
						"location":        `Set where the region is, for example location = "aws:us-east-1".`,
						"instances":       "Set the number of instances serving in the region, for example instances = 10.",
						"service_time_ms": "Set the mean service time in milliseconds, for example service_time_ms = 20.",
					})},
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							Optional: true, // Required, checked by the object validator: see requiredAttributes.
							MarkdownDescription: "**Required.** Unique name of the region: 1 to 63 lowercase letters, digits or dashes, " +
								"starting and ending with a letter or digit, for example `us-east-1`.",
							Validators: []validator.String{nameValidator()},
						},
						"location": schema.StringAttribute{
							Optional: true, // Required, see requiredAttributes.
							MarkdownDescription: "**Required.** Where the region is: a catalog code (`aws:us-east-1`, `gcp:europe-west1`, " +
								"`azure:westeurope`) or coordinates as `geo:LAT,LON`.",
							Validators: []validator.String{locationValidator()},
						},
						"jurisdiction": schema.StringAttribute{
							Optional: true,
							MarkdownDescription: "Legal jurisdiction of the region's data, checked against the origins' " +
								"`allowed_jurisdictions`: two uppercase letters, `EU` for the European Union, otherwise a country " +
								"code (`US`, `UK`, `JP`). Defaults, as on `topology_region`, to the catalog's jurisdiction of " +
								"`location` (none for a `geo:` location, which then matches no allowed-jurisdiction set).",
							Validators: []validator.String{jurisdictionValidator()},
						},
						"instances": schema.Int64Attribute{
							Optional:            true, // Required, see requiredAttributes.
							MarkdownDescription: "**Required.** Number of instances serving in the region. At least `1`.",
							Validators: []validator.Int64{int64AtLeast(1,
								"Set it to the number of instances serving in the region; a region that is down is a fault of a scenario, not 0 instances.")},
						},
						"concurrency": schema.Int64Attribute{
							Optional:            true,
							MarkdownDescription: fmt.Sprintf("Number of requests one instance serves at once. At least `1`; defaults to `%d`.", simulator.DefaultConcurrency),
							Validators: []validator.Int64{int64AtLeast(1,
								"Set it to the number of requests one instance serves at once, or omit it for 1.")},
						},
						"service_time_ms": schema.Float64Attribute{
							Optional:            true, // Required, see requiredAttributes.
							MarkdownDescription: "**Required.** Mean time in milliseconds one server takes to serve one request, excluding queueing. Greater than `0`.",
							Validators: []validator.Float64{float64GreaterThan(0,
								"Set it to the mean time one request takes to serve, in milliseconds (for example 20).")},
						},
						"service_time_distribution": schema.StringAttribute{
							Optional: true,
							MarkdownDescription: "Distribution of the service time around its mean: `exponential` (the default), " +
								"`lognormal` (shaped by `service_time_p99_over_p50`) or `deterministic` (always the mean).",
							Validators: []validator.String{stringvalidator.OneOf(
								simulator.DistExponential, simulator.DistLognormal, simulator.DistDeterministic)},
						},
						"service_time_p99_over_p50": schema.Float64Attribute{
							Optional: true,
							MarkdownDescription: fmt.Sprintf("Shape of a `lognormal` service time: the ratio of its 99th percentile to its median. "+
								"Greater than `1`; defaults to `%g`. Only valid with `service_time_distribution = \"lognormal\"`.",
								simulator.DefaultLognormalP99OverP50),
							Validators: []validator.Float64{float64GreaterThan(1,
								"A 99th percentile cannot be below the median: set a ratio above 1 (3 is typical of a web service).")},
						},
						"queue_limit": schema.Int64Attribute{
							Optional: true,
							MarkdownDescription: "How many requests may wait for a free server; a request that arrives to a full " +
								"queue is rejected at once and counts as a failure. Omitted or `0` means an unbounded queue.",
							Validators: []validator.Int64{int64AtLeast(0,
								"Set the number of requests that may wait for a free server, or omit it for an unbounded queue.")},
						},
					}},
			},
			"replica_sets":   replicaSetsAttribute(),
			"cache_tiers":    cacheTiersAttribute(),
			"routing_policy": routingPolicyAttribute(),
			"scenarios":      scenariosAttribute(),
			"workload": schema.SingleNestedAttribute{
				Required:            true,
				MarkdownDescription: "The offered load.",
				Attributes: map[string]schema.Attribute{
					"keys": schema.Int64Attribute{
						Optional: true,
						MarkdownDescription: "Size of the key space the requests read and write. Key popularity follows " +
							"a Zipf law of exponent `zipf_s`. It matters with replica sets: stale reads and multi-leader " +
							"conflicts happen on keys written recently. At least `1`; defaults to `" + strconv.Itoa(simulator.DefaultKeys) + "`.",
						Validators: []validator.Int64{int64AtLeast(1,
							"Set the number of distinct keys the requests touch, for example keys = 100000.")},
					},
					"zipf_s": schema.Float64Attribute{
						Optional: true,
						MarkdownDescription: "Zipf exponent of key popularity: `0` is uniform, around `1` is typical of " +
							"web workloads (a few hot keys). At least `0`; defaults to `" + strconv.FormatFloat(simulator.DefaultZipfS, 'g', -1, 64) + "`.",
						Validators: []validator.Float64{float64Within(0, math.Inf(1), true,
							"Set 0 for uniform key popularity or about 0.99 for a web-like skew.")},
					},
					"origins": schema.ListNestedAttribute{
						Required: true,
						MarkdownDescription: "Client populations, each sending a Poisson stream of requests to the region " +
							"nearest by round-trip time (`served_by` in the results). At least one.",
						Validators: []validator.List{listNotEmpty(
							"Add at least one origin, for example origins = [{ location = \"aws:us-east-1\", rps = 1000 }].")},
						NestedObject: schema.NestedAttributeObject{
							Validators: []validator.Object{requiredAttributes(map[string]string{
								"location": `Set where the clients are, for example location = "aws:eu-west-1".`,
								"rps":      "Set the mean number of requests per second the origin sends, for example rps = 1000.",
							})},
							Attributes: map[string]schema.Attribute{
								"name": schema.StringAttribute{
									Optional:            true,
									MarkdownDescription: "Label of the origin in the results and reports; defaults to its `location`. Names must be unique.",
									Validators:          []validator.String{nameValidator()},
								},
								"location": schema.StringAttribute{
									Optional: true, // Required, see requiredAttributes.
									MarkdownDescription: "**Required.** Where the clients are: a catalog code (`aws:eu-west-1`) or coordinates " +
										"as `geo:LAT,LON`.",
									Validators: []validator.String{locationValidator()},
								},
								"rps": schema.Float64Attribute{
									Optional:            true, // Required, see requiredAttributes.
									MarkdownDescription: "**Required.** Mean request rate in requests per second. Greater than `0`.",
									Validators: []validator.Float64{float64GreaterThan(0,
										"Set the mean number of requests per second the origin sends, or remove the origin.")},
								},
								"read_ratio": schema.Float64Attribute{
									Optional: true,
									MarkdownDescription: fmt.Sprintf("Fraction of the requests that are reads, from `0` to `1`. "+
										"Defaults to `%g`: without replica sets, reads and writes are served alike. With replica "+
										"sets, set it: the default sends no writes, so nothing is replicated.", defaultReadRatio),
									Validators: []validator.Float64{float64Within(0, 1, true,
										"Set the fraction of requests that are reads, for example 0.9 for 90% reads.")},
								},
								"replica_set": schema.StringAttribute{
									Optional: true,
									MarkdownDescription: "Name of the replica set in `replica_sets` the origin's requests read and " +
										"write. Defaults to the first replica set; ignored when there is none.",
									Validators: []validator.String{nameValidator()},
								},
								"allowed_jurisdictions": schema.ListAttribute{
									Optional:    true,
									ElementType: types.StringType,
									MarkdownDescription: "Sovereignty: the only jurisdictions (a region's `jurisdiction`, for example " +
										"`[\"EU\"]`) whose regions may serve this origin's requests or hold the data it writes. A " +
										"route elsewhere is a violation, checked before simulating against what the routing policy " +
										"can choose and, with a `routing_policy`, measured while the simulation runs (a failover " +
										"to another jurisdiction included): see `results[*].routing.sovereignty_violations` and the " +
										"`sovereignty_violations` SLA clause, which is checked whenever an origin sets this. Not set " +
										"means no constraint. At least one; each jurisdiction once.",
									Validators: []validator.List{
										listNotEmpty("List the jurisdictions the origin's data may go to, for example allowed_jurisdictions = [\"EU\"], or remove allowed_jurisdictions for no constraint."),
										listUniqueStrings("jurisdiction", "Remove the repeated jurisdiction."),
										listvalidator.ValueStringsAre(jurisdictionValidator()),
									},
								},
							}},
					},
				},
			},
			"network": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Tunes the network delay model. Round-trip times are measured medians between AWS catalog regions and estimates from distance otherwise; they never beat the fiber floor.",
				Attributes: map[string]schema.Attribute{
					"jitter_sigma": schema.Float64Attribute{
						Optional: true,
						MarkdownDescription: fmt.Sprintf("Spread of network delay: the log standard deviation of the lognormal "+
							"factor applied to the part of each one-way delay above the fiber floor. `0` makes delays "+
							"constant; defaults to `%g`. From `0` to `%d`.", simulator.DefaultJitterSigma, simulator.MaxJitterSigma),
						Validators: []validator.Float64{float64Within(0, simulator.MaxJitterSigma, true,
							"Set 0 for constant delays or a small spread such as 0.2; measured networks stay well below the maximum.")},
					},
				},
			},
			"sla": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Targets checked in every scenario; each target set is a clause, with its result in " +
					"`results[*].sla`. Latency targets bound client-side latency (network both ways, queueing and service) " +
					"over all successful requests. Omit to measure without checking.",
				Attributes: map[string]schema.Attribute{
					"latency_p50_ms":  latencyTarget("50th percentile (median)"),
					"latency_p95_ms":  latencyTarget("95th percentile"),
					"latency_p99_ms":  latencyTarget("99th percentile"),
					"latency_p999_ms": latencyTarget("99.9th percentile"),
					"availability": schema.Float64Attribute{
						Optional: true,
						MarkdownDescription: "Lower bound on the fraction of requests that succeed (rejected requests fail), " +
							"for example `0.999`. Greater than `0` and at most `1`.",
						Validators: []validator.Float64{float64Within(0, 1, false,
							"Write availability as a fraction, for example 0.999 for 99.9%.")},
					},
					"read_latency_p99_ms":  latencyTarget("99th percentile of reads"),
					"write_latency_p99_ms": latencyTarget("99th percentile of writes (commit included)"),
					"replication_lag_p99_ms": schema.Float64Attribute{
						Optional: true,
						MarkdownDescription: "Upper bound on the 99th percentile of replication lag, in milliseconds, of " +
							"every follower of every replica set: the time from a write's commit to its apply there. Greater than `0`.",
						Validators: []validator.Float64{float64GreaterThan(0,
							"Set the lag target in milliseconds, for example 500.")},
					},
					"rpo_ms": schema.Float64Attribute{
						Optional: true,
						MarkdownDescription: "Upper bound on the recovery point, in milliseconds: the window of committed " +
							"writes lost at a failover (commit time of the last lost write minus that of the first; `0` when " +
							"none is lost). `0` demands that no committed write is ever lost. At least `0`.",
						Validators: []validator.Float64{float64Within(0, math.Inf(1), true,
							"Set the longest window of lost writes you accept in milliseconds, or 0 for none.")},
					},
					"stale_read_ratio": schema.Float64Attribute{
						Optional: true,
						MarkdownDescription: "Upper bound on the fraction of successful reads that return data older than the " +
							"last committed version, from `0` to `1`.",
						Validators: []validator.Float64{float64Within(0, 1, true,
							"Write the ratio as a fraction, for example 0.01 for 1% of reads.")},
					},
					"conflict_ratio": schema.Float64Attribute{
						Optional: true,
						MarkdownDescription: "Upper bound on the fraction of committed writes that conflict with a concurrent " +
							"write to the same key (`multi_leader` replica sets), from `0` to `1`.",
						Validators: []validator.Float64{float64Within(0, 1, true,
							"Write the ratio as a fraction, for example 0.001 for 0.1% of writes.")},
					},
					"rto_s": schema.Float64Attribute{
						Optional: true,
						MarkdownDescription: "Upper bound on the recovery time of every scenario with faults, in seconds: " +
							"the time from the scenario's first fault until the success ratio of a rolling 1-second window " +
							"is back at or above `availability` (99.9% without an availability target). A scenario that " +
							"has not recovered when its faults end fails the clause, whatever the target. The recovery " +
							"comes from a `routing_policy`'s health checks and DNS TTL; without one nothing routes around a " +
							"failed region. Not checked in the baseline. At least `0`.",
						Validators: []validator.Float64{float64Within(0, math.Inf(1), true,
							"Set the longest recovery you accept in seconds, for example 60.")},
					},
				},
			},
			"duration_s": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Simulated seconds during which requests arrive, per replication. "+
					"Greater than `0`; defaults to `%g`. A longer run narrows the intervals and takes longer.", simulator.DefaultDurationS),
				Validators: []validator.Float64{float64GreaterThan(0, "Set the simulated time in seconds, for example 120.")},
			},
			"warmup_s": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Initial simulated seconds whose requests are not measured, so that queues "+
					"are measured in steady state rather than empty. At least `0` and less than `duration_s`; defaults to `%g`.", defaultWarmupS),
				Validators: []validator.Float64{float64Within(0, math.Inf(1), true,
					"Set 0 to measure from the start, or the seconds to discard.")},
			},
			"replications": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Number of independent replications, from `2` to `100`; defaults to `%d`. "+
					"Confidence intervals are taken across replications, so more replications settle marginal clauses.", simulator.DefaultReplications),
				Validators: []validator.Int64{int64Within(2, 100,
					"A confidence interval needs at least 2 replications; 5 to 10 is usual, more only to settle a marginal clause.")},
			},
			"seed": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Seed of every random stream of the simulation. Defaults to the provider's "+
					"`default_seed`, itself `%d`. The same arguments and seed give the same results.", defaultSeed),
				Validators: []validator.Int64{int64AtLeast(0, "Set any non-negative integer, or omit it for the provider's default_seed.")},
			},
			"enforce": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether a failed SLA clause fails the plan. When `true` (the default) each scenario " +
					"with a failed clause is an error; when `false` it is a warning. A marginal clause is always a warning.",
			},

			"results": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "One object per scenario, `baseline` (no faults) first. Every figure is the mean " +
					"across replications; `*_ci` attributes hold its 95% confidence interval. A figure that cannot be " +
					"measured (for example latency when no request succeeded) is null.",
				NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
					"name":                computedString("Scenario name."),
					"requests":            computedInt64("Measured requests (those arriving after the warm-up), over all replications."),
					"latency_ms":          latencyMeans("Client-side latency of successful requests from every origin"),
					"latency_ms_ci":       latencyIntervals("latency_ms"),
					"availability":        computedFloat64("Fraction of measured requests that succeeded."),
					"availability_ci":     interval95("availability"),
					"read_latency_ms":     latencyMeans("Client-side latency of successful reads"),
					"read_latency_ms_ci":  latencyIntervals("read_latency_ms"),
					"write_latency_ms":    latencyMeans("Client-side latency of successful writes, commit included,"),
					"write_latency_ms_ci": latencyIntervals("write_latency_ms"),
					"utilization": schema.MapAttribute{
						Computed:            true,
						ElementType:         types.Float64Type,
						MarkdownDescription: "Time-average fraction of busy servers, by region name.",
					},
					"origins": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "What the clients of each origin saw, in the order of `workload.origins`.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"name":            computedString("Origin name (its `location` when it has none)."),
							"location":        computedString("Origin location."),
							"served_by":       computedString("Name of the region serving the origin's requests."),
							"requests":        computedInt64("Measured requests of the origin, over all replications."),
							"latency_ms":      latencyMeans("Client-side latency of the origin's successful requests"),
							"latency_ms_ci":   latencyIntervals("latency_ms"),
							"availability":    computedFloat64("Fraction of the origin's measured requests that succeeded."),
							"availability_ci": interval95("availability"),
							"min_latency_ms": computedFloat64("Fastest successful response over all replications, in milliseconds: " +
								"an exact minimum, which shows that no response beat the fiber floor. Null when no request succeeded."),
						}},
					},
					"regions": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "What each region's queue measured, in the order of `regions`.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"name":            computedString("Region name."),
							"arrival_rps":     computedFloat64("Arrivals per second, accepted and rejected."),
							"utilization":     computedFloat64("Time-average fraction of busy servers."),
							"rejected_ratio":  computedFloat64("Fraction of arrivals rejected by a full queue."),
							"mean_wait_ms":    computedFloat64("Mean time a request waits for a server, in milliseconds."),
							"mean_sojourn_ms": computedFloat64("Mean time a request spends in the region (wait and service), in milliseconds."),
							"p99_sojourn_ms":  computedFloat64("99th percentile of the time in the region, in milliseconds."),
						}},
					},
					"sla": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Each SLA clause evaluated in this scenario; empty without `sla`.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"clause":   computedString("The `sla` attribute checked, for example `latency_p99_ms`."),
							"target":   computedFloat64("The target as configured."),
							"observed": computedFloat64("The observed figure: the mean across replications."),
							"ci_low":   computedFloat64("Lower end of the 95% confidence interval of `observed`."),
							"ci_high":  computedFloat64("Upper end of the 95% confidence interval of `observed`."),
							"status": computedString("`pass` when the whole interval meets the target, `fail` when it " +
								"misses it entirely, `marginal` when it straddles the target."),
						}},
					},
					"replica_sets": replicaSetResultsAttribute(),
					"cache_tiers":  cacheTierResultsAttribute(),
					"routing":      routingResultAttribute(),
					"timeline":     timelineAttribute(),
				}, map[string]string{
					"cache_hit_ratio":        "Fraction of the reads that looked in a cache (of any tier) and hit; 0 without `cache_tiers`.",
					"write_availability":     "Fraction of measured writes that succeeded (a write fails while its replica set has no leader or no quorum).",
					"stale_read_ratio":       "Fraction of successful reads, over every replica set, that returned data older than the last committed version.",
					"replication_lag_p99_ms": "The largest 99th percentile replication lag of any follower of any replica set, in milliseconds.",
					"lost_writes":            "Committed writes lost at failovers, per replication.",
					"rpo_ms":                 "Recovery point in milliseconds: the longest window of committed writes lost at a failover (0 when none is lost).",
					"conflict_ratio":         "Fraction of committed writes that conflicted with a concurrent write to the same key (multi_leader).",
					"rto_s": "Recovery time in seconds, the figure of the `rto_s` SLA clause: `routing.rto_s`. Null without " +
						"`routing_policy` and `sla.rto_s`; 0 in the baseline.",
				})},
			},
			"sla_met": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether every SLA clause of every scenario passed; `true` when there is no SLA.",
			},
			"sla_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The worst clause status over every scenario: `pass`, `marginal` or `fail`; " +
					"`none` when there is no SLA.",
			},
			"report_markdown": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "A Markdown report for a pull-request comment: the verdict, every SLA clause with its " +
					"interval, and per scenario the latency and availability of each origin, the load of each region, " +
					"with replica sets what each replica set measured and, with cache tiers, the hit ratio and stale hits " +
					"of each tier in each region.",
			},
			"simulated_requests": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Requests simulated over all replications, warm-up included: the run's cost.",
			},
		},
	}
}

// latencyTarget is the schema of one latency SLA clause.
func latencyTarget(quantile string) schema.Float64Attribute {
	return schema.Float64Attribute{
		Optional:            true,
		MarkdownDescription: fmt.Sprintf("Upper bound on the %s of latency, in milliseconds. Greater than `0`.", quantile),
		Validators: []validator.Float64{float64GreaterThan(0,
			"Set the latency target in milliseconds, or omit it to leave that quantile unchecked.")},
	}
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description}
}

func computedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
}

func computedFloat64(description string) schema.Float64Attribute {
	return schema.Float64Attribute{Computed: true, MarkdownDescription: description}
}

// latencyKeys are the figures of every latency summary, with how each is
// described.
var latencyKeys = []struct{ key, what string }{
	{"mean", "mean"}, {"p50", "median"}, {"p95", "95th percentile"},
	{"p99", "99th percentile"}, {"p999", "99.9th percentile"},
}

// latencyMeans is a latency summary: the mean and percentiles in
// milliseconds.
func latencyMeans(what string) schema.SingleNestedAttribute {
	attrs := make(map[string]schema.Attribute, len(latencyKeys))
	for _, k := range latencyKeys {
		attrs[k.key] = computedFloat64(fmt.Sprintf("The %s, in milliseconds.", k.what))
	}
	return schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: what + " (network both ways, queueing and service), in milliseconds: `mean`, `p50`, `p95`, `p99` and `p999`.",
		Attributes:          attrs,
	}
}

// latencyIntervals holds the 95% interval of each figure of a latency
// summary, by the same keys.
func latencyIntervals(of string) schema.SingleNestedAttribute {
	attrs := make(map[string]schema.Attribute, len(latencyKeys))
	for _, k := range latencyKeys {
		attrs[k.key] = interval95(fmt.Sprintf("%s.%s", of, k.key))
	}
	return schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: fmt.Sprintf("95%% confidence intervals of `%s`, by the same keys.", of),
		Attributes:          attrs,
	}
}

// interval95 is a 95% confidence interval {low, high}.
func interval95(of string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: fmt.Sprintf("95%% confidence interval of `%s` across replications.", of),
		Attributes: map[string]schema.Attribute{
			"low":  computedFloat64("Lower end of the interval."),
			"high": computedFloat64("Upper end of the interval."),
		},
	}
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
		dur, w := float64Or(duration, simulator.DefaultDurationS), warmup.ValueFloat64()
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
		var r regionInput
		resp.Diagnostics.Append(obj.As(ctx, &r, basetypes.ObjectAsOptions{})...)
		if r.ServiceTimeP99OverP50.IsNull() || r.ServiceTimeP99OverP50.IsUnknown() || r.ServiceTimeDistribution.IsUnknown() {
			continue
		}
		if dist := stringOr(r.ServiceTimeDistribution, simulator.DistExponential); dist != simulator.DistLognormal {
			resp.Diagnostics.AddAttributeError(path.Root("regions").AtListIndex(i).AtName("service_time_p99_over_p50"),
				"Service time shape without a lognormal distribution",
				fmt.Sprintf("service_time_p99_over_p50 (%g) shapes a lognormal service time, but service_time_distribution is %q, "+
					"which it cannot shape. Set service_time_distribution = %q, or remove service_time_p99_over_p50.",
					r.ServiceTimeP99OverP50.ValueFloat64(), dist, simulator.DistLognormal))
		}
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
		if !ok || !known(obj) {
			continue
		}
		var r replicaSetInput
		resp.Diagnostics.Append(obj.As(ctx, &r, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("replica_sets").AtListIndex(i).AtName(name) }
		resp.Diagnostics.Append(checkReplicaSet(r.fields(), at)...)
	}

	var scenarios types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("scenarios"), &scenarios)...)
	for i, elem := range scenarios.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !known(obj) {
			continue
		}
		faults, ok := obj.Attributes()["faults"].(types.List)
		if !ok || !known(faults) {
			continue
		}
		for j, fe := range faults.Elements() {
			fo, ok := fe.(types.Object)
			if !ok || !known(fo) {
				continue
			}
			attrs := fo.Attributes()
			typ, ok := attrs["type"].(types.String)
			if !ok || !known(typ) {
				continue
			}
			rules := faultTypes[typ.ValueString()]
			at := func(name string) path.Path {
				return path.Root("scenarios").AtListIndex(i).AtName("faults").AtListIndex(j).AtName(name)
			}
			for _, need := range rules.needs {
				if v, ok := attrs[need]; ok && v.IsNull() {
					p := at(need)
					resp.Diagnostics.AddAttributeError(p, "Missing fault argument",
						fmt.Sprintf("%s is required by a %q fault but not set. %s", p, typ.ValueString(), faultArgumentHints[need]))
				}
			}
			if rules.pair {
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
							at("origin"), valueText(origin), p, valueText(regionB), typ.ValueString()))
				}
			}
			for _, refused := range rules.refuses {
				// duration_s = 0 means "until the end", the same as not set.
				if v, ok := attrs[refused]; ok && known(v) && !v.Equal(types.Float64Value(0)) {
					p := at(refused)
					resp.Diagnostics.AddAttributeError(p, "Fault argument of another fault type",
						fmt.Sprintf("%s (%s) does not apply to a %q fault. %s", p, valueText(v), typ.ValueString(),
							faultRefusedHint(typ.ValueString(), refused)))
				}
			}
		}
	}

	var policy types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("routing_policy"), &policy)...)
	if known(policy) {
		var p routingPolicyInput
		resp.Diagnostics.Append(policy.As(ctx, &p, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("routing_policy").AtName(name) }
		resp.Diagnostics.Append(checkRoutingPolicy(p.fields(), at)...)
	}

	var cacheTiers types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("cache_tiers"), &cacheTiers)...)
	for i, elem := range cacheTiers.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !known(obj) {
			continue
		}
		var t cacheTierInput
		resp.Diagnostics.Append(obj.As(ctx, &t, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("cache_tiers").AtListIndex(i).AtName(name) }
		resp.Diagnostics.Append(checkCacheTier(t.TTLS, t.WritePolicy, at)...)
	}

	if len(replicaSets.Elements()) == 0 {
		return
	}
	var origins types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("workload").AtName("origins"), &origins)...)
	for i, elem := range origins.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !known(obj) {
			continue
		}
		if v, ok := obj.Attributes()["read_ratio"]; ok && v.IsNull() {
			p := path.Root("workload").AtName("origins").AtListIndex(i).AtName("read_ratio")
			resp.Diagnostics.AddAttributeWarning(p, "Origin sends no writes",
				fmt.Sprintf("%s is not set, so it defaults to %g: every request of this origin is a read, and its replica "+
					"set replicates no writes from it (no lag, no lost writes, no conflicts). Set read_ratio, for example "+
					"read_ratio = 0.9 for 10%% writes.", p, defaultReadRatio))
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

	var cfg simulationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m := cfg.toModel(d.settings)
	simulator.ApplyDefaults(&m)

	resp.Diagnostics.Append(findingDiagnostics(ctx, simulationSchema(), simulator.Check(m), m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	ctx = tflog.SetField(ctx, "seed", m.Run.Seed)
	tflog.Info(ctx, "Simulation started", map[string]any{
		"regions":      len(m.Regions),
		"replica_sets": len(m.ReplicaSets),
		"scenarios":    len(m.Scenarios),
		"routing":      m.RoutingPolicy != nil,
		"origins":      len(m.Workload.Origins),
		"replications": m.Run.Replications,
		"duration_s":   m.Run.DurationS,
		"warmup_s":     m.Run.WarmupS,
	})
	start := time.Now()
	rep, err := simulator.Run(ctx, m)
	if err != nil {
		resp.Diagnostics.AddError("Simulation failed", fmt.Sprintf("The topology could not be simulated: %s.", err))
		return
	}
	cfg.setOutputs(rep)
	tflog.Info(ctx, "Simulation finished", map[string]any{
		"simulated_requests": rep.SimulatedRequests,
		"wall_time_ms":       time.Since(start).Milliseconds(),
		"sla_status":         cfg.SLAStatus.ValueString(),
	})

	resp.Diagnostics.Append(slaDiagnostics(rep, cfg.enforced())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// The validators below follow int64AtLeast and float64GreaterThan in
// validators.go: each message names the attribute, the bound, the value
// given and how to fix it.

// float64Within checks low <= x <= high (low < x <= high when lowInclusive
// is false); high may be +Inf for a lower bound only.
func float64Within(low, high float64, lowInclusive bool, fix string) validator.Float64 {
	return float64WithinValidator{low: low, high: high, lowInclusive: lowInclusive, fix: fix}
}

type float64WithinValidator struct {
	low, high    float64
	lowInclusive bool
	fix          string
}

// bounds says what the value must be, as in "must be at least 0".
func (v float64WithinValidator) bounds() string {
	lower := fmt.Sprintf("at least %g", v.low)
	if !v.lowInclusive {
		lower = fmt.Sprintf("greater than %g", v.low)
	}
	if math.IsInf(v.high, 1) {
		return "must be " + lower
	}
	return fmt.Sprintf("must be %s and at most %g", lower, v.high)
}

// Description says what the value must be.
func (v float64WithinValidator) Description(context.Context) string { return "value " + v.bounds() }

// MarkdownDescription is Description; it holds no markup.
func (v float64WithinValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateFloat64 reports a known value outside the bounds.
func (v float64WithinValidator) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	x := req.ConfigValue.ValueFloat64()
	// Written so that NaN, which compares false, is rejected too.
	aboveLow := x > v.low || (v.lowInclusive && x == v.low)
	if !aboveLow || !(x <= v.high) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
			fmt.Sprintf("%s %s, got %g. %s", req.Path, v.bounds(), x, v.fix))
	}
}

// int64Within checks low <= n <= high.
func int64Within(low, high int64, fix string) validator.Int64 {
	return int64WithinValidator{low: low, high: high, fix: fix}
}

type int64WithinValidator struct {
	low, high int64
	fix       string
}

// Description says what the value must be.
func (v int64WithinValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be between %d and %d", v.low, v.high)
}

// MarkdownDescription is Description; it holds no markup.
func (v int64WithinValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateInt64 reports a known value outside the bounds.
func (v int64WithinValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n < v.low || n > v.high {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
			fmt.Sprintf("%s must be between %d and %d, got %d. %s", req.Path, v.low, v.high, n, v.fix))
	}
}

// listNotEmpty checks that a list has at least one element.
func listNotEmpty(fix string) validator.List { return listNotEmptyValidator{fix: fix} }

type listNotEmptyValidator struct{ fix string }

// Description says what the list must hold.
func (listNotEmptyValidator) Description(context.Context) string {
	return "list must have at least one element"
}

// MarkdownDescription is Description; it holds no markup.
func (v listNotEmptyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateList reports a known, empty list.
func (v listNotEmptyValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if len(req.ConfigValue.Elements()) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty list",
			fmt.Sprintf("%s is empty, but at least one element is needed. %s", req.Path, v.fix))
	}
}

// requiredAttributes checks, on each object of a list nested attribute,
// that the given attributes are set; hints say how to set each.
//
// The attributes themselves are Optional because the framework's own
// Required check misfires on lists of objects that are unknown during
// validation, which is exactly what regions = [topology_region.a] is until
// the regions are planned: it reads an unknown object's attributes as null
// and reports them missing (terraform-plugin-framework issue 186). An
// object validator sees the whole element and skips it while unknown.
func requiredAttributes(hints map[string]string) validator.Object {
	return requiredAttributesValidator{hints: hints}
}

type requiredAttributesValidator struct{ hints map[string]string }

// Description names the attributes that must be set.
func (v requiredAttributesValidator) Description(context.Context) string {
	return "attributes " + strings.Join(slices.Sorted(maps.Keys(v.hints)), ", ") + " must be set"
}

// MarkdownDescription is Description; it holds no markup.
func (v requiredAttributesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateObject reports each required attribute that a known object
// leaves null.
func (v requiredAttributesValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	for _, name := range slices.Sorted(maps.Keys(v.hints)) {
		if value, ok := attrs[name]; !ok || value.IsNull() {
			p := req.Path.AtName(name)
			resp.Diagnostics.AddAttributeError(p, "Missing required argument",
				fmt.Sprintf("%s is required but not set. %s", p, v.hints[name]))
		}
	}
}

// replicaSetsAttribute is the data source's replica_sets: a subset of
// topology_replica_set's attributes, so that whole resources can be
// assigned (through a local value, like regions), with the same
// validators and defaults.
func replicaSetsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "The replicated data stores the requests read and write. Assign whole " +
			"`topology_replica_set` resources through a local value, as for `regions` " +
			"(`locals { replica_sets = [topology_replica_set.orders] }`, then `replica_sets = local.replica_sets`); " +
			"literal objects work too, with the same defaults as the resource. Without replica sets a request is " +
			"served by its region alone. Names must be unique and every region must be in `regions`.",
		NestedObject: schema.NestedAttributeObject{
			Validators: []validator.Object{requiredAttributes(map[string]string{
				"name":        `Set the replica set's unique name, for example name = "orders".`,
				"regions":     `Set the regions holding a replica, for example regions = ["us-east-1", "eu-west-1"].`,
				"leader":      `Set the region holding the primary, for example leader = "us-east-1".`,
				"replication": `Set the replication mode: "sync_quorum", "async_primary" or "multi_leader".`,
			})},
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** Unique name of the replica set, for example `orders`.",
					Validators:          []validator.String{nameValidator()},
				},
				"regions": schema.ListAttribute{
					Optional:            true, // Required, see requiredAttributes.
					ElementType:         types.StringType,
					MarkdownDescription: "**Required.** " + descRSRegions,
					Validators:          rsRegionsValidators(),
				},
				"leader": schema.StringAttribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** " + descRSLeader,
					Validators:          []validator.String{nameValidator()},
				},
				"replication": schema.StringAttribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** " + descRSReplication,
					Validators:          rsReplicationValidators(),
				},
				"read_consistency": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: descRSReadConsistency,
					Validators:          rsReadConsistencyValidators(),
				},
				"quorum": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: descRSQuorum,
					Validators:          rsQuorumValidators(),
				},
				"staleness_bound_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: descRSStaleness,
					Validators:          rsStalenessValidators(),
				},
				"apply_time_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: fmt.Sprintf(descRSApplyTime, defaultApplyTimeMs),
					Validators:          rsApplyTimeValidators(),
				},
				"election_timeout_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: fmt.Sprintf(descRSElection, defaultElectionTimeoutMs),
					Validators:          rsElectionValidators(),
				},
				"promotion_delay_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: fmt.Sprintf(descRSPromotion, defaultPromotionDelayMs),
					Validators:          rsPromotionValidators(),
				},
				"conflict_resolution": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: descRSConflict,
					Validators:          rsConflictValidators(),
				},
			},
		},
	}
}

// faultTypes are the fault types a scenario may hold, with the attributes
// each needs besides type and at_s, and those it refuses. A pair fault
// (latency_spike, partition) is between region and exactly one other end:
// origin (an origin's clients) or region_b (another region).
var faultTypes = map[string]struct {
	needs, refuses []string
	pair           bool
}{
	simulator.FaultRegionOutage: {needs: []string{"region"}, refuses: []string{"tier", "origin", "region_b", "fraction", "multiplier", "extra_ms"}},
	simulator.FaultCacheFlush:   {needs: []string{"tier"}, refuses: []string{"duration_s", "origin", "region_b", "fraction", "multiplier", "extra_ms"}},
	simulator.FaultCapacityLoss: {needs: []string{"region", "fraction"}, refuses: []string{"tier", "origin", "region_b", "multiplier", "extra_ms"}},
	simulator.FaultTrafficSurge: {needs: []string{"origin", "multiplier"}, refuses: []string{"region", "region_b", "tier", "fraction", "extra_ms"}},
	simulator.FaultLatencySpike: {needs: []string{"region", "extra_ms"}, refuses: []string{"tier", "fraction", "multiplier"}, pair: true},
	simulator.FaultPartition:    {needs: []string{"region"}, refuses: []string{"tier", "fraction", "multiplier", "extra_ms"}, pair: true},
}

// faultArgumentHints say how to set a fault argument a type needs.
var faultArgumentHints = map[string]string{
	"region": `Set the region the fault hits, for example region = "us-east-1" (one of regions).`,
	"tier":   `Set the cache tier to flush, for example tier = "hot" (the name of one of cache_tiers).`,
	"origin": `Set the origin the fault hits by its label, for example origin = "virginia" (an origin's name, or its ` +
		`location when it has none).`,
	"fraction":   "Set the share of the region's servers lost, for example fraction = 0.5 for half of them.",
	"multiplier": "Set how many times its usual rate the origin sends during the surge, for example multiplier = 3.",
	"extra_ms":   "Set the round-trip time added between the origin and the region, in milliseconds, for example extra_ms = 200.",
}

// faultRefusedHints say why a type refuses an argument and how to fix it;
// faultRefusedDefault says it for the pairs that have no hint of their own.
var faultRefusedHints = map[string]string{
	simulator.FaultRegionOutage + ".tier": "A region outage takes down the whole region, its caches included. Remove tier, " +
		"or use type = \"cache_flush\" to empty one cache tier.",
	simulator.FaultCacheFlush + ".duration_s": "A cache flush empties the cache at at_s and the cache refills from the next " +
		"reads on, so it has no duration. Remove duration_s (the timeline shows how long the warm-up takes).",
	simulator.FaultRegionOutage + ".origin": "A region outage cuts the region off from every origin. Remove origin, or use " +
		"type = \"partition\" with origin and region to cut off one origin only.",
	simulator.FaultRegionOutage + ".fraction": "A region outage takes all of the region's servers down. Remove fraction, or " +
		"use type = \"capacity_loss\" with fraction to take down part of them.",
	simulator.FaultCapacityLoss + ".origin": "A capacity loss takes servers out of the region for every origin alike. Remove origin.",
	simulator.FaultTrafficSurge + ".region": "A traffic surge raises the origin's request rate wherever its requests are " +
		"routed. Remove region.",
	simulator.FaultPartition + ".extra_ms": "A partition drops every attempt between the origin and the region. Remove " +
		"extra_ms, or use type = \"latency_spike\" with extra_ms to slow them down instead.",
}

// faultRefusedDefault says, per argument, which fault type it belongs to.
var faultRefusedDefault = map[string]string{
	"tier":       "tier names the cache tier a cache_flush empties. Remove tier, or use type = \"cache_flush\".",
	"origin":     "origin names the clients a traffic_surge, latency_spike or partition hits. Remove origin.",
	"region_b":   "region_b is the other region of a latency_spike or partition between two regions. Remove region_b.",
	"region":     "Remove region.",
	"fraction":   "fraction is the share of a region's servers a capacity_loss removes. Remove fraction, or use type = \"capacity_loss\".",
	"multiplier": "multiplier scales an origin's request rate in a traffic_surge. Remove multiplier, or use type = \"traffic_surge\".",
	"extra_ms":   "extra_ms is the round-trip time a latency_spike adds. Remove extra_ms, or use type = \"latency_spike\".",
	"duration_s": "Remove duration_s.",
}

// faultRefusedHint is the hint for argument of a fault of type typ that
// does not take it.
func faultRefusedHint(typ, argument string) string {
	if h, ok := faultRefusedHints[typ+"."+argument]; ok {
		return h
	}
	return faultRefusedDefault[argument]
}

// scenariosAttribute is the data source's scenarios: named lists of timed
// faults, each simulated like the baseline.
func scenariosAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "Fault scenarios, each simulated with the same workload and seed as the `baseline` (no " +
			"faults), which always runs first. Every SLA clause is checked in every scenario. Names must be unique " +
			"and not `baseline`.",
		NestedObject: schema.NestedAttributeObject{
			Validators: []validator.Object{requiredAttributes(map[string]string{
				"name":   `Set the scenario's name, for example name = "leader-down".`,
				"faults": `Set the scenario's faults, for example faults = [{ type = "region_outage", region = "us-east-1", at_s = 60 }].`,
			})},
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** Name of the scenario in the results, for example `leader-down`.",
					Validators:          []validator.String{nameValidator()},
				},
				"faults": schema.ListNestedAttribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** The timed faults of the scenario. At least one.",
					Validators: []validator.List{listNotEmpty(
						`Add a fault, for example { type = "region_outage", region = "us-east-1", at_s = 60, duration_s = 120 }.`)},
					NestedObject: schema.NestedAttributeObject{
						Validators: []validator.Object{requiredAttributes(map[string]string{
							"type": `Set the fault type, for example type = "region_outage".`,
							"at_s": "Set when the fault starts, in seconds from the start of the run, for example at_s = 60.",
						})},
						Attributes: map[string]schema.Attribute{
							"type": schema.StringAttribute{
								Optional: true, // Required, see requiredAttributes.
								MarkdownDescription: "**Required.** The fault, each with the arguments it needs besides `at_s`:\n" +
									"  - `region_outage` (`region`): the region serves nothing and its replicas are unreachable; requests " +
									"routed to it fail (with a `routing_policy`, until the health checks mark it down and the DNS TTL " +
									"drains it), and a leader there fails over.\n" +
									"  - `capacity_loss` (`region`, `fraction`): `fraction` of the region's servers stop taking requests " +
									"(those in service finish), so the rest queue more.\n" +
									"  - `traffic_surge` (`origin`, `multiplier`): the origin sends `multiplier` times its usual rate.\n" +
									"  - `latency_spike` (`region`, `extra_ms`, and `origin` or `region_b`): `extra_ms` more round-trip " +
									"time between the origin's clients and the region, or between the two regions (half to each leg, " +
									"so replication slows too).\n" +
									"  - `partition` (`region`, and `origin` or `region_b`): with `origin`, the origin's attempts to the " +
									"region are lost, while the health checks, which probe from elsewhere, still see the region up; " +
									"with a `request_timeout_ms` they time out, and retries or a circuit breaker route around the cut. " +
									"With `region_b`, requests whose data must cross between the two regions fail, and replication " +
									"between them waits for the partition to heal (lag grows, nothing is lost).\n" +
									"  - `cache_flush` (`tier`): at `at_s`, the cache tier `tier` loses every entry, in `region` or in " +
									"every region of the tier when `region` is not set; the cache then warms up again from the next " +
									"reads, which the `timeline` shows. It has no `duration_s`.\n\n" +
									"Every fault but `cache_flush` lasts `duration_s`.",
								Validators: []validator.String{stringOneOf(
									"Set type = \"region_outage\" or \"capacity_loss\" with the region it hits, \"traffic_surge\" with the origin, "+
										"\"latency_spike\" or \"partition\" with the origin and region, or \"cache_flush\" with the tier it empties.",
									slices.Sorted(maps.Keys(faultTypes))...)},
							},
							"region": schema.StringAttribute{
								Optional: true,
								MarkdownDescription: "The region the fault hits, one of `regions`. Required by `region_outage`, " +
									"`capacity_loss`, `latency_spike` and `partition` (the region end of the pair); not allowed with " +
									"`traffic_surge`; optional for `cache_flush`, where it limits the flush to that region's cache (one " +
									"of the tier's `regions`), and every region's cache of the tier is flushed when it is not set.",
								Validators: []validator.String{nameValidator()},
							},
							"origin": schema.StringAttribute{
								Optional: true,
								MarkdownDescription: "The origin the fault hits, by its label: its `name`, or its `location` when " +
									"it has none. Required by `traffic_surge`; for `latency_spike` and `partition`, the client end of " +
									"the pair, unless `region_b` is set instead; not allowed with the other types.",
							},
							"region_b": schema.StringAttribute{
								Optional: true,
								MarkdownDescription: "For `latency_spike` and `partition` between two regions: the other region, one " +
									"of `regions` and not `region`. Set it or `origin`, not both; not allowed with the other types.",
								Validators: []validator.String{nameValidator()},
							},
							"fraction": schema.Float64Attribute{
								Optional: true,
								MarkdownDescription: "For `capacity_loss`, and required there: the share of the region's servers " +
									"lost, greater than `0` and at most `1`. Not allowed with the other types.",
								Validators: []validator.Float64{float64Within(0, 1, false,
									"Set the share of the region's servers lost, for example 0.5 for half of them, or 1 for all of them.")},
							},
							"multiplier": schema.Float64Attribute{
								Optional: true,
								MarkdownDescription: "For `traffic_surge`, and required there: how many times its usual request " +
									"rate the origin sends, greater than `1`. Not allowed with the other types.",
								Validators: []validator.Float64{float64GreaterThan(1,
									"A surge multiplies the origin's rate: set a multiplier above 1, for example 3 for three times the traffic.")},
							},
							"extra_ms": schema.Float64Attribute{
								Optional: true,
								MarkdownDescription: "For `latency_spike`, and required there: the round-trip time added between " +
									"the origin and the region, in milliseconds, greater than `0`. Not allowed with the other types.",
								Validators: []validator.Float64{float64GreaterThan(0,
									"Set the round-trip time the spike adds in milliseconds, for example 200.")},
							},
							"tier": schema.StringAttribute{
								Optional: true,
								MarkdownDescription: "The cache tier a `cache_flush` empties: the name of one of `cache_tiers`. " +
									"Required by `cache_flush`; not allowed with `region_outage`.",
								Validators: []validator.String{nameValidator()},
							},
							"at_s": schema.Float64Attribute{
								Optional: true, // Required, see requiredAttributes.
								MarkdownDescription: "**Required.** When the fault starts, in simulated seconds from the start " +
									"of the run (warm-up included). At least `0` and less than `duration_s`.",
								Validators: []validator.Float64{float64Within(0, math.Inf(1), true,
									"Set the start of the fault in seconds, for example 60; put it after warmup_s so that it is measured.")},
							},
							"duration_s": schema.Float64Attribute{
								Optional: true,
								MarkdownDescription: "How long the fault lasts, in seconds. Omitted or `0` means until the end " +
									"of the run. Not allowed with `cache_flush`, which is instantaneous.",
								Validators: []validator.Float64{float64Within(0, math.Inf(1), true,
									"Set the fault's duration in seconds, or omit it for a fault that lasts until the end of the run.")},
							},
						},
					},
				},
			},
		},
	}
}

// withEstimates adds to attrs, for each figure described in figures, the
// figure (a mean across replications) and its figure_ci interval.
func withEstimates(attrs map[string]schema.Attribute, figures map[string]string) map[string]schema.Attribute {
	for name, description := range figures {
		attrs[name] = computedFloat64(description)
		attrs[name+"_ci"] = interval95(name)
	}
	return attrs
}

// replicaSetResultsAttribute is what each replica set measured in one
// scenario.
func replicaSetResultsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "What each replica set measured, in the order of `replica_sets`. Counts are per " +
			"replication; every figure has its 95% interval in the `_ci` attribute of the same name.",
		NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
			"name":        computedString("Replica set name."),
			"replication": computedString("Replication mode."),
			"commit_latency_ms": latencyMeans("Time from a write reaching the leader to its commit (quorum acknowledgement " +
				"for `sync_quorum`, local apply otherwise); not client-side"),
			"commit_latency_ms_ci": latencyIntervals("commit_latency_ms"),
			"followers": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Replication lag of each follower (every replica but the leader): the time from a write's commit to its apply there.",
				NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
					"region": computedString("Region of the follower."),
				}, map[string]string{
					"lag_p50_ms": "Median replication lag, in milliseconds.",
					"lag_p99_ms": "99th percentile of replication lag, in milliseconds.",
					"lag_max_ms": "Largest replication lag, in milliseconds.",
				})},
			},
		}, map[string]string{
			"stale_read_ratio":    "Fraction of the replica set's successful reads that returned data older than the last committed version.",
			"lost_writes":         "Committed writes lost at failovers (async_primary: committed at the old leader, not yet applied on the promoted follower).",
			"rpo_ms":              "Window of lost writes in milliseconds (commit time of the last lost write minus that of the first); 0 when none is lost.",
			"split_brain_writes":  "Writes accepted by an old leader that no longer led (async_primary across a partition).",
			"conflicts":           "Concurrent writes to one key within the replication window (multi_leader).",
			"lost_updates":        "Conflicting writes lost by last-writer-wins resolution.",
			"merges":              "Conflicting writes merged by CRDT resolution.",
			"write_unavailable_s": "Seconds during which writes could not commit (no leader, or no quorum).",
			"failovers":           "Leader changes.",
		})},
	}
}

// cacheTiersAttribute is the data source's cache_tiers: the arguments of
// topology_cache_tier, so that whole resources can be assigned (through a
// local value, like regions), with the same validators and defaults.
func cacheTiersAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "Per-region caches in front of replica sets. Assign whole `topology_cache_tier` " +
			"resources through a local value, as for `regions` (`locals { cache_tiers = [topology_cache_tier.hot] }`, " +
			"then `cache_tiers = local.cache_tiers`); literal objects work too, with the same defaults as the " +
			"resource. Names must be unique; each tier's `replica_set` must be one of `replica_sets` and its " +
			"regions among `regions`.",
		NestedObject: schema.NestedAttributeObject{
			Validators: []validator.Object{requiredAttributes(map[string]string{
				"name":          `Set the cache tier's unique name, for example name = "hot".`,
				"replica_set":   `Set the replica set the tier caches, for example replica_set = "orders".`,
				"regions":       `Set the regions that run a cache of the tier, for example regions = ["us-east-1", "eu-west-1"].`,
				"capacity_keys": "Set how many keys one region's cache holds, for example capacity_keys = 10000.",
				"ttl_s":         "Set how long an entry may be served after it was filled, in seconds, for example ttl_s = 60 (0 for no expiry).",
			})},
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** " + descCTName,
					Validators:          []validator.String{nameValidator()},
				},
				"replica_set": schema.StringAttribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** " + descCTReplicaSet,
					Validators:          []validator.String{nameValidator()},
				},
				"regions": schema.ListAttribute{
					Optional:            true, // Required, see requiredAttributes.
					ElementType:         types.StringType,
					MarkdownDescription: "**Required.** " + descCTRegions,
					Validators:          ctRegionsValidators(),
				},
				"capacity_keys": schema.Int64Attribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** " + descCTCapacity,
					Validators:          ctCapacityValidators(),
				},
				"ttl_s": schema.Float64Attribute{
					Optional:            true, // Required, see requiredAttributes.
					MarkdownDescription: "**Required.** " + descCTTTL,
					Validators:          ctTTLValidators(),
				},
				"eviction": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: descCTEviction,
					Validators:          ctEvictionValidators(),
				},
				"hit_latency_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: fmt.Sprintf(descCTHitLatency, defaultCacheHitLatencyMs),
					Validators:          ctHitLatencyValidators(),
				},
				"write_policy": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: descCTWritePolicy,
					Validators:          ctWritePolicyValidators(),
				},
			},
		},
	}
}

// cacheTierResultsAttribute is what each cache tier measured in one
// scenario.
func cacheTierResultsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "What each cache tier measured, in the order of `cache_tiers`; empty without cache tiers. " +
			"Every figure has its 95% interval in the `_ci` attribute of the same name.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name": computedString("Cache tier name."),
			"regions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The tier's cache in each of its regions, in the order of the tier's `regions`.",
				NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
					"region": computedString("Region of the cache."),
				}, map[string]string{
					"hit_ratio": "Fraction of the reads that looked in this region's cache and hit.",
					"stale_hit_ratio": "Fraction of this cache's hits that served an entry older than the key's last committed " +
						"version: stale reads served from the cache, which count in the scenario's `stale_read_ratio`.",
				})},
			},
			"hit_latency_ms":     latencyMeans("Client-side latency of the reads that hit this tier"),
			"hit_latency_ms_ci":  latencyIntervals("hit_latency_ms"),
			"miss_latency_ms":    latencyMeans("Client-side latency of the reads that looked in this tier and missed (the replica set's read path included)"),
			"miss_latency_ms_ci": latencyIntervals("miss_latency_ms"),
		}},
	}
}

// timelineAttribute is a scenario's per-second timeline.
func timelineAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "One point per simulated second, warm-up included, each the mean over replications, so " +
			"that a fault's effect and the recovery after it can be seen and plotted (for example " +
			"`[for p in results[1].timeline : p.cache_hit_ratio]`, or `[for p in results[1].timeline : " +
			"p.region_attempts[0]]` for the traffic draining from a failed region).",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"t_s":           computedFloat64("Start of the second, in seconds from the start of the run."),
			"requests":      computedFloat64("Requests issued in that second."),
			"success_ratio": computedFloat64("Fraction of that second's requests that succeeded."),
			"p99_ms":        computedFloat64("99th percentile latency of that second's successful requests, in milliseconds."),
			"cache_hit_ratio": computedFloat64("Cache hit ratio of that second's reads that looked in a cache; 0 " +
				"without cache tiers."),
			"attempts": computedFloat64("With a `routing_policy`: attempts sent in that second, first tries and " +
				"retries; above `requests` when retries add load. 0 without one."),
			"region_attempts": schema.ListAttribute{
				Computed:    true,
				ElementType: types.Float64Type,
				MarkdownDescription: "With a `routing_policy`: the attempts of that second sent to each region, in the " +
					"order of `regions`, which shows traffic draining from a failed region; empty without one.",
			},
		}},
	}
}

// valueText is a known value as a user would write it: a number as 10
// rather than the framework's 10.000000, a string quoted.
func valueText(v attr.Value) string {
	if x, ok := v.(types.Float64); ok {
		return strconv.FormatFloat(x.ValueFloat64(), 'g', -1, 64)
	}
	return v.String()
}

// routingPolicyAttribute is the data source's routing_policy: the arguments
// of topology_routing_policy, so that the whole resource can be assigned
// (through a local value, like regions), with the same validators and
// defaults.
func routingPolicyAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "How requests pick their region, how regions are health-checked, and how clients time " +
			"out and retry. Assign a whole `topology_routing_policy` through a local value, as for `regions` " +
			"(`locals { policy = topology_routing_policy.global }`, then `routing_policy = local.policy`); a literal " +
			"object works too, with the same defaults as the resource. Without it every origin is served by its " +
			"nearest region, whatever happens to that region, and there are no health checks, timeouts or retries. " +
			"With it, each scenario's results have a `routing` object (RTO, detection time per fault, attempts per " +
			"request, goodput, sovereignty violations) and the timeline shows the traffic per region.",
		Validators: []validator.Object{requiredAttributes(map[string]string{
			"name": `Set the routing policy's name, for example name = "global".`,
		})},
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional:            true, // Required, see requiredAttributes.
				MarkdownDescription: "**Required.** " + descRPName,
				Validators:          []validator.String{nameValidator()},
			},
			"strategy": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: descRPStrategy,
				Validators:          rpStrategyValidators(),
			},
			"geo_routes": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: descRPGeoRoutes,
				Validators:          rpGeoRoutesValidators(),
			},
			"weights": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.Float64Type,
				MarkdownDescription: descRPWeights,
				Validators:          rpWeightsValidators(),
			},
			"failover": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: descRPFailover,
				Validators:          rpFailoverValidators(),
			},
			"health_check": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf(descRPHealthCheck, defaultHealthIntervalS, defaultHealthThreshold, defaultHealthTimeoutMs),
				Attributes: map[string]schema.Attribute{
					"interval_s": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(descRPHCInterval, defaultHealthIntervalS),
						Validators:          rpHCIntervalValidators(),
					},
					"failure_threshold": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(descRPHCThreshold, defaultHealthThreshold),
						Validators:          rpHCThresholdValidators(),
					},
					"timeout_ms": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(descRPHCTimeout, defaultHealthTimeoutMs),
						Validators:          rpHCTimeoutValidators(),
					},
				},
			},
			"dns_ttl_s": schema.Float64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf(descRPDNSTTL, defaultDNSTTLS),
				Validators:          rpDNSTTLValidators(),
			},
			"request_timeout_ms": schema.Float64Attribute{
				Optional:            true,
				MarkdownDescription: descRPRequestTimeout,
				Validators:          rpRequestTimeoutValidators(),
			},
			"retry": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf(descRPRetry, defaultMaxAttempts, defaultBackoffBaseMs, defaultBackoffMaxMs),
				Attributes: map[string]schema.Attribute{
					"max_attempts": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(descRPMaxAttempts, maxRetryAttempts, defaultMaxAttempts),
						Validators:          rpMaxAttemptsValidators(),
					},
					"backoff_base_ms": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(descRPBackoffBase, defaultBackoffBaseMs),
						Validators:          rpBackoffBaseValidators(),
					},
					"backoff_max_ms": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(descRPBackoffMax, defaultBackoffMaxMs),
						Validators:          rpBackoffMaxValidators(),
					},
				},
			},
			"circuit_breaker": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: descRPBreaker,
				Attributes: map[string]schema.Attribute{
					"failure_threshold": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(descRPBreakerThreshold, defaultBreakerThreshold),
						Validators:          rpBreakerThresholdValidators(),
					},
					"open_s": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(descRPBreakerOpen, defaultBreakerOpenS),
						Validators:          rpBreakerOpenValidators(),
					},
				},
			},
		},
	}
}

// routingResultAttribute is what the routing policy measured in one
// scenario.
func routingResultAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "What the routing policy's mechanics measured in this scenario: retry amplification, " +
			"goodput, timeouts, breaker openings, the recovery and the detection of each fault, and sovereignty " +
			"violations. Null without `routing_policy`, unless `sla.rto_s` is set (the recovery is then measured " +
			"with static routing). Counts are per replication; every figure has its 95% interval in the `_ci` " +
			"attribute of the same name.",
		Attributes: withEstimates(map[string]schema.Attribute{
			"recovered": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether the scenario recovered while its faults lasted: false when, in some " +
					"replication, the success ratio was still below `rto_target` in the last second of the faults. " +
					"`rto_s` is then a lower bound (the whole fault window), and the `rto_s` SLA clause fails. True in " +
					"the baseline.",
			},
			"rto_target": computedFloat64("The success ratio the recovery is measured against: `sla.availability`, " +
				"or 0.999 without it."),
			"faults": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "How each fault that takes a region out (`region_outage`, `capacity_loss`, " +
					"`partition`) was detected, in the scenario's order; empty in the baseline.",
				NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
					"type":   computedString("The fault's type."),
					"region": computedString("The region the fault hit."),
					"at_s":   computedFloat64("When the fault started, in seconds from the start of the run."),
					"detected": computedFloat64("Fraction of replications in which the health checks marked the region " +
						"down during the fault (a partition, seen from the health checker, is not)."),
				}, map[string]string{
					"detection_s": "Seconds from the fault's start until the health checks marked the region down, over " +
						"the replications that did (0 when none did: see `detected`); about `interval_s × failure_threshold`.",
				})},
			},
			"sovereignty_violations": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "Each origin-to-region route that carried requests against the origin's " +
					"`allowed_jurisdictions`, for example during a failover to another jurisdiction; empty when none did.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"origin":       computedString("The origin's label."),
					"region":       computedString("The region its requests reached."),
					"jurisdiction": computedString("The region's jurisdiction."),
					"first_s":      computedFloat64("The earliest time, over replications, a request took the route, in seconds from the start of the run."),
					"requests":     computedFloat64("Attempts that took the route, per replication."),
				}},
			},
		}, map[string]string{
			"attempts_per_request": "Attempts sent per measured request, retries included: 1 without retries, above 1 " +
				"when retries add load (retry amplification).",
			"goodput_rps":     "Successful measured requests per second of the measured window.",
			"timed_out_ratio": "Fraction of the attempts that timed out (`request_timeout_ms`).",
			"breaker_opens":   "Circuit-breaker openings, per replication.",
			"rto_s": "Recovery time in seconds: from the scenario's first fault until the rolling 1-second success " +
				"ratio is back at or above `rto_target`; 0 in the baseline.",
		}),
	}
}
