package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// reportRequests is the simulated_requests of the first report of a
// check --json document.
func reportRequests(t *testing.T, file string) int64 {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Simulations []struct {
			Report struct {
				SimulatedRequests int64 `json:"simulated_requests"`
			} `json:"report"`
		} `json:"simulations"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Simulations) == 0 {
		t.Fatalf("%s: %v (%d simulations)", file, err, len(doc.Simulations))
	}
	return doc.Simulations[0].Report.SimulatedRequests
}

// TestLogLevelDebug: --log-level debug (before the command or after it)
// logs the model simulated, then each scenario's replications, requests,
// events, wall time and stop reason, then the run's totals, all integers
// written as integers and the requests those of the report; without a
// level nothing is logged.
func TestLogLevelDebug(t *testing.T) {
	t.Setenv(logLevelEnv, "")
	t.Setenv(logFormatEnv, "")
	model := filepath.Join("testdata", "quickstart.model.json")
	for _, args := range [][]string{
		{"--log-level", "debug", "check", "-f", model},
		{"check", "-f", model, "--log-level=debug"},
	} {
		out := filepath.Join(t.TempDir(), "r.json")
		code, _, stderr := run(t, append(args, "--json", out)...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		requests := reportRequests(t, out)
		for _, want := range []string{
			`[DEBUG] topology: simulating: target=testdata/quickstart.model.json regions=2 origins=2 replica_sets=0 scenarios=1 replications=3`,
			fmt.Sprintf(`[DEBUG] topology: scenario simulated: target=testdata/quickstart.model.json scenario=baseline scenario_index=0 replications=3 replications_planned=3 simulated_requests=%d events=`, requests),
			`stop_reason=fixed`,
			`[INFO]  topology: simulation finished: target=testdata/quickstart.model.json seed=1 regions=2 origins=2 replica_sets=0 scenarios=1 replications_planned=3 parallelism=`,
			fmt.Sprintf(` simulated_requests=%d events=`, requests),
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, want, stderr)
			}
		}
		if !regexp.MustCompile(`events=\d+ wall_time_ms=\d+\n`).MatchString(stderr) {
			t.Errorf("%v: no integer events and wall_time_ms:\n%s", args, stderr)
		}
	}

	code, _, stderr := run(t, "check", "-f", model)
	if code != ExitOK || strings.Contains(stderr, "topology: ") {
		t.Errorf("without a log level: exit %d, logged:\n%s", code, stderr)
	}
	t.Setenv(logLevelEnv, "info")
	if _, _, stderr := run(t, "check", "-f", model); strings.Contains(stderr, "[DEBUG]") || !strings.Contains(stderr, "[INFO]  topology: simulation finished") {
		t.Errorf("%s=info: want the info line and no debug line:\n%s", logLevelEnv, stderr)
	}
}

// TestLogJSON: with --log-json or TOPOLOGY_LOG_FORMAT=json the log is one
// JSON object per line, its counts JSON integers (not 1.5e+06) equal to
// the report's.
func TestLogJSON(t *testing.T) {
	model := filepath.Join("testdata", "quickstart.model.json")
	for _, tc := range []struct {
		name, level, format string
		flags               []string
	}{
		{"flags", "", "", []string{"--log-level", "debug", "--log-json"}},
		{"environment", "debug", "json", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(logLevelEnv, tc.level)
			t.Setenv(logFormatEnv, tc.format)
			out := filepath.Join(t.TempDir(), "r.json")
			code, _, stderr := run(t, append(tc.flags, "check", "-f", model, "--json", out)...)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			requests := reportRequests(t, out)
			byMessage := map[string]map[string]any{}
			sc := bufio.NewScanner(strings.NewReader(stderr))
			for sc.Scan() {
				line := sc.Text()
				if !strings.HasPrefix(line, "{") {
					continue // the check's own warnings
				}
				dec := json.NewDecoder(strings.NewReader(line))
				dec.UseNumber()
				var rec map[string]any
				if err := dec.Decode(&rec); err != nil {
					t.Fatalf("not a JSON line: %v\n%s", err, line)
				}
				msg, _ := rec["@message"].(string)
				byMessage[msg] = rec
			}
			integers := map[string][]string{
				"simulating":          {"regions", "origins", "replica_sets", "scenarios", "replications"},
				"scenario simulated":  {"scenario_index", "replications", "replications_planned", "simulated_requests", "events", "wall_time_ms"},
				"simulation finished": {"seed", "regions", "origins", "scenarios", "replications_planned", "parallelism", "simulated_requests", "events", "wall_time_ms"},
			}
			for msg, fields := range integers {
				rec, ok := byMessage[msg]
				if !ok {
					t.Errorf("no %q line in:\n%s", msg, stderr)
					continue
				}
				for _, f := range fields {
					n, ok := rec[f].(json.Number)
					if _, err := n.Int64(); !ok || err != nil {
						t.Errorf("%q: %s = %#v is not a JSON integer", msg, f, rec[f])
					}
				}
			}
			for _, msg := range []string{"scenario simulated", "simulation finished"} {
				if got := fmt.Sprint(byMessage[msg]["simulated_requests"]); got != fmt.Sprint(requests) {
					t.Errorf("%q: simulated_requests = %s, the report says %d", msg, got, requests)
				}
			}
		})
	}
}

// TestLogBadSettings: a log level or format that is not one is bad input,
// said with the values that are.
func TestLogBadSettings(t *testing.T) {
	t.Setenv(logLevelEnv, "")
	t.Setenv(logFormatEnv, "")
	code, _, stderr := run(t, "--log-level", "verbose", "version")
	if code != ExitBadInput || !strings.Contains(stderr, `--log-level "verbose" is not a log level: give one of trace, debug, info, warn, error, off`) {
		t.Errorf("--log-level verbose: exit %d\n%s", code, stderr)
	}
	code, _, stderr = run(t, "version", "--log-level")
	if code != ExitBadInput || !strings.Contains(stderr, "--log-level needs a value") {
		t.Errorf("--log-level without a value: exit %d\n%s", code, stderr)
	}
	t.Setenv(logFormatEnv, "xml")
	code, _, stderr = run(t, "version")
	if code != ExitBadInput || !strings.Contains(stderr, `TOPOLOGY_LOG_FORMAT "xml" is not a log format: give json or text`) {
		t.Errorf("TOPOLOGY_LOG_FORMAT=xml: exit %d\n%s", code, stderr)
	}
}

// TestGlobalFlagsMakeCLI: a global flag before the command is the CLI's,
// not Terraform starting the provider (which passes none, or -debug).
func TestGlobalFlagsMakeCLI(t *testing.T) {
	for _, args := range [][]string{{"--log-level", "debug", "check"}, {"--no-progress", "sweep"}, {"--log-json"}, {"--log-level"}} {
		if !IsCLI(args) {
			t.Errorf("IsCLI(%q) = false", args)
		}
	}
	for _, args := range [][]string{nil, {"-debug"}} {
		if IsCLI(args) {
			t.Errorf("IsCLI(%q) = true: the provider would not start", args)
		}
	}
}
