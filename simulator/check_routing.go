package simulator

import (
	"fmt"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// Defaults of the routing layer.
const (
	// DefaultRoutingStrategy is latency: the nearest healthy region.
	DefaultRoutingStrategy = StrategyLatency
	// DefaultHealthIntervalS is the time between probes of a region: 10 s,
	// Route 53's fast health-check interval.
	DefaultHealthIntervalS = 10.0
	// DefaultFailureThreshold is the consecutive failed probes that mark a
	// region down (and successes that mark it up): 3, Route 53's default.
	DefaultFailureThreshold = 3
	// DefaultHealthTimeoutMs is how long a probe may take: 2 s, or the
	// interval when that is shorter.
	DefaultHealthTimeoutMs = 2000.0
	// DefaultDNSTTLS is how long clients cache a routing answer: 60 s, a
	// common TTL for failover records.
	DefaultDNSTTLS = 60.0
	// DefaultMaxAttempts is 1: no retry unless the policy asks for it.
	DefaultMaxAttempts = 1
	// DefaultBackoffBaseMs and DefaultBackoffMaxMs shape the retry
	// backoff: 50 ms doubling up to 2 s.
	DefaultBackoffBaseMs = 50.0
	DefaultBackoffMaxMs  = 2000.0
	// DefaultBreakerOpenS is how long an open circuit breaker stays open:
	// 30 s.
	DefaultBreakerOpenS = 30.0
	// DefaultBreakerThreshold is the consecutive failures that open it: 5.
	DefaultBreakerThreshold = 5
)

// applyRoutingDefaults fills the routing policy's unset optional values
// (see ApplyDefaults). RequestTimeoutMs is not defaulted: 0 is no timeout.
func applyRoutingDefaults(m *Model) {
	rp := m.RoutingPolicy
	if rp == nil {
		return
	}
	if rp.Strategy == "" {
		rp.Strategy = DefaultRoutingStrategy
	}
	if rp.DNSTTLS == nil {
		rp.DNSTTLS = ptrTo(DefaultDNSTTLS)
	}
	hc := &rp.HealthCheck
	if hc.IntervalS == 0 {
		hc.IntervalS = DefaultHealthIntervalS
	}
	if hc.FailureThreshold == 0 {
		hc.FailureThreshold = DefaultFailureThreshold
	}
	if hc.TimeoutMs == 0 && hc.IntervalS > 0 {
		hc.TimeoutMs = min(DefaultHealthTimeoutMs, hc.IntervalS*1000)
	}
	if rp.Retry.MaxAttempts == 0 {
		rp.Retry.MaxAttempts = DefaultMaxAttempts
	}
	if rp.Retry.BackoffBaseMs == 0 {
		rp.Retry.BackoffBaseMs = DefaultBackoffBaseMs
	}
	if rp.Retry.BackoffMaxMs == 0 {
		rp.Retry.BackoffMaxMs = max(DefaultBackoffMaxMs, rp.Retry.BackoffBaseMs)
	}
	if cb := rp.CircuitBreaker; cb != nil {
		if cb.FailureThreshold == 0 {
			cb.FailureThreshold = DefaultBreakerThreshold
		}
		if cb.OpenS == 0 {
			cb.OpenS = DefaultBreakerOpenS
		}
	}
}

// Bounds of the routing layer's values.
const (
	// MaxThreshold bounds health-check and breaker thresholds.
	MaxThreshold = 1000
	// MaxAttemptsBound bounds retry.max_attempts: beyond 10 attempts a
	// retry policy only turns an outage into a retry storm.
	MaxAttemptsBound = 10
	// MaxTimeoutMs bounds request and probe timeouts and backoffs (1 h).
	MaxTimeoutMs = 3.6e6
	// MaxSurgeMultiplier bounds a traffic_surge's multiplier.
	MaxSurgeMultiplier = 100.0
)

// checkRouting validates the routing policy against the declared regions
// and origins.
func checkRouting(c *checker, raw, m Model) {
	rp := m.RoutingPolicy
	if rp == nil {
		return
	}
	at := func(field string) string { return "routing_policy." + field }
	if rp.Name != "" {
		c.shape(at("name"), ShapeAt("routing_policy.name"), rp.Name)
	}
	if len(m.Regions) > engine.MaxRoutedRegions {
		c.errorf("regions", fmt.Sprintf("%d regions are declared with a routing policy, above the supported %d", len(m.Regions), engine.MaxRoutedRegions),
			"a routing policy tracks the health of at most %d regions; group nearby regions into one", engine.MaxRoutedRegions)
	}
	regions := declaredNames(len(m.Regions), func(i int) string { return m.Regions[i].Name })
	origins := declaredNames(len(m.Workload.Origins), func(i int) string { return m.Workload.Origins[i].Label() })
	c.choice(at("strategy"), ChoiceAt("routing_policy.strategy"), rp.Strategy)
	if rp.Strategy == StrategyGeo && len(rp.GeoRoutes) == 0 {
		c.errorf(at("geo_routes"), "strategy geo has no geo_routes",
			"no origin is pinned to a region, so every request would go to its nearest region, as with strategy %q; pin origins to regions, e.g. geo_routes = { virginia = %q }, or choose another strategy", StrategyLatency, firstOr(regions.names, "us-east-1"))
	}
	if len(rp.GeoRoutes) > 0 && rp.Strategy != StrategyGeo {
		c.errorf(at("geo_routes"), fmt.Sprintf("geo_routes are set, but strategy is %q", rp.Strategy),
			"geo_routes apply to strategy %q only; remove them or set strategy = %q", StrategyGeo, StrategyGeo)
	}
	seenOrigin := map[string]bool{}
	for i, gr := range rp.GeoRoutes {
		p := fmt.Sprintf("routing_policy.geo_routes[%d]", i)
		if !origins.has(gr.Origin) {
			c.errorf(p+".origin", fmt.Sprintf("geo_routes names origin %q, which is not declared", gr.Origin),
				"the origins are: %s (an origin without a name is labelled by its location)", origins.list())
		} else if seenOrigin[gr.Origin] {
			c.errorf(p+".origin", fmt.Sprintf("geo_routes lists origin %q twice", gr.Origin), "route each origin once")
		}
		seenOrigin[gr.Origin] = true
		if !regions.has(gr.Region) && c.shape(p+".region", ShapeAt("routing_policy.geo_routes[].region"), gr.Region) {
			c.errorf(p+".region", fmt.Sprintf("geo_routes sends origin %q to region %q, which is not declared", gr.Origin, gr.Region),
				"the declared regions are: %s", regions.list())
		}
	}
	if rp.Strategy == StrategyWeighted && len(rp.Weights) == 0 {
		c.errorf(at("weights"), "strategy weighted has no weights",
			"give each region that takes traffic a weight, e.g. weights = { %q = 1 }", firstOr(regions.names, "us-east-1"))
	}
	if len(rp.Weights) > 0 && rp.Strategy != StrategyWeighted {
		c.errorf(at("weights"), fmt.Sprintf("weights are set, but strategy is %q", rp.Strategy),
			"weights apply to strategy %q only; remove them or set strategy = %q", StrategyWeighted, StrategyWeighted)
	}
	total := 0.0
	seenRegion := map[string]bool{}
	for i, w := range rp.Weights {
		p := fmt.Sprintf("routing_policy.weights[%d]", i)
		if !regions.has(w.Region) && c.shape(p+".region", ShapeAt("routing_policy.weights[].region"), w.Region) {
			c.errorf(p+".region", fmt.Sprintf("weights name region %q, which is not declared", w.Region),
				"the declared regions are: %s", regions.list())
		} else if seenRegion[w.Region] {
			c.errorf(p+".region", fmt.Sprintf("weights list region %q twice", w.Region), "give each region one weight")
		}
		seenRegion[w.Region] = true
		if !c.number(p+".weight", BoundAt("routing_policy.weights[].weight"), w.Weight) {
			continue
		}
		total += w.Weight
	}
	if len(rp.Weights) > 0 && total == 0 {
		c.errorf(at("weights"), "every weight is 0", "give at least one region a positive weight")
	}
	if rp.Strategy == StrategyFailover && len(rp.Failover) == 0 {
		c.errorf(at("failover"), "strategy failover has no failover list",
			"list the primary region and then the secondaries in order, e.g. failover = [%q]", firstOr(regions.names, "us-east-1"))
	}
	if len(rp.Failover) > 0 && rp.Strategy != StrategyFailover {
		c.errorf(at("failover"), fmt.Sprintf("failover is set, but strategy is %q", rp.Strategy),
			"the failover list applies to strategy %q only; remove it or set strategy = %q", StrategyFailover, StrategyFailover)
	}
	failover := ListAt("routing_policy.failover")
	if raw.RoutingPolicy != nil && raw.RoutingPolicy.Failover != nil {
		// nil is not set; only a list given empty is refused.
		c.nonEmpty(at("failover"), failover, len(raw.RoutingPolicy.Failover))
	}
	firstAt := map[string]int{}
	for i, name := range rp.Failover {
		p := fmt.Sprintf("routing_policy.failover[%d]", i)
		first, dup := firstAt[name]
		switch {
		case !regions.has(name):
			if c.shape(p, ShapeAt("routing_policy.failover[]"), name) {
				c.errorf(p, fmt.Sprintf("failover lists region %q, which is not declared", name), "the declared regions are: %s", regions.list())
			}
		case dup:
			c.repeated(at("failover"), failover, name, first, i)
		}
		if !dup {
			firstAt[name] = i
		}
	}
	hc := rp.HealthCheck
	switch {
	case !c.number(at("health_check.interval_s"), BoundAt("routing_policy.health_check.interval_s"), hc.IntervalS):
	case !c.number(at("health_check.timeout_ms"), BoundAt("routing_policy.health_check.timeout_ms"), hc.TimeoutMs):
	case hc.TimeoutMs > hc.IntervalS*1000:
		c.errorf(at("health_check.timeout_ms"), fmt.Sprintf("health_check.timeout_ms = %s must be at most the interval (%s ms)", num(hc.TimeoutMs), num(hc.IntervalS*1000)),
			"a probe not answered within timeout_ms fails; one probe is out at a time, so the timeout cannot exceed the interval")
	}
	c.number(at("health_check.failure_threshold"), BoundAt("routing_policy.health_check.failure_threshold"), float64(hc.FailureThreshold))
	checkHealthSignals(c, m, hc, at)
	c.number(at("dns_ttl_s"), BoundAt("routing_policy.dns_ttl_s"), deref(rp.DNSTTLS))
	// 0 is no timeout, which the model cannot say otherwise.
	if rp.RequestTimeoutMs != 0 {
		c.number(at("request_timeout_ms"), BoundAt("routing_policy.request_timeout_ms"), rp.RequestTimeoutMs)
	}
	rt := rp.Retry
	c.number(at("retry.max_attempts"), BoundAt("routing_policy.retry.max_attempts"), float64(rt.MaxAttempts))
	switch {
	case !c.number(at("retry.backoff_base_ms"), BoundAt("routing_policy.retry.backoff_base_ms"), rt.BackoffBaseMs):
	case !c.number(at("retry.backoff_max_ms"), BoundAt("routing_policy.retry.backoff_max_ms"), rt.BackoffMaxMs):
	case rt.BackoffMaxMs < rt.BackoffBaseMs:
		c.errorf(at("retry.backoff_max_ms"), fmt.Sprintf("retry.backoff_max_ms = %s must be at least backoff_base_ms (%s)", num(rt.BackoffMaxMs), num(rt.BackoffBaseMs)),
			"backoff_max_ms caps the exponential backoff")
	}
	if cb := rp.CircuitBreaker; cb != nil {
		c.number(at("circuit_breaker.failure_threshold"), BoundAt("routing_policy.circuit_breaker.failure_threshold"), float64(cb.FailureThreshold))
		c.number(at("circuit_breaker.open_s"), BoundAt("routing_policy.circuit_breaker.open_s"), cb.OpenS)
	}
}

// checkSovereignty checks statically that no origin with allowed
// jurisdictions is routed, or writes data, outside them; and, with a
// routing policy, warns of the regions failover could send it to.
func checkSovereignty(c *checker, p *checkedModel) {
	m := p.model
	for o, org := range m.Workload.Origins {
		if len(org.AllowedJurisdictions) == 0 {
			continue
		}
		path := fmt.Sprintf("workload.origins[%d].allowed_jurisdictions", o)
		allowed := func(g int) bool { return slices.Contains(org.AllowedJurisdictions, m.Regions[g].Jurisdiction) }
		list := strings.Join(org.AllowedJurisdictions, ", ")
		if g := p.route[o]; !allowed(g) {
			c.errorf(path, fmt.Sprintf("origin %s is routed to region %s (jurisdiction %q), outside its allowed jurisdictions %s", org.Label(), m.Regions[g].Name, m.Regions[g].Jurisdiction, list),
				"every request of the origin would cross its sovereignty boundary; serve it from a region in %s, or add %q to allowed_jurisdictions", list, m.Regions[g].Jurisdiction)
		}
		if si := p.originSet[o]; si >= 0 && *org.ReadRatio < 1 {
			rs := m.ReplicaSets[si]
			for _, name := range rs.Regions {
				g := slices.IndexFunc(m.Regions, func(r Region) bool { return r.Name == name })
				if g >= 0 && !allowed(g) {
					c.errorf(path, fmt.Sprintf("origin %s writes to replica set %s, which replicates to region %s (jurisdiction %q), outside its allowed jurisdictions %s", org.Label(), rs.Name, name, m.Regions[g].Jurisdiction, list),
						"its writes would be copied across its sovereignty boundary; keep replica set %s in %s, or add %q to allowed_jurisdictions", rs.Name, list, m.Regions[g].Jurisdiction)
				}
			}
		}
		if rp := m.RoutingPolicy; rp != nil {
			var outside []string
			for g, r := range m.Regions {
				if g != p.route[o] && !allowed(g) && mayRoute(rp, org, r.Name) {
					outside = append(outside, fmt.Sprintf("%s (%s)", r.Name, r.Jurisdiction))
				}
			}
			if len(outside) > 0 {
				c.warnf(path, fmt.Sprintf("routing policy may send origin %s outside %s when its region fails: to %s", org.Label(), list, strings.Join(outside, ", ")),
					"the simulation reports every request that takes such a route (sovereignty_violations); to rule it out, limit the failover list or weights to regions in %s", list)
			}
		}
	}
}

// mayRoute reports whether the policy could ever send origin o to region
// name (ignoring health).
func mayRoute(rp *RoutingPolicy, o Origin, name string) bool {
	switch rp.Strategy {
	case StrategyFailover:
		return slices.Contains(rp.Failover, name)
	case StrategyWeighted:
		for _, w := range rp.Weights {
			if w.Region == name && w.Weight > 0 {
				return true
			}
		}
		return false
	}
	return true
}
