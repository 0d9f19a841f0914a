package simulator

import (
	"reflect"
	"strings"
	"testing"
)

// validDataModel is validModel with a three-region sync_quorum set and a
// scenario; it passes Check.
func validDataModel() Model {
	m := validModel()
	m.Regions = append(m.Regions, Region{Name: "usw2", Location: "aws:us-west-2", Instances: 4, ServiceTimeMs: 10})
	m.ReplicaSets = []ReplicaSet{{Name: "db", Regions: []string{"use1", "euw1", "usw2"}, Leader: "use1", Replication: ReplicationSyncQuorum}}
	m.Scenarios = []Scenario{{Name: "leader-down", Faults: []Fault{{Type: FaultRegionOutage, Region: "use1", AtS: 5, DurationS: 5}}}}
	return m
}

func TestCheckDataValid(t *testing.T) {
	m := validDataModel()
	before := validDataModel()
	fs := Check(m)
	if errs := errorsOf(fs); len(errs) > 0 {
		t.Fatalf("valid model has errors: %+v", errs)
	}
	for _, f := range fs {
		t.Logf("%s %s: %s", f.Severity, f.Path, f.Summary)
	}
	if !reflect.DeepEqual(m, before) {
		t.Fatal("Check modified its argument")
	}
}

// TestCheckData breaks one thing at a time and expects a finding of the
// given severity at its path whose text carries the number or name.
func TestCheckData(t *testing.T) {
	cases := []struct {
		name     string
		mutate   func(*Model)
		severity string
		path     string
		says     string
	}{
		{"undeclared region", func(m *Model) { m.ReplicaSets[0].Regions[2] = "apne1" }, SeverityError, "replica_sets[0].regions[2]", "use1, euw1, usw2"},
		{"duplicate replica", func(m *Model) { m.ReplicaSets[0].Regions[2] = "use1" }, SeverityError, "replica_sets[0].regions[2]", "twice"},
		{"no regions", func(m *Model) { m.ReplicaSets[0].Regions = nil }, SeverityError, "replica_sets[0].regions", "is empty"},
		{"leader outside", func(m *Model) { m.ReplicaSets[0].Leader = "apne1" }, SeverityError, "replica_sets[0].leader", `"apne1"`},
		{"quorum too large", func(m *Model) { m.ReplicaSets[0].Quorum = 4 }, SeverityError, "replica_sets[0].quorum", "larger than its 3"},
		{"quorum negative", func(m *Model) { m.ReplicaSets[0].Quorum = -1 }, SeverityError, "replica_sets[0].quorum", "-1"},
		{"quorum of all", func(m *Model) { m.ReplicaSets[0].Quorum = 3 }, SeverityWarning, "replica_sets[0].quorum", "use1"},
		{"quorum not majority", func(m *Model) { m.ReplicaSets[0].Quorum = 1 }, SeverityWarning, "replica_sets[0].quorum", "not a majority"},
		{"single async replica", func(m *Model) {
			m.ReplicaSets[0] = ReplicaSet{Name: "db", Regions: []string{"euw1"}, Replication: ReplicationAsyncPrimary}
		}, SeverityWarning, "replica_sets[0].regions", "loss of region euw1 stops all writes"},
		{"unknown replication", func(m *Model) { m.ReplicaSets[0].Replication = "raft" }, SeverityError, "replica_sets[0].replication", "raft"},
		{"unknown read", func(m *Model) { m.ReplicaSets[0].ReadConsistency = "linearizable" }, SeverityError, "replica_sets[0].read_consistency", "linearizable"},
		{"bound without bounded", func(m *Model) { m.ReplicaSets[0].StalenessBoundMs = 100 }, SeverityWarning, "replica_sets[0].staleness_bound_ms", "ignored"},
		{"bounded without bound", func(m *Model) { m.ReplicaSets[0].ReadConsistency = ReadBoundedStaleness }, SeverityError, "replica_sets[0].staleness_bound_ms", "got 0"},
		{"conflict without multi", func(m *Model) { m.ReplicaSets[0].ConflictResolution = ConflictCRDT }, SeverityWarning, "replica_sets[0].conflict_resolution", "ignored"},
		{"unknown conflict", func(m *Model) {
			m.ReplicaSets[0].Replication = ReplicationMultiLeader
			m.ReplicaSets[0].ConflictResolution = "merge"
		}, SeverityError, "replica_sets[0].conflict_resolution", "merge"},
		{"negative apply", func(m *Model) { m.ReplicaSets[0].ApplyTimeMs = -1 }, SeverityError, "replica_sets[0].apply_time_ms", "-1"},
		{"negative election", func(m *Model) { m.ReplicaSets[0].ElectionTimeoutMs = -5 }, SeverityError, "replica_sets[0].election_timeout_ms", "-5"},
		{"duplicate set", func(m *Model) { m.ReplicaSets = append(m.ReplicaSets, m.ReplicaSets[0]) }, SeverityError, "replica_sets[1].name", "replica_sets[0]"},
		{"bad set name", func(m *Model) { m.ReplicaSets[0].Name = "Orders DB" }, SeverityError, "replica_sets[0].name", `"orders-db"`},
		{"origin set undeclared", func(m *Model) { m.Workload.Origins[0].ReplicaSet = "users" }, SeverityError, "workload.origins[0].replica_set", "db"},
		{"apply overload", func(m *Model) { m.ReplicaSets[0].ApplyTimeMs = 20 }, SeverityError, "replica_sets[0].apply_time_ms", "130 writes/s against an apply rate of 50"},
		{"keys", func(m *Model) { m.Workload.Keys = -3 }, SeverityError, "workload.keys", "-3"},
		{"zipf", func(m *Model) { m.Workload.ZipfS = ptr(-1) }, SeverityError, "workload.zipf_s", "-1"},
		{"scenario baseline", func(m *Model) { m.Scenarios[0].Name = BaselineScenario }, SeverityError, "scenarios[0].name", "reserved"},
		{"scenario duplicate", func(m *Model) { m.Scenarios = append(m.Scenarios, m.Scenarios[0]) }, SeverityError, "scenarios[1].name", "scenarios[0]"},
		{"fault region", func(m *Model) { m.Scenarios[0].Faults[0].Region = "mars" }, SeverityError, "scenarios[0].faults[0].region", "use1, euw1, usw2"},
		{"fault type", func(m *Model) { m.Scenarios[0].Faults[0].Type = "meteor_strike" }, SeverityError, "scenarios[0].faults[0].type", "region_outage"},
		{"fault after end", func(m *Model) { m.Scenarios[0].Faults[0].AtS = 20 }, SeverityError, "scenarios[0].faults[0].at_s", "duration_s = 20"},
		{"fault negative duration", func(m *Model) { m.Scenarios[0].Faults[0].DurationS = -1 }, SeverityError, "scenarios[0].faults[0].duration_s", "-1"},
		{"fault past end", func(m *Model) { m.Scenarios[0].Faults[0].DurationS = 100 }, SeverityWarning, "scenarios[0].faults[0].duration_s", "105"},
		{"stale ratio", func(m *Model) { m.SLA.StaleReadRatio = ptr(2) }, SeverityError, "sla.stale_read_ratio", "got 2"},
		{"lag target", func(m *Model) { m.SLA.ReplicationLagP99Ms = ptr(0) }, SeverityError, "sla.replication_lag_p99_ms", "got 0"},
		{"conflict ratio without multi", func(m *Model) { m.SLA.ConflictRatio = ptr(0.1) }, SeverityWarning, "sla.conflict_ratio", "multi_leader"},
		{"budget counts scenarios", func(m *Model) { m.Run.MaxSimulatedRequests = 30_000 }, SeverityError, "run.duration_s", "x 2 scenarios"},
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
	// Data clauses without a replica set: warned, not refused.
	m := validModel()
	m.SLA.WriteLatencyP99Ms = ptr(100)
	if _, ok := findingAt(Check(m), SeverityWarning, "sla.write_latency_p99_ms"); !ok {
		t.Error("no warning for a write latency clause without a replica set")
	}
}

func TestApplyDefaultsData(t *testing.T) {
	m := validDataModel()
	m.ReplicaSets = append(m.ReplicaSets,
		ReplicaSet{Name: "a", Regions: []string{"euw1", "use1"}},
		ReplicaSet{Name: "m", Regions: []string{"euw1"}, Replication: ReplicationMultiLeader})
	ApplyDefaults(&m)
	s, a, ml := m.ReplicaSets[0], m.ReplicaSets[1], m.ReplicaSets[2]
	if s.Quorum != 2 || s.ElectionTimeoutMs != DefaultElectionTimeoutMs || s.ApplyTimeMs != DefaultApplyTimeMs || s.ReadConsistency != ReadStrong || s.PromotionDelayMs != 0 {
		t.Errorf("sync defaults %+v", s)
	}
	if a.Replication != DefaultReplication || a.Leader != "euw1" || a.PromotionDelayMs != DefaultPromotionDelayMs || a.Quorum != 0 {
		t.Errorf("async defaults %+v", a)
	}
	if ml.ConflictResolution != ConflictLWW {
		t.Errorf("multi defaults %+v", ml)
	}
	if m.Workload.Keys != DefaultKeys || m.Workload.ZipfS == nil || *m.Workload.ZipfS != DefaultZipfS {
		t.Errorf("workload defaults %+v", m.Workload)
	}
}
