package simulator

import (
	"context"
	"encoding/json"
	"math"
	"testing"
)

// dataModel is richModel with a replica set of each mode and a scenario
// that takes the async leader's region down and brings it back.
func dataModel() Model {
	m := richModel()
	m.ReplicaSets = []ReplicaSet{
		{Name: "orders", Regions: []string{"use1", "euw1", "apse1"}, Leader: "use1", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual, PromotionDelayMs: 2000},
		{Name: "accounts", Regions: []string{"use1", "euw1", "apse1"}, Leader: "euw1", Replication: ReplicationSyncQuorum, ReadConsistency: ReadBoundedStaleness, StalenessBoundMs: 50},
		{Name: "carts", Regions: []string{"use1", "euw1", "apse1"}, Leader: "use1", Replication: ReplicationMultiLeader, ReadConsistency: ReadEventual, ConflictResolution: ConflictCRDT},
	}
	m.Workload.Keys = 50
	m.Workload.Origins[0].ReadRatio = ptr(0.7)
	m.Workload.Origins[1].ReadRatio = ptr(0.5)
	m.Workload.Origins[1].ReplicaSet = "accounts"
	m.Workload.Origins[2].ReadRatio = ptr(0.8)
	m.Workload.Origins[2].ReplicaSet = "carts"
	m.Workload.Origins = append(m.Workload.Origins, Origin{Name: "eu-carts", Location: "aws:eu-west-1", RPS: 30, ReadRatio: ptr(0.5), ReplicaSet: "carts"})
	m.Scenarios = []Scenario{
		{Name: "use1-outage", Faults: []Fault{{Type: FaultRegionOutage, Region: "use1", AtS: 10, DurationS: 8}}},
		{Name: "euw1-down", Faults: []Fault{{Type: FaultRegionOutage, Region: "euw1", AtS: 12}}},
	}
	m.SLA.ReadLatencyP99Ms = ptr(500)
	m.SLA.WriteLatencyP99Ms = ptr(800)
	m.SLA.ReplicationLagP99Ms = ptr(300)
	m.SLA.RPOMs = ptr(100)
	m.SLA.StaleReadRatio = ptr(0.1)
	m.SLA.ConflictRatio = ptr(0.05)
	return m
}

func TestDataSmoke(t *testing.T) {
	m := dataModel()
	for _, f := range Check(m) {
		t.Logf("%s %s: %s", f.Severity, f.Path, f.Summary)
	}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Scenarios) != 3 || rep.Scenarios[0].Name != BaselineScenario || rep.Scenarios[1].Name != "use1-outage" {
		t.Fatalf("scenarios %d", len(rep.Scenarios))
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Fatal(err)
	}
	// use1 holds the orders leader (async, promoted after 2 s) but not the
	// accounts one; the baseline has no failover at all.
	out := rep.Scenarios[1]
	if f := out.ReplicaSets[0].Failovers.Mean; f != 1 {
		t.Errorf("orders failovers %v in use1-outage, want 1", f)
	}
	if u := out.ReplicaSets[0].WriteUnavailableS.Mean; math.Abs(u-2) > 1e-9 {
		t.Errorf("orders write unavailability %v s, want the 2 s promotion delay", u)
	}
	if f := out.ReplicaSets[1].Failovers.Mean + rep.Scenarios[0].ReplicaSets[0].Failovers.Mean; f != 0 {
		t.Errorf("unexpected failovers: %v", f)
	}
	if c := rep.Scenarios[0].ReplicaSets[2]; c.Conflicts.Mean <= 0 || c.Merges != c.Conflicts {
		t.Errorf("carts (multi_leader, crdt) conflicts %+v merges %+v", c.Conflicts, c.Merges)
	}
	for _, sc := range rep.Scenarios {
		t.Logf("%s: avail %.4f write avail %.4f stale %.4f lagp99 %.1f lost %.1f rpo %.1f conflicts %.4f read p99 %.1f write p99 %.1f",
			sc.Name, sc.Availability.Mean, sc.WriteAvailability.Mean, sc.StaleReadRatio.Mean, sc.ReplicationLagP99.Mean,
			sc.LostWrites.Mean, sc.RPOMs.Mean, sc.ConflictRatio.Mean, sc.ReadLatency.P99.Mean, sc.WriteLatency.P99.Mean)
		for _, c := range sc.SLA {
			t.Logf("  %-24s target %-6g observed %.4f [%.4f, %.4f] %s", c.Clause, c.Target, c.Observed, c.Low, c.High, c.Status)
		}
	}
}

// TestOutagePlain: a region outage in a model without replica sets. The
// only region is down for half of the measured window, so about half of
// the requests fail (those issued in it, plus the few in flight at its
// start); the baseline is untouched.
func TestOutagePlain(t *testing.T) {
	m := Model{
		Regions:   []Region{{Name: "r", Location: "aws:us-east-1", Instances: 2, ServiceTimeMs: 5}},
		Workload:  Workload{Origins: []Origin{{Location: "aws:us-east-1", RPS: 100, ReadRatio: ptr(0)}}},
		Scenarios: []Scenario{{Name: "down", Faults: []Fault{{Type: FaultRegionOutage, Region: "r", AtS: 12, DurationS: 10}}}},
		Run:       RunSettings{DurationS: ptr(22), WarmupS: ptr(2), Replications: 4, Seed: ptrTo[uint64](3)},
	}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if a := rep.Scenarios[0].Availability; a.Mean != 1 {
		t.Errorf("baseline availability %+v", a)
	}
	if a := rep.Scenarios[1].Availability; math.Abs(a.Mean-0.5) > 0.02 {
		t.Errorf("availability %+v with the only region down half the time, want about 0.5", a)
	}
	if rep.SLAMet != true || len(rep.Scenarios) != 2 || rep.Scenarios[1].Name != "down" {
		t.Errorf("report %+v", rep)
	}
}
