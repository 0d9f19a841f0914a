package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// routingFixture is a report whose outage scenario, with a routing policy,
// fails an rto_s clause without recovering and a sovereignty clause with
// two violating routes; its baseline passes both kinds of clause.
func routingFixture() *simulator.Report {
	r := fixture()
	r.Scenarios[0].SLA = []simulator.ClauseResult{
		{Clause: "sovereignty_violations", Target: 0, Observed: 0, Low: 0, High: 0, Status: simulator.StatusPass},
	}
	r.Scenarios[0].Routing = &simulator.RoutingResult{
		AttemptsPerRequest: est(1, 1, 1), GoodputRPS: est(2400, 2390, 2410), Recovered: true, RTOTarget: 0.99,
	}
	s := &r.Scenarios[1]
	s.Routing = &simulator.RoutingResult{
		AttemptsPerRequest: est(2.41, 2.3, 2.52), GoodputRPS: est(1210.5, 1190, 1231), TimedOutRatio: est(0.31, 0.29, 0.33),
		BreakerOpens: est(0, 0, 0), RTOS: est(40, 40, 40), Recovered: false, RTOTarget: 0.99,
		Faults: []simulator.FaultRecovery{
			{Type: simulator.FaultRegionOutage, Region: "eu-west-1", AtS: 20, DetectionS: est(6.1, 5.8, 6.4), Detected: 1},
			{Type: simulator.FaultPartition, Region: "us-east-1", AtS: 30, Detected: 0},
		},
		SovereigntyViolations: []simulator.SovereigntyViolation{
			{Origin: "paris", Region: "us-east-1", Jurisdiction: "US", FirstS: 26.4, Requests: 1234.6},
			{Origin: "paris", Region: "nyc", Jurisdiction: "", FirstS: 31, Requests: 2},
		},
	}
	s.SLA = []simulator.ClauseResult{
		{Clause: "availability", Target: 0.99, Observed: 0.9712, Low: 0.968, High: 0.9744, Status: simulator.StatusFail},
		{Clause: "rto_s", Target: 5, Observed: 40, Low: 40, High: 40, Status: simulator.StatusFail},
		{Clause: "sovereignty_violations", Target: 0, Observed: 1236.6, Low: 1236.6, High: 1236.6, Status: simulator.StatusFail},
	}
	return r
}

func TestFormatClause_routingClauses(t *testing.T) {
	for _, tc := range []struct {
		c    simulator.ClauseResult
		want string
	}{
		{simulator.ClauseResult{Clause: "rto_s", Target: 5, Observed: 16.2, Low: 15.8, High: 16.6},
			"rto_s: target <= 5 s, observed 16.2 s (95% CI 15.8 to 16.6 s)"},
		{simulator.ClauseResult{Clause: "sovereignty_violations", Target: 0, Observed: 1236.6, Low: 1236.6, High: 1236.6},
			"sovereignty_violations: target <= 0 requests, observed 1236.6 requests (95% CI 1236.6 to 1236.6 requests)"},
	} {
		if got := FormatClause(tc.c); got != tc.want {
			t.Errorf("FormatClause(%+v)\n got %q\nwant %q", tc.c, got, tc.want)
		}
	}
}

func TestSLAFailure_routing(t *testing.T) {
	r := routingFixture()
	msg, ok := SLAFailure(r.Scenarios[1], r.Replications)
	if !ok {
		t.Fatal("no failure found")
	}
	for _, want := range []string{
		`In scenario "euw1-down", 3 SLA clauses miss their targets`,
		"  - rto_s: target <= 5 s, not recovered within the fault (at least 40.0 s)\n",
		"  - sovereignty_violations: target <= 0 requests, observed 1236.6 requests",
		"Recovery to a 99.0% success ratio per second: not recovered when the faults ended; 2.4 attempts per request. Faults:\n",
		"  - region_outage of eu-west-1 at 20 s: detected after 6.1 s (95% CI 5.8 to 6.4 s) in 100% of replications\n",
		"  - partition of us-east-1 at 30 s: never detected by the health checks\n",
		"Routes outside the origin's allowed jurisdictions (requests per replication):\n",
		"  - paris -> us-east-1 (US), first at 26.4 s, 1234.6 requests\n",
		"  - paris -> nyc (no jurisdiction), first at 31.0 s, 2.0 requests\n",
		"shorter health_check.interval_s or a lower failure_threshold",
		"a lower dns_ttl_s",
		"headroom to carry its traffic",
		"restrict the routing policy's failover list or weights to regions in those jurisdictions",
		"widen the origin's allowed_jurisdictions",
	} {
		if !strings.Contains(msg.Detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, msg.Detail)
		}
	}

	// A recovered scenario that is too slow shows its figure, and without
	// a sovereignty failure no route is listed.
	s := r.Scenarios[1]
	rr := *s.Routing
	rr.Recovered, rr.RTOS = true, est(16.2, 15.8, 16.6)
	s.Routing = &rr
	s.SLA = []simulator.ClauseResult{{Clause: "rto_s", Target: 5, Observed: 16.2, Low: 15.8, High: 16.6, Status: simulator.StatusFail}}
	msg, _ = SLAFailure(s, r.Replications)
	if !strings.Contains(msg.Detail, "rto_s: target <= 5 s, observed 16.2 s (95% CI 15.8 to 16.6 s)") ||
		strings.Contains(msg.Detail, "not recovered") || !strings.Contains(msg.Detail, "per second: after 16.2 s (95% CI 15.8 to 16.6 s); 2.4 attempts") ||
		strings.Contains(msg.Detail, "Routes outside") {
		t.Errorf("recovered rto_s failure:\n%s", msg.Detail)
	}

	// A failure of another clause does not list the faults.
	s.SLA = []simulator.ClauseResult{{Clause: "availability", Target: 0.99, Observed: 0.97, Low: 0.96, High: 0.98, Status: simulator.StatusFail}}
	msg, _ = SLAFailure(s, r.Replications)
	if strings.Contains(msg.Detail, "Faults:") {
		t.Errorf("availability failure lists the faults:\n%s", msg.Detail)
	}
}

func TestRenderers_routing(t *testing.T) {
	r := routingFixture()
	md := Markdown(r)
	for _, want := range []string{
		"| euw1-down | rto_s | <= 5 s | not recovered (at least 40.0 s) | 40.0 to 40.0 s | **fail** |",
		"| euw1-down | sovereignty_violations | <= 0 requests | 1236.6 requests | 1236.6 to 1236.6 requests | **fail** |",
		"| baseline | sovereignty_violations | <= 0 requests | 0.0 requests | 0.0 to 0.0 requests | pass |",
		"Routing: 2.4 (2.3 to 2.5) attempts per request, goodput 1210.5 (1190.0 to 1231.0) rps, 31.0% (29.0% to 33.0%) of " +
			"attempts timed out, 0.0 (0.0 to 0.0) circuit-breaker openings. RTO 40.0 (40.0 to 40.0) s against a 99.0% " +
			"success ratio, **not recovered** when the faults ended (a lower bound).",
		"| Fault | Region | At (s) | Detected after (s) | Detected in |",
		"| region_outage | eu-west-1 | 20 | 6.1 (5.8 to 6.4) | 100% of replications |",
		"| partition | us-east-1 | 30 | not detected | 0% of replications |",
		"| paris | us-east-1 | US | 26.4 | 1234.6 |",
		"| paris | nyc | no jurisdiction | 31.0 | 2.0 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	// The baseline has no RTO and no fault table.
	baseline := md[strings.Index(md, "### Scenario `baseline`"):strings.Index(md, "### Scenario `euw1-down`")]
	if strings.Contains(baseline, "RTO") || strings.Contains(baseline, "| Fault |") || !strings.Contains(baseline, "Routing: 1.0") {
		t.Errorf("baseline routing section:\n%s", baseline)
	}

	var tb bytes.Buffer
	if err := Table(&tb, "data.topology_simulation.x", r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rto_s", "not recovered (>= 40.0)", "sovereignty_violations", "1236.6"} {
		if !strings.Contains(tb.String(), want) {
			t.Errorf("Table lacks %q:\n%s", want, tb.String())
		}
	}

	doc := JUnit([]JUnitSimulation{{Address: "data.topology_simulation.x", Report: r}}, false)
	var rto, sov *JUnitCase
	for i, c := range doc.Suites[0].Cases {
		switch {
		case c.Classname == "data.topology_simulation.x.euw1-down" && c.Name == "rto_s":
			rto = &doc.Suites[0].Cases[i]
		case c.Classname == "data.topology_simulation.x.euw1-down" && c.Name == "sovereignty_violations":
			sov = &doc.Suites[0].Cases[i]
		}
	}
	if rto == nil || rto.Failure == nil || rto.Failure.Message != "rto_s: target <= 5 s, not recovered within the fault (at least 40.0 s)" {
		t.Errorf("rto_s case = %+v", rto)
	}
	if sov == nil || sov.Failure == nil || !strings.Contains(sov.Failure.Text, "paris -> us-east-1 (US), first at 26.4 s, 1234.6 requests") {
		t.Errorf("sovereignty case = %+v", sov)
	}
	if doc.Tests != 4 || doc.Failures != 3 {
		t.Errorf("JUnit counts %d tests, %d failures; want 4, 3", doc.Tests, doc.Failures)
	}

	var js bytes.Buffer
	if err := WriteJSON(&js, NewJSONDocument("tool", "v1", []JSONSimulation{{Address: "x", Report: r}})); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Simulations []struct {
			Report simulator.Report `json:"report"`
		} `json:"simulations"`
	}
	if err := json.Unmarshal(js.Bytes(), &parsed); err != nil {
		t.Fatal(err)
	}
	got := parsed.Simulations[0].Report.Scenarios[1]
	if got.Routing == nil || got.Routing.Recovered || len(got.Routing.SovereigntyViolations) != 2 || got.SLA[1].Clause != "rto_s" {
		t.Errorf("JSON round trip lost the routing results: %+v", got.Routing)
	}
}

// TestSLAFailure_faultAvailability: availability missed in a fault
// scenario is advised on failover, not only on capacity.
func TestSLAFailure_faultAvailability(t *testing.T) {
	s := simulator.ScenarioResult{Name: "use1-down", SLA: []simulator.ClauseResult{
		{Clause: "availability", Target: 0.99, Observed: 0.78, Low: 0.77, High: 0.79, Status: simulator.StatusFail},
	}}
	msg, failed := SLAFailure(s, 3)
	if !failed || !strings.Contains(msg.Detail, "add a circuit_breaker with retries") || !strings.Contains(msg.Detail, "add capacity") {
		t.Errorf("detail:\n%s", msg.Detail)
	}
	s.Name = simulator.BaselineScenario
	if msg, _ = SLAFailure(s, 3); strings.Contains(msg.Detail, "circuit_breaker") {
		t.Errorf("the baseline has no fault to route around:\n%s", msg.Detail)
	}
}
