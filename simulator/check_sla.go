package simulator

import "fmt"

// checkOriginSLA checks the per-origin targets (SLA.Origins): each entry
// names a declared origin, once, and sets at least one target, each within
// its rule (the global target's, at "sla.origins[].<name>"). Whether a
// latency target is physically possible is checkFiberFloor's.
func checkOriginSLA(c *checker, m Model) {
	origins := declaredNames(len(m.Workload.Origins), func(i int) string { return m.Workload.Origins[i].Label() })
	seen := map[string]int{}
	for i, os := range m.SLA.Origins {
		at := func(field string) string { return fmt.Sprintf("sla.origins[%d].%s", i, field) }
		switch {
		case !c.shape(at("origin"), ShapeAt("sla.origins[].origin"), os.Origin):
		case !origins.has(os.Origin):
			c.errorf(at("origin"), fmt.Sprintf("sla.origins[%d] names origin %q, which is not declared", i, os.Origin),
				"the origins are: %s (an origin without a name is labelled by its location); name one of them, or remove the entry", origins.list())
		default:
			if first, dup := seen[os.Origin]; dup {
				c.errorf(at("origin"), fmt.Sprintf("sla.origins lists origin %q twice, at indexes %d and %d", os.Origin, first, i),
					"give each origin one entry holding all its targets; merge the two entries")
			} else {
				seen[os.Origin] = i
			}
		}
		t := os.targets()
		set := false
		for _, l := range latencyClauses(t) {
			if l.target != nil {
				set = true
				c.number(at(l.name), BoundAt("sla.origins[]."+l.name), *l.target)
			}
		}
		if t.Availability != nil {
			set = true
			c.number(at("availability"), BoundAt("sla.origins[].availability"), *t.Availability)
		}
		if !set {
			c.errorf(fmt.Sprintf("sla.origins[%d]", i), fmt.Sprintf("sla.origins[%d] (origin %q) sets no target", i, os.Origin),
				"an entry without a target checks nothing; set latency_p50_ms, latency_p95_ms, latency_p99_ms, latency_p999_ms or availability for the origin, or remove the entry")
		}
	}
}
