package report

import "github.com/multiregion/terraform-provider-topology/simulator"

// MarginalAdvice is what the terminal says to settle a marginal clause: the
// interval, not the topology, is what is in doubt.
const MarginalAdvice = "To settle it, narrow the interval with more replications (replications) or a longer run (duration_s), " +
	"or move the target away from the observed value."

// ClauseAdvice is the "To fix" advice on one failed clause c of scenario s,
// the same words as the terminal's diagnostic gives it (without the "To
// fix: " lead), for renderings that show one clause at a time, such as a
// SARIF result or a GitHub annotation.
func ClauseAdvice(s simulator.ScenarioResult, c simulator.ClauseResult) string {
	return fixes(s, []simulator.ClauseResult{c})
}

// ClauseLine is FormatClause for a clause of scenario s: an rto_s clause
// that did not recover, and a clause that was not measured, say so.
func ClauseLine(s simulator.ScenarioResult, c simulator.ClauseResult) string {
	if c.NotMeasured {
		target, _, _ := clauseCells(c)
		return ClauseLabel(c) + ": target " + target + ", not measured (no request of it was measured)"
	}
	return formatClauseIn(s, c)
}

// ClauseFix is the generic advice for a kind of clause (its SLA attribute
// name), without a scenario's figures: a rule's help text.
func ClauseFix(clause string) string {
	return kindOf(clause).fix
}
