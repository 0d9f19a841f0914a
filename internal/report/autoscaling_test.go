package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// autoscaledModel is one autoscaled region (2 to 3 instances of 10 ms at
// target 0.5) whose 100 rps triple at 10 s: 300 rps need 6 instances at
// the target and 3 serve them only at utilization 1, so it reaches its
// max_instances and the p99 target of 50 ms fails.
const autoscaledModel = `{
  "regions": [{"name": "us-east-1", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 10,
    "autoscaling": {"min_instances": 2, "max_instances": 3, "target": 0.5, "evaluation_interval_s": 2, "warmup_s": 1}}],
  "workload": {"origins": [{"name": "virginia", "location": "aws:us-east-1", "rps": 100,
    "load_profile": {"steps": [{"at_s": 10, "multiplier": 2.8}]}}]},
  "sla": {"latency_p99_ms": 50},
  "run": {"duration_s": 30, "warmup_s": 2, "replications": 3, "seed": 3}
}`

// TestAutoscalingReport: the table shows the autoscaler's summary and its
// first scale events, and the failed latency clause's advice names
// max_instances (which it reached) rather than a fixed count.
func TestAutoscalingReport(t *testing.T) {
	s, detail := runScenario(t, autoscaledModel, simulator.BaselineScenario)
	if !strings.Contains(detail, "us-east-1 is autoscaled and reached its max_instances of 3: raise max_instances") {
		t.Errorf("advice does not name max_instances: %s", detail)
	}
	if s.Regions[0].Autoscaling == nil || s.Regions[0].Autoscaling.PeakInstances != 3 {
		t.Fatalf("autoscaling %+v", s.Regions[0].Autoscaling)
	}
	m, _ := simulator.DecodeModel([]byte(autoscaledModel))
	r, err := simulator.Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Table(&b, "t", r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"AUTOSCALED REGION", "Scale events (first replication,", "above target 0.5"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, b.String())
		}
	}
}
