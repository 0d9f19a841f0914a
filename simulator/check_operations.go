package simulator

// Check's rules for operations (operations.go): shares, kinds, the
// fields each kind takes, their sets, targets and floors.

import (
	"fmt"
	"math"
	"strings"
)

// shareTolerance is how far the shares of an origin may sum from 1: room
// for decimal fractions such as 0.1 + 0.2 + 0.7, not for a missing share.
const shareTolerance = 1e-9

// checkOperations checks every origin's operations against their rules
// (rules_table.go, "workload.origins[].operations[].<field>") and against
// the model: declared replica sets, shares summing to 1, fields that apply
// to the operation's kind only, and the origin's allowed jurisdictions for
// the sets it writes. raw is the model as given (the origin's read_ratio
// and replica_set, which operations replace, must not be set), m its
// defaulted copy.
func checkOperations(c *checker, raw, m Model) {
	checkDuplicateSLA(c, m)
	// Each operation is simulated as an origin of its own: together they
	// are bounded as origins are.
	streams := 0
	for _, o := range m.Workload.Origins {
		streams += max(1, len(o.Operations))
	}
	if streams > MaxOrigins && len(m.Workload.Origins) <= MaxOrigins {
		c.errorf("workload.origins", fmt.Sprintf("the origins declare %d operations and origins without operations together, above the supported %d", streams, MaxOrigins),
			"each operation is simulated as a request stream of its own, and at most %d streams are supported; merge operations with the same replica set, kind and contract into one", MaxOrigins)
	}
	sets := map[string]int{}
	var names []string
	for i, rs := range m.ReplicaSets {
		sets[rs.Name] = i
		names = append(names, rs.Name)
	}
	for o, or := range m.Workload.Origins {
		if o >= len(raw.Workload.Origins) {
			break
		}
		given := raw.Workload.Origins[o]
		oat := func(field string) string { return fmt.Sprintf("workload.origins[%d].%s", o, field) }
		if given.Operations == nil {
			continue
		}
		if !c.nonEmpty(oat("operations"), ListAt("workload.origins[].operations"), len(given.Operations)) {
			continue
		}
		// A read ratio equal to the operations' read share is the one
		// ApplyDefaults gives (a caller may have applied the defaults).
		if given.ReadRatio != nil && math.Abs(*given.ReadRatio-readShare(given.Operations)) > shareTolerance {
			c.errorf(oat("read_ratio"), fmt.Sprintf("origin %s sets both read_ratio and operations", or.Label()),
				"its operations' kinds and shares make its read/write mix; remove read_ratio")
		}
		if given.ReplicaSet != "" {
			c.errorf(oat("replica_set"), fmt.Sprintf("origin %s sets both replica_set and operations", or.Label()),
				"each operation names its own replica set; remove the origin's replica_set and set replica_set on its operations")
		}
		seen := map[string]int{}
		sum := 0.0
		for k, op := range or.Operations {
			at := func(field string) string { return fmt.Sprintf("workload.origins[%d].operations[%d].%s", o, k, field) }
			rule := func(field string) string { return "workload.origins[].operations[]." + field }
			if c.shape(at("name"), ShapeAt(rule("name")), op.Name) {
				if first, dup := seen[op.Name]; dup {
					c.errorf(at("name"), fmt.Sprintf("origin %s has two operations named %q, at indexes %d and %d", or.Label(), op.Name, first, k),
						"give each operation of an origin a distinct name")
				} else {
					seen[op.Name] = k
				}
			}
			c.number(at("share"), BoundAt(rule("share")), op.Share)
			sum += op.Share
			kindOK := c.choice(at("kind"), ChoiceAt(rule("kind")), op.Kind)
			si := 0
			switch _, declared := sets[op.ReplicaSet]; {
			case len(m.ReplicaSets) == 0:
				c.errorf(at("replica_set"), fmt.Sprintf("operation %s of origin %s needs a replica set, but none is declared", op.Name, or.Label()),
					"declare a topology_replica_set for the data the operation reads or writes, or remove operations from the origin")
				si = -1
			case op.ReplicaSet == "":
			case !declared && !c.shape(at("replica_set"), ShapeAt(rule("replica_set")), op.ReplicaSet):
				si = -1
			case !declared:
				c.errorf(at("replica_set"), fmt.Sprintf("operation %s of origin %s uses replica set %q, which is not declared", op.Name, or.Label(), op.ReplicaSet),
					"the declared replica sets are: %s; fix the name or leave replica_set unset for the first one", strings.Join(names, ", "))
				si = -1
			default:
				si = sets[op.ReplicaSet]
			}
			if !kindOK {
				continue
			}
			read := op.Kind == OperationRead
			if op.ReadConsistency != "" {
				if !read {
					c.errorf(at("read_consistency"), fmt.Sprintf("operation %s of origin %s is a write, and read_consistency applies to reads only", op.Name, or.Label()),
						"a write goes to its replica set's leader (or local replica for multi_leader); remove read_consistency, or make it a read")
				} else {
					c.choice(at("read_consistency"), ChoiceAt(rule("read_consistency")), op.ReadConsistency)
				}
			}
			if op.StalenessBoundMs != 0 {
				c.number(at("staleness_bound_ms"), BoundAt(rule("staleness_bound_ms")), op.StalenessBoundMs)
				if !read || op.ReadConsistency != ReadBoundedStaleness {
					c.errorf(at("staleness_bound_ms"), fmt.Sprintf("operation %s of origin %s sets staleness_bound_ms without read_consistency = \"bounded_staleness\"", op.Name, or.Label()),
						"the bound applies to bounded_staleness reads only; set read_consistency = \"bounded_staleness\" or remove staleness_bound_ms")
				}
			}
			if read && op.ReadConsistency == ReadBoundedStaleness && op.StalenessBoundMs == 0 && si >= 0 && m.ReplicaSets[si].StalenessBoundMs == 0 {
				c.errorf(at("staleness_bound_ms"), fmt.Sprintf("operation %s of origin %s reads bounded_staleness with no bound: neither it nor replica set %s sets staleness_bound_ms", op.Name, or.Label(), m.ReplicaSets[si].Name),
					"set staleness_bound_ms on the operation, the largest lag in milliseconds at which a local replica may serve it, for example 500")
			}
			if read && op.Idempotent != nil && !*op.Idempotent {
				c.errorf(at("idempotent"), fmt.Sprintf("operation %s of origin %s is a read declared idempotent = false", op.Name, or.Label()),
					"a read changes nothing, so a retried read has no duplicate effect; remove idempotent, or make the operation a write")
			}
			checkOperationTargets(c, or.Label(), op, read, at, rule)
			if !read && si >= 0 && len(or.AllowedJurisdictions) > 0 {
				checkOperationSovereignty(c, m, or, op, si, at("replica_set"))
			}
		}
		if math.Abs(sum-1) > shareTolerance {
			var parts []string
			for _, op := range or.Operations {
				parts = append(parts, fmt.Sprintf("%s %s", op.Name, num(op.Share)))
			}
			c.errorf(oat("operations"), fmt.Sprintf("the shares of origin %s's operations sum to %s, not 1", or.Label(), num(sum)),
				"each request is one operation, so the shares (%s) must sum to 1; scale them, for example divide each by %s", strings.Join(parts, ", "), num(sum))
		}
	}
}

// checkDuplicateSLA checks the global duplicate_write_ratio target, and
// warns when no operation can duplicate: only the writes of operations
// declared non-idempotent are counted, so without one the clause observes
// 0 whatever the retries do.
func checkDuplicateSLA(c *checker, m Model) {
	t := m.SLA.DuplicateWriteRatio
	if t == nil || !c.number("sla.duplicate_write_ratio", BoundAt("sla.duplicate_write_ratio"), *t) {
		return
	}
	for _, o := range m.Workload.Origins {
		for _, op := range o.Operations {
			if op.Kind == OperationWrite && !op.IsIdempotent() {
				if m.RoutingPolicy == nil {
					c.warnf("sla.duplicate_write_ratio", "sla.duplicate_write_ratio is always 0: there is no routing policy, so no request is retried",
						"duplicate writes come from retries of timed-out writes; add a topology_routing_policy with request_timeout_ms and retry, or remove the clause")
				}
				return
			}
		}
	}
	c.warnf("sla.duplicate_write_ratio", "sla.duplicate_write_ratio is always 0: no origin declares a non-idempotent write operation",
		"only writes of operations with kind = \"write\" and idempotent = false (the default for writes) are counted; declare the origins' operations, or remove the clause")
}

// checkOperationFloors refuses an operation's latency target at or below
// the fiber floor from its origin to every region that may serve it, as
// checkFiberFloor does for a per-origin target: the operation's requests
// are some of the origin's, all of them as far.
func checkOperationFloors(c *checker, p *checkedModel, floors []originFloor) {
	for o, or := range p.model.Workload.Origins {
		if or.RPS == 0 || o >= len(floors) {
			continue
		}
		f := floors[o]
		for k, op := range or.Operations {
			for _, l := range latencyClauses(op.targets()) {
				if l.target == nil || f.ms < *l.target {
					continue
				}
				path := fmt.Sprintf("workload.origins[%d].operations[%d].%s", o, k, l.name)
				c.errorf(path, floorSummary(path, *l.target, or, f),
					"%s. The clause is over this operation's requests only, so none of those that succeed can meet it and it cannot pass, whatever queue_limit or timeouts say. %s",
					floorWhere(p, o, f), floorFix(*l.target, or))
			}
		}
	}
}

// writesTo is the write rate, per second, origin o sends to replica set
// si: its operations' writes to that set, or without operations its
// writes (rps x (1 - read_ratio)) when si is its set.
func writesTo(p *checkedModel, o, si int) float64 {
	or := p.model.Workload.Origins[o]
	if or.RPS <= 0 {
		return 0
	}
	if len(or.Operations) == 0 {
		if rr := *or.ReadRatio; p.originSet[o] == si && rr < 1 {
			return or.RPS * (1 - rr)
		}
		return 0
	}
	w := 0.0
	for _, op := range or.Operations {
		set := 0
		if op.ReplicaSet != "" {
			set = slicesIndexSet(p.model, op.ReplicaSet)
		}
		if op.Kind == OperationWrite && set == si {
			w += or.RPS * op.Share
		}
	}
	return w
}

// checkOperationTargets checks an operation's targets: each within its
// rule, and each on the kind it measures.
func checkOperationTargets(c *checker, origin string, op Operation, read bool, at, rule func(string) string) {
	t := op.targets()
	for _, l := range latencyClauses(t) {
		if l.target != nil {
			c.number(at(l.name), BoundAt(rule(l.name)), *l.target)
		}
	}
	if t.Availability != nil {
		c.number(at("availability"), BoundAt(rule("availability")), *t.Availability)
	}
	if op.StaleReadRatio != nil {
		c.number(at("stale_read_ratio"), BoundAt(rule("stale_read_ratio")), *op.StaleReadRatio)
		if !read {
			c.errorf(at("stale_read_ratio"), fmt.Sprintf("operation %s of origin %s is a write, and stale_read_ratio is a target on reads", op.Name, origin),
				"remove stale_read_ratio from the write, or set it on the origin's read operations")
		}
	}
	if op.DuplicateWriteRatio != nil {
		c.number(at("duplicate_write_ratio"), BoundAt(rule("duplicate_write_ratio")), *op.DuplicateWriteRatio)
		if read {
			c.errorf(at("duplicate_write_ratio"), fmt.Sprintf("operation %s of origin %s is a read, and duplicate_write_ratio is a target on writes", op.Name, origin),
				"remove duplicate_write_ratio from the read, or set it on the origin's write operations")
		}
	}
}

// checkOperationSovereignty refuses a write operation whose replica set
// replicates outside its origin's allowed jurisdictions, as
// checkSovereignty does for an origin's own replica set.
func checkOperationSovereignty(c *checker, m Model, or Origin, op Operation, si int, path string) {
	rs := m.ReplicaSets[si]
	allowed := map[string]bool{}
	for _, j := range or.AllowedJurisdictions {
		allowed[j] = true
	}
	for _, name := range rs.Regions {
		for _, r := range m.Regions {
			if r.Name == name && !allowed[r.Jurisdiction] {
				c.errorf(path, fmt.Sprintf("operation %s of origin %s writes to replica set %s, which replicates to region %s (jurisdiction %q), outside its allowed jurisdictions %s",
					op.Name, or.Label(), rs.Name, name, r.Jurisdiction, strings.Join(or.AllowedJurisdictions, ", ")),
					"write to a replica set whose regions are all in the allowed jurisdictions, or allow %q", r.Jurisdiction)
			}
		}
	}
}
