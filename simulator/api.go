package simulator

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// CheckError is the error Run returns for a model that Check rejects. It
// carries every finding (warnings included) so that a front-end can render
// them as diagnostics.
type CheckError struct {
	// Findings are all of Check's findings, in Check's order.
	Findings []Finding
}

// Error lists the error findings' summaries.
func (e *CheckError) Error() string {
	var b strings.Builder
	b.WriteString("simulator: the model cannot be simulated:")
	for _, f := range e.Findings {
		if f.Severity == SeverityError {
			b.WriteString("\n  ")
			b.WriteString(f.Path)
			b.WriteString(": ")
			b.WriteString(f.Summary)
		}
	}
	return b.String()
}

// ErrTooManyInFlight reports that a replication had more requests alive at
// once than the engine's safety bound; Run wraps it.
var ErrTooManyInFlight = engine.ErrTooManyInFlight

// Run simulates the model and returns the report.
//
// It applies the defaults to a copy of m, runs Check, and refuses the model
// with a *CheckError when Check finds errors; otherwise the report carries
// Check's findings (warnings) in Report.Findings, so that a front-end need
// not call Check first. It then runs the replications,
// up to run.parallelism (or GOMAXPROCS) at once. Each replication is seeded
// only by (seed, index) and the results are combined in replication order,
// so the report is bit-identical whatever the parallelism. It returns
// ctx's error when ctx is cancelled, and an error wrapping
// ErrTooManyInFlight when a replication exceeds the engine's memory bound.
func Run(ctx context.Context, m Model) (*Report, error) {
	rep, _, err := simulate(ctx, m)
	return rep, err
}

// totals are figures of a run that the report does not carry, for
// benchmarks.
type totals struct {
	events int64
}

// simulate is Run, also returning totals.
func simulate(ctx context.Context, m Model) (*Report, totals, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	p, findings := analyse(m)
	if p == nil {
		return nil, totals{}, &CheckError{Findings: findings}
	}
	// The baseline, then each scenario: the same compiled model and the
	// same seeds (common random numbers), so that a scenario's differences
	// from the baseline come from its faults, not from sampling noise.
	plan := planOperations(p)
	base := compileOperations(plan, p.model)
	base.Transfer = compileTransfer(plan, p.model)
	scenarios := append([]Scenario{{Name: BaselineScenario}}, p.model.Scenarios...)
	runs := make([][]*engine.Result, len(scenarios))
	var t totals
	for i, sc := range scenarios {
		cfg := base
		if i > 0 {
			cfg = withOperationFaults(plan, base, sc)
		}
		results, err := runReplications(ctx, cfg, p.model.Run)
		if err != nil {
			if i > 0 {
				err = fmt.Errorf("scenario %q: %w", sc.Name, err)
			}
			return nil, totals{}, err
		}
		for _, r := range results {
			t.events += r.Events
		}
		runs[i] = results
	}
	rep := aggregate(p, scenarios, runs)
	rep.Findings = findings
	return rep, t, nil
}

// runReplications runs every replication on a pool of workers, each with its own
// engine.Sim, and returns the results in replication order. The first
// failure cancels the others; the error reported is that of the failing
// replication with the lowest index, so that it too does not depend on
// scheduling.
func runReplications(ctx context.Context, cfg *engine.Config, run RunSettings) ([]*engine.Result, error) {
	n := run.Replications
	workers := run.Parallelism
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make([]*engine.Result, n)
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sim := engine.New(cfg)
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				results[i], errs[i] = runOne(ctx, sim, i)
				if errs[i] != nil {
					cancel()
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return nil, err
	}
	// The caller did not cancel, so any cancellation was ours, caused by a
	// replication that failed on its own: report the lowest-index one.
	for i, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, fmt.Errorf("simulator: replication %d: %w", i, err)
		}
	}
	for i, r := range results {
		if r == nil {
			// Unreachable: without a failure every replication ran.
			return nil, fmt.Errorf("simulator: replication %d did not run", i)
		}
	}
	return results, nil
}

// runOne runs one replication and turns a panic into an error: the engine
// is not expected to panic on a checked model, but a provider process that
// crashes loses the user's whole plan, so a bug must surface as a
// diagnostic instead.
func runOne(ctx context.Context, sim *engine.Sim, i int) (res *engine.Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			res, err = nil, fmt.Errorf("internal error (please report it): %v", v)
		}
	}()
	return sim.Run(ctx, i)
}
