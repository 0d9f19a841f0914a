// Package cli is the command-line interface of terraform-provider-topology:
// the same binary that serves the provider to Terraform also checks a plan
// against its SLA in CI (check), simulates a topology and writes its
// report and plots (simulate), and prints the model's JSON Schema (schema)
// and its version (version).
//
// Every command builds the simulator's one Model value, from a plan or
// state through the provider's own mapping or from a model JSON file, and
// renders the simulator's Report with internal/report, so that the CLI and
// a plan say the same thing.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/hashicorp/go-hclog"
)

// Exit codes of every command. help prints the same list; CI scripts
// branch on them, so each means one thing.
const (
	// ExitOK: success; for check, every SLA clause passed (or, without
	// --strict, some were marginal).
	ExitOK = 0
	// ExitSLAFailed: check found a failed SLA clause (or a marginal one
	// with --strict); capacity found a region that cannot meet the SLA
	// (blocked whatever its instances, or not met within --max).
	ExitSLAFailed = 1
	// ExitBadInput: the input could not be used: unreadable or invalid
	// JSON, no topology_simulation in the plan, values unknown until
	// apply, a model the simulator's static checks reject, bad flags, or
	// an unknown command.
	ExitBadInput = 2
	// ExitNoPoint: sweep simulated no point: the static checks refused
	// every point of the grid (or of the shard), so the CSV holds only
	// errors.
	ExitNoPoint = 3
	// ExitInterrupted: the run was interrupted (SIGINT, Ctrl-C) before it
	// finished; what it would have written is incomplete or missing. 130
	// is 128 + SIGINT, what shells report for a command Ctrl-C stopped.
	ExitInterrupted = 130
)

// ProgramName is the binary's name, used in messages and documents.
const ProgramName = "terraform-provider-topology"

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) int
}

// env is what a command runs with.
type env struct {
	version string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	// log and term are the log and the progress bar on stderr (see
	// logging.go, progress.go); nil in an env a test builds directly.
	log  hclog.Logger
	term *terminal
}

func commands() []command {
	return []command{
		{"check", "simulate every topology_simulation of a plan (or state, or model file) and exit 1 when an SLA clause fails", runCheck},
		{"simulate", "simulate and write the full report: table, JSON, Markdown, plots", runSimulate},
		{"sweep", "simulate a grid of parameter values (optionally one shard of it) and write CSV and plots", runSweep},
		{"merge", "join the CSVs of the shards of one sweep, exactly as the unsharded sweep writes it", runMerge},
		{"capacity", "find the fewest instances per region that meet the SLA (Erlang C bracket, then binary search), or what blocks it", runCapacity},
		{"schema", "print the JSON Schema of the model file that -f reads (--report: of check --json)", runSchema},
		{"version", "print the version", runVersion},
		{"help", "print this help", runHelp},
	}
}

// IsCommand reports whether name is a CLI subcommand, so that main can tell
// a CLI invocation from Terraform starting the provider (no arguments, or
// -debug).
func IsCommand(name string) bool {
	for _, c := range commands() {
		if c.name == name {
			return true
		}
	}
	return name == "-h" || name == "--help" || name == "-help" || name == "-version" || name == "--version"
}

// IsCLI reports whether the binary's arguments (without the program name)
// are a CLI invocation rather than Terraform starting the provider.
// Terraform starts it with no arguments and a developer with -debug, so
// any first argument that is not a flag is the CLI's, a misspelled command
// included (it gets the list of commands, not go-plugin's "This binary is
// a plugin").
func IsCLI(args []string) bool {
	if _, rest, err := splitGlobalFlags(args); err != nil || len(rest) < len(args) {
		return true // a global flag (--log-level, ...) is the CLI's, never Terraform's
	}
	return len(args) > 0 && (IsCommand(args[0]) || !strings.HasPrefix(args[0], "-"))
}

// Main runs the command line args (without the program name) and returns
// the exit code. version is the binary's version. SIGINT cancels the run,
// which then exits with ExitInterrupted.
func Main(version string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return mainContext(ctx, version, args, stdin, stdout, stderr)
}

// mainContext is Main with the context that an interrupt cancels.
func mainContext(ctx context.Context, version string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{version: version, stdin: stdin, stdout: stdout, stderr: stderr}
	g, args, err := splitGlobalFlags(args)
	if err == nil {
		e.term = newTerminal(stderr, g.noProgress)
		e.log, err = newLogger(g, e.term)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", ProgramName, err)
		return ExitBadInput
	}
	if len(args) == 0 {
		printHelp(stderr)
		return ExitBadInput
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			code := c.run(ctx, e, args[1:])
			if ctx.Err() != nil {
				// Whatever the command made of its cancelled work, the run
				// did not finish: say so, with the interrupt's own code.
				fmt.Fprintf(stderr, "%s %s: interrupted before it finished; its output is incomplete or missing\n", ProgramName, c.name)
				return ExitInterrupted
			}
			return code
		}
	}
	names := make([]string, 0, len(commands()))
	for _, c := range commands() {
		names = append(names, c.name)
	}
	msg := fmt.Sprintf("%s: unknown command %q", ProgramName, args[0])
	if near := nearest(args[0], names); near != "" {
		msg += fmt.Sprintf("; did you mean %s?", near)
	}
	fmt.Fprintf(stderr, "%s\n\nCommands:\n", msg)
	for _, c := range commands() {
		fmt.Fprintf(stderr, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(stderr, "\nRun '%s help' for inputs, outputs and exit codes. Without arguments (or with -debug) the binary is the provider that Terraform starts.\n", ProgramName)
	return ExitBadInput
}

// nearest is the name closest to s by edit distance, when it is close
// enough to be a misspelling (at most a third of its letters, and at least
// one, changed), or empty.
func nearest(s string, names []string) string {
	best, bestD := "", -1
	for _, n := range names {
		if d := editDistance(strings.ToLower(s), n); bestD < 0 || d < bestD {
			best, bestD = n, d
		}
	}
	if bestD < 0 || bestD > max(1, len(best)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, with a
// transposition counting as one edit (optimal string alignment), so that
// "chekc" is one edit from "check".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

const helpText = `Usage: terraform-provider-topology <command> [flags]

Run without a command (or with -debug) the binary serves the provider to
Terraform. The commands simulate topologies outside Terraform:

%s
Input (check, simulate, sweep, capacity), exactly one of:
  --plan FILE    JSON of a saved plan: terraform show -json plan.out > plan.json
  --state FILE   JSON of the state:    terraform show -json > state.json
  -f FILE        a model file (simulator.Model as JSON; see the schema command)
FILE may be - for standard input. In a plan or state every
data "topology_simulation" is simulated (root and child modules), mapped to the
model exactly as the provider maps it, with the provider block's constant
default_seed and max_simulated_requests.

Outputs (check, simulate): a table on standard output, and
  --markdown FILE  the Markdown report (a pull-request comment); with --append
                   it is appended to FILE instead of replacing it
  --github-step-summary  also append the Markdown report to $GITHUB_STEP_SUMMARY
  --json FILE      a versioned JSON document (schema_version 1) with every report
  --junit FILE     JUnit XML: one test case per SLA clause per scenario
  --plot DIR       (simulate) latency plots per origin, PNG and SVG
  --sarif FILE     (check) SARIF 2.1.0 for GitHub code scanning: one result
                   per failed (error) or marginal (warning) SLA clause
  --github         (check) a GitHub Actions annotation per failed or marginal
                   clause on standard output (::error file=...,line=...::)
  --config-dir DIR (check) the Terraform configuration --sarif and --github
                   point into: each clause at its sla key, in the block's .tf
                   file (default: the current directory; a block not found
                   there is located at line 1 of the plan or state file)
FILE may be - for standard output; the table then goes to standard error.

Verdicts: a clause passes when its whole 95%% interval meets the target, fails
when the whole interval misses it, and is marginal otherwise. check exits 0
when nothing failed; a marginal clause is a warning on standard error (and a
skipped JUnit case) unless --strict makes it a failure. check judges every
simulation whatever its enforce argument, which only decides whether the plan
itself fails.

Exit codes:
  0    success (check: no SLA clause failed; simulate and sweep report without
       judging; capacity: every region has an answer)
  1    check: an SLA clause failed (or, with --strict, was marginal);
       capacity: some region cannot meet the SLA (a scenario and clause that
       no instance count fixes, or not met within --max instances)
  2    bad input: unreadable or invalid JSON, no topology_simulation in the
       plan, values unknown until apply, a model the static checks reject,
       bad flags (--parallel below 1, say), an unknown command
  3    sweep: no point could be simulated (the static checks refused every
       point of the grid or shard; the CSV's error column says why)
  130  interrupted (SIGINT, Ctrl-C) before the run finished

Global flags (before or after the command):
  --log-level LEVEL  log on standard error: trace, debug, info, warn, error or
                     off (the default; also TOPOLOGY_LOG=LEVEL)
  --log-json         log JSON lines (also TOPOLOGY_LOG_FORMAT=json)
  --no-progress      no progress bar (it is drawn on standard error only when
                     that is a terminal and CI is not set)

Run 'terraform-provider-topology <command> -h' for a command's flags.
`

func printHelp(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, helpText, b.String())
}

func runHelp(_ context.Context, e *env, _ []string) int {
	printHelp(e.stdout)
	return ExitOK
}

func runVersion(_ context.Context, e *env, _ []string) int {
	fmt.Fprintf(e.stdout, "%s %s\n", ProgramName, e.version)
	return ExitOK
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: %s %s\n\nFlags:\n", ProgramName, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and returns the exit code to stop with, or -1 to
// go on.
func parseFlags(fs *flag.FlagSet, e *env, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "%s %s: unexpected argument %q\n", ProgramName, fs.Name(), fs.Arg(0))
		fs.Usage()
		return ExitBadInput
	}
	return -1
}
