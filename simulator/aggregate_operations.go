package simulator

// Each operation's figures, from its engine origin's results.

import (
	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

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
