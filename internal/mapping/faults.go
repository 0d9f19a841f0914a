package mapping

import (
	"maps"
	"math"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// FaultTypes are the fault types a scenario may hold, with the attributes
// each needs besides type and at_s, and those it refuses. A pair fault
// (latency_spike, partition) is between region and exactly one other end:
// origin (an origin's clients) or region_b (another region).
var FaultTypes = map[string]struct {
	Needs, Refuses []string
	Pair           bool
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

type ScenarioInput struct {
	Name   types.String `tfsdk:"name"`
	Faults []FaultInput `tfsdk:"faults"`
}

type FaultInput struct {
	Type       types.String  `tfsdk:"type"`
	Region     types.String  `tfsdk:"region"`
	Origin     types.String  `tfsdk:"origin"`
	RegionB    types.String  `tfsdk:"region_b"`
	Tier       types.String  `tfsdk:"tier"`
	Fraction   types.Float64 `tfsdk:"fraction"`
	Multiplier types.Float64 `tfsdk:"multiplier"`
	ExtraMs    types.Float64 `tfsdk:"extra_ms"`
	AtS        types.Float64 `tfsdk:"at_s"`
	DurationS  types.Float64 `tfsdk:"duration_s"`
}
