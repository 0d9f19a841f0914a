package simulator

import (
	"fmt"
	"regexp"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

func checkRegions(c *checker, p *checkedModel) {
	regions := p.model.Regions
	if len(regions) == 0 {
		c.errorf("regions", "no region is declared",
			"the model needs at least one region to serve its requests; declare a topology_region and list it in regions")
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
		case !namePattern.MatchString(r.Name):
			c.errorf(at("name"), fmt.Sprintf("region name %q is not %s", r.Name, nameShape),
				"region names are keys used in routing and reports; use lowercase letters, digits and dashes only, e.g. %q", suggestName(r.Name))
		default:
			if first, dup := seen[r.Name]; dup {
				c.errorf(at("name"), fmt.Sprintf("region name %q is declared twice", r.Name),
					"regions[%d] already uses the name %q; region names must be unique, rename one of them", first, r.Name)
			} else {
				seen[r.Name] = i
			}
		}
		if loc, err := geo.Parse(r.Location); err != nil {
			c.errorf(at("location"), fmt.Sprintf("region %s has an invalid location", label(r.Name, i)), "%v", err)
		} else {
			p.regionLoc[i] = loc
		}
		if r.Instances < 1 {
			c.errorf(at("instances"), fmt.Sprintf("regions[%d].instances = %d: a region needs at least one instance", i, r.Instances),
				"region %s cannot serve anything with %d instances; set instances to 1 or more, or remove the region", label(r.Name, i), r.Instances)
		} else if r.Instances > MaxInstances {
			c.errorf(at("instances"), fmt.Sprintf("regions[%d].instances = %d is above the supported %d", i, r.Instances, MaxInstances),
				"model a region of more than %d instances as several regions, or raise concurrency per instance instead", MaxInstances)
		}
		if r.Concurrency < 1 {
			c.errorf(at("concurrency"), fmt.Sprintf("regions[%d].concurrency = %d: an instance must serve at least one request at a time", i, r.Concurrency),
				"set concurrency to 1 or more (leave it unset for %d)", DefaultConcurrency)
		} else if r.Concurrency > MaxConcurrency {
			c.errorf(at("concurrency"), fmt.Sprintf("regions[%d].concurrency = %d is above the supported %d", i, r.Concurrency, MaxConcurrency),
				"lower concurrency to %d or less; add instances instead", MaxConcurrency)
		}
		if !finite(r.ServiceTimeMs) || r.ServiceTimeMs <= 0 {
			c.errorf(at("service_time_ms"), fmt.Sprintf("regions[%d].service_time_ms = %s: the mean service time must be a positive number", i, num(r.ServiceTimeMs)),
				"set service_time_ms to the mean time one request takes to serve in region %s, in milliseconds (e.g. 20)", label(r.Name, i))
		} else if r.ServiceTimeMs > MaxServiceTimeMs {
			c.errorf(at("service_time_ms"), fmt.Sprintf("regions[%d].service_time_ms = %s is above the supported %s ms", i, num(r.ServiceTimeMs), num(MaxServiceTimeMs)),
				"a mean service time of more than %s ms (about 2.8 hours) is outside what this simulator models; check the unit (milliseconds)", num(MaxServiceTimeMs))
		}
		if j := r.Jurisdiction; j != "" && !jurisdictionPattern.MatchString(j) {
			c.errorf(at("jurisdiction"), fmt.Sprintf("regions[%d].jurisdiction %q is not two uppercase letters", i, j),
				"write \"EU\" for the European Union, otherwise a country code such as \"US\", \"UK\" or \"JP\", or leave it unset for the location catalog's")
		}
		switch r.ServiceTimeDistribution {
		case DistExponential, DistDeterministic:
			if r.ServiceTimeP99OverP50 != 0 {
				c.errorf(at("service_time_p99_over_p50"), fmt.Sprintf("regions[%d].service_time_p99_over_p50 = %s shapes a lognormal service time, but the service time is %s", i, num(r.ServiceTimeP99OverP50), r.ServiceTimeDistribution),
					"only the lognormal distribution takes a p99/p50 ratio; set service_time_distribution = %q to use it, or remove service_time_p99_over_p50", DistLognormal)
			}
		case DistLognormal:
			ratio := r.ServiceTimeP99OverP50
			if !finite(ratio) || ratio <= 1 {
				c.errorf(at("service_time_p99_over_p50"), fmt.Sprintf("regions[%d].service_time_p99_over_p50 = %s: the ratio must be above 1", i, num(ratio)),
					"the 99th percentile of a lognormal service time is above its median; set a ratio above 1 (e.g. 3, the default)")
			} else if ratio > MaxLognormalP99OverP50 {
				c.errorf(at("service_time_p99_over_p50"), fmt.Sprintf("regions[%d].service_time_p99_over_p50 = %s is above the supported %d", i, num(ratio), MaxLognormalP99OverP50),
					"with a p99 more than %d times the median, the mean is dominated by extremely rare requests and replications do not converge; use a ratio of %d or less", MaxLognormalP99OverP50, MaxLognormalP99OverP50)
			}
		default:
			c.errorf(at("service_time_distribution"), fmt.Sprintf("regions[%d].service_time_distribution %q is unknown", i, r.ServiceTimeDistribution),
				"use one of %q, %q or %q", DistExponential, DistLognormal, DistDeterministic)
		}
		if r.QueueLimit < 0 {
			c.errorf(at("queue_limit"), fmt.Sprintf("regions[%d].queue_limit = %d is negative", i, r.QueueLimit),
				"queue_limit is the number of requests that may wait; set it to 1 or more, or leave it unset (0) for an unbounded queue")
		} else if r.QueueLimit > MaxQueueLimit {
			c.errorf(at("queue_limit"), fmt.Sprintf("regions[%d].queue_limit = %d is above the supported %d", i, r.QueueLimit, MaxQueueLimit),
				"a queue that long cannot be simulated within memory when it fills; use %d or less, or 0 for unbounded (then the region must not be overloaded)", MaxQueueLimit)
		}
	}
}

func checkOrigins(c *checker, p *checkedModel) {
	origins := p.model.Workload.Origins
	if len(origins) == 0 {
		c.errorf("workload.origins", "the workload has no origin",
			"declare at least one origin with a location and an rps, e.g. { location = \"aws:us-east-1\", rps = 1000 }")
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
		if loc, err := geo.Parse(o.Location); err != nil {
			c.errorf(at("location"), fmt.Sprintf("origin %d has an invalid location", i), "%v", err)
		} else {
			p.originLoc[i] = loc
		}
		if first, dup := seen[o.Label()]; dup {
			c.errorf(at("name"), fmt.Sprintf("origin name %q is used twice", o.Label()),
				"workload.origins[%d] is also labelled %q (an origin without a name is labelled by its location); give each origin a distinct name", first, o.Label())
		} else {
			seen[o.Label()] = i
		}
		if !finite(o.RPS) || o.RPS < 0 {
			c.errorf(at("rps"), fmt.Sprintf("workload.origins[%d].rps = %s: the request rate must be a non-negative number", i, num(o.RPS)),
				"set rps to the mean number of requests per second origin %s sends", o.Label())
		}
		if rr := deref(o.ReadRatio); !(rr >= 0 && rr <= 1) {
			c.errorf(at("read_ratio"), fmt.Sprintf("workload.origins[%d].read_ratio = %s is outside [0, 1]", i, num(rr)),
				"read_ratio is the fraction of requests that are reads; write 0.9 for 90 %% reads")
		}
	}
}

func checkNetwork(c *checker, n Network) {
	if n.JitterSigma == nil {
		return
	}
	s := *n.JitterSigma
	if !finite(s) || s < 0 {
		c.errorf("network.jitter_sigma", fmt.Sprintf("network.jitter_sigma = %s must be a non-negative number", num(s)),
			"jitter_sigma is the log standard deviation of the delay jitter; use 0 for deterministic delays or leave it unset for %g", DefaultJitterSigma)
	} else if s > MaxJitterSigma {
		c.errorf("network.jitter_sigma", fmt.Sprintf("network.jitter_sigma = %s is above the supported %d", num(s), MaxJitterSigma),
			"at jitter_sigma %d the mean excess delay is already 90 times its median, beyond any measured network; use a value below %d (typical: %g)", MaxJitterSigma, MaxJitterSigma, DefaultJitterSigma)
	}
}

// jurisdictionPattern is the shape of a jurisdiction as the location
// catalog spells it: "EU" for the European Union, otherwise a two-letter
// country code ("US", "JP"; "UK" for the United Kingdom), so that
// sovereignty rules compare like with like.
var jurisdictionPattern = regexp.MustCompile(`^[A-Z]{2}$`)

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
		if given.Name != "" && given.Name != given.Location && !namePattern.MatchString(given.Name) {
			c.errorf(at("name"), fmt.Sprintf("origin name %q is not %s", given.Name, nameShape),
				"origin names label the results and name the origin in faults and geo routes; use lowercase letters, digits and dashes only, e.g. %q, or leave name unset to label the origin by its location", suggestName(given.Name))
		}
		if o.RPS == 0 {
			c.errorf(at("rps"), fmt.Sprintf("workload.origins[%d].rps = 0: an origin must send requests", i),
				"set rps to the mean number of requests per second origin %s sends, or remove the origin", o.Label())
		}
		if given.AllowedJurisdictions != nil && len(given.AllowedJurisdictions) == 0 {
			c.errorf(at("allowed_jurisdictions"), fmt.Sprintf("origin %s has an empty allowed_jurisdictions", o.Label()),
				"list the jurisdictions the origin's data may go to, e.g. allowed_jurisdictions = [\"EU\"], or remove allowed_jurisdictions for no constraint")
		}
		first := map[string]int{}
		for k, j := range o.AllowedJurisdictions {
			p := fmt.Sprintf("workload.origins[%d].allowed_jurisdictions[%d]", i, k)
			switch prev, dup := first[j]; {
			case !jurisdictionPattern.MatchString(j):
				c.errorf(p, fmt.Sprintf("origin %s allows jurisdiction %q, which is not two uppercase letters", o.Label(), j),
					"write \"EU\" for the European Union, otherwise a country code such as \"US\", \"UK\" or \"JP\"")
			case dup:
				c.errorf(p, fmt.Sprintf("origin %s lists jurisdiction %q twice, at indexes %d and %d", o.Label(), j, prev, k),
					"remove the repeated jurisdiction: each may appear only once")
			default:
				first[j] = k
			}
		}
		if given.ReadRatio == nil && len(m.ReplicaSets) > 0 {
			c.warnf(at("read_ratio"), fmt.Sprintf("origin %s sends no writes: read_ratio is not set, so it is %g", o.Label(), DefaultReadRatio),
				"every request of this origin is a read, and its replica set replicates no writes from it (no lag, no lost writes, no conflicts); set read_ratio, e.g. read_ratio = 0.9 for 10 %% writes")
		}
	}
}
