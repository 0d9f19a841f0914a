package cli

// sweep --minimize cost: the cheapest point of the grid that meets the SLA.

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// minimizeCost is the one objective --minimize knows.
const minimizeCost = "cost"

// costCells are a scenario's cost columns of the sweep CSV (cost_per_hour
// and its interval), empty without prices.
func costCells(s simulator.ScenarioResult) []string {
	if s.Cost == nil {
		return []string{"", "", ""}
	}
	e := s.Cost.PerHour.Total
	return []string{csvFloat(e.Mean), csvFloat(e.Low), csvFloat(e.High)}
}

// pointCost is what ranks a point: the baseline's cost per hour (what the
// topology costs in normal operation; faults change transfer only, and
// max_cost_per_hour judges every scenario anyway); ok is false without
// cost figures.
func pointCost(r *simulator.Report) (simulator.Estimate, string, bool) {
	for _, s := range r.Scenarios {
		if s.Name == simulator.BaselineScenario && s.Cost != nil {
			return s.Cost.PerHour.Total, s.Cost.Currency, true
		}
	}
	return simulator.Estimate{}, "", false
}

// passes reports whether every clause of every scenario of the point
// passes: a marginal clause is not shown to be met.
func passes(r *simulator.Report) bool {
	for _, s := range r.Scenarios {
		if v := report.ScenarioVerdict(s); v != report.VerdictPass && v != report.VerdictNone {
			return false
		}
	}
	return true
}

// cheapestPassing is the index in rows of the point that passes the SLA at
// the lowest baseline cost per hour (the first on a tie, so the answer
// depends on the grid alone), -1 when none passes.
func cheapestPassing(rows []sweepRow) int {
	best, bestCost := -1, math.Inf(1)
	for i, r := range rows {
		if r.Report == nil || !passes(r.Report) {
			continue
		}
		if c, _, ok := pointCost(r.Report); ok && c.Mean < bestCost {
			best, bestCost = i, c.Mean
		}
	}
	return best
}

// writeCheapest says which point is cheapest among those that pass, on w;
// it returns false when none passes.
func writeCheapest(w io.Writer, params []param, rows []sweepRow, sharded bool) bool {
	i := cheapestPassing(rows)
	of := "the grid"
	if sharded {
		of = "this shard"
	}
	if i < 0 {
		fmt.Fprintf(w, "%s sweep: no point of %s meets the SLA in every scenario (pass, not marginal); none to minimise cost over\n", ProgramName, of)
		return false
	}
	r := rows[i]
	var vals []string
	for j, p := range params {
		vals = append(vals, fmt.Sprintf("%s=%g", p.Name, r.Point.Values[j]))
	}
	c, currency, _ := pointCost(r.Report)
	if currency != "" {
		currency = " " + currency
	}
	fmt.Fprintf(w, "%s sweep: cheapest point of %s that meets the SLA: point %d (%s), baseline cost %s%s per hour (95%% CI %s to %s), %s per month\n",
		ProgramName, of, r.Point.Index, strings.Join(vals, ", "), csvFloat(c.Mean), currency, csvFloat(c.Low), csvFloat(c.High),
		csvFloat(c.Mean*simulator.HoursPerMonth))
	return true
}

// hasPrices reports whether some region of m has prices (the simulator
// refuses prices on some regions only).
func hasPrices(m simulator.Model) bool {
	for _, r := range m.Regions {
		if r.Prices != nil {
			return true
		}
	}
	return false
}
