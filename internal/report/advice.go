package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// clauseKind says how to read and fix one kind of SLA clause.
type clauseKind struct {
	// lowerBound is true when the target is a minimum (availability);
	// otherwise it is a maximum.
	lowerBound bool
	unit       string
	// quantile picks the matching latency figure of an origin, for latency
	// clauses only.
	quantile func(simulator.Latency) simulator.Estimate
	// replicaSet is true for clauses measured on replica sets, whose
	// failure lists what each replica set measured.
	replicaSet bool
	// routing is true for clauses measured by the routing policy, whose
	// failure lists how each fault was detected.
	routing bool
	fix     string
}

// latencyFix is the advice for a failed latency clause of a report without
// region figures; with them, latencyAdvice names the regions that queue
// and their figures, or says that none does.
const latencyFix = "to lower latency, add capacity (instances or concurrency) to the busiest regions, " +
	"serve distant origins from a closer region, or relax the target"

// kindOf knows the clauses of simulator.SLA by name and falls back on the
// naming convention (…_ms, …_s, …_ratio are upper bounds) so that a clause
// added to the simulator is still rendered sensibly.
func kindOf(clause string) clauseKind {
	switch clause {
	case "availability":
		return clauseKind{lowerBound: true, unit: unitPercent,
			fix: "to raise availability, add capacity or raise queue_limit in the regions that reject requests, or relax the target"}
	case "latency_p50_ms":
		return clauseKind{unit: unitMs, fix: latencyFix, quantile: func(l simulator.Latency) simulator.Estimate { return l.P50 }}
	case "latency_p95_ms":
		return clauseKind{unit: unitMs, fix: latencyFix, quantile: func(l simulator.Latency) simulator.Estimate { return l.P95 }}
	case "latency_p99_ms":
		return clauseKind{unit: unitMs, fix: latencyFix, quantile: func(l simulator.Latency) simulator.Estimate { return l.P99 }}
	case "latency_p999_ms":
		return clauseKind{unit: unitMs, fix: latencyFix, quantile: func(l simulator.Latency) simulator.Estimate { return l.P999 }}
	case "read_latency_p99_ms":
		return clauseKind{unit: unitMs, replicaSet: true, fix: "to lower read latency, serve reads from the local replica " +
			"(read_consistency = \"bounded_staleness\" or \"eventual\"), move the leader closer to the readers, or relax the target"}
	case "write_latency_p99_ms":
		return clauseKind{unit: unitMs, replicaSet: true, fix: "to lower write latency, place the leader near the writers, " +
			"keep the quorum's regions close to the leader (or lower quorum), use async_primary replication, or relax the target"}
	case "replication_lag_p99_ms":
		return clauseKind{unit: unitMs, replicaSet: true, fix: "to lower replication lag, apply writes faster (a lower " +
			"apply_time_ms), write less, move followers closer to the leader, or relax the target"}
	case "rpo_ms":
		return clauseKind{unit: unitMs, replicaSet: true, fix: "to lower the RPO, use sync_quorum replication (a committed " +
			"write is on a quorum and survives the leader's loss), keep async followers' lag low (a lower apply_time_ms, " +
			"followers closer to the leader), or relax the target"}
	case "stale_read_ratio":
		return clauseKind{unit: unitPercent, replicaSet: true, fix: "to serve fewer stale reads, use read_consistency = " +
			"\"strong\" or a tighter staleness_bound_ms, lower replication lag, or relax the target"}
	case "conflict_ratio":
		return clauseKind{unit: unitPercent, replicaSet: true, fix: "to lower conflicts, send each key's writes to one " +
			"leader (sync_quorum or async_primary), spread writes over more keys (workload.keys, a lower zipf_s), or relax the target"}
	case "rto_s":
		return clauseKind{unit: unitS, routing: true, fix: "to recover sooner, detect the failure sooner (a shorter " +
			"health_check.interval_s or a lower failure_threshold: detection takes about interval_s x failure_threshold), " +
			"drain the failed region sooner (a lower dns_ttl_s: clients keep the old answer for up to one TTL), and give " +
			"the surviving regions the headroom to carry its traffic (more instances or concurrency there), or relax the target"}
	case "sovereignty_violations":
		return clauseKind{unit: unitRequests, routing: true, fix: "to keep each origin's requests in its allowed " +
			"jurisdictions, restrict the routing policy's failover list or weights to regions in those jurisdictions " +
			"(with strategy latency or geo, a failed region's traffic goes to the nearest healthy region, wherever it is), " +
			"or widen the origin's allowed_jurisdictions"}
	case "max_cost_per_hour":
		return clauseKind{unit: unitPerHour, fix: costFix}
	}
	generic := "change the topology or relax the target"
	switch {
	case strings.HasSuffix(clause, "_ms"):
		return clauseKind{unit: unitMs, fix: generic}
	case strings.HasSuffix(clause, "_s"):
		return clauseKind{unit: unitS, fix: generic}
	case strings.HasSuffix(clause, "_ratio"):
		return clauseKind{unit: unitPercent, fix: generic}
	}
	return clauseKind{fix: generic}
}

// meets reports whether value x satisfies the clause's target.
func meets(c simulator.ClauseResult, x float64) bool {
	if kindOf(c.Clause).lowerBound {
		return x >= c.Target
	}
	return x <= c.Target
}

// fixes joins the distinct pieces of advice on the failed clauses, in
// clause order. Each piece rests on a figure of the scenario and names it,
// and reads what the scenario configured (ScenarioResult.Config) so that it
// never proposes what is already there.
func fixes(s simulator.ScenarioResult, failed []simulator.ClauseResult) string {
	var out []string
	seen := map[string]bool{}
	relaxed := false
	for _, c := range failed {
		pieces, relax := adviceFor(s, c)
		relaxed = relaxed || relax
		for _, f := range pieces {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	if relaxed {
		out = append(out, relaxTarget)
	}
	return strings.Join(out, "; ")
}

// adviceFor is the advice on one failed clause, in pieces; relax is true
// when none of them offers to relax the target, which fixes then offers
// once, last.
func adviceFor(s simulator.ScenarioResult, c simulator.ClauseResult) (pieces []string, relax bool) {
	k := kindOf(c.Clause)
	switch {
	case k.quantile != nil:
		return latencyAdvice(s)
	case c.Clause == "availability":
		return availabilityAdvice(s, c, k.fix)
	case c.Clause == "rto_s":
		return rtoAdvice(s, k.fix)
	case c.Clause == "max_cost_per_hour":
		return costAdvice(s, c), true
	case c.Clause == "stale_read_ratio" && len(s.CacheTiers) > 0:
		return []string{cacheStaleFix(s.CacheTiers), k.fix}, false
	}
	return []string{k.fix}, false
}

// relaxTarget closes advice whose pieces do not offer it.
const relaxTarget = "or relax the target"

// latencyAdvice aims the advice on a failed latency clause at what the
// regions' figures show: capacity where a region queues, with how many
// servers would bring it below busyUtilization, and the service time and
// the network when none does, since servers would then barely shorten the
// wait. Retries and timeouts add their own time.
func latencyAdvice(s simulator.ScenarioResult) (pieces []string, relax bool) {
	views := regionViews(s)
	var busy []regionView
	for _, v := range views {
		if v.queues() {
			busy = append(busy, v)
		}
	}
	// Busiest first, as the "Busiest regions" line lists them.
	slices.SortStableFunc(busy, func(a, b regionView) int { return cmp.Compare(b.Utilization.Mean, a.Utilization.Mean) })
	load := routingLoadAdvice(s)
	var out []string
	switch {
	case len(views) == 0:
		out = append(out, latencyFix)
	case len(busy) == 0 && len(load) > 0:
		// The time is in the attempts that fail, not in the regions.
		return append([]string{idleFigures(views) + ", so queueing adds little"}, append(load, faultAdvice(s)...)...), true
	case len(busy) == 0:
		out = append(out, idleFigures(views)+", so queueing adds little: to lower latency, shorten the service time "+
			"(service_time_ms), serve distant origins from a closer region, or relax the target")
	default:
		busy = busy[:min(len(busy), 3)]
		names, figures := make([]string, len(busy)), make([]string, len(busy))
		for i, v := range busy {
			names[i] = v.Name
			figures[i] = fmt.Sprintf("%s (%s)", v.Name, v.evidence())
		}
		out = append(out, fmt.Sprintf("%s %s: to lower latency, add capacity (instances or concurrency) to %s, "+
			"serve distant origins from a closer region, or relax the target", strings.Join(figures, ", "),
			verb(len(busy), "queues", "queue"), strings.Join(names, ", ")))
		for _, v := range busy {
			if sz := v.sizing(); sz != "" {
				out = append(out, sz)
			}
		}
	}
	if len(load) > 0 {
		// Retries and timeouts that a fault causes last until clients
		// leave it: how they do is part of the fix.
		load = append(load, faultAdvice(s)...)
	}
	return append(out, load...), false
}

// idleFigures says that no region queues, with the figures that show it.
func idleFigures(views []regionView) string {
	util := slices.MaxFunc(views, func(a, b regionView) int { return cmp.Compare(a.Utilization.Mean, b.Utilization.Mean) })
	wait := slices.MaxFunc(views, func(a, b regionView) int { return cmp.Compare(a.MeanWait.Mean, b.MeanWait.Mean) })
	rejected := "no arrival rejected"
	if worst := slices.MaxFunc(views, func(a, b regionView) int {
		return cmp.Compare(a.RejectedRatio.Mean, b.RejectedRatio.Mean)
	}); worst.RejectedRatio.Mean > 0 {
		rejected = fmt.Sprintf("at most %s of arrivals rejected", worst.rejected())
	}
	return fmt.Sprintf("no region is busy (highest utilization %s, longest mean wait %s ms, %s)",
		percent(util.Utilization.Mean, 1), measure(wait.MeanWait.Mean), rejected)
}

// availabilityAdvice names what failed the requests: regions whose full
// queue rejects arrivals, faults that clients keep sending into, attempts
// that time out, replica sets that could not commit writes.
func availabilityAdvice(s simulator.ScenarioResult, c simulator.ClauseResult, generic string) ([]string, bool) {
	var out []string
	views := regionViews(s)
	slices.SortStableFunc(views, func(a, b regionView) int { return cmp.Compare(b.RejectedRatio.Mean, a.RejectedRatio.Mean) })
	arrivals := 0.0
	for _, v := range views {
		arrivals += v.ArrivalRate.Mean
	}
	for _, v := range views {
		// A region is named when its rejections are a material part of
		// the requests that failed: a few rejected in a failover burst
		// do not explain a shortfall of several percent.
		share := v.RejectedRatio.Mean
		if arrivals > 0 {
			share *= v.ArrivalRate.Mean / arrivals
		}
		if share > 0 && share >= materialShare*(1-c.Observed) {
			out = append(out, fmt.Sprintf("%s rejects %s of arrivals%s at %s utilization: to raise availability, "+
				"add capacity (instances or concurrency) there or raise queue_limit", v.Name, v.rejected(), v.queueLimit(),
				percent(v.Utilization.Mean, 1)))
		}
	}
	if s.Config == nil && s.Name != simulator.BaselineScenario {
		// A report that does not say what was configured gets the
		// fault's remedies in general.
		out = append(out, faultAvailabilityFix)
	}
	out = append(out, faultAdvice(s)...)
	out = append(out, timeoutAdvice(s)...)
	for _, rs := range s.ReplicaSets {
		if rs.WriteUnavailableS.Mean > 0 {
			out = append(out, fmt.Sprintf("replica set %s could not commit writes for %s s per replication (no leader or "+
				"no quorum): fail over sooner (a lower election_timeout_ms or promotion_delay_ms) or place the replicas "+
				"so that a quorum survives the fault", rs.Name, measure(rs.WriteUnavailableS.Mean)))
		}
	}
	switch {
	case len(views) == 0:
		// No region figures to read: the advice in general.
		return append(out, generic), false
	case len(out) == 0:
		worst := slices.MaxFunc(views, func(a, b regionView) int { return cmp.Compare(a.RejectedRatio.Mean, b.RejectedRatio.Mean) })
		out = append(out, fmt.Sprintf("no region rejects a material share of arrivals (at most %s, in %s), so the "+
			"requests do not fail for want of capacity", worst.rejected(), worst.Name))
	}
	return out, true
}

// materialShare is the part of an availability shortfall that a region's
// rejections must make up for the advice to name them: a tenth.
const materialShare = 0.1

// rtoAdvice aims the advice on a failed rto_s clause at the parts of the
// recovery the figures show: detection, the DNS drain, the headroom of
// the regions that queue through the fault, retries.
func rtoAdvice(s simulator.ScenarioResult, generic string) ([]string, bool) {
	if s.Config == nil {
		return []string{generic}, false
	}
	out := faultAdvice(s)
	var busy, sizing []string
	for _, v := range regionViews(s) {
		if v.queues() {
			busy = append(busy, fmt.Sprintf("%s (%s)", v.Name, v.evidence()))
			if sz := v.sizing(); sz != "" {
				sizing = append(sizing, sz)
			}
		}
	}
	if len(busy) > 0 {
		out = append(out, fmt.Sprintf("%s %s through the fault: give %s the headroom to carry the traffic with a "+
			"region or servers lost (more instances or concurrency)", strings.Join(busy, ", "),
			verb(len(busy), "queues", "queue"), verb(len(busy), "it", "them")))
		out = append(out, sizing...)
	}
	out = append(out, routingLoadAdvice(s)...)
	if len(out) == 0 {
		return []string{generic}, false
	}
	return out, true
}

// faultAvailabilityFix is the advice on availability missed in a fault
// scenario of a report that does not say what was configured.
const faultAvailabilityFix = "in a fault scenario requests fail until clients stop sending them where the fault is: " +
	"route with a topology_routing_policy, detect the failure sooner (health_check.interval_s x failure_threshold), " +
	"drain it sooner (a lower dns_ttl_s), and add a circuit_breaker with retries so that clients route around it at once"

// outageFaults are the scenario's faults that fail every request sent
// where they are until clients go elsewhere: an outage, a loss of all of a
// region's servers, a partition between an origin's clients and a region.
func outageFaults(cfg *simulator.ScenarioConfig) []simulator.Fault {
	var out []simulator.Fault
	for _, f := range cfg.Faults {
		switch {
		case f.Type == simulator.FaultRegionOutage,
			f.Type == simulator.FaultCapacityLoss && f.Fraction >= 1,
			f.Type == simulator.FaultPartition && f.Origin != "":
			out = append(out, f)
		}
	}
	return out
}

// faultAdvice is the advice on the faults that clients keep sending into,
// from how the routing policy (or its absence) handled each: detection
// time against interval_s x failure_threshold and the DNS drain (unless
// the circuit breaker opened and took the clients away first), how the
// breaker did, and the breaker and retries when they are not configured.
func faultAdvice(s simulator.ScenarioResult) []string {
	if s.Config == nil {
		return nil
	}
	faults := outageFaults(s.Config)
	if len(faults) == 0 {
		return nil
	}
	rp := s.Config.RoutingPolicy
	if rp == nil {
		return []string{fmt.Sprintf("no topology_routing_policy is configured, so clients keep sending to %s "+
			"while it fails: route with a topology_routing_policy, whose health checks move the traffic to the "+
			"regions that still serve", faultNames(faults))}
	}
	var out []string
	hc := rp.HealthCheck
	ttl := 0.0
	if rp.DNSTTLS != nil {
		ttl = *rp.DNSTTLS
	}
	// Once an origin's breaker opens, its clients leave the failed region
	// whatever the health checks and the DNS say, until open_s later:
	// detection then matters only when it takes longer than that.
	cb := rp.CircuitBreaker
	breakerOpened := cb != nil && s.Routing != nil && s.Routing.BreakerOpens.Mean > 0
	for _, f := range faults {
		fr := recoveryOf(s.Routing, f)
		switch {
		case fr == nil, breakerOpened && fr.Detected > 0 && fr.DetectionS.Mean <= cb.OpenS:
		case fr.Detected == 0 && f.DurationS > 0 && f.DurationS < hc.IntervalS*float64(hc.FailureThreshold):
			out = append(out, fmt.Sprintf("the %s of %s lasts %s s, less than detection takes (health_check.interval_s "+
				"%s x failure_threshold %d), so the health checks never marked it down: a shorter health_check.interval_s or a "+
				"lower failure_threshold detects it", f.Type, f.Region, number(f.DurationS), number(hc.IntervalS), hc.FailureThreshold))
		case fr.Detected == 0:
			out = append(out, fmt.Sprintf("the health checks never marked %s down during its %s: its clients "+
				"leave it only by their circuit breaker", f.Region, f.Type))
		case fr.DetectionS.Mean >= detectionStep:
			lower := "a shorter health_check.interval_s or a lower failure_threshold"
			if hc.FailureThreshold <= 1 {
				lower = "a shorter health_check.interval_s"
			}
			reopens := ""
			if breakerOpened {
				reopens = fmt.Sprintf(", longer than circuit_breaker.open_s %s after which the breaker lets clients "+
					"try it again", number(cb.OpenS))
			}
			out = append(out, fmt.Sprintf("detection of the %s of %s took %s s (health_check.interval_s %s x "+
				"failure_threshold %d)%s: %s detects it sooner", f.Type, f.Region, measure(fr.DetectionS.Mean),
				number(hc.IntervalS), hc.FailureThreshold, reopens, lower))
			if ttl >= detectionStep && !breakerOpened {
				out = append(out, fmt.Sprintf("clients keep the old answer for up to %s s after detection (dns_ttl_s "+
					"%s): a lower dns_ttl_s drains %s sooner", number(ttl), number(ttl), f.Region))
			}
		}
	}
	switch {
	case breakerOpened:
		out = append(out, fmt.Sprintf("the circuit_breaker opened %s times per replication (failure_threshold %d): "+
			"the attempts sent to a failing region before it opens fail, so a lower circuit_breaker.failure_threshold "+
			"opens it sooner", measure(s.Routing.BreakerOpens.Mean), cb.FailureThreshold))
	case cb != nil && s.Routing != nil:
		out = append(out, fmt.Sprintf("the circuit_breaker never opened (failure_threshold %d), so clients left %s "+
			"only by detection and their DNS answer expiring: a lower circuit_breaker.failure_threshold lets it open",
			cb.FailureThreshold, faultNames(faults)))
	}
	if cb == nil {
		out = append(out, fmt.Sprintf("no circuit_breaker is configured, so clients leave %s only when the health "+
			"checks mark it down and their DNS answer expires: add a circuit_breaker, which stops an origin sending "+
			"to a region after consecutive failed attempts", faultNames(faults)))
	}
	if rp.Retry.MaxAttempts <= 1 {
		out = append(out, fmt.Sprintf("retries are off (retry.max_attempts %d), so every attempt sent to %s is a "+
			"failed request: with retry.max_attempts 2 or more a failed attempt is tried again, elsewhere once the "+
			"region is marked down or the breaker opens", rp.Retry.MaxAttempts, faultNames(faults)))
	}
	return out
}

// detectionStep is the resolution of the recovery figures: the success
// ratio is measured per second, so a detection or a DNS TTL under a
// second cannot shorten the recovery measurably.
const detectionStep = 1.0

// faultNames names the regions of faults, each once: "us-east-1".
func faultNames(faults []simulator.Fault) string {
	var names []string
	for _, f := range faults {
		if !slices.Contains(names, f.Region) {
			names = append(names, f.Region)
		}
	}
	return strings.Join(names, ", ")
}

// recoveryOf is the routing figures' entry for fault f, nil when the
// report has none.
func recoveryOf(rr *simulator.RoutingResult, f simulator.Fault) *simulator.FaultRecovery {
	if rr == nil {
		return nil
	}
	for i, fr := range rr.Faults {
		if fr.Type == f.Type && fr.Region == f.Region && fr.AtS == f.AtS {
			return &rr.Faults[i]
		}
	}
	return nil
}

// retriedShare is the attempts per request above which retries are named
// as a load and a delay: 5 % of requests retried.
const retriedShare = 1.05

// routingLoadAdvice names the time and load that retries and timeouts
// add, when the routing figures show them.
func routingLoadAdvice(s simulator.ScenarioResult) []string {
	rr := s.Routing
	if rr == nil {
		return nil
	}
	var out []string
	if rr.AttemptsPerRequest.Mean >= retriedShare {
		setting := ""
		if rp := routingPolicy(s); rp != nil {
			setting = fmt.Sprintf(" (retry.max_attempts %d)", rp.Retry.MaxAttempts)
		}
		out = append(out, fmt.Sprintf("requests take %s attempts each%s: every retry adds load to the region that "+
			"serves it and its backoff to the request's time, so fix what fails the first attempts, or lower "+
			"retry.max_attempts", measure(rr.AttemptsPerRequest.Mean), setting))
	}
	return append(out, timeoutAdvice(s)...)
}

// timedOutShare is the share of attempts timed out above which the
// timeout is named: 1 %.
const timedOutShare = 0.01

// timeoutAdvice names the attempts that timed out, when they are many.
func timeoutAdvice(s simulator.ScenarioResult) []string {
	rr := s.Routing
	if rr == nil || rr.TimedOutRatio.Mean < timedOutShare {
		return nil
	}
	setting := ""
	if rp := routingPolicy(s); rp != nil {
		setting = fmt.Sprintf(" (request_timeout_ms %s)", number(rp.RequestTimeoutMs))
	}
	return []string{fmt.Sprintf("%s of attempts timed out%s: each costs the whole timeout and fails unless a retry "+
		"succeeds; set request_timeout_ms just above a healthy attempt's latency and remove what slows or loses "+
		"them", percent(rr.TimedOutRatio.Mean, 1), setting)}
}

// routingPolicy is the scenario's configured routing policy, nil without
// one or when the report does not say.
func routingPolicy(s simulator.ScenarioResult) *simulator.RoutingPolicy {
	if s.Config == nil {
		return nil
	}
	return s.Config.RoutingPolicy
}

// cacheStaleFix leads the advice for a failed stale_read_ratio clause when
// the scenario has cache tiers, whose stale hits count as stale reads. A
// tier that writes leave alone (ttl_only, or write_through seen from other
// regions) is told to invalidate; an invalidating tier's stale hits come
// from the invalidation delay and from refills that a write overtook in
// flight (the refill lands after the write's invalidation), so it is told
// what shortens those.
func cacheStaleFix(tiers []simulator.CacheTierResult) string {
	var other, inval []string
	for _, t := range tiers {
		if t.WritePolicy == simulator.Invalidate {
			inval = append(inval, t.Name)
		} else {
			other = append(other, t.Name)
		}
	}
	var fixes []string
	if len(other) > 0 {
		fixes = append(fixes, fmt.Sprintf("to serve fewer stale hits from cache tier %s, set write_policy = \"invalidate\" "+
			"(a committed write removes the key from every region's cache) or a shorter ttl_s", strings.Join(other, ", ")))
	}
	if len(inval) > 0 {
		fixes = append(fixes, fmt.Sprintf("cache tier %s already invalidates, so its stale hits are reads inside the "+
			"invalidation delay or entries refilled with a version that a write overtook while the refill was in flight: "+
			"move the leader closer to the cached regions or set a shorter ttl_s", strings.Join(inval, ", ")))
	}
	return strings.Join(fixes, "; ")
}
