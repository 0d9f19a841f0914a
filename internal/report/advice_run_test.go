package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// runScenario simulates a model given as JSON and returns the report's
// scenario of that name with its failure message.
func runScenario(t *testing.T, model, scenario string) (simulator.ScenarioResult, string) {
	t.Helper()
	m, err := simulator.DecodeModel([]byte(model))
	if err != nil {
		t.Fatal(err)
	}
	r, err := simulator.Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Scenarios {
		if s.Name == scenario {
			msg, failed := SLAFailure(s, r.Replications)
			if !failed {
				t.Fatalf("scenario %q passes; the test needs it to fail", scenario)
			}
			return s, msg.Detail
		}
	}
	t.Fatalf("no scenario %q", scenario)
	return simulator.ScenarioResult{}, ""
}

// capacityLossModel loses 3 of us-east-1's 7 servers for the whole
// measured window at 320 rps x 10 ms: the 4 left are 80 % busy (Erlang C
// for 4 servers gives a mean wait of 7.5 ms), though utilization over the
// 7 configured servers reads 45.7 %. The baseline, with 7 servers, waits
// 0.15 ms and misses the p99 target on the exponential service time alone.
const capacityLossModel = `{
  "regions": [{"name": "us-east-1", "location": "aws:us-east-1", "instances": 7, "service_time_ms": 10, "queue_limit": %d}],
  "workload": {"origins": [{"name": "virginia", "location": "aws:us-east-1", "rps": %d}]},
  "sla": {"latency_p99_ms": 20, "availability": 0.999},
  "scenarios": [{"name": "lose3", "faults": [{"type": "capacity_loss", "region": "us-east-1", "fraction": 0.42857, "at_s": 5}]}],
  "run": {"duration_s": 60, "warmup_s": 5, "replications": 3, "seed": 3}
}`

// TestAdviceCapacityLossNamesTheBusyRegion: under a capacity loss the
// advice names the region that queues and the wait it measured, where it
// said "no region is busy (highest utilization 45.7 %), so queueing adds
// little"; in the baseline, which does not queue, it still says so.
func TestAdviceCapacityLossNamesTheBusyRegion(t *testing.T) {
	model := fmt.Sprintf(capacityLossModel, 0, 320)
	s, detail := runScenario(t, model, "lose3")
	r := s.Regions[0]
	if r.MeanWait.Mean < 0.2*r.MeanSojourn.Mean {
		t.Fatalf("the 4 servers left should queue: mean wait %.2f ms of %.2f ms", r.MeanWait.Mean, r.MeanSojourn.Mean)
	}
	fix := detail[strings.Index(detail, "To fix:"):]
	for _, want := range []string{
		fmt.Sprintf("To fix: us-east-1 (%s utilization", percent(r.Utilization.Mean, 1)),
		fmt.Sprintf("mean wait %s ms) queues: to lower latency, add capacity (instances or concurrency) to us-east-1", measure(r.MeanWait.Mean)),
	} {
		if !strings.Contains(fix, want) {
			t.Errorf("advice lacks %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, "no region is busy") || !strings.Contains(detail, "Busiest regions: us-east-1") {
		t.Errorf("the advice or the busiest regions deny the queue:\n%s", detail)
	}

	base, detail := runScenario(t, model, simulator.BaselineScenario)
	want := fmt.Sprintf("To fix: no region is busy (highest utilization %s, longest mean wait %s ms, no arrival rejected)",
		percent(base.Regions[0].Utilization.Mean, 1), measure(base.Regions[0].MeanWait.Mean))
	if !strings.Contains(detail, want) || strings.Contains(detail, "Busiest regions") {
		t.Errorf("baseline advice lacks %q:\n%s", want, detail)
	}
}

// TestAdviceCapacityLossNamesTheRejections: with a short queue and 4
// servers left for 420 rps x 10 ms (offered 105 % of them), arrivals are
// rejected; the advice on the missed availability names the share and
// the queue_limit, and the latency advice does not call the region idle.
func TestAdviceCapacityLossNamesTheRejections(t *testing.T) {
	s, detail := runScenario(t, fmt.Sprintf(capacityLossModel, 20, 420), "lose3")
	r := s.Regions[0]
	if r.RejectedRatio.Mean < 0.01 {
		t.Fatalf("the queue should overflow: rejected %.4f", r.RejectedRatio.Mean)
	}
	want := fmt.Sprintf("us-east-1 rejects %s of arrivals (queue_limit 20) at %s utilization: to raise availability, add capacity",
		percent(r.RejectedRatio.Mean, percentDecimals(1-r.RejectedRatio.Mean)), percent(r.Utilization.Mean, 1))
	if !strings.Contains(detail, want) {
		t.Errorf("advice lacks %q:\n%s", want, detail)
	}
	if strings.Contains(detail, "no region is busy") {
		t.Errorf("the advice calls a region that rejects %s of arrivals idle:\n%s", percent(r.RejectedRatio.Mean, percentDecimals(1-r.RejectedRatio.Mean)), detail)
	}
}

// outageModel takes us-east-1 out for 40 s under a routing policy with
// health checks every 10 s (3 failures mark a region down), retries and
// a circuit breaker. Retries keep availability, but the attempts sent to
// us-east-1 before virginia's breaker opens wait out their 1 s timeout:
// the p99 misses 200 ms.
const outageModel = `{
  "regions": [
    {"name": "us-east-1", "location": "aws:us-east-1", "instances": 4, "concurrency": 8, "service_time_ms": 20, "queue_limit": 50},
    {"name": "eu-west-1", "location": "aws:eu-west-1", "instances": 6, "concurrency": 8, "service_time_ms": 20, "queue_limit": 50}
  ],
  "workload": {"origins": [
    {"name": "virginia", "location": "aws:us-east-1", "rps": 600},
    {"name": "frankfurt", "location": "aws:eu-central-1", "rps": 400}]},
  "routing_policy": {"name": "p", "strategy": "latency", "health_check": {"interval_s": 10, "failure_threshold": 3},
    "dns_ttl_s": 30, "request_timeout_ms": 1000, "retry": {"max_attempts": 3},
    "circuit_breaker": {"failure_threshold": 5, "open_s": 30}},
  "sla": {"latency_p99_ms": 200, "availability": 0.999},
  "scenarios": [{"name": "use1-down", "faults": [{"type": "region_outage", "region": "us-east-1", "at_s": 10, "duration_s": 40}]}],
  "run": {"duration_s": 60, "warmup_s": 5, "replications": 3, "seed": 5}
}`

// TestAdviceOutageReadsTheRoutingPolicy: with a routing policy, a
// circuit breaker and retries configured, the advice no longer proposes
// adding them ("route with a topology_routing_policy … add a
// circuit_breaker with retries"); it names the timeouts and the breaker's
// openings measured, and the settings they come from. Detection, which
// the breaker made moot, is not blamed.
func TestAdviceOutageReadsTheRoutingPolicy(t *testing.T) {
	s, detail := runScenario(t, outageModel, "use1-down")
	fix := detail[strings.Index(detail, "To fix:"):]
	for _, bad := range []string{"topology_routing_policy", "add a circuit_breaker", "retries are off", "shorten the service time", "detection of"} {
		if strings.Contains(fix, bad) {
			t.Errorf("advice proposes %q, which is configured:\n%s", bad, detail)
		}
	}
	if len(s.Routing.Faults) != 1 || s.Routing.Faults[0].Detected != 1 {
		t.Fatalf("the outage should be detected in every replication: %+v", s.Routing.Faults)
	}
	for _, want := range []string{
		fmt.Sprintf("the circuit_breaker opened %s times per replication (failure_threshold 5)", measure(s.Routing.BreakerOpens.Mean)),
		fmt.Sprintf("%s of attempts timed out (request_timeout_ms 1000)", percent(s.Routing.TimedOutRatio.Mean, 1)),
	} {
		if !strings.Contains(fix, want) {
			t.Errorf("advice lacks %q:\n%s", want, detail)
		}
	}
}

// TestAdviceSurvivesJSON: a report read back from its JSON (the
// provider's cache, a CI artifact) is advised on exactly as the fresh one,
// since the configuration the advice reads travels with it.
func TestAdviceSurvivesJSON(t *testing.T) {
	m, err := simulator.DecodeModel([]byte(outageModel))
	if err != nil {
		t.Fatal(err)
	}
	r, err := simulator.Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back simulator.Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for i, s := range r.Scenarios {
		fresh, _ := SLAFailure(s, r.Replications)
		read, _ := SLAFailure(back.Scenarios[i], back.Replications)
		if fresh != read {
			t.Errorf("scenario %q advised differently once read back:\nfresh %s\nread  %s", s.Name, fresh.Detail, read.Detail)
		}
	}
	if back.Scenarios[1].Config == nil || back.Scenarios[1].Config.RoutingPolicy.CircuitBreaker == nil {
		t.Errorf("the configuration did not survive the JSON: %+v", back.Scenarios[1].Config)
	}
}
