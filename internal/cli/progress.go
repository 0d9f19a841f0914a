package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// terminal is standard error as the progress bar and the log share it. A
// bar is drawn only when standard error is a terminal, CI is not set and
// --no-progress is not given: a pipe, a file or a CI log gets no control
// characters. Log lines go through Write, which clears the bar first so
// that a line never lands in the middle of it; the bar's next update draws
// it again. Standard output is never written to.
type terminal struct {
	w  io.Writer
	on bool

	mu  sync.Mutex
	bar *progressbar.ProgressBar
}

// progressEnv is the environment variable that, when set (CI services set
// it), turns the progress bar off.
const progressEnv = "CI"

// newTerminal returns stderr's terminal; noProgress is --no-progress.
func newTerminal(stderr io.Writer, noProgress bool) *terminal {
	return &terminal{w: stderr, on: !noProgress && os.Getenv(progressEnv) == "" && isTerminal(stderr)}
}

// Write writes p (a log line) to standard error, below no bar.
func (t *terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bar != nil {
		_ = t.bar.Clear()
	}
	return t.w.Write(p)
}

// task is one bar on the terminal; a nil task (progress off) does
// nothing. The bar is not throttled: it is redrawn at each completed
// replication, which is rare next to the work a replication does, and
// every scenario's name is then shown.
type task struct {
	t    *terminal
	bar  *progressbar.ProgressBar
	desc string
}

// start draws a bar of total steps described by desc, or returns nil when
// progress is off.
func (t *terminal) start(desc string, total int) *task {
	if t == nil || !t.on {
		return nil
	}
	bar := progressbar.NewOptions(max(total, 1),
		progressbar.OptionSetWriter(t.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(20),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionClearOnFinish(),
	)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bar = bar
	_ = bar.RenderBlank()
	return &task{t: t, bar: bar, desc: desc}
}

// set moves the bar to n of total steps, with a new description.
func (k *task) set(desc string, n, total int) {
	if k == nil {
		return
	}
	k.t.mu.Lock()
	defer k.t.mu.Unlock()
	if total > 0 && total != k.bar.GetMax() {
		k.bar.ChangeMax(total)
	}
	_ = k.bar.Set(n)
	if desc != k.desc {
		k.desc = desc
		k.bar.Describe(desc)
	}
}

// done erases the bar, leaving the line as it was before it.
func (k *task) done() {
	if k == nil {
		return
	}
	k.t.mu.Lock()
	defer k.t.mu.Unlock()
	_ = k.bar.Clear()
	_ = k.bar.Exit()
	if k.t.bar == k.bar {
		k.t.bar = nil
	}
}

// plannedReplications is the replications per scenario that m runs at
// most (its run.replications, or under adaptive stopping its
// max_replications, else the simulator's cap), and the scenarios with the
// baseline: what a bar counts before the first replication reports.
func plannedReplications(m simulator.Model) (replications, scenarios int) {
	replications = m.Run.Replications
	if replications <= 0 {
		replications = m.Run.MaxReplications
	}
	if replications <= 0 {
		replications = simulator.DefaultMaxReplications
	}
	return replications, 1 + len(m.Scenarios)
}

// replicationStep is how many replications of a run p says are done, over
// every scenario, in a count where each scenario has p.ReplicationsPlanned
// (under adaptive stopping a scenario that stops early leaves the rest of
// its share uncounted, so the estimate errs long, never short).
func replicationStep(p simulator.Progress) int {
	return p.RunReplicationsDone
}

// observeRun returns ctx with a progress bar for one simulation of m,
// what names it (an address, a capacity step), and the function that
// erases the bar when the run returns.
func (t *terminal) observeRun(ctx context.Context, what string, m simulator.Model) (context.Context, func()) {
	reps, scenarios := plannedReplications(m)
	k := t.start(what+": starting, replications", reps*scenarios)
	if k == nil {
		return ctx, func() {}
	}
	// The bar counts replications over every scenario, each scenario's
	// ReplicationsPlanned; the description says which scenario runs.
	ctx = simulator.WithProgress(ctx, func(p simulator.Progress) {
		k.set(fmt.Sprintf("%s: %s (scenario %d/%d), replications", what, p.Scenario, p.ScenarioIndex+1, p.Scenarios),
			replicationStep(p), p.Scenarios*p.ReplicationsPlanned)
	})
	return ctx, k.done
}

// sweepTracker counts the replications of the points of a sweep, which
// run several at once, on one bar.
type sweepTracker struct {
	k        *task
	address  string
	points   int
	perPoint int

	mu         sync.Mutex
	pointsDone int
	steps      map[int]int // replications done per point still running
	finished   int         // replications of the points done
}

// startSweep draws the bar of a sweep of points points of base.
func (t *terminal) startSweep(address string, base simulator.Model, points int) *sweepTracker {
	reps, scenarios := plannedReplications(base)
	s := &sweepTracker{address: address, points: points, perPoint: reps * scenarios, steps: map[int]int{}}
	s.k = t.start(s.describe(), points*s.perPoint)
	return s
}

func (s *sweepTracker) describe() string {
	return fmt.Sprintf("sweep %s: %d/%d points", s.address, s.pointsDone, s.points)
}

func (s *sweepTracker) total() int {
	n := s.finished
	for _, v := range s.steps {
		n += v
	}
	return n
}

// observe returns the context point i runs with.
func (s *sweepTracker) observe(ctx context.Context, i int) context.Context {
	if s.k == nil {
		return ctx
	}
	return simulator.WithProgress(ctx, func(p simulator.Progress) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.steps[i] = replicationStep(p)
		s.k.set(s.describe(), s.total(), 0)
	})
}

// pointDone counts point i as simulated (or refused) in full.
func (s *sweepTracker) pointDone(i int) {
	if s.k == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.steps, i)
	s.finished += s.perPoint
	s.pointsDone++
	s.k.set(s.describe(), s.total(), 0)
}

// done erases the bar.
func (s *sweepTracker) done() { s.k.done() }

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
