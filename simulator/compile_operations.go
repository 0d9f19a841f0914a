package simulator

// An origin with operations compiled as one engine origin per operation
// (operations.go), grouped back by engine.Config.Parents.

import (
	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

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
