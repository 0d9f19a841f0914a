package simulator

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
)

// Why a scenario's replications stopped (ScenarioResult.StoppedBy).
const (
	// StopFixed: run.replications was set, and that many ran.
	StopFixed = "fixed"
	// StopDecided: every clause's interval, widened for the repeated
	// looks, lay wholly on one side of its target.
	StopDecided = "decided"
	// StopPrecision: every clause not decided had a 95 % interval within
	// run.precision of its target (of 1 - target for availability).
	StopPrecision = "precision"
	// StopCap: run.max_replications ran.
	StopCap = "cap"
	// StopBudget: another round would have exceeded
	// run.max_simulated_requests.
	StopBudget = "budget"
)

// lookAlpha is the error rate spent at the k-th look (k from 1) of an
// adaptive run: 0.05 / 2^k. Looking after every round and stopping at the
// first decided interval would give a wrong verdict more often than the
// 5 % of one 95 % interval; spending 2.5 %, 1.25 %, ... keeps the sum, and
// so by the union bound the chance that any look decides wrongly, under
// 5 %. The first look, on 2 replications, is the widest (t = 25.5 instead
// of 12.7): only a clause far from its target stops there.
func lookAlpha(k int) float64 {
	return (1 - stats.Confidence) / math.Pow(2, float64(k))
}

// checkStopping checks the adaptive settings: they apply only when
// run.replications is unset, so setting them beside a fixed count would be
// silently ignored, which is an error.
func checkStopping(c *checker, r RunSettings) {
	if r.MaxReplications != 0 && c.number("run.max_replications", BoundAt("run.max_replications"), float64(r.MaxReplications)) && r.Replications != 0 {
		c.errorf("run.max_replications", fmt.Sprintf("run.max_replications = %d is set with run.replications = %d", r.MaxReplications, r.Replications),
			"a fixed run.replications runs exactly that many, so max_replications would be ignored; remove replications for an adaptive run capped at max_replications, or remove max_replications")
	}
	if r.Precision != nil && c.number("run.precision", BoundAt("run.precision"), *r.Precision) && r.Replications != 0 {
		c.errorf("run.precision", fmt.Sprintf("run.precision = %s is set with run.replications = %d", num(*r.Precision), r.Replications),
			"a fixed run.replications runs exactly that many, so precision would be ignored; remove replications for an adaptive run that stops at that precision, or remove precision")
	}
}

// scenarioRuns is one scenario's compiled model and the replications it
// has run, in replication order.
type scenarioRuns struct {
	cfg     *engine.Config
	results []*engine.Result
	// stoppedBy is "" while the scenario still runs.
	stoppedBy string
}

// replicate runs every scenario's replications and returns their results
// in replication order with why each scenario stopped. With a fixed
// run.replications it is one round of that many. Otherwise it runs rounds
// of RoundReplications for every scenario still running, judges each such
// scenario's clauses on its replications so far (judge), and stops the
// scenario when they are decided or precise enough, at
// run.max_replications, or before a round that would exceed the budget.
// A round is the same whatever the parallelism, and every replication is
// seeded only by (seed, index), the same index in every scenario (common
// random numbers), so the results and the stopping point are bit-identical
// at any GOMAXPROCS.
func replicate(ctx context.Context, cfgs []*engine.Config, run RunSettings, judge func(scenario int, results []*engine.Result) []ClauseResult) ([]scenarioRuns, error) {
	scs := make([]scenarioRuns, len(cfgs))
	for i, cfg := range cfgs {
		scs[i].cfg = cfg
	}
	if run.Replications > 0 {
		if err := runRound(ctx, scs, run.Replications, run.Parallelism); err != nil {
			return nil, err
		}
		for i := range scs {
			scs[i].stoppedBy = StopFixed
		}
		return scs, nil
	}
	precision := DefaultPrecision
	if run.Precision != nil {
		precision = *run.Precision
	}
	maxReps := run.MaxReplications
	if maxReps == 0 {
		maxReps = DefaultMaxReplications
	}
	for look := 1; ; look++ {
		// Every running scenario has run as many replications as the
		// others: they start together and stop only between rounds.
		done := 0
		for _, s := range scs {
			if s.stoppedBy == "" {
				done = len(s.results)
			}
		}
		if err := runRound(ctx, scs, min(RoundReplications, maxReps-done), run.Parallelism); err != nil {
			return nil, err
		}
		for i := range scs {
			s := &scs[i]
			if s.stoppedBy != "" {
				continue
			}
			s.stoppedBy = stopReason(judge(i, s.results), len(s.results), look, precision)
			if s.stoppedBy == "" && len(s.results) >= maxReps {
				s.stoppedBy = StopCap
			}
		}
		// The budget: stop every running scenario before a round that
		// would exceed it, estimating a replication by the mean so far.
		var spent, next int64
		running := false
		for _, s := range scs {
			var issued int64
			for _, r := range s.results {
				issued += r.Issued
			}
			spent += issued
			if s.stoppedBy == "" {
				running = true
				next += issued / int64(len(s.results)) * int64(min(RoundReplications, maxReps-len(s.results)))
			}
		}
		if !running {
			return scs, nil
		}
		if spent+next > run.MaxSimulatedRequests {
			for i := range scs {
				if scs[i].stoppedBy == "" {
					scs[i].stoppedBy = StopBudget
				}
			}
			return scs, nil
		}
	}
}

// stopReason says whether a scenario whose clauses, on n replications at
// the given look, are these can stop, and why: StopDecided when every
// clause's interval widened to the look's level (lookAlpha) is on one side
// of its target, or its fail does not rest on the interval (a replication
// with nothing measured, an RTO not recovered, a lost write under an
// rpo_ms of 0, a sovereignty violation: more replications cannot undo it);
// StopPrecision when every clause not so decided has a 95 % interval of
// half-width at most precision times its scale (precisionScale: the target,
// or an availability's error budget); "" to run more. A
// scenario without clauses is decided at once.
func stopReason(clauses []ClauseResult, n, look int, precision float64) string {
	widen := stats.TQuantile(1-lookAlpha(look), n) / stats.TQuantile(stats.Confidence, n)
	reason := StopDecided
	for _, c := range clauses {
		if decided(c, widen) {
			continue
		}
		if (c.High-c.Low)/2 > precision*precisionScale(c) {
			return ""
		}
		reason = StopPrecision
	}
	return reason
}

// precisionScale is what a clause's half-width is measured against for the
// precision stop: its target, except for availability, whose scale is the
// error budget 1 - target. Measured against the target itself, a 99.9 %
// availability would count as precise at a half-width of 5 points, 50 times
// its whole budget, so that an undecided availability clause would stop at
// the first look as marginal when more replications would decide it.
func precisionScale(c ClauseResult) float64 {
	if c.Clause == "availability" {
		return 1 - c.Target
	}
	return math.Abs(c.Target)
}

// decided reports whether a clause's verdict is settled: its interval,
// each side widened by the factor widen about the mean, does not straddle
// the target, or it failed although its 95 % interval straddles the target
// (a verdict that does not rest on the interval).
func decided(c ClauseResult, widen float64) bool {
	low := c.Observed - (c.Observed-c.Low)*widen
	high := c.Observed + (c.High-c.Observed)*widen
	if high <= c.Target || low >= c.Target {
		return true
	}
	return c.Status == StatusFail && c.Low < c.Target && c.Target < c.High
}

// replicationJob is one replication to run: of scenario scenario, index
// index.
type replicationJob struct {
	scenario, index int
}

// runRound runs the next n replications of every scenario still running
// on a pool of workers and appends them, in replication order, to each
// scenario's results. The first failure cancels the others; the error
// reported is that of the failing job that comes first in (scenario,
// index) order, so that it too does not depend on scheduling.
func runRound(ctx context.Context, scs []scenarioRuns, n, parallelism int) error {
	var jobs []replicationJob
	for i, s := range scs {
		if s.stoppedBy != "" {
			continue
		}
		for k := range n {
			jobs = append(jobs, replicationJob{scenario: i, index: len(s.results) + k})
		}
	}
	workers := parallelism
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(jobs))
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make([]*engine.Result, len(jobs))
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One engine.Sim per scenario per worker, made on first use
			// and reused for that scenario's later replications.
			sims := make(map[int]*engine.Sim)
			for {
				j := int(next.Add(1) - 1)
				if j >= len(jobs) || ctx.Err() != nil {
					return
				}
				job := jobs[j]
				sim := sims[job.scenario]
				if sim == nil {
					sim = engine.New(scs[job.scenario].cfg)
					sims[job.scenario] = sim
				}
				// The one place where a replication completes.
				results[j], errs[j] = runOne(ctx, sim, job.index)
				if errs[j] != nil {
					cancel()
					return
				}
				replicationDone(ctx, job.scenario, results[j])
			}
		}()
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return err
	}
	// The caller did not cancel, so any cancellation was ours, caused by a
	// replication that failed on its own: report the first one.
	for j, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return &replicationError{scenario: jobs[j].scenario, err: fmt.Errorf("simulator: replication %d: %w", jobs[j].index, err)}
		}
	}
	for j, r := range results {
		if r == nil {
			// Unreachable: without a failure every replication ran.
			return &replicationError{scenario: jobs[j].scenario, err: fmt.Errorf("simulator: replication %d did not run", jobs[j].index)}
		}
	}
	for j, job := range jobs {
		scs[job.scenario].results = append(scs[job.scenario].results, results[j])
	}
	return nil
}

// replicationError is a replication's failure with the scenario it
// belongs to, so that simulate can name the scenario.
type replicationError struct {
	scenario int
	err      error
}

func (e *replicationError) Error() string { return e.err.Error() }
func (e *replicationError) Unwrap() error { return e.err }
