package simulator

import (
	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// compile turns a checked plan into the engine's configuration: times in
// milliseconds, rates per millisecond, distributions with their parameters
// computed once.
func compile(p *checkedModel) *engine.Config {
	m := p.model
	cfg := &engine.Config{
		Regions:    make([]engine.Region, len(m.Regions)),
		Origins:    make([]engine.Origin, len(m.Workload.Origins)),
		DurationMs: *m.Run.DurationS * 1000,
		WarmupMs:   *m.Run.WarmupS * 1000,
		Seed:       *m.Run.Seed,
	}
	for i, r := range m.Regions {
		cfg.Regions[i] = engine.Region{
			Servers:    r.Servers(),
			QueueLimit: r.QueueLimit,
			Service:    serviceOf(r),
			Autoscale:  compileAutoscale(r),
		}
	}
	sigma := *m.Network.JitterSigma
	for i, o := range m.Workload.Origins {
		rtt := p.rtt[i]
		// Both legs follow the origin -> region round trip: the modelled
		// RTT is symmetric, and each leg is drawn independently.
		leg := variate.NewOneWay(rtt.Ms, rtt.FloorMs, sigma)
		cfg.Origins[i] = engine.Origin{
			RatePerMs: o.RPS / 1000,
			Region:    p.route[i],
			Request:   leg,
			Response:  leg,
			ReadRatio: *o.ReadRatio,
			Set:       -1,
			Local:     -1,
			Profile:   compileProfile(o.LoadProfile, *m.Run.DurationS, m.Workload.StartHourUTC),
		}
	}
	if len(m.ReplicaSets) > 0 {
		compileSets(p, cfg, sigma)
		compileCaches(p, cfg, sigma)
	}
	compileRouting(p, cfg, sigma)
	return cfg
}

// compileSets adds the replica sets: the key sampler (built once, shared
// by every scenario and replication), each set's replicas, links and
// parameters, and each origin's replica and data legs.
func compileSets(p *checkedModel, cfg *engine.Config, sigma float64) {
	m := p.model
	cfg.Keys = engine.NewKeySampler(m.Workload.Keys, *m.Workload.ZipfS)
	idx := map[string]int{}
	for i, r := range m.Regions {
		idx[r.Name] = i
	}
	modes := map[string]engine.Mode{
		ReplicationAsyncPrimary: engine.AsyncPrimary,
		ReplicationSyncQuorum:   engine.SyncQuorum,
		ReplicationMultiLeader:  engine.MultiLeader,
	}
	reads := map[string]engine.ReadMode{
		ReadStrong:           engine.ReadStrong,
		ReadBoundedStaleness: engine.ReadBounded,
		ReadEventual:         engine.ReadEventual,
		ReadYourWrites:       engine.ReadYourWrites,
	}
	cfg.Sets = make([]engine.ReplicaSet, len(m.ReplicaSets))
	for si, rs := range m.ReplicaSets {
		n := len(rs.Regions)
		set := engine.ReplicaSet{
			Mode:        modes[rs.Replication],
			Read:        reads[rs.ReadConsistency],
			Regions:     make([]int, n),
			Quorum:      rs.Quorum,
			StalenessMs: rs.StalenessBoundMs,
			ApplyMs:     rs.ApplyTimeMs,
			FailoverMs:  failoverMs(rs),
			CRDT:        rs.ConflictResolution == ConflictCRDT,
			Links:       make([]variate.OneWay, n*n),
			RTT:         make([]float64, n*n),
			Sigma:       sigma,
		}
		// Only an async_primary set has split-brain writes to merge.
		set.MergeSplitBrain = rs.SplitBrainResolution == SplitBrainMerge && rs.Replication == ReplicationAsyncPrimary
		for j, name := range rs.Regions {
			set.Regions[j] = idx[name]
			if name == rs.Leader {
				set.Leader = j
			}
		}
		for a := 0; a < n; a++ {
			for b := 0; b < n; b++ {
				rtt := geo.RoundTrip(p.regionLoc[set.Regions[a]], p.regionLoc[set.Regions[b]])
				set.Links[a*n+b] = variate.NewOneWay(rtt.Ms, rtt.FloorMs, sigma)
				set.RTT[a*n+b] = rtt.Ms
			}
		}
		cfg.Sets[si] = set
	}
	for o := range cfg.Origins {
		si := p.originSet[o]
		if si < 0 {
			continue
		}
		oc := &cfg.Origins[o]
		oc.Set = si
		oc.Sessions = m.Workload.Origins[o].Sessions
		oc.Local, oc.Data = dataRoute(p, &cfg.Sets[si], p.route[o], sigma)
	}
}

// serviceOf builds a region's service time distribution. Check has
// validated the shape and parameters, so the lognormal cannot fail here;
// should it, the exponential of the same mean is the safe fallback.
func serviceOf(r Region) variate.Service {
	switch r.ServiceTimeDistribution {
	case DistDeterministic:
		return variate.NewDeterministic(r.ServiceTimeMs)
	case DistLognormal:
		if s, err := variate.NewLognormal(r.ServiceTimeMs, r.ServiceTimeP99OverP50); err == nil {
			return s
		}
	}
	return variate.NewExponential(r.ServiceTimeMs)
}
