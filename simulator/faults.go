package simulator

import (
	"fmt"
	"math"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// This file is the fault registry: one row per fault type, holding
// everything about it that is not the engine's own handling. A row names
// the type, documents it, says which Fault fields it requires, allows and
// refuses (with the hint a front-end shows for each), checks the fields'
// values and compiles the fault into the engine's configuration. The
// shared rules (an unknown type, at_s and duration_s within the run, a
// refused field that is set) are in check_faults.go and apply to every row
// alike; front-ends derive their fault schema, validators, hints and docs
// from FaultTypes, as HashiCorp's tls provider derives its key algorithms'
// from one list. Adding a fault type is one row here and its handler in
// the engine.

// Fault types a scenario may contain, beside those of model.go and
// model_routing.go.
const (
	// FaultServiceSlowdown multiplies the service time of every request
	// (and health-check probe) that starts service in Region while it
	// lasts, by Multiplier (> 1): a gray failure, in which the region stays
	// up and its probes may still pass while its latency climbs.
	FaultServiceSlowdown = "service_slowdown"
	// FaultApplySlowdown multiplies the apply time of every replica in
	// Region (of every replica set), by Multiplier (> 1), for the applies
	// that start while it lasts: a follower whose apply rate is cut, whose
	// lag then grows once writes arrive faster than it applies them.
	FaultApplySlowdown = "apply_slowdown"
)

// ArgNeed says how a fault type treats one of the Fault fields.
type ArgNeed int

// The needs a fault type has of each field.
const (
	// ArgRefused: the type does not take the field; setting it (a
	// non-empty string, a non-zero number) is an error.
	ArgRefused ArgNeed = iota
	// ArgOptional: the type takes the field and has a meaning for it unset.
	ArgOptional
	// ArgRequired: the type needs the field.
	ArgRequired
	// ArgOneOf: the type needs exactly one of its ArgOneOf fields (origin
	// or region_b, the other end of a latency_spike or partition).
	ArgOneOf
)

// String is the need's name, for documentation.
func (n ArgNeed) String() string {
	switch n {
	case ArgOptional:
		return "optional"
	case ArgRequired:
		return "required"
	case ArgOneOf:
		return "one of"
	}
	return "refused"
}

// FaultArg is one Fault field as a fault type treats it.
type FaultArg struct {
	// Field is the field's JSON name ("region", "at_s").
	Field string
	// Need is whether the type requires, allows or refuses the field.
	Need ArgNeed
	// Hint tells how to set the field (required, one-of and optional
	// fields) or why the type refuses it and what to do instead.
	Hint string
}

// FaultType describes one fault type for front-ends.
type FaultType struct {
	// Name is the type's Fault.Type value.
	Name string
	// Doc is one paragraph of Markdown: what the fault does, with its
	// arguments in backquotes.
	Doc string
	// Args lists every Fault field but type, in FaultFields order.
	Args []FaultArg
}

// Arg is the type's treatment of field (a JSON name); ok is false for a
// name that is not a Fault field.
func (t FaultType) Arg(field string) (FaultArg, bool) {
	for _, a := range t.Args {
		if a.Field == field {
			return a, true
		}
	}
	return FaultArg{}, false
}

// FaultFields are the JSON names of the Fault fields besides type, in the
// order every FaultType.Args lists them.
var FaultFields = []string{"region", "origin", "region_b", "tier", "fraction", "multiplier", "extra_ms", "at_s", "duration_s"}

// FaultTypes returns the fault types in documentation order (the order
// Check lists them in when a type is unknown). The result is a copy: a
// front-end may keep or change it.
func FaultTypes() []FaultType {
	out := make([]FaultType, len(faultRegistry))
	for i, r := range faultRegistry {
		out[i] = r.FaultType
		out[i].Args = append([]FaultArg(nil), r.Args...)
	}
	return out
}

// faultRow is one fault type: its description and its steps.
type faultRow struct {
	FaultType
	// check validates the values of the fields the type takes (the shared
	// rules are checkFaults'); at gives a field's finding path.
	check func(c *checker, m Model, f Fault, at func(string) string)
	// compile adds one fault of the type to the scenario's configuration.
	compile func(fc *faultCompiler, f Fault)
	// detected says whether RoutingResult.Faults reports when the health
	// checks marked the fault's region down (the faults of one region).
	detected bool
}

// faultRowOf is the registry row of a type, nil for an unknown one.
func faultRowOf(name string) *faultRow {
	for i := range faultRegistry {
		if faultRegistry[i].Name == name {
			return &faultRegistry[i]
		}
	}
	return nil
}

// Hints shared by the rows: how to set each field a type needs, and, for
// the pairs without a hint of their own, why a field is refused.
var (
	hintRegion = `Set the region the fault hits, for example region = "us-east-1" (one of regions).`
	hintOrigin = `Set the origin the fault hits by its label, for example origin = "virginia" (an origin's name, or its ` +
		`location when it has none).`
	hintOtherEnd = "The fault is between region and one other end. Set origin to the clients it hits, for example " +
		"origin = \"virginia\", or region_b to another region for a fault between two regions."
	hintAtS       = "Set when the fault starts, in seconds from the start of the run, for example at_s = 60."
	hintDurationS = "Set the fault's duration in seconds, or omit it for a fault that lasts until the end of the run."

	refusedDefault = map[string]string{
		"tier":       "tier names the cache tier a cache_flush empties. Remove tier, or use type = \"cache_flush\".",
		"origin":     "origin names the clients a traffic_surge, latency_spike or partition hits. Remove origin.",
		"region_b":   "region_b is the other region of a latency_spike or partition between two regions. Remove region_b.",
		"region":     "Remove region.",
		"fraction":   "fraction is the share of a region's servers a capacity_loss removes. Remove fraction, or use type = \"capacity_loss\".",
		"multiplier": "multiplier scales an origin's request rate in a traffic_surge. Remove multiplier, or use type = \"traffic_surge\".",
		"extra_ms":   "extra_ms is the round-trip time a latency_spike adds. Remove extra_ms, or use type = \"latency_spike\".",
		"duration_s": "Remove duration_s.",
	}
)

// args builds a row's Args: every field in FaultFields order, refused
// (with its default hint) unless given; at_s is always required.
func args(given ...FaultArg) []FaultArg {
	out := make([]FaultArg, 0, len(FaultFields))
	for _, field := range FaultFields {
		a := FaultArg{Field: field, Need: ArgRefused, Hint: refusedDefault[field]}
		if field == "at_s" {
			a = FaultArg{Field: field, Need: ArgRequired, Hint: hintAtS}
		}
		for _, g := range given {
			if g.Field == field {
				a = g
			}
		}
		out = append(out, a)
	}
	return out
}

func required(field, hint string) FaultArg {
	return FaultArg{Field: field, Need: ArgRequired, Hint: hint}
}
func optional(field, hint string) FaultArg {
	return FaultArg{Field: field, Need: ArgOptional, Hint: hint}
}
func refused(field, hint string) FaultArg {
	return FaultArg{Field: field, Need: ArgRefused, Hint: hint}
}
func oneOf(field string) FaultArg { return FaultArg{Field: field, Need: ArgOneOf, Hint: hintOtherEnd} }

// Bounds of the faults' values.
const (
	// MaxSlowdownMultiplier bounds a service_slowdown's multiplier: a
	// region a hundred times slower is down for every practical purpose,
	// which region_outage models.
	MaxSlowdownMultiplier = 100.0
)

// multiplierLimit checks a multiplier above 1, which checkFault's shared
// rule has let through, against the type's own limit.
func multiplierLimit(c *checker, f Fault, at func(string) string, limit float64, fix string) {
	if _, bad := BoundAt("scenarios[].faults[].multiplier").Violation(f.Multiplier); !bad {
		c.number(at("multiplier"), BoundAt("scenarios[].faults[].multiplier").Supporting(limit, fix), f.Multiplier)
	}
}

// faultRegistry holds the fault types, in documentation order.
var faultRegistry = []faultRow{
	{
		FaultType: FaultType{
			Name: FaultRegionOutage,
			Doc: "`region_outage` (`region`): the region serves nothing and its replicas are unreachable; requests " +
				"routed to it fail (with a `routing_policy`, until the health checks mark it down and the DNS TTL " +
				"drains it), and a leader there fails over.",
			Args: args(
				required("region", hintRegion),
				optional("duration_s", hintDurationS),
				refused("tier", "A region outage takes down the whole region, its caches included. Remove tier, "+
					"or use type = \"cache_flush\" to empty one cache tier."),
				refused("origin", "A region outage cuts the region off from every origin. Remove origin, or use "+
					"type = \"partition\" with origin and region to cut off one origin only."),
				refused("fraction", "A region outage takes all of the region's servers down. Remove fraction, or "+
					"use type = \"capacity_loss\" with fraction to take down part of them."),
			),
		},
		check: func(c *checker, m Model, f Fault, at func(string) string) {
			needRegion(c, m, f, at)
		},
		compile: func(fc *faultCompiler, f Fault) {
			if g, ok := fc.regionIdx[f.Region]; ok {
				start, end := faultWindow(f)
				fc.outages[g] = append(fc.outages[g], engine.Interval{Start: start, End: end})
			}
		},
		detected: true,
	},
	{
		FaultType: FaultType{
			Name: FaultCapacityLoss,
			Doc: "`capacity_loss` (`region`, `fraction`): `fraction` of the region's servers stop taking requests " +
				"(those in service finish), so the rest queue more.",
			Args: args(
				required("region", hintRegion),
				required("fraction", "Set the share of the region's servers lost, for example fraction = 0.5 for half of them."),
				optional("duration_s", hintDurationS),
				refused("origin", "A capacity loss takes servers out of the region for every origin alike. Remove origin."),
			),
		},
		// fraction's rule, in (0, 1], is checkFault's.
		check: func(c *checker, m Model, f Fault, at func(string) string) {
			needRegion(c, m, f, at)
		},
		compile: func(fc *faultCompiler, f Fault) {
			start, end := faultWindow(f)
			g := fc.regionIdx[f.Region]
			fc.edges = append(fc.edges, capacityEdge{start, g, f.Fraction})
			if !math.IsInf(end, 1) {
				fc.edges = append(fc.edges, capacityEdge{end, g, -f.Fraction})
			}
		},
		detected: true,
	},
	{
		FaultType: FaultType{
			Name: FaultTrafficSurge,
			Doc:  "`traffic_surge` (`origin`, `multiplier`): the origin sends `multiplier` times its usual rate.",
			Args: args(
				required("origin", hintOrigin),
				required("multiplier", "Set how many times its usual rate the origin sends during the surge, for example multiplier = 3."),
				optional("duration_s", hintDurationS),
				refused("region", "A traffic surge raises the origin's request rate wherever its requests are "+
					"routed. Remove region."),
			),
		},
		check: func(c *checker, m Model, f Fault, at func(string) string) {
			needOrigin(c, m, f, at)
			multiplierLimit(c, f, at, MaxSurgeMultiplier, fmt.Sprintf("A surge of more than %g times an origin's "+
				"traffic is another workload: model it with the origin's rps instead.", MaxSurgeMultiplier))
		},
		compile: func(fc *faultCompiler, f Fault) {
			start, end := faultWindow(f)
			o := fc.originIdx[f.Origin]
			fc.cfg.Surges = append(fc.cfg.Surges, engine.Surge{
				Origin: o, Start: start, End: end,
				RatePerMs: fc.p.model.Workload.Origins[o].RPS * (f.Multiplier - 1) / 1000,
				Profile:   fc.cfg.Origins[o].Profile,
			})
		},
	},
	{
		FaultType: FaultType{
			Name: FaultLatencySpike,
			Doc: "`latency_spike` (`region`, `extra_ms`, and `origin` or `region_b`): `extra_ms` more round-trip " +
				"time between the origin's clients and the region, or between the two regions (half to each leg, " +
				"so replication slows too).",
			Args: args(
				required("region", hintRegion),
				oneOf("origin"), oneOf("region_b"),
				required("extra_ms", "Set the round-trip time added between the origin and the region, in milliseconds, for example extra_ms = 200."),
				optional("duration_s", hintDurationS),
			),
		},
		check: func(c *checker, m Model, f Fault, at func(string) string) {
			needPair(c, m, f, at)
		},
		compile: func(fc *faultCompiler, f Fault) { fc.pair(f, f.ExtraMs) },
	},
	{
		FaultType: FaultType{
			Name: FaultPartition,
			Doc: "`partition` (`region`, and `origin` or `region_b`): with `origin`, the origin's attempts to the " +
				"region are lost, while the health checks, which probe from elsewhere, still see the region up; " +
				"with a `request_timeout_ms` they time out, and retries or a circuit breaker route around the cut. " +
				"With `region_b`, requests whose data must cross between the two regions fail, and replication " +
				"between them waits for the partition to heal (lag grows, nothing is lost).",
			Args: args(
				required("region", hintRegion),
				oneOf("origin"), oneOf("region_b"),
				optional("duration_s", hintDurationS),
				refused("extra_ms", "A partition drops every attempt between the origin and the region. Remove "+
					"extra_ms, or use type = \"latency_spike\" with extra_ms to slow them down instead."),
			),
		},
		check:    func(c *checker, m Model, f Fault, at func(string) string) { needPair(c, m, f, at) },
		compile:  func(fc *faultCompiler, f Fault) { fc.pair(f, 0) },
		detected: true,
	},
	{
		FaultType: FaultType{
			Name: FaultCacheFlush,
			Doc: "`cache_flush` (`tier`): at `at_s`, the cache tier `tier` loses every entry, in `region` or in " +
				"every region of the tier when `region` is not set; the cache then warms up again from the next " +
				"reads, which the `timeline` shows. It has no `duration_s`.",
			Args: args(
				optional("region", "Set the region whose cache of the tier to flush, for example region = \"us-east-1\" "+
					"(one of the tier's regions), or omit it to flush the tier in every region."),
				required("tier", `Set the cache tier to flush, for example tier = "hot" (the name of one of cache_tiers).`),
				refused("duration_s", "A cache flush empties the cache at at_s and the cache refills from the next "+
					"reads on, so it has no duration. Remove duration_s (the timeline shows how long the warm-up takes)."),
			),
		},
		check: checkCacheFlush,
		compile: func(fc *faultCompiler, f Fault) {
			for ti, t := range fc.p.model.CacheTiers {
				if t.Name != f.Tier {
					continue
				}
				c := -1
				for j, r := range t.Regions {
					if r == f.Region {
						c = j
					}
				}
				fc.cfg.Flushes = append(fc.cfg.Flushes, engine.CacheFlush{At: f.AtS * 1000, Tier: ti, Cache: c})
				break
			}
		},
	},
	{
		FaultType: FaultType{
			Name: FaultServiceSlowdown,
			Doc: "`service_slowdown` (`region`, `multiplier`): every request or health-check probe that starts " +
				"service in the region while the slowdown lasts takes `multiplier` times its usual service time. " +
				"The region stays up: a gray failure, whose probes may still pass (they fail only once one takes " +
				"longer than the health check's `timeout_ms`) while its queue and p99 climb.",
			Args: args(
				required("region", hintRegion),
				required("multiplier", "Set how many times its usual service time the region takes during the "+
					"slowdown, for example multiplier = 3."),
				optional("duration_s", hintDurationS),
				refused("origin", "A service slowdown slows the region for every origin alike. Remove origin, or use "+
					"type = \"latency_spike\" with origin and region to slow one origin's network path only."),
			),
		},
		check: func(c *checker, m Model, f Fault, at func(string) string) {
			needRegion(c, m, f, at)
			multiplierLimit(c, f, at, MaxSlowdownMultiplier, fmt.Sprintf("A region more than %g times "+
				"slower is down for every practical purpose: for a region that serves nothing, use type = %q.",
				MaxSlowdownMultiplier, FaultRegionOutage))
		},
		compile: func(fc *faultCompiler, f Fault) {
			start, end := faultWindow(f)
			fc.cfg.Slowdowns = append(fc.cfg.Slowdowns, engine.Slowdown{
				Region: fc.regionIdx[f.Region], Multiplier: f.Multiplier, Start: start, End: end,
			})
		},
		detected: true,
	},
	{
		FaultType: FaultType{
			Name: FaultApplySlowdown,
			Doc: "`apply_slowdown` (`region`, `multiplier`): every replica in the region, of every replica set, takes " +
				"`multiplier` times the set's `apply_time_ms` for each write whose apply starts while the slowdown lasts. " +
				"Once writes arrive faster than the replica applies them its replication lag grows, which the " +
				"health check's `max_replication_lag_ms` can see; the region itself serves requests as usual.",
			Args: args(
				required("region", hintRegion),
				required("multiplier", "Set how many times the set's apply time a replica in the region takes during "+
					"the slowdown, for example multiplier = 4."),
				optional("duration_s", hintDurationS),
				refused("origin", "An apply slowdown slows the region's replicas for every writer alike. Remove origin."),
			),
		},
		check: func(c *checker, m Model, f Fault, at func(string) string) {
			needRegion(c, m, f, at)
			multiplierLimit(c, f, at, MaxSlowdownMultiplier, fmt.Sprintf("A replica more than %g times "+
				"slower applies nothing for every practical purpose: for a region that is gone, use type = %q.",
				MaxSlowdownMultiplier, FaultRegionOutage))
			held := false
			for _, rs := range m.ReplicaSets {
				for _, r := range rs.Regions {
					held = held || r == f.Region
				}
			}
			if !held && f.Region != "" {
				c.warnf(at("region"), fmt.Sprintf("apply_slowdown in region %q slows nothing: no replica set has a replica there", f.Region),
					"an apply slowdown slows the replicas of the region; pick a region listed in some replica set's regions")
			}
		},
		compile: func(fc *faultCompiler, f Fault) {
			start, end := faultWindow(f)
			fc.cfg.ApplySlowdowns = append(fc.cfg.ApplySlowdowns, engine.Slowdown{
				Region: fc.regionIdx[f.Region], Multiplier: f.Multiplier, Start: start, End: end,
			})
		},
	},
}
