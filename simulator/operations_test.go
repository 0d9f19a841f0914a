package simulator

import (
	"math"
	"strings"
	"testing"
)

// opsCheckModel is one region and two single-region replica sets, with an
// origin of 1000 rps whose operations write 30 % to "catalog" (apply 5 ms:
// 200 writes/s per replica) and 10 % to "orders".
func opsCheckModel() Model {
	return Model{
		Regions: []Region{{Name: "use1", Location: "aws:us-east-1", Instances: 20, ServiceTimeMs: 5}},
		ReplicaSets: []ReplicaSet{
			{Name: "orders", Regions: []string{"use1"}, Leader: "use1", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadStrong, ApplyTimeMs: 1},
			{Name: "catalog", Regions: []string{"use1"}, Leader: "use1", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual, ApplyTimeMs: 5},
		},
		Workload: Workload{Origins: []Origin{{Name: "app", Location: "aws:us-east-1", RPS: 1000, Operations: []Operation{
			{Name: "read", Share: 0.6, ReplicaSet: "catalog", Kind: OperationRead},
			{Name: "publish", Share: 0.3, ReplicaSet: "catalog", Kind: OperationWrite},
			{Name: "order", Share: 0.1, ReplicaSet: "orders", Kind: OperationWrite},
		}}}, Keys: 100},
		Run: RunSettings{DurationS: ptr(10), WarmupS: ptr(1), Replications: 2},
	}
}

// TestCheckApplyLoadOperations: the apply-load gate counts each
// operation's writes against the set it writes, not the origin's default
// set: 300 writes/s to catalog (apply rate 200/s) is an error there, and
// orders (100 writes/s against 1000/s) has none.
func TestCheckApplyLoadOperations(t *testing.T) {
	var found bool
	for _, f := range Check(opsCheckModel()) {
		if f.Path == "replica_sets[0].apply_time_ms" && f.Severity == SeverityError {
			t.Errorf("orders is flagged: %s", f.Summary)
		}
		if f.Path == "replica_sets[1].apply_time_ms" && f.Severity == SeverityError {
			found = true
			if !strings.Contains(f.Summary, "300 writes/s") || !strings.Contains(f.Detail, "app (300 writes/s)") {
				t.Errorf("catalog's finding: %s: %s", f.Summary, f.Detail)
			}
		}
	}
	if !found {
		t.Error("no apply-load error on catalog, which receives 300 writes/s against 200/s")
	}
}

// TestOperationsFaultsSpread: a fault that names an origin hits every one
// of its operations. A traffic_surge doubling the origin for the whole run
// doubles each operation's requests; a partition between the origin and
// its only region fails all of them.
func TestOperationsFaultsSpread(t *testing.T) {
	m := opsCheckModel()
	m.ReplicaSets[1].ApplyTimeMs = 0.1
	m.Scenarios = []Scenario{
		{Name: "surge", Faults: []Fault{{Type: FaultTrafficSurge, Origin: "app", Multiplier: 2, AtS: 0}}},
		{Name: "cut", Faults: []Fault{{Type: FaultPartition, Origin: "app", Region: "use1", AtS: 0}}},
	}
	rep := runData(t, m)
	base, surge, cut := rep.Scenarios[0], rep.Scenarios[1], rep.Scenarios[2]
	for i, op := range base.Operations {
		r := float64(surge.Operations[i].Requests) / float64(op.Requests)
		// Poisson counts of about 10^4: 2 within 5 %.
		if math.Abs(r-2) > 0.1 {
			t.Errorf("%s: surge/baseline requests %.3f, want 2", op.Name, r)
		}
		if a := cut.Operations[i].Availability; a == nil || a.Mean != 0 {
			t.Errorf("%s: availability under the partition %+v, want 0", op.Name, a)
		}
	}
}

// TestOperationsAbsentKeepsReport: a model without operations has no
// operation results, duplicate writes or operation clauses, so its report
// is what it was before operations existed.
func TestOperationsAbsentKeepsReport(t *testing.T) {
	m := opsCheckModel()
	m.Workload.Origins[0].Operations = nil
	m.Workload.Origins[0].ReadRatio = ptr(0.9)
	m.ReplicaSets[0].ApplyTimeMs = 0.1
	sc := runData(t, m).Scenarios[0]
	if sc.Operations != nil || sc.DuplicateWrites != nil || sc.DuplicateWriteRatio != nil {
		t.Errorf("operation figures without operations: %+v %+v %+v", sc.Operations, sc.DuplicateWrites, sc.DuplicateWriteRatio)
	}
	for _, c := range sc.SLA {
		if c.Operation != "" {
			t.Errorf("operation clause without operations: %+v", c)
		}
	}
}

// TestCheckOperationFloor: an operation's latency target below the fiber
// floor from its origin to every region is an error at the target.
func TestCheckOperationFloor(t *testing.T) {
	m := opsCheckModel()
	m.ReplicaSets[1].ApplyTimeMs = 0.1
	m.Workload.Origins[0].Location = "aws:ap-southeast-2" // Sydney, ~16 000 km from Virginia
	m.Workload.Origins[0].Operations[2].LatencyP99Ms = ptr(50)
	for _, f := range Check(m) {
		if f.Path == "workload.origins[0].operations[2].latency_p99_ms" && f.Severity == SeverityError {
			if !strings.Contains(f.Detail, "this operation's requests only") {
				t.Errorf("detail: %s", f.Detail)
			}
			return
		}
	}
	t.Errorf("no fiber-floor error on the operation's 50 ms target from Sydney: %+v", Check(m))
}

// TestCheckOperationsBounded: operations count against the origins' bound,
// since each is simulated as a stream of its own.
func TestCheckOperationsBounded(t *testing.T) {
	m := opsCheckModel()
	ops := make([]Operation, MaxOrigins+1)
	for i := range ops {
		ops[i] = Operation{Name: "op" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26)), Share: 1 / float64(len(ops)), Kind: OperationRead}
	}
	m.Workload.Origins[0].Operations = ops
	for _, f := range Check(m) {
		if f.Path == "workload.origins" && strings.Contains(f.Summary, "operations and origins without operations together") {
			return
		}
	}
	t.Errorf("no error for %d operations", len(ops))
}
