package simulator

import (
	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// compileCaches adds the cache tiers to cfg: each tier's caches and
// invalidation legs, each origin's cache and the scenario-independent
// part (flushes are added per scenario by their registry row, faults.go).
func compileCaches(p *checkedModel, cfg *engine.Config, sigma float64) {
	m := p.model
	idx := map[string]int{}
	for i, r := range m.Regions {
		idx[r.Name] = i
	}
	setIdx := map[string]int{}
	for i, rs := range m.ReplicaSets {
		setIdx[rs.Name] = i
	}
	policies := map[string]engine.CachePolicy{
		TTLOnly:      engine.CacheTTLOnly,
		WriteThrough: engine.CacheWriteThrough,
		Invalidate:   engine.CacheInvalidate,
	}
	cfg.Caches = make([]engine.CacheTier, len(m.CacheTiers))
	for ti, t := range m.CacheTiers {
		si := setIdx[t.ReplicaSet]
		set := &cfg.Sets[si]
		n := len(t.Regions)
		tier := engine.CacheTier{
			Set:      si,
			Regions:  make([]int, n),
			Capacity: t.CapacityKeys,
			TTLMs:    t.TTLS * 1000,
			HitMs:    t.HitLatencyMs,
			Policy:   policies[t.WritePolicy],
			LFU:      t.Eviction == EvictLFU,
			Sigma:    sigma,
		}
		for c, r := range t.Regions {
			tier.Regions[c] = idx[r]
		}
		if tier.Policy == engine.CacheInvalidate {
			tier.Inval = make([]variate.OneWay, len(set.Regions)*n)
			for j, h := range set.Regions {
				for c, g := range tier.Regions {
					rtt := geo.RoundTrip(p.regionLoc[h], p.regionLoc[g])
					tier.Inval[j*n+c] = variate.NewOneWay(rtt.Ms, rtt.FloorMs, sigma)
				}
			}
		}
		cfg.Caches[ti] = tier
	}
	first := cacheNumbering(m)
	for o := range cfg.Origins {
		oc := &cfg.Origins[o]
		oc.Cache = -1
		if si := p.originSet[o]; si >= 0 {
			oc.Cache = cacheIn(cfg, first, si, oc.Region)
		}
	}
}
