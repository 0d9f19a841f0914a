package simulator

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
)

// TestProgressAndSummary: with parallel workers, the progress observer is
// called once per replication of every scenario, never two calls at once,
// with done counts rising to run.replications in each scenario in order;
// the summary's totals are the report's; and observing changes no figure
// of the report.
func TestProgressAndSummary(t *testing.T) {
	m := dataModel()
	m.Run.Replications = 4
	m.Run.Parallelism = 4
	plain, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}

	var inside atomic.Int32
	var calls []Progress
	var sums []Summary
	ctx := WithProgress(context.Background(), func(p Progress) {
		if inside.Add(1) != 1 {
			t.Error("two progress calls at once")
		}
		calls = append(calls, p)
		inside.Add(-1)
	})
	ctx = WithSummary(ctx, func(s Summary) { sums = append(sums, s) })
	rep, err := Run(ctx, m)
	if err != nil {
		t.Fatal(err)
	}

	scenarios := 1 + len(m.Scenarios)
	if len(calls) != scenarios*m.Run.Replications {
		t.Fatalf("%d progress calls, want %d (%d scenarios × %d replications)", len(calls), scenarios*m.Run.Replications, scenarios, m.Run.Replications)
	}
	// Scenarios run side by side, so calls of different scenarios
	// interleave; each scenario's count still grows one at a time.
	var lastRequests int64
	doneBy := make(map[int]int)
	for k, p := range calls {
		want := BaselineScenario
		if p.ScenarioIndex > 0 && p.ScenarioIndex <= len(m.Scenarios) {
			want = m.Scenarios[p.ScenarioIndex-1].Name
		}
		doneBy[p.ScenarioIndex]++
		if p.Scenario != want || p.Scenarios != scenarios || p.ReplicationsDone != doneBy[p.ScenarioIndex] ||
			p.ReplicationsPlanned != m.Run.Replications || p.RunReplicationsDone != k+1 {
			t.Errorf("call %d = %+v, want scenario %q with %d of %d replications done, %d in the run", k, p, want, doneBy[p.ScenarioIndex], m.Run.Replications, k+1)
		}
		if p.SimulatedRequests <= lastRequests {
			t.Errorf("call %d: simulated requests %d did not grow from %d", k, p.SimulatedRequests, lastRequests)
		}
		lastRequests = p.SimulatedRequests
	}
	for i := 0; i < scenarios; i++ {
		if doneBy[i] != m.Run.Replications {
			t.Errorf("scenario %d: %d progress calls, want %d", i, doneBy[i], m.Run.Replications)
		}
	}

	if len(sums) != 1 {
		t.Fatalf("%d summaries, want 1", len(sums))
	}
	s := sums[0]
	if s.Regions != len(m.Regions) || s.Origins != len(m.Workload.Origins) || s.ReplicaSets != len(m.ReplicaSets) ||
		s.ReplicationsPlanned != 4 || s.Parallelism != 4 || s.Seed != rep.Seed || len(s.Scenarios) != scenarios {
		t.Errorf("summary %+v does not describe the model", s)
	}
	if s.SimulatedRequests != rep.SimulatedRequests {
		t.Errorf("summary: %d simulated requests, the report says %d", s.SimulatedRequests, rep.SimulatedRequests)
	}
	var requests, events int64
	for _, sc := range s.Scenarios {
		if sc.Replications != 4 || sc.StopReason != StopFixed || sc.Events <= sc.SimulatedRequests {
			t.Errorf("scenario summary %+v: want 4 replications, stop reason %q, more events than requests", sc, StopFixed)
		}
		requests += sc.SimulatedRequests
		events += sc.Events
	}
	if s.SimulatedRequests != requests || s.SimulatedRequests != lastRequests || s.Events != events {
		t.Errorf("summary totals %d requests, %d events; the scenarios add up to %d, %d; the last progress said %d",
			s.SimulatedRequests, s.Events, requests, events, lastRequests)
	}

	a, _ := json.Marshal(plain)
	b, _ := json.Marshal(rep)
	if string(a) != string(b) {
		t.Error("observing the run changed its report")
	}
}
