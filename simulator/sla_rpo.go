package simulator

// rpoStatus judges the rpo_ms clause. A positive target is judged on the
// 95 % interval like every other upper bound (upperBound). A target of 0
// demands that no committed write is ever lost, and an interval cannot
// show that (with one replication in ten losing a write, its lower bound
// is clamped at 0 and the clause would be marginal): it is judged by the
// worst replication instead, and fails when any replication lost a write
// (at a failover or at a split-brain heal), passing otherwise; never
// marginal.
func rpoStatus(target float64, sc ScenarioResult) string {
	if target > 0 {
		return upperBound(target, sc.RPOMs)
	}
	if sc.lostMax > 0 {
		return StatusFail
	}
	return StatusPass
}
