package simulator

// Operations: an origin's requests as a mix of named operations, each with
// its own replica set, kind and consistency contract (design.md §9), and
// the duplicate writes that retries of non-idempotent writes cause.
//
// An origin with operations is simulated as one engine origin per
// operation, each a Poisson stream of share x rps: choosing each request's
// operation independently with the shares thins the origin's Poisson
// stream into independent Poisson streams of those rates, so this is the
// same arrival process. The engine groups them back (engine.Config.Parents):
// the origin's figures pool its operations' requests, and each operation
// has its own figures and clauses. Without operations nothing of this runs
// and results are those of the one mix, read_ratio over replica_set.

import (
	"fmt"
	"math"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// Operation kinds.
const (
	OperationRead  = "read"
	OperationWrite = "write"
)

// Operation is one named operation of an origin: Share of the origin's
// requests, reading or writing ReplicaSet with its own contract.
type Operation struct {
	// Name labels the operation in results and clauses; unique within its
	// origin.
	Name string `json:"name"`
	// Share is the fraction of the origin's requests that are this
	// operation, in (0, 1]; the shares of an origin sum to 1.
	Share float64 `json:"share"`
	// ReplicaSet names the replica set it reads or writes; empty means
	// the first declared one.
	ReplicaSet string `json:"replica_set,omitempty"`
	// Kind is OperationRead or OperationWrite.
	Kind string `json:"kind"`
	// ReadConsistency is, for a read, its own consistency (ReadStrong,
	// ReadBoundedStaleness or ReadEventual), overriding the replica set's;
	// empty means the set's.
	ReadConsistency string `json:"read_consistency,omitempty"`
	// StalenessBoundMs is, for a bounded_staleness read, the largest lag of
	// a local replica that may serve it; 0 means the replica set's bound.
	StalenessBoundMs float64 `json:"staleness_bound_ms,omitempty"`
	// Idempotent says whether applying the operation twice has the effect
	// of applying it once. nil means true for a read and false for a write:
	// a write is assumed to duplicate unless declared otherwise (a
	// conditional put, a request id), so the count is never hidden.
	Idempotent *bool `json:"idempotent,omitempty"`
	// Targets on this operation's own requests, each a clause of every
	// scenario with ClauseResult.Origin and ClauseResult.Operation set:
	// latency upper bounds in milliseconds over its successful requests, a
	// lower bound on its successful / all requests, and for a read an upper
	// bound on its stale reads / reads, for a write on its duplicate
	// writes / writes.
	LatencyP50Ms        *float64 `json:"latency_p50_ms,omitempty"`
	LatencyP95Ms        *float64 `json:"latency_p95_ms,omitempty"`
	LatencyP99Ms        *float64 `json:"latency_p99_ms,omitempty"`
	LatencyP999Ms       *float64 `json:"latency_p999_ms,omitempty"`
	Availability        *float64 `json:"availability,omitempty"`
	StaleReadRatio      *float64 `json:"stale_read_ratio,omitempty"`
	DuplicateWriteRatio *float64 `json:"duplicate_write_ratio,omitempty"`
}

// IsIdempotent is Idempotent with its default: true for a read, false for
// a write.
func (op Operation) IsIdempotent() bool {
	if op.Idempotent != nil {
		return *op.Idempotent
	}
	return op.Kind != OperationWrite
}

// targets are the operation's latency and availability targets as an SLA,
// so that the global clauses' lists (latencyClauses) serve them too.
func (op Operation) targets() SLA {
	return SLA{LatencyP50Ms: op.LatencyP50Ms, LatencyP95Ms: op.LatencyP95Ms, LatencyP99Ms: op.LatencyP99Ms,
		LatencyP999Ms: op.LatencyP999Ms, Availability: op.Availability}
}

// OperationResult is one operation's figures in a scenario, beside its
// origin's pooled ones.
type OperationResult struct {
	// Origin is the label of its origin, Name the operation's.
	Origin string `json:"origin"`
	Name   string `json:"name"`
	// Kind, ReplicaSet, ReadConsistency (reads: the one in force, its own
	// or its set's) and Idempotent are its contract as simulated.
	Kind            string `json:"kind"`
	ReplicaSet      string `json:"replica_set"`
	ReadConsistency string `json:"read_consistency,omitempty"`
	Idempotent      bool   `json:"idempotent"`
	// Requests is the number of its measured requests over all
	// replications.
	Requests int64 `json:"requests"`
	// Latency and Availability are over its own requests; nil when none
	// was measured (none succeeded, for Latency).
	Latency      *Latency  `json:"latency_ms,omitempty"`
	Availability *Estimate `json:"availability,omitempty"`
	// StaleReadRatio is, for a read, its stale reads / its reads served by
	// a replica or a cache plus its strong reads (as the replica set's
	// ratio counts them).
	StaleReadRatio *Estimate `json:"stale_read_ratio,omitempty"`
	// DuplicateWrites is, for a write, its duplicate writes per
	// replication, DuplicateWriteRatio duplicates / measured writes; both
	// 0 for an idempotent write.
	DuplicateWrites     *Estimate `json:"duplicate_writes,omitempty"`
	DuplicateWriteRatio *Estimate `json:"duplicate_write_ratio,omitempty"`
}

// readShare is the sum of the shares of the read operations: the origin's
// read ratio, for the static checks that read it.
func readShare(ops []Operation) float64 {
	sum := 0.0
	for _, op := range ops {
		if op.Kind == OperationRead {
			sum += op.Share
		}
	}
	return math.Min(sum, 1)
}

// copyOperations is a deep copy of ops (nil for nil).
func copyOperations(ops []Operation) []Operation {
	if ops == nil {
		return nil
	}
	out := make([]Operation, len(ops))
	for i, op := range ops {
		op.Idempotent = copyPtr(op.Idempotent)
		for _, f := range []**float64{&op.LatencyP50Ms, &op.LatencyP95Ms, &op.LatencyP99Ms, &op.LatencyP999Ms,
			&op.Availability, &op.StaleReadRatio, &op.DuplicateWriteRatio} {
			*f = copyFloat(*f)
		}
		out[i] = op
	}
	return out
}

// hasOperations reports whether any origin of m declares operations.
func hasOperations(m Model) bool {
	for _, o := range m.Workload.Origins {
		if len(o.Operations) > 0 {
			return true
		}
	}
	return false
}

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

// expandedOp is one engine origin of an origin with operations.
type expandedOp struct {
	origin, op int // indexes in the model
}

// operationPlan is the checked model with each origin that has operations
// replaced by one origin per operation, for the compiler, and the mapping
// back; nil parents when no origin has operations.
type operationPlan struct {
	p       *checkedModel
	parents []int
	ops     []expandedOp // per engine origin; op -1 for an origin without operations
}

// planOperations expands p's origins with operations. The expanded origins
// keep their origin's label, location, route and jurisdictions, so the
// compiler's per-origin steps (routes, geo routes, faults by label) treat
// them as the origin; faults on an origin are then spread to all of its
// operations (spreadOriginFaults).
func planOperations(p *checkedModel) operationPlan {
	m := p.model
	if !hasOperations(m) {
		return operationPlan{p: p}
	}
	x := *p
	x.model = m
	x.model.Workload.Origins = nil
	x.originLoc, x.route, x.rtt, x.originSet = nil, nil, nil, nil
	var plan operationPlan
	setIdx := map[string]int{}
	for i, rs := range m.ReplicaSets {
		setIdx[rs.Name] = i
	}
	for o, or := range m.Workload.Origins {
		add := func(org Origin, set, op int) {
			x.model.Workload.Origins = append(x.model.Workload.Origins, org)
			x.originLoc = append(x.originLoc, p.originLoc[o])
			x.route = append(x.route, p.route[o])
			x.rtt = append(x.rtt, p.rtt[o])
			x.originSet = append(x.originSet, set)
			plan.parents = append(plan.parents, o)
			plan.ops = append(plan.ops, expandedOp{origin: o, op: op})
		}
		if len(or.Operations) == 0 {
			add(or, p.originSet[o], -1)
			continue
		}
		for k, op := range or.Operations {
			sub := or
			sub.Name = or.Label()
			sub.Operations = nil
			sub.RPS = or.RPS * op.Share
			ratio := 0.0
			if op.Kind == OperationRead {
				ratio = 1
			}
			sub.ReadRatio = &ratio
			sub.ReplicaSet = op.ReplicaSet
			set := 0
			if op.ReplicaSet != "" {
				set = setIdx[op.ReplicaSet]
			}
			add(sub, set, k)
		}
	}
	plan.p = &x
	return plan
}

// compileOperations compiles the plan's model and sets each operation's
// contract on its engine origin.
func compileOperations(plan operationPlan, orig Model) *engine.Config {
	cfg := compile(plan.p)
	if plan.parents == nil {
		return cfg
	}
	reads := map[string]engine.ReadMode{
		ReadStrong:           engine.ReadStrong,
		ReadBoundedStaleness: engine.ReadBounded,
		ReadEventual:         engine.ReadEventual,
		ReadYourWrites:       engine.ReadYourWrites,
	}
	cfg.Parents = plan.parents
	cfg.NumParents = len(orig.Workload.Origins)
	for i, x := range plan.ops {
		if x.op < 0 {
			continue
		}
		op := orig.Workload.Origins[x.origin].Operations[x.op]
		oc := &cfg.Origins[i]
		if op.Kind == OperationRead && op.ReadConsistency != "" {
			oc.OverrideRead = true
			oc.Read = reads[op.ReadConsistency]
			oc.ReadStalenessMs = op.StalenessBoundMs
			if oc.ReadStalenessMs == 0 && oc.Set >= 0 {
				oc.ReadStalenessMs = cfg.Sets[oc.Set].StalenessMs
			}
		}
		oc.NonIdempotent = op.Kind == OperationWrite && !op.IsIdempotent()
	}
	return cfg
}

// withOperationFaults compiles a scenario's faults on the plan and spreads
// each fault on an origin to all of its operations: the fault compiler
// finds the first engine origin of a label, and a surge's rate is scaled
// from that origin's rate to each operation's.
func withOperationFaults(plan operationPlan, base *engine.Config, sc Scenario) *engine.Config {
	cfg := withFaults(plan.p, base, sc)
	if plan.parents == nil {
		return cfg
	}
	siblings := func(first int) []int {
		var out []int
		for i, parent := range plan.parents {
			if parent == plan.parents[first] && i != first {
				out = append(out, i)
			}
		}
		return out
	}
	var surges []engine.Surge
	for _, sg := range cfg.Surges {
		surges = append(surges, sg)
		for _, i := range siblings(sg.Origin) {
			s := sg
			s.Origin = i
			s.RatePerMs = sg.RatePerMs * cfg.Origins[i].RatePerMs / cfg.Origins[sg.Origin].RatePerMs
			surges = append(surges, s)
		}
	}
	cfg.Surges = surges
	var pairs []engine.PairFault
	for _, pf := range cfg.PairFaults {
		pairs = append(pairs, pf)
		for _, i := range siblings(pf.Origin) {
			f := pf
			f.Origin = i
			pairs = append(pairs, f)
		}
	}
	cfg.PairFaults = pairs
	return cfg
}

// aggregateOperations fills the scenario's per-operation results, and its
// pooled duplicate writes, from the replications' engine results; nothing
// when no origin has operations (the report is then what it was before
// operations existed).
func aggregateOperations(p *checkedModel, sc *ScenarioResult, results []*engine.Result) {
	m := p.model
	if !hasOperations(m) || len(results) == 0 || results[0].Operations == nil {
		return
	}
	n := len(results)
	dupTotal := make([]float64, n)
	dupRatio := make([]float64, n)
	writes := make([]int64, n)
	dups := make([]int64, n)
	i := 0
	for o, or := range m.Workload.Origins {
		if len(or.Operations) == 0 {
			i++
			continue
		}
		for _, op := range or.Operations {
			res := OperationResult{Origin: or.Label(), Name: op.Name, Kind: op.Kind, Idempotent: op.IsIdempotent()}
			set := p.originSet[o]
			if op.ReplicaSet != "" {
				set = slicesIndexSet(m, op.ReplicaSet)
			}
			if set >= 0 {
				res.ReplicaSet = m.ReplicaSets[set].Name
			}
			if op.Kind == OperationRead {
				res.ReadConsistency = op.ReadConsistency
				if res.ReadConsistency == "" && set >= 0 {
					res.ReadConsistency = m.ReplicaSets[set].ReadConsistency
				}
			}
			lat := make([]engine.Latency, n)
			av := make([]float64, n)
			stale := make([]float64, n)
			dup := make([]float64, n)
			dupR := make([]float64, n)
			measured, succeeded := false, false
			for r, rr := range results {
				x := rr.Operations[i]
				res.Requests += x.Measured
				lat[r] = x.Latency
				av[r] = ratio(x.Succeeded, x.Measured)
				measured = measured || x.Measured > 0
				succeeded = succeeded || x.Succeeded > 0
				// As a replica set's ratio: over the reads a replica,
				// a cache or the leader served.
				stale[r] = ratio(x.StaleReads, x.Reads+x.StrongReads)
				dup[r] = float64(x.DuplicateWrites)
				dupR[r] = ratio(x.DuplicateWrites, x.Measured)
				if op.Kind == OperationWrite {
					writes[r] += x.Measured
					dups[r] += x.DuplicateWrites
				}
			}
			if succeeded {
				l := latencyEstimate(lat)
				res.Latency = &l
			}
			if measured {
				a := ratioEstimate(av)
				res.Availability = &a
			}
			if op.Kind == OperationRead {
				e := ratioEstimate(stale)
				res.StaleReadRatio = &e
			} else {
				e, er := timeEstimate(dup), ratioEstimate(dupR)
				res.DuplicateWrites, res.DuplicateWriteRatio = &e, &er
			}
			sc.Operations = append(sc.Operations, res)
			i++
		}
	}
	for r := range results {
		dupTotal[r] = float64(dups[r])
		dupRatio[r] = ratio(dups[r], writes[r])
	}
	e, er := timeEstimate(dupTotal), ratioEstimate(dupRatio)
	sc.DuplicateWrites, sc.DuplicateWriteRatio = &e, &er
}

// slicesIndexSet is the index of the replica set named name, -1 for none.
func slicesIndexSet(m Model, name string) int {
	for i, rs := range m.ReplicaSets {
		if rs.Name == name {
			return i
		}
	}
	return -1
}

// operationClauses are the clauses of the duplicate_write_ratio target
// and of the operations' targets, after the per-origin ones. The global
// duplicate_write_ratio is over every write; without operations no write
// is declared non-idempotent, its observed ratio is 0 and Check warns. Then
// for each origin's operations in order: its latency quantiles,
// availability, stale_read_ratio and duplicate_write_ratio, each judged as
// the global clause of the same name is but on the operation's own
// figures, with Origin and Operation set. A latency clause fails when some
// replication had no successful request of the operation.
func operationClauses(m Model, sc ScenarioResult, results []*engine.Result) []ClauseResult {
	var out []ClauseResult
	if s := m.SLA; s.DuplicateWriteRatio != nil {
		t := *s.DuplicateWriteRatio
		e := Estimate{}
		if sc.DuplicateWriteRatio != nil {
			e = *sc.DuplicateWriteRatio
		}
		out = append(out, clause("duplicate_write_ratio", t, e, upperBound(t, e)))
	}
	i := 0
	k := 0
	for _, or := range m.Workload.Origins {
		if len(or.Operations) == 0 {
			i++
			continue
		}
		for _, op := range or.Operations {
			res := sc.Operations[k]
			lat := make([]engine.Latency, len(results))
			for r, rr := range results {
				lat[r] = rr.Operations[i].Latency
			}
			add := func(c ClauseResult) {
				c.Origin, c.Operation = or.Label(), op.Name
				out = append(out, c)
			}
			for _, c := range populationClauses(op.targets(), res.Latency, res.Availability, lat) {
				add(c)
			}
			if op.StaleReadRatio != nil {
				c := notMeasured("stale_read_ratio", *op.StaleReadRatio)
				if e := res.StaleReadRatio; e != nil && res.Requests > 0 {
					c = clause("stale_read_ratio", *op.StaleReadRatio, *e, upperBound(*op.StaleReadRatio, *e))
				}
				add(c)
			}
			if op.DuplicateWriteRatio != nil {
				c := notMeasured("duplicate_write_ratio", *op.DuplicateWriteRatio)
				if e := res.DuplicateWriteRatio; e != nil && res.Requests > 0 {
					c = clause("duplicate_write_ratio", *op.DuplicateWriteRatio, *e, upperBound(*op.DuplicateWriteRatio, *e))
				}
				add(c)
			}
			i++
			k++
		}
	}
	return out
}
