package cli

import (
	"strings"
	"testing"
)

// TestCapacityComputeCost: with prices, capacity prices the configured
// fleet and the minimum it found at instances x instance_hour, exactly,
// and says so under its table; without prices it says nothing of cost.
func TestCapacityComputeCost(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates")
	}
	const model = `{
  "regions": [
    {"name": "paris", "location": "geo:48.85,2.35", "instances": 10, "service_time_ms": 10, "queue_limit": 100 PRICES_A},
    {"name": "berlin", "location": "geo:52.52,13.40", "instances": 10, "service_time_ms": 10, "queue_limit": 100 PRICES_B}
  ],
  "workload": {"origins": [
    {"name": "paris", "location": "geo:48.85,2.35", "rps": 250},
    {"name": "berlin", "location": "geo:52.52,13.40", "rps": 150}
  ]},
  "sla": {"latency_p99_ms": 100, "availability": 0.999},
  "run": {"duration_s": 20, "warmup_s": 2, "replications": 3, "seed": 3}
}`
	prices := func(hour string) string {
		return `, "prices": {"currency": "EUR", "instance_hour": ` + hour + `, "transfer_out_gb": 0.02, "internet_egress_gb": 0.09, "storage_gb_month": 0.1}`
	}
	priced := strings.NewReplacer("PRICES_A", prices("0.5"), "PRICES_B", prices("0.25")).Replace(model)
	code, stdout, ans := capacityJSON(t, priced)
	t.Log(stdout)
	if code != ExitOK {
		t.Fatalf("exit %d, want %d", code, ExitOK)
	}
	c := ans.ComputeCost
	if c == nil || c.Minimum == nil {
		t.Fatalf("no compute cost in the answer: %+v", c)
	}
	if c.Configured != 10*0.5+10*0.25 || c.Currency != "EUR" {
		t.Errorf("configured: %v %s, want 7.5 EUR", c.Configured, c.Currency)
	}
	paris, berlin := ans.Regions[0].Minimum, ans.Regions[1].Minimum
	if want := float64(paris)*0.5 + float64(berlin)*0.25; *c.Minimum != want {
		t.Errorf("minimum: %v, want %d x 0.5 + %d x 0.25 = %v", *c.Minimum, paris, berlin, want)
	}
	if c.NPlusOne == nil {
		t.Fatalf("no N+1 cost: %+v", ans.NPlusOneRegions)
	}
	np, nb := ans.NPlusOneRegions[0].Minimum, ans.NPlusOneRegions[1].Minimum
	if want := float64(np)*0.5 + float64(nb)*0.25; *c.NPlusOne != want {
		t.Errorf("N+1 minimum: %v, want %d x 0.5 + %d x 0.25 = %v", *c.NPlusOne, np, nb, want)
	}
	if *c.Minimum >= c.Configured {
		t.Errorf("the minimum (%d, %d instances) costs %v, not less than the configured 10 + 10 at %v", paris, berlin, *c.Minimum, c.Configured)
	}
	if !strings.Contains(stdout, "Compute cost per hour (instances x instance_hour): 7.5 EUR as configured") {
		t.Errorf("no cost line:\n%s", stdout)
	}

	_, stdout, ans = capacityJSON(t, strings.NewReplacer("PRICES_A", "", "PRICES_B", "").Replace(model))
	if ans.ComputeCost != nil || strings.Contains(stdout, "cost") {
		t.Errorf("without prices: cost %+v\n%s", ans.ComputeCost, stdout)
	}
}
