package cli

import (
	"bytes"
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestUnknownCommand: a misspelled command gets the list of commands and
// the nearest one, with the bad-input code, instead of falling through to
// the provider (go-plugin's "This binary is a plugin").
func TestUnknownCommand(t *testing.T) {
	for _, tc := range []struct{ arg, near string }{
		{"chek", "check"}, {"simualte", "simulate"}, {"Capacity", "capacity"}, {"swep", "sweep"}, {"frobnicate", ""},
	} {
		code, stdout, stderr := run(t, tc.arg, "--plan", "plan.json")
		if code != ExitBadInput || stdout != "" {
			t.Errorf("%s: exit %d, want %d (stdout %q)", tc.arg, code, ExitBadInput, stdout)
		}
		for _, w := range []string{`unknown command "` + tc.arg + `"`, "check ", "capacity ", "schema ", "help"} {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr does not say %q:\n%s", tc.arg, w, stderr)
			}
		}
		if hint := "did you mean"; (tc.near != "") != strings.Contains(stderr, hint) ||
			tc.near != "" && !strings.Contains(stderr, "did you mean "+tc.near+"?") {
			t.Errorf("%s: want the suggestion %q:\n%s", tc.arg, tc.near, stderr)
		}
	}
}

// TestIsCLI: Terraform starts the provider with no arguments and a
// developer with -debug; every other first argument that is not a flag is
// the CLI's, so that a misspelled command reaches its error.
func TestIsCLI(t *testing.T) {
	for _, tc := range []struct {
		args []string
		cli  bool
	}{
		{nil, false},
		{[]string{"-debug"}, false},
		{[]string{"--debug=true"}, false},
		{[]string{"check", "--plan", "p.json"}, true},
		{[]string{"chek"}, true},
		{[]string{"--help"}, true},
		{[]string{"-version"}, true},
	} {
		if got := IsCLI(tc.args); got != tc.cli {
			t.Errorf("IsCLI(%q) = %v, want %v", tc.args, got, tc.cli)
		}
	}
}

// TestSweepEveryPointInvalid: a sweep whose every point the static checks
// refuse exits ExitNoPoint with a message, and still writes the CSV with
// each point's error.
func TestSweepEveryPointInvalid(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sweep.csv")
	// One instance at 3x and 4x the load (150 and 200 rps on 100 rps of
	// capacity, unbounded queue): overloaded, never simulated.
	code, _, stderr := run(t, "sweep", "-f", filepath.Join("testdata", "minimal.model.json"),
		"--param", "region.solo.instances=1", "--param", "workload.rps_scale=3,4", "--out", out)
	if code != ExitNoPoint {
		t.Fatalf("exit %d, want %d\n%s", code, ExitNoPoint, stderr)
	}
	if !strings.Contains(stderr, "none of the 2 points could be simulated") || !strings.Contains(stderr, "overloaded") {
		t.Errorf("stderr does not say why:\n%s", stderr)
	}
	csv, err := os.ReadFile(out)
	if err != nil || strings.Count(string(csv), ",error,") != 2 {
		t.Errorf("CSV (%v):\n%s", err, csv)
	}
	// One good point is a sweep with results: exit 0.
	code, _, stderr = run(t, "sweep", "-f", filepath.Join("testdata", "minimal.model.json"),
		"--param", "workload.rps_scale=1,4", "--out", out)
	if code != ExitOK {
		t.Errorf("a sweep with one simulated point: exit %d\n%s", code, stderr)
	}
}

// TestSweepParallelMustBePositive: --parallel 0 or below is refused with
// a message, not silently run one at a time.
func TestSweepParallelMustBePositive(t *testing.T) {
	for _, n := range []string{"0", "-3"} {
		code, _, stderr := run(t, "sweep", "-f", filepath.Join("testdata", "minimal.model.json"),
			"--param", "workload.rps_scale=1", "--parallel", n)
		if code != ExitBadInput || !strings.Contains(stderr, "--parallel "+n+": give at least 1") {
			t.Errorf("--parallel %s: exit %d\n%s", n, code, stderr)
		}
	}
}

// TestInterruptedRunExits130: a run whose context is cancelled (what
// SIGINT does in Main) exits ExitInterrupted with a message, not the
// bad-input code, for each command that simulates.
func TestInterruptedRunExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	model := filepath.Join("testdata", "minimal.model.json")
	for _, args := range [][]string{
		{"check", "-f", model},
		{"simulate", "-f", model},
		{"sweep", "-f", model, "--param", "workload.rps_scale=1,2"},
		{"capacity", "-f", writeTemp(t, "sla.model.json", `{
  "regions": [{"name": "solo", "location": "geo:48.85,2.35", "instances": 2, "service_time_ms": 10}],
  "workload": {"origins": [{"location": "geo:48.85,2.35", "rps": 50}]},
  "sla": {"latency_p99_ms": 100},
  "run": {"duration_s": 5, "warmup_s": 0, "replications": 2}
}`)},
	} {
		var out, errOut bytes.Buffer
		code := mainContext(ctx, "test", args, strings.NewReader(""), &out, &errOut)
		if code != ExitInterrupted || !strings.Contains(errOut.String(), "interrupted before it finished") {
			t.Errorf("%s: exit %d, want %d\n%s", args[0], code, ExitInterrupted, errOut.String())
		}
	}
}

// TestSIGINTExits130: a real SIGINT to a long check stops it with
// ExitInterrupted. The test catches SIGINT itself first, so that a signal
// sent before Main listens does not kill the test binary, and sends it
// until Main returns: no timing is assumed.
func TestSIGINTExits130(t *testing.T) {
	if testing.Short() {
		t.Skip("sends signals")
	}
	guard := make(chan os.Signal, 1)
	signal.Notify(guard, os.Interrupt)
	defer signal.Stop(guard)
	// Hours of simulated traffic: only the interrupt ends it.
	model := writeTemp(t, "long.model.json", `{
  "regions": [{"name": "solo", "location": "geo:48.85,2.35", "instances": 2, "service_time_ms": 10}],
  "workload": {"origins": [{"location": "geo:48.85,2.35", "rps": 100}]},
  "run": {"duration_s": 1000000, "warmup_s": 0, "replications": 2, "max_simulated_requests": 1000000000}
}`)
	done := make(chan int)
	var errOut bytes.Buffer
	go func() {
		done <- Main("test", []string{"check", "-f", model}, strings.NewReader(""), &bytes.Buffer{}, &errOut)
	}()
	resend := time.NewTicker(50 * time.Millisecond)
	defer resend.Stop()
	for {
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		select {
		case code := <-done:
			if code != ExitInterrupted || !strings.Contains(errOut.String(), "interrupted") {
				t.Fatalf("exit %d, want %d\n%s", code, ExitInterrupted, errOut.String())
			}
			return
		case <-resend.C:
			// Not a deadline: the loop resends until Main has seen one.
		}
	}
}
