package mapping

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

func replicaSetsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "The replicated data stores the requests read and write. Assign whole " +
			"`topology_replica_set` resources through a local value, as for `regions` " +
			"(`locals { replica_sets = [topology_replica_set.orders] }`, then `replica_sets = local.replica_sets`); " +
			"literal objects work too, with the same defaults as the resource. Without replica sets a request is " +
			"served by its region alone. Names must be unique and every region must be in `regions`.",
		NestedObject: schema.NestedAttributeObject{
			Validators: []validator.Object{RequiredAttributes(map[string]string{
				"name":        `Set the replica set's unique name, for example name = "orders".`,
				"regions":     `Set the regions holding a replica, for example regions = ["us-east-1", "eu-west-1"].`,
				"leader":      `Set the region holding the primary, for example leader = "us-east-1".`,
				"replication": `Set the replication mode: "sync_quorum", "async_primary" or "multi_leader".`,
			})},
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** Unique name of the replica set, for example `orders`.",
					Validators:          []validator.String{NameValidator()},
				},
				"regions": schema.ListAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					ElementType:         types.StringType,
					MarkdownDescription: "**Required.** " + DescRSRegions,
					Validators:          RsRegionsValidators(),
				},
				"leader": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** " + DescRSLeader,
					Validators:          []validator.String{NameValidator()},
				},
				"replication": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** " + DescRSReplication,
					Validators:          RsReplicationValidators(),
				},
				"read_consistency": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: DescRSReadConsistency,
					Validators:          RsReadConsistencyValidators(),
				},
				"quorum": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: DescRSQuorum,
					Validators:          RsQuorumValidators(),
				},
				"staleness_bound_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: DescRSStaleness,
					Validators:          RsStalenessValidators(),
				},
				"apply_time_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: fmt.Sprintf(DescRSApplyTime, DefaultApplyTimeMs),
					Validators:          RsApplyTimeValidators(),
				},
				"election_timeout_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: fmt.Sprintf(DescRSElection, DefaultElectionTimeoutMs),
					Validators:          RsElectionValidators(),
				},
				"promotion_delay_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: fmt.Sprintf(DescRSPromotion, DefaultPromotionDelayMs),
					Validators:          RsPromotionValidators(),
				},
				"conflict_resolution": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: DescRSConflict,
					Validators:          RsConflictValidators(),
				},
			},
		},
	}
}

// FaultTypes are the fault types a scenario may hold, with the attributes
// each needs besides type and at_s, and those it refuses. A pair fault
// (latency_spike, partition) is between region and exactly one other end:
// origin (an origin's clients) or region_b (another region).
var FaultTypes = map[string]struct {
	Needs, Refuses []string
	Pair bool
}{
	simulator.FaultRegionOutage: {Needs: []string{"region"}, Refuses: []string{"tier", "origin", "region_b", "fraction", "multiplier", "extra_ms"}},
	simulator.FaultCacheFlush:   {Needs: []string{"tier"}, Refuses: []string{"duration_s", "origin", "region_b", "fraction", "multiplier", "extra_ms"}},
	simulator.FaultCapacityLoss: {Needs: []string{"region", "fraction"}, Refuses: []string{"tier", "origin", "region_b", "multiplier", "extra_ms"}},
	simulator.FaultTrafficSurge: {Needs: []string{"origin", "multiplier"}, Refuses: []string{"region", "region_b", "tier", "fraction", "extra_ms"}},
	simulator.FaultLatencySpike: {Needs: []string{"region", "extra_ms"}, Refuses: []string{"tier", "fraction", "multiplier"}, Pair: true},
	simulator.FaultPartition:    {Needs: []string{"region"}, Refuses: []string{"tier", "fraction", "multiplier", "extra_ms"}, Pair: true},
}

// FaultArgumentHints say how to set a fault argument a type needs.
var FaultArgumentHints = map[string]string{
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

// FaultRefusedHint is the hint for argument of a fault of type typ that
// does not take it.
func FaultRefusedHint(typ, argument string) string {
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
			Validators: []validator.Object{RequiredAttributes(map[string]string{
				"name":   `Set the scenario's name, for example name = "leader-down".`,
				"faults": `Set the scenario's faults, for example faults = [{ type = "region_outage", region = "us-east-1", at_s = 60 }].`,
			})},
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** Name of the scenario in the results, for example `leader-down`.",
					Validators:          []validator.String{NameValidator()},
				},
				"faults": schema.ListNestedAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** The timed faults of the scenario. At least one.",
					Validators: []validator.List{ListNotEmpty(
						`Add a fault, for example { type = "region_outage", region = "us-east-1", at_s = 60, duration_s = 120 }.`)},
					NestedObject: schema.NestedAttributeObject{
						Validators: []validator.Object{RequiredAttributes(map[string]string{
							"type": `Set the fault type, for example type = "region_outage".`,
							"at_s": "Set when the fault starts, in seconds from the start of the run, for example at_s = 60.",
						})},
						Attributes: map[string]schema.Attribute{
							"type": schema.StringAttribute{
								Optional: true, // Required, see RequiredAttributes.
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
								Validators: []validator.String{StringOneOf(
									"Set type = \"region_outage\" or \"capacity_loss\" with the region it hits, \"traffic_surge\" with the origin, "+
										"\"latency_spike\" or \"partition\" with the origin and region, or \"cache_flush\" with the tier it empties.",
									slices.Sorted(maps.Keys(FaultTypes))...)},
							},
							"region": schema.StringAttribute{
								Optional: true,
								MarkdownDescription: "The region the fault hits, one of `regions`. Required by `region_outage`, " +
									"`capacity_loss`, `latency_spike` and `partition` (the region end of the pair); not allowed with " +
									"`traffic_surge`; optional for `cache_flush`, where it limits the flush to that region's cache (one " +
									"of the tier's `regions`), and every region's cache of the tier is flushed when it is not set.",
								Validators: []validator.String{NameValidator()},
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
								Validators: []validator.String{NameValidator()},
							},
							"fraction": schema.Float64Attribute{
								Optional: true,
								MarkdownDescription: "For `capacity_loss`, and required there: the share of the region's servers " +
									"lost, greater than `0` and at most `1`. Not allowed with the other types.",
								Validators: []validator.Float64{Float64Within(0, 1, false,
									"Set the share of the region's servers lost, for example 0.5 for half of them, or 1 for all of them.")},
							},
							"multiplier": schema.Float64Attribute{
								Optional: true,
								MarkdownDescription: "For `traffic_surge`, and required there: how many times its usual request " +
									"rate the origin sends, greater than `1`. Not allowed with the other types.",
								Validators: []validator.Float64{Float64GreaterThan(1,
									"A surge multiplies the origin's rate: set a multiplier above 1, for example 3 for three times the traffic.")},
							},
							"extra_ms": schema.Float64Attribute{
								Optional: true,
								MarkdownDescription: "For `latency_spike`, and required there: the round-trip time added between " +
									"the origin and the region, in milliseconds, greater than `0`. Not allowed with the other types.",
								Validators: []validator.Float64{Float64GreaterThan(0,
									"Set the round-trip time the spike adds in milliseconds, for example 200.")},
							},
							"tier": schema.StringAttribute{
								Optional: true,
								MarkdownDescription: "The cache tier a `cache_flush` empties: the name of one of `cache_tiers`. " +
									"Required by `cache_flush`; not allowed with `region_outage`.",
								Validators: []validator.String{NameValidator()},
							},
							"at_s": schema.Float64Attribute{
								Optional: true, // Required, see RequiredAttributes.
								MarkdownDescription: "**Required.** When the fault starts, in simulated seconds from the start " +
									"of the run (warm-up included). At least `0` and less than `duration_s`.",
								Validators: []validator.Float64{Float64Within(0, math.Inf(1), true,
									"Set the start of the fault in seconds, for example 60; put it after warmup_s so that it is measured.")},
							},
							"duration_s": schema.Float64Attribute{
								Optional: true,
								MarkdownDescription: "How long the fault lasts, in seconds. Omitted or `0` means until the end " +
									"of the run. Not allowed with `cache_flush`, which is instantaneous.",
								Validators: []validator.Float64{Float64Within(0, math.Inf(1), true,
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
			Validators: []validator.Object{RequiredAttributes(map[string]string{
				"name":          `Set the cache tier's unique name, for example name = "hot".`,
				"replica_set":   `Set the replica set the tier caches, for example replica_set = "orders".`,
				"regions":       `Set the regions that run a cache of the tier, for example regions = ["us-east-1", "eu-west-1"].`,
				"capacity_keys": "Set how many keys one region's cache holds, for example capacity_keys = 10000.",
				"ttl_s":         "Set how long an entry may be served after it was filled, in seconds, for example ttl_s = 60 (0 for no expiry).",
			})},
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** " + DescCTName,
					Validators:          []validator.String{NameValidator()},
				},
				"replica_set": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** " + DescCTReplicaSet,
					Validators:          []validator.String{NameValidator()},
				},
				"regions": schema.ListAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					ElementType:         types.StringType,
					MarkdownDescription: "**Required.** " + DescCTRegions,
					Validators:          CtRegionsValidators(),
				},
				"capacity_keys": schema.Int64Attribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** " + DescCTCapacity,
					Validators:          CtCapacityValidators(),
				},
				"ttl_s": schema.Float64Attribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** " + DescCTTTL,
					Validators:          CtTTLValidators(),
				},
				"eviction": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: DescCTEviction,
					Validators:          CtEvictionValidators(),
				},
				"hit_latency_ms": schema.Float64Attribute{
					Optional:            true,
					MarkdownDescription: fmt.Sprintf(DescCTHitLatency, DefaultCacheHitLatencyMs),
					Validators:          CtHitLatencyValidators(),
				},
				"write_policy": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: DescCTWritePolicy,
					Validators:          CtWritePolicyValidators(),
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

// ValueText is a Known value as a user would write it: a number as 10
// rather than the framework's 10.000000, a string quoted.
func ValueText(v attr.Value) string {
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
		Validators: []validator.Object{RequiredAttributes(map[string]string{
			"name": `Set the routing policy's name, for example name = "global".`,
		})},
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional:            true, // Required, see RequiredAttributes.
				MarkdownDescription: "**Required.** " + DescRPName,
				Validators:          []validator.String{NameValidator()},
			},
			"strategy": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: DescRPStrategy,
				Validators:          RpStrategyValidators(),
			},
			"geo_routes": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: DescRPGeoRoutes,
				Validators:          RpGeoRoutesValidators(),
			},
			"weights": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.Float64Type,
				MarkdownDescription: DescRPWeights,
				Validators:          RpWeightsValidators(),
			},
			"failover": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: DescRPFailover,
				Validators:          RpFailoverValidators(),
			},
			"health_check": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf(DescRPHealthCheck, DefaultHealthIntervalS, DefaultHealthThreshold, DefaultHealthTimeoutMs),
				Attributes: map[string]schema.Attribute{
					"interval_s": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(DescRPHCInterval, DefaultHealthIntervalS),
						Validators:          RpHCIntervalValidators(),
					},
					"failure_threshold": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(DescRPHCThreshold, DefaultHealthThreshold),
						Validators:          RpHCThresholdValidators(),
					},
					"timeout_ms": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(DescRPHCTimeout, DefaultHealthTimeoutMs),
						Validators:          RpHCTimeoutValidators(),
					},
				},
			},
			"dns_ttl_s": schema.Float64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf(DescRPDNSTTL, DefaultDNSTTLS),
				Validators:          RpDNSTTLValidators(),
			},
			"request_timeout_ms": schema.Float64Attribute{
				Optional:            true,
				MarkdownDescription: DescRPRequestTimeout,
				Validators:          RpRequestTimeoutValidators(),
			},
			"retry": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf(DescRPRetry, DefaultMaxAttempts, DefaultBackoffBaseMs, DefaultBackoffMaxMs),
				Attributes: map[string]schema.Attribute{
					"max_attempts": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(DescRPMaxAttempts, MaxRetryAttempts, DefaultMaxAttempts),
						Validators:          RpMaxAttemptsValidators(),
					},
					"backoff_base_ms": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(DescRPBackoffBase, DefaultBackoffBaseMs),
						Validators:          RpBackoffBaseValidators(),
					},
					"backoff_max_ms": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(DescRPBackoffMax, DefaultBackoffMaxMs),
						Validators:          RpBackoffMaxValidators(),
					},
				},
			},
			"circuit_breaker": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: DescRPBreaker,
				Attributes: map[string]schema.Attribute{
					"failure_threshold": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(DescRPBreakerThreshold, DefaultBreakerThreshold),
						Validators:          RpBreakerThresholdValidators(),
					},
					"open_s": schema.Float64Attribute{
						Optional:            true,
						MarkdownDescription: fmt.Sprintf(DescRPBreakerOpen, DefaultBreakerOpenS),
						Validators:          RpBreakerOpenValidators(),
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
