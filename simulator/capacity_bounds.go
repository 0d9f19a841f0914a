package simulator

import (
	"cmp"
	"math"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

// This file brackets a capacity search with closed forms before anything
// is simulated: how many instances each region needs to carry its load at
// all, how many the M/M/c model says its latency targets need, and how many
// make queueing negligible whatever the routing does. The CLI's capacity
// command verifies every bracket by simulation; the closed forms only save
// simulations.

// AmpleWaitProbability is the Erlang C probability of waiting at the
// instance count CapacityBound.Ample: so small that queueing adds nothing
// measurable to any quantile an SLA can name (p99.9 included).
const AmpleWaitProbability = 1e-6

// AmpleUtilization is the utilization at most at CapacityBound.Ample.
const AmpleUtilization = 0.5

// CapacityBound is the closed-form bracket of one region's instance count
// in a model, every other region as configured.
type CapacityBound struct {
	Region string `json:"region"`
	// OfferedRPS is the load routed to the region while every region is
	// up: nearest by round trip, or as the routing policy sends it (the
	// static checks' routing).
	OfferedRPS float64 `json:"offered_rps"`
	// Stable is the fewest instances whose capacity exceeds OfferedRPS:
	// with fewer the queue grows without bound, or a queue_limit rejects
	// at least 1 - capacity/offered of the region's requests, whatever
	// the service time distribution (throughput cannot exceed capacity).
	// 1 for a region offered nothing.
	Stable int `json:"stable"`
	// ErlangC is the fewest instances, at least Stable, with which every
	// latency target of the SLA holds for the region's own requests in the
	// M/M/c model (Poisson arrivals, exponential service of the region's
	// mean): the target minus the round trip of the farthest origin routed
	// to the region bounds the quantile of the time in the region. Since a
	// quantile over a mixture of requests is at most the largest of the
	// parts' quantiles, this is an upper bound of what a pooled target
	// needs when the model holds. 0 when no instance count makes the
	// region meet a target in that model (the round trip plus the service
	// time alone exceed it), or when the SLA names no latency target for
	// the region's requests.
	ErlangC int `json:"erlang_c"`
	// Ample is the fewest instances, at least the configured count, with
	// which the region would carry the whole offered load of every origin
	// (at the heaviest traffic surge of any scenario, every retry attempt
	// included, after its largest partial capacity_loss) at a utilization of at most AmpleUtilization
	// and a probability of waiting of at most AmpleWaitProbability: with
	// every region at Ample, queueing is negligible wherever faults send
	// the traffic, so a clause that still fails there fails for reasons no
	// instance count changes (round trips, service time, outages,
	// partitions). Capped at MaxInstances.
	Ample int `json:"ample"`
	// LatencyFloor is true when a latency target covers the region's
	// requests and the M/M/c model meets it at no count: the round trip of
	// an origin routed to the region plus the service time's quantile
	// already exceed it (ErlangC is then 0).
	LatencyFloor bool `json:"latency_floor"`
}

// CapacityBounds computes each region's closed-form bracket. The model
// must pass the static checks apart from its regions' load (a region
// overloaded at its configured count is what a capacity search starts
// from); it returns a *CheckError when it does not.
func CapacityBounds(m Model) ([]CapacityBound, error) {
	// Routing does not depend on instance counts: analyse the model with
	// every region at the largest count, so that overload is no error.
	probe := m
	probe.Regions = slices.Clone(m.Regions)
	for i := range probe.Regions {
		probe.Regions[i].Instances = MaxInstances
	}
	p, findings := analyse(probe)
	if p == nil {
		return nil, &CheckError{Findings: findings}
	}
	surge, loss := faultExtremes(p.model)
	if rp := p.model.RoutingPolicy; rp != nil && rp.Retry.MaxAttempts > 1 {
		// Every attempt of a request may land on one region.
		surge *= float64(rp.Retry.MaxAttempts)
	}
	out := make([]CapacityBound, len(m.Regions))
	for i, r := range p.model.Regions {
		r.Instances = max(m.Regions[i].Instances, 1)
		b := CapacityBound{Region: r.Name, OfferedRPS: p.offeredRPS[i]}
		perInstance := float64(r.Concurrency) * 1000 / r.ServiceTimeMs
		b.Stable = 1
		if b.OfferedRPS > 0 {
			b.Stable = min(minInstances(r, b.OfferedRPS), MaxInstances)
		}
		// Ample: the whole load, surged, on what a partial loss leaves.
		total := p.totalRPS * surge
		servers := func(n int) int { return int(math.Floor(float64(n*r.Concurrency) * (1 - loss[i]))) }
		enough := func(n int) bool {
			c := servers(n)
			a := total / (1000 / r.ServiceTimeMs)
			return c >= 1 && a <= AmpleUtilization*float64(c) && queueing.ErlangC(c, a) <= AmpleWaitProbability
		}
		n := max(r.Instances, int(math.Ceil(total/perInstance/AmpleUtilization/(1-loss[i]))))
		b.Ample = smallestFrom(n, MaxInstances, enough)
		b.ErlangC, b.LatencyFloor = erlangCInstances(p, i, b.Stable, max(b.Ample, b.Stable))
		out[i] = b
	}
	return out, nil
}

// faultExtremes returns the largest factor by which the scenarios'
// traffic surges raise the total offered load (at least 1), and per region
// the largest fraction of its servers a capacity_loss removes short of all
// of them (a loss of every server is an outage, which no count fixes).
func faultExtremes(m Model) (float64, []float64) {
	surge := 1.0
	loss := make([]float64, len(m.Regions))
	// Origins weigh their peak rate (RPS without a load profile), as the
	// total the factor multiplies does (checkedModel.totalRPS).
	peaks := make([]float64, len(m.Workload.Origins))
	total := 0.0
	for o := range m.Workload.Origins {
		peaks[o], _ = originLoad(m, o)
		total += peaks[o]
	}
	for _, sc := range m.Scenarios {
		mult := map[string]float64{}
		for _, f := range sc.Faults {
			switch f.Type {
			case FaultTrafficSurge:
				if _, ok := mult[f.Origin]; !ok {
					mult[f.Origin] = 1
				}
				mult[f.Origin] *= f.Multiplier
			case FaultCapacityLoss:
				if g := slices.IndexFunc(m.Regions, func(r Region) bool { return r.Name == f.Region }); g >= 0 && f.Fraction < 1 {
					loss[g] = max(loss[g], f.Fraction)
				}
			}
		}
		if total == 0 {
			continue
		}
		surged := 0.0
		for i, o := range m.Workload.Origins {
			k, ok := mult[o.Label()]
			if !ok {
				k = 1
			}
			surged += peaks[i] * k
		}
		surge = max(surge, surged/total)
	}
	return surge, loss
}

// erlangCInstances is CapacityBound.ErlangC for region i, searched in
// [from, upTo]: beyond the ample count queueing is negligible, so a target
// the model misses there it misses at any count.
func erlangCInstances(p *checkedModel, i, from, upTo int) (n int, floor bool) {
	m := p.model
	r := m.Regions[i]
	lambda := p.offeredRPS[i]
	if lambda == 0 {
		return 0, false
	}
	mu := 1000 / r.ServiceTimeMs
	// The slack each target leaves for the time in the region: the target
	// less the round trip of the farthest origin it covers served here.
	type need struct{ q, slackS float64 }
	var needs []need
	add := func(q float64, target *float64, origins func(o int) bool) {
		if target == nil {
			return
		}
		worst := math.Inf(-1)
		for o := range m.Workload.Origins {
			if p.route[o] == i && m.Workload.Origins[o].RPS > 0 && origins(o) {
				worst = max(worst, p.rtt[o].Ms)
			}
		}
		if !math.IsInf(worst, -1) {
			needs = append(needs, need{q, (*target - worst) / 1000})
		}
	}
	for _, l := range latencyClauses(m.SLA) {
		add(l.q, l.target, func(int) bool { return true })
	}
	for _, os := range m.SLA.Origins {
		for _, l := range latencyClauses(os.targets()) {
			add(l.q, l.target, func(o int) bool { return m.Workload.Origins[o].Label() == os.Origin })
		}
	}
	if len(needs) == 0 {
		return 0, false
	}
	meets := func(n int) bool {
		c := n * r.Concurrency
		for _, nd := range needs {
			if nd.slackS <= 0 || queueing.MMcSojournQuantile(lambda, mu, c, nd.q) > nd.slackS {
				return false
			}
		}
		return true
	}
	// With servers to spare the sojourn is the service time alone, whose
	// q-quantile is -ln(1-q)/mu: if even that misses a target, no count
	// meets it.
	for _, nd := range needs {
		if -math.Log1p(-nd.q)/mu >= nd.slackS {
			return 0, true
		}
	}
	n = smallestFrom(from, upTo, meets)
	if !meets(n) {
		return 0, true
	}
	return n, false
}

// smallestFrom is the smallest n in [from, limit] with ok(n), for ok
// monotone in n (false then true), or limit when none is.
func smallestFrom(from, limit int, ok func(int) bool) int {
	if from >= limit || ok(from) {
		return min(from, limit)
	}
	lo, hi := from, from // ok(lo) is false
	for !ok(hi) {
		if hi >= limit {
			return limit
		}
		lo, hi = hi, min(2*hi, limit)
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// OfferedRoundTripQuantileMs is the q-quantile, over the offered
// requests, of the mean round trip between each request's origin and the
// region serving it while every region is up (the static checks' routing):
// the part of a latency quantile that no instance count removes. A capacity
// search simulates first the topology where it is highest relative to its
// target, the likeliest to be blocked. It returns a *CheckError when the
// model does not pass the static checks apart from its regions' load.
func OfferedRoundTripQuantileMs(m Model, q float64) (float64, error) {
	probe := m
	probe.Regions = slices.Clone(m.Regions)
	for i := range probe.Regions {
		probe.Regions[i].Instances = MaxInstances
	}
	p, findings := analyse(probe)
	if p == nil {
		return 0, &CheckError{Findings: findings}
	}
	type mass struct{ ms, rps float64 }
	var ms []mass
	// Each origin weighs its share of the measured requests (with a load
	// profile, its rate's integral over the measured window).
	weight, total := measuredWeights(p.model)
	for o, or := range p.model.Workload.Origins {
		if or.RPS > 0 {
			ms = append(ms, mass{p.rtt[o].Ms, weight[o]})
		}
	}
	if len(ms) == 0 {
		return 0, nil
	}
	slices.SortFunc(ms, func(a, b mass) int { return cmp.Compare(a.ms, b.ms) })
	acc := 0.0
	for _, x := range ms {
		acc += x.rps
		if acc >= q*total {
			return x.ms, nil
		}
	}
	return ms[len(ms)-1].ms, nil
}
