package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzBudget is the provider's max_simulated_requests in the fuzz seeds:
// a mutation that makes the model larger is refused by the budget check
// (exit 2) instead of simulating for seconds, so the fuzzer spends its
// time on the parsing and mapping paths.
const fuzzBudget = 20_000

// smallPlan is a quickstart plan fixture cut down for the fuzzer: the
// data source's results dropped (the CLI reads only the arguments), the
// load divided by 10, a 5 s run of 3 replications (about 5000 requests,
// milliseconds to simulate), and the provider block's
// max_simulated_requests set to fuzzBudget. The SLA is the fixture's, so
// the quickstart-fail fixture still fails.
func smallPlan(f testing.TB, name string) []byte {
	f.Helper()
	data, err := os.ReadFile(fixture(name))
	if err != nil {
		f.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		f.Fatal(err)
	}
	res := plan["prior_state"].(map[string]any)["values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any)
	v := res[0].(map[string]any)["values"].(map[string]any)
	for _, k := range []string{"results", "report_markdown", "simulated_requests", "sla_met", "sla_status"} {
		delete(v, k)
	}
	v["duration_s"], v["warmup_s"], v["replications"] = 5, 1, 3
	for _, o := range v["workload"].(map[string]any)["origins"].([]any) {
		o := o.(map[string]any)
		o["rps"] = o["rps"].(float64) / 10
	}
	small := map[string]any{
		"format_version": plan["format_version"],
		"prior_state":    plan["prior_state"],
		"configuration": map[string]any{"provider_config": map[string]any{"topology": map[string]any{
			"name": "topology", "full_name": "registry.terraform.io/multiregion/topology",
			"expressions": map[string]any{"max_simulated_requests": map[string]any{"constant_value": fuzzBudget}},
		}}},
	}
	out, err := json.Marshal(small)
	if err != nil {
		f.Fatal(err)
	}
	return out
}

// FuzzCheckCommand runs the whole check command on arbitrary plan JSON:
// whatever the bytes, it exits 0, 1 or 2 and never panics, and an exit of
// 2 comes with a message on stderr. Seeded with small versions of the plan
// fixtures (see smallPlan) and their mutilations, so that plain go test
// runs the success and failure paths and the fuzzer runs thousands of
// inputs a minute rather than a few full quickstart simulations.
func FuzzCheckCommand(f *testing.F) {
	for _, name := range []string{"quickstart.plan.json", "quickstart-fail.plan.json"} {
		data := smallPlan(f, name)
		f.Add(data)
		f.Add(data[:len(data)/2])
		f.Add([]byte(strings.Replace(string(data), `"rps"`, `"rpz"`, 1)))
	}
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{}}}`))
	f.Add([]byte(`null`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		plan := filepath.Join(dir, "plan.json")
		if err := os.WriteFile(plan, data, 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := run(t, "check", "--plan", plan)
		switch code {
		case ExitOK, ExitSLAFailed:
		case ExitBadInput:
			if strings.TrimSpace(stderr) == "" {
				t.Fatalf("exit 2 without a message")
			}
		default:
			t.Fatalf("exit %d\n%s", code, stderr)
		}
	})
}

// TestFuzzSeedsExercisePaths: the cut-down seeds still reach the verdicts
// they stand for, so the fuzzer starts from a passing and a failing check
// and not only from bad input.
func TestFuzzSeedsExercisePaths(t *testing.T) {
	for name, want := range map[string]int{"quickstart.plan.json": ExitOK, "quickstart-fail.plan.json": ExitSLAFailed} {
		plan := writeTemp(t, "plan.json", string(smallPlan(t, name)))
		if code, stdout, stderr := run(t, "check", "--plan", plan); code != want {
			t.Errorf("%s cut down: exit %d, want %d\n%s\n%s", name, code, want, stdout, stderr)
		}
	}
}
