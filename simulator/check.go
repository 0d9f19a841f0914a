package simulator

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// Bounds of the values Check accepts. Each keeps one simulation within what
// a plan-time run can do in seconds and what float64 simulated time
// represents exactly enough; the finding that enforces it says so.
const (
	// MaxRegions and MaxOrigins bound the model's size: far beyond any
	// real topology, and small enough that routing (origins x regions RTT
	// lookups) stays instantaneous.
	MaxRegions = 1000
	MaxOrigins = 10_000
	// MaxInstances and MaxConcurrency bound a region's servers.
	MaxInstances   = 1_000_000
	MaxConcurrency = 1_000_000
	// MaxQueueLimit bounds a region's waiting room: beyond it an overloaded
	// queue would hold more requests than the engine's in-flight bound.
	MaxQueueLimit = 1_000_000
	// MaxServiceTimeMs bounds the mean service time (about 2.8 hours).
	MaxServiceTimeMs = 1e7
	// MaxLognormalP99OverP50 bounds the lognormal spread: beyond it the mean
	// is dominated by values so rare that replications do not converge.
	MaxLognormalP99OverP50 = 1000
	// MaxJitterSigma bounds the network jitter: at 3 the mean excess delay
	// is already e^4.5 = 90 times its median, far beyond measured networks.
	MaxJitterSigma = 3
	// MaxDurationS bounds the simulated time (about 11.6 days): arrivals
	// are stationary, so a longer window adds nothing that more
	// replications would not.
	MaxDurationS = 1e6
	// MaxReplications bounds the number of replications.
	MaxReplications = 10_000
	// HeavyTrafficUtilization is the utilization above which an unbounded
	// queue draws a warning: its mean wait converges slowly.
	HeavyTrafficUtilization = 0.95
)

// namePattern is the shape of every topology object's unique key (a
// region's, a replica set's, a cache tier's, a routing policy's, a named
// origin's and a scenario's): lowercase letters, digits and dashes, 1 to
// 63 of them, starting and ending with a letter or digit, as DNS labels
// and cloud region names are spelled. nameShape says it in messages.
var namePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// nameShape describes namePattern in a finding's summary.
const nameShape = "1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit"

// checkedModel is a model that passed Check: defaulted, with resolved locations,
// routes and loads, ready to compile into an engine configuration.
type checkedModel struct {
	model Model
	// regionLoc and originLoc are the parsed locations.
	regionLoc, originLoc []geo.Location
	// route[o] is the region serving origin o; rtt[o] is their round trip.
	route []int
	rtt   []geo.RTT
	// offeredRPS[r] is the load routed to region r.
	offeredRPS []float64
	totalRPS   float64
	// originSet[o] is the replica set origin o uses, -1 for none.
	originSet []int
}

// Check runs the static checks on a model before any simulation, after
// applying the defaults to a copy (so unset optional values are not
// errors). Findings of SeverityError mean the model cannot be simulated as
// it stands; Run refuses it. Warnings point at models that simulate but
// probably not as intended. Findings come in model order: structure first,
// then budget, load and physics, each of which runs only when the parts of
// the model it reads are valid (it would be meaningless otherwise).
func Check(m Model) []Finding {
	_, findings := analyse(withDefaults(m))
	return findings
}

// checker collects findings.
type checker struct {
	findings []Finding
	errors   int
}

func (c *checker) add(severity, path, summary, detail string) {
	if severity == SeverityError {
		c.errors++
	}
	c.findings = append(c.findings, Finding{Severity: severity, Path: path, Summary: summary, Detail: detail})
}

func (c *checker) errorf(path, summary, detail string, args ...any) {
	c.add(SeverityError, path, summary, fmt.Sprintf(detail, args...))
}

func (c *checker) warnf(path, summary, detail string, args ...any) {
	c.add(SeverityWarning, path, summary, fmt.Sprintf(detail, args...))
}

// analyse checks a defaulted model and, when it has no errors, returns it
// as a checkedModel.
func analyse(m Model) (*checkedModel, []Finding) {
	c := &checker{}
	p := &checkedModel{model: m}
	// Each later check runs when the sections it reads are valid, so that
	// one mistake does not hide the others and none is reported from
	// garbage.
	clean := func(check func()) bool {
		before := c.errors
		check()
		return c.errors == before
	}
	regionsOK := clean(func() { checkRegions(c, p) })
	originsOK := clean(func() { checkOrigins(c, p) })
	clean(func() { checkNetwork(c, m.Network) })
	keysOK := clean(func() { checkKeys(c, m.Workload) })
	setsOK := clean(func() { checkReplicaSets(c, p) })
	clean(func() { checkCacheTiers(c, m) })
	clean(func() { checkStateBytes(c, m) })
	clean(func() { checkDataSLA(c, m) })
	slaOK := clean(func() { checkSLA(c, m.SLA) })
	runOK := clean(func() { checkRun(c, m.Run) })
	clean(func() { checkScenarios(c, m) })
	routingOK := clean(func() { checkRouting(c, m) })
	if regionsOK && originsOK {
		route(p, routingOK)
		if runOK {
			checkBudget(c, p)
		}
		checkLoad(c, p)
		checkHeadroom(c, p)
		if setsOK {
			checkSovereignty(c, p)
		}
		if setsOK && keysOK {
			checkApplyLoad(c, p)
		}
		if slaOK {
			checkFiberFloor(c, p)
		}
	}
	if c.errors > 0 {
		return nil, c.findings
	}
	return p, c.findings
}

// finite reports whether x is a number other than an infinity.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

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
		switch r.ServiceTimeDistribution {
		case DistExponential, DistDeterministic:
			if r.ServiceTimeP99OverP50 != 0 {
				c.warnf(at("service_time_p99_over_p50"), fmt.Sprintf("regions[%d].service_time_p99_over_p50 is ignored: the service time is %s", i, r.ServiceTimeDistribution),
					"only the lognormal distribution takes a p99/p50 ratio; set service_time_distribution = %q to use it, or remove it", DistLognormal)
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
		} else if o.RPS == 0 {
			c.warnf(at("rps"), fmt.Sprintf("origin %s sends no requests (rps = 0)", o.Label()),
				"it will have no results; remove it or give it a request rate")
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

// latencyClauses lists the SLA's latency targets with their JSON names and
// quantiles, in report order.
func latencyClauses(s SLA) []struct {
	name   string
	q      float64
	target *float64
} {
	return []struct {
		name   string
		q      float64
		target *float64
	}{
		{"latency_p50_ms", 0.50, s.LatencyP50Ms},
		{"latency_p95_ms", 0.95, s.LatencyP95Ms},
		{"latency_p99_ms", 0.99, s.LatencyP99Ms},
		{"latency_p999_ms", 0.999, s.LatencyP999Ms},
	}
}

func checkSLA(c *checker, s SLA) {
	for _, l := range latencyClauses(s) {
		if l.target == nil {
			continue
		}
		if v := *l.target; !finite(v) || v <= 0 {
			c.errorf("sla."+l.name, fmt.Sprintf("sla.%s = %s: a latency target must be a positive number of milliseconds", l.name, num(v)),
				"set it to the upper bound the %s latency must stay under, in ms, or remove the clause", quantileName(l.q))
		}
	}
	if s.Availability != nil {
		a := *s.Availability
		switch {
		case !finite(a) || a <= 0:
			c.errorf("sla.availability", fmt.Sprintf("sla.availability = %s must be a fraction in (0, 1]", num(a)),
				"availability is successful / all requests; write 0.999 for 99.9 %%")
		case a > 1 && a <= 100:
			c.errorf("sla.availability", fmt.Sprintf("sla.availability = %s is above 1", num(a)),
				"availability is a fraction, not a percentage: write %s for %s %%", num(a/100), num(a))
		case a > 1:
			c.errorf("sla.availability", fmt.Sprintf("sla.availability = %s is above 1", num(a)),
				"availability is successful / all requests, at most 1; write 0.999 for 99.9 %%")
		}
	}
}

func checkRun(c *checker, r RunSettings) {
	durationOK := false
	duration, warmup := deref(r.DurationS), deref(r.WarmupS)
	switch {
	case !finite(duration) || duration <= 0:
		c.errorf("run.duration_s", fmt.Sprintf("run.duration_s = %s must be a positive number of seconds", num(duration)),
			"set duration_s to the simulated time during which requests arrive (leave it unset for %g s)", DefaultDurationS)
	case duration > MaxDurationS:
		c.errorf("run.duration_s", fmt.Sprintf("run.duration_s = %s is above the supported %s s", num(duration), num(MaxDurationS)),
			"arrivals are stationary, so a longer window adds nothing more replications would not; shorten duration_s")
	default:
		durationOK = true
	}
	switch {
	case !finite(warmup) || warmup < 0:
		c.errorf("run.warmup_s", fmt.Sprintf("run.warmup_s = %s must be a non-negative number of seconds", num(warmup)),
			"set warmup_s to the initial seconds whose requests are not measured, or leave it unset for none")
	case durationOK && duration <= warmup:
		c.errorf("run.duration_s", fmt.Sprintf("run.duration_s = %s is not longer than run.warmup_s = %s", num(duration), num(warmup)),
			"only requests issued between warmup_s and duration_s are measured, so nothing would be; make duration_s longer than warmup_s (a warm-up of 10-20 %% of the duration is typical)")
	}
	if r.Replications < 2 {
		c.errorf("run.replications", fmt.Sprintf("run.replications = %d: at least 2 replications are needed", r.Replications),
			"a confidence interval needs at least two independent replications; set replications to 2 or more (leave it unset for %d)", DefaultReplications)
	} else if r.Replications > MaxReplications {
		c.errorf("run.replications", fmt.Sprintf("run.replications = %d is above the supported %d", r.Replications, MaxReplications),
			"the interval narrows with the square root of the replications; %d is far beyond what any verdict needs, lower it", MaxReplications)
	}
	if r.MaxSimulatedRequests < 0 {
		c.errorf("run.max_simulated_requests", fmt.Sprintf("run.max_simulated_requests = %d is negative", r.MaxSimulatedRequests),
			"set a positive budget of simulated requests, or leave it unset for %d", DefaultMaxSimulatedRequests)
	}
	if r.Parallelism < 0 {
		c.errorf("run.parallelism", fmt.Sprintf("run.parallelism = %d is negative", r.Parallelism),
			"set the number of replications run at once, or 0 for GOMAXPROCS")
	}
}

// route sends each origin to the region with the smallest modelled RTT,
// the first declared winning a tie, and totals the offered loads. With a
// valid routing policy (routingOK) the origin goes where the policy sends
// it while every region is healthy: its geo route, the failover primary,
// or, weighted, each region its share.
func route(p *checkedModel, routingOK bool) {
	m := p.model
	p.route = make([]int, len(m.Workload.Origins))
	p.rtt = make([]geo.RTT, len(m.Workload.Origins))
	p.offeredRPS = make([]float64, len(m.Regions))
	for o := range m.Workload.Origins {
		best := -1
		var bestRTT geo.RTT
		for r := range m.Regions {
			rtt := geo.RoundTrip(p.originLoc[o], p.regionLoc[r])
			if best < 0 || rtt.Ms < bestRTT.Ms {
				best, bestRTT = r, rtt
			}
		}
		rps := m.Workload.Origins[o].RPS
		p.totalRPS += rps
		if rp := m.RoutingPolicy; rp != nil && routingOK {
			if g, ok := policyRoute(rp, m, m.Workload.Origins[o]); ok {
				best = g
				bestRTT = geo.RoundTrip(p.originLoc[o], p.regionLoc[g])
			}
			if rp.Strategy == StrategyWeighted {
				p.route[o], p.rtt[o] = best, bestRTT
				total := 0.0
				for _, w := range rp.Weights {
					total += w.Weight
				}
				for _, w := range rp.Weights {
					g := slices.IndexFunc(m.Regions, func(r Region) bool { return r.Name == w.Region })
					p.offeredRPS[g] += rps * w.Weight / total
				}
				continue
			}
		}
		p.route[o], p.rtt[o] = best, bestRTT
		p.offeredRPS[best] += rps
	}
}

// policyRoute is the region the policy sends origin o to while all are
// healthy (weighted: the heaviest); ok is false for latency routing, which
// is the nearest region.
func policyRoute(rp *RoutingPolicy, m Model, o Origin) (int, bool) {
	idx := func(name string) int {
		return slices.IndexFunc(m.Regions, func(r Region) bool { return r.Name == name })
	}
	switch rp.Strategy {
	case StrategyFailover:
		return idx(rp.Failover[0]), true
	case StrategyGeo:
		for _, gr := range rp.GeoRoutes {
			if gr.Origin == o.Label() {
				return idx(gr.Region), true
			}
		}
	case StrategyWeighted:
		best := 0
		for i, w := range rp.Weights {
			if w.Weight > rp.Weights[best].Weight {
				best = i
			}
		}
		return idx(rp.Weights[best].Region), true
	}
	return 0, false
}

// checkBudget refuses a run whose expected number of requests exceeds the
// budget, before spending any time on it.
func checkBudget(c *checker, p *checkedModel) {
	r := p.model.Run
	// Every scenario, the baseline included, runs every replication.
	runs := 1 + len(p.model.Scenarios)
	expected := p.totalRPS * *r.DurationS * float64(r.Replications) * float64(runs)
	if expected > float64(r.MaxSimulatedRequests) {
		c.errorf("run.duration_s", fmt.Sprintf("the run would simulate about %s requests, above the limit of %s", count(expected), count(float64(r.MaxSimulatedRequests))),
			"%s rps x %s s x %d replications x %d scenarios (baseline included) = %s requests; shorten duration_s, lower replications, drop scenarios, or raise the provider's max_simulated_requests (run.max_simulated_requests) to at least %s",
			num(p.totalRPS), num(*r.DurationS), r.Replications, runs, count(expected), count(math.Ceil(expected)))
	}
}

// checkLoad compares each region's offered load with its capacity. An
// unbounded queue at or above saturation grows forever, so it cannot be
// simulated to a steady state: that is an error. A bounded one sheds load
// and is simulated (its rejections are the point).
func checkLoad(c *checker, p *checkedModel) {
	m := p.model
	if p.totalRPS == 0 {
		c.errorf("workload.origins", "no origin sends requests",
			"every origin has rps = 0, so there is nothing to simulate; give at least one origin a request rate")
		return
	}
	totalCap := 0.0
	unboundedOverload := false
	for i, r := range m.Regions {
		capacity := r.CapacityRPS()
		totalCap += capacity
		offered := p.offeredRPS[i]
		if offered == 0 {
			continue
		}
		rho := offered / capacity
		from := originsServedBy(p, i)
		switch {
		case rho >= 1 && r.QueueLimit == 0:
			unboundedOverload = true
			c.errorf(fmt.Sprintf("regions[%d].instances", i),
				fmt.Sprintf("region %s is overloaded: offered %s rps against capacity %s rps (utilization %.2f); add instances, or set queue_limit to simulate admission control", r.Name, num(offered), num(capacity), rho),
				"region %s serves %s (the nearest region by RTT); %d instances x %d concurrency / %s ms = %s rps. With an unbounded queue the backlog grows forever and there is no steady state to simulate. Raise instances to at least %d, lower service_time_ms, or set queue_limit so that excess requests are rejected.",
				r.Name, from, r.Instances, r.Concurrency, num(r.ServiceTimeMs), num(capacity), minInstances(r, offered))
		case rho >= 1:
			c.warnf(fmt.Sprintf("regions[%d].instances", i),
				fmt.Sprintf("region %s is overloaded: offered %s rps against capacity %s rps (utilization %.2f)", r.Name, num(offered), num(capacity), rho),
				"its queue_limit of %d will reject at least %.1f %% of its requests (the excess over capacity); raise instances to at least %d to serve them all", r.QueueLimit, 100*(1-1/rho), minInstances(r, offered))
		case rho >= HeavyTrafficUtilization && r.QueueLimit == 0:
			c.warnf(fmt.Sprintf("regions[%d].instances", i),
				fmt.Sprintf("region %s runs at utilization %.3f", r.Name, rho),
				"near saturation queueing delay is very sensitive to load and the simulation converges slowly (its correlation time grows like 1/(1-rho)^2), so expect wide intervals; add instances, or lengthen duration_s and warmup_s")
		}
	}
	if p.totalRPS > totalCap {
		sev := SeverityWarning
		if unboundedOverload {
			sev = SeverityError
		}
		c.add(sev, "regions",
			fmt.Sprintf("total capacity %s rps is below the total offered load %s rps", num(totalCap), num(p.totalRPS)),
			fmt.Sprintf("no routing can carry this load: at least %.1f %% of requests must fail; add instances or regions for at least %s rps more", 100*(1-totalCap/p.totalRPS), num(p.totalRPS-totalCap)))
	}
}

// minInstances is the smallest instance count whose capacity exceeds the
// offered load.
func minInstances(r Region, offered float64) int {
	perInstance := float64(r.Concurrency) * 1000 / r.ServiceTimeMs
	n := math.Floor(offered/perInstance) + 1
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(n)
}

// originsServedBy names the origins routed to region r with their rates.
func originsServedBy(p *checkedModel, r int) string {
	var parts []string
	for o, to := range p.route {
		if to == r && p.model.Workload.Origins[o].RPS > 0 {
			or := p.model.Workload.Origins[o]
			parts = append(parts, fmt.Sprintf("%s (%s rps)", or.Label(), num(or.RPS)))
		}
	}
	return strings.Join(parts, ", ")
}

// checkFiberFloor finds latency targets that physics rules out.
//
// An origin whose fiber floor to every region is at or above a target T can
// never see a response within T: every one of its requests crosses that
// distance twice, plus service. Whether that dooms a pooled quantile
// depends on the origin's share of the traffic: the SLA's q-quantile is over
// all origins' requests, so it is provably above T when the requests that
// cannot meet T are more than a fraction 1-q of all requests. A far origin
// with 30 % of the traffic thus dooms p95, p99 and p99.9 but not p50 (the
// near origins may still make the median). The quantile is over successful
// requests only, so an origin counts towards the doomed share only when its
// region has no queue limit: then none of its requests is rejected, and its
// share of the successful requests is at least its share of the offered
// load. This makes the error exact, never a false alarm: a doomed clause is
// an error; an origin that cannot meet a target without provably dooming
// it is a warning (its users never see the target, and any per-origin SLA
// would fail).
func checkFiberFloor(c *checker, p *checkedModel) {
	m := p.model
	if p.totalRPS == 0 {
		return
	}
	for _, l := range latencyClauses(m.SLA) {
		if l.target == nil {
			continue
		}
		target := *l.target
		type far struct {
			origin, nearest int
			floor, share    float64
		}
		var fars []far
		doomedShare := 0.0
		for o, or := range m.Workload.Origins {
			if or.RPS == 0 {
				continue
			}
			nearest, floor := -1, math.Inf(1)
			for r := range m.Regions {
				if f := geo.FloorRTTMs(p.originLoc[o], p.regionLoc[r]); f < floor {
					nearest, floor = r, f
				}
			}
			if floor >= target {
				share := or.RPS / p.totalRPS
				fars = append(fars, far{o, nearest, floor, share})
				if m.Regions[p.route[o]].QueueLimit == 0 {
					doomedShare += share
				}
			}
		}
		doomed := doomedShare > 1-l.q
		for _, f := range fars {
			or := m.Workload.Origins[f.origin]
			summary := fmt.Sprintf("sla.%s = %s ms is below the physical floor: origin %s is at least %.1f ms round trip (fiber floor) from every region; raise the target or add a region nearer the origin",
				l.name, num(target), or.Label(), f.floor)
			if doomed {
				c.errorf("sla."+l.name, summary,
					"the nearest region is %s, %s km away: light in fiber needs %.1f ms there and back, before any queueing or service. The origin sends %.1f %% of all requests (origins that can never meet the target together %.1f %%), more than the %s %% a %s target allows to be slower, so the clause cannot pass.",
					m.Regions[f.nearest].Name, num(geo.DistanceKm(p.originLoc[f.origin], p.regionLoc[f.nearest])), f.floor, 100*f.share, 100*doomedShare, num(100*(1-l.q)), quantileName(l.q))
			} else {
				c.warnf("sla."+l.name, summary,
					"the nearest region is %s, %s km away: light in fiber needs %.1f ms there and back. The origin sends %.1f %% of all requests (origins that provably never meet the target together %.1f %%; an origin whose region rejects requests is not counted), within the %s %% a %s target allows to be slower, so the pooled clause may still pass, but no client of this origin ever sees the target.",
					m.Regions[f.nearest].Name, num(geo.DistanceKm(p.originLoc[f.origin], p.regionLoc[f.nearest])), f.floor, 100*f.share, 100*doomedShare, num(100*(1-l.q)), quantileName(l.q))
			}
		}
	}
}

// quantileName spells a quantile the way SLAs do: 0.999 is "p99.9".
func quantileName(q float64) string {
	return "p" + strconv.FormatFloat(q*100, 'f', -1, 64)
}

// label names a region by its name, or by its index when it has none.
func label(name string, i int) string {
	if name == "" {
		return fmt.Sprintf("regions[%d]", i)
	}
	return name
}

// suggestName lowercases a name, replaces what the pattern forbids with
// dashes, trims the dashes it may not start or end with and cuts it to 63
// characters.
func suggestName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 63 {
		out = strings.Trim(out[:63], "-")
	}
	if out == "" {
		return "region-1"
	}
	return out
}

// num formats a number for a message: four significant digits, no
// exponent for everyday magnitudes, and NaN/Inf spelled out.
func num(x float64) string {
	if !finite(x) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	if x != 0 && (math.Abs(x) >= 1e12 || math.Abs(x) < 1e-4) {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// count formats a large count with thousands separators: 120,000,000.
func count(x float64) string {
	if !finite(x) || math.Abs(x) >= 1e18 {
		return num(x)
	}
	s := strconv.FormatInt(int64(math.Round(x)), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
