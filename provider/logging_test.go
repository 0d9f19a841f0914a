package provider

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TestSimulationLog: a simulation logs through tflog what it simulated
// (the model's size), each scenario's replications, simulated requests,
// events, wall time and stop reason, and the run's totals; counts that may
// pass a million are decimal digits (Terraform would print an integer
// field as 1.982174e+06), equal to the results' simulated_requests. A
// cache hit says so.
func TestSimulationLog(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	raw := []byte(`{
	  "regions": [{"name": "a", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 10},
	              {"name": "b", "location": "aws:eu-west-1", "instances": 2, "service_time_ms": 10}],
	  "workload": {"origins": [{"name": "o", "location": "aws:us-east-1", "rps": 50}]},
	  "scenarios": [{"name": "down", "faults": [{"type": "region_outage", "region": "a", "at_s": 4, "duration_s": 3}]}],
	  "sla": {"latency_p99_ms": 500},
	  "duration_s": 10, "warmup_s": 1, "replications": 2, "seed": 3, "enforce": false
	}`)
	var cfg mapping.Simulation
	val, err := mapping.ConfigValueFromJSON(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	if diags := (tfsdk.Config{Schema: mapping.SimulationSchema(), Raw: val}).Get(context.Background(), &cfg); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := cfg.DecodeArguments(context.Background()); diags.HasError() {
		t.Fatal(diags)
	}
	settings := mapping.DefaultProviderSettings()

	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	fresh := cfg
	if diags := simulate(ctx, &fresh, &settings); diags.HasError() {
		t.Fatal(diags)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	requests := strconv.FormatInt(fresh.SimulatedRequests.ValueInt64(), 10)
	digits := regexp.MustCompile(`^[0-9]+$`)
	var scenarios []string
	var finished map[string]any
	for _, e := range entries {
		switch e["@message"] {
		case "Scenario simulated":
			scenarios = append(scenarios, e["scenario"].(string))
			if e["replications"] != float64(2) || e["stop_reason"] != simulator.StopFixed {
				t.Errorf("scenario entry %v: want 2 replications, stop reason %q", e, simulator.StopFixed)
			}
			for _, f := range []string{"simulated_requests", "events", "wall_time_ms"} {
				if s, ok := e[f].(string); !ok || !digits.MatchString(s) {
					t.Errorf("scenario entry: %s = %#v, want decimal digits", f, e[f])
				}
			}
		case "Simulation finished":
			finished = e
		}
	}
	if len(scenarios) != 2 || scenarios[0] != simulator.BaselineScenario || scenarios[1] != "down" {
		t.Errorf("scenarios logged %v, want [baseline down]", scenarios)
	}
	if finished == nil {
		t.Fatalf("no Simulation finished entry in %v", entries)
	}
	if finished["simulated_requests"] != requests || finished["seed"] != "3" || finished["regions"] != float64(2) ||
		finished["scenarios"] != float64(2) || finished["replications_planned"] != float64(2) || !digits.MatchString(finished["events"].(string)) {
		t.Errorf("Simulation finished %v: want simulated_requests %q (the results'), seed \"3\", 2 regions, 2 scenarios, 2 replications", finished, requests)
	}

	buf.Reset()
	cached := cfg
	if diags := simulate(ctx, &cached, &settings); diags.HasError() {
		t.Fatal(diags)
	}
	entries, err = tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0]["@message"] != "Simulation results reused from the cache" || entries[0]["simulated_requests"] != requests {
		t.Errorf("a cache hit logged %v, want one reuse entry with simulated_requests %q", entries, requests)
	}
}
