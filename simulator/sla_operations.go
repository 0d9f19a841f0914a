package simulator

// The SLA clauses of operations and of duplicate_write_ratio.

import "github.com/multiregion/terraform-provider-topology/simulator/internal/engine"

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
