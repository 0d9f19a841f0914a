package simulator

import (
	"cmp"
	"math"
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

// faultWindow is a fault's [start, end) in milliseconds; a duration of 0
// lasts to the end of the run.
func faultWindow(f Fault) (float64, float64) {
	end := math.Inf(1)
	if f.DurationS > 0 {
		end = (f.AtS + f.DurationS) * 1000
	}
	return f.AtS * 1000, end
}

// compileFaults adds a scenario's capacity losses, traffic surges,
// latency spikes and partitions to c.
func compileFaults(p *checkedModel, c *engine.Config, sc Scenario) {
	m := p.model
	regionIdx := map[string]int{}
	for i, r := range m.Regions {
		regionIdx[r.Name] = i
	}
	originIdx := map[string]int{}
	for i, o := range m.Workload.Origins {
		if _, dup := originIdx[o.Label()]; !dup {
			originIdx[o.Label()] = i
		}
	}
	// Capacity: the servers of each region at every change of its set of
	// active losses (several losses of one region add up, capped at all).
	type edge struct {
		at     float64
		region int
		delta  float64
	}
	var edges []edge
	for _, f := range sc.Faults {
		start, end := faultWindow(f)
		switch f.Type {
		case FaultCapacityLoss:
			g := regionIdx[f.Region]
			edges = append(edges, edge{start, g, f.Fraction})
			if !math.IsInf(end, 1) {
				edges = append(edges, edge{end, g, -f.Fraction})
			}
		case FaultTrafficSurge:
			o := originIdx[f.Origin]
			c.Surges = append(c.Surges, engine.Surge{
				Origin: o, Start: start, End: end,
				RatePerMs: m.Workload.Origins[o].RPS * (f.Multiplier - 1) / 1000,
			})
		case FaultLatencySpike, FaultPartition:
			extra := 0.0
			if f.Type == FaultLatencySpike {
				extra = f.ExtraMs
			}
			if f.RegionB != "" {
				c.RegionFaults = append(c.RegionFaults, engine.RegionPairFault{
					A: regionIdx[f.Region], B: regionIdx[f.RegionB], Start: start, End: end, ExtraMs: extra,
				})
				continue
			}
			c.PairFaults = append(c.PairFaults, engine.PairFault{
				Origin: originIdx[f.Origin], Region: regionIdx[f.Region], Start: start, End: end, ExtraMs: extra,
			})
		}
	}
	slices.SortStableFunc(edges, func(a, b edge) int { return cmp.Compare(a.at, b.at) })
	lost := make([]float64, len(m.Regions))
	for _, e := range edges {
		lost[e.region] += e.delta
		full := m.Regions[e.region].Servers()
		frac := math.Min(1, math.Max(0, lost[e.region]))
		// Round the servers left to the nearest whole one, keeping at
		// least none: a 50 % loss of 3 servers leaves 2 (1.5 rounded).
		servers := int(math.Round(float64(full) * (1 - frac)))
		c.Capacity = append(c.Capacity, engine.CapacityChange{At: e.at, Region: e.region, Servers: servers})
	}
}
