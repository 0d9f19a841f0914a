package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkdownAppend: --append keeps what earlier steps wrote to the file
// (GitHub's step summary is shared by every step of a job) and adds the
// report after it, once per run; without it the file is replaced.
func TestMarkdownAppend(t *testing.T) {
	model := filepath.Join("testdata", "minimal.model.json")
	md := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(md, []byte("## Earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if code, _, stderr := run(t, "check", "-f", model, "--markdown", md, "--append"); code != ExitOK {
			t.Fatalf("check --append exited %d: %s", code, stderr)
		}
	}
	got := readFile(t, md)
	if !strings.HasPrefix(got, "## Earlier step\n\n") {
		t.Errorf("the earlier step's text is gone or not followed by a blank line:\n%.200s", got)
	}
	one := reportOf(t, model)
	if n := strings.Count(got, one); n != 2 {
		t.Errorf("the report appears %d times after two runs, want 2", n)
	}

	if code, _, stderr := run(t, "check", "-f", model, "--markdown", md); code != ExitOK {
		t.Fatalf("check exited %d: %s", code, stderr)
	}
	if got := readFile(t, md); got != one {
		t.Errorf("without --append the file is not replaced by the report:\n%.200s", got)
	}
}

// TestGitHubStepSummary: --github-step-summary appends to the file
// GITHUB_STEP_SUMMARY names, and refuses to run where it is not set
// rather than dropping the summary silently.
func TestGitHubStepSummary(t *testing.T) {
	model := filepath.Join("testdata", "minimal.model.json")
	summary := filepath.Join(t.TempDir(), "step-summary.md")
	if err := os.WriteFile(summary, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	if code, _, stderr := run(t, "check", "-f", model, "--github-step-summary"); code != ExitOK {
		t.Fatalf("check --github-step-summary exited %d: %s", code, stderr)
	}
	if got, want := readFile(t, summary), "earlier\n\n"+reportOf(t, model); got != want {
		t.Errorf("step summary:\n%.300s\nwant:\n%.300s", got, want)
	}

	t.Setenv("GITHUB_STEP_SUMMARY", "")
	code, _, stderr := run(t, "check", "-f", model, "--github-step-summary")
	if code != ExitBadInput || !strings.Contains(stderr, "GITHUB_STEP_SUMMARY is not set") {
		t.Errorf("without GITHUB_STEP_SUMMARY: exit %d, %q; want %d and the reason", code, stderr, ExitBadInput)
	}
	for _, args := range [][]string{{"--append"}, {"--append", "--markdown", "-"}} {
		code, _, stderr := run(t, append([]string{"check", "-f", model}, args...)...)
		if code != ExitBadInput || !strings.Contains(stderr, "--append needs --markdown FILE") {
			t.Errorf("%v: exit %d, %q; want %d and the reason", args, code, stderr, ExitBadInput)
		}
	}
}

// reportOf is the Markdown report check writes for model.
func reportOf(t *testing.T, model string) string {
	t.Helper()
	code, stdout, stderr := run(t, "check", "-f", model, "--markdown", "-")
	if code != ExitOK {
		t.Fatalf("check --markdown - exited %d: %s", code, stderr)
	}
	return stdout
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
