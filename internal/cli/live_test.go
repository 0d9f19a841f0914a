package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// terraformCLI finds a Terraform-compatible CLI, or skips the test when
// there is none and TF_ACC is not set (with TF_ACC it must be there).
func terraformCLI(t *testing.T) string {
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

// TestCheckLivePlanMatchesProvider plans examples/quickstart with the
// provider built from this tree, then runs the built binary's check on the
// plan JSON and compares its report with the data source's results in
// that same plan: same seed, same verdicts, same figures, same Markdown.
func TestCheckLivePlanMatchesProvider(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider and runs terraform")
	}
	tf := terraformCLI(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	dir := t.TempDir()
	pluginDir := filepath.Join(dir, "plugins")
	bin := filepath.Join(pluginDir, ProgramName)
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/multiregion/terraform-provider-topology")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "dev.tfrc")
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
	work := filepath.Join(dir, "quickstart")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "quickstart", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+cfg, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
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

	for _, tc := range []struct {
		name string
		vars []string
		code int
	}{
		{"pass", nil, ExitOK},
		{"fail", []string{"-var", "latency_p99_ms=80", "-var", "enforce=false"}, ExitSLAFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfRun(append([]string{"plan", "-input=false", "-no-color", "-out", "plan.out"}, tc.vars...)...)
			planJSON := filepath.Join(dir, tc.name+".plan.json")
			if err := os.WriteFile(planJSON, tfRun("show", "-json", "plan.out"), 0o644); err != nil {
				t.Fatal(err)
			}
			if code := checkPlanAgainstProvider(t, planJSON); code != tc.code {
				t.Errorf("check (in process): exit %d, want %d", code, tc.code)
			}
			// The same through the binary Terraform ran, as CI calls it.
			cmd := exec.CommandContext(ctx, bin, "check", "--plan", planJSON)
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
		})
	}
}
