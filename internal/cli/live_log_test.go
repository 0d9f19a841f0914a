package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TestLivePlanDebugLog: TF_LOG=debug terraform plan of examples/quickstart
// with the provider built from this tree (dev_overrides, no init) shows
// the provider's structured logs: the model simulated, each scenario's
// replications, requests, events, wall time and stop reason, the totals,
// the regions planned by name, and counts as digits (simulated_requests=
// 1982174, not "1.982174e+06"), the requests those the plan's output
// shows.
func TestLivePlanDebugLog(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider and runs terraform")
	}
	tf := terraformCLI(t)
	ctx := t.Context()
	dir := t.TempDir()
	_, cfg := devProvider(t, dir)
	work := filepath.Join(dir, "quickstart")
	copyExample(t, filepath.Join("..", "..", "examples", "quickstart"), work)
	cmd := exec.CommandContext(ctx, tf, "plan", "-no-color", "-input=false")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cfg, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_LOG=debug", "TOPOLOGY_SIMULATION_CACHE=off")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, stderr.String())
	}
	log := stderr.String()

	var ours []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "@module=topology") {
			ours = append(ours, line)
		}
	}
	find := func(msg string) string {
		for _, l := range ours {
			if strings.Contains(l, "provider.terraform-provider-topology: "+msg+":") {
				return l
			}
		}
		t.Errorf("no %q line among the provider's logs:\n%s", msg, strings.Join(ours, "\n"))
		return ""
	}
	field := func(line, name string) string {
		m := regexp.MustCompile(`\b` + name + `=("[^"]*"|\S+)`).FindStringSubmatch(line)
		if m == nil {
			t.Errorf("no %s field in %s", name, line)
			return ""
		}
		return m[1]
	}
	digits := regexp.MustCompile(`^[0-9]+$`)

	started := find("Simulation started")
	if field(started, "regions") != "3" || field(started, "origins") != "3" {
		t.Errorf("Simulation started does not describe the quickstart (3 regions, 3 origins): %s", started)
	}
	scenario := find("Scenario simulated")
	if field(scenario, "scenario") != "baseline" || strings.Trim(field(scenario, "stop_reason"), `"`) != simulator.StopFixed {
		t.Errorf("Scenario simulated: %s", scenario)
	}
	finished := find("Simulation finished")
	for _, line := range []string{scenario, finished} {
		for _, f := range []string{"simulated_requests", "events", "wall_time_ms"} {
			if v := field(line, f); !digits.MatchString(v) {
				t.Errorf("%s = %s, want decimal digits: %s", f, v, line)
			}
		}
	}
	if m := regexp.MustCompile(`(?m)^\s*\+?\s*simulated_requests\s*=\s*([0-9]+)`).FindSubmatch(stdout); m == nil {
		t.Errorf("the plan shows no simulated_requests output:\n%s", stdout)
	} else if got := field(finished, "simulated_requests"); got != string(m[1]) {
		t.Errorf("logged simulated_requests=%s, the plan's output says %s", got, m[1])
	}
	region := find("Topology resource ModifyPlan")
	if field(region, "tf_resource_type") != "topology_region" && field(region, "tf_resource_type") != "topology_simulation" {
		t.Errorf("ModifyPlan line without a resource type: %s", region)
	}
	for _, l := range ours {
		if regexp.MustCompile(`[0-9]e\+[0-9]`).MatchString(l) {
			t.Errorf("a count in exponent form: %s", l)
		}
	}
}
