package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// autoscaledSweepModel is one autoscaled region under a 4x step, with
// prices, so that its target decides its instance-hours and cost.
const autoscaledSweepModel = `{
  "regions": [{"name": "r", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 10,
    "autoscaling": {"min_instances": 2, "max_instances": 12, "signal": "utilization", "target": 0.5, "evaluation_interval_s": 10, "warmup_s": 15},
    "prices": {"currency": "USD", "instance_hour": 1, "transfer_out_gb": 0, "internet_egress_gb": 0, "storage_gb_month": 0}}],
  "workload": {"origins": [{"name": "o", "location": "aws:us-east-1", "rps": 100, "read_ratio": 0,
    "load_profile": {"steps": [{"at_s": 30, "multiplier": 4, "ramp_s": 30}]}}]},
  "run": {"duration_s": 180, "warmup_s": 0, "replications": 2, "seed": 3}
}`

// TestSweepAutoscalingTarget: region.<name>.autoscaling.<field> sweeps an
// autoscaler's settings (the question "which target holds the SLA at the
// least cost?"). A higher utilization target keeps fewer instances, so
// its cost per hour is lower; each point gets its own copy of the
// autoscaling, so the points do not leak into one another. A region
// without autoscaling and an unknown field are errors that say so.
func TestSweepAutoscalingTarget(t *testing.T) {
	dir := t.TempDir()
	model := writeTemp(t, "autoscaled.model.json", autoscaledSweepModel)
	out := filepath.Join(dir, "sweep.csv")
	code, _, stderr := run(t, "sweep", "-f", model, "--param", "region.r.autoscaling.target=0.3,0.9", "--out", out)
	if code != ExitOK {
		t.Fatalf("sweep: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	param, cost := slices.Index(recs[0], "region.r.autoscaling.target"), slices.Index(recs[0], "cost_per_hour")
	if param < 0 || cost < 0 || len(recs) != 3 {
		t.Fatalf("want the parameter and cost columns and 2 points:\n%s", data)
	}
	costAt := map[string]float64{}
	for _, rec := range recs[1:] {
		c, err := strconv.ParseFloat(rec[cost], 64)
		if err != nil {
			t.Fatalf("cost %q: %v\n%s", rec[cost], err, data)
		}
		costAt[rec[param]] = c
	}
	if !(costAt["0.3"] > costAt["0.9"]) {
		t.Errorf("cost per hour at target 0.3 is %v, at 0.9 %v: a lower target should keep more instances\n%s", costAt["0.3"], costAt["0.9"], data)
	}

	fixed := writeTemp(t, "fixed.model.json", strings.Replace(autoscaledSweepModel,
		`"autoscaling": {"min_instances": 2, "max_instances": 12, "signal": "utilization", "target": 0.5, "evaluation_interval_s": 10, "warmup_s": 15},`, "", 1))
	for _, tc := range []struct{ param, want string }{
		{"region.r.autoscaling.bogus=1", `unknown autoscaling field "bogus"`},
	} {
		code, _, stderr := run(t, "sweep", "-f", model, "--param", tc.param, "--out", filepath.Join(dir, "x.csv"))
		if code != ExitBadInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d with %q:\n%s", tc.param, code, ExitBadInput, tc.want, stderr)
		}
	}
	code, stdout, stderr := run(t, "sweep", "-f", fixed, "--param", "region.r.autoscaling.target=0.5", "--out", "-")
	if code != ExitBadInput || !strings.Contains(stdout+stderr, `region "r" has no autoscaling to vary`) {
		t.Errorf("a region without autoscaling: exit %d\n%s\n%s", code, stdout, stderr)
	}
}
