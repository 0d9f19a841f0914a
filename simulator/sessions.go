package simulator

import (
	"fmt"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// ReadYourWrites is the read consistency of sessions: a read is served by
// the origin's local replica unless the read's session committed a write
// to the key that this replica has not applied yet; such a read is
// forwarded to the leader (it pays the round trip from the serving region
// to the leader instead of the local leg). A session never reads older
// than its own writes; other sessions' writes may still be missing.
const ReadYourWrites = "read_your_writes"

const (
	// DefaultSessions is an origin's client sessions when its replica set
	// reads with read_your_writes and sessions is not set: 100. A
	// session's share of its origin's writes is 1/sessions, and so is,
	// roughly, the share of reads forwarded to the leader, so fewer
	// sessions is the conservative side for latency; 100 is the order of
	// concurrent users behind a regional population of a few hundred
	// requests per second. Set it to rps x session length / requests per
	// session for your clients.
	DefaultSessions = 100
	// MaxSessions bounds an origin's sessions: 1 000 000, about 400 MB of
	// session rings (engine.SessionBytes), within MaxStateBytes.
	MaxSessions = 1_000_000
)

// applySessionDefaults gives every origin whose replica set reads with
// read_your_writes DefaultSessions when it sets none. The origin's set is
// the one it names, else the first declared (as Check resolves it).
func applySessionDefaults(m *Model) {
	for i := range m.Workload.Origins {
		o := &m.Workload.Origins[i]
		if o.Sessions != 0 {
			continue
		}
		if readsYourWrites(m, *o) {
			o.Sessions = DefaultSessions
		}
	}
}

// readsYourWrites reports whether some read of origin o is
// read_your_writes: its replica set's consistency without operations,
// else an operation's own consistency or, without one, its set's.
func readsYourWrites(m *Model, o Origin) bool {
	if len(o.Operations) == 0 {
		rs := originReplicaSet(m, o)
		return rs != nil && rs.ReadConsistency == ReadYourWrites
	}
	for _, op := range o.Operations {
		if op.Kind != OperationRead {
			continue
		}
		if op.ReadConsistency != "" {
			if op.ReadConsistency == ReadYourWrites {
				return true
			}
			continue
		}
		for i := range m.ReplicaSets {
			rs := &m.ReplicaSets[i]
			if (op.ReplicaSet == "" || rs.Name == op.ReplicaSet) && rs.ReadConsistency == ReadYourWrites {
				return true
			}
			if op.ReplicaSet == "" {
				break
			}
		}
	}
	return false
}

// originReplicaSet is the replica set origin o uses, nil for none or an
// unknown name (Check reports it).
func originReplicaSet(m *Model, o Origin) *ReplicaSet {
	for i := range m.ReplicaSets {
		if o.ReplicaSet == "" || m.ReplicaSets[i].Name == o.ReplicaSet {
			return &m.ReplicaSets[i]
		}
	}
	return nil
}

// sessionBytes is the memory the sessions of one replication hold (see
// StateBytes): every origin's, even one without a replica set, so that
// the figure does not depend on which checks pass.
func sessionBytes(m Model) int64 {
	var b int64
	for _, o := range m.Workload.Origins {
		if o.Sessions > 0 && o.Sessions <= MaxSessions {
			b += engine.SessionBytes(o.Sessions)
		}
	}
	return b
}

// checkSessions checks each origin's sessions against its rule and warns
// when they cannot matter: an origin without a replica set.
func checkSessions(c *checker, m Model) {
	for i, o := range m.Workload.Origins {
		if o.Sessions == 0 {
			continue
		}
		at := fmt.Sprintf("workload.origins[%d].sessions", i)
		c.number(at, BoundAt("workload.origins[].sessions"), float64(o.Sessions))
		if len(m.ReplicaSets) == 0 {
			c.warnf(at, fmt.Sprintf("origin %s: sessions (%d) is ignored without a replica set", o.Label(), o.Sessions),
				"sessions only group reads and writes of a replica set; declare one, or remove sessions")
		}
	}
}

// refuseSessionBytes reports per-key and session state above
// MaxStateBytes, naming the sessions' part.
func refuseSessionBytes(c *checker, m Model, b int64) {
	c.errorf("workload.origins", fmt.Sprintf("the per-key and session state of one replication would take %s (%s of it for sessions), above the supported %s",
		bytesText(b), bytesText(sessionBytes(m)), bytesText(MaxStateBytes)),
		"every session keeps its last %d writes, %d bytes; lower the origins' sessions, workload.keys, or the number of regions, tiers and cache capacity_keys",
		engine.SessionRing, engine.SessionBytes(1))
}

// SessionRing is how many recent committed writes one session remembers
// (engine.SessionRing), for front-ends to document.
const SessionRing = engine.SessionRing

// SessionBytes is the memory n sessions hold in one replication, counted
// in StateBytes.
func SessionBytes(n int) int64 { return engine.SessionBytes(n) }
