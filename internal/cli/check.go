package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// outputFlags are the report files a command writes.
type outputFlags struct {
	markdown, json, junit string
	// appendMarkdown appends the Markdown report to its file instead of
	// replacing it (a file other steps also write, such as GitHub's step
	// summary); stepSummary also appends it to $GITHUB_STEP_SUMMARY.
	appendMarkdown, stepSummary bool
	// compareTo is a check --json document whose figures the Markdown
	// shows as the "before" of each simulation (compare_to.go).
	compareTo string
	// scan are check's SARIF and annotations (code_scanning.go).
	scan codeScanningFlags
}

// result is one simulated target.
type result struct {
	target
	Report  *simulator.Report
	Elapsed time.Duration
}

func runCheck(ctx context.Context, e *env, args []string) int {
	return runSimulation(ctx, e, "check", args)
}

func runSimulate(ctx context.Context, e *env, args []string) int {
	return runSimulation(ctx, e, "simulate", args)
}

// runSimulation is check and simulate: they differ in the exit code (check
// turns the verdict into it) and in the plots simulate can write.
func runSimulation(ctx context.Context, e *env, name string, args []string) int {
	var in inputFlags
	var out outputFlags
	var strict bool
	var plotDir string
	fs := newFlags(e, name, name+" (--plan FILE | --state FILE | -f FILE) [--markdown FILE] [--compare-to FILE] [--json FILE] [--junit FILE]"+
		map[bool]string{true: " [--sarif FILE] [--github] [--config-dir DIR] [--strict]", false: " [--plot DIR]"}[name == "check"])
	in.register(fs)
	fs.StringVar(&out.markdown, "markdown", "", "write the Markdown report to `FILE` (- for stdout)")
	fs.BoolVar(&out.appendMarkdown, "append", false, "append the Markdown report to the --markdown file instead of replacing it")
	fs.BoolVar(&out.stepSummary, "github-step-summary", false, "also append the Markdown report to the file $GITHUB_STEP_SUMMARY names (GitHub Actions' job summary)")
	fs.StringVar(&out.compareTo, "compare-to", "", "show in the Markdown report each figure of the check --json document `FILE` before this run's (before → after)")
	fs.StringVar(&out.json, "json", "", "write the JSON document (schema_version 1) to `FILE` (- for stdout)")
	fs.StringVar(&out.junit, "junit", "", "write JUnit XML, one test case per SLA clause per scenario, to `FILE` (- for stdout)")
	if name == "check" {
		fs.BoolVar(&strict, "strict", false, "treat a marginal SLA clause as a failure (exit 1)")
		out.scan.register(fs)
	} else {
		fs.StringVar(&plotDir, "plot", "", "write latency plots (PNG and SVG) into `DIR`")
	}
	if code := parseFlags(fs, e, args); code >= 0 {
		return code
	}
	stdoutUsers := 0
	for _, f := range []string{out.markdown, out.json, out.junit, out.scan.sarif} {
		if f == "-" {
			stdoutUsers++
		}
	}
	if stdoutUsers > 1 || stdoutUsers == 1 && out.scan.github {
		fmt.Fprintf(e.stderr, "%s %s: only one of --markdown, --json, --junit, --sarif (-) and --github may write to stdout\n", ProgramName, name)
		return ExitBadInput
	}
	if err := out.scan.check(); err != nil {
		fmt.Fprintf(e.stderr, "%s %s: %v\n", ProgramName, name, err)
		return ExitBadInput
	}
	if out.appendMarkdown && (out.markdown == "" || out.markdown == "-") {
		fmt.Fprintf(e.stderr, "%s %s: --append needs --markdown FILE (a file to append to)\n", ProgramName, name)
		return ExitBadInput
	}
	if out.stepSummary && os.Getenv("GITHUB_STEP_SUMMARY") == "" {
		fmt.Fprintf(e.stderr, "%s %s: --github-step-summary: GITHUB_STEP_SUMMARY is not set (GitHub Actions sets it in every step); "+
			"use --markdown FILE --append outside GitHub Actions\n", ProgramName, name)
		return ExitBadInput
	}
	tableOut := e.stdout
	if stdoutUsers == 1 {
		tableOut = e.stderr
	}

	targets, warnings, err := in.load(ctx, e.stdin)
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "Warning: %s\n", w)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s %s: %v\n", ProgramName, name, err)
		if fs.NFlag() == 0 {
			fs.Usage()
		}
		return ExitBadInput
	}

	results, code := simulateAll(ctx, e, name, targets)
	if code >= 0 {
		return code
	}

	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(tableOut)
		}
		if err := report.Table(tableOut, r.Address, r.Report); err != nil {
			fmt.Fprintf(e.stderr, "%s %s: writing the table: %v\n", ProgramName, name, err)
			return ExitBadInput
		}
		for _, s := range r.Report.Scenarios {
			if msg, failed := report.SLAFailure(s, r.Report.Replications); failed {
				fmt.Fprintf(tableOut, "\n%s: %s\n\n%s\n", r.Address, msg.Summary, msg.Detail)
			}
			if msg, marginal := report.SLAMarginal(s, r.Report.Replications); marginal {
				fmt.Fprintf(e.stderr, "\nWarning: %s: %s\n\n%s\n", r.Address, msg.Summary, msg.Detail)
			}
		}
	}

	comparison, warnings, err := beforeOf(out, results)
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "Warning: %s\n", w)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s %s: %v\n", ProgramName, name, err)
		return ExitBadInput
	}
	if err := writeOutputs(e, out, results, strict, comparison); err != nil {
		fmt.Fprintf(e.stderr, "%s %s: %v\n", ProgramName, name, err)
		return ExitBadInput
	}
	if err := writeCodeScanning(e, out.scan, in, results); err != nil {
		fmt.Fprintf(e.stderr, "%s %s: %v\n", ProgramName, name, err)
		return ExitBadInput
	}
	if plotDir != "" {
		files, err := writePlots(plotDir, results)
		if err != nil {
			fmt.Fprintf(e.stderr, "%s %s: writing plots: %v\n", ProgramName, name, err)
			return ExitBadInput
		}
		for _, f := range files {
			fmt.Fprintf(e.stderr, "wrote %s\n", f)
		}
	}

	if name != "check" {
		return ExitOK
	}
	verdict := report.VerdictNone
	for _, r := range results {
		v := report.Verdict(r.Report)
		if worseVerdict(v, verdict) {
			verdict = v
		}
	}
	switch verdict {
	case report.VerdictPass:
		return ExitOK
	case report.VerdictNone:
		fmt.Fprintln(e.stderr, "Warning: no SLA declared, so nothing was checked.")
		return ExitOK
	case report.VerdictMarginal:
		if strict {
			fmt.Fprintln(e.stderr, "check: some SLA clauses are marginal and --strict is set: failing.")
			return ExitSLAFailed
		}
		fmt.Fprintln(e.stderr, "check: no SLA clause failed, but some are marginal (see the warnings above); --strict would fail them.")
		return ExitOK
	default:
		return ExitSLAFailed
	}
}

// worseVerdict reports whether verdict a is worse than b.
func worseVerdict(a, b string) bool {
	rank := map[string]int{report.VerdictNone: 0, report.VerdictPass: 1, report.VerdictMarginal: 2}
	ra, ok := rank[a]
	if !ok {
		ra = 3
	}
	rb, ok := rank[b]
	if !ok {
		rb = 3
	}
	return ra > rb
}

// simulateAll simulates every target, printing the static checks'
// findings that Run returns (a refused model's, or a simulated one's
// warnings). It returns the exit code to stop with, or -1 when every
// target ran.
func simulateAll(ctx context.Context, e *env, name string, targets []target) ([]result, int) {
	results := make([]result, 0, len(targets))
	for _, t := range targets {
		start := time.Now()
		runCtx, done := observeSimulation(ctx, e, t.Address, t.Model)
		rep, err := simulator.Run(runCtx, t.Model)
		done()
		if ce, ok := errors.AsType[*simulator.CheckError](err); ok {
			printFindings(e, t.Address, ce.Findings)
			fmt.Fprintf(e.stderr, "%s %s: %s cannot be simulated (static checks above)\n", ProgramName, name, t.Address)
			return nil, ExitBadInput
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "%s %s: %s: simulation failed: %v\n", ProgramName, name, t.Address, err)
			return nil, ExitBadInput
		}
		printFindings(e, t.Address, rep.Findings)
		results = append(results, result{target: t, Report: rep, Elapsed: time.Since(start)})
	}
	return results, -1
}

// printFindings writes the static checks' findings on stderr, as the
// provider shows them as diagnostics.
func printFindings(e *env, address string, findings []simulator.Finding) {
	for _, f := range findings {
		label := "Warning"
		if f.Severity != simulator.SeverityWarning {
			label = "Error"
		}
		where := address
		if f.Path != "" {
			where += ": " + f.Path
		}
		fmt.Fprintf(e.stderr, "%s: %s: %s\n\n%s\n\n", label, where, f.Summary, indent(f.Detail))
	}
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// writeOutputs writes the requested report files.
func writeOutputs(e *env, out outputFlags, results []result, strict bool, c comparison) error {
	if out.markdown != "" || out.stepSummary {
		sims := make([]report.CommentSimulation, len(results))
		for i, r := range results {
			sims[i] = report.CommentSimulation{Address: r.Address, Report: r.Report, Before: c.before[r.Address]}
		}
		var b bytes.Buffer
		b.WriteString(report.Comment(sims, c.compared))
		if out.markdown != "" {
			write := writeFile
			if out.appendMarkdown {
				write = appendFile
			}
			if err := write(e, out.markdown, b.Bytes()); err != nil {
				return err
			}
		}
		if out.stepSummary {
			if err := appendFile(e, os.Getenv("GITHUB_STEP_SUMMARY"), b.Bytes()); err != nil {
				return err
			}
		}
	}
	if out.json != "" {
		sims := make([]report.JSONSimulation, len(results))
		for i, r := range results {
			sims[i] = report.JSONSimulation{Address: r.Address, Report: r.Report}
		}
		var b bytes.Buffer
		if err := report.WriteJSON(&b, report.NewJSONDocument(ProgramName, e.version, sims)); err != nil {
			return fmt.Errorf("encoding JSON: %w", err)
		}
		if err := writeFile(e, out.json, b.Bytes()); err != nil {
			return err
		}
	}
	if out.junit != "" {
		sims := make([]report.JUnitSimulation, len(results))
		for i, r := range results {
			sims[i] = report.JUnitSimulation{Address: r.Address, Report: r.Report, Seconds: r.Elapsed.Seconds()}
		}
		var b bytes.Buffer
		if err := report.WriteJUnit(&b, report.JUnit(sims, strict)); err != nil {
			return fmt.Errorf("encoding JUnit XML: %w", err)
		}
		if err := writeFile(e, out.junit, b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// appendFile appends data to the named file, creating it if need be,
// with a newline first when the file is not empty, so that the report
// starts a Markdown block of its own after what earlier steps wrote.
func appendFile(_ *env, name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("appending to %s: %w", name, err)
	}
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		data = append([]byte("\n"), data...)
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return fmt.Errorf("appending to %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("appending to %s: %w", name, err)
	}
	return nil
}

// writeFile writes data to the named file, or to stdout for "-".
func writeFile(e *env, name string, data []byte) error {
	if name != "-" {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		return nil
	}
	_, err := e.stdout.Write(data)
	return err
}
