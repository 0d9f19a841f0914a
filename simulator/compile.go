package simulator

import (
	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// compile turns a checked plan into the engine's configuration: times in
// milliseconds, rates per millisecond, distributions with their parameters
// computed once.
func compile(p *plan) *engine.Config {
	m := p.model
	cfg := &engine.Config{
		Regions:    make([]engine.Region, len(m.Regions)),
		Origins:    make([]engine.Origin, len(m.Workload.Origins)),
		DurationMs: m.Run.DurationS * 1000,
		WarmupMs:   m.Run.WarmupS * 1000,
		Seed:       m.Run.Seed,
	}
	for i, r := range m.Regions {
		cfg.Regions[i] = engine.Region{
			Servers:    r.Servers(),
			QueueLimit: r.QueueLimit,
			Service:    serviceOf(r),
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
		}
	}
	return cfg
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
