package mapping

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
			"sessions": sessionsResultAttribute(),
		}, map[string]string{
			"stale_read_ratio":    "Fraction of the replica set's successful reads that returned data older than the last committed version.",
			"lost_writes":         "Committed writes lost, per replication: `lost_at_failover` plus `lost_at_heal`.",
			"lost_at_failover":    "Committed writes lost at failovers (async_primary: committed at the old leader, not yet applied on the promoted follower).",
			"lost_at_heal":        "Writes an old leader accepted during split-brain and discarded when the partition healed (equal to `split_brain_writes`).",
			"rpo_ms":              "Recovery point in milliseconds: for each failure, the time from the commit of the oldest committed write lost to it; the largest per replication. 0 only when nothing is lost.",
			"split_brain_writes":  "Writes accepted by an old leader that no longer led (async_primary across a partition).",
			"conflicts":           "Concurrent writes to one key within the replication window (multi_leader).",
			"lost_updates":        "Conflicting writes lost by last-writer-wins resolution.",
			"merges":              "Conflicting writes merged by CRDT resolution.",
			"write_unavailable_s": "Seconds during which writes could not commit (no leader, or no quorum).",
			"failovers":           "Leader changes.",
			"split_brain_merged": "With `split_brain_resolution = \"merge\"`: the deposed leader's divergent writes (left " +
				"behind by the promotion, and accepted during the split-brain) merged into the new leader's history at the heal, not lost (also in `merges`; in `conflicts` when the new leader wrote the key meanwhile). Null otherwise.",
			"lag_redirected_reads": "With the health check's `max_replication_lag_ms`: non-strong reads sent to the " +
				"leader because the replica that would serve them was marked lagging. Null otherwise.",
		})},
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
					"region":             computedString("Region of the cache."),
					"hit_latency_ms":     latencyMeans("Client-side latency of the reads that hit this region's cache"),
					"hit_latency_ms_ci":  latencyIntervals("hit_latency_ms"),
					"miss_latency_ms":    latencyMeans("Client-side latency of the reads that looked in this region's cache and missed"),
					"miss_latency_ms_ci": latencyIntervals("miss_latency_ms"),
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

// timelineAttribute is a scenario's timeline, one point per step.
func timelineAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "One point per step of issue time, warm-up included, each the mean over replications, so " +
			"that a fault's effect and the recovery after it can be seen and plotted. The step (`step_s`) is one " +
			"simulated second for runs of up to 3600 s and `ceil(duration_s / 3600)` seconds beyond, so that a " +
			"timeline has at most 3600 points; `requests` and `attempts` count the whole step, `rps` is the rate per " +
			"second (for example " +
			"`[for p in results[1].timeline : p.cache_hit_ratio]`, or `[for p in results[1].timeline : " +
			"p.region_attempts[0]]` for the traffic draining from a failed region).",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"t_s": computedFloat64("Start of the step, in seconds from the start of the run."),
			"step_s": computedFloat64("Length of the step in seconds: 1 for runs of up to 3600 s, " +
				"`ceil(duration_s / 3600)` beyond; the last step is shorter when `duration_s` is not a whole number of steps."),
			"requests": computedFloat64("Requests issued in the step (a count over the whole step, not a rate)."),
			"rps":      computedFloat64("Requests issued per second in the step: `requests / step_s`."),
			"offered_rps": computedFloat64("Load the origins offer in the step, in requests per second: the integral " +
				"over the step of their rates (`rps`, `load_profile`, `traffic_surge`) divided by `step_s`, the " +
				"expectation that `rps` estimates."),
			"success_ratio": computedFloat64("Fraction of the step's requests that succeeded."),
			"p99_ms":        computedFloat64("99th percentile latency of the step's successful requests, in milliseconds."),
			"cache_hit_ratio": computedFloat64("Cache hit ratio of the step's reads that looked in a cache; 0 " +
				"without cache tiers."),
			"attempts": computedFloat64("With a `routing_policy`: attempts sent in the step (a count), first tries and " +
				"retries; above `requests` when retries add load. 0 without one."),
			"region_attempts": schema.ListAttribute{
				Computed:    true,
				ElementType: types.Float64Type,
				MarkdownDescription: "With a `routing_policy`: the attempts of the step sent to each region (counts), in the " +
					"order of `regions`, which shows traffic draining from a failed region; empty without one.",
			},
			"queue_backlog":  timelineQueueBacklogAttribute(),
			"replica_lag_ms": timelineReplicaLagAttribute(),
			"instances":      timelineInstancesAttribute(),
		}},
	}
}

// ValueText is a known value as a user would write it: a number as 10
// rather than the framework's 10.000000, a string quoted.
func ValueText(v attr.Value) string {
	if x, ok := v.(types.Float64); ok {
		return strconv.FormatFloat(x.ValueFloat64(), 'g', -1, 64)
	}
	if x, ok := v.(types.Number); ok && x.ValueBigFloat() != nil {
		return x.ValueBigFloat().Text('g', -1)
	}
	return v.String()
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
			"health_signals": healthSignalsAttribute(),
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
