package simulator

import (
	"fmt"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

func checkRegions(c *checker, p *checkedModel) {
	regions := p.model.Regions
	if !c.nonEmpty("regions", ListAt("regions"), len(regions)) {
		return
	}
	if len(regions) > MaxRegions {
		c.errorf("regions", fmt.Sprintf("%d regions are declared, above the supported %d", len(regions), MaxRegions),
			"model at most %d regions; group nearby ones into one region with their combined instances", MaxRegions)
		return
	}
	p.regionLoc = make([]geo.Location, len(regions))
	seen := map[string]int{}
	for i, r := range regions {
		at := func(field string) string { return fmt.Sprintf("regions[%d].%s", i, field) }
		switch {
		case r.Name == "":
			c.errorf(at("name"), "region name is empty",
				"every region needs a unique name of lowercase letters, digits and dashes, e.g. \"us-east-1\"")
		case !c.shape(at("name"), ShapeAt("regions[].name"), r.Name):
		default:
			if first, dup := seen[r.Name]; dup {
				c.errorf(at("name"), fmt.Sprintf("region name %q is declared twice", r.Name),
					"regions[%d] already uses the name %q; region names must be unique, rename one of them", first, r.Name)
			} else {
				seen[r.Name] = i
			}
		}
		if c.shape(at("location"), ShapeAt("regions[].location"), r.Location) {
			p.regionLoc[i], _ = geo.Parse(r.Location)
		}
		c.number(at("instances"), BoundAt("regions[].instances"), float64(r.Instances))
		// 0 is the default, 1, by now: only a negative count is left.
		c.number(at("concurrency"), BoundAt("regions[].concurrency"), float64(r.Concurrency))
		c.number(at("service_time_ms"), BoundAt("regions[].service_time_ms"), r.ServiceTimeMs)
		if r.Jurisdiction != "" {
			c.shape(at("jurisdiction"), ShapeAt("regions[].jurisdiction"), r.Jurisdiction)
		}
		switch r.ServiceTimeDistribution {
		case DistExponential, DistDeterministic:
			if r.ServiceTimeP99OverP50 != 0 {
				c.errorf(at("service_time_p99_over_p50"), fmt.Sprintf("regions[%d].service_time_p99_over_p50 = %s shapes a lognormal service time, but the service time is %s", i, num(r.ServiceTimeP99OverP50), r.ServiceTimeDistribution),
					"only the lognormal distribution takes a p99/p50 ratio; set service_time_distribution = %q to use it, or remove service_time_p99_over_p50", DistLognormal)
			}
		case DistLognormal:
		default:
			c.choice(at("service_time_distribution"), ChoiceAt("regions[].service_time_distribution"), r.ServiceTimeDistribution)
		}
		// A ratio given is checked whatever the distribution, as the
		// provider's attribute is; a lognormal's unset one is 3 by now.
		if r.ServiceTimeP99OverP50 != 0 {
			c.number(at("service_time_p99_over_p50"), BoundAt("regions[].service_time_p99_over_p50"), r.ServiceTimeP99OverP50)
		}
		c.number(at("queue_limit"), BoundAt("regions[].queue_limit"), float64(r.QueueLimit))
	}
}

func checkOrigins(c *checker, p *checkedModel) {
	origins := p.model.Workload.Origins
	if !c.nonEmpty("workload.origins", ListAt("workload.origins"), len(origins)) {
		return
	}
	if len(origins) > MaxOrigins {
		c.errorf("workload.origins", fmt.Sprintf("%d origins are declared, above the supported %d", len(origins), MaxOrigins),
			"model at most %d origins; merge nearby client populations into one origin with their combined rps", MaxOrigins)
		return
	}
	p.originLoc = make([]geo.Location, len(origins))
	seen := map[string]int{}
	for i, o := range origins {
		at := func(field string) string { return fmt.Sprintf("workload.origins[%d].%s", i, field) }
		if c.shape(at("location"), ShapeAt("workload.origins[].location"), o.Location) {
			p.originLoc[i], _ = geo.Parse(o.Location)
		}
		if first, dup := seen[o.Label()]; dup {
			c.errorf(at("name"), fmt.Sprintf("origin name %q is used twice", o.Label()),
				"workload.origins[%d] is also labelled %q (an origin without a name is labelled by its location); give each origin a distinct name", first, o.Label())
		} else {
			seen[o.Label()] = i
		}
		// A rate of 0 leaves the load checks something to check; it is
		// reported by checkOriginValues, which does not close their gate.
		if o.RPS != 0 {
			c.number(at("rps"), BoundAt("workload.origins[].rps"), o.RPS)
		}
		c.number(at("read_ratio"), BoundAt("workload.origins[].read_ratio"), deref(o.ReadRatio))
	}
}

func checkNetwork(c *checker, n Network) {
	if n.JitterSigma == nil {
		return
	}
	c.number("network.jitter_sigma", BoundAt("network.jitter_sigma"), *n.JitterSigma)
}

// checkOriginValues applies the origin rules that leave the origins usable
// for routing and load (so that checkOrigins' gate stays open): a rate of
// 0, a name given in the wrong shape, the allowed jurisdictions, and,
// with replica sets, an origin whose read ratio was left out. raw is the
// model as given, m its defaulted copy.
func checkOriginValues(c *checker, raw, m Model) {
	if len(m.Workload.Origins) == 0 || len(m.Workload.Origins) > MaxOrigins {
		return // reported by checkOrigins
	}
	for i, o := range m.Workload.Origins {
		at := func(field string) string { return fmt.Sprintf("workload.origins[%d].%s", i, field) }
		given := raw.Workload.Origins[i]
		// A name equal to the location is the default label (a caller may
		// have applied the defaults already), not a name given.
		if given.Name != "" && given.Name != given.Location {
			c.shape(at("name"), ShapeAt("workload.origins[].name"), given.Name)
		}
		if o.RPS == 0 {
			c.number(at("rps"), BoundAt("workload.origins[].rps"), o.RPS)
		}
		// nil is no constraint; only a list given empty is refused.
		list := ListAt("workload.origins[].allowed_jurisdictions")
		if given.AllowedJurisdictions != nil {
			c.nonEmpty(at("allowed_jurisdictions"), list, len(given.AllowedJurisdictions))
		}
		first := map[string]int{}
		for k, j := range o.AllowedJurisdictions {
			switch prev, dup := first[j]; {
			case !c.shape(fmt.Sprintf("%s[%d]", at("allowed_jurisdictions"), k), ShapeAt("workload.origins[].allowed_jurisdictions[]"), j):
			case dup:
				c.repeated(at("allowed_jurisdictions"), list, j, prev, k)
			default:
				first[j] = k
			}
		}
		if given.ReadRatio == nil && given.Operations == nil && len(m.ReplicaSets) > 0 {
			c.warnf(at("read_ratio"), fmt.Sprintf("origin %s sends no writes: read_ratio is not set, so it is %g", o.Label(), DefaultReadRatio),
				"every request of this origin is a read, and its replica set replicates no writes from it (no lag, no lost writes, no conflicts); set read_ratio, e.g. read_ratio = 0.9 for 10 %% writes")
		}
	}
}
