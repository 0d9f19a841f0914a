package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// originFixture is a surge scenario whose pooled p99 passes while the
// surging origin's own p99 and availability clauses fail.
func originFixture() *simulator.Report {
	lat := func(p50, p99 float64) simulator.Latency {
		return simulator.Latency{P50: est(p50, p50-1, p50+1), P99: est(p99, p99-2, p99+2)}
	}
	surge := simulator.ScenarioResult{
		Name: "dublin-surge", Requests: 450000, Latency: lat(12, 54.6), Availability: est(0.9967, 0.9966, 0.9968),
		Origins: []simulator.OriginResult{
			{Name: "virginia", ServedBy: "use1", Requests: 375000, Latency: new(lat(12, 50.7)), Availability: new(est(1, 1, 1))},
			{Name: "dublin", ServedBy: "euw1", Requests: 2500, Latency: new(lat(2050, 2099.9)), Availability: new(est(0.5, 0.49, 0.51))},
		},
		Regions: []simulator.RegionResult{
			{Name: "use1", Utilization: est(0.5, 0.49, 0.51)},
			{Name: "euw1", Utilization: est(1, 1, 1), RejectedRatio: est(0.5, 0.49, 0.51)},
		},
		SLA: []simulator.ClauseResult{
			{Clause: "latency_p99_ms", Target: 500, Observed: 54.6, Low: 54.0, High: 55.2, Status: simulator.StatusPass},
			{Clause: "latency_p99_ms", Origin: "dublin", Target: 500, Observed: 2099.9, Low: 2089.4, High: 2110.4, Status: simulator.StatusFail},
			{Clause: "availability", Origin: "dublin", Target: 0.99, Observed: 0.5, Low: 0.49, High: 0.51, Status: simulator.StatusFail},
		},
	}
	return &simulator.Report{SchemaVersion: simulator.ReportSchemaVersion, Seed: 3, Replications: 5,
		Scenarios: []simulator.ScenarioResult{surge}, SimulatedRequests: 900000}
}

// TestOriginClausesRendered: every rendering names a per-origin clause
// with its origin, beside the global clause of the same name.
func TestOriginClausesRendered(t *testing.T) {
	r := originFixture()
	const label = "latency_p99_ms (origin dublin)"

	var table bytes.Buffer
	if err := Table(&table, "model.json", r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dublin-surge  latency_p99_ms                  <= 500", "dublin-surge  " + label + "  <= 500",
		"dublin-surge  availability (origin dublin)    >= 99%"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}

	md := Markdown(r)
	for _, want := range []string{"| dublin-surge | latency_p99_ms | <= 500 ms | 54.6 ms |", "| dublin-surge | " + label + " | <= 500 ms | 2099.9 ms |",
		"| dublin-surge | availability (origin dublin) | >= 99.0% | 50.0% |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}

	msg, failed := SLAFailure(r.Scenarios[0], r.Replications)
	if !failed {
		t.Fatal("a failed per-origin clause is a failure")
	}
	for _, want := range []string{"2 SLA clauses miss their targets", "  - " + label + ": target <= 500 ms, observed 2099.9 ms",
		"Origin dublin (served by euw1): p50 2050.0 ms, p99 2099.9 ms, availability 50.0%."} {
		if !strings.Contains(msg.Detail, want) {
			t.Errorf("diagnostic lacks %q:\n%s", want, msg.Detail)
		}
	}
	if strings.Contains(msg.Detail, "  - latency_p99_ms: ") {
		t.Errorf("the passing global clause is listed as failed:\n%s", msg.Detail)
	}

	doc := JUnit([]JUnitSimulation{{Address: "topology_simulation.this", Report: r}}, false)
	var names []string
	for _, c := range doc.Suites[0].Cases {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, "|"); got != "latency_p99_ms|"+label+"|availability (origin dublin)" {
		t.Errorf("JUnit cases %q: one per clause, named with the origin", got)
	}
	if doc.Tests != 3 || doc.Failures != 2 || doc.Suites[0].Cases[0].Failure != nil || doc.Suites[0].Cases[1].Failure == nil {
		t.Errorf("JUnit counts: %d tests, %d failures; cases %+v", doc.Tests, doc.Failures, doc.Suites[0].Cases)
	}

	var js bytes.Buffer
	if err := WriteJSON(&js, NewJSONDocument("t", "0", []JSONSimulation{{Address: "a", Report: r}})); err != nil {
		t.Fatal(err)
	}
	var back JSONDocument
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	cl := back.Simulations[0].Report.Scenarios[0].SLA
	if back.Verdict != VerdictFail || cl[0].Origin != "" || cl[1].Origin != "dublin" || cl[1].Clause != "latency_p99_ms" {
		t.Errorf("JSON verdict %q, clauses %+v", back.Verdict, cl)
	}
	if n := strings.Count(js.String(), `"origin": "dublin"`); n != 2 {
		t.Errorf("JSON has %d per-origin clauses, want 2 (a global clause has no origin key):\n%s", n, js.String())
	}
}
