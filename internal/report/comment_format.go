package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// The numbers of a pull-request comment have one format each, whatever
// table or sentence they are in:
//   - a latency or another duration in ms has one decimal: "105.8 ms";
//   - an availability is a percentage with a space before the sign and the
//     same decimals everywhere in the comment: as many as the most precise
//     availability target needs, at least two ("99.95 %");
//   - a small ratio (stale reads, conflicts) is a percentage with two
//     significant digits ("0.035 %"); seconds and counts have one decimal;
//   - a change is "before → after unit, +23 %" (relative) for durations and
//     counts, "before → after %, -0.05 pp" (percentage points) for ratios.
// The terminal's own text, quoted in the details, keeps the terminal's
// format; commentFormat is the only formatter of everything else.

// commentFormat formats the figures of one comment.
type commentFormat struct {
	// availDecimals are the decimals of every availability.
	availDecimals int
}

// maxAvailDecimals bounds the availability decimals: 99.9999 % is the most
// precise target a simulation can tell apart in practice.
const maxAvailDecimals = 4

// newCommentFormat picks the availability decimals from the targets of
// every availability clause in the comment.
func newCommentFormat(sims []CommentSimulation) commentFormat {
	d := 2
	for _, sim := range sims {
		for _, r := range []*simulator.Report{sim.Report, sim.Before} {
			if r == nil {
				continue
			}
			for _, s := range r.Scenarios {
				for _, c := range s.SLA {
					if k := kindOf(c.Clause); k.unit == unitPercent && k.lowerBound {
						d = max(d, decimalsOf(100*c.Target))
					}
				}
			}
		}
	}
	return commentFormat{availDecimals: min(d, maxAvailDecimals)}
}

// decimalsOf is the number of decimals x needs when written exactly (after
// rounding away float noise at 9 decimals).
func decimalsOf(x float64) int {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	s := strconv.FormatFloat(math.Round(x*1e9)/1e9, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// figureKind says how to write one kind of figure and its change.
type figureKind struct {
	// decimals of the number; percent multiplies by 100 first.
	decimals int
	percent  bool
	unit     string
}

var (
	figureMs = figureKind{decimals: 1, unit: " ms"}
	// figureAvailability has decimals -1: the comment's availDecimals.
	figureAvailability = figureKind{decimals: -1, percent: true, unit: " %"}
)

// kindFigure is the figureKind of a clause's figures.
func (f commentFormat) kindFigure(c simulator.ClauseResult) figureKind {
	k := kindOf(c.Clause)
	switch {
	case k.unit == unitPercent && k.lowerBound:
		return figureAvailability
	case k.unit == unitPercent:
		return figureKind{decimals: smallPercentDecimals(c.Target, c.Observed, c.Low, c.High), percent: true, unit: " %"}
	case k.unit == "":
		return figureKind{decimals: 1}
	}
	return figureKind{decimals: 1, unit: k.unit}
}

// number writes x without its unit.
func (f commentFormat) number(k figureKind, x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	d := k.decimals
	if d < 0 {
		d = f.availDecimals
	}
	if k.percent {
		x *= 100
	}
	return strconv.FormatFloat(x, 'f', d, 64)
}

// value writes x with its unit; n/a has none.
func (f commentFormat) value(k figureKind, x float64) string {
	s := f.number(k, x)
	if s == "n/a" {
		return s
	}
	return s + k.unit
}

func (f commentFormat) ms(x float64) string           { return f.value(figureMs, x) }
func (f commentFormat) availability(x float64) string { return f.value(figureAvailability, x) }

// change writes a figure before and after: "105.8 → 130.2 ms, +23 %" for
// durations and counts (relative to before), "100.00 → 99.95 %, -0.05 pp"
// for ratios (in percentage points), "new → 130.2 ms" with nothing before.
func (f commentFormat) change(k figureKind, before *float64, after float64) string {
	if before == nil {
		return "new → " + f.value(k, after)
	}
	b := *before
	if math.IsNaN(b) || math.IsNaN(after) {
		return f.number(k, b) + " → " + f.value(k, after)
	}
	text := f.number(k, b) + " → " + f.value(k, after)
	if k.percent {
		return text + ", " + signed(f.number(k, after-b)) + " pp"
	}
	if b == 0 {
		return text
	}
	rel := 100 * (after - b) / math.Abs(b)
	d := 0
	if math.Abs(rel) < 1 {
		d = 1
	}
	return text + ", " + signed(strconv.FormatFloat(rel, 'f', d, 64)) + " %"
}

// signed puts a + before a positive number and writes a change that
// rounds to zero as ±0.
func signed(s string) string {
	if strings.Trim(s, "-0.") == "" {
		return "±" + strings.TrimPrefix(s, "-")
	}
	if !strings.HasPrefix(s, "-") {
		return "+" + s
	}
	return s
}

// clause writes a clause's target, observed mean and interval.
func (f commentFormat) clause(s simulator.ScenarioResult, c simulator.ClauseResult) (target, observed, interval string) {
	k := f.kindFigure(c)
	op := "≤"
	if kindOf(c.Clause).lowerBound {
		op = "≥"
	}
	target = op + " " + f.value(k, c.Target)
	observed = f.value(k, c.Observed)
	interval = f.number(k, c.Low) + " to " + f.value(k, c.High)
	switch {
	case c.NotMeasured:
		observed, interval = "not measured", "n/a"
	case notRecovered(s, c):
		observed = "not recovered (at least " + f.value(k, c.Observed) + ")"
	}
	return target, observed, interval
}

// clauseChange writes a clause's observed mean before and after.
func (f commentFormat) clauseChange(s simulator.ScenarioResult, prev *simulator.ClauseResult, c simulator.ClauseResult) string {
	if c.NotMeasured || notRecovered(s, c) {
		_, observed, _ := f.clause(s, c)
		if prev == nil {
			return "new → " + observed
		}
		return f.number(f.kindFigure(*prev), prev.Observed) + " → " + observed
	}
	var before *float64
	if prev != nil {
		x := prev.Observed
		if prev.NotMeasured {
			x = math.NaN()
		}
		before = &x
	}
	return f.change(f.kindFigure(c), before, c.Observed)
}

// servedBy names the region that served an origin, with the shares of a
// failover: "eu-west-1 (78.2 %; us-east-1 21.8 %)".
func (f commentFormat) servedBy(o simulator.OriginResult) string {
	if len(o.ServedShares) < 2 {
		return o.ServedBy
	}
	share := figureKind{decimals: 1, percent: true, unit: " %"}
	parts := make([]string, 0, len(o.ServedShares)-1)
	for _, sh := range o.ServedShares[1:] {
		parts = append(parts, sh.Region+" "+f.value(share, sh.Share.Mean))
	}
	return fmt.Sprintf("%s (%s; %s)", o.ServedBy, f.value(share, o.ServedShares[0].Share.Mean), strings.Join(parts, ", "))
}
