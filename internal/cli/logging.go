package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/go-hclog"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Environment variables of the log: the level (as --log-level) and the
// format ("json" as --log-json, or "text").
const (
	logLevelEnv  = "TOPOLOGY_LOG"
	logFormatEnv = "TOPOLOGY_LOG_FORMAT"
)

// logLevels are the values of --log-level and TOPOLOGY_LOG, most verbose
// first.
var logLevels = []string{"trace", "debug", "info", "warn", "error", "off"}

// globalFlags are the flags every command takes, before or after its name:
// they are removed from the arguments before the command parses its own.
type globalFlags struct {
	// level is --log-level, empty when not given.
	level string
	// json is --log-json.
	json bool
	// noProgress is --no-progress.
	noProgress bool
}

// splitGlobalFlags removes the global flags from args (up to a "--"),
// returning them and the rest in order.
func splitGlobalFlags(args []string) (globalFlags, []string, error) {
	var g globalFlags
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			name = ""
		}
		switch name {
		case "log-level":
			if !hasValue {
				if i+1 >= len(args) {
					return g, nil, fmt.Errorf("--log-level needs a value: one of %s", strings.Join(logLevels, ", "))
				}
				i++
				value = args[i]
			}
			g.level = value
		case "log-json":
			g.json = !hasValue || value == "true"
		case "no-progress":
			g.noProgress = !hasValue || value == "true"
		default:
			rest = append(rest, a)
		}
	}
	return g, rest, nil
}

// newLogger is the CLI's log on standard error: its level from
// --log-level, else TOPOLOGY_LOG, else off (the CLI then writes what it
// always wrote, nothing more); JSON lines with --log-json or
// TOPOLOGY_LOG_FORMAT=json.
func newLogger(g globalFlags, t *terminal) (hclog.Logger, error) {
	level, from := g.level, "--log-level"
	if level == "" {
		level, from = os.Getenv(logLevelEnv), logLevelEnv
	}
	if level == "" {
		level = "off"
	}
	level = strings.ToLower(level)
	valid := false
	for _, l := range logLevels {
		valid = valid || l == level
	}
	if !valid {
		return nil, fmt.Errorf("%s %q is not a log level: give one of %s", from, level, strings.Join(logLevels, ", "))
	}
	asJSON := g.json
	switch f := strings.ToLower(os.Getenv(logFormatEnv)); f {
	case "json":
		asJSON = true
	case "", "text":
	default:
		return nil, fmt.Errorf("%s %q is not a log format: give json or text", logFormatEnv, f)
	}
	return hclog.New(&hclog.LoggerOptions{
		Name:       "topology",
		Level:      hclog.LevelFromString(level),
		Output:     t,
		JSONFormat: asJSON,
	}), nil
}

// observeSimulation returns ctx for one simulation of m, named by what
// (an address, a sweep point, a capacity step): a progress bar on the
// terminal, and the log of what was simulated, how long it took and why it
// stopped. The returned function erases the bar; call it when Run returns.
func observeSimulation(ctx context.Context, e *env, what string, m simulator.Model) (context.Context, func()) {
	log := e.logger()
	if log.IsDebug() {
		reps, scenarios := plannedReplications(m)
		log.Debug("simulating", "target", what,
			"regions", len(m.Regions), "origins", len(m.Workload.Origins), "replica_sets", len(m.ReplicaSets),
			"scenarios", scenarios, "replications", reps)
	}
	if log.IsInfo() {
		ctx = simulator.WithSummary(ctx, func(s simulator.Summary) { logSummary(log, what, s) })
	}
	return e.term.observeRun(ctx, what, m)
}

// logSummary logs a completed run: each scenario at debug, the whole at
// info. Counts are integers, durations whole milliseconds.
func logSummary(log hclog.Logger, what string, s simulator.Summary) {
	for i, sc := range s.Scenarios {
		log.Debug("scenario simulated", "target", what, "scenario", sc.Name, "scenario_index", i,
			"replications", sc.Replications, "replications_planned", s.ReplicationsPlanned,
			"simulated_requests", sc.SimulatedRequests, "events", sc.Events,
			"wall_time_ms", sc.Elapsed.Milliseconds(), "stop_reason", sc.StopReason)
	}
	log.Info("simulation finished", "target", what, "seed", s.Seed,
		"regions", s.Regions, "origins", s.Origins, "replica_sets", s.ReplicaSets,
		"scenarios", len(s.Scenarios), "replications_planned", s.ReplicationsPlanned, "parallelism", s.Parallelism,
		"simulated_requests", s.SimulatedRequests, "events", s.Events, "wall_time_ms", s.Elapsed.Milliseconds())
}

// logger is the command's log, a null one in an env built without Main
// (tests that call a command directly).
func (e *env) logger() hclog.Logger {
	if e.log == nil {
		return hclog.NewNullLogger()
	}
	return e.log
}
