package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// capacityJSON runs capacity on a model and returns its exit code, table
// and JSON answer.
func capacityJSON(t *testing.T, model string) (int, string, CapacityAnswer) {
	t.Helper()
	f := writeTemp(t, "capacity.model.json", model)
	out := filepath.Join(t.TempDir(), "capacity.json")
	code, stdout, stderr := run(t, "capacity", "-f", f, "--json", out)
	var ans CapacityAnswer
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("capacity: exit %d, no JSON (%v)\n%s\n%s", code, err, stdout, stderr)
	}
	if err := json.Unmarshal(data, &ans); err != nil {
		t.Fatal(err)
	}
	if stderr != "" {
		t.Errorf("capacity wrote on stderr (no progress without a terminal or --progress):\n%s", stderr)
	}
	return code, stdout, ans
}

// TestCapacityStopsAtLatencyFloor: clients in Tokyo served only from
// Virginia, a p99 target between the fiber floor (so the static checks
// accept it) and the mean round trip (so no response at the median, let
// alone the p99, meets it). More instances cannot help: the search stops
// after the one run at the ample count and names the scenario and clause,
// where the old search doubled to --max for every region with no reason.
func TestCapacityStopsAtLatencyFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates")
	}
	tokyo, _ := geo.Parse("aws:ap-northeast-1")
	virginia, _ := geo.Parse("aws:us-east-1")
	rtt := geo.RoundTrip(tokyo, virginia)
	target := (rtt.FloorMs + rtt.Ms) / 2
	code, stdout, ans := capacityJSON(t, fmt.Sprintf(`{
  "regions": [{"name": "virginia", "location": "aws:us-east-1", "instances": 2, "concurrency": 4, "service_time_ms": 10}],
  "workload": {"origins": [{"name": "tokyo", "location": "aws:ap-northeast-1", "rps": 100}]},
  "sla": {"latency_p99_ms": %g},
  "run": {"duration_s": 20, "warmup_s": 2, "replications": 3, "seed": 5}
}`, target))
	t.Logf("round trip %.1f ms (floor %.1f ms), target %.1f ms\n%s", rtt.Ms, rtt.FloorMs, target, stdout)
	if code != ExitSLAFailed {
		t.Fatalf("exit %d, want %d", code, ExitSLAFailed)
	}
	if ans.Simulations != 1 {
		t.Errorf("%d simulations: the ample run alone decides that the floor blocks", ans.Simulations)
	}
	r := ans.Regions[0]
	if r.Met || !r.ClosedForm.LatencyFloor || r.ClosedForm.ErlangC != 0 {
		t.Errorf("region %+v: want not met, the closed form out of reach", r)
	}
	if len(r.BlockedBy) != 1 || r.BlockedBy[0].Scenario != "baseline" || r.BlockedBy[0].Clause != "latency_p99_ms" ||
		r.BlockedBy[0].Status != "fail" || r.BlockedBy[0].Low <= target {
		t.Errorf("blocked by %+v, want the baseline's latency_p99_ms failing above %.1f ms", r.BlockedBy, target)
	}
	for _, w := range []string{`scenario "baseline" latency_p99_ms is`, "more instances cannot help", "round trip plus the service time"} {
		if !strings.Contains(stdout, w) || !strings.Contains(r.Reason, w) {
			t.Errorf("the reason does not say %q:\n%s", w, stdout)
		}
	}
}

// TestCapacityStopsAtOutage: a scenario that takes the only region down
// for 30 % of the run fails availability whatever the instance count; the
// answer names that scenario and clause, after one run at the ample count
// (the closed form's guess is tried first and fails).
func TestCapacityStopsAtOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates")
	}
	code, stdout, ans := capacityJSON(t, `{
  "regions": [{"name": "solo", "location": "geo:48.85,2.35", "instances": 2, "service_time_ms": 10}],
  "workload": {"origins": [{"name": "paris", "location": "geo:48.85,2.35", "rps": 100}]},
  "sla": {"availability": 0.99},
  "scenarios": [{"name": "outage", "faults": [{"type": "region_outage", "region": "solo", "at_s": 3, "duration_s": 3}]}],
  "run": {"duration_s": 10, "warmup_s": 0, "replications": 3, "seed": 5}
}`)
	t.Log(stdout)
	if code != ExitSLAFailed {
		t.Fatalf("exit %d, want %d", code, ExitSLAFailed)
	}
	if ans.Simulations > 2 {
		t.Errorf("%d simulations: the closed form's guess and the ample run decide", ans.Simulations)
	}
	r := ans.Regions[0]
	if r.Met || len(r.BlockedBy) == 0 || r.BlockedBy[0].Scenario != "outage" || r.BlockedBy[0].Clause != "availability" {
		t.Errorf("region %+v: want blocked by the outage scenario's availability", r)
	}
	for _, w := range []string{`scenario "outage" availability is`, "more instances cannot help", "outage"} {
		if !strings.Contains(r.Reason, w) {
			t.Errorf("the reason does not say %q:\n%s", w, r.Reason)
		}
	}
}

// TestCapacityProgress: with --progress each simulation is a line on
// stderr; without it (and stderr not a terminal) there is none, which
// capacityJSON checks in every other test.
func TestCapacityProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates")
	}
	f := writeTemp(t, "m.json", `{
  "regions": [{"name": "solo", "location": "geo:48.85,2.35", "instances": 2, "service_time_ms": 10}],
  "workload": {"origins": [{"location": "geo:48.85,2.35", "rps": 50}]},
  "sla": {"latency_p99_ms": 100},
  "run": {"duration_s": 5, "warmup_s": 0, "replications": 2}
}`)
	code, stdout, stderr := run(t, "capacity", "-f", f, "--progress")
	if code != ExitOK || !strings.Contains(stderr, "capacity: simulation 1 (") || !strings.Contains(stderr, "baseline search, with every region up: solo=") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
