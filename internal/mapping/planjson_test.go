package mapping

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TestModelFromSimulationJSONMatchesRead: the JSON path gives the model
// that Read builds from the same configuration (toModel on a tfsdk.Config
// plus ApplyDefaults), with nulls for what the JSON leaves out and the
// provider settings applied.
func TestModelFromSimulationJSONMatchesRead(t *testing.T) {
	ctx := context.Background()
	raw := json.RawMessage(`{
		"regions": [
			{"name": "us-east-1", "location": "aws:us-east-1", "instances": 6, "concurrency": 8, "service_time_ms": 20,
			 "service_time_distribution": "lognormal", "service_time_p99_over_p50": null, "queue_limit": 2000},
			{"name": "eu-west-1", "location": "aws:eu-west-1", "instances": 2, "service_time_ms": 15}
		],
		"workload": {"origins": [{"name": "a", "location": "aws:us-east-1", "rps": 100, "read_ratio": 0.5},
			{"location": "geo:50.1,8.7", "rps": 10}]},
		"sla": {"latency_p99_ms": 150, "availability": null},
		"duration_s": 30,
		"replications": null,
		"some_attribute_from_another_version": {"x": 1},
		"results": null
	}`)
	settings := ProviderSettings{DefaultSeed: 42, MaxSimulatedRequests: 123456}
	got, err := ModelFromSimulationJSON(ctx, raw, settings)
	if err != nil {
		t.Fatal(err)
	}

	// What Read does with the same values.
	s := SimulationSchema()
	val := configValue(ctx, t, raw)
	var c Simulation
	if diags := (tfsdk.Config{Schema: s, Raw: val}).Get(ctx, &c); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := c.DecodeArguments(ctx); diags.HasError() {
		t.Fatal(diags)
	}
	want := c.ToModel(&ProviderSettings{DefaultSeed: 42, MaxSimulatedRequests: 123456})
	simulator.ApplyDefaults(&want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("model\n got %+v\nwant %+v", got, want)
	}

	// Spot checks of the mapping's defaults.
	if *got.Run.Seed != 42 || got.Run.MaxSimulatedRequests != 123456 || *got.Run.WarmupS != DefaultWarmupS ||
		got.Run.Replications != 0 || got.Run.MaxReplications != simulator.DefaultMaxReplications || *got.Run.DurationS != 30 {
		t.Errorf("run settings: %+v", got.Run)
	}
	if *got.Workload.Origins[1].ReadRatio != DefaultReadRatio || got.Workload.Origins[1].Name != "geo:50.1,8.7" {
		t.Errorf("origin defaults: %+v", got.Workload.Origins[1])
	}
	if got.Regions[0].ServiceTimeP99OverP50 != simulator.DefaultLognormalP99OverP50 || got.Regions[1].Concurrency != 1 {
		t.Errorf("region defaults: %+v", got.Regions)
	}
	if got.SLA.Availability != nil || got.SLA.LatencyP99Ms == nil || *got.SLA.LatencyP99Ms != 150 {
		t.Errorf("sla: %+v", got.SLA)
	}
}

func TestModelFromSimulationJSONErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		raw     string
		unknown bool
	}{
		{`not json`, false},
		{`null`, false},
		{`[]`, false},
		{`{"regions": "three"}`, false},
		{`{"workload": {"origins": []}}`, true},
		{`{"regions": [], "workload": null}`, true},
		{`{"regions": [{"instances": 1.5}], "workload": {"origins": []}}`, false},
	} {
		_, err := ModelFromSimulationJSON(ctx, json.RawMessage(tc.raw), DefaultProviderSettings())
		if err == nil {
			t.Errorf("%s: no error", tc.raw)
			continue
		}
		if errors.Is(err, ErrUnknownValues) != tc.unknown {
			t.Errorf("%s: %v (unknown values: %v, want %v)", tc.raw, err, errors.Is(err, ErrUnknownValues), tc.unknown)
		}
	}
}

// TestModelFromSimulationJSONHugeNumbers: numbers no attribute can hold are
// refused (before tftypes would spend seconds parsing them; that is not
// timed here, since a test must pass on a busy machine).
func TestModelFromSimulationJSONHugeNumbers(t *testing.T) {
	for _, n := range []string{"1e10000000", "-1e400", "1" + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"} {
		_, err := ModelFromSimulationJSON(context.Background(),
			json.RawMessage(`{"regions":[],"workload":{"origins":[]},"duration_s":`+n+`}`), DefaultProviderSettings())
		if err == nil {
			t.Errorf("%.30s: no error", n)
		}
	}
}

// TestModelFromSimulationJSONIgnoresResults: the computed attributes do not
// matter to the model, so results written by another provider version (here
// with most attributes missing) are no obstacle.
func TestModelFromSimulationJSONIgnoresResults(t *testing.T) {
	raw := json.RawMessage(`{
		"regions": [{"name": "a", "location": "aws:us-east-1", "instances": 1, "service_time_ms": 5}],
		"workload": {"origins": [{"location": "aws:us-east-1", "rps": 10}]},
		"results": [{"name": "baseline", "latency_ms": {"p99": 3}}],
		"sla_met": "not a bool", "simulated_requests": 12
	}`)
	m, err := ModelFromSimulationJSON(context.Background(), raw, DefaultProviderSettings())
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Regions) != 1 || *m.Run.Seed != DefaultSeed {
		t.Errorf("model: %+v", m)
	}
}

// configValue is ConfigValueFromJSON, failing the test on an error.
func configValue(ctx context.Context, t *testing.T, raw json.RawMessage) tftypes.Value {
	t.Helper()
	v, err := ConfigValueFromJSON(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
