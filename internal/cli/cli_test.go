package cli

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

func fixture(name string) string { return filepath.Join("..", "planjson", "testdata", name) }

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// quickstartWith returns the quickstart plan JSON with the data source's
// values edited by edit.
func quickstartWith(t *testing.T, edit func(values map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(fixture("quickstart.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	res := plan["prior_state"].(map[string]any)["values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any)
	edit(res[0].(map[string]any)["values"].(map[string]any))
	out, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestCheckBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, args, content string
		want                []string
	}{
		{"missing file", "--plan /nonexistent/plan.json", "", []string{"cannot read /nonexistent/plan.json"}},
		{"empty", "--plan FILE", "", []string{"not a Terraform JSON plan or state", "empty or truncated"}},
		{"not JSON", "--plan FILE", "Plan: 3 to add", []string{"not a Terraform JSON plan or state", "line 1"}},
		{"binary plan", "--plan FILE", "PK\x03\x04\x14\x00", []string{"not a Terraform JSON plan or state"}},
		{"JSON but not a plan", "--plan FILE", `{"hello": "world"}`, []string{"no format_version"}},
		{"future format", "--plan FILE", `{"format_version": "2.0", "planned_values": {}}`, []string{`format_version "2.0" is not supported`}},
		{"state given as plan", "--plan FILE", `{"format_version": "1.0", "values": {"root_module": {}}}`, []string{"holds a Terraform state", "--state"}},
		{"empty state", "--state FILE", `{"format_version": "1.0"}`, []string{`no data "topology_simulation" found in the state`}},
		{"plan without simulation", "--plan FILE", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
			{"address": "topology_region.a", "mode": "managed", "type": "topology_region", "values": {}}]}}}`,
			[]string{`no data "topology_simulation" found in the plan`}},
		{"deferred to apply", "--plan " + fixture("deferred.plan.json"), "", []string{
			"deferred every topology_simulation to apply", "data.topology_simulation.peak is deferred to apply (read_because_dependency_pending)", "local value"}},
		{"input known after apply", "--plan " + fixture("deferred-input.plan.json"), "", []string{
			"deferred every topology_simulation to apply", "topology_simulation.peak: regions[0].instances is known only after apply",
			"set regions[0].instances from a literal, a variable"}},
		{"unknown regions", "--plan FILE", quickstartWith(t, func(v map[string]any) { delete(v, "regions") }),
			[]string{"regions has no value", "unknown until apply", "Set the argument from a literal"}},
		{"wrong value type", "--plan FILE", quickstartWith(t, func(v map[string]any) { v["duration_s"] = "long" }),
			[]string{"data.topology_simulation.peak", "duration_s"}},
		{"model the static checks reject", "--plan FILE", quickstartWith(t, func(v map[string]any) {
			for _, r := range v["regions"].([]any) {
				r.(map[string]any)["instances"] = 1
				r.(map[string]any)["queue_limit"] = nil
			}
		}), []string{"Error: data.topology_simulation.peak: regions[0]", "cannot be simulated"}},
		{"two inputs", "--plan a.json -f b.json", "", []string{"exactly one input"}},
		{"no input", "", "", []string{"exactly one input"}},
		{"bad model file", "-f FILE", `{"regions": 3}`, []string{"not a valid model"}},
		{"unknown flag", "--plna x", "", []string{"flag provided but not defined"}},
		{"two outputs on stdout", "--plan x --json - --junit -", "", []string{"only one of"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if strings.Contains(args, "FILE") {
				args = strings.ReplaceAll(args, "FILE", writeTemp(t, "input.json", tc.content))
			}
			code, stdout, stderr := run(t, append([]string{"check"}, strings.Fields(args)...)...)
			if code != ExitBadInput {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, ExitBadInput, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestCheckStdinAndOutputsToStdout(t *testing.T) {
	plan, err := os.ReadFile(fixture("quickstart-fail.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runWithStdin(t, string(plan), "check", "--plan", "-", "--junit", "-")
	if code != ExitSLAFailed {
		t.Fatalf("exit %d, want %d\n%s", code, ExitSLAFailed, stderr)
	}
	if !strings.HasPrefix(stdout, "<?xml") {
		t.Errorf("stdout is not the JUnit XML:\n%s", stdout)
	}
	// The table and the failure go to stderr when stdout holds a report.
	for _, w := range []string{"data.topology_simulation.peak: FAIL", `SLA not met in scenario "baseline"`, "latency_p99_ms: target <= 80 ms"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
}

// TestJUnitShape validates the JUnit XML against the shape of the common
// JUnit schema: testsuites > testsuite[name,tests,failures,errors,skipped,
// time] > testcase[name,classname,time] (> failure[message,type]), with
// consistent counts.
func TestJUnitShape(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		plan     string
		strict   bool
		failures int
	}{
		{"quickstart.plan.json", false, 0},
		{"quickstart-fail.plan.json", false, 1},
		{"quickstart-fail.plan.json", true, 1},
	} {
		out := filepath.Join(dir, "junit.xml")
		args := []string{"check", "--plan", fixture(tc.plan), "--junit", out}
		if tc.strict {
			args = append(args, "--strict")
		}
		run(t, args...)
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		type attrs struct {
			XMLName xml.Name
			Attrs   []xml.Attr `xml:",any,attr"`
		}
		var doc struct {
			XMLName xml.Name `xml:"testsuites"`
			attrs
			Suites []struct {
				XMLName xml.Name   `xml:"testsuite"`
				Attrs   []xml.Attr `xml:",any,attr"`
				Cases   []struct {
					Attrs    []xml.Attr `xml:",any,attr"`
					Failures []struct {
						Attrs []xml.Attr `xml:",any,attr"`
					} `xml:"failure"`
					Skipped   []struct{} `xml:"skipped"`
					SystemOut []string   `xml:"system-out"`
					Other     []attrs    `xml:",any"`
				} `xml:"testcase"`
				Other []attrs `xml:",any"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: invalid XML: %v\n%s", tc.plan, err, data)
		}
		get := func(as []xml.Attr, names ...string) map[string]string {
			m := map[string]string{}
			for _, a := range as {
				m[a.Name.Local] = a.Value
			}
			for _, n := range names {
				if _, ok := m[n]; !ok {
					t.Errorf("%s: attribute %q missing in %s", tc.plan, n, data)
				}
			}
			return m
		}
		if len(doc.Suites) != 1 {
			t.Fatalf("%d test suites, want 1", len(doc.Suites))
		}
		// The root's attributes are those junit-10.xsd (Jenkins xunit, the
		// strictest common schema) allows there: no skipped.
		for name := range get(doc.Attrs, "name", "tests", "failures", "errors", "time") {
			if !slices.Contains([]string{"name", "tests", "failures", "errors", "time", "disabled"}, name) {
				t.Errorf("%s: attribute %q on testsuites is not in the common JUnit schema", tc.plan, name)
			}
		}
		s := doc.Suites[0]
		sa := get(s.Attrs, "name", "tests", "failures", "errors", "skipped", "time")
		if len(s.Other) > 0 {
			t.Errorf("unexpected elements in testsuite: %v", s.Other)
		}
		failures := 0
		for _, c := range s.Cases {
			ca := get(c.Attrs, "name", "classname", "time")
			if ca["classname"] != "data.topology_simulation.peak.baseline" {
				t.Errorf("classname %q", ca["classname"])
			}
			for _, f := range c.Failures {
				fa := get(f.Attrs, "message", "type")
				if !strings.HasPrefix(fa["type"], "sla_") {
					t.Errorf("failure type %q", fa["type"])
				}
				failures++
			}
			if len(c.Other) > 0 {
				t.Errorf("unexpected elements in testcase: %v", c.Other)
			}
		}
		if sa["tests"] != "2" || sa["failures"] != itoa(failures) || failures != tc.failures || sa["errors"] != "0" {
			t.Errorf("%s: counts tests=%s failures=%s (cases with failure: %d, want %d)", tc.plan, sa["tests"], sa["failures"], failures, tc.failures)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestSimulateModelFileWithPlots(t *testing.T) {
	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "report.json")
	code, stdout, stderr := run(t, "simulate", "-f", filepath.Join("testdata", "quickstart.model.json"),
		"--plot", filepath.Join(dir, "plots"), "--json", jsonOut)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "testdata/quickstart.model.json: PASS") || !strings.Contains(stdout, "frankfurt") {
		t.Errorf("table:\n%s", stdout)
	}
	for _, kind := range []string{"latency", "success", "p99", "load"} {
		for _, ext := range []string{"png", "svg"} {
			p := filepath.Join(dir, "plots", "testdata_quickstart.model.json-baseline-"+kind+"."+ext)
			st, err := os.Stat(p)
			if err != nil || st.Size() < 1000 {
				t.Errorf("plot %s: %v (size %v)", p, err, st)
			}
		}
	}
	data, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion int    `json:"schema_version"`
		Verdict       string `json:"verdict"`
		Simulations   []struct {
			Report simulator.Report `json:"report"`
		} `json:"simulations"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != 1 || doc.Verdict != "pass" || len(doc.Simulations) != 1 || doc.Simulations[0].Report.Seed != 1 {
		t.Errorf("JSON document: %+v", doc)
	}
}

// TestSimulateExitsZeroOnSLAFailure: simulate reports, check gates.
func TestSimulateExitsZeroOnSLAFailure(t *testing.T) {
	code, stdout, _ := run(t, "simulate", "--plan", fixture("quickstart-fail.plan.json"))
	if code != ExitOK || !strings.Contains(stdout, "FAIL") {
		t.Errorf("simulate: exit %d\n%s", code, stdout)
	}
}

func TestVersionAndHelp(t *testing.T) {
	if code, out, _ := run(t, "version"); code != ExitOK || out != ProgramName+" test\n" {
		t.Errorf("version: %d %q", code, out)
	}
	code, out, _ := run(t, "help")
	if code != ExitOK {
		t.Errorf("help: exit %d", code)
	}
	for _, w := range []string{"Exit codes:", "  0 ", "  1 ", "  2 ", "check", "simulate", "--plan", "--strict"} {
		if !strings.Contains(out, w) {
			t.Errorf("help does not say %q", w)
		}
	}
	if code, _, _ := run(t, "frobnicate"); code != ExitBadInput {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, _, _ := run(t, "check", "-h"); code != ExitOK {
		t.Errorf("check -h: exit %d", code)
	}
	for _, serve := range []string{"-debug", "", "-debug=true"} {
		if IsCommand(serve) {
			t.Errorf("IsCommand(%q) = true: the provider would not be served", serve)
		}
	}
}

// TestCheckState: a state document (terraform show -json) is read like a
// plan's prior state, with the same result.
func TestCheckState(t *testing.T) {
	data, err := os.ReadFile(fixture("quickstart-fail.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	state, err := json.Marshal(map[string]any{
		"format_version":    "1.0",
		"terraform_version": plan["terraform_version"],
		"values":            plan["prior_state"].(map[string]any)["values"],
	})
	if err != nil {
		t.Fatal(err)
	}
	f := writeTemp(t, "state.json", string(state))
	codeState, outState, _ := run(t, "check", "--state", f)
	codePlan, outPlan, _ := run(t, "check", "--plan", fixture("quickstart-fail.plan.json"))
	if codeState != ExitSLAFailed || codeState != codePlan || outState != outPlan {
		t.Errorf("state: exit %d, plan: exit %d\n%s\n---\n%s", codeState, codePlan, outState, outPlan)
	}
}

// TestCheckNamesUnknownInput: a simulation deferred because an input is
// known only after apply names that input, and does not give the advice
// for a deferred data source (a local value), which would not help; the
// region's capacity_rps, unknown only because its instances are, is not
// named. When another simulation of the plan runs, the deferred one is a
// warning naming the same input.
func TestCheckNamesUnknownInput(t *testing.T) {
	code, _, stderr := run(t, "check", "--plan", fixture("deferred-input.plan.json"))
	if code != ExitBadInput {
		t.Errorf("exit %d, want %d", code, ExitBadInput)
	}
	for _, bad := range []string{"local value", "capacity_rps", "results"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("stderr says %q:\n%s", bad, stderr)
		}
	}

	// The deferred resource next to a data source read at plan time.
	data, err := os.ReadFile(fixture("quickstart.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	plan["resource_changes"] = append(plan["resource_changes"].([]any), map[string]any{
		"address": "topology_simulation.later", "mode": "managed", "type": "topology_simulation",
		"change": map[string]any{"actions": []any{"create"}, "after_unknown": map[string]any{
			"regions": []any{map[string]any{}, map[string]any{"instances": true, "capacity_rps": true}}, "results": true}},
	})
	both, _ := json.Marshal(plan)
	code, _, stderr = run(t, "check", "--plan", writeTemp(t, "both.plan.json", string(both)))
	if code != ExitOK {
		t.Errorf("exit %d, want %d\n%s", code, ExitOK, stderr)
	}
	if w := "Warning: topology_simulation.later: regions[1].instances is known only after apply, so it is not checked"; !strings.Contains(stderr, w) {
		t.Errorf("stderr does not say %q:\n%s", w, stderr)
	}
}
