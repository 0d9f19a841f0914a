package simulator

import (
	"fmt"
	"strconv"
	"strings"
)

// checkScenarios validates the scenarios and their faults: the rules
// shared by every fault type here, each type's own in its registry row
// (faults.go).
func checkScenarios(c *checker, m Model) {
	if len(m.Scenarios) > MaxScenarios {
		c.errorf("scenarios", fmt.Sprintf("%d scenarios are declared, above the supported %d", len(m.Scenarios), MaxScenarios),
			"each scenario is a full run of every replication; keep at most %d", MaxScenarios)
		return
	}
	seen := map[string]int{}
	for i, sc := range m.Scenarios {
		at := func(field string) string { return fmt.Sprintf("scenarios[%d].%s", i, field) }
		switch {
		case sc.Name == "":
			c.errorf(at("name"), "scenario name is empty", "give every scenario a unique name, e.g. \"leader-outage\"")
		case sc.Name == BaselineScenario:
			c.errorf(at("name"), fmt.Sprintf("scenario name %q is reserved", sc.Name),
				"the baseline (no faults) is always run first under that name; rename the scenario")
		case !c.shape(at("name"), ShapeAt("scenarios[].name"), sc.Name):
		default:
			if first, dup := seen[sc.Name]; dup {
				c.errorf(at("name"), fmt.Sprintf("scenario name %q is used twice", sc.Name),
					"scenarios[%d] already uses it; scenario names label the report and must be unique", first)
			} else {
				seen[sc.Name] = i
			}
		}
		switch {
		case !c.nonEmpty(at("faults"), ListAt("scenarios[].faults"), len(sc.Faults)):
		case len(sc.Faults) > MaxFaults:
			c.errorf(at("faults"), fmt.Sprintf("scenario %s has %d faults, above the supported %d", sc.Name, len(sc.Faults), MaxFaults),
				"split it into several scenarios of at most %d faults", MaxFaults)
			continue
		}
		for j, f := range sc.Faults {
			checkFault(c, m, f, func(field string) string { return fmt.Sprintf("scenarios[%d].faults[%d].%s", i, j, field) })
		}
	}
}

// checkFault validates one fault: the rules of its numbers (rules.go),
// its type's own rules, then the shared ones (refused fields, the start
// and the duration within the run).
func checkFault(c *checker, m Model, f Fault, at func(string) string) {
	row := faultRowOf(f.Type)
	if row == nil {
		c.choice(at("type"), ChoiceAt("scenarios[].faults[].type"), f.Type)
		return
	}
	// A number's rule holds whatever the type, as the provider's
	// attribute does: for a field the type needs, and for one it refuses
	// but is set (also reported below as refused). at_s, which every type
	// needs, is checked with the run's duration below.
	for _, field := range []string{"fraction", "multiplier", "extra_ms"} {
		value := faultNumber(f, field)
		if a, _ := row.Arg(field); a.Need == ArgRequired || value != 0 {
			c.number(at(field), BoundAt("scenarios[].faults[]."+field), value)
		}
	}
	row.check(c, m, f, at)
	for _, a := range row.Args {
		if a.Need != ArgRefused {
			continue
		}
		// A name's form holds whatever the type, as the provider's
		// attribute does. For a field the type takes, row.check reports
		// it where it resolves the name.
		if name := faultName(f, a.Field); name != "" {
			nameOK(c, at, a.Field, name)
		}
		// In the provider's words (the data source checks it before the
		// model is built), so that a model file is refused alike.
		if value, set := faultField(f, a.Field); set {
			c.errorf(at(a.Field), fmt.Sprintf("%s (%s) does not apply to a %q fault", at(a.Field), value, f.Type), "%s", a.Hint)
		}
	}
	runDuration, warmup := deref(m.Run.DurationS), deref(m.Run.WarmupS)
	switch {
	case !c.number(at("at_s"), BoundAt("scenarios[].faults[].at_s"), f.AtS):
	case finite(runDuration) && f.AtS >= runDuration:
		c.errorf(at("at_s"), fmt.Sprintf("fault at_s = %s is not within the run's duration_s = %s", num(f.AtS), num(runDuration)),
			"requests arrive in [0, duration_s), so the fault would change nothing; start it before %s s or lengthen duration_s", num(runDuration))
	case f.AtS < warmup:
		c.warnf(at("at_s"), fmt.Sprintf("fault at_s = %s starts during the warm-up (warmup_s = %s)", num(f.AtS), num(warmup)),
			"requests issued during the warm-up are not measured, so part of the fault's effect is not reported; start it at or after %s s", num(warmup))
	}
	if a, _ := row.Arg("duration_s"); a.Need == ArgRefused {
		// An instant: reported above when set, and, as by the provider,
		// held to the rule.
		if f.DurationS != 0 {
			c.number(at("duration_s"), BoundAt("scenarios[].faults[].duration_s"), f.DurationS)
		}
		return
	}
	switch {
	case !c.number(at("duration_s"), BoundAt("scenarios[].faults[].duration_s"), f.DurationS):
	case finite(f.AtS) && finite(runDuration) && f.DurationS > 0 && f.AtS+f.DurationS > runDuration:
		c.warnf(at("duration_s"), fmt.Sprintf("fault ends at %s s, after the run's duration_s = %s", num(f.AtS+f.DurationS), num(runDuration)),
			"it lasts until the end of the run; set duration_s to 0 to say so, or lengthen the run to see the recovery")
	}
}

// faultField is the value of one Fault field, by JSON name, as a message
// shows it (as the provider shows an attribute's value: a string quoted, a
// number in %g), and whether it is set (a non-empty string, a non-zero
// number).
func faultField(f Fault, field string) (string, bool) {
	text := func(s string) (string, bool) { return strconv.Quote(s), s != "" }
	number := func(x float64) (string, bool) { return strconv.FormatFloat(x, 'g', -1, 64), true }
	switch field {
	case "region":
		return text(f.Region)
	case "origin":
		return text(f.Origin)
	case "region_b":
		return text(f.RegionB)
	case "tier":
		return text(f.Tier)
	}
	if v := faultNumber(f, field); v != 0 {
		return number(v)
	}
	return "", false
}

// faultNumber is the value of one of Fault's numbers, by JSON name.
func faultNumber(f Fault, field string) float64 {
	switch field {
	case "fraction":
		return f.Fraction
	case "multiplier":
		return f.Multiplier
	case "extra_ms":
		return f.ExtraMs
	case "at_s":
		return f.AtS
	case "duration_s":
		return f.DurationS
	}
	return 0
}

// faultName is the value of one of Fault's names that has a Shape rule
// (region, region_b, tier), by JSON name; "" for the others.
func faultName(f Fault, field string) string {
	switch field {
	case "region":
		return f.Region
	case "region_b":
		return f.RegionB
	case "tier":
		return f.Tier
	}
	return ""
}

// nameOK checks the form of a name a fault gives (region, region_b,
// tier): one of the wrong form names nothing declared, and its form is
// what to fix.
func nameOK(c *checker, at func(string) string, field, name string) bool {
	return c.shape(at(field), ShapeAt("scenarios[].faults[]."+field), name)
}

// needRegion checks that a fault's region is declared.
func needRegion(c *checker, m Model, f Fault, at func(string) string) {
	regions := c.regionNames(m, f)
	if !regions.has(f.Region) && (f.Region == "" || nameOK(c, at, "region", f.Region)) {
		c.errorf(at("region"), fmt.Sprintf("%s names region %q, which is not declared", f.Type, f.Region),
			"the declared regions are: %s", regions.list())
	}
}

// needOrigin checks that a fault's origin is declared, by its label.
func needOrigin(c *checker, m Model, f Fault, at func(string) string) {
	origins := declaredNames(len(m.Workload.Origins), func(i int) string { return m.Workload.Origins[i].Label() })
	if !origins.has(f.Origin) {
		c.errorf(at("origin"), fmt.Sprintf("%s names origin %q, which is not declared", f.Type, f.Origin),
			"the origins are: %s (an origin without a name is labelled by its location)", origins.list())
	}
}

// needPair checks the two ends of a latency_spike or partition: region and
// either origin (clients to a region) or region_b (two regions).
func needPair(c *checker, m Model, f Fault, at func(string) string) {
	needRegion(c, m, f, at)
	regions := c.regionNames(m, f)
	switch {
	case f.Origin != "" && f.RegionB != "":
		c.errorf(at("region_b"), fmt.Sprintf("%s sets both origin (%q) and region_b (%q)", f.Type, f.Origin, f.RegionB),
			"a %s is between region and one other end: origin for the clients of an origin, or region_b for another region; remove one", f.Type)
	case f.RegionB != "":
		switch {
		case !regions.has(f.RegionB) && !nameOK(c, at, "region_b", f.RegionB):
		case !regions.has(f.RegionB):
			c.errorf(at("region_b"), fmt.Sprintf("%s names region_b %q, which is not declared", f.Type, f.RegionB),
				"the declared regions are: %s", regions.list())
		case f.RegionB == f.Region:
			c.errorf(at("region_b"), fmt.Sprintf("%s is between region %q and itself", f.Type, f.Region),
				"region_b must be another region than region")
		}
	case f.Origin == "":
		c.errorf(at("origin"), fmt.Sprintf("%s has only one end: region %q", f.Type, f.Region),
			"set origin to cut or slow the clients of one origin from the region, or region_b to do it between two regions")
	default:
		needOrigin(c, m, f, at)
	}
}

// checkCacheFlush validates a cache_flush fault's tier and region.
func checkCacheFlush(c *checker, m Model, f Fault, at func(string) string) {
	if c.topologyUnknown {
		return // The tiers are not known yet (CheckKnown).
	}
	tiers := declaredNames(len(m.CacheTiers), func(i int) string { return m.CacheTiers[i].Name })
	ti := -1
	for i, t := range m.CacheTiers {
		if t.Name == f.Tier {
			ti = i
			break
		}
	}
	if ti < 0 {
		if f.Tier == "" || nameOK(c, at, "tier", f.Tier) {
			c.errorf(at("tier"), fmt.Sprintf("cache_flush names cache tier %q, which is not declared", f.Tier),
				"the declared cache tiers are: %s", tiers.list())
		}
		return
	}
	if f.Region != "" && !inTierDup(m.CacheTiers[ti].Regions, f.Region) && nameOK(c, at, "region", f.Region) {
		c.errorf(at("region"), fmt.Sprintf("cache_flush names region %q, which has no cache of tier %s", f.Region, f.Tier),
			"tier %s has caches in: %s; name one of them, or leave region unset to flush them all", f.Tier, strings.Join(m.CacheTiers[ti].Regions, ", "))
	}
}
