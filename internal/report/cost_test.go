package report

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// costModel is one region of %d instances priced 0.5 an instance-hour
// serving 100 rps of 10 ms (one busy server), with responses of %d bytes
// priced 0.09 a GB, and a cost target of %g per hour.
const costModel = `{
  "regions": [{"name": "us-east-1", "location": "aws:us-east-1", "instances": %d, "service_time_ms": 10,
    "prices": {"currency": "USD", "instance_hour": 0.5, "transfer_out_gb": 0.02, "internet_egress_gb": 0.09, "storage_gb_month": 0.1}}],
  "workload": {"origins": [{"name": "virginia", "location": "aws:us-east-1", "rps": 100, "request_bytes": 100, "response_bytes": %d}]},
  "sla": {"max_cost_per_hour": %g},
  "run": {"duration_s": 20, "warmup_s": 2, "replications": 3, "seed": 3}
}`

// TestCostAdviceNamesTheDominantComponent: with 10 instances at 10 %
// utilization compute is nearly all of the cost (5/h against 0.03/h of
// egress for 100 rps x 1 kB), and the advice says so with the instances a
// busy threshold of 80 % needs (2); with 1 MB responses egress (about
// 32/h) dominates and the advice is about the responses.
func TestCostAdviceNamesTheDominantComponent(t *testing.T) {
	_, detail := runScenario(t, fmt.Sprintf(costModel, 10, 1000, 1.0), simulator.BaselineScenario)
	for _, want := range []string{"observed 5.03/h (95% CI 5.03 to 5.03/h)", "compute is 99% of it (5.00/h)", "region us-east-1 pays most (100% of it) with 10 instances at 10% utilization; about 2 would keep it under 80%"} {
		if !strings.Contains(detail, want) {
			t.Errorf("advice %q lacks %q", detail, want)
		}
	}
	s, detail := runScenario(t, fmt.Sprintf(costModel, 2, 1<<20, 1.0), simulator.BaselineScenario)
	egress := s.Cost.PerHour.InternetEgress.Mean
	if want := 100 * 3600 * float64(1<<20) / (1 << 30) * 0.09; egress < 0.9*want || egress > 1.1*want {
		t.Fatalf("egress per hour %v, want about %v", egress, want)
	}
	if !strings.Contains(detail, " over; internet egress is") {
		t.Errorf("advice %q does not lead with internet egress", detail)
	}
	if !strings.Contains(detail, "smaller responses (response_bytes") {
		t.Errorf("advice %q lacks the egress fix", detail)
	}
}

// TestTableShowsCost: the table has the cost clause and the cost lines.
func TestTableShowsCost(t *testing.T) {
	m, err := simulator.DecodeModel([]byte(fmt.Sprintf(costModel, 2, 1000, 100.0)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := simulator.Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Table(&b, "test", r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"max_cost_per_hour  <= 100  1.03", "Cost per hour USD: 1.03 [", "REGION     INSTANCE-H", "us-east-1  0.01        1.03    1.00"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
