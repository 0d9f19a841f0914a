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

// latencyFix is the advice for a failed latency clause; it is chosen by
// fixes according to whether queueing can be the cause.
const latencyFix = "to lower latency, add capacity (instances or concurrency) to the busiest regions, " +
	"serve distant origins from a closer region, or relax the target"

// latencyFixIdle replaces latencyFix when no region is busy: adding
// servers would then barely shorten the wait, so the advice points at the
// service time and the network instead.
const latencyFixIdle = "no region is busy (highest utilization %s), so queueing adds little: to lower latency, " +
	"shorten the service time (service_time_ms), serve distant origins from a closer region, or relax the target"

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

// fixes joins the distinct fixes of the failed clauses, in clause order.
func fixes(s simulator.ScenarioResult, failed []simulator.ClauseResult) string {
	var out []string
	seen := map[string]bool{}
	for _, c := range failed {
		f := kindOf(c.Clause).fix
		if f == latencyFix && len(s.Regions) > 0 {
			highest := slices.MaxFunc(s.Regions, func(a, b simulator.RegionResult) int {
				return cmp.Compare(a.Utilization.Mean, b.Utilization.Mean)
			}).Utilization.Mean
			if highest < busyUtilization {
				f = fmt.Sprintf(latencyFixIdle, percent(highest, 1))
			}
		}
		if c.Clause == "stale_read_ratio" && len(s.CacheTiers) > 0 {
			f = cacheStaleFix(s.CacheTiers) + "; " + f
		}
		if c.Clause == "availability" && s.Name != simulator.BaselineScenario {
			f = faultAvailabilityFix + "; " + f
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return strings.Join(out, "; ")
}

// faultAvailabilityFix leads the advice for availability missed in a
// scenario with faults, where requests fail until clients leave what
// failed rather than for want of capacity.
const faultAvailabilityFix = "in a fault scenario requests fail until clients stop sending them where the fault is: " +
	"route with a topology_routing_policy, detect the failure sooner (health_check.interval_s x failure_threshold), " +
	"drain it sooner (a lower dns_ttl_s), and add a circuit_breaker with retries so that clients route around it at once"

// busyUtilization is the utilization above which queueing delay grows
// quickly (the knee of the M/M/c curve); such regions are named in a
// failure so that the reader knows where capacity is short.
const busyUtilization = 0.8

// busiestRegions names up to three regions that are busy or reject
// requests, busiest first; empty when none is.
func busiestRegions(s simulator.ScenarioResult) string {
	regions := slices.Clone(s.Regions)
	slices.SortStableFunc(regions, func(a, b simulator.RegionResult) int {
		return cmp.Compare(b.Utilization.Mean, a.Utilization.Mean)
	})
	var parts []string
	for _, r := range regions {
		if len(parts) == 3 {
			break
		}
		if r.Utilization.Mean < busyUtilization && r.RejectedRatio.Mean <= 0 {
			continue
		}
		p := fmt.Sprintf("%s at %s utilization", r.Name, percent(r.Utilization.Mean, 1))
		if r.RejectedRatio.Mean > 0 {
			p += fmt.Sprintf(" with %s of arrivals rejected", percent(r.RejectedRatio.Mean, percentDecimals(1-r.RejectedRatio.Mean)))
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
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
