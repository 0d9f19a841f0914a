package simulator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

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
	start := time.Now()
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
	cfgs := make([]*engine.Config, len(scenarios))
	for i, sc := range scenarios {
		cfgs[i] = base
		if i > 0 {
			cfgs[i] = withOperationFaults(plan, base, sc)
		}
	}
	judge := func(i int, results []*engine.Result) []ClauseResult {
		return scenarioResult(p, scenarios[i], results).SLA
	}
	tr := startRun(ctx, p.model, scenarios, start)
	scs, err := replicate(tr.attach(ctx), cfgs, p.model.Run, judge)
	if err != nil {
		var re *replicationError
		if errors.As(err, &re) && re.scenario > 0 {
			err = fmt.Errorf("scenario %q: %w", scenarios[re.scenario].Name, re.err)
		} else if errors.As(err, &re) {
			err = re.err
		}
		return nil, totals{}, err
	}
	runs := make([][]*engine.Result, len(scenarios))
	var t totals
	for i, s := range scs {
		for _, r := range s.results {
			t.events += r.Events
		}
		runs[i] = s.results
	}
	rep := aggregate(p, scenarios, runs)
	rep.Findings = findings
	rep.Replications = 0
	for i, s := range scs {
		rep.Scenarios[i].Replications = len(s.results)
		rep.Scenarios[i].StoppedBy = s.stoppedBy
		rep.Replications = max(rep.Replications, len(s.results))
	}
	tr.finish(scs)
	return rep, t, nil
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
