package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Headline words of each verdict. They are words, not symbols, so that the
// verdict survives plain-text logs and screen readers.
var headline = map[string]string{
	VerdictPass:     "PASS",
	VerdictMarginal: "MARGINAL",
	VerdictFail:     "FAIL",
	VerdictNone:     "NO SLA",
}

// Markdown renders the full report, the provider's report_markdown (the
// pull-request comment is Comment): the verdict, every SLA clause of every
// scenario with its interval (a per-origin clause named with its origin,
// see ClauseLabel), then per scenario the latency and availability of each
// origin, the load of each region and, when the model has them, what each
// replica set and cache tier measured. Every figure is a mean across
// replications with its 95% interval.
func Markdown(r *simulator.Report) string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	verdict := Verdict(r)
	fmt.Fprintf(&b, "## Topology simulation: %s\n\n", headline[verdict])
	fmt.Fprintf(&b, "%s\n\n", summaryLine(r, verdict))
	fmt.Fprintf(&b, "%s, seed %d, %s simulated requests.\n", plural(r.Replications, "replication"), r.Seed, thousands(r.SimulatedRequests))

	if verdict != VerdictNone {
		b.WriteString("\n### SLA\n\n")
		table(&b, []string{"Scenario", "Clause", "Target", "Observed", "95% CI", "Status"}, func(row func(...string)) {
			for _, s := range r.Scenarios {
				for _, c := range s.SLA {
					target, observed, interval := clauseCellsIn(s, c)
					status := c.Status
					if status != simulator.StatusPass {
						status = "**" + status + "**"
					}
					row(s.Name, ClauseLabel(c), target, observed, interval, status)
				}
			}
		})
	}

	for _, s := range r.Scenarios {
		fmt.Fprintf(&b, "\n### Scenario %s\n\n", code(s.Name))
		fmt.Fprintf(&b, "%s measured requests: latency p50 %s ms, p99 %s ms, availability %s.\n\n",
			thousands(s.Requests), withCI(s.Latency.P50), withCI(s.Latency.P99), availabilityWithCI(s.Availability))
		if len(s.ReplicaSets) > 0 {
			fmt.Fprintf(&b, "Reads p99 %s ms, writes p99 %s ms, write availability %s; stale reads %s, "+
				"replication lag p99 %s ms, lost writes %s, RPO %s ms, conflicts %s.\n\n",
				withCI(s.ReadLatency.P99), withCI(s.WriteLatency.P99), availabilityWithCI(s.WriteAvailability),
				smallPercentWithCI(s.StaleReadRatio), withCI(s.ReplicationLagP99), withCI(s.LostWrites), withCI(s.RPOMs),
				smallPercentWithCI(s.ConflictRatio))
		}
		table(&b, []string{"Origin", "Served by", "p50 (ms)", "p99 (ms)", "Availability"}, func(row func(...string)) {
			for _, o := range s.Origins {
				l := originLatency(o)
				row(o.Name, servedByText(o), withCI(l.P50), withCI(l.P99), availabilityWithCI(originAvailability(o)))
			}
		})
		b.WriteString("\n")
		table(&b, []string{"Region", "Utilization", "Arrivals (rps)", "Rejected", "Mean wait (ms)", "p99 in region (ms)"}, func(row func(...string)) {
			for _, g := range s.Regions {
				row(g.Name, percent(g.Utilization.Mean, 1), measure(g.ArrivalRate.Mean),
					percent(g.RejectedRatio.Mean, percentDecimals(1-g.RejectedRatio.Mean)),
					measure(g.MeanWait.Mean), measure(g.P99Sojourn.Mean))
			}
		})
		if len(s.ReplicaSets) > 0 {
			b.WriteString("\n")
			replicaSetTable(&b, s.ReplicaSets)
		}
		if len(s.CacheTiers) > 0 {
			fmt.Fprintf(&b, "\nCache hit ratio %s.\n\n", ratioWithCI(s.CacheHitRatio))
			cacheTierTable(&b, s.CacheTiers)
		}
		if s.Routing != nil {
			routingSection(&b, s)
		}
	}
	return b.String()
}

// routingSection writes what the routing policy measured in one scenario:
// retry amplification, goodput, timeouts and breaker openings, the
// recovery, how each fault was detected, and the routes that broke an
// origin's allowed jurisdictions.
func routingSection(b *strings.Builder, s simulator.ScenarioResult) {
	rr := s.Routing
	fmt.Fprintf(b, "\nRouting: %s attempts per request, goodput %s rps, %s of attempts timed out, %s circuit-breaker openings.",
		withCI(rr.AttemptsPerRequest), withCI(rr.GoodputRPS), smallPercentWithCI(rr.TimedOutRatio), withCI(rr.BreakerOpens))
	if s.Name != simulator.BaselineScenario {
		recovered := "recovered"
		if !rr.Recovered {
			recovered = "**not recovered** when the faults ended (a lower bound)"
		}
		fmt.Fprintf(b, " RTO %s s against a %s success ratio, %s.", withCI(rr.RTOS),
			percent(rr.RTOTarget, percentDecimals(rr.RTOTarget)), recovered)
	}
	b.WriteString("\n")
	if len(rr.Faults) > 0 {
		b.WriteString("\n")
		table(b, []string{"Fault", "Region", "At (s)", "Detected after (s)", "Detected in"}, func(row func(...string)) {
			for _, f := range rr.Faults {
				detection := withCI(f.DetectionS)
				if f.Detected == 0 {
					detection = "not detected"
				}
				row(f.Type, f.Region, number(f.AtS), detection, percent(f.Detected, 0)+" of replications")
			}
		})
	}
	if len(rr.SovereigntyViolations) > 0 {
		b.WriteString("\n**Sovereignty violations**: requests routed outside their origin's allowed jurisdictions.\n\n")
		table(b, []string{"Origin", "Region", "Jurisdiction", "First (s)", "Requests per replication"}, func(row func(...string)) {
			for _, v := range rr.SovereigntyViolations {
				row(v.Origin, v.Region, jurisdictionText(v.Jurisdiction), measure(v.FirstS), measure(v.Requests))
			}
		})
	}
}

// cacheTierTable writes, per cache tier and region, the hit ratio and the
// stale hits (hits that served an entry older than the key's last committed
// version), with the hit and miss latency of that region's cache (not the
// tier's, which would repeat on every row); a tier in several regions then
// has one "all regions" row with its tier-wide latencies, shown once.
func cacheTierTable(b *strings.Builder, tiers []simulator.CacheTierResult) {
	table(b, []string{"Cache tier", "Region", "Hit ratio", "Stale hits (of hits)", "Hit p99 (ms)", "Miss p99 (ms)"}, func(row func(...string)) {
		for _, ct := range tiers {
			for _, r := range ct.Regions {
				row(ct.Name, r.Region, ratioWithCI(r.HitRatio), smallPercentWithCI(r.StaleHitRatio),
					withCI(r.HitLatency.P99), withCI(r.MissLatency.P99))
			}
			if len(ct.Regions) > 1 {
				row(ct.Name, "all regions", "–", "–", withCI(ct.HitLatency.P99), withCI(ct.MissLatency.P99))
			}
		}
	})
}

// ratioWithCI renders a ratio estimate such as a hit ratio as percentages
// with one decimal: "82.4% (81.9% to 82.8%)".
func ratioWithCI(e simulator.Estimate) string {
	return fmt.Sprintf("%s (%s to %s)", percent(e.Mean, 1), percent(e.Low, 1), percent(e.High, 1))
}

// replicaSetTable writes what each replica set measured in one scenario;
// counts are per replication.
func replicaSetTable(b *strings.Builder, sets []simulator.ReplicaSetResult) {
	table(b, []string{"Replica set", "Mode", "Commit p99 (ms)", "Worst follower lag p99 (ms)", "Stale reads",
		"Lost writes", "RPO (ms)", "Conflicts", "Writes unavailable (s)", "Failovers"}, func(row func(...string)) {
		for _, rs := range sets {
			lag := "n/a"
			if f, ok := worstFollower(rs); ok {
				lag = fmt.Sprintf("%s (%s)", withCI(f.LagP99), f.Region)
			}
			row(rs.Name, rs.Replication, withCI(rs.CommitLatency.P99), lag, smallPercentWithCI(rs.StaleReadRatio),
				withCI(rs.LostWrites), withCI(rs.RPOMs), withCI(rs.Conflicts), withCI(rs.WriteUnavailableS), measure(rs.Failovers.Mean))
		}
	})
}

// smallPercentWithCI renders a small ratio estimate as percentages.
func smallPercentWithCI(e simulator.Estimate) string {
	d := smallPercentDecimals(e.Mean, e.Low, e.High)
	return fmt.Sprintf("%s (%s to %s)", percent(e.Mean, d), percent(e.Low, d), percent(e.High, d))
}

// summaryLine says in one sentence what the verdict rests on.
func summaryLine(r *simulator.Report, verdict string) string {
	if verdict == VerdictNone {
		return "No SLA was declared: the figures below are not checked against any target."
	}
	counts := map[string]int{}
	total := 0
	var failing []string
	for _, s := range r.Scenarios {
		for _, c := range s.SLA {
			counts[c.Status]++
			total++
		}
		if ScenarioVerdict(s) == VerdictFail {
			failing = append(failing, code(s.Name))
		}
	}
	tally := fmt.Sprintf("%s over %s: %d pass, %d marginal, %d fail.", plural(total, "SLA clause"),
		plural(len(r.Scenarios), "scenario"), counts[simulator.StatusPass], counts[simulator.StatusMarginal], counts[simulator.StatusFail])
	switch verdict {
	case VerdictFail:
		return fmt.Sprintf("SLA not met in %s. %s", strings.Join(failing, ", "), tally)
	case VerdictMarginal:
		return "SLA not settled: some 95% intervals straddle their target; run more replications or a longer simulation. " + tally
	default:
		return "SLA met: every clause meets its target over its whole 95% interval. " + tally
	}
}

// table writes a Markdown table; rows are added through the row callback so
// that every cell goes through the same escaping.
func table(b *strings.Builder, header []string, rows func(row func(...string))) {
	line := func(cells ...string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + escape(c) + " |")
		}
		b.WriteString("\n")
	}
	line(header...)
	b.WriteString(strings.Repeat("| --- ", len(header)) + "|\n")
	rows(line)
}

// escape keeps a cell on one line and inside its column.
func escape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

// code renders a name as inline code; names never contain backticks
// ([a-z0-9-] or a location), but an origin label might, so they are dropped.
func code(s string) string { return "`" + strings.ReplaceAll(s, "`", "") + "`" }

// withCI renders an estimate as "12.3 (12.1 to 12.5)".
func withCI(e simulator.Estimate) string {
	if math.IsNaN(e.Mean) {
		return "n/a"
	}
	return fmt.Sprintf("%s (%s to %s)", measure(e.Mean), measure(e.Low), measure(e.High))
}

// availabilityWithCI renders an availability estimate as percentages with
// enough decimals to tell the mean from its bounds.
func availabilityWithCI(e simulator.Estimate) string {
	if math.IsNaN(e.Mean) {
		return "n/a"
	}
	d := percentDecimals(e.Mean, e.Low, e.High)
	return fmt.Sprintf("%s (%s to %s)", percent(e.Mean, d), percent(e.Low, d), percent(e.High, d))
}

// thousands renders a count with comma separators ("1,234,567").
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
