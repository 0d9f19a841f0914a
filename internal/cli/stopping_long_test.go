//go:build long

package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/internal/planjson"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// longReplications is the long run the rule's verdicts are checked
// against: 4× today's fixed count, of the same duration, so intervals
// about half as wide.
const longReplications = 4 * fixedReplications

// TestStoppingRuleMatchesLongRun (issue 13, acceptance 4) plans every
// example, as TestCheckLivePlanMatchesProvider does, and simulates each of
// its simulations in process three ways: with the default stopping rule
// (replications, max_replications and precision unset), with a fixed 5
// replications, and with 20. Every clause of every scenario must have the
// same status under the rule as under 20 replications; over all the
// examples the rule must simulate at most half the requests of a fixed 5,
// and no example more than at a fixed 5. (Per example the ratio is 40 %
// when every scenario is decided after its first round of 2, and more
// where a clause needs a second round: operations' use1-slow has a
// checkout p99 of 481 ms [0, 1598] after two replications, which four
// decide.) It runs the examples' SLAs as they are written (enforce plays
// no part: the statuses are compared, not the plan's outcome).
//
//	make stopping-check
func TestStoppingRuleMatchesLongRun(t *testing.T) {
	tf := terraformCLI(t)
	dir := t.TempDir()
	_, cfg := devProvider(t, dir)
	var table strings.Builder
	fmt.Fprintf(&table, "%-34s %10s %10s %10s %7s  %s\n", "example", "rule", "fixed 5", "fixed 20", "ratio", "replications (stopped by), per scenario, under the rule")
	var totalRule, totalFixed int64
	seen := map[string]bool{}
	for _, tc := range liveExampleCases {
		if seen[tc.example] {
			continue // the same example with other variables
		}
		seen[tc.example] = true
		t.Run(tc.name, func(t *testing.T) {
			planJSON := planExample(t, tf, cfg, dir, tc.name, tc.example, tc.vars)
			targets, _, err := loadTerraform(t.Context(), planJSON, nil, planjson.KindPlan)
			if err != nil {
				t.Fatal(err)
			}
			var rule, fixed, long int64
			var reps []string
			for _, tg := range targets {
				ruleRep := runWith(t, tg.Model, 0)
				fixedRep := runWith(t, tg.Model, fixedReplications)
				longRep := runWith(t, tg.Model, longReplications)
				rule += ruleRep.SimulatedRequests
				fixed += fixedRep.SimulatedRequests
				long += longRep.SimulatedRequests
				for i, sc := range ruleRep.Scenarios {
					reps = append(reps, fmt.Sprintf("%d(%s)", sc.Replications, sc.StoppedBy))
					lsc := longRep.Scenarios[i]
					if len(sc.SLA) != len(lsc.SLA) {
						t.Fatalf("%s %s: %d clauses under the rule, %d at %d replications", tg.Address, sc.Name, len(sc.SLA), len(lsc.SLA), longReplications)
					}
					for j, c := range sc.SLA {
						if lc := lsc.SLA[j]; c.Status != lc.Status {
							t.Errorf("%s %s %s: %s under the rule (%d replications, stopped by %s: %.6g [%.6g, %.6g]) but %s at %d replications (%.6g [%.6g, %.6g]), target %g",
								tg.Address, sc.Name, clauseLabel(c), c.Status, sc.Replications, sc.StoppedBy, c.Observed, c.Low, c.High,
								lc.Status, longReplications, lc.Observed, lc.Low, lc.High, c.Target)
						}
					}
				}
			}
			ratio := float64(rule) / float64(fixed)
			fmt.Fprintf(&table, "%-34s %10d %10d %10d %6.1f%%  %s\n", tc.example, rule, fixed, long, 100*ratio, strings.Join(reps, " "))
			if rule > fixed {
				t.Errorf("the stopping rule simulated %d requests, more than the %d of a fixed %d replications (%.1f %%)", rule, fixed, fixedReplications, 100*ratio)
			}
			totalRule += rule
			totalFixed += fixed
		})
	}
	fmt.Fprintf(&table, "%-34s %10d %10d %10s %6.1f%%\n", "all examples", totalRule, totalFixed, "", 100*float64(totalRule)/float64(totalFixed))
	t.Logf("simulated requests per example\n%s", table.String())
	if 2*totalRule > totalFixed {
		t.Errorf("over every example the stopping rule simulated %d requests, more than half of the %d of a fixed %d replications", totalRule, totalFixed, fixedReplications)
	}
}

// clauseLabel names a clause with its origin and operation, if any.
func clauseLabel(c simulator.ClauseResult) string {
	label := c.Clause
	if c.Origin != "" {
		label = c.Origin + "/" + label
	}
	if c.Operation != "" {
		label += "(" + c.Operation + ")"
	}
	return label
}
