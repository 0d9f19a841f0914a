package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

func TestWriteJSONNonFiniteAsNull(t *testing.T) {
	r := &simulator.Report{SchemaVersion: simulator.ReportSchemaVersion, Seed: 3, Replications: 2,
		Scenarios: []simulator.ScenarioResult{{
			Name:         "baseline",
			Latency:      simulator.Latency{P99: simulator.Estimate{Mean: math.NaN(), Low: math.Inf(-1), High: math.Inf(1)}},
			Availability: simulator.Estimate{Mean: 0.5, Low: 0.25, High: 0.75},
			SLA:          []simulator.ClauseResult{{Clause: "availability", Target: 0.9, Observed: 0.5, Low: 0.25, High: 0.75, Status: "fail"}},
		}}}
	var b bytes.Buffer
	if err := WriteJSON(&b, NewJSONDocument("tool", "v1", []JSONSimulation{{Address: "x", Report: r}})); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion int    `json:"schema_version"`
		Verdict       string `json:"verdict"`
		Simulations   []struct {
			Verdict string         `json:"verdict"`
			Report  map[string]any `json:"report"`
		} `json:"simulations"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if doc.SchemaVersion != JSONSchemaVersion || doc.Verdict != VerdictFail || doc.Simulations[0].Verdict != VerdictFail {
		t.Errorf("document: %+v", doc)
	}
	p99 := doc.Simulations[0].Report["scenarios"].([]any)[0].(map[string]any)["latency_ms"].(map[string]any)["p99"].(map[string]any)
	for _, k := range []string{"mean", "ci_low", "ci_high"} {
		if v, ok := p99[k]; !ok || v != nil {
			t.Errorf("p99.%s = %v, want null", k, v)
		}
	}
	// Same field names and order as encoding/json where it can encode.
	r.Scenarios[0].Latency.P99 = simulator.Estimate{}
	var ours bytes.Buffer
	if err := WriteJSON(&ours, r); err != nil {
		t.Fatal(err)
	}
	std, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(ours.String()) != string(std) {
		t.Errorf("WriteJSON differs from encoding/json:\n%s\n---\n%s", ours.String(), std)
	}
}

func TestTableRender(t *testing.T) {
	r := &simulator.Report{Seed: 1, Replications: 5, SimulatedRequests: 1234567, Scenarios: []simulator.ScenarioResult{{
		Name: "baseline", Requests: 1000,
		Origins: []simulator.OriginResult{{Name: "virginia", ServedBy: "us-east-1", Requests: 1000}},
		Regions: []simulator.RegionResult{{Name: "us-east-1", Utilization: simulator.Estimate{Mean: 0.625}}},
		SLA: []simulator.ClauseResult{
			{Clause: "latency_p99_ms", Target: 150, Observed: 105.8, Low: 104.6, High: 106.9, Status: "pass"},
			{Clause: "availability", Target: 0.999, Observed: 0.9995, Low: 0.998, High: 1, Status: "marginal"},
		},
	}}}
	var b bytes.Buffer
	if err := Table(&b, "data.topology_simulation.peak", r); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"data.topology_simulation.peak: MARGINAL (seed 1, 5 replications, 1,234,567 simulated requests)",
		"latency_p99_ms  <= 150", "104.6 to 106.9", "PASS",
		">= 99.9%", "99.950%", "99.800% to 100.000%", "MARGINAL",
		"virginia", "us-east-1", "62.5%",
	} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("table does not contain %q:\n%s", w, b.String())
		}
	}
}

func TestJUnitMarginalAndStrict(t *testing.T) {
	r := &simulator.Report{Replications: 5, Scenarios: []simulator.ScenarioResult{{Name: "baseline", SLA: []simulator.ClauseResult{
		{Clause: "latency_p99_ms", Target: 100, Observed: 99, Low: 95, High: 103, Status: "marginal"},
		{Clause: "availability", Target: 0.999, Observed: 0.9, Low: 0.89, High: 0.91, Status: "fail"},
		{Clause: "latency_p50_ms", Target: 100, Observed: 20, Low: 19, High: 21, Status: "pass"},
	}}}}
	sims := []JUnitSimulation{{Address: "data.topology_simulation.a", Report: r, Seconds: 1.5}}
	lenient, strict := JUnit(sims, false), JUnit(sims, true)
	if lenient.Tests != 3 || lenient.Failures != 1 || lenient.Skipped != 1 {
		t.Errorf("lenient counts: %+v", lenient)
	}
	if c := lenient.Suites[0].Cases[0]; c.Skipped == nil || c.Failure != nil || c.Classname != "data.topology_simulation.a.baseline" {
		t.Errorf("marginal case: %+v", c)
	}
	if c := lenient.Suites[0].Cases[1]; c.Failure == nil || c.Failure.Type != "sla_fail" || !strings.Contains(c.Failure.Text, "To fix") {
		t.Errorf("failed case: %+v", c)
	}
	if strict.Failures != 2 || strict.Skipped != 0 || strict.Suites[0].Cases[0].Failure.Type != "sla_marginal" {
		t.Errorf("strict: %+v", strict)
	}
	var b bytes.Buffer
	if err := WriteJUnit(&b, strict); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "<?xml") || !strings.Contains(b.String(), `<testsuite name="data.topology_simulation.a" tests="3" failures="2" errors="0" skipped="0" time="1.500">`) {
		t.Errorf("XML:\n%s", b.String())
	}
}
