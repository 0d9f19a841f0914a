package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// CommentMarker is the hidden HTML comment at the end of a pull-request
// comment's first line. A workflow finds the comment that holds it and
// edits it in place, so a pull request keeps one comment however often it
// is pushed (examples/ci/github-actions.yml).
const CommentMarker = "<!-- topology-sla-check -->"

// SlowestOrigins is how many origins, slowest p99 first, a scenario's
// details list.
const SlowestOrigins = 3

// CommentSimulation is one simulation in a pull-request comment.
type CommentSimulation struct {
	// Address is the simulation's address in the plan, or the model
	// file's name.
	Address string
	Report  *simulator.Report
	// Before is what this simulation measured before the change: the
	// results of its prior state in a plan, or the same address in the
	// report given to --compare-to. Nil when there is nothing before (a
	// new simulation), which the comment shows as "new" when Compared.
	Before *simulator.Report
}

// Comment renders the simulations as one pull-request comment: a first
// line with the verdict and the counts (and CommentMarker), a table with
// one row per simulation and scenario (with the change when compared is
// true), then per simulation and scenario a collapsed <details> with the
// clause table, the slowest origins and the advice the terminal prints.
// Every figure is formatted by one commentFormat, so an availability has
// the same precision everywhere in the comment.
func Comment(sims []CommentSimulation, compared bool) string {
	f := newCommentFormat(sims)
	// With nothing before at all (a first plan), "new" everywhere would
	// say nothing: the comment is then the figures alone.
	compared = compared && slices.ContainsFunc(sims, func(s CommentSimulation) bool { return s.Before != nil })
	var b strings.Builder
	b.WriteString(verdictLine(sims) + " " + CommentMarker + "\n\n")
	b.WriteString(runLine(sims) + "\n\n")
	summaryTable(&b, f, sims, compared)
	eachScenario(sims, func(sim CommentSimulation, s simulator.ScenarioResult, before *simulator.ScenarioResult) {
		scenarioDetails(&b, f, sim, s, before, compared)
	})
	return b.String()
}

// verdictIcon and verdictWords are how the first line and the summaries
// say a verdict: a symbol for the eye, the word for logs and screen
// readers.
var (
	verdictIcon  = map[string]string{VerdictPass: "✅", VerdictMarginal: "⚠️", VerdictFail: "❌", VerdictNone: "➖"}
	verdictWords = map[string]string{VerdictPass: "pass", VerdictMarginal: "marginal", VerdictFail: "fail", VerdictNone: "no SLA"}
)

// verdictLine is the comment's first line: "**❌ SLA check failed**: 2 of
// 3 simulations, 5 of 12 clauses failed, 1 marginal".
func verdictLine(sims []CommentSimulation) string {
	verdict := VerdictNone
	failedSims, marginalSims, clauses := 0, 0, 0
	counts := map[string]int{}
	for _, sim := range sims {
		v := Verdict(sim.Report)
		verdict = worse(verdict, v)
		switch v {
		case VerdictFail:
			failedSims++
		case VerdictMarginal:
			marginalSims++
		}
		if sim.Report == nil {
			continue
		}
		for _, s := range sim.Report.Scenarios {
			for _, c := range s.SLA {
				counts[c.Status]++
				clauses++
			}
		}
	}
	n := len(sims)
	switch verdict {
	case VerdictFail:
		line := fmt.Sprintf("**%s SLA check failed**: %d of %s, %d of %s failed", verdictIcon[verdict], failedSims, plural(n, "simulation"),
			counts[simulator.StatusFail], plural(clauses, "clause"))
		if counts[simulator.StatusMarginal] > 0 {
			line += fmt.Sprintf(", %d marginal", counts[simulator.StatusMarginal])
		}
		return line
	case VerdictMarginal:
		return fmt.Sprintf("**%s SLA check marginal**: %d of %s, %d of %s marginal (their 95 %% intervals straddle the target), none failed",
			verdictIcon[verdict], marginalSims, plural(n, "simulation"), counts[simulator.StatusMarginal], plural(clauses, "clause"))
	case VerdictPass:
		return fmt.Sprintf("**%s SLA check passed**: %s, all %s met", verdictIcon[verdict], plural(n, "simulation"), plural(clauses, "clause"))
	default:
		return fmt.Sprintf("**%s No SLA declared**: %s, nothing checked", verdictIcon[verdict], plural(n, "simulation"))
	}
}

// runLine says what the figures are: the replications and requests behind
// them.
func runLine(sims []CommentSimulation) string {
	var requests int64
	reps := map[int]bool{}
	for _, sim := range sims {
		if sim.Report != nil {
			requests += sim.Report.SimulatedRequests
			reps[sim.Report.Replications] = true
		}
	}
	r := make([]int, 0, len(reps))
	for k := range reps {
		r = append(r, k)
	}
	slices.Sort(r)
	words := make([]string, len(r))
	for i, k := range r {
		words[i] = fmt.Sprint(k)
	}
	noun := "replications"
	if len(r) == 1 && r[0] == 1 {
		noun = "replication"
	}
	return fmt.Sprintf("Means over %s %s (%s simulated requests); 95 %% intervals and advice in the details below.",
		strings.Join(words, " or "), noun, thousands(requests))
}

// summaryTable is the table above the fold: per simulation and scenario,
// the verdict, the p99 latency and the availability, each with its change
// when compared.
func summaryTable(b *strings.Builder, f commentFormat, sims []CommentSimulation, compared bool) {
	header := []string{"Simulation", "Scenario", "Verdict", "p99", "Availability"}
	if compared {
		header[2] = "Verdict (before → after)"
	}
	table(b, header, func(row func(...string)) {
		eachScenario(sims, func(sim CommentSimulation, s simulator.ScenarioResult, before *simulator.ScenarioResult) {
			verdict := scenarioVerdictText(s)
			p99 := f.ms(s.Latency.P99.Mean)
			avail := f.availability(s.Availability.Mean)
			switch {
			case compared && before == nil:
				// A new simulation or scenario: its figures alone.
				verdict = "new → " + verdict
			case compared:
				verdict = scenarioVerdictText(*before) + " → " + verdict
				p99 = f.change(figureMs, beforeFigure(before, func(s simulator.ScenarioResult) float64 { return s.Latency.P99.Mean }), s.Latency.P99.Mean)
				avail = f.change(figureAvailability, beforeFigure(before, func(s simulator.ScenarioResult) float64 { return s.Availability.Mean }), s.Availability.Mean)
			}
			row(code(sim.Address), code(s.Name), verdict, p99, avail)
		})
	})
}

// eachScenario calls f for every scenario of every simulation that has a
// report, in order, with the same scenario of the simulation's before
// report (nil when there is none).
func eachScenario(sims []CommentSimulation, f func(sim CommentSimulation, s simulator.ScenarioResult, before *simulator.ScenarioResult)) {
	for _, sim := range sims {
		if sim.Report == nil {
			continue
		}
		for _, s := range sim.Report.Scenarios {
			var before *simulator.ScenarioResult
			if sim.Before != nil {
				before = scenarioNamed(sim.Before, s.Name)
			}
			f(sim, s, before)
		}
	}
}

// beforeFigure is a figure of the before scenario, or nil when there is
// none.
func beforeFigure(s *simulator.ScenarioResult, pick func(simulator.ScenarioResult) float64) *float64 {
	if s == nil {
		return nil
	}
	x := pick(*s)
	return &x
}

// scenarioVerdictText is a scenario's verdict with its failed (or
// marginal) clauses counted: "**fail** (2 of 4 clauses)".
func scenarioVerdictText(s simulator.ScenarioResult) string {
	v := ScenarioVerdict(s)
	switch v {
	case VerdictFail, VerdictMarginal:
		return fmt.Sprintf("%s **%s** (%d of %d)", verdictIcon[v], verdictWords[v], len(clausesWithStatus(s, v)), len(s.SLA))
	default:
		return verdictIcon[v] + " " + verdictWords[v]
	}
}

// scenarioDetails is the collapsed section of one scenario.
func scenarioDetails(b *strings.Builder, f commentFormat, sim CommentSimulation, s simulator.ScenarioResult, before *simulator.ScenarioResult, compared bool) {
	fmt.Fprintf(b, "\n<details><summary>%s <code>%s</code>, scenario <code>%s</code>: %s</summary>\n\n", verdictIcon[ScenarioVerdict(s)],
		htmlText(sim.Address), htmlText(s.Name), strings.ReplaceAll(strings.TrimPrefix(scenarioVerdictText(s), verdictIcon[ScenarioVerdict(s)]+" "), "**", ""))
	if len(s.SLA) > 0 {
		header := []string{"Clause", "Target", "Observed", "95 % CI", "Status"}
		if compared {
			header[2], header[4] = "Observed (before → after)", "Status (before → after)"
		}
		table(b, header, func(row func(...string)) {
			for _, c := range s.SLA {
				target, observed, interval := f.clause(s, c)
				status := c.Status
				if status != simulator.StatusPass {
					status = "**" + status + "**"
				}
				if compared {
					var prev *simulator.ClauseResult
					if before != nil {
						prev = clauseLike(*before, c)
						observed = f.clauseChange(s, prev, c)
					}
					if prev == nil {
						status = "new → " + status
					} else {
						status = prev.Status + " → " + status
					}
				}
				row(ClauseLabel(c), target, observed, interval, status)
			}
		})
	} else {
		b.WriteString("No SLA clause declared.\n")
	}
	originsTable(b, f, s, before, compared)
	adviceBlock(b, s, sim.Report.Replications)
	b.WriteString("\n</details>\n")
}

// originsTable lists the slowest origins at p99 with their region, p50,
// p99 and availability.
func originsTable(b *strings.Builder, f commentFormat, s simulator.ScenarioResult, before *simulator.ScenarioResult, compared bool) {
	if len(s.Origins) == 0 {
		return
	}
	origins := slices.Clone(s.Origins)
	slices.SortStableFunc(origins, func(a, b simulator.OriginResult) int {
		return cmp.Compare(originLatency(b).P99.Mean, originLatency(a).P99.Mean)
	})
	shown := min(len(origins), SlowestOrigins)
	fmt.Fprintf(b, "\nSlowest origins at p99 (%d of %d):\n\n", shown, len(origins))
	table(b, []string{"Origin", "Served by", "p50", "p99", "Availability"}, func(row func(...string)) {
		for _, o := range origins[:shown] {
			l, a := originLatency(o), originAvailability(o)
			p50, p99, avail := f.ms(l.P50.Mean), f.ms(l.P99.Mean), f.availability(a.Mean)
			if compared && before != nil {
				var prev *simulator.OriginResult
				if i := slices.IndexFunc(before.Origins, func(p simulator.OriginResult) bool { return p.Name == o.Name }); i >= 0 {
					prev = &before.Origins[i]
				}
				pick := func(get func(simulator.OriginResult) float64) *float64 {
					if prev == nil {
						return nil
					}
					x := get(*prev)
					return &x
				}
				p50 = f.change(figureMs, pick(func(o simulator.OriginResult) float64 { return originLatency(o).P50.Mean }), l.P50.Mean)
				p99 = f.change(figureMs, pick(func(o simulator.OriginResult) float64 { return originLatency(o).P99.Mean }), l.P99.Mean)
				avail = f.change(figureAvailability, pick(func(o simulator.OriginResult) float64 { return originAvailability(o).Mean }), a.Mean)
			}
			row(o.Name, f.servedBy(o), p50, p99, avail)
		}
	})
}

// adviceBlock quotes what the terminal prints for a failed or marginal
// scenario, "To fix" included, word for word: a fenced block, so that the
// comment and the CI log say the same thing.
func adviceBlock(b *strings.Builder, s simulator.ScenarioResult, replications int) {
	for _, m := range []func(simulator.ScenarioResult, int) (Message, bool){SLAFailure, SLAMarginal} {
		msg, ok := m(s, replications)
		if !ok {
			continue
		}
		fmt.Fprintf(b, "\n%s, as the terminal says it:\n\n```text\n%s\n```\n", msg.Summary, strings.ReplaceAll(msg.Detail, "```", "'''"))
	}
}

// scenarioNamed is the scenario of r with the given name, or nil.
func scenarioNamed(r *simulator.Report, name string) *simulator.ScenarioResult {
	for i := range r.Scenarios {
		if r.Scenarios[i].Name == name {
			return &r.Scenarios[i]
		}
	}
	return nil
}

// clauseLike is the clause of s with the same name, origin and operation
// as c, or nil.
func clauseLike(s simulator.ScenarioResult, c simulator.ClauseResult) *simulator.ClauseResult {
	for i, p := range s.SLA {
		if p.Clause == c.Clause && p.Origin == c.Origin && p.Operation == c.Operation {
			return &s.SLA[i]
		}
	}
	return nil
}

// htmlText escapes a name for HTML (the <summary> line is HTML, not
// Markdown).
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
