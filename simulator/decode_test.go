package simulator

import (
	"errors"
	"strings"
	"testing"
)

// TestDecodeModelUnknownKeys: a misspelled key anywhere in a model file is
// an error naming its path and the key meant, never a value silently lost.
func TestDecodeModelUnknownKeys(t *testing.T) {
	for _, c := range []struct {
		json, path, key, suggestion string
	}{
		{`{"sla": {"latency_p99ms": 1}}`, "sla", "latency_p99ms", "latency_p99_ms"},
		{`{"sla": {"availabilty": 0.99}}`, "sla", "availabilty", "availability"}, //nolint:misspell // the misspelling is the input under test
		{`{"scenarios": [{"name": "a", "faults": [{"type": "region_outage", "duraton_s": 5}]}]}`, "scenarios[0].faults[0]", "duraton_s", "duration_s"},
		{`{"regions": [{"name": "a"}, {"name": "b", "instance": 3}]}`, "regions[1]", "instance", "instances"},
		{`{"workload": {"origins": [{"rps": 1, "read_ration": 0.9}]}}`, "workload.origins[0]", "read_ration", "read_ratio"},
		{`{"network": {"jitter": 0.1}}`, "network", "jitter", ""},
		{`{"run": {"replication": 3}}`, "run", "replication", "replications"},
		{`{"routing_policy": {"health_check": {"intervals": 3}}}`, "routing_policy.health_check", "intervals", "interval_s"},
		{`{"regoins": []}`, "", "regoins", "regions"},
	} {
		_, err := DecodeModel([]byte(c.json))
		var uk *UnknownKeyError
		if !errors.As(err, &uk) {
			t.Errorf("%s: err = %v, want an UnknownKeyError", c.json, err)
			continue
		}
		if uk.Path != c.path || uk.Key != c.key || uk.Suggestion != c.suggestion {
			t.Errorf("%s: got path %q key %q suggestion %q, want %q %q %q", c.json, uk.Path, uk.Key, uk.Suggestion, c.path, c.key, c.suggestion)
		}
		if c.suggestion != "" && !strings.Contains(err.Error(), "did you mean "+c.suggestion+"?") {
			t.Errorf("%s: message %q does not offer %s", c.json, err, c.suggestion)
		}
		if c.suggestion == "" && !strings.Contains(err.Error(), "valid arguments are") {
			t.Errorf("%s: message %q lists no valid arguments", c.json, err)
		}
	}
}

// TestDecodeModelValid: a model with every section decodes as encoding/json
// would, and a wrong type names its field.
func TestDecodeModelValid(t *testing.T) {
	m, err := DecodeModel([]byte(`{
	  "regions": [{"name": "a", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 5}],
	  "workload": {"origins": [{"location": "aws:us-east-1", "rps": 10, "read_ratio": 0}]},
	  "sla": {"latency_p99_ms": 50},
	  "run": {"duration_s": 10, "warmup_s": 0}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Regions[0].Instances != 2 || *m.Workload.Origins[0].ReadRatio != 0 || *m.SLA.LatencyP99Ms != 50 || *m.Run.WarmupS != 0 {
		t.Errorf("model = %+v", m)
	}
	_, err = DecodeModel([]byte(`{"regions": [{"name": "a", "instances": "two"}]}`))
	if err == nil || !strings.Contains(err.Error(), "regions.instances: a string where a whole number is needed") {
		t.Errorf("type error = %v", err)
	}
}
