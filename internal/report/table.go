package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Table writes the report as aligned plain-text tables for a terminal: a
// headline with the verdict, every SLA clause of every scenario (a
// per-origin clause named with its origin, see ClauseLabel), and per
// scenario the latency and availability of each origin and the load of each
// region. title names what was simulated (a data source address or a file).
// Every figure is a mean across replications; intervals are 95%.
func Table(w io.Writer, title string, r *simulator.Report) error {
	if r == nil {
		_, err := fmt.Fprintf(w, "%s: no report\n", title)
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	verdict := Verdict(r)
	fmt.Fprintf(tw, "%s: %s (seed %d, %s, %s simulated requests)\n",
		title, headline[verdict], r.Seed, replicationsRan(r), thousands(r.SimulatedRequests))
	if verdict != VerdictNone {
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "SCENARIO\tCLAUSE\tTARGET\tOBSERVED\t95% CI\tSTATUS")
		for _, s := range r.Scenarios {
			for _, c := range s.SLA {
				k := kindOf(c.Clause)
				cmp := "<="
				if k.lowerBound {
					cmp = ">="
				}
				fig := tableFigure
				switch k.unit {
				case unitPercent:
					fig = func(x float64) string { return tablePercent(x, 3) }
				case unitPerHour:
					fig = costFigure // a cost of 1.03 must not read as 1.0
				}
				observed, interval := fig(c.Observed), fig(c.Low)+" to "+fig(c.High)
				if notRecovered(s, c) {
					observed = "not recovered (>= " + observed + ")"
				}
				if c.NotMeasured {
					observed, interval = "not measured", "n/a"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\t%s\t%s\n", s.Name, ClauseLabel(c), cmp, tableTarget(c.Target, k.unit == unitPercent),
					observed, interval, strings.ToUpper(c.Status))
			}
		}
	} else {
		fmt.Fprintln(tw, "No SLA declared: nothing was checked.")
	}
	for _, s := range r.Scenarios {
		fmt.Fprintf(tw, "\nScenario %s: %s, %s measured requests, p50 %s ms, p99 %s ms, availability %s\n",
			s.Name, stopping(s), thousands(s.Requests), tableEstimate(s.Latency.P50), tableEstimate(s.Latency.P99), tableRatio(s.Availability))
		fmt.Fprintln(tw, "ORIGIN\tSERVED BY\tREQUESTS\tP50 MS\tP99 MS\tP99.9 MS\tAVAILABILITY")
		for _, o := range s.Origins {
			l := originLatency(o)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.Name, servedByText(o), thousands(o.Requests),
				tableEstimate(l.P50), tableEstimate(l.P99), tableEstimate(l.P999), tableRatio(originAvailability(o)))
		}
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "REGION\tUTILIZATION\tARRIVALS RPS\tREJECTED\tMEAN WAIT MS\tP99 IN REGION MS")
		for _, g := range s.Regions {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", g.Name, tablePercent(g.Utilization.Mean, 1),
				tableFigure(g.ArrivalRate.Mean), tablePercent(g.RejectedRatio.Mean, 3),
				tableFigure(g.MeanWait.Mean), tableFigure(g.P99Sojourn.Mean))
		}
		writeCostTable(tw, s)
		writeAutoscalingTable(tw, s)
	}
	return tw.Flush()
}

// tableFigure renders a measured figure with one decimal, or four
// significant digits below 1 (ratios such as availability).
func tableFigure(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "n/a"
	case math.Abs(x) >= 1 || x == 0:
		return fmt.Sprintf("%.1f", x)
	default:
		return fmt.Sprintf("%.4g", x)
	}
}

// tableEstimate renders "12.3 [12.1, 12.5]".
func tableEstimate(e simulator.Estimate) string {
	if math.IsNaN(e.Mean) {
		return "n/a"
	}
	return fmt.Sprintf("%s [%s, %s]", tableFigure(e.Mean), tableFigure(e.Low), tableFigure(e.High))
}

// tableRatio renders a ratio estimate as percentages.
func tableRatio(e simulator.Estimate) string {
	if math.IsNaN(e.Mean) {
		return "n/a"
	}
	return fmt.Sprintf("%s [%s, %s]", tablePercent(e.Mean, 3), tablePercent(e.Low, 3), tablePercent(e.High, 3))
}

func tablePercent(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.*f%%", decimals, 100*x)
}

// tableTarget renders a target as the user wrote it (a ratio as a
// percentage).
func tableTarget(x float64, ratio bool) string {
	if ratio {
		return fmt.Sprintf("%g%%", 100*x)
	}
	return fmt.Sprintf("%g", x)
}

// replicationsRan is the headline's count: "5 replications" when every
// scenario ran the same number, "2 to 8 replications" when an adaptive run
// stopped its scenarios apart.
func replicationsRan(r *simulator.Report) string {
	lo := r.Replications
	for _, s := range r.Scenarios {
		if s.Replications > 0 {
			lo = min(lo, s.Replications)
		}
	}
	if lo == r.Replications {
		return plural(r.Replications, "replication")
	}
	return fmt.Sprintf("%d to %d replications", lo, r.Replications)
}

// stopping says how many replications a scenario ran and why no more
// did (simulator.ScenarioResult.StoppedBy).
func stopping(s simulator.ScenarioResult) string {
	n := plural(s.Replications, "replication")
	if s.StoppedBy == "" {
		return n
	}
	return n + " (stopped: " + stopReasons[s.StoppedBy] + ")"
}

// stopReasons words each stopping reason for the terminal.
var stopReasons = map[string]string{
	simulator.StopFixed:     "fixed",
	simulator.StopDecided:   "every clause decided",
	simulator.StopPrecision: "precision reached",
	simulator.StopCap:       "max_replications reached",
	simulator.StopBudget:    "max_simulated_requests reached",
}
