package simulator

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// Progress is how far a Run has got, reported after each completed
// replication to the function WithProgress put in Run's context. A
// front-end draws a progress bar or an ETA from it; the simulator does not
// know how it is shown.
type Progress struct {
	// Scenario is the name of the scenario being simulated
	// (BaselineScenario first, then the model's scenarios in order).
	Scenario string
	// ScenarioIndex is Scenario's position, 0 for the baseline; Scenarios
	// is how many the run simulates, the baseline included.
	ScenarioIndex, Scenarios int
	// ReplicationsDone is how many replications of this scenario have
	// completed. ReplicationsPlanned is run.replications when the count is
	// fixed; under adaptive stopping (replications unset) it is the cap,
	// max_replications, and a scenario may stop below it. Scenarios run
	// side by side in rounds, so reports of different scenarios interleave.
	ReplicationsDone, ReplicationsPlanned int
	// RunReplicationsDone is how many replications have completed over
	// every scenario of the run.
	RunReplicationsDone int
	// SimulatedRequests is the requests issued so far over the whole run
	// (every scenario so far).
	SimulatedRequests int64
	// Elapsed is the wall time since Run started.
	Elapsed time.Duration
}

// ScenarioSummary is what one scenario of a Run simulated.
type ScenarioSummary struct {
	// Name is the scenario's name (BaselineScenario for the baseline).
	Name string
	// Replications is how many replications ran.
	Replications int
	// SimulatedRequests and Events are the requests issued and the
	// events processed over those replications.
	SimulatedRequests, Events int64
	// Elapsed is the scenario's wall time.
	Elapsed time.Duration
	// StopReason says why the scenario's replications stopped: the
	// scenario's ScenarioResult.StoppedBy (StopFixed, StopDecided, ...).
	StopReason string
}

// Summary is what a completed Run simulated, reported once to the function
// WithSummary put in Run's context, so that a front-end can log it without
// the report (which holds results, not how they were obtained).
type Summary struct {
	// Regions, Origins and ReplicaSets describe the model simulated.
	Regions, Origins, ReplicaSets int
	// Seed is the run's seed.
	Seed uint64
	// ReplicationsPlanned is run.replications (the cap, under adaptive
	// stopping); Parallelism the replications run at once (run.parallelism,
	// or GOMAXPROCS when it is unset).
	ReplicationsPlanned, Parallelism int
	// Scenarios are the baseline and the model's scenarios, in order.
	Scenarios []ScenarioSummary
	// SimulatedRequests and Events are the totals over every scenario.
	SimulatedRequests, Events int64
	// Elapsed is Run's wall time, the static checks included.
	Elapsed time.Duration
}

type progressKey struct{}

type summaryKey struct{}

// WithProgress returns a context that makes Run call f after each
// completed replication. Run serializes the calls (never two at once,
// whatever run.parallelism), so f need not lock; it runs on a replication
// worker, so it should return quickly. The results do not depend on f.
func WithProgress(ctx context.Context, f func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, f)
}

// WithSummary returns a context that makes Run call f once, when it has
// simulated every scenario (not when it fails or is cancelled).
func WithSummary(ctx context.Context, f func(Summary)) context.Context {
	return context.WithValue(ctx, summaryKey{}, f)
}

// tracker counts a Run's completed replications for its observers. A nil
// tracker (no observer in the context) costs nothing.
type tracker struct {
	progress func(Progress)
	summary  func(Summary)
	start    time.Time

	mu       sync.Mutex
	sum      Summary
	requests int64
	done     int
}

type trackerKey struct{}

// startRun returns the tracker of a run of m over scenarios, nil when
// ctx carries neither observer. m has its defaults applied.
func startRun(ctx context.Context, m Model, scenarios []Scenario, start time.Time) *tracker {
	p, _ := ctx.Value(progressKey{}).(func(Progress))
	s, _ := ctx.Value(summaryKey{}).(func(Summary))
	if p == nil && s == nil {
		return nil
	}
	t := &tracker{progress: p, summary: s, start: start}
	planned := m.Run.Replications
	if planned == 0 {
		// Adaptive stopping: the cap is what a scenario may run.
		planned = m.Run.MaxReplications
		if planned == 0 {
			planned = DefaultMaxReplications
		}
	}
	t.sum = Summary{
		Regions: len(m.Regions), Origins: len(m.Workload.Origins), ReplicaSets: len(m.ReplicaSets),
		ReplicationsPlanned: planned, Parallelism: m.Run.Parallelism,
	}
	if m.Run.Seed != nil {
		t.sum.Seed = *m.Run.Seed
	}
	if t.sum.Parallelism <= 0 {
		t.sum.Parallelism = runtime.GOMAXPROCS(0)
	}
	for _, sc := range scenarios {
		t.sum.Scenarios = append(t.sum.Scenarios, ScenarioSummary{Name: sc.Name})
	}
	return t
}

// attach returns the context the run's replications run with, so that
// replicationDone finds the tracker.
func (t *tracker) attach(ctx context.Context) context.Context {
	if t == nil {
		return ctx
	}
	return context.WithValue(ctx, trackerKey{}, t)
}

// replicationDone records one completed replication of scenario i, and
// tells the progress observer.
func replicationDone(ctx context.Context, i int, r *engine.Result) {
	t, _ := ctx.Value(trackerKey{}).(*tracker)
	if t == nil || r == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	sc := &t.sum.Scenarios[i]
	sc.Replications++
	sc.SimulatedRequests += r.Issued
	sc.Events += r.Events
	// Scenarios run side by side in rounds: a scenario's wall time is
	// the run's so far when its last replication completed.
	sc.Elapsed = time.Since(t.start)
	t.requests += r.Issued
	t.done++
	if t.progress != nil {
		t.progress(Progress{
			Scenario: sc.Name, ScenarioIndex: i, Scenarios: len(t.sum.Scenarios),
			ReplicationsDone: sc.Replications, ReplicationsPlanned: t.sum.ReplicationsPlanned,
			RunReplicationsDone: t.done,
			SimulatedRequests:   t.requests, Elapsed: time.Since(t.start),
		})
	}
}

// finish tells the summary observer what the completed run simulated and
// why each scenario stopped.
func (t *tracker) finish(scs []scenarioRuns) {
	if t == nil || t.summary == nil {
		return
	}
	t.mu.Lock()
	s := t.sum
	s.Scenarios = append([]ScenarioSummary(nil), t.sum.Scenarios...)
	t.mu.Unlock()
	for i := range s.Scenarios {
		if i < len(scs) {
			s.Scenarios[i].StopReason = scs[i].stoppedBy
		}
		s.SimulatedRequests += s.Scenarios[i].SimulatedRequests
		s.Events += s.Scenarios[i].Events
	}
	s.Elapsed = time.Since(t.start)
	t.summary(s)
}
