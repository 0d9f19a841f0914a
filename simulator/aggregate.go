package simulator

import (
	"cmp"
	"math"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
)

// aggregate combines each scenario's replication results, in replication
// order, into the report: every figure is the mean of its replication
// values with a 95 % Student-t interval.
func aggregate(p *checkedModel, scenarios []Scenario, runs [][]*engine.Result) *Report {
	m := p.model
	rep := &Report{
		SchemaVersion: ReportSchemaVersion,
		Seed:          *m.Run.Seed,
		Replications:  m.Run.Replications,
		SLAMet:        true,
		StateBytes:    StateBytes(m),
	}
	for i, sc := range scenarios {
		res := scenarioResult(p, sc, runs[i])
		for _, r := range runs[i] {
			rep.SimulatedRequests += r.Issued
		}
		for _, c := range res.SLA {
			if c.Status != StatusPass {
				rep.SLAMet = false
			}
		}
		rep.Scenarios = append(rep.Scenarios, res)
	}
	return rep
}

// scenarioResult aggregates one scenario's replications.
func scenarioResult(p *checkedModel, scen Scenario, results []*engine.Result) ScenarioResult {
	m := p.model
	sc := ScenarioResult{Name: scen.Name, Config: scenarioConfig(m, scen)}
	pooled := make([]engine.Latency, len(results))
	avail := make([]float64, len(results))
	for i, r := range results {
		sc.Requests += r.Measured
		pooled[i] = r.Latency
		avail[i] = ratio(r.Succeeded, r.Measured)
	}
	sc.Latency = latencyEstimate(pooled)
	sc.Availability = ratioEstimate(avail)

	// byOrigin[o] is origin o's latency in each replication, for its
	// per-origin clauses.
	byOrigin := make([][]engine.Latency, len(m.Workload.Origins))
	for o, or := range m.Workload.Origins {
		lat := make([]engine.Latency, len(results))
		byOrigin[o] = lat
		av := make([]float64, len(results))
		res := OriginResult{
			Name:     or.Label(),
			Location: or.Location,
			ServedBy: m.Regions[p.route[o]].Name,
		}
		minLatency := math.Inf(1)
		measured, succeeded := false, false
		for i, r := range results {
			x := r.Origins[o]
			res.Requests += x.Measured
			lat[i] = x.Latency
			av[i] = ratio(x.Succeeded, x.Measured)
			measured = measured || x.Measured > 0
			if x.Succeeded > 0 {
				succeeded = true
				minLatency = math.Min(minLatency, x.Latency.Min)
			}
		}
		// A figure nothing measured is nil, not an interval [0, 0].
		if succeeded {
			l := latencyEstimate(lat)
			res.Latency = &l
		}
		if measured {
			a := ratioEstimate(av)
			res.Availability = &a
		}
		if !math.IsInf(minLatency, 1) {
			res.MinLatencyMs = minLatency
		}
		res.LatencyCDF = latencyCurve(o, results)
		res.ServedShares = servedShares(m, o, results)
		if len(res.ServedShares) > 0 {
			res.ServedBy = res.ServedShares[0].Region
		}
		sc.Origins = append(sc.Origins, res)
	}

	for g, reg := range m.Regions {
		col := func(f func(engine.RegionResult) float64) []float64 {
			xs := make([]float64, len(results))
			for i, r := range results {
				xs[i] = f(r.Regions[g])
			}
			return xs
		}
		minServers := math.MaxInt
		for _, r := range results {
			minServers = min(minServers, r.Regions[g].MinServers)
		}
		if len(results) == 0 {
			minServers = reg.Servers()
		}
		sc.Regions = append(sc.Regions, RegionResult{
			Name:          reg.Name,
			MinServers:    minServers,
			ArrivalRate:   timeEstimate(col(func(r engine.RegionResult) float64 { return r.ArrivalRate })),
			Utilization:   ratioEstimate(col(func(r engine.RegionResult) float64 { return r.Utilization })),
			RejectedRatio: ratioEstimate(col(func(r engine.RegionResult) float64 { return r.RejectedRatio })),
			MeanWait:      timeEstimate(col(func(r engine.RegionResult) float64 { return r.MeanWait })),
			MeanSojourn:   timeEstimate(col(func(r engine.RegionResult) float64 { return r.MeanSojourn })),
			P99Sojourn:    quantileEstimate(col(func(r engine.RegionResult) float64 { return r.P99Sojourn })),
			MeanInSystem:  timeEstimate(col(func(r engine.RegionResult) float64 { return r.MeanInSystem })),
			InstanceHours: instanceHours(m, g, results),
		})
	}

	reads, writes := aggregateData(p, &sc, results)
	aggregateSessions(&sc, results)
	aggregateCaches(p, &sc, results)
	sc.Timeline = aggregateTimeline(results)
	offeredTimeline(m, scen, sc.Timeline)
	aggregateAutoscaling(m, &sc, results)
	aggregateRouting(p, &sc, scen, results)
	sc.SLA = evaluateSLA(m.SLA, sc, pooled, reads, writes)
	sc.SLA = append(sc.SLA, originClauses(m.SLA, sc, byOrigin)...)
	aggregateOperations(p, &sc, results)
	sc.SLA = append(sc.SLA, operationClauses(m, sc, results)...)
	aggregateCost(p, &sc, results)
	sc.SLA = append(sc.SLA, costClauses(m.SLA, sc)...)
	return sc
}

// servedShares is, for each region that served some of origin o's
// successful measured requests, its share of them: per replication
// served / succeeded (NaN, left out, in a replication where none
// succeeded), then the mean and t interval across replications. Largest
// mean share first, report order on a tie, so that the order, like every
// figure, depends on the model and seed alone.
func servedShares(m Model, o int, results []*engine.Result) []RegionShare {
	var out []RegionShare
	for g, reg := range m.Regions {
		xs := make([]float64, len(results))
		served := false
		for i, r := range results {
			x := r.Origins[o]
			xs[i] = ratio(x.Served[g], x.Succeeded)
			served = served || x.Served[g] > 0
		}
		if served {
			out = append(out, RegionShare{Region: reg.Name, Share: ratioEstimate(xs)})
		}
	}
	slices.SortStableFunc(out, func(a, b RegionShare) int { return cmp.Compare(b.Share.Mean, a.Share.Mean) })
	return out
}

// aggregateData fills the data layer's figures (zero without replica sets)
// and returns the per-replication read and write latencies for the SLA.
func aggregateData(p *checkedModel, sc *ScenarioResult, results []*engine.Result) (reads, writes []engine.Latency) {
	m := p.model
	if len(m.ReplicaSets) == 0 {
		return nil, nil
	}
	n := len(results)
	reads = make([]engine.Latency, n)
	writes = make([]engine.Latency, n)
	wavail := make([]float64, n)
	stale := make([]float64, n)
	lagP99 := make([]float64, n)
	lost := make([]float64, n)
	rpo := make([]float64, n)
	conflict := make([]float64, n)
	for i, r := range results {
		reads[i], writes[i] = r.ReadLatency, r.WriteLatency
		wavail[i] = ratio(r.WritesOK, r.Writes)
		var nRead, nStale, nCommit, nConflict, nLost int64
		worstLag, worstRPO := math.NaN(), 0.0
		for si, sr := range r.Sets {
			nRead += sr.Reads + sr.StrongReads
			nStale += sr.StaleReads
			nCommit += sr.Committed
			nConflict += sr.Conflicts
			nLost += sr.LostWrites
			worstRPO = math.Max(worstRPO, sr.RPOMs)
			for _, j := range reportedFollowers(m.ReplicaSets[si]) {
				if l := sr.Lag[j].P99; !math.IsNaN(l) && !(l <= worstLag) {
					worstLag = l
				}
			}
		}
		stale[i] = ratio(nStale, nRead)
		lagP99[i] = worstLag
		lost[i] = float64(nLost)
		sc.lostMax = max(sc.lostMax, nLost)
		rpo[i] = worstRPO
		conflict[i] = ratio(nConflict, nCommit)
	}
	sc.ReadLatency = latencyEstimate(reads)
	sc.WriteLatency = latencyEstimate(writes)
	sc.WriteAvailability = ratioEstimate(wavail)
	sc.StaleReadRatio = ratioEstimate(stale)
	sc.ReplicationLagP99 = quantileEstimate(lagP99)
	sc.LostWrites = timeEstimate(lost)
	sc.RPOMs = timeEstimate(rpo)
	sc.ConflictRatio = ratioEstimate(conflict)
	for si, rs := range m.ReplicaSets {
		col := func(f func(engine.SetResult) float64) []float64 {
			xs := make([]float64, n)
			for i, r := range results {
				xs[i] = f(r.Sets[si])
			}
			return xs
		}
		commits := make([]engine.Latency, n)
		for i, r := range results {
			commits[i] = r.Sets[si].Commit
		}
		res := ReplicaSetResult{
			Name:          rs.Name,
			Replication:   rs.Replication,
			CommitLatency: latencyEstimate(commits),
			StaleReadRatio: ratioEstimate(col(func(s engine.SetResult) float64 {
				return ratio(s.StaleReads, s.Reads+s.StrongReads)
			})),
			LostWrites:        timeEstimate(col(func(s engine.SetResult) float64 { return float64(s.LostWrites) })),
			RPOMs:             timeEstimate(col(func(s engine.SetResult) float64 { return s.RPOMs })),
			Conflicts:         timeEstimate(col(func(s engine.SetResult) float64 { return float64(s.Conflicts) })),
			LostUpdates:       timeEstimate(col(func(s engine.SetResult) float64 { return float64(s.LostUpdates) })),
			Merges:            timeEstimate(col(func(s engine.SetResult) float64 { return float64(s.Merges) })),
			WriteUnavailableS: timeEstimate(col(func(s engine.SetResult) float64 { return s.UnavailableMs / 1000 })),
			Failovers:         timeEstimate(col(func(s engine.SetResult) float64 { return float64(s.Failovers) })),
			SplitBrainWrites:  timeEstimate(col(func(s engine.SetResult) float64 { return float64(s.SplitBrainWrites) })),
		}
		for _, j := range reportedFollowers(rs) {
			res.Followers = append(res.Followers, FollowerResult{
				Region: rs.Regions[j],
				LagP50: quantileEstimate(col(func(s engine.SetResult) float64 { return s.Lag[j].P50 })),
				LagP99: quantileEstimate(col(func(s engine.SetResult) float64 { return s.Lag[j].P99 })),
				LagMax: timeEstimate(col(func(s engine.SetResult) float64 { return s.Lag[j].Max })),
			})
		}
		// The parts of the loss, only where there is one: a set that lost
		// nothing reports as it did before they existed.
		if slices.ContainsFunc(results, func(r *engine.Result) bool { return r.Sets[si].LostWrites > 0 }) {
			failover := timeEstimate(col(func(s engine.SetResult) float64 { return float64(s.LostAtFailover) }))
			heal := timeEstimate(col(func(s engine.SetResult) float64 { return float64(s.LostAtHeal) }))
			res.LostAtFailover, res.LostAtHeal = &failover, &heal
		}
		aggregateSetSignals(m, si, &res, results)
		sc.ReplicaSets = append(sc.ReplicaSets, res)
	}
	return reads, writes
}

// reportedFollowers are the replicas whose lag a set reports: every one
// but the configured leader (which only follows after a failover), and
// every replica of a multi_leader set.
func reportedFollowers(rs ReplicaSet) []int {
	var out []int
	for j, r := range rs.Regions {
		if rs.Replication == ReplicationMultiLeader || r != rs.Leader {
			out = append(out, j)
		}
	}
	return out
}

// ratio is a/b as a replication value, NaN (left out of the interval) when
// nothing was measured.
func ratio(a, b int64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// estimate converts an interval to the report's type.
func estimate(iv stats.Interval) Estimate {
	return Estimate{Mean: iv.Mean, Low: iv.Low, High: iv.High}
}

// timeEstimate is the interval of a non-negative quantity (a time, a rate,
// a count): a t interval around a mean near 0 would otherwise go negative.
func timeEstimate(xs []float64) Estimate {
	return estimate(stats.MeanCI(xs).Clamp(0, math.MaxFloat64))
}

// ratioEstimate is the interval of a fraction, clamped to [0, 1].
func ratioEstimate(xs []float64) Estimate {
	return estimate(stats.MeanCI(xs).Clamp(0, 1))
}

// quantileEstimate is the interval of a quantile read from a sketch. The
// t interval covers the variation between replications; the sketch adds
// its own error, at most stats.RelativeAccuracy of the exact sample
// quantile, in the same direction in every replication when they agree to
// within a bin (near the upper quantiles of long runs all replications can
// land in one bin, and the t interval collapses to a point). So the bounds
// are widened to what the sketch values allow for the exact quantile,
// [Low/(1+a), High/(1-a)]: a 0.5 % margin that keeps an SLA verdict from
// resting on the sketch's rounding.
func quantileEstimate(xs []float64) Estimate {
	e := timeEstimate(xs)
	e.Low /= 1 + stats.RelativeAccuracy
	e.High /= 1 - stats.RelativeAccuracy
	return e
}

// latencyEstimate is the interval of each latency figure.
func latencyEstimate(ls []engine.Latency) Latency {
	pick := func(f func(engine.Latency) float64, est func([]float64) Estimate) Estimate {
		xs := make([]float64, len(ls))
		for i, l := range ls {
			xs[i] = f(l)
		}
		return est(xs)
	}
	return Latency{
		Mean: pick(func(l engine.Latency) float64 { return l.Mean }, timeEstimate),
		P50:  pick(func(l engine.Latency) float64 { return l.P50 }, quantileEstimate),
		P95:  pick(func(l engine.Latency) float64 { return l.P95 }, quantileEstimate),
		P99:  pick(func(l engine.Latency) float64 { return l.P99 }, quantileEstimate),
		P999: pick(func(l engine.Latency) float64 { return l.P999 }, quantileEstimate),
	}
}

// aggregateCaches fills the cache figures: the scenario's hit ratio, and
// per tier each region's hit and stale-hit ratios and the hit and miss
// latencies.
func aggregateCaches(p *checkedModel, sc *ScenarioResult, results []*engine.Result) {
	m := p.model
	if len(m.CacheTiers) == 0 {
		return
	}
	n := len(results)
	hit := make([]float64, n)
	for i, r := range results {
		var lookups, hits int64
		for _, c := range r.Caches {
			lookups += c.Lookups
			hits += c.Hits
		}
		hit[i] = ratio(hits, lookups)
	}
	sc.CacheHitRatio = ratioEstimate(hit)
	first := 0
	for ti, t := range m.CacheTiers {
		res := CacheTierResult{Name: t.Name, WritePolicy: t.WritePolicy}
		hits := make([]engine.Latency, n)
		misses := make([]engine.Latency, n)
		for i, r := range results {
			if ti < len(r.Tiers) {
				hits[i], misses[i] = r.Tiers[ti].Hit, r.Tiers[ti].Miss
			}
		}
		res.HitLatency = latencyEstimate(hits)
		res.MissLatency = latencyEstimate(misses)
		for c, region := range t.Regions {
			hr := make([]float64, n)
			stale := make([]float64, n)
			hitLat := make([]engine.Latency, n)
			missLat := make([]engine.Latency, n)
			for i, r := range results {
				if k := first + c; k < len(r.Caches) {
					x := r.Caches[k]
					hr[i] = ratio(x.Hits, x.Lookups)
					stale[i] = ratio(x.StaleHits, x.Hits)
					hitLat[i], missLat[i] = x.Hit, x.Miss
				} else {
					hr[i], stale[i] = math.NaN(), math.NaN()
					hitLat[i], missLat[i] = nanLatency(), nanLatency()
				}
			}
			res.Regions = append(res.Regions, CacheRegionResult{
				Region:        region,
				HitRatio:      ratioEstimate(hr),
				StaleHitRatio: ratioEstimate(stale),
				HitLatency:    latencyEstimate(hitLat),
				MissLatency:   latencyEstimate(missLat),
			})
		}
		first += len(t.Regions)
		sc.CacheTiers = append(sc.CacheTiers, res)
	}
}

// nanLatency is a replication's latency with nothing measured.
func nanLatency() engine.Latency {
	nan := math.NaN()
	return engine.Latency{Mean: nan, P50: nan, P95: nan, P99: nan, P999: nan, Min: nan}
}

// aggregateTimeline merges the replications' timelines point by point:
// counts are averaged, ratios are pooled (the sum of successes, or hits,
// over the sum of requests, or lookups, of every replication), and the p99
// is the mean of the replications' p99s over those that had a successful
// request in that step. A figure with nothing to measure is 0. Every
// replication has the same steps, so the merge is exact and in index
// order: deterministic.
func aggregateTimeline(results []*engine.Result) []TimelinePoint {
	if len(results) == 0 {
		return nil
	}
	steps := len(results[0].Timeline)
	out := make([]TimelinePoint, steps)
	for k := 0; k < steps; k++ {
		var issued, ok, lookups, hits int64
		p99, p99n := 0.0, 0
		for _, r := range results {
			if k >= len(r.Timeline) {
				continue
			}
			x := r.Timeline[k]
			issued += x.Issued
			ok += x.OK
			lookups += x.Lookups
			hits += x.Hits
			if !math.IsNaN(x.P99) {
				p99 += x.P99
				p99n++
			}
		}
		pt := TimelinePoint{
			TimeS:    results[0].Timeline[k].TimeMs / 1000,
			StepS:    results[0].Timeline[k].StepMs / 1000,
			Requests: float64(issued) / float64(len(results)),
		}
		if pt.StepS > 0 {
			pt.RPS = pt.Requests / pt.StepS
		}
		if issued > 0 {
			pt.SuccessRatio = float64(ok) / float64(issued)
		}
		if p99n > 0 {
			pt.P99Ms = p99 / float64(p99n)
		}
		if lookups > 0 {
			pt.CacheHitRatio = float64(hits) / float64(lookups)
		}
		if results[0].Routing != nil {
			var attempts int64
			regions := make([]float64, len(results[0].Timeline[k].RegionAttempts))
			for _, r := range results {
				if k >= len(r.Timeline) {
					continue
				}
				attempts += r.Timeline[k].Attempts
				for g, a := range r.Timeline[k].RegionAttempts {
					regions[g] += float64(a)
				}
			}
			pt.Attempts = float64(attempts) / float64(len(results))
			for g := range regions {
				regions[g] /= float64(len(results))
			}
			pt.RegionAttempts = regions
		}
		aggregateSignalTimeline(&pt, results, k)
		out[k] = pt
	}
	return out
}
