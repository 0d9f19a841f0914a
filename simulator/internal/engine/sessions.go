package engine

// Client sessions and read-your-writes.
//
// An origin with Sessions > 0 is a population of that many client sessions;
// each request belongs to one, drawn uniformly at random from the origin's
// own stream (ClassSessions), so a model without sessions draws nothing new
// and keeps its results. A session remembers its last SessionRing committed
// writes (key, version, set, commit time) in a ring: memory is per session,
// never per request. A read of key k in a session knows the newest version
// of k it wrote (own); it is an own-write stale read when the replica that
// serves it has applied less than own.
//
// With ReadYourWrites, a read whose local replica has not applied own (or,
// after the ring overwrote a write that some replica had still not applied,
// whose local replica still lags behind that write's commit: the barrier)
// is forwarded to the leader, which has every committed write: it costs the
// round trip from the serving region to the leader instead of the local
// leg, and it counts as a strong read. Every other read is served locally,
// so own-write stale reads are 0 by construction, while reads that miss
// other sessions' writes stay stale and counted.

import (
	"math"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/rng"
)

// SessionRing is how many recent committed writes one session remembers.
// A write falls out of the ring after 16 newer ones of the same session;
// if a replica has still not applied it then, the session's barrier keeps
// read_your_writes exact (see sessionWrote).
const SessionRing = 16

// sessionWriteBytes is the size of one ring entry (sessionWrite, padded).
const sessionWriteBytes = 24

// SessionBytes is the memory the sessions of one replication hold:
// the ring, its cursor and the barrier of every session.
func SessionBytes(sessions int) int64 {
	return int64(sessions) * (SessionRing*sessionWriteBytes + 1 + 8)
}

// sessionWrite is one committed write a session remembers.
type sessionWrite struct {
	at  float64 // commit time
	key int32
	ver uint32 // 0: empty slot
	set int16
}

// sessionStore holds every session of a replication and the per-set counts
// of their reads.
type sessionStore struct {
	on      bool
	ring    []sessionWrite // session s: ring[s*SessionRing : (s+1)*SessionRing]
	next    []uint8
	barrier []float64
	// Per replica set, measured reads only: own-write stale reads, and
	// reads forwarded to the leader by read_your_writes.
	ownStale, forwarded []int64
}

// SessionResult is what the sessions measured for one replica set in a
// replication.
type SessionResult struct {
	// OwnStaleReads counts the replica reads that returned a version older
	// than one the reading session had itself committed.
	OwnStaleReads int64
	// Forwarded counts the reads that read_your_writes sent to the leader
	// because the local replica had not applied the session's write.
	Forwarded int64
}

// resetSessions numbers the sessions of every origin with sessions and
// clears the rings; the origins have just been reset. The operations of
// one origin (Config.Parents) share its sessions, so that a session reads
// back, through one operation, what it wrote through another.
func (s *Sim) resetSessions(rep int) {
	total := 0
	var base map[int]int32 // parent origin -> its first session
	if s.cfg.Parents != nil {
		base = map[int]int32{}
	}
	for i := range s.origins {
		c := &s.cfg.Origins[i]
		o := &s.origins[i]
		o.sessBase, o.sessN, o.sessions = 0, 0, nil
		if c.Sessions <= 0 || o.set < 0 {
			continue
		}
		o.sessions = rng.Stream(s.cfg.Seed, rep, rng.NewComponent(rng.ClassSessions, i))
		o.sessN = int32(c.Sessions)
		if base != nil {
			parent := s.cfg.Parents[i]
			if b, ok := base[parent]; ok {
				o.sessBase = b
				continue
			}
			base[parent] = int32(total)
		}
		o.sessBase = int32(total)
		total += c.Sessions
	}
	ss := &s.sess
	ss.on = total > 0
	if !ss.on {
		return
	}
	if len(ss.next) != total {
		ss.ring = make([]sessionWrite, total*SessionRing)
		ss.next = make([]uint8, total)
		ss.barrier = make([]float64, total)
		ss.ownStale = make([]int64, len(s.sets))
		ss.forwarded = make([]int64, len(s.sets))
	}
	clear(ss.ring)
	clear(ss.next)
	for i := range ss.barrier {
		ss.barrier[i] = math.Inf(-1)
	}
	clear(ss.ownStale)
	clear(ss.forwarded)
}

// drawSession is the session of a new request of origin o, -1 without
// sessions.
func (s *Sim) drawSession(o *originState) int32 {
	if o.sessN == 0 {
		return -1
	}
	return o.sessBase + int32(o.sessions.IntN(int(o.sessN)))
}

// sessionWrote remembers a committed write in its session's ring. The
// entry it overwrites is dropped; if some replica has still not applied
// it, the session's barrier moves to its commit time, so that its reads go
// on avoiding replicas that lag behind it.
func (s *Sim) sessionWrote(now float64, st *setState, req int32) {
	d := &s.data[req]
	if !s.sess.on || d.session < 0 {
		return
	}
	ss := &s.sess
	base := int(d.session) * SessionRing
	slot := &ss.ring[base+int(ss.next[d.session])]
	if slot.ver > 0 {
		old := &s.sets[slot.set]
		for j := 0; j < old.n; j++ {
			if old.applied[old.keyIndex(j, slot.key)] < slot.ver {
				ss.barrier[d.session] = max(ss.barrier[d.session], slot.at)
				break
			}
		}
	}
	ver := d.ver
	if st.cfg.Mode == MultiLeader {
		// Versions count writes, and multi-leader replicas apply them in
		// different orders: the write's own mark is how many writes to
		// the key its accepting replica had then, which that replica
		// (the session's local one) always has from now on.
		ver = st.applied[st.keyIndex(int(d.replica), d.key)]
	}
	*slot = sessionWrite{at: now, key: d.key, ver: ver, set: d.set}
	ss.next[d.session] = uint8((int(ss.next[d.session]) + 1) % SessionRing)
}

// sessionRead sets d.own, the newest version of d.key of its set that the
// read's session committed, and says whether a read of consistency mode
// (the set's, or an operation's own) must be forwarded to the leader: with
// ReadYourWrites, when replica local may not have applied a write of the
// session (own, or one older than the barrier).
func (s *Sim) sessionRead(now float64, st *setState, d *dataReq, local int, mode ReadMode) (forward bool) {
	d.own = 0
	if !s.sess.on || d.session < 0 {
		return false
	}
	ss := &s.sess
	ring := ss.ring[int(d.session)*SessionRing : (int(d.session)+1)*SessionRing]
	for i := range ring {
		if e := &ring[i]; e.ver > d.own && e.key == d.key && e.set == d.set {
			d.own = e.ver
		}
	}
	if mode != ReadYourWrites || local < 0 {
		return false
	}
	if d.own > 0 && st.applied[st.keyIndex(local, d.key)] < d.own {
		return true
	}
	if b := ss.barrier[d.session]; b > math.Inf(-1) {
		if lag := s.lagAt(st, local, now); lag > 0 && now-lag <= b {
			return true
		}
	}
	return false
}

// sessionServed counts a replica read's own-write staleness at replica j.
func (s *Sim) sessionServed(st *setState, d *dataReq, j int) {
	if d.own > 0 && st.applied[st.keyIndex(j, d.key)] < d.own {
		s.sess.ownStale[d.set]++
	}
}

// summariseSessions returns the sessions' counts per replica set, nil
// without sessions.
func (s *Sim) summariseSessions() []SessionResult {
	if !s.sess.on {
		return nil
	}
	out := make([]SessionResult, len(s.sets))
	for i := range out {
		out[i] = SessionResult{OwnStaleReads: s.sess.ownStale[i], Forwarded: s.sess.forwarded[i]}
	}
	return out
}
