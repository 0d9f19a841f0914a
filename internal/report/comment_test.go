package report

import (
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// commentReport is a one-scenario report with a p99 clause and an origin.
func commentReport(p99 float64, status string) *simulator.Report {
	lat := simulator.Latency{P50: simulator.Estimate{Mean: 10, Low: 9, High: 11}, P99: simulator.Estimate{Mean: p99, Low: p99 - 1, High: p99 + 1}}
	avail := simulator.Estimate{Mean: 0.9995, Low: 0.999, High: 1}
	return &simulator.Report{Replications: 3, Scenarios: []simulator.ScenarioResult{{
		Name: "baseline", Latency: lat, Availability: avail,
		Origins: []simulator.OriginResult{{Name: "dublin", ServedBy: "eu-west-1", Latency: &lat, Availability: &avail}},
		SLA:     []simulator.ClauseResult{{Clause: "latency_p99_ms", Target: 120, Observed: p99, Low: p99 - 1, High: p99 + 1, Status: status}},
	}}}
}

// TestCommentBeforeAfter: a simulation with a before shows before → after
// with the relative change; one without, in the same comment, is "new".
func TestCommentBeforeAfter(t *testing.T) {
	md := Comment([]CommentSimulation{
		{Address: "topology_simulation.a", Report: commentReport(130.2, simulator.StatusFail), Before: commentReport(105.8, simulator.StatusPass)},
		{Address: "topology_simulation.b", Report: commentReport(100, simulator.StatusPass)},
	}, true)
	for _, want := range []string{
		"| latency_p99_ms | ≤ 120.0 ms | 105.8 → 130.2 ms, +23 % | 129.2 to 131.2 ms | pass → **fail** |",
		"| `topology_simulation.a` | `baseline` | ✅ pass → ❌ **fail** (1 of 1) | 105.8 → 130.2 ms, +23 % | 99.95 → 99.95 %, ±0.00 pp |",
		"| `topology_simulation.b` | `baseline` | new → ✅ pass | 100.0 ms | 99.95 % |",
		"| latency_p99_ms | ≤ 120.0 ms | 100.0 ms | 99.0 to 101.0 ms | new → pass |",
		"| dublin | eu-west-1 | 10.0 → 10.0 ms, ±0.0 % | 105.8 → 130.2 ms, +23 % |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the comment lacks %q:\n%s", want, md)
		}
	}
	if first, _, _ := strings.Cut(md, "\n"); first != "**❌ SLA check failed**: 1 of 2 simulations, 1 of 2 clauses failed "+CommentMarker {
		t.Errorf("first line %q", first)
	}
	// Without any before, nothing is "new": the figures alone.
	if md := Comment([]CommentSimulation{{Address: "m.json", Report: commentReport(100, simulator.StatusPass)}}, true); strings.Contains(md, "→") {
		t.Errorf("a comment with nothing before shows a change:\n%s", md)
	}
}
