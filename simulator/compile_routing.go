package simulator

import (
	"cmp"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// compileRouting adds the routing policy: every origin's route to every
// region (legs, local replica, data legs, cache), each origin's candidate
// regions in order of preference, and the policy's timings. Run after
// compileSets and compileCaches; the per-route choices are theirs
// (dataRoute, cacheIn) for every region instead of the nearest.
func compileRouting(p *checkedModel, cfg *engine.Config, sigma float64) {
	m := p.model
	rp := m.RoutingPolicy
	if rp == nil {
		return
	}
	n := len(m.Regions)
	idx := map[string]int{}
	for i, r := range m.Regions {
		idx[r.Name] = i
	}
	rc := &engine.Routing{
		Strategy:        engine.RoutePreference,
		Routes:          make([]engine.Route, len(m.Workload.Origins)*n),
		Pref:            make([][]int32, len(m.Workload.Origins)),
		Weights:         make([]float64, n),
		ProbeIntervalMs: rp.HealthCheck.IntervalS * 1000,
		ProbeTimeoutMs:  rp.HealthCheck.TimeoutMs,
		Threshold:       rp.HealthCheck.FailureThreshold,
		TTLMs:           *rp.DNSTTLS * 1000,
		TimeoutMs:       rp.RequestTimeoutMs,
		MaxAttempts:     rp.Retry.MaxAttempts,
		BackoffBaseMs:   rp.Retry.BackoffBaseMs,
		BackoffMaxMs:    rp.Retry.BackoffMaxMs,
		MaxLagMs:        rp.HealthCheck.MaxReplicationLagMs,
		MaxBacklog:      rp.HealthCheck.MaxQueueBacklog,
	}
	if cb := rp.CircuitBreaker; cb != nil {
		rc.BreakerThreshold = cb.FailureThreshold
		rc.BreakerOpenMs = cb.OpenS * 1000
	}
	if rp.Strategy == StrategyWeighted {
		rc.Strategy = engine.RouteWeighted
		for _, w := range rp.Weights {
			rc.Weights[idx[w.Region]] = w.Weight
		}
	}
	geoRoute := map[string]int{}
	for _, gr := range rp.GeoRoutes {
		geoRoute[gr.Origin] = idx[gr.Region]
	}
	constrained := false
	for _, o := range m.Workload.Origins {
		constrained = constrained || len(o.AllowedJurisdictions) > 0
	}
	if constrained {
		rc.Allowed = make([]bool, len(m.Workload.Origins)*n)
	}
	firstCache := cacheNumbering(m)
	for o, org := range m.Workload.Origins {
		rtts := make([]float64, n)
		for g := 0; g < n; g++ {
			rtt := geo.RoundTrip(p.originLoc[o], p.regionLoc[g])
			rtts[g] = rtt.Ms
			leg := variate.NewOneWay(rtt.Ms, rtt.FloorMs, sigma)
			rt := engine.Route{Request: leg, Response: leg, Local: -1, Cache: -1}
			if si := p.originSet[o]; si >= 0 && len(cfg.Sets) > 0 {
				rt.Local, rt.Data = dataRoute(p, &cfg.Sets[si], g, sigma)
				rt.Cache = cacheIn(cfg, firstCache, si, g)
			}
			rc.Routes[o*n+g] = rt
			if constrained {
				rc.Allowed[o*n+g] = len(org.AllowedJurisdictions) == 0 || slices.Contains(org.AllowedJurisdictions, m.Regions[g].Jurisdiction)
			}
		}
		byRTT := make([]int32, n)
		for g := range byRTT {
			byRTT[g] = int32(g)
		}
		slices.SortStableFunc(byRTT, func(a, b int32) int { return cmp.Compare(rtts[a], rtts[b]) })
		switch rp.Strategy {
		case StrategyFailover:
			for _, name := range rp.Failover {
				rc.Pref[o] = append(rc.Pref[o], int32(idx[name]))
			}
		case StrategyWeighted:
			for g := 0; g < n; g++ {
				if rc.Weights[g] > 0 {
					rc.Pref[o] = append(rc.Pref[o], int32(g))
				}
			}
		case StrategyGeo:
			if g, ok := geoRoute[org.Label()]; ok {
				rc.Pref[o] = append(rc.Pref[o], int32(g))
				for _, h := range byRTT {
					if int(h) != g {
						rc.Pref[o] = append(rc.Pref[o], h)
					}
				}
				break
			}
			rc.Pref[o] = byRTT
		default:
			rc.Pref[o] = byRTT
		}
	}
	cfg.Routing = rc
}

// dataRoute is, for a request served by region g, the replica of set for
// its local operations (the region's own, else the nearest) and the legs
// from g to each replica.
func dataRoute(p *checkedModel, set *engine.ReplicaSet, g int, sigma float64) (int, []variate.OneWay) {
	data := make([]variate.OneWay, len(set.Regions))
	best, bestMs := -1, 0.0
	for j, h := range set.Regions {
		rtt := geo.RoundTrip(p.regionLoc[g], p.regionLoc[h])
		data[j] = variate.NewOneWay(rtt.Ms, rtt.FloorMs, sigma)
		switch {
		case h == g:
			best, bestMs = j, -1
		case best < 0 || (bestMs >= 0 && rtt.Ms < bestMs):
			best, bestMs = j, rtt.Ms
		}
	}
	return best, data
}

// cacheNumbering is the number of each tier's first cache over all tiers.
func cacheNumbering(m Model) []int {
	first := make([]int, len(m.CacheTiers))
	total := 0
	for i, t := range m.CacheTiers {
		first[i] = total
		total += len(t.Regions)
	}
	return first
}

// cacheIn is the cache a read of set si served by region g looks in: the
// first declared tier of the set with a cache in g; -1 for none.
func cacheIn(cfg *engine.Config, first []int, si, g int) int {
	for ti, t := range cfg.Caches {
		if t.Set != si {
			continue
		}
		for c, h := range t.Regions {
			if h == g {
				return first[ti] + c
			}
		}
	}
	return -1
}
