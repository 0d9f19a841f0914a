package simulator

import (
	"math"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// evaluateSLA judges each SLA clause of a scenario on its 95 % interval:
// pass when the whole interval meets the target, fail when the whole
// interval misses it, marginal when it straddles the target. Clauses come in
// a fixed order (p50, p95, p99, p99.9, availability, then the data
// layer's: read and write p99, replication lag p99, RPO, stale-read
// ratio, conflict ratio; then the routing layer's: RTO and sovereignty).
//
// A latency clause also fails when some replication had no successful
// request at all: its quantile is undefined, and a replication in which
// nothing succeeded certainly did not meet a latency target. That only
// happens when every measured request was rejected. An rpo_ms target of
// 0 is judged by the worst replication, not the interval: it fails when
// any replication lost a write (rpoStatus).
func evaluateSLA(s SLA, sc ScenarioResult, pooled, reads, writes []engine.Latency) []ClauseResult {
	var out []ClauseResult
	missing := false
	for _, l := range pooled {
		if math.IsNaN(l.Mean) {
			missing = true
		}
	}
	figures := map[string]Estimate{
		"latency_p50_ms":  sc.Latency.P50,
		"latency_p95_ms":  sc.Latency.P95,
		"latency_p99_ms":  sc.Latency.P99,
		"latency_p999_ms": sc.Latency.P999,
	}
	for _, l := range latencyClauses(s) {
		if l.target == nil {
			continue
		}
		e := figures[l.name]
		c := clause(l.name, *l.target, e, upperBound(*l.target, e))
		if missing {
			c.Status = StatusFail
		}
		out = append(out, c)
	}
	if s.Availability != nil {
		e := sc.Availability
		out = append(out, clause("availability", *s.Availability, e, lowerBound(*s.Availability, e)))
	}
	// The data layer's clauses are all upper bounds. A read or write
	// latency clause fails, like the pooled ones, when some replication
	// had no successful read (write); the others are 0 without a replica
	// set (Check warns).
	figures = map[string]Estimate{
		"read_latency_p99_ms":    sc.ReadLatency.P99,
		"write_latency_p99_ms":   sc.WriteLatency.P99,
		"replication_lag_p99_ms": sc.ReplicationLagP99,
		"rpo_ms":                 sc.RPOMs,
		"stale_read_ratio":       sc.StaleReadRatio,
		"conflict_ratio":         sc.ConflictRatio,
	}
	for _, d := range dataClauses(s) {
		if d.target == nil {
			continue
		}
		e := figures[d.name]
		c := clause(d.name, *d.target, e, upperBound(*d.target, e))
		if (d.name == "read_latency_p99_ms" && anyMissing(reads)) || (d.name == "write_latency_p99_ms" && anyMissing(writes)) {
			c.Status = StatusFail
		}
		if d.name == "rpo_ms" {
			c.Status = rpoStatus(*d.target, sc) // rpo_ms = 0: fails on any lost write
		}
		out = append(out, c)
	}
	return append(out, routingClauses(s, sc)...)
}

// routingClauses are the clauses of the routing layer: rto_s in each
// scenario with faults (it fails when a replication did not recover while
// the faults lasted, whatever its interval says), and, with a routing
// policy and allowed jurisdictions, sovereignty_violations in every
// scenario, which fails on the first violating request.
func routingClauses(s SLA, sc ScenarioResult) []ClauseResult {
	rr := sc.Routing
	if rr == nil {
		return nil
	}
	var out []ClauseResult
	if s.RTOS != nil && sc.Name != BaselineScenario {
		c := clause("rto_s", *s.RTOS, rr.RTOS, upperBound(*s.RTOS, rr.RTOS))
		if !rr.Recovered {
			c.Status = StatusFail
		}
		out = append(out, c)
	}
	if rr.sovereignty {
		// The interval is the t interval over replications, as every
		// other; the verdict is not: one violating request fails it.
		status := StatusPass
		if len(rr.SovereigntyViolations) > 0 {
			status = StatusFail
		}
		c := clause("sovereignty_violations", 0, rr.violations, status)
		out = append(out, c)
	}
	return out
}

// anyMissing reports whether some replication had no successful request
// of the kind (with replica sets; nil means there are none).
func anyMissing(ls []engine.Latency) bool {
	for _, l := range ls {
		if math.IsNaN(l.Mean) {
			return true
		}
	}
	return false
}

// notMeasured is the clause of a target whose figure nothing measured: it
// fails (a target nothing shows to be met is not met; passing it would
// leave the gate open), and says why rather than showing 0.
func notMeasured(name string, target float64) ClauseResult {
	return ClauseResult{Clause: name, Target: target, Status: StatusFail, NotMeasured: true}
}

func clause(name string, target float64, e Estimate, status string) ClauseResult {
	return ClauseResult{Clause: name, Target: target, Observed: e.Mean, Low: e.Low, High: e.High, Status: status}
}

// upperBound judges a target the figure must stay at or under (latency).
func upperBound(target float64, e Estimate) string {
	switch {
	case e.High <= target:
		return StatusPass
	case e.Low > target:
		return StatusFail
	default:
		return StatusMarginal
	}
}

// lowerBound judges a target the figure must reach (availability).
func lowerBound(target float64, e Estimate) string {
	switch {
	case e.Low >= target:
		return StatusPass
	case e.High < target:
		return StatusFail
	default:
		return StatusMarginal
	}
}

// originClauses are the clauses of the per-origin targets (SLA.Origins),
// which follow the global ones: for each entry in order, its latency
// quantiles (p50, p95, p99, p99.9) then its availability, each judged as
// the global clause of the same name is but on that origin's own figures
// and intervals (its OriginResult), with Origin set to its label. A latency
// clause fails, as a global one does, when some replication had no
// successful request of the origin. byOrigin[o] holds origin o's latency in
// each replication.
func originClauses(s SLA, sc ScenarioResult, byOrigin [][]engine.Latency) []ClauseResult {
	var out []ClauseResult
	for _, os := range s.Origins {
		o := slices.IndexFunc(sc.Origins, func(r OriginResult) bool { return r.Name == os.Origin })
		if o < 0 {
			continue // Check refuses an origin that is not declared
		}
		res := sc.Origins[o]
		for _, c := range populationClauses(os.targets(), res.Latency, res.Availability, byOrigin[o]) {
			c.Origin = os.Origin
			out = append(out, c)
		}
	}
	return out
}

// populationClauses judges the latency and availability targets of t on
// one population's own figures (an origin's, or an operation's): each
// quantile target on lat, failed as a global clause is when some
// replication had no successful request (perRep), and availability on
// avail; a figure nothing measured gives a not-measured clause.
func populationClauses(t SLA, lat *Latency, avail *Estimate, perRep []engine.Latency) []ClauseResult {
	var out []ClauseResult
	var figures map[string]Estimate
	if lat != nil {
		figures = map[string]Estimate{
			"latency_p50_ms":  lat.P50,
			"latency_p95_ms":  lat.P95,
			"latency_p99_ms":  lat.P99,
			"latency_p999_ms": lat.P999,
		}
	}
	for _, l := range latencyClauses(t) {
		if l.target == nil {
			continue
		}
		c := notMeasured(l.name, *l.target)
		if e, ok := figures[l.name]; ok {
			c = clause(l.name, *l.target, e, upperBound(*l.target, e))
			if anyMissing(perRep) {
				c.Status = StatusFail
			}
		}
		out = append(out, c)
	}
	if t.Availability != nil {
		c := notMeasured("availability", *t.Availability)
		if avail != nil {
			c = clause("availability", *t.Availability, *avail, lowerBound(*t.Availability, *avail))
		}
		out = append(out, c)
	}
	return out
}
