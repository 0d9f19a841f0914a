package simulator

import (
	"context"
	"testing"
)

// TestAdaptiveDeterminism: an adaptive run (replications unset) gives the
// same report, stopping point included, whatever the parallelism and
// GOMAXPROCS.
func TestAdaptiveDeterminism(t *testing.T) {
	checkDeterminism(t, func() Model {
		m := dataModel()
		m.Run.Replications = 0
		return m
	})
}

// TestAdaptiveStops: a clear verdict stops after the first round, a clause
// set on its own observed figure cannot be decided and runs to the
// precision target or the cap, and a fixed count says so.
func TestAdaptiveStops(t *testing.T) {
	m := richModel()
	m.Run.Replications = 0
	m.SLA = SLA{LatencyP99Ms: ptr(100_000), Availability: ptr(0.5)}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Scenarios[0]; s.Replications != RoundReplications || s.StoppedBy != StopDecided {
		t.Errorf("clear clauses: %d replications, stopped by %q; want %d, %q", s.Replications, s.StoppedBy, RoundReplications, StopDecided)
	}

	fixed := richModel()
	rep, err = Run(context.Background(), fixed)
	if err != nil {
		t.Fatal(err)
	}
	p50 := rep.Scenarios[0].Latency.P50.Mean
	if s := rep.Scenarios[0]; s.Replications != fixed.Run.Replications || s.StoppedBy != StopFixed {
		t.Errorf("fixed: %d replications, stopped by %q", s.Replications, s.StoppedBy)
	}

	m.SLA = SLA{LatencyP50Ms: ptr(p50)}
	m.Run.MaxReplications = 6
	m.Run.Precision = ptr(1e-6)
	rep, err = Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Scenarios[0]; s.Replications != 6 || s.StoppedBy != StopCap {
		t.Errorf("marginal clause: %d replications, stopped by %q; want 6, %q", s.Replications, s.StoppedBy, StopCap)
	}
	m.Run.Precision = ptr(0.5)
	rep, err = Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Scenarios[0]; s.StoppedBy != StopPrecision {
		t.Errorf("loose precision: %d replications, stopped by %q; want %q", s.Replications, s.StoppedBy, StopPrecision)
	}
}

// TestStoppingSettingsChecked: adaptive settings beside a fixed count, or
// out of range, are errors at their path.
func TestStoppingSettingsChecked(t *testing.T) {
	for name, c := range map[string]struct {
		edit func(*Model)
		path string
	}{
		"precision with fixed":        {func(m *Model) { m.Run.Precision = ptr(0.1) }, "run.precision"},
		"max_replications with fixed": {func(m *Model) { m.Run.MaxReplications = 10 }, "run.max_replications"},
		"max_replications 1":          {func(m *Model) { m.Run.Replications = 0; m.Run.MaxReplications = 1 }, "run.max_replications"},
		"precision 0":                 {func(m *Model) { m.Run.Replications = 0; m.Run.Precision = ptr(0) }, "run.precision"},
		"precision 2":                 {func(m *Model) { m.Run.Replications = 0; m.Run.Precision = ptr(2) }, "run.precision"},
	} {
		m := richModel()
		c.edit(&m)
		if _, ok := findingAt(Check(m), SeverityError, c.path); !ok {
			t.Errorf("%s: no error at %s", name, c.path)
		}
	}
}
