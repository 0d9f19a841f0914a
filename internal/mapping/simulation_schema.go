package mapping

import (
	"fmt"
	"maps"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// SimulationSchema is the data source's schema; a function so that the
// mapping tests can use it without a server.
func SimulationSchema() schema.Schema {
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
		Attributes: withNumberTypes(joinAttributes(map[string]schema.Attribute{
			"regions":        regionsAttribute(),
			"replica_sets":   replicaSetsAttribute(),
			"cache_tiers":    cacheTiersAttribute(),
			"routing_policy": routingPolicyAttribute(),
			"scenarios":      argumentAttribute("scenarios"),
			"workload":       argumentAttribute("workload"),
			"network":        argumentAttribute("network"),
			"sla":            argumentAttribute("sla"),
			"results":        resultsAttribute(),
		}, runAttributes(), summaryAttributes())),
	}
}

// joinAttributes merges attribute maps whose names do not overlap.
func joinAttributes(groups ...map[string]schema.Attribute) map[string]schema.Attribute {
	all := map[string]schema.Attribute{}
	for _, g := range groups {
		maps.Copy(all, g)
	}
	return all
}

// workloadAttribute is the offered load: the key space and the origins.
func workloadAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Required:            true,
		MarkdownDescription: "The offered load.",
		Attributes: map[string]schema.Attribute{
			"keys": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Size of the key space the requests read and write. Key popularity follows " +
					"a Zipf law of exponent `zipf_s`. It matters with replica sets: stale reads and multi-leader " +
					"conflicts happen on keys written recently. At least `1`; defaults to `" + strconv.Itoa(simulator.DefaultKeys) + "`.",
				Validators: []validator.Int64{Int64Rule("workload.keys")},
			},
			"zipf_s": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Zipf exponent of key popularity: `0` is uniform, around `1` is typical of " +
					"web workloads (a few hot keys). At least `0`; defaults to `" + strconv.FormatFloat(simulator.DefaultZipfS, 'g', -1, 64) + "`.",
				Validators: []validator.Float64{Float64Rule("workload.zipf_s")},
			},
			"start_hour_utc": startHourAttribute(),
			"origins": schema.ListNestedAttribute{
				Required: true,
				MarkdownDescription: "Client populations, each sending a Poisson stream of requests to the region " +
					"nearest by round-trip time (`served_by` in the results). At least one.",
				Validators: []validator.List{ListRule("workload.origins")},
				NestedObject: schema.NestedAttributeObject{
					Validators: []validator.Object{RequiredAttributes(map[string]string{
						"location": `Set where the clients are, for example location = "aws:eu-west-1".`,
						"rps":      "Set the mean number of requests per second the origin sends, for example rps = 1000.",
					})},
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "Label of the origin in the results and reports; defaults to its `location`. Names must be unique.",
							Validators:          []validator.String{StringRule("workload.origins[].name")},
						},
						"location": schema.StringAttribute{
							Optional: true, // Required, see RequiredAttributes.
							MarkdownDescription: "**Required.** Where the clients are: a catalog code (`aws:eu-west-1`) or coordinates " +
								"as `geo:LAT,LON`.",
							Validators: []validator.String{StringRule("workload.origins[].location")},
						},
						"rps": schema.Float64Attribute{
							Optional:            true, // Required, see RequiredAttributes.
							MarkdownDescription: "**Required.** Mean request rate in requests per second. Greater than `0`.",
							Validators:          []validator.Float64{Float64Rule("workload.origins[].rps")},
						},
						"read_ratio": schema.Float64Attribute{
							Optional: true,
							MarkdownDescription: fmt.Sprintf("Fraction of the requests that are reads, from `0` to `1`. "+
								"Defaults to `%g`: without replica sets, reads and writes are served alike. With replica "+
								"sets, set it: the default sends no writes, so nothing is replicated.", DefaultReadRatio),
							Validators: []validator.Float64{Float64Rule("workload.origins[].read_ratio")},
						},
						"replica_set": schema.StringAttribute{
							Optional: true,
							MarkdownDescription: "Name of the replica set in `replica_sets` the origin's requests read and " +
								"write. Defaults to the first replica set; ignored when there is none.",
							Validators: []validator.String{StringRule("workload.origins[].replica_set")},
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
								ListRule("workload.origins[].allowed_jurisdictions"),
								listvalidator.ValueStringsAre(StringRule("workload.origins[].allowed_jurisdictions[]")),
							},
						},
						"operations":   operationsAttribute(),
						"load_profile": loadProfileAttribute(),
						"sessions": schema.Int64Attribute{
							Optional: true,
							MarkdownDescription: fmt.Sprintf("How many client sessions the origin's requests are spread over, "+
								"each request in one drawn uniformly at random. With a replica set whose `read_consistency` is "+
								"`read_your_writes`, a read of a key its session wrote, while the local replica has not applied "+
								"that write, goes to the leader; see `results[*].sessions`. With other consistencies it only "+
								"counts the reads that miss their own session's writes. From `1` to `%d`; defaults to `%d` for "+
								"an origin of a `read_your_writes` replica set, none otherwise. Each session keeps its last %d "+
								"writes (%d bytes), counted in `state_bytes`.",
								simulator.MaxSessions, simulator.DefaultSessions, simulator.SessionRing, simulator.SessionBytes(1)),
							Validators: []validator.Int64{Int64Rule("workload.origins[].sessions")},
						},
						"request_bytes":  originSizeAttributes(false)["request_bytes"],
						"response_bytes": originSizeAttributes(false)["response_bytes"],
					}},
			},
		},
	}
}

// networkAttribute tunes the network delay model.
func networkAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: "Tunes the network delay model. Round-trip times are measured medians between AWS catalog regions and estimates from distance otherwise; they never beat the fiber floor.",
		Attributes: map[string]schema.Attribute{
			"jitter_sigma": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Spread of network delay: the log standard deviation of the lognormal "+
					"factor applied to the part of each one-way delay above the fiber floor. `0` makes delays "+
					"constant; defaults to `%g`. From `0` to `%d`.", simulator.DefaultJitterSigma, simulator.MaxJitterSigma),
				Validators: []validator.Float64{Float64Rule("network.jitter_sigma")},
			},
		},
	}
}

// slaAttribute holds the SLA targets, one clause each.
func slaAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "Targets checked in every scenario; each target set is a clause, with its result in " +
			"`results[*].sla`. Latency targets bound client-side latency (network both ways, queueing and service) " +
			"over all successful requests. Omit to measure without checking.",
		Attributes: map[string]schema.Attribute{
			"latency_p50_ms":  latencyTarget("latency_p50_ms", "50th percentile (median)"),
			"latency_p95_ms":  latencyTarget("latency_p95_ms", "95th percentile"),
			"latency_p99_ms":  latencyTarget("latency_p99_ms", "99th percentile"),
			"latency_p999_ms": latencyTarget("latency_p999_ms", "99.9th percentile"),
			"availability": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Lower bound on the fraction of requests that succeed (rejected requests fail), " +
					"for example `0.999`. Greater than `0` and at most `1`.",
				Validators: []validator.Float64{Float64Rule("sla.availability")},
			},
			"read_latency_p99_ms":  latencyTarget("read_latency_p99_ms", "99th percentile of reads"),
			"write_latency_p99_ms": latencyTarget("write_latency_p99_ms", "99th percentile of writes (commit included)"),
			"replication_lag_p99_ms": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Upper bound on the 99th percentile of replication lag, in milliseconds, of " +
					"every follower of every replica set: the time from a write's commit to its apply there. Greater than `0`.",
				Validators: []validator.Float64{Float64Rule("sla.replication_lag_p99_ms")},
			},
			"rpo_ms": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Upper bound on the recovery point, in milliseconds: for each failure, the time " +
					"from the commit of the oldest committed write lost to it (split-brain writes discarded at the heal " +
					"included); `0` only when nothing is lost. `0` demands that no committed write is ever lost: the " +
					"clause then fails when any replication loses a write. At least `0`.",
				Validators: []validator.Float64{Float64Rule("sla.rpo_ms")},
			},
			"stale_read_ratio": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Upper bound on the fraction of successful reads that return data older than the " +
					"last committed version, from `0` to `1`.",
				Validators: []validator.Float64{Float64Rule("sla.stale_read_ratio")},
			},
			"conflict_ratio": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Upper bound on the fraction of committed writes that conflict with a concurrent " +
					"write to the same key (`multi_leader` replica sets), from `0` to `1`.",
				Validators: []validator.Float64{Float64Rule("sla.conflict_ratio")},
			},
			"rto_s": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Upper bound on the recovery time of every scenario with faults, in seconds: " +
					"the time from the scenario's first fault until the success ratio of a rolling 1-second window " +
					"is back at or above `availability` (99.9% without an availability target). A scenario that " +
					"has not recovered when its faults end fails the clause, whatever the target. The recovery " +
					"comes from a `routing_policy`'s health checks and DNS TTL; without one nothing routes around a " +
					"failed region. Not checked in the baseline. At least `0`.",
				Validators: []validator.Float64{Float64Rule("sla.rto_s")},
			},
			"origins":               originSLAAttribute(),
			"duplicate_write_ratio": duplicateWriteRatioTarget(),
			"max_cost_per_hour":     maxCostPerHourTarget(),
		},
	}
}

// originSLAAttribute holds the SLA targets of single origins: each is a
// clause of its own, evaluated on that origin's requests with its own
// interval, beside the pooled clauses.
func originSLAAttribute() schema.ListNestedAttribute {
	target := func(clause, quantile string) schema.Float64Attribute {
		return schema.Float64Attribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("Upper bound on the %s of the origin's latency, in milliseconds. Greater than `0`.", quantile),
			Validators:          []validator.Float64{Float64Rule("sla.origins[]." + clause)},
		}
	}
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "Targets of single origins, for example `[{ origin = \"sydney\", latency_p99_ms = 250 }]`: " +
			"each is a clause of its own, evaluated on that origin's own requests with its own 95% interval, beside the " +
			"pooled clauses (a surge in one city can lower the pooled p99 while that city suffers). Its result in " +
			"`results[*].sla` has `origin` set. A target at or below the fiber floor from the origin to every region that " +
			"may serve it is an error. Each origin once; each entry sets at least one target.",
		NestedObject: schema.NestedAttributeObject{
			Validators: []validator.Object{RequiredAttributes(map[string]string{
				"origin": `Set the origin's label, for example origin = "sydney" (its name, or its location when it has none).`,
			})},
			Attributes: map[string]schema.Attribute{
				"origin": schema.StringAttribute{
					Optional: true, // Required, see RequiredAttributes.
					MarkdownDescription: requiredMark + "The origin, by its label: its `name`, or its `location` when it " +
						"has none.",
					Validators: []validator.String{StringRule("sla.origins[].origin")},
				},
				"latency_p50_ms":  target("latency_p50_ms", "50th percentile (median)"),
				"latency_p95_ms":  target("latency_p95_ms", "95th percentile"),
				"latency_p99_ms":  target("latency_p99_ms", "99th percentile"),
				"latency_p999_ms": target("latency_p999_ms", "99.9th percentile"),
				"availability": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: "Lower bound on the fraction of the origin's requests that succeed, for example `0.999`.",
					Validators:          []validator.Float64{Float64Rule("sla.origins[].availability")},
				},
			},
		},
	}
}

// resultsAttribute holds one object of results per scenario.
func resultsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "One object per scenario, `baseline` (no faults) first. Every figure is the mean " +
			"across replications; `*_ci` attributes hold its 95% confidence interval. A figure that cannot be " +
			"measured (for example latency when no request succeeded) is null.",
		NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
			"name": computedString("Scenario name."),
			"replications": computedInt64("Replications the scenario ran: `replications` when it is set, else as many " +
				"as the stopping rule took (see `stopped_by`)."),
			"stopped_by": computedString("Why no more replications ran: `fixed` (`replications` set), `decided` (every " +
				"clause's interval, widened for the repeated looks, on one side of its target), `precision` (every other " +
				"clause within `precision` of its target), `cap` (`max_replications` ran) or `budget` (another round " +
				"would exceed `max_simulated_requests`)."),
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
				MarkdownDescription: "Time-average fraction of busy servers among the servers present, by region name (see `regions[*].utilization`).",
			},
			"origins": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "What the clients of each origin saw, in the order of `workload.origins`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":     computedString("Origin name (its `location` when it has none)."),
					"location": computedString("Origin location."),
					"served_by": computedString("Name of the region that served the largest share of the origin's " +
						"successful requests in this scenario (the first of `served_shares`): during an outage of the " +
						"nearest region, the region the routing policy failed over to. When none succeeded, the region " +
						"the origin is routed to while every region is healthy."),
					"served_shares": schema.ListNestedAttribute{
						Computed: true,
						MarkdownDescription: "For each region that served some of the origin's successful requests, the " +
							"share of them it served, largest first; empty when none succeeded.",
						NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
							"region": computedString("Region name."),
						}, map[string]string{
							"share": "Fraction of the origin's successful requests this region served.",
						})},
					},
					"requests":      computedInt64("Measured requests of the origin, over all replications."),
					"latency_ms":    latencyMeans("Client-side latency of the origin's successful requests"),
					"latency_ms_ci": latencyIntervals("latency_ms"),
					"availability": computedFloat64("Fraction of the origin's measured requests that succeeded; null " +
						"when the origin sent no measured request (its `latency_ms` is null too when none succeeded)."),
					"availability_ci": interval95("availability"),
					"min_latency_ms": computedFloat64("Fastest successful response over all replications, in milliseconds: " +
						"an exact minimum, which shows that no response beat the fiber floor. Null when no request succeeded."),
				}},
			},
			"regions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "What each region's queue measured, in the order of `regions`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":        computedString("Region name."),
					"arrival_rps": computedFloat64("Arrivals per second, accepted and rejected."),
					"utilization": computedFloat64("Time-average fraction of busy servers among the servers present: " +
						"busy-server time over the integral of the servers present over the measured window, so that " +
						"under a `capacity_loss` it is measured against the servers left."),
					"min_servers": computedInt64("Fewest servers (`instances` × `concurrency`) present at any time of " +
						"the measured window: below the configured count under a `capacity_loss`."),
					"rejected_ratio":  computedFloat64("Fraction of arrivals rejected by a full queue."),
					"mean_wait_ms":    computedFloat64("Mean time a request waits for a server, in milliseconds."),
					"mean_sojourn_ms": computedFloat64("Mean time a request spends in the region (wait and service), in milliseconds."),
					"p99_sojourn_ms":  computedFloat64("99th percentile of the time in the region, in milliseconds."),
					"autoscaling":     regionAutoscalingAttribute(),
				}},
			},
			"sla": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Each SLA clause evaluated in this scenario; empty without `sla`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"clause": computedString("The `sla` attribute checked, for example `latency_p99_ms`."),
					"origin": computedString("For a target of `sla.origins`, the origin it is evaluated on; null for a " +
						"pooled clause."),
					"target": computedFloat64("The target as configured."),
					"observed": computedFloat64("The observed figure: the mean across replications. Null when nothing " +
						"measured it (a per-origin clause on an origin that sent no measured request, or a latency clause " +
						"on one of which none succeeded); the clause then fails."),
					"ci_low":  computedFloat64("Lower end of the 95% confidence interval of `observed`."),
					"ci_high": computedFloat64("Upper end of the 95% confidence interval of `observed`."),
					"status": computedString("`pass` when the whole interval meets the target, `fail` when it " +
						"misses it entirely or nothing measured it, `marginal` when it straddles the target."),
					"operation": computedString("For a target of an operation (`workload.origins[*].operations`), the " +
						"operation's name (`origin` is its origin); null otherwise."),
				}},
			},
			"replica_sets": replicaSetResultsAttribute(),
			"cache_tiers":  cacheTierResultsAttribute(),
			"routing":      routingResultAttribute(),
			"timeline":     timelineAttribute(),
			"operations":   operationResultsAttribute(),
			"sessions":     sessionsResultAttribute(),
			"cost":         costResultAttribute(),
			"scale_events": scaleEventsAttribute(),
		}, map[string]string{
			"duplicate_writes": "Duplicate writes per replication, over every write operation: commits of a " +
				"non-idempotent operation's request after its first (a retry of an attempt that timed out but committed). " +
				"Null when no origin declares operations.",
			"duplicate_write_ratio": "Duplicate writes per measured write of the write operations, the figure of the " +
				"`duplicate_write_ratio` SLA clause. Null when no origin declares operations.",
			"cache_hit_ratio":        "Fraction of the reads that looked in a cache (of any tier) and hit; 0 without `cache_tiers`.",
			"write_availability":     "Fraction of measured writes that succeeded (a write fails while its replica set has no leader or no quorum).",
			"stale_read_ratio":       "Fraction of successful reads, over every replica set, that returned data older than the last committed version.",
			"replication_lag_p99_ms": "The largest 99th percentile replication lag of any follower of any replica set, in milliseconds.",
			"lost_writes":            "Committed writes lost at failovers, per replication.",
			"rpo_ms":                 "Recovery point in milliseconds: for each failure, the time from the commit of the oldest committed write lost to it; the largest per replication, 0 only when nothing is lost.",
			"conflict_ratio":         "Fraction of committed writes that conflicted with a concurrent write to the same key (multi_leader).",
			"rto_s": "Recovery time in seconds, the figure of the `rto_s` SLA clause: `routing.rto_s`. Null without " +
				"`routing_policy` and `sla.rto_s`; 0 in the baseline.",
		})},
	}
}

// runAttributes are the run settings: duration, warm-up, replications,
// seed and enforcement.
func runAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"duration_s": schema.Float64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Simulated seconds during which requests arrive, per replication. "+
				"Greater than `0`; defaults to `%g`. A longer run narrows the intervals and takes longer.", simulator.DefaultDurationS),
			Validators: []validator.Float64{Float64Rule("run.duration_s")},
		},
		"warmup_s": schema.Float64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Initial simulated seconds whose requests are not measured, so that queues "+
				"are measured in steady state rather than empty. At least `0` and less than `duration_s`; defaults to `%g`.", DefaultWarmupS),
			Validators: []validator.Float64{Float64Rule("run.warmup_s")},
		},
		"replications": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Fixed number of independent replications, from `2` to `100`. Unset (the default), " +
				fmt.Sprintf("replications run in rounds of %d until every SLA clause is decided (its whole interval on one "+
					"side of the target) or within `precision` of it, up to `max_replications`; each result says how many "+
					"ran and why they stopped (`replications`, `stopped_by`). Confidence intervals are taken across "+
					"replications, so more replications settle marginal clauses.", simulator.RoundReplications),
			Validators: []validator.Int64{Int64Rule("run.replications")},
		},
		"max_replications": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Most replications per scenario when `replications` is unset, from `%d` to `%d`; "+
				"defaults to `%d`. An error beside `replications`.", simulator.RoundReplications, simulator.MaxReplications, simulator.DefaultMaxReplications),
			Validators: []validator.Int64{Int64Rule("run.max_replications")},
		},
		"precision": schema.Float64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("When `replications` is unset, a scenario also stops once every clause's 95%% "+
				"interval half-width is at most this fraction of its target (for `availability`, of its error budget "+
				"`1 - target`, so that `0.999` is precise at a half-width of `0.00005`); above `0`, at most `1`; defaults to `%g`. "+
				"An error beside `replications`.", simulator.DefaultPrecision),
			Validators: []validator.Float64{Float64Rule("run.precision")},
		},
		"seed": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Seed of every random stream of the simulation. Defaults to the provider's "+
				"`default_seed`, itself `%d`. The same arguments and seed give the same results.", DefaultSeed),
			Validators: []validator.Int64{Int64Rule("run.seed")},
		},
		"enforce": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Whether a failed SLA clause fails the plan. When `true` (the default) each scenario " +
				"with a failed clause is an error; when `false` it is a warning. A marginal clause is always a warning.",
		},
	}
}

// summaryAttributes are the computed verdict and report beside results.
func summaryAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
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
			MarkdownDescription: "The full Markdown report: the verdict, every SLA clause with its " +
				"interval, and per scenario the latency and availability of each origin, the load of each region, " +
				"with replica sets what each replica set measured and, with cache tiers, the hit ratio and stale hits " +
				"of each tier in each region. For a pull-request comment (the verdict on one line, collapsed details " +
				"with the advice, before → after against the prior state), run `terraform-provider-topology check " +
				"--plan plan.json --markdown FILE` on the plan instead.",
		},
		"simulated_requests": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "Requests simulated over all replications, warm-up included: the run's cost.",
		},
	}
}

// latencyTarget is the schema of the latency SLA clause sla.<clause>, on
// the given quantile.
func latencyTarget(clause, quantile string) schema.Float64Attribute {
	return schema.Float64Attribute{
		Optional:            true,
		MarkdownDescription: fmt.Sprintf("Upper bound on the %s of latency, in milliseconds. Greater than `0`.", quantile),
		Validators:          []validator.Float64{Float64Rule("sla." + clause)},
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
