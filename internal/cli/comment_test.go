package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/internal/report"
)

// screenLines is the screen this test assumes: a laptop browser window
// shows about 25 lines of a rendered pull-request comment (a 1080-pixel
// screen less the browser's and GitHub's chrome, at about 30 pixels a
// table row), so "above the fold" is at most 25 lines.
const screenLines = 25

// aboveTheFold is the comment as GitHub shows it before anything is
// expanded: every line outside <details> (a <details> counts as its
// one-line summary), less the blank lines, which render as no row.
func aboveTheFold(md string) []string {
	var out []string
	depth := 0
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "<details>"):
			if depth == 0 {
				out = append(out, line)
			}
			depth++
		case strings.HasPrefix(line, "</details>"):
			depth--
		case depth == 0 && strings.TrimSpace(line) != "":
			out = append(out, line)
		}
	}
	return out
}

// TestCommentFailoverGolden pins the comment check writes for
// examples/failover (testdata/failover.plan.json, planned with the
// provider of this tree; its results were stripped, since check reads the
// arguments only): the summary fits a screen and every scenario's details
// are collapsed. go test ./internal/cli -run TestCommentFailoverGolden
// -update rewrites the golden file after a deliberate change.
func TestCommentFailoverGolden(t *testing.T) {
	code, md, stderr := run(t, "check", "--plan", filepath.Join("testdata", "failover.plan.json"), "--markdown", "-")
	if code != ExitSLAFailed {
		t.Fatalf("check exited %d, want %d (the plain policy's availability fails): %s", code, ExitSLAFailed, stderr)
	}
	golden := filepath.Join("testdata", "failover.comment.md")
	if *update {
		if err := os.WriteFile(golden, []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := readFile(t, golden); md != want {
		t.Errorf("the comment differs from %s (run with -update after a deliberate change):\n%s", golden, md)
	}
	first, _, _ := strings.Cut(md, "\n")
	if !strings.HasPrefix(first, "**❌ SLA check failed**: 1 of 2 simulations, 2 of 10 clauses failed") || !strings.HasSuffix(first, report.CommentMarker) {
		t.Errorf("first line %q: want the verdict, the counts and the marker", first)
	}
	fold := aboveTheFold(md)
	if len(fold) > screenLines {
		t.Errorf("%d lines above the fold, more than a %d-line screen:\n%s", len(fold), screenLines, strings.Join(fold, "\n"))
	}
	// 2 simulations x 3 scenarios, each collapsed (no "open").
	if n := strings.Count(md, "<details><summary>"); n != 6 || strings.Contains(md, "<details open") {
		t.Errorf("%d collapsed <details>, want 6 (one per simulation and scenario)", n)
	}
	if !strings.Contains(md, "To fix: ") {
		t.Error("the failed scenarios' details lack the terminal's To fix text")
	}
	checkOneNumberFormat(t, md)
}

// TestCheckPlanBeforeAfter: on a plan that takes eu-west-1 from 6 to 2
// instances (testdata/region-change.plan.json, see its README), every
// clause and every listed origin shows the prior state's figure, the
// planned one and the change, with no simulation of the prior state: the
// before figures are those of the prior state's results, read here
// independently of the CLI.
func TestCheckPlanBeforeAfter(t *testing.T) {
	plan := filepath.Join("..", "planjson", "testdata", "region-change.plan.json")
	jsonOut := filepath.Join(t.TempDir(), "after.json")
	code, md, stderr := run(t, "check", "--plan", plan, "--markdown", "-", "--json", jsonOut)
	if code != ExitSLAFailed {
		t.Fatalf("check exited %d, want %d (2 instances cannot carry Frankfurt): %s", code, ExitSLAFailed, stderr)
	}
	prior := priorResults(t, plan, "topology_simulation.peak")
	after, err := report.ReadJSON([]byte(readFile(t, jsonOut)))
	if err != nil {
		t.Fatal(err)
	}
	a := after["topology_simulation.peak"].Scenarios[0]
	b := prior["results"].([]any)[0].(map[string]any)
	sla := b["sla"].([]any)
	p99Before := sla[0].(map[string]any)["observed"].(float64)
	availBefore := sla[1].(map[string]any)["observed"].(float64)
	want := []string{
		fmt.Sprintf("| latency_p99_ms | ≤ 150.0 ms | %.1f → %.1f ms, %+.0f %% | %.1f to %.1f ms | pass → **fail** |", p99Before, a.SLA[0].Observed,
			100*(a.SLA[0].Observed-p99Before)/p99Before, a.SLA[0].Low, a.SLA[0].High),
		fmt.Sprintf("| availability | ≥ 99.90 %% | %.2f → %.2f %%, %.2f pp |", 100*availBefore, 100*a.SLA[1].Observed, 100*(a.SLA[1].Observed-availBefore)),
		"| `topology_simulation.peak` | `baseline` | ✅ pass → ❌ **fail** (2 of 2) |",
	}
	for _, o := range b["origins"].([]any) {
		o := o.(map[string]any)
		if o["name"] != "frankfurt" {
			continue
		}
		before := o["latency_ms"].(map[string]any)["p99"].(float64)
		var now float64
		for _, ao := range a.Origins {
			if ao.Name == "frankfurt" {
				now = ao.Latency.P99.Mean
			}
		}
		want = append(want, fmt.Sprintf("%.1f → %.1f ms, %+.0f %%", before, now, 100*(now-before)/before))
	}
	for _, w := range want {
		if !strings.Contains(md, w) {
			t.Errorf("the comment lacks %q:\n%s", w, md)
		}
	}
	// eu-west-1 served Frankfurt at 6 instances too: its p99 must have
	// grown (2 instances run it at 100 % utilization).
	if !(a.SLA[0].Observed > 2*p99Before) || math.IsNaN(p99Before) {
		t.Errorf("p99 %v → %v: the region change should at least double it", p99Before, a.SLA[0].Observed)
	}
	checkOneNumberFormat(t, md)
}

// priorResults is the prior state's values of the resource at address.
func priorResults(t *testing.T, plan, address string) map[string]any {
	t.Helper()
	var doc struct {
		PriorState struct {
			Values struct {
				RootModule struct {
					Resources []struct {
						Address string         `json:"address"`
						Values  map[string]any `json:"values"`
					} `json:"resources"`
				} `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
	}
	if err := json.Unmarshal([]byte(readFile(t, plan)), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range doc.PriorState.Values.RootModule.Resources {
		if r.Address == address {
			return r.Values
		}
	}
	t.Fatalf("%s has no prior state for %s", plan, address)
	return nil
}

// TestCheckCompareTo: --compare-to shows the figures of an earlier check
// --json beside this run's, matched by address.
func TestCheckCompareTo(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "topology.model.json")
	src := readFile(t, filepath.Join("testdata", "quickstart.model.json"))
	if err := os.WriteFile(model, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	before := filepath.Join(dir, "before.json")
	if code, _, stderr := run(t, "check", "-f", model, "--json", before); code != ExitOK {
		t.Fatalf("check (before) exited %d: %s", code, stderr)
	}
	// eu-west-1 from 6 instances to 2, less than Frankfurt needs: its p99 rises.
	changed := strings.Replace(src, `"eu-west-1", "location": "aws:eu-west-1", "instances": 6`, `"eu-west-1", "location": "aws:eu-west-1", "instances": 2`, 1)
	if changed == src {
		t.Fatal("the model's eu-west-1 was not changed")
	}
	if err := os.WriteFile(model, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, md, stderr := run(t, "check", "-f", model, "--compare-to", before, "--markdown", "-")
	if code == ExitBadInput {
		t.Fatalf("check --compare-to exited %d: %s", code, stderr)
	}
	if !strings.Contains(md, "Verdict (before → after)") || !regexp.MustCompile(`\| frankfurt \| eu-west-1 \| [0-9.]+ → [0-9.]+ ms, \+[0-9]+ % \|`).MatchString(md) {
		t.Errorf("the comment lacks Frankfurt's before → after:\n%s", md)
	}
	checkOneNumberFormat(t, md)

	for _, bad := range []string{filepath.Join(dir, "missing.json"), model} {
		if code, _, stderr := run(t, "check", "-f", model, "--compare-to", bad, "--markdown", "-"); code != ExitBadInput || !strings.Contains(stderr, "--compare-to") {
			t.Errorf("--compare-to %s: exit %d, %q; want %d and the flag named", bad, code, stderr, ExitBadInput)
		}
	}
}

var (
	fence        = regexp.MustCompile("(?s)```text\n.*?```")
	percentNoGap = regexp.MustCompile(`[0-9]%`)
	msFigure     = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?) ms\b`)
	percentValue = regexp.MustCompile(`([0-9]+(?:\.([0-9]+))?) %`)
)

// checkOneNumberFormat scans a comment, less the terminal's text quoted in
// fences, for mixed number formats: a percentage without the space before
// its sign, an ASCII comparison, a latency without exactly one decimal,
// and availabilities (the Availability columns and availability clauses)
// with different decimals.
func checkOneNumberFormat(t *testing.T, md string) {
	t.Helper()
	text := fence.ReplaceAllString(md, "")
	if m := percentNoGap.FindString(text); m != "" {
		t.Errorf("a percentage without a space before %%: %q", m)
	}
	if strings.Contains(text, "<= ") || strings.Contains(text, ">= ") {
		t.Error("an ASCII <= or >= beside ≤ and ≥")
	}
	for _, m := range msFigure.FindAllStringSubmatch(text, -1) {
		if i := strings.IndexByte(m[1], '.'); i < 0 || len(m[1])-i-1 != 1 {
			t.Errorf("latency %q has not exactly one decimal", m[0])
		}
	}
	decimals := map[int]string{}
	var header []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "|") {
			header = nil
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if header == nil {
			header = cells
			continue
		}
		for i, c := range cells {
			if i >= len(header) || strings.HasPrefix(strings.TrimSpace(c), "---") {
				continue
			}
			col := strings.TrimSpace(header[i])
			availabilityRow := strings.HasPrefix(strings.TrimSpace(cells[0]), "availability")
			if col != "Availability" && (!availabilityRow || col == "Clause") {
				continue
			}
			for _, m := range percentValue.FindAllStringSubmatch(c, -1) {
				decimals[len(m[2])] = m[0]
			}
		}
	}
	if len(decimals) > 1 {
		t.Errorf("availabilities with %d different precisions: %v", len(decimals), decimals)
	}
	if len(decimals) == 0 {
		t.Error("no availability found: the scan looks at nothing")
	}
}
