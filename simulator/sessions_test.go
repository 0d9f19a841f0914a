package simulator

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// TestCheckSessions: read_your_writes is accepted, and bad sessions are
// refused with the number and the fix.
func TestCheckSessions(t *testing.T) {
	cases := []struct {
		name     string
		mutate   func(*Model)
		severity string
		path     string
		says     string
	}{
		{"negative sessions", func(m *Model) { m.Workload.Origins[0].Sessions = -3 }, SeverityError, "workload.origins[0].sessions", "-3"},
		{"too many sessions", func(m *Model) { m.Workload.Origins[0].Sessions = MaxSessions + 1 }, SeverityError, "workload.origins[0].sessions", "1000001"},
		{"unknown read", func(m *Model) { m.ReplicaSets[0].ReadConsistency = "read_my_writes" }, SeverityError, "replica_sets[0].read_consistency", "read_your_writes"},
		{"bound with read_your_writes", func(m *Model) {
			m.ReplicaSets[0].ReadConsistency = ReadYourWrites
			m.ReplicaSets[0].StalenessBoundMs = 100
		}, SeverityWarning, "replica_sets[0].staleness_bound_ms", "ignored"},
		{"state above the bound", func(m *Model) {
			o := m.Workload.Origins[0]
			o.Sessions = MaxSessions
			m.Workload.Origins = nil
			for i := 0; i < 6; i++ {
				o.Name = "o" + string(rune('a'+i))
				m.Workload.Origins = append(m.Workload.Origins, o)
			}
		}, SeverityError, "workload.origins", "for sessions"},
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
	m := validDataModel()
	m.ReplicaSets[0].ReadConsistency = ReadYourWrites
	if errs := errorsOf(Check(m)); len(errs) > 0 {
		t.Fatalf("read_your_writes refused: %+v", errs)
	}
	// Without a replica set sessions cannot matter: warned.
	m = validModel()
	m.Workload.Origins[0].Sessions = 10
	if _, ok := findingAt(Check(m), SeverityWarning, "workload.origins[0].sessions"); !ok {
		t.Error("no warning for sessions without a replica set")
	}
}

// TestSessionDefaultsAndStateBytes: an origin of a read_your_writes set
// gets DefaultSessions, others none, and the sessions' rings count in
// StateBytes (and in Report.state_bytes).
func TestSessionDefaultsAndStateBytes(t *testing.T) {
	m := validDataModel()
	ApplyDefaults(&m)
	plain := StateBytes(m)
	if m.Workload.Origins[0].Sessions != 0 {
		t.Fatalf("strong set: sessions defaulted to %d", m.Workload.Origins[0].Sessions)
	}
	m.ReplicaSets[0].ReadConsistency = ReadYourWrites
	ApplyDefaults(&m)
	if got := m.Workload.Origins[0].Sessions; got != DefaultSessions {
		t.Fatalf("read_your_writes: sessions %d, want %d", got, DefaultSessions)
	}
	want := plain + int64(len(m.Workload.Origins))*engine.SessionBytes(DefaultSessions)
	if got := StateBytes(m); got != want {
		t.Errorf("state bytes %d, want %d (%d of sessions)", got, want, want-plain)
	}
	t.Logf("state bytes: %d without sessions, %d with %d sessions per origin (+%d B, %d B per session)",
		plain, StateBytes(m), DefaultSessions, StateBytes(m)-plain, engine.SessionBytes(1))
}

// TestSessionsDeterministicAndInert: a read_your_writes model gives the
// same report twice for a seed; an eventual model reports exactly as
// without sessions apart from the session figures (the session stream is
// its own), and without sessions it has none.
func TestSessionsDeterministicAndInert(t *testing.T) {
	base := func() Model {
		dc := dataCase{
			regions: []string{"aws:us-east-1", "aws:eu-west-1"},
			set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual},
			origins: []Origin{{Name: "app", Location: "aws:eu-west-1", RPS: 200, ReadRatio: ptr(0.8)}},
			keys:    50, reps: 2, dur: 12, warm: 2, jitter: 0.2,
		}
		return dc.model(9)
	}
	run := func(m Model) *Report {
		rep, err := Run(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	text := func(r *Report) string {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	plain := run(base())
	if plain.Scenarios[0].Sessions != nil || strings.Contains(text(plain), `"sessions"`) {
		t.Fatal("a model without sessions reports session figures")
	}
	withS := base()
	withS.Workload.Origins[0].Sessions = 8
	rs := run(withS)
	if rs.Scenarios[0].Sessions == nil {
		t.Fatal("no session figures with sessions")
	}
	a, b := rs.Scenarios[0], plain.Scenarios[0]
	a.Sessions, a.ReplicaSets = nil, nil
	b.ReplicaSets = nil
	if ja, jb := mustJSON(t, a), mustJSON(t, b); ja != jb {
		t.Errorf("sessions changed the eventual results:\n%s\n%s", ja, jb)
	}
	ryw := base()
	ryw.ReplicaSets[0].ReadConsistency = ReadYourWrites
	if x, y := text(run(ryw)), text(run(ryw)); x != y {
		t.Error("read_your_writes: two runs of one seed differ")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSessionsMultiLeader: a multi_leader write commits at the writer's
// local replica, so its session's reads there always see it: no read is
// forwarded and none is an own-write stale read, with read_your_writes or
// eventual, while other regions' writes still make reads stale.
func TestSessionsMultiLeader(t *testing.T) {
	for _, consistency := range []string{ReadYourWrites, ReadEventual} {
		dc := dataCase{
			regions: []string{"aws:us-east-1", "aws:eu-west-1"},
			set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationMultiLeader, ReadConsistency: consistency},
			origins: []Origin{
				{Name: "virginia", Location: "aws:us-east-1", RPS: 200, ReadRatio: ptr(0.5), Sessions: 2},
				{Name: "ireland", Location: "aws:eu-west-1", RPS: 200, ReadRatio: ptr(0.5), Sessions: 2},
			},
			keys: 10, reps: 2, dur: 12, warm: 2,
		}
		rep := runData(t, dc.model(5))
		sc := rep.Scenarios[0]
		if sc.Sessions.OwnWriteStaleReads.Mean != 0 || sc.Sessions.ForwardedReadRatio.Mean != 0 {
			t.Errorf("%s: own-write stale reads %v, forwarded %v; want 0 and 0", consistency, sc.Sessions.OwnWriteStaleReads.Mean, sc.Sessions.ForwardedReadRatio.Mean)
		}
		if sc.StaleReadRatio.Mean <= 0 {
			t.Errorf("%s: no stale reads from the other region's writes", consistency)
		}
	}
}

// TestSessionsCacheAndOutage: read_your_writes in front of an invalidate
// cache and through a leader outage runs, reads of a session's own recent
// keys skip the cache, and the baseline has no own-write stale read.
func TestSessionsCacheAndOutage(t *testing.T) {
	dc := dataCase{
		regions: []string{"aws:us-east-1", "aws:eu-west-1"},
		set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadYourWrites, PromotionDelayMs: 2000},
		origins: []Origin{{Name: "ireland", Location: "aws:eu-west-1", RPS: 300, ReadRatio: ptr(0.7), Sessions: 3}},
		keys:    30, reps: 2, dur: 12, warm: 2,
		faults: []Fault{{Type: FaultRegionOutage, Region: "r0", AtS: 5, DurationS: 3}},
	}
	m := dc.model(3)
	m.CacheTiers = []CacheTier{{Name: "hot", ReplicaSet: "db", Regions: []string{"r1"}, CapacityKeys: 30, TTLS: 60, WritePolicy: Invalidate}}
	rep := runData(t, m)
	base := rep.Scenarios[0]
	if base.Sessions == nil || base.Sessions.OwnWriteStaleReads.Mean != 0 {
		t.Fatalf("baseline own-write stale reads: %+v", base.Sessions)
	}
	if base.Sessions.ForwardedReadRatio.Mean <= 0 {
		t.Error("no read forwarded with 3 sessions writing 30 keys")
	}
	if len(rep.Scenarios) != 2 || rep.Scenarios[1].Sessions == nil {
		t.Fatal("no session figures in the outage scenario")
	}
	t.Logf("outage: own-write stale %v, forwarded %v, stale %v",
		rep.Scenarios[1].Sessions.OwnWriteStaleReadRatio.Mean, rep.Scenarios[1].Sessions.ForwardedReadRatio.Mean, rep.Scenarios[1].StaleReadRatio.Mean)
}

// TestSessionsSpanOperations: an origin's sessions are shared by its
// operations, so a read_your_writes read operation sees the writes its
// session made through the origin's write operation (the common case: an
// order written by one operation and read back by another). With a
// session store per operation the read operation would never find an own
// write: nothing forwarded, and the reads of one's own orders counted as
// other sessions' stale reads. An eventual read operation in the same
// model still counts own-write stale reads.
func TestSessionsSpanOperations(t *testing.T) {
	for _, consistency := range []string{ReadYourWrites, ReadEventual} {
		dc := dataCase{
			regions: []string{"aws:us-east-1", "aws:eu-west-1"},
			set:     ReplicaSet{Name: "db", Regions: []string{"r0", "r1"}, Leader: "r0", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual},
			origins: []Origin{{Name: "ireland", Location: "aws:eu-west-1", RPS: 300, Sessions: 3, Operations: []Operation{
				{Name: "place-order", Share: 0.4, ReplicaSet: "db", Kind: OperationWrite},
				{Name: "view-order", Share: 0.6, ReplicaSet: "db", Kind: OperationRead, ReadConsistency: consistency},
			}}},
			keys: 30, reps: 2, dur: 12, warm: 2,
		}
		m := dc.model(3)
		m.Workload.Origins[0].ReadRatio = nil
		rep := runData(t, m)
		sc := rep.Scenarios[0]
		if sc.Sessions == nil {
			t.Fatalf("%s: no session figures", consistency)
		}
		switch consistency {
		case ReadYourWrites:
			if sc.Sessions.OwnWriteStaleReads.Mean != 0 {
				t.Errorf("read_your_writes: %v own-write stale reads, want 0", sc.Sessions.OwnWriteStaleReads.Mean)
			}
			if sc.Sessions.ForwardedReadRatio.Mean <= 0 {
				t.Error("read_your_writes: no read forwarded, though 3 sessions write 30 keys through place-order")
			}
		case ReadEventual:
			if sc.Sessions.OwnWriteStaleReads.Mean <= 0 {
				t.Error("eventual: no own-write stale read, though view-order reads the keys its session wrote")
			}
		}
	}
}
