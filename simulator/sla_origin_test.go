package simulator

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// surgeModel is a big origin (virginia, 3000 rps) served in us-east-1 and a
// small one (dublin, 2 rps) served by a small region in eu-west-1: one
// server with a deterministic 100 ms service (10 rps) and room for 20
// waiting requests. A tenfold surge of dublin from the end of the warm-up
// overloads its region (20 rps against 10): dublin's requests wait about
// 20 x 100 ms = 2 s and half of them are rejected, while dublin's share of
// the successful requests stays below 0.4 %, inside the 1 % the pooled p99
// leaves to the slow tail.
func surgeModel() Model {
	return Model{
		Regions: []Region{
			{Name: "use1", Location: "aws:us-east-1", Instances: 30, Concurrency: 2, ServiceTimeMs: 10},
			{Name: "euw1", Location: "aws:eu-west-1", Instances: 1, ServiceTimeMs: 100, ServiceTimeDistribution: DistDeterministic, QueueLimit: 20},
		},
		Workload: Workload{Origins: []Origin{
			{Name: "virginia", Location: "aws:us-east-1", RPS: 3000, ReadRatio: ptr(0)},
			{Name: "dublin", Location: "aws:eu-west-1", RPS: 2, ReadRatio: ptr(0)},
		}},
		Scenarios: []Scenario{{Name: "dublin-surge", Faults: []Fault{{Type: FaultTrafficSurge, Origin: "dublin", Multiplier: 10, AtS: 5}}}},
		SLA: SLA{LatencyP99Ms: ptr(500), Availability: ptr(0.99),
			Origins: []OriginSLA{{Origin: "dublin", LatencyP99Ms: ptr(500), Availability: ptr(0.99)}}},
		Run: RunSettings{DurationS: ptr(30), WarmupS: ptr(5), Replications: 5, Seed: ptrTo[uint64](3)},
	}
}

// TestOriginClausesSurge is issue 10's acceptance 5: a traffic_surge of one
// origin fails that origin's p99 (and availability) clause while the pooled
// clauses pass; without the surge every clause passes.
func TestOriginClausesSurge(t *testing.T) {
	rep, err := Run(context.Background(), surgeModel())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		BaselineScenario: {"latency_p99_ms": StatusPass, "availability": StatusPass,
			"dublin/latency_p99_ms": StatusPass, "dublin/availability": StatusPass},
		"dublin-surge": {"latency_p99_ms": StatusPass, "availability": StatusPass,
			"dublin/latency_p99_ms": StatusFail, "dublin/availability": StatusFail},
	}
	for _, sc := range rep.Scenarios {
		got := map[string]string{}
		var order []string
		for _, c := range sc.SLA {
			key := c.Clause
			if c.Origin != "" {
				key = c.Origin + "/" + c.Clause
			}
			got[key] = c.Status
			order = append(order, key)
			t.Logf("%s %s: target %g, observed %.1f (95%% CI %.1f to %.1f): %s", sc.Name, key, c.Target, c.Observed, c.Low, c.High, c.Status)
		}
		if strings.Join(order, " ") != "latency_p99_ms availability dublin/latency_p99_ms dublin/availability" {
			t.Errorf("%s: clauses in the order %v; want the global ones, then the origin's", sc.Name, order)
		}
		for k, v := range want[sc.Name] {
			if got[k] != v {
				t.Errorf("%s %s: status %q, want %q", sc.Name, k, got[k], v)
			}
		}
		// The origin's clause is judged on the origin's own figures.
		for _, c := range sc.SLA {
			if c.Origin == "dublin" && c.Clause == "latency_p99_ms" {
				if p99 := sc.Origins[1].Latency.P99; c.Observed != p99.Mean || c.Low != p99.Low || c.High != p99.High {
					t.Errorf("%s: dublin's clause %+v is not dublin's p99 %+v", sc.Name, c, p99)
				}
			}
		}
	}
	if rep.SLAMet {
		t.Error("a failed per-origin clause must fail the SLA")
	}
}

// TestClauseOriginJSON: a global clause's JSON has no origin key (reports
// without per-origin targets are unchanged); a per-origin one has it.
func TestClauseOriginJSON(t *testing.T) {
	global, _ := json.Marshal(ClauseResult{Clause: "latency_p99_ms", Status: StatusPass})
	if strings.Contains(string(global), "origin") {
		t.Errorf("global clause: %s", global)
	}
	own, _ := json.Marshal(ClauseResult{Clause: "latency_p99_ms", Origin: "dublin", Status: StatusPass})
	if !strings.Contains(string(own), `"origin":"dublin"`) {
		t.Errorf("per-origin clause: %s", own)
	}
	var s SLA
	if err := DecodeStrict([]byte(`{"origins": [{"origin": "dublin", "latency_p99ms": 5}]}`), &s, "sla"); err == nil ||
		!strings.Contains(err.Error(), "did you mean latency_p99_ms?") {
		t.Errorf("a misspelled per-origin target must be refused by name: %v", err)
	}
}
