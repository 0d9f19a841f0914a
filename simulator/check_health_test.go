package simulator

import (
	"strings"
	"testing"
)

// TestCheckHealthSignals breaks one health-signal or split-brain setting
// at a time and expects a finding of the given severity at its path that
// carries the value or names the fix.
func TestCheckHealthSignals(t *testing.T) {
	withPolicy := func(m *Model) *HealthCheck {
		if m.RoutingPolicy == nil {
			m.RoutingPolicy = &RoutingPolicy{Strategy: StrategyLatency}
		}
		return &m.RoutingPolicy.HealthCheck
	}
	cases := []struct {
		name     string
		mutate   func(*Model)
		severity string
		path     string
		says     string
	}{
		{"negative lag bound", func(m *Model) { withPolicy(m).MaxReplicationLagMs = -5 }, SeverityError, "routing_policy.health_check.max_replication_lag_ms", "-5"},
		{"lag bound beyond an hour", func(m *Model) { withPolicy(m).MaxReplicationLagMs = 4e6 }, SeverityError, "routing_policy.health_check.max_replication_lag_ms", "4e+06"},
		{"lag bound without sets", func(m *Model) {
			m.ReplicaSets = nil
			m.Workload.Origins[0].ReplicaSet = ""
			m.Workload.Origins[1].ReplicaSet = ""
			m.Scenarios = nil
			withPolicy(m).MaxReplicationLagMs = 500
		}, SeverityWarning, "routing_policy.health_check.max_replication_lag_ms", "no replica set"},
		{"negative backlog", func(m *Model) { withPolicy(m).MaxQueueBacklog = -1 }, SeverityError, "routing_policy.health_check.max_queue_backlog", "-1"},
		{"unknown split-brain resolution", func(m *Model) {
			m.ReplicaSets[0].Replication = ReplicationAsyncPrimary
			m.ReplicaSets[0].SplitBrainResolution = "keep"
		}, SeverityError, "replica_sets[0].split_brain_resolution", "keep"},
		{"split-brain resolution without async", func(m *Model) { m.ReplicaSets[0].SplitBrainResolution = SplitBrainMerge }, SeverityWarning, "replica_sets[0].split_brain_resolution", "ignored"},
		{"apply slowdown without region", func(m *Model) {
			m.Scenarios[0].Faults[0] = Fault{Type: FaultApplySlowdown, Multiplier: 4, AtS: 5}
		}, SeverityError, "scenarios[0].faults[0].region", "region"},
		{"apply slowdown multiplier 1", func(m *Model) {
			m.Scenarios[0].Faults[0] = Fault{Type: FaultApplySlowdown, Region: "euw1", Multiplier: 1, AtS: 5}
		}, SeverityError, "scenarios[0].faults[0].multiplier", "1"},
		{"apply slowdown with origin", func(m *Model) {
			m.Scenarios[0].Faults[0] = Fault{Type: FaultApplySlowdown, Region: "euw1", Origin: "europe", Multiplier: 2, AtS: 5}
		}, SeverityError, "scenarios[0].faults[0].origin", "Remove origin"},
		{"apply slowdown where no replica is", func(m *Model) {
			m.Regions = append(m.Regions, Region{Name: "apne1", Location: "aws:ap-northeast-1", Instances: 1, ServiceTimeMs: 10})
			m.Scenarios[0].Faults[0] = Fault{Type: FaultApplySlowdown, Region: "apne1", Multiplier: 2, AtS: 5}
		}, SeverityWarning, "scenarios[0].faults[0].region", "no replica set"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := validDataModel()
			c.mutate(&m)
			fs := Check(m)
			f, ok := findingAt(fs, c.severity, c.path)
			if !ok {
				t.Fatalf("no %s at %s; findings: %+v", c.severity, c.path, fs)
			}
			if text := f.Summary + " " + f.Detail; !strings.Contains(text, c.says) {
				t.Errorf("finding does not mention %q: %s", c.says, text)
			}
		})
	}
	// Valid settings pass without findings of their own.
	m := validDataModel()
	withPolicy(&m).MaxReplicationLagMs = 1000
	withPolicy(&m).MaxQueueBacklog = 50
	m.ReplicaSets[0].Replication = ReplicationAsyncPrimary
	m.ReplicaSets[0].SplitBrainResolution = SplitBrainMerge
	for _, f := range Check(m) {
		if strings.Contains(f.Path, "max_") || strings.Contains(f.Path, "split_brain") {
			t.Errorf("valid setting: %s %s: %s", f.Severity, f.Path, f.Summary)
		}
	}
}
