// Package report renders a simulator.Report for people: the Markdown of a
// pull-request comment and the text of SLA diagnostics. The provider and the
// CLI share it so that a plan, a CI check and a terminal say the same thing
// in the same words.
package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Verdicts of a whole report or of one scenario. The clause statuses are
// reused so that a verdict compares equal to the worst clause status; none
// means that no SLA clause was declared.
const (
	VerdictPass     = simulator.StatusPass
	VerdictMarginal = simulator.StatusMarginal
	VerdictFail     = simulator.StatusFail
	VerdictNone     = "none"
)

// Verdict is the worst clause status over every scenario of the report:
// fail beats marginal beats pass. It is VerdictNone when the report has no
// SLA clause at all, so that "nothing was checked" never reads as a pass.
func Verdict(r *simulator.Report) string {
	if r == nil {
		return VerdictNone
	}
	v := VerdictNone
	for _, s := range r.Scenarios {
		v = worse(v, ScenarioVerdict(s))
	}
	return v
}

// ScenarioVerdict is the worst clause status of one scenario, or
// VerdictNone when it has no clause.
func ScenarioVerdict(s simulator.ScenarioResult) string {
	v := VerdictNone
	for _, c := range s.SLA {
		v = worse(v, c.Status)
	}
	return v
}

// severity orders verdicts; an unknown status counts as a failure so that a
// status added to the simulator later is never mistaken for a pass.
func severity(v string) int {
	switch v {
	case VerdictNone:
		return 0
	case VerdictPass:
		return 1
	case VerdictMarginal:
		return 2
	default:
		return 3
	}
}

func worse(a, b string) string {
	if severity(b) > severity(a) {
		return b
	}
	return a
}

// Message is the text of one diagnostic: a one-line summary and a detail
// that says what is wrong, with the numbers, and how to fix it.
type Message struct {
	Summary string
	Detail  string
}

// SLAFailure describes the failed clauses of one scenario, or returns false
// when none failed. replications is the number of replications behind each
// interval (Report.Replications).
func SLAFailure(s simulator.ScenarioResult, replications int) (Message, bool) {
	if s.Replications > 0 {
		replications = s.Replications // the scenario's own, when an adaptive run stopped it apart
	}
	failed := clausesWithStatus(s, simulator.StatusFail)
	if len(failed) == 0 {
		return Message{}, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "In scenario %q, %s %s over the whole 95%% confidence interval of %s:\n",
		s.Name, plural(len(failed), "SLA clause"), verb(len(failed), "misses its target", "miss their targets"),
		plural(replications, "replication"))
	for _, c := range failed {
		fmt.Fprintf(&b, "  - %s\n", formatClauseIn(s, c))
	}
	// Where the time goes, so that the fix can be aimed.
	busy, slow := busiestRegions(s), slowestOrigins(s, failed)
	if busy != "" || slow != "" {
		b.WriteString("\n")
	}
	if busy != "" {
		fmt.Fprintf(&b, "Busiest regions: %s.\n", busy)
	}
	if slow != "" {
		fmt.Fprintf(&b, "Slowest origins %s.\n", slow)
	}
	own := originLines(s, failed)
	if own != "" && busy == "" && slow == "" {
		b.WriteString("\n")
	}
	b.WriteString(own)
	sets, caches, routing := replicaSetLines(s, failed), cacheTierLines(s, failed), routingLines(s, failed)
	if (sets != "" || caches != "" || routing != "") && busy == "" && slow == "" && own == "" {
		b.WriteString("\n")
	}
	b.WriteString(sets)
	b.WriteString(caches)
	b.WriteString(routing)
	fmt.Fprintf(&b, "\nTo fix: %s.", fixes(s, failed))
	return Message{
		Summary: fmt.Sprintf("SLA not met in scenario %q", s.Name),
		Detail:  b.String(),
	}, true
}

// SLAMarginal describes the clauses of one scenario whose interval
// straddles the target, or returns false when there are none. Such a clause
// is neither met nor missed: the run was too short or too noisy to tell.
func SLAMarginal(s simulator.ScenarioResult, replications int) (Message, bool) {
	if s.Replications > 0 {
		replications = s.Replications // the scenario's own, when an adaptive run stopped it apart
	}
	marginal := clausesWithStatus(s, simulator.StatusMarginal)
	if len(marginal) == 0 {
		return Message{}, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "In scenario %q, the 95%% confidence interval of %s straddles the target, so %s cannot tell whether %s met:\n",
		s.Name, plural(len(marginal), "SLA clause"), plural(replications, "replication"),
		verb(len(marginal), "it is", "they are"))
	for _, c := range marginal {
		side := "the mean misses the target"
		if meets(c, c.Observed) {
			side = "the mean meets the target"
		}
		fmt.Fprintf(&b, "  - %s; %s\n", FormatClause(c), side)
	}
	b.WriteString("\n" + MarginalAdvice)
	return Message{
		Summary: fmt.Sprintf("SLA marginal in scenario %q", s.Name),
		Detail:  b.String(),
	}, true
}

func clausesWithStatus(s simulator.ScenarioResult, status string) []simulator.ClauseResult {
	var out []simulator.ClauseResult
	for _, c := range s.SLA {
		if c.Status == status {
			out = append(out, c)
		}
	}
	return out
}

// FormatClause renders one clause on one line, for example
// "latency_p99_ms: target <= 50 ms, observed 83.2 ms (95% CI 81.0 to 85.3 ms)"
// or, for a per-origin clause, "latency_p99_ms (origin dublin): …".
func FormatClause(c simulator.ClauseResult) string {
	target, observed, interval := clauseCells(c)
	return fmt.Sprintf("%s: target %s, observed %s (95%% CI %s)", ClauseLabel(c), target, observed, interval)
}

// ClauseLabel names a clause in every rendering (table, Markdown, JUnit,
// diagnostics): its SLA attribute name, followed for a per-origin clause
// by the origin, as in "latency_p99_ms (origin dublin)", so that an
// origin's clause is never mistaken for the global one of the same name.
func ClauseLabel(c simulator.ClauseResult) string {
	if c.Origin == "" {
		return c.Clause
	}
	if c.Operation != "" {
		return fmt.Sprintf("%s (origin %s, operation %s)", c.Clause, c.Origin, c.Operation)
	}
	return fmt.Sprintf("%s (origin %s)", c.Clause, c.Origin)
}

// formatClauseIn is FormatClause for a clause of scenario s, which knows
// more than the clause: an rto_s clause of a scenario that did not recover
// says so, since its figure is then only a lower bound.
func formatClauseIn(s simulator.ScenarioResult, c simulator.ClauseResult) string {
	if notRecovered(s, c) {
		target, _, _ := clauseCells(c)
		return fmt.Sprintf("%s: target %s, not recovered within the fault (at least %s s)", ClauseLabel(c), target, measure(c.Observed))
	}
	return FormatClause(c)
}

// notRecovered reports whether c is the rto_s clause of a scenario that had
// not recovered when its faults ended.
func notRecovered(s simulator.ScenarioResult, c simulator.ClauseResult) bool {
	return c.Clause == "rto_s" && s.Routing != nil && !s.Routing.Recovered
}

// clauseCellsIn is clauseCells for a clause of scenario s: the observed
// figure of an rto_s clause that did not recover says so.
func clauseCellsIn(s simulator.ScenarioResult, c simulator.ClauseResult) (target, observed, interval string) {
	target, observed, interval = clauseCells(c)
	if notRecovered(s, c) {
		observed = fmt.Sprintf("not recovered (at least %s s)", measure(c.Observed))
	}
	if c.NotMeasured {
		observed, interval = "not measured", "n/a"
	}
	return target, observed, interval
}

// clauseCells formats a clause's target (with its comparison), observed
// mean and interval, all with the same unit and precision.
func clauseCells(c simulator.ClauseResult) (target, observed, interval string) {
	k := kindOf(c.Clause)
	cmp := "<="
	if k.lowerBound {
		cmp = ">="
	}
	if k.unit == unitPercent {
		d := percentDecimals(c.Target, c.Observed, c.Low, c.High)
		if !k.lowerBound {
			// An upper-bounded ratio (stale reads, conflicts) is small:
			// its decimals come from its size, not its gap to 100 %.
			d = smallPercentDecimals(c.Target, c.Observed, c.Low, c.High)
		}
		return cmp + " " + percent(c.Target, d), percent(c.Observed, d),
			percent(c.Low, d) + " to " + percent(c.High, d)
	}
	if k.unit == unitPerHour {
		return fmt.Sprintf("%s %s%s", cmp, number(c.Target), k.unit), costFigure(c.Observed) + k.unit,
			costFigure(c.Low) + " to " + costFigure(c.High) + k.unit
	}
	return fmt.Sprintf("%s %s%s", cmp, number(c.Target), k.unit),
		measure(c.Observed) + k.unit,
		measure(c.Low) + " to " + measure(c.High) + k.unit
}

// Units of clause kinds; a latency keeps a leading space ("83.2 ms").
const (
	unitMs       = " ms"
	unitS        = " s"
	unitPercent  = "%"
	unitRequests = " requests"
)

// slowestOrigins names up to three origins with the highest figure for the
// first failed latency clause, with the region serving them, so that a slow
// origin far from its region stands out; empty when no latency clause
// failed.
func slowestOrigins(s simulator.ScenarioResult, failed []simulator.ClauseResult) string {
	var c *simulator.ClauseResult
	for i := range failed {
		if kindOf(failed[i].Clause).quantile != nil {
			c = &failed[i]
			break
		}
	}
	if c == nil || len(s.Origins) < 2 {
		return ""
	}
	q := kindOf(c.Clause).quantile
	origins := slices.Clone(s.Origins)
	slices.SortStableFunc(origins, func(a, b simulator.OriginResult) int {
		return cmp.Compare(q(originLatency(b)).Mean, q(originLatency(a)).Mean)
	})
	var parts []string
	for i, o := range origins {
		if i == 3 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s ms (served by %s)", o.Name, measure(q(originLatency(o)).Mean), o.ServedBy))
	}
	return fmt.Sprintf("at %s: %s", strings.TrimSuffix(strings.TrimPrefix(c.Clause, "latency_"), "_ms"), strings.Join(parts, ", "))
}

// originLines describes, one line each, the origins whose own clauses
// failed (per-origin targets): the region serving them, their latency and
// their availability; empty when no per-origin clause failed.
func originLines(s simulator.ScenarioResult, failed []simulator.ClauseResult) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, c := range failed {
		if c.Origin == "" || seen[c.Origin] {
			continue
		}
		seen[c.Origin] = true
		i := slices.IndexFunc(s.Origins, func(o simulator.OriginResult) bool { return o.Name == c.Origin })
		if i < 0 {
			continue
		}
		o := s.Origins[i]
		l, a := originLatency(o), originAvailability(o)
		fmt.Fprintf(&b, "Origin %s (served by %s): p50 %s ms, p99 %s ms, availability %s.\n", o.Name, servedByText(o),
			measure(l.P50.Mean), measure(l.P99.Mean), percent(a.Mean, percentDecimals(a.Mean)))
	}
	return b.String()
}

// replicaSetLines describes, one line each, what the scenario's replica sets
// measured when a replica-set clause failed; empty otherwise.
func replicaSetLines(s simulator.ScenarioResult, failed []simulator.ClauseResult) string {
	if len(s.ReplicaSets) == 0 || !slices.ContainsFunc(failed, func(c simulator.ClauseResult) bool { return kindOf(c.Clause).replicaSet }) {
		return ""
	}
	var b strings.Builder
	b.WriteString("Replica sets (per replication):\n")
	for _, rs := range s.ReplicaSets {
		parts := []string{fmt.Sprintf("commit p99 %s ms", measure(rs.CommitLatency.P99.Mean))}
		if f, ok := worstFollower(rs); ok {
			parts = append(parts, fmt.Sprintf("worst follower lag p99 %s ms (%s)", measure(f.LagP99.Mean), f.Region))
		}
		parts = append(parts, fmt.Sprintf("stale reads %s", percent(rs.StaleReadRatio.Mean, smallPercentDecimals(rs.StaleReadRatio.Mean))))
		if rs.LostWrites.Mean > 0 || rs.Failovers.Mean > 0 {
			parts = append(parts, fmt.Sprintf("%s lost writes, RPO %s ms, %s failovers", measure(rs.LostWrites.Mean),
				measure(rs.RPOMs.Mean), measure(rs.Failovers.Mean)))
		}
		if rs.WriteUnavailableS.Mean > 0 {
			parts = append(parts, fmt.Sprintf("writes unavailable %s s", measure(rs.WriteUnavailableS.Mean)))
		}
		if rs.Conflicts.Mean > 0 {
			parts = append(parts, fmt.Sprintf("%s conflicts", measure(rs.Conflicts.Mean)))
		}
		fmt.Fprintf(&b, "  - %s (%s): %s\n", rs.Name, rs.Replication, strings.Join(parts, ", "))
	}
	return b.String()
}

// routingLines describes what the routing policy measured when a routing
// clause failed: how each fault was detected and, when the sovereignty
// clause failed, every route that broke an origin's allowed
// jurisdictions; empty otherwise.
func routingLines(s simulator.ScenarioResult, failed []simulator.ClauseResult) string {
	rr := s.Routing
	if rr == nil || !slices.ContainsFunc(failed, func(c simulator.ClauseResult) bool { return kindOf(c.Clause).routing }) {
		return ""
	}
	var b strings.Builder
	if slices.ContainsFunc(failed, func(c simulator.ClauseResult) bool { return c.Clause == "rto_s" }) {
		recovery := fmt.Sprintf("after %s s (95%% CI %s to %s s)", measure(rr.RTOS.Mean), measure(rr.RTOS.Low), measure(rr.RTOS.High))
		if !rr.Recovered {
			recovery = "not recovered when the faults ended"
		}
		fmt.Fprintf(&b, "Recovery to a %s success ratio per second: %s; %s attempts per request. Faults:\n",
			percent(rr.RTOTarget, percentDecimals(rr.RTOTarget)), recovery, measure(rr.AttemptsPerRequest.Mean))
		for _, f := range rr.Faults {
			detection := "never detected by the health checks"
			if f.Detected > 0 {
				detection = fmt.Sprintf("detected after %s s (95%% CI %s to %s s) in %s of replications", measure(f.DetectionS.Mean),
					measure(f.DetectionS.Low), measure(f.DetectionS.High), percent(f.Detected, 0))
			}
			fmt.Fprintf(&b, "  - %s of %s at %s s: %s\n", f.Type, f.Region, number(f.AtS), detection)
		}
		if len(rr.Faults) == 0 {
			b.WriteString("  - no fault of the scenario takes a region out\n")
		}
	}
	if slices.ContainsFunc(failed, func(c simulator.ClauseResult) bool { return c.Clause == "sovereignty_violations" }) &&
		len(rr.SovereigntyViolations) > 0 {
		b.WriteString("Routes outside the origin's allowed jurisdictions (requests per replication):\n")
		for _, v := range rr.SovereigntyViolations {
			fmt.Fprintf(&b, "  - %s -> %s (%s), first at %s s, %s requests\n", v.Origin, v.Region, jurisdictionText(v.Jurisdiction),
				measure(v.FirstS), measure(v.Requests))
		}
	}
	return b.String()
}

// jurisdictionText names a region's jurisdiction; a region placed by
// coordinates has none.
func jurisdictionText(j string) string {
	if j == "" {
		return "no jurisdiction"
	}
	return j
}

// cacheTierLines describes, one line per tier and region, the hit ratio and
// stale hits of the scenario's cache tiers when the stale_read_ratio clause
// failed; empty otherwise.
func cacheTierLines(s simulator.ScenarioResult, failed []simulator.ClauseResult) string {
	if len(s.CacheTiers) == 0 || !slices.ContainsFunc(failed, func(c simulator.ClauseResult) bool { return c.Clause == "stale_read_ratio" }) {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Cache tiers (overall hit ratio %s; stale hits are stale reads):\n", percent(s.CacheHitRatio.Mean, 1))
	for _, ct := range s.CacheTiers {
		for _, r := range ct.Regions {
			fmt.Fprintf(&b, "  - %s in %s: hit ratio %s, stale hits %s of hits\n", ct.Name, r.Region,
				percent(r.HitRatio.Mean, 1), percent(r.StaleHitRatio.Mean, smallPercentDecimals(r.StaleHitRatio.Mean)))
		}
	}
	return b.String()
}

// worstFollower is the follower with the highest p99 lag; ok is false
// when the replica set has no follower.
func worstFollower(rs simulator.ReplicaSetResult) (f simulator.FollowerResult, ok bool) {
	if len(rs.Followers) == 0 {
		return f, false
	}
	return slices.MaxFunc(rs.Followers, func(a, b simulator.FollowerResult) int {
		return cmp.Compare(a.LagP99.Mean, b.LagP99.Mean)
	}), true
}

// number renders a user-given figure such as a target exactly as written
// ("50", "12.5").
func number(x float64) string { return fmt.Sprintf("%g", x) }

// measure renders a measured figure with one decimal, or three significant
// digits below 1 so that sub-millisecond latencies do not read as 0.0.
// unmeasured is an estimate nothing measured: NaN, which every renderer
// shows as n/a.
var unmeasured = simulator.Estimate{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}

// originLatency is an origin's latency, n/a throughout when none of its
// requests succeeded (the report's nil).
func originLatency(o simulator.OriginResult) simulator.Latency {
	if o.Latency == nil {
		return simulator.Latency{Mean: unmeasured, P50: unmeasured, P95: unmeasured, P99: unmeasured, P999: unmeasured}
	}
	return *o.Latency
}

// originAvailability is an origin's availability, n/a when it sent no
// measured request (the report's nil).
func originAvailability(o simulator.OriginResult) simulator.Estimate {
	if o.Availability == nil {
		return unmeasured
	}
	return *o.Availability
}

// servedByText names the region that served an origin, with its share
// when another region served part of its requests too (a failover):
// "eu-west-1 (78.2%; us-east-1 21.8%)".
func servedByText(o simulator.OriginResult) string {
	if len(o.ServedShares) < 2 {
		return o.ServedBy
	}
	parts := make([]string, 0, len(o.ServedShares)-1)
	for _, sh := range o.ServedShares[1:] {
		parts = append(parts, sh.Region+" "+percent(sh.Share.Mean, 1))
	}
	return fmt.Sprintf("%s (%s; %s)", o.ServedBy, percent(o.ServedShares[0].Share.Mean, 1), strings.Join(parts, ", "))
}

func measure(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "n/a"
	case math.Abs(x) >= 1 || x == 0:
		return fmt.Sprintf("%.1f", x)
	default:
		return fmt.Sprintf("%.3g", x)
	}
}

// percent renders a ratio as a percentage with d decimals.
func percent(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.*f%%", d, 100*x)
}

// percentDecimals picks enough decimals to tell ratios close to 1 apart:
// two significant digits of the shortfall from 100 % ("99.90%", "99.952%"),
// at least one and at most six.
func percentDecimals(xs ...float64) int {
	d := 1
	for _, x := range xs {
		gap := 100 * (1 - x)
		if !(gap > 0) || math.IsInf(gap, 0) {
			continue
		}
		d = max(d, int(math.Ceil(-math.Log10(gap)))+1)
	}
	return min(d, 6)
}

// smallPercentDecimals picks enough decimals to show two significant
// digits of small ratios ("1.2%", "0.035%"), at least one and at most six.
func smallPercentDecimals(xs ...float64) int {
	d := 1
	for _, x := range xs {
		pct := 100 * x
		if !(pct > 0) || math.IsInf(pct, 0) {
			continue
		}
		d = max(d, int(math.Ceil(-math.Log10(pct)))+1)
	}
	return min(d, 6)
}

// plural renders "1 SLA clause" or "3 SLA clauses".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
