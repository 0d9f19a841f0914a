package simulator

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// This file holds the checks that need the routes: where each origin's
// requests go, the load that puts on each region, and what physics and
// capacity then rule out.

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
	p.meanRPS = make([]float64, len(m.Regions))
	for o := range m.Workload.Origins {
		best := -1
		var bestRTT geo.RTT
		for r := range m.Regions {
			rtt := geo.RoundTrip(p.originLoc[o], p.regionLoc[r])
			if best < 0 || rtt.Ms < bestRTT.Ms {
				best, bestRTT = r, rtt
			}
		}
		rps, mean := originLoad(m, o)
		p.totalRPS += rps
		p.totalMeanRPS += mean
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
					p.meanRPS[g] += mean * w.Weight / total
				}
				continue
			}
		}
		p.route[o], p.rtt[o] = best, bestRTT
		p.offeredRPS[best] += rps
		p.meanRPS[best] += mean
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
		// With load profiles offered is the peak over the run; sustained,
		// the mean, is what an unbounded queue cannot carry for good.
		// Without, they are equal.
		sustained := p.meanRPS[i]
		switch {
		case r.QueueLimit == 0 && sustained < capacity && rho >= 1:
			c.warnf(instancesPath(r, i),
				fmt.Sprintf("region %s is overloaded at its peak: up to %s rps against capacity %s rps (utilization %.2f at the peak, %.2f on average over the run)", r.Name, num(offered), num(capacity), rho, sustained/capacity),
				"the load profiles of the origins it serves (%s) rise above its capacity: while they do, its backlog grows by up to %s requests per second, and drains once they fall back; expect latency to climb through the peak. Raise %s to at least %d to carry the peak.",
				from, num(offered-capacity), instancesName(r), minInstances(r, offered))
		case r.QueueLimit == 0 && rho >= 1:
			if sustained != offered {
				offered, rho = sustained, sustained/capacity
			}
			unboundedOverload = true
			c.errorf(instancesPath(r, i),
				fmt.Sprintf("region %s is overloaded: offered %s rps against capacity %s rps (utilization %.2f); add instances, or set queue_limit to simulate admission control", r.Name, num(offered), num(capacity), rho),
				"region %s serves %s (the nearest region by RTT); %d instances x %d concurrency / %s ms = %s rps. With an unbounded queue the backlog grows forever and there is no steady state to simulate. Raise %s to at least %d, lower service_time_ms, or set queue_limit so that excess requests are rejected.",
				r.Name, from, r.peakInstances(), r.Concurrency, num(r.ServiceTimeMs), num(capacity), instancesName(r), minInstances(r, offered))
		case rho >= 1 && sustained != offered:
			// The reject bound assumes a constant rate; a profile's
			// peak is said as such.
			c.warnf(instancesPath(r, i),
				fmt.Sprintf("region %s is overloaded at its peak: up to %s rps against capacity %s rps (utilization %.2f at the peak, %.2f on average over the run)", r.Name, num(offered), num(capacity), rho, sustained/capacity),
				"while the load profiles of the origins it serves (%s) are above its capacity, its queue_limit of %d rejects what the queue cannot hold; raise %s to at least %d to serve the peak", from, r.QueueLimit, instancesName(r), minInstances(r, offered))
		case rho >= 1:
			window := *m.Run.DurationS - *m.Run.WarmupS
			c.warnf(instancesPath(r, i),
				fmt.Sprintf("region %s is overloaded: offered %s rps against capacity %s rps (utilization %.2f)", r.Name, num(offered), num(capacity), rho),
				"%s; raise %s to at least %d to serve them all", overloadBoundText(r, offered, window), instancesName(r), minInstances(r, offered))
		case rho >= HeavyTrafficUtilization && r.QueueLimit == 0:
			c.warnf(instancesPath(r, i),
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
			fmt.Sprintf("no routing can carry this load: %s; add instances or regions for at least %s rps more", totalShortfallText(m, p.totalRPS), num(p.totalRPS-totalCap)))
	}
}

// OverloadRejectBound is the least expected share of a bounded region's
// arrivals in the measured window (windowS seconds, after the warm-up)
// that its full queue rejects, when it is offered offered rps: the bound
// the overload warning states, so that it never contradicts a run.
//
// Requests accepted in the window are at most those its servers complete
// in it plus those still in the region when it ends. With c servers and
// mean service S, one server completes in T at most 1 (the service under
// way when the window opens) plus the renewals of T, at most T/S + cv2 by
// Lorden's inequality (cv2 the squared coefficient of variation of the
// service time: 1 exponential, 0 deterministic, exp(sigma^2) - 1
// lognormal); at most c + queue_limit are in the region at the end, and
// those are served after arrivals stop, successfully. So the accepted
// are at most capacity x T + c (2 + cv2) + queue_limit, and the rejected
// share at least 1 - that / (offered x T), which tends to 1 - 1/rho, the
// excess over capacity, only as the window grows. It assumes the region
// keeps receiving the offered load all through the window (retries only
// add to it; a routing policy that moves traffic away lowers it); 0 when
// the queue can absorb the whole window's excess.
func OverloadRejectBound(r Region, offered, windowS float64) float64 {
	if !(offered > 0) || !(windowS > 0) {
		return 0
	}
	accepted := r.CapacityRPS()*windowS + float64(r.peakServers())*(2+serviceSCV(r)) + float64(r.QueueLimit)
	return math.Max(0, 1-accepted/(offered*windowS))
}

// serviceSCV is the squared coefficient of variation of a region's
// service time.
func serviceSCV(r Region) float64 {
	switch r.ServiceTimeDistribution {
	case DistDeterministic:
		return 0
	case DistLognormal:
		s := variate.LognormalSigma(r.ServiceTimeP99OverP50)
		return math.Expm1(s * s)
	}
	return 1
}

// overloadBoundText says what a bounded overloaded region's queue rejects
// in the run, and the assumptions of that bound (OverloadRejectBound).
func overloadBoundText(r Region, offered, windowS float64) string {
	rho := offered / r.CapacityRPS()
	bound := OverloadRejectBound(r, offered, windowS)
	head := fmt.Sprintf("in the %s s measured window its queue_limit of %d rejects at least %.1f %% of its arrivals "+
		"(at most capacity x window + %d servers x (2 + service-time cv^2) + queue_limit = %s of the %s expected arrivals can be accepted; "+
		"the requests still queued when arrivals stop are served after, successfully)",
		num(windowS), r.QueueLimit, 100*bound, r.peakServers(), num(offered*windowS*(1-bound)), num(offered*windowS))
	if bound == 0 {
		head = fmt.Sprintf("in the %s s measured window its queue_limit of %d can absorb the excess, so the run may reject "+
			"none of its arrivals, though the queue keeps growing", num(windowS), r.QueueLimit)
	}
	return head + fmt.Sprintf("; a longer run rejects a share tending to %.1f %%, the excess over capacity. This assumes the region "+
		"receives the offered load all through the window (retries add to it; failover away from it lowers it)", 100*(1-1/rho))
}

// totalShortfallText says how many requests must fail when the total
// offered load exceeds the total capacity: in a long run the excess over
// capacity; within the measured window, with every queue bounded, the
// same bound as OverloadRejectBound over all regions together (queues
// absorb part of the excess, served after arrivals stop).
func totalShortfallText(m Model, totalRPS float64) string {
	window := *m.Run.DurationS - *m.Run.WarmupS
	longRun := 0.0
	absorb := 0.0
	bounded := true
	for _, r := range m.Regions {
		longRun += r.CapacityRPS()
		absorb += float64(r.peakServers())*(2+serviceSCV(r)) + float64(r.QueueLimit)
		bounded = bounded && r.QueueLimit > 0
	}
	text := fmt.Sprintf("in a long run at least %.1f %% of requests fail, the excess over capacity", 100*(1-longRun/totalRPS))
	if bounded && window > 0 {
		share := math.Max(0, 1-(longRun*window+absorb)/(totalRPS*window))
		text += fmt.Sprintf("; in the %s s measured window at least %.1f %% (the queues absorb part of the excess, and what they hold when arrivals stop is served after)",
			num(window), 100*share)
	}
	return text
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
// An origin whose fiber-floor round trip to every region that may serve it
// (every region; with a valid routing policy, those it may ever route the
// origin to, see mayRoute) is at or above a target T never sees a response
// within T: every one of its requests crosses that distance twice, plus
// service. No setting changes that: a full queue (queue_limit) rejects
// requests and a timeout fails them, which only removes requests; it never
// makes the ones that succeed faster.
//
// A per-origin target (SLA.Origins) at or below its origin's floor is
// therefore an error: that origin's quantile is over its own successful
// requests, every one of them slower than the target, so the clause fails
// whatever else happens (and fails too when none succeeds).
//
// A global target is a q-quantile over every origin's successful requests,
// so whether a far origin dooms it depends on its share. The rule: it is an
// error when the origins that can never meet T together send a share f of
// the offered load above 1-q, whatever queue_limit or request_timeout_ms
// say. Were every request served, their share of the successful requests
// would be f and the quantile above T. Failures can lower that share only by
// failing the far clients themselves: with the other origins' requests all
// served, the clause could pass only if at least 1 - (1-q)(1-f)/(q f) of
// the far origins' requests failed (all of them when f = 1, and then the
// clause fails anyway), a latency met by not serving the slow clients,
// which the finding quantifies. A far origin with 30 % of the traffic thus
// dooms p95, p99 and p99.9 but not p50 (the near origins may still make the
// median). A far origin within the share a quantile allows to be slower is
// a warning: the pooled clause may pass, but no client of that origin ever
// sees the target (a per-origin target for it would be an error).
func checkFiberFloor(c *checker, p *checkedModel, routingOK bool) {
	m := p.model
	if p.totalRPS == 0 {
		return
	}
	floors := make([]originFloor, len(m.Workload.Origins))
	for o := range m.Workload.Origins {
		floors[o] = floorOf(p, o, routingOK)
	}
	// Shares of the measured requests: with load profiles, of the rates'
	// integrals over the measured window (check_load_profile.go).
	weight, total := measuredWeights(m)
	for _, l := range latencyClauses(m.SLA) {
		if l.target == nil {
			continue
		}
		target := *l.target
		var fars []int
		farShare := 0.0
		for o, or := range m.Workload.Origins {
			if or.RPS > 0 && floors[o].ms >= target {
				fars = append(fars, o)
				farShare += weight[o] / total
			}
		}
		doomed := farShare > 1-l.q
		for _, o := range fars {
			or := m.Workload.Origins[o]
			f := floors[o]
			path := "sla." + l.name
			summary := floorSummary(path, target, or, f)
			where := floorWhere(p, o, f)
			share := fmt.Sprintf("The origin sends %.1f %% of all requests", 100*weight[o]/total)
			if len(fars) > 1 {
				share += fmt.Sprintf(" (origins that can never meet the target together %.1f %%)", 100*farShare)
			}
			if !doomed {
				c.warnf(path, summary,
					"%s. %s, within the %s %% a %s target allows to be slower, so the pooled clause may still pass, but no client of this origin ever sees the target. %s",
					where, share, num(100*(1-l.q)), quantileName(l.q), floorFix(target, or))
				continue
			}
			// The least fraction of the far origins' requests that must
			// fail for their successful share to be within 1-q.
			mustFail := 1 - (1-l.q)*(1-farShare)/(l.q*farShare)
			cannot := "so the clause cannot pass: every request comes from an origin that cannot meet it"
			if mustFail < 1 {
				whose := "this origin's"
				if len(fars) > 1 {
					whose = "those origins'"
				}
				cannot = fmt.Sprintf("so the clause cannot pass unless at least %.1f %% of %s requests fail: rejections (queue_limit) and timeouts only remove requests, they never make the ones that succeed faster", 100*mustFail, whose)
			}
			c.errorf(path, summary, "%s. %s, more than the %s %% a %s target allows to be slower, %s. %s",
				where, share, num(100*(1-l.q)), quantileName(l.q), cannot, floorFix(target, or))
		}
	}
	// Per-origin targets: their own requests only, all of them far.
	for i, os := range m.SLA.Origins {
		o := slices.IndexFunc(m.Workload.Origins, func(or Origin) bool { return or.Label() == os.Origin })
		if o < 0 || m.Workload.Origins[o].RPS == 0 {
			continue
		}
		or, f := m.Workload.Origins[o], floors[o]
		for _, l := range latencyClauses(os.targets()) {
			if l.target == nil || f.ms < *l.target {
				continue
			}
			path := fmt.Sprintf("sla.origins[%d].%s", i, l.name)
			c.errorf(path, floorSummary(path, *l.target, or, f),
				"%s. The clause is over this origin's requests only, so none of those that succeed can meet it and it cannot pass, whatever queue_limit or timeouts say. %s",
				floorWhere(p, o, f), floorFix(*l.target, or))
		}
	}
	checkOperationFloors(c, p, floors)
}

// originFloor is an origin's smallest fiber-floor round trip to a region
// that may serve it: ms to region nearest; restricted is true when a
// routing policy rules out some regions.
type originFloor struct {
	nearest    int
	ms         float64
	restricted bool
}

// floorOf is origin o's floor. With a valid routing policy only the
// regions it may route o to count.
func floorOf(p *checkedModel, o int, routingOK bool) originFloor {
	m := p.model
	f := originFloor{nearest: -1, ms: math.Inf(1)}
	for r, reg := range m.Regions {
		if rp := m.RoutingPolicy; rp != nil && routingOK && !mayRoute(rp, m.Workload.Origins[o], reg.Name) {
			f.restricted = true
			continue
		}
		if ms := geo.FloorRTTMs(p.originLoc[o], p.regionLoc[r]); ms < f.ms {
			f.nearest, f.ms = r, ms
		}
	}
	if f.nearest < 0 { // the policy routes o nowhere (Check refuses it): every region counts
		return floorOf(p, o, false)
	}
	return f
}

// floorSummary is the summary of a target at path below an origin's floor.
func floorSummary(path string, target float64, or Origin, f originFloor) string {
	every := "every region"
	if f.restricted {
		every = "every region the routing policy may send it to"
	}
	return fmt.Sprintf("%s = %s ms is below the physical floor: origin %s is at least %.1f ms round trip (fiber floor) from %s; raise the target or add a region nearer the origin",
		path, num(target), or.Label(), f.ms, every)
}

// floorWhere says where the floor comes from: the nearest region that may
// serve the origin, its distance and the light's round trip.
func floorWhere(p *checkedModel, o int, f originFloor) string {
	return fmt.Sprintf("the nearest region that may serve it is %s, %s km away: light in fiber needs %.1f ms there and back, before any queueing or service",
		p.model.Regions[f.nearest].Name, num(geo.DistanceKm(p.originLoc[o], p.regionLoc[f.nearest])), f.ms)
}

// floorFix says how to make a target possible for an origin: a target
// above the floor, or a region within the distance light covers there and
// back within the target.
func floorFix(target float64, or Origin) string {
	return fmt.Sprintf("To fix it, raise the target well above the floor (queueing and service come on top), or serve the origin from a region closer than %s km to %s: light in fiber covers that distance there and back in %s ms.",
		num(target*geo.FiberKmPerMs/2), or.Label(), num(target))
}

// checkHeadroom warns when the load cannot be carried with the largest
// region lost (no N+1 headroom), giving the numbers.
func checkHeadroom(c *checker, p *checkedModel) {
	m := p.model
	if len(m.Regions) < 2 || p.totalRPS == 0 {
		return
	}
	total, largest, li := 0.0, 0.0, 0
	for i, r := range m.Regions {
		capacity := r.CapacityRPS()
		total += capacity
		if capacity > largest {
			largest, li = capacity, i
		}
	}
	if rest := total - largest; p.totalRPS > rest {
		c.warnf("regions", fmt.Sprintf("no N+1 headroom: without region %s the other regions' capacity of %s rps is below the offered load of %s rps", m.Regions[li].Name, num(rest), num(p.totalRPS)),
			"if %s fails, at least %.1f %% of requests cannot be served until it is back; add about %s rps of capacity (instances) to the other regions to survive the loss of any one region",
			m.Regions[li].Name, 100*(1-rest/p.totalRPS), num(p.totalRPS-rest))
	}
}
