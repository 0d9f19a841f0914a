package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// terraformCLI finds a Terraform-compatible CLI, or skips the test when
// there is none and TF_ACC is not set (with TF_ACC it must be there).
func terraformCLI(t testing.TB) string {
	t.Helper()
	for _, env := range []string{"TF_ACC_TERRAFORM_PATH", "TOPOLOGY_TF_CLI"} {
		if p := os.Getenv(env); p != "" {
			return p
		}
	}
	for _, name := range []string{"terraform", "tofu"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("TF_ACC") != "" {
		t.Fatal("TF_ACC is set but no terraform or tofu is on PATH (or in TF_ACC_TERRAFORM_PATH)")
	}
	t.Skip("no terraform or tofu on PATH; set TF_ACC=1 to make this a failure")
	return ""
}

// devProvider builds the provider into dir/plugins and writes dir/dev.tfrc,
// a CLI configuration whose dev_overrides point Terraform and OpenTofu at
// it (so that no test runs terraform init). It returns the binary and the
// configuration file, for TF_CLI_CONFIG_FILE.
func devProvider(t testing.TB, dir string) (bin, cfg string) {
	t.Helper()
	pluginDir := filepath.Join(dir, "plugins")
	bin = filepath.Join(pluginDir, ProgramName)
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "github.com/multiregion/terraform-provider-topology")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg = filepath.Join(dir, "dev.tfrc")
	if err := os.WriteFile(cfg, []byte(`provider_installation {
  dev_overrides {
    "registry.terraform.io/multiregion/topology" = "`+pluginDir+`"
    "registry.opentofu.org/multiregion/topology" = "`+pluginDir+`"
  }
  direct {}
}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	return bin, cfg
}

// TestCheckLivePlanMatchesProvider plans every example that declares a
// topology_simulation with the provider built from this tree, then runs the
// built binary's check on each plan JSON and compares its report with the
// data source's results in that same plan: same seed, same verdicts, same
// figures, same Markdown.
func TestCheckLivePlanMatchesProvider(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider and runs terraform")
	}
	tf := terraformCLI(t)
	ctx := t.Context()

	dir := t.TempDir()
	bin, cfg := devProvider(t, dir)

	// Every example with a simulation must be here: TestLiveExamplesCovered
	// fails when one is added without a case.
	for _, tc := range liveExampleCases {
		t.Run(tc.name, func(t *testing.T) {
			planJSON := planExample(t, tf, cfg, dir, tc.name, tc.example, tc.vars)
			work := filepath.Join(dir, tc.name) // where planExample copied the example
			if code := checkPlanAgainstProvider(t, planJSON); code != tc.code {
				t.Errorf("check (in process): exit %d, want %d", code, tc.code)
			}
			// The same through the binary Terraform ran, as CI calls it,
			// with the JSON report and the SARIF log (checkLiveOutputs).
			jsonOut, sarifOut := filepath.Join(dir, tc.name+".json"), filepath.Join(dir, tc.name+".sarif")
			cmd := exec.CommandContext(ctx, bin, "check", "--plan", planJSON, "--json", jsonOut, "--sarif", sarifOut, "--github", "--config-dir", work)
			cmd.Env = append(os.Environ(), "GITHUB_WORKSPACE="+dir)
			out, err := cmd.CombinedOutput()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("%s check: exit %d, want %d\n%s", ProgramName, code, tc.code, out)
			}
			checkLiveOutputs(t, dir, jsonOut, sarifOut, string(out), tc.code == ExitSLAFailed)
		})
	}
}

// planExample copies examples/<example> into dir/<name>, plans it with tf
// and the dev_overrides configuration cfg (devProvider), and returns the
// path of the plan's JSON (terraform show -json).
func planExample(t testing.TB, tf, cfg, dir, name, example string, vars []string) string {
	t.Helper()
	// No deadline: on a loaded machine the plans take as long as they
	// take; go test's own -timeout is the one bound.
	ctx := t.Context()
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+cfg, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	work := filepath.Join(dir, name)
	copyExample(t, filepath.Join("..", "..", "examples", example), work)
	tfRun := func(args ...string) []byte {
		t.Helper()
		cmd := exec.CommandContext(ctx, tf, args...)
		cmd.Dir, cmd.Env = work, env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", tf, strings.Join(args, " "), err, stderr.String())
		}
		return out
	}
	tfRun(append([]string{"plan", "-input=false", "-no-color", "-out", "plan.out"}, vars...)...)
	planJSON := filepath.Join(dir, name+".plan.json")
	if err := os.WriteFile(planJSON, tfRun("show", "-json", "plan.out"), 0o644); err != nil {
		t.Fatal(err)
	}
	return planJSON
}

// liveExampleCases are the plans TestCheckLivePlanMatchesProvider makes:
// an example directory under examples/, variables, and check's exit code.
var liveExampleCases = []struct {
	name, example string
	vars          []string
	code          int
}{
	{"quickstart-pass", "quickstart", nil, ExitOK},
	{"quickstart-fail", "quickstart", []string{"-var", "latency_p99_ms=80", "-var", "enforce=false"}, ExitSLAFailed},
	{"data-source", "data-sources/topology_simulation", nil, ExitOK},
	{"resource", "resources/topology_simulation", nil, ExitOK},
	// async_primary loses writes at the leader outage, so rpo_ms = 0 fails.
	{"replication-modes", "replication-modes", nil, ExitSLAFailed},
	// Both write policies serve more than 0.1 % stale reads (enforce = false).
	{"cache-invalidation", "cache-invalidation", nil, ExitSLAFailed},
	// Without a breaker availability falls below 99 % in both scenarios.
	{"failover", "failover", nil, ExitSLAFailed},
	// The slowed region's p99 misses its 40 ms target (enforce = false).
	{"gray-failure", "gray-failure", nil, ExitSLAFailed},
	// The retry storm duplicates non-idempotent checkouts, so
	// duplicate_write_ratio = 0 fails (enforce = false).
	{"operations", "operations", nil, ExitSLAFailed},
	// Health signals and split-brain merge, without an SLA.
	{"health-signals", "health-signals", nil, ExitOK},
	// The README's realistic example: 4 regions, 10 origins, 3 scenarios.
	{"realistic", "realistic", nil, ExitOK},
	// A diurnal day fixed and autoscaled: both meet the SLA.
	{"autoscaling", "autoscaling", nil, ExitOK},
}

// TestLiveExamplesCovered keeps liveExampleCases complete: every example
// directory that declares a topology_simulation (data source or resource)
// has a case.
func TestLiveExamplesCovered(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range liveExampleCases {
		covered[filepath.ToSlash(tc.example)] = true
	}
	root := filepath.Join("..", "..", "examples")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !strings.Contains(string(src), `data "topology_simulation"`) && !strings.Contains(string(src), `resource "topology_simulation"`) {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		if !covered[filepath.ToSlash(rel)] {
			t.Errorf("examples/%s declares a topology_simulation but has no case in liveExampleCases", filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copyExample copies the .tf files of an example (not its tests or state)
// into dst, so that planning it leaves the source tree untouched. The
// registry-doc examples (examples/data-sources/...) have no
// required_providers block, as tfplugindocs expects, so one is added there:
// without it Terraform would look for hashicorp/topology.
func copyExample(t testing.TB, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf files in %s (%v)", src, err)
	}
	declared := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		declared = declared || strings.Contains(string(b), "required_providers")
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !declared {
		versions := "terraform {\n  required_providers {\n    topology = { source = \"multiregion/topology\" }\n  }\n}\n"
		if err := os.WriteFile(filepath.Join(dst, "versions_test.tf"), []byte(versions), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
