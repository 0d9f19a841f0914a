package engine

// The data layer: replica sets, replication, failover and faults.
//
// A request whose origin uses a replica set, once served by its region, does
// one data operation on one replica of the set: a read, answered at once
// from the replica's state, or a write, which waits in a replica's apply
// queue (one applier per replica, exponential apply time: an M/M/1 queue)
// and is replicated to the other replicas as tasks. Everything lives in
// slabs with free lists (requests, tasks) and in flat per-key slices sized
// by the key space, so that memory depends on keys, replicas and what is in
// flight, never on the number of requests simulated, and no event
// allocates once the slabs have grown.
//
// Versions are counts: committed[k] is how many writes to key k have been
// committed, applied[r][k] how many of them replica r has applied. A read
// at r is stale when applied[r][k] < committed[k] at the read instant:
// some committed write to k is not visible there. Every link between two
// replicas is FIFO (a TCP stream), and every apply queue too, so a replica
// applies the leader's writes in log order: its applied writes are a
// prefix of the log, which is what makes "most up-to-date" a single number
// (the highest log sequence number, LSN, delivered) and what makes a
// majority quorum lose nothing at an election.

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// Mode is a replica set's replication mode.
type Mode uint8

// Replication modes.
const (
	// AsyncPrimary commits at the leader's apply and replicates after.
	AsyncPrimary Mode = iota
	// SyncQuorum commits when Quorum replicas (leader included) applied.
	SyncQuorum
	// MultiLeader commits at the accepting replica and replicates after.
	MultiLeader
)

// ReadMode is a replica set's read consistency.
type ReadMode uint8

// Read consistency levels.
const (
	// ReadStrong reads from the leader, which is never stale.
	ReadStrong ReadMode = iota
	// ReadBounded reads from the origin's replica when its lag is within
	// the bound, else from the leader.
	ReadBounded
	// ReadEventual reads from the origin's replica.
	ReadEventual
)

// MaxReplicas bounds the replicas of one set (replica indices are bytes).
const MaxReplicas = 64

// MaxBacklog bounds the writes waiting in one replica's apply queue and
// those sent on one link and not yet applied. A stable replica set stays
// far below it (at 10 000 writes/s and 300 ms of lag: 3 000); reaching it
// means a replica applies slower than writes arrive, and the replication
// stops with ErrReplicationBacklog rather than exhausting memory.
const MaxBacklog = 1 << 16

// ringMask indexes the commit-time ring of a sync_quorum set, which holds
// the commit times of the last MaxBacklog LSNs: the backlog bound
// guarantees that no LSN still being applied somewhere is older.
const ringMask = MaxBacklog - 1

// ErrReplicationBacklog reports that a replica set's backlog exceeded
// MaxBacklog writes.
var ErrReplicationBacklog = errors.New("replication backlog exceeded")

// ReplicaSet is a compiled replica set. Times are in milliseconds.
type ReplicaSet struct {
	Mode Mode
	Read ReadMode
	// Regions[i] is the index of the region holding replica i.
	Regions []int
	// Leader is the replica that leads at the start.
	Leader int
	// Quorum is, for SyncQuorum, the replicas (leader included) that must
	// apply a write before it commits.
	Quorum int
	// StalenessMs is the ReadBounded bound on a replica's lag.
	StalenessMs float64
	// ApplyMs is the mean (exponential) time one replica takes to apply one
	// write.
	ApplyMs float64
	// FailoverMs is how long after losing its leader the set elects
	// (SyncQuorum) or promotes (AsyncPrimary) a new one.
	FailoverMs float64
	// CRDT makes MultiLeader conflicts merges instead of lost updates.
	CRDT bool
	// Links[i*n+j] is the one-way leg from replica i to replica j.
	Links []variate.OneWay
	// RTT[i*n+j] is the median round trip between replicas i and j, which
	// breaks ties between equally up-to-date candidates at an election.
	RTT []float64
	// Sigma is the links' jitter log-sd.
	Sigma float64
}

// Interval is a time interval [Start, End).
type Interval struct{ Start, End float64 }

// Transition is a region going down or coming back up.
type Transition struct {
	At     float64
	Region int
	Down   bool
}

// SetResult is what one replica set measured in a replication. Counts are
// of events after warm-up.
type SetResult struct {
	// Commit is the latency from a write reaching its leader (or accepting
	// replica) to its commit.
	Commit Latency
	// Lag holds, per replica in config order, the p50, p99 and max lag of
	// the writes it applied as a follower (NaN when it applied none).
	Lag []Lag
	// Reads and StaleReads count non-strong reads served by a replica and
	// those that returned an older version than the last committed one.
	// StrongReads are served by the leader and never stale.
	Reads, StaleReads, StrongReads int64
	// Committed counts committed writes; Conflicts those that committed
	// while a concurrent write to the same key was not yet applied at the
	// accepting replica (MultiLeader), LostUpdates and Merges how they were
	// resolved.
	Committed, Conflicts, LostUpdates, Merges int64
	// LostWrites counts committed writes lost at failovers; RPOMs is the
	// largest commit-time span of the writes lost at one failover.
	LostWrites int64
	RPOMs      float64
	// UnavailableMs is the time in [warm-up, duration) during which the set
	// could not commit writes (no leader, or fewer live replicas than the
	// quorum).
	UnavailableMs float64
	// Failovers counts leader changes.
	Failovers int64
	// SplitBrainWrites counts writes an async_primary leader, cut off from
	// every follower by partitions and replaced, kept accepting from the
	// clients of its own region (discarded when the partition heals).
	SplitBrainWrites int64
}

// Lag summarises one replica's replication lag, in milliseconds.
type Lag struct {
	P50, P99, Max float64
	N             int64
}

// Task flags.
const (
	// taskLocal: the write's own apply at the replica that accepted it.
	taskLocal uint8 = 1 << iota
	// taskDelivered: the task reached its replica (is in its apply queue).
	taskDelivered
	// taskMeasured: the write was issued after warm-up.
	taskMeasured
)

// task is one write to apply on one replica, 64 bytes.
type task struct {
	// commit is the write's commit time (AsyncPrimary, MultiLeader remote
	// tasks); sent is when the task, or its ack, was put on a link.
	commit, sent float64
	lsn          uint64
	// req is the request waiting for this apply (local tasks), else -1.
	req int32
	key int32
	// next links the task in its replica's apply queue, or the free list;
	// lnext in its link's list of unapplied tasks.
	next, lnext int32
	ver         uint32
	epoch       uint32
	gen         uint32
	set         uint16
	src, dst    uint8
	flags       uint8
}

// dataReq is the data-layer state of one request, parallel to its slot.
type dataReq struct {
	lsn uint64 // SyncQuorum: the write's LSN until it commits, then 0
	t   float64
	key int32
	ver uint32
	// epoch is the set's leadership epoch when the request picked its
	// replica: a write that reaches a replica that no longer leads fails.
	epoch   uint32
	set     int16
	replica int16
	acks    int16
	strong  bool
	// split: a write accepted by a deposed, partitioned leader.
	split bool
}

// replicaState is one replica's apply queue, state and statistics.
type replicaState struct {
	region int32
	busy   bool
	// cur is the task being applied, -1 when idle.
	cur, head, tail int32
	queued          int
	// gen counts the replica's outages: a task enqueued before one is
	// dropped instead of applied.
	gen uint32
	// received is the highest LSN of the leader's log delivered here.
	received uint64
	rng      *rand.Rand
	lag      *stats.Sketch
	lagN     int64
	lagMax   float64
}

// linkState is the FIFO link from one replica to another.
type linkState struct {
	// last is the arrival time of the last message: nothing overtakes it.
	last float64
	// head, tail list the tasks sent and not yet applied or dropped,
	// oldest first; pending counts them.
	head, tail int32
	pending    int
	// Tasks dropped since the destination last resynchronised, for the
	// lost-write count at a promotion.
	drops                int64
	dropMinLSN, dropMaxL uint64
	dropMinT, dropMaxT   float64
}

// setState is one replica set in a replication.
type setState struct {
	cfg *ReplicaSet
	n   int
	// leader is the current leader, -1 while there is none; oldLeader the
	// one lost last.
	leader, oldLeader int
	epoch             uint32
	live              int
	electPending      bool
	electAt           float64
	committed, logVer []uint32
	applied           []uint32 // replica-major: applied[r*keys+k]
	reps              []replicaState
	links             []linkState // links[src*n+dst]
	jitter            variate.Jitter
	// lsn is the last LSN the leader assigned; commitLSN the last committed.
	lsn, commitLSN uint64
	ring           []float64
	// writesDown is whether writes cannot commit now, since downSince.
	writesDown bool
	downSince  float64
	// inval lists the cache tiers of this set whose write policy is
	// invalidate: every commit sends them invalidations.
	inval []int32

	commit                                 *stats.Sketch
	commitSum                              float64
	commitN                                int64
	reads, stale, strong                   int64
	committedW, conflicts, lostUpd, merges int64
	lost, failovers, splitBrain            int64
	// isolated is the leader that partitions cut off from every other
	// replica (-1 for none), whose replacement is under way or done;
	// split is that old leader once replaced, while it still accepts its
	// region's writes (async_primary).
	isolated, split int
	rpo, unavailMs  float64
}

// keyIndex is where replica r's version of key k lives in applied.
func (st *setState) keyIndex(r int, k int32) int { return r*len(st.committed) + int(k) }

// newSetState allocates a set's buffers once per Sim.
func newSetState(cfg *ReplicaSet, keys int) setState {
	n := len(cfg.Regions)
	st := setState{
		cfg:       cfg,
		n:         n,
		committed: make([]uint32, keys),
		applied:   make([]uint32, n*keys),
		reps:      make([]replicaState, n),
		links:     make([]linkState, n*n),
		commit:    stats.NewSketch(),
	}
	if cfg.Mode == SyncQuorum {
		st.logVer = make([]uint32, keys)
		st.ring = make([]float64, MaxBacklog)
	}
	for j := range st.reps {
		st.reps[j].lag = stats.NewSketch()
	}
	return st
}

// resetSets prepares the sets for a replication: initial leader, empty
// queues, zero versions and statistics, fresh streams.
func (s *Sim) resetSets(rep int, streams func(class uint32, index int) *rand.Rand, classApply, classRepl uint32) {
	global := 0
	for si := range s.sets {
		st := &s.sets[si]
		c := st.cfg
		clear(st.committed)
		clear(st.logVer)
		clear(st.applied)
		clear(st.ring)
		for j := range st.links {
			st.links[j] = linkState{head: -1, tail: -1}
		}
		st.leader, st.oldLeader = c.Leader, c.Leader
		st.epoch, st.live = 0, st.n
		st.electPending, st.electAt = false, 0
		st.isolated, st.split, st.splitBrain = -1, -1, 0
		st.lsn, st.commitLSN = 0, 0
		st.writesDown, st.downSince = false, 0
		st.commit.Clear()
		st.commitSum, st.commitN = 0, 0
		st.reads, st.stale, st.strong = 0, 0, 0
		st.committedW, st.conflicts, st.lostUpd, st.merges = 0, 0, 0, 0
		st.lost, st.failovers, st.rpo, st.unavailMs = 0, 0, 0, 0
		st.jitter.Reset(c.Sigma, streams(classRepl, si))
		for j := range st.reps {
			rp := &st.reps[j]
			lag := rp.lag
			lag.Clear()
			*rp = replicaState{
				region: int32(c.Regions[j]), cur: -1, head: -1, tail: -1,
				rng: streams(classApply, global), lag: lag, lagMax: math.NaN(),
			}
			global++
		}
	}
}

// cut reports whether region g was down at some instant of [from, to]: a
// message sent to or from it at from and due at to is then lost. A region
// outage cuts the region off, its egress included, so a message still on
// the wire when it starts is lost too.
func (s *Sim) cut(g int32, from, to float64) bool {
	for _, iv := range s.cfg.Outages[g] {
		if iv.Start <= to && iv.End > from {
			return true
		}
	}
	return false
}

// fail ends a request that cannot complete: it counts as measured and not
// succeeded, and its slot is freed.
//
// With a routing policy the attempt is lost: the client notices at its
// timeout (see attemptLost).
func (s *Sim) fail(id int32) {
	if s.routed {
		s.attemptLost(s.now, id, false)
		return
	}
	s.release(id)
}

// failFast ends a request whose region answers an error (a full queue, no
// leader or quorum): without a routing policy the same as fail; with one
// the client learns of it when the error response gets back, and may retry.
func (s *Sim) failFast(id int32) {
	if s.routed {
		s.attemptLost(s.now, id, true)
		return
	}
	s.release(id)
}

// drawOp picks a new request's operation and key from its origin's stream.
func (s *Sim) drawOp(id int32, o *originState) {
	if o.keys.Float64() >= o.readRatio {
		s.reqs[id].flags |= isWrite
	}
	d := &s.data[id]
	*d = dataReq{key: s.cfg.Keys.Draw(o.keys), set: int16(o.set), replica: -1}
}

// startData sends request id, just served by its region at now, to the
// replica its operation needs.
func (s *Sim) startData(now float64, id int32, o *originState) {
	st := &s.sets[o.set]
	c := st.cfg
	r := &s.reqs[id]
	d := &s.data[id]
	rt := s.routeOf(r)
	target := int(rt.local)
	if r.flags&isWrite == 0 {
		if rt.cache >= 0 && s.cacheRead(now, id, rt.cache) {
			return
		}
		switch c.Read {
		case ReadStrong:
			target = s.readLeader(st)
			d.strong = true
		case ReadBounded:
			if s.lagAt(st, int(rt.local), now) > c.StalenessMs {
				target = s.readLeader(st)
				d.strong = true
			}
		}
	} else if st.split >= 0 && st.reps[st.split].region == r.region {
		// The clients of a deposed leader's region still see it as the
		// leader: it accepts their writes (split-brain).
		target = st.split
		d.split = true
	} else if c.Mode != MultiLeader {
		target = st.leader
		if target >= 0 && c.Mode == SyncQuorum && st.live < c.Quorum {
			// The leader knows it has lost its quorum and fails the write
			// fast instead of holding it.
			target = -1
		}
	}
	if target < 0 {
		s.failFast(id) // no leader, or no quorum: the region answers an error
		return
	}
	d.replica = int16(target)
	d.epoch = st.epoch
	r.arrived = now // the data leg's send time, for the fault check
	delay := rt.data[target].Draw(&o.dataJitter)
	if s.regionFaulty {
		delay += s.regionSpike(r.region, st.reps[target].region, now)
	}
	s.cal.Schedule(now+delay, evDataArrive, id)
}

// readLeader is the replica serving strong reads: the leader, or for
// MultiLeader the configured one; -1 when there is none.
func (s *Sim) readLeader(st *setState) int {
	if st.cfg.Mode == MultiLeader {
		return st.cfg.Leader
	}
	return st.leader
}

// lagAt is replica j's current replication lag: how long ago the oldest
// committed write it has not applied was committed (0 when it has them
// all). Links are FIFO, so that write heads one of its incoming links.
func (s *Sim) lagAt(st *setState, j int, now float64) float64 {
	worst := 0.0
	for i := 0; i < st.n; i++ {
		l := &st.links[i*st.n+j]
		if i == j || l.head < 0 {
			continue
		}
		if c := st.commitTimeOfTask(&s.tasks[l.head]); c <= now && now-c > worst {
			worst = now - c
		}
	}
	return worst
}

// commitTimeOfTask is a replicated task's write's commit time; +Inf while
// a SyncQuorum write is not committed.
func (st *setState) commitTimeOfTask(t *task) float64 {
	if st.cfg.Mode == SyncQuorum {
		if t.lsn > st.commitLSN {
			return math.Inf(1)
		}
		return st.ring[t.lsn&ringMask]
	}
	return t.commit
}

// dataArrive handles a request's data operation reaching its replica.
func (s *Sim) dataArrive(now float64, id int32) {
	r := &s.reqs[id]
	d := &s.data[id]
	st := &s.sets[d.set]
	j := int(d.replica)
	h := st.reps[j].region
	if (s.faulty && (s.cut(r.region, r.arrived, now) || s.cut(h, r.arrived, now))) ||
		(s.regionFaulty && s.regionCut(r.region, h, r.arrived, now)) {
		s.fail(id)
		return
	}
	measured := r.flags&measuredOrigin != 0
	if r.flags&isWrite == 0 {
		// The version read, which fills a cache on a miss.
		d.ver = st.applied[st.keyIndex(j, d.key)]
		if measured {
			if d.strong {
				st.strong++
			} else {
				st.reads++
				k := d.key
				if st.applied[st.keyIndex(j, k)] < st.committed[k] {
					st.stale++
				}
			}
		}
		s.dataBack(now, id)
		return
	}
	c := st.cfg
	if d.split {
		if j != st.split {
			s.fail(id) // the partition healed on the way: it is a follower again
			return
		}
		// Acknowledged to the client, never replicated, discarded at the
		// heal: a divergent write.
		if measured {
			st.splitBrain++
		}
		s.dataBack(now, id)
		return
	}
	if c.Mode != MultiLeader && (j != st.leader || d.epoch != st.epoch) {
		s.fail(id) // leadership moved while the write was on its way
		return
	}
	d.t = now
	tid, ok := s.allocTask()
	if !ok {
		return
	}
	t := &s.tasks[tid]
	*t = task{req: id, key: d.key, next: -1, lnext: -1, set: uint16(d.set), src: uint8(j), dst: uint8(j), flags: taskLocal, epoch: st.epoch}
	if measured {
		t.flags |= taskMeasured
	}
	if c.Mode == SyncQuorum {
		if st.live < c.Quorum {
			s.releaseTask(tid)
			s.fail(id)
			return
		}
		st.lsn++
		st.logVer[d.key]++
		d.lsn, d.ver, d.acks = st.lsn, st.logVer[d.key], 0
		t.lsn, t.ver = d.lsn, d.ver
		st.ring[t.lsn&ringMask] = math.Inf(1)
		st.reps[j].received = t.lsn
		// Copies: replicate may grow the task slab and move t.
		set, lsn, key, ver, measured := t.set, t.lsn, t.key, t.ver, t.flags&taskMeasured
		// Raft-like: the leader appends and sends to every follower at
		// once; its own apply is one of the quorum's acknowledgements.
		for k := 0; k < st.n; k++ {
			if k != j {
				s.replicate(now, st, set, j, k, id, lsn, key, ver, now, measured)
			}
		}
	}
	s.enqueue(now, st, j, tid)
}

// dataBack sends a request's data response from its replica back to its
// serving region.
func (s *Sim) dataBack(now float64, id int32) {
	r := &s.reqs[id]
	o := &s.origins[r.origin]
	r.arrived = now
	d := &s.data[id]
	delay := s.routeOf(r).data[d.replica].Draw(&o.dataJitter)
	if s.regionFaulty {
		delay += s.regionSpike(s.sets[d.set].reps[d.replica].region, r.region, now)
	}
	s.cal.Schedule(now+delay, evDataBack, id)
}

// dataReturn handles a data response reaching the serving region, which
// then answers the client.
func (s *Sim) dataReturn(now float64, id int32) {
	r := &s.reqs[id]
	if s.faulty || s.regionFaulty {
		d := &s.data[id]
		h := s.sets[d.set].reps[d.replica].region
		if (s.faulty && (s.cut(r.region, r.arrived, now) || s.cut(h, r.arrived, now))) ||
			(s.regionFaulty && s.regionCut(h, r.region, r.arrived, now)) {
			s.fail(id)
			return
		}
	}
	o := &s.origins[r.origin]
	if c := s.routeOf(r).cache; c >= 0 {
		s.cacheFill(now, id, c)
	}
	s.respond(now, id, r, o)
}

// replicate sends a write from replica src to replica dst on their FIFO
// link; req is the request a SyncQuorum write's acknowledgement counts
// for (-1 otherwise). A replica that is down gets nothing: it resynchronises when it
// comes back.
func (s *Sim) replicate(now float64, st *setState, set uint16, src, dst int, req int32, lsn uint64, key int32, ver uint32, commit float64, measured uint8) {
	if s.faulty && !s.up[st.reps[dst].region] {
		return
	}
	l := &st.links[src*st.n+dst]
	if l.pending >= MaxBacklog {
		s.backlogError(now, st, dst)
		return
	}
	tid, ok := s.allocTask()
	if !ok {
		return
	}
	t := &s.tasks[tid]
	*t = task{commit: commit, sent: now, lsn: lsn, req: req, key: key, next: -1, lnext: -1, ver: ver, epoch: st.epoch, set: set, src: uint8(src), dst: uint8(dst), flags: measured}
	if l.tail < 0 {
		l.head = tid
	} else {
		s.tasks[l.tail].lnext = tid
	}
	l.tail = tid
	l.pending++
	leave := now
	if s.regionFaulty {
		// Across a partition the message waits for it to heal; the
		// task is then sent at the heal, or lost with one that never does.
		if leave = s.regionHeld(st.reps[src].region, st.reps[dst].region, now); leave > now {
			if math.IsInf(leave, 1) {
				leave = now // delivered into the cut: repArrive drops it
			} else {
				t.sent = leave
			}
		}
	}
	at := leave + st.cfg.Links[src*st.n+dst].Draw(&st.jitter)
	if at < l.last {
		at = l.last
	}
	l.last = at
	s.cal.Schedule(at, evRepArrive, tid)
}

// unlink removes a task from its link's list of unapplied tasks. Links and
// apply queues are FIFO, so it is the head; the scan is a safety net.
func (st *setState) unlink(tasks []task, tid int32) {
	t := &tasks[tid]
	l := &st.links[int(t.src)*st.n+int(t.dst)]
	prev := int32(-1)
	for cur := l.head; cur >= 0; prev, cur = cur, tasks[cur].lnext {
		if cur != tid {
			continue
		}
		if prev < 0 {
			l.head = t.lnext
		} else {
			tasks[prev].lnext = t.lnext
		}
		if l.tail == tid {
			l.tail = prev
		}
		l.pending--
		t.lnext = -1
		return
	}
}

// repArrive handles a replicated write reaching its replica.
func (s *Sim) repArrive(now float64, tid int32) {
	t := &s.tasks[tid]
	st := &s.sets[t.set]
	if s.regionFaulty && st.cfg.Mode != MultiLeader && t.epoch != st.epoch {
		// Sent by a leader deposed since, and held by a partition until
		// now: the new leader's state supersedes it.
		st.unlink(s.tasks, tid)
		s.releaseTask(tid)
		return
	}
	if (s.faulty && (s.cut(st.reps[t.src].region, t.sent, now) || s.cut(st.reps[t.dst].region, t.sent, now))) ||
		(s.regionFaulty && s.regionCut(st.reps[t.src].region, st.reps[t.dst].region, t.sent, now)) {
		l := &st.links[int(t.src)*st.n+int(t.dst)]
		c := t.commit
		if st.cfg.Mode == SyncQuorum {
			c = t.sent
		}
		if l.drops == 0 {
			l.dropMinLSN, l.dropMinT = t.lsn, c
		}
		l.drops++
		l.dropMaxL, l.dropMaxT = t.lsn, c
		st.unlink(s.tasks, tid)
		s.releaseTask(tid)
		return
	}
	t.flags |= taskDelivered
	if st.cfg.Mode != MultiLeader && t.lsn > st.reps[t.dst].received {
		st.reps[t.dst].received = t.lsn
	}
	s.enqueue(now, st, int(t.dst), tid)
}

// enqueue puts a task in replica j's apply queue.
func (s *Sim) enqueue(now float64, st *setState, j int, tid int32) {
	rp := &st.reps[j]
	t := &s.tasks[tid]
	t.gen = rp.gen
	if !rp.busy {
		rp.busy, rp.cur = true, tid
		s.cal.Schedule(now+rp.rng.ExpFloat64()*st.cfg.ApplyMs, evApplyDone, tid)
		return
	}
	if rp.queued >= MaxBacklog {
		s.backlogError(now, st, j)
		return
	}
	t.next = -1
	if rp.tail < 0 {
		rp.head = tid
	} else {
		s.tasks[rp.tail].next = tid
	}
	rp.tail = tid
	rp.queued++
}

// backlogError stops the replication: a replica cannot keep up.
func (s *Sim) backlogError(now float64, st *setState, j int) {
	if s.err == nil {
		s.err = fmt.Errorf("%w: a replica (region index %d) has %d writes waiting at t = %.3f s; writes arrive faster than it applies them (1000 / apply_time_ms = %.4g writes/s)",
			ErrReplicationBacklog, st.reps[j].region, MaxBacklog, now/1000, 1000/st.cfg.ApplyMs)
	}
}

// applyDone handles a replica finishing the apply of a task.
func (s *Sim) applyDone(now float64, tid int32) {
	t := &s.tasks[tid]
	st := &s.sets[t.set]
	j := int(t.dst)
	rp := &st.reps[j]
	// The applier takes the next task first, so that what follows can
	// enqueue more without reordering.
	if rp.queued > 0 {
		nid := rp.head
		rp.head = s.tasks[nid].next
		if rp.head < 0 {
			rp.tail = -1
		}
		rp.queued--
		rp.cur = nid
		s.cal.Schedule(now+rp.rng.ExpFloat64()*st.cfg.ApplyMs, evApplyDone, nid)
	} else {
		rp.busy, rp.cur = false, -1
	}
	if t.gen != rp.gen {
		s.dropTask(st, tid) // the replica went down while this waited
		return
	}
	if t.flags&taskLocal != 0 {
		s.applyLocal(now, st, tid)
		return
	}
	s.applyRemote(now, st, tid)
}

// dropTask discards a task that will never be applied, failing the request
// waiting on it.
func (s *Sim) dropTask(st *setState, tid int32) {
	t := &s.tasks[tid]
	if t.flags&taskLocal != 0 {
		switch {
		case t.req < 0:
		case st.cfg.Mode != SyncQuorum:
			s.fail(t.req)
		case s.data[t.req].lsn == t.lsn && t.lsn != 0:
			// A SyncQuorum write may have committed on its followers'
			// acknowledgements before its leader's own apply: only a
			// write still pending fails here.
			s.data[t.req].lsn = 0
			s.fail(t.req)
		}
	} else {
		st.unlink(s.tasks, tid)
	}
	s.releaseTask(tid)
}

// applyLocal applies a write at the replica that accepted it.
func (s *Sim) applyLocal(now float64, st *setState, tid int32) {
	t := &s.tasks[tid]
	j := int(t.dst)
	k := t.key
	measured := t.flags & taskMeasured
	req := t.req
	set := t.set
	switch st.cfg.Mode {
	case SyncQuorum:
		ki := st.keyIndex(j, k)
		st.applied[ki] = max(st.applied[ki], t.ver)
		lsn, current := t.lsn, t.epoch == st.epoch && j == st.leader
		s.releaseTask(tid)
		if current {
			s.ack(now, st, req, lsn)
		}
	case AsyncPrimary:
		s.releaseTask(tid)
		if j != st.leader {
			// Deposed while the write waited: it never commits.
			s.fail(req)
			return
		}
		st.lsn++
		st.committed[k]++
		ver := st.committed[k]
		st.applied[st.keyIndex(j, k)] = ver
		st.reps[j].received = st.lsn
		st.commitLSN = st.lsn
		s.data[req].ver = ver
		if st.inval != nil {
			s.invalidate(now, st, j, k)
		}
		s.committedWrite(now, st, req, measured != 0)
		for f := 0; f < st.n; f++ {
			if f != j {
				s.replicate(now, st, set, j, f, -1, st.lsn, k, ver, now, measured)
			}
		}
		s.dataBack(now, req)
	case MultiLeader:
		s.releaseTask(tid)
		ki := st.keyIndex(j, k)
		// A committed write to k not yet applied here is concurrent with
		// this one: neither saw the other.
		if measured != 0 && st.applied[ki] < st.committed[k] {
			st.conflicts++
			if st.cfg.CRDT {
				st.merges++
			} else {
				st.lostUpd++
			}
		}
		st.committed[k]++
		st.applied[ki]++
		s.data[req].ver = st.committed[k]
		if st.inval != nil {
			s.invalidate(now, st, j, k)
		}
		s.committedWrite(now, st, req, measured != 0)
		for f := 0; f < st.n; f++ {
			if f != j {
				s.replicate(now, st, set, j, f, -1, 0, k, 0, now, measured)
			}
		}
		s.dataBack(now, req)
	}
}

// committedWrite records a commit's statistics.
func (s *Sim) committedWrite(now float64, st *setState, req int32, measured bool) {
	if !measured {
		return
	}
	lat := now - s.data[req].t
	st.committedW++
	st.commitSum += lat
	st.commitN++
	st.commit.Add(lat)
}

// applyRemote applies a replicated write at a follower.
func (s *Sim) applyRemote(now float64, st *setState, tid int32) {
	t := &s.tasks[tid]
	j := int(t.dst)
	ki := st.keyIndex(j, t.key)
	st.unlink(s.tasks, tid)
	commit := st.commitTimeOfTask(t)
	if st.cfg.Mode == MultiLeader {
		st.applied[ki]++
	} else {
		st.applied[ki] = max(st.applied[ki], t.ver)
	}
	if t.flags&taskMeasured != 0 {
		// A SyncQuorum follower that applies before the commit is part of
		// the quorum (or just as fast): no lag.
		lag := 0.0
		if !math.IsInf(commit, 1) {
			lag = max(now-commit, 0)
		}
		rp := &st.reps[j]
		rp.lag.Add(lag)
		rp.lagN++
		if !(lag <= rp.lagMax) {
			rp.lagMax = lag
		}
	}
	if st.cfg.Mode != SyncQuorum {
		s.releaseTask(tid)
		return
	}
	// The follower acknowledges to the leader that sent the write.
	l := &st.links[int(t.dst)*st.n+int(t.src)]
	leave := now
	if s.regionFaulty {
		if leave = s.regionHeld(st.reps[t.dst].region, st.reps[t.src].region, now); math.IsInf(leave, 1) {
			leave = now // into a partition that never heals: ackArrive drops it
		}
	}
	at := leave + st.cfg.Links[int(t.dst)*st.n+int(t.src)].Draw(&st.jitter)
	if at < l.last {
		at = l.last
	}
	l.last = at
	t.sent = leave
	s.cal.Schedule(at, evAck, tid)
}

// ackArrive handles a follower's acknowledgement reaching the leader.
func (s *Sim) ackArrive(now float64, tid int32) {
	t := &s.tasks[tid]
	st := &s.sets[t.set]
	req, lsn := t.req, t.lsn
	ok := t.epoch == st.epoch && int(t.src) == st.leader
	if ok && s.faulty {
		ok = !s.cut(st.reps[t.src].region, t.sent, now) && !s.cut(st.reps[t.dst].region, t.sent, now)
	}
	if ok && s.regionFaulty {
		ok = !s.regionCut(st.reps[t.src].region, st.reps[t.dst].region, t.sent, now)
	}
	s.releaseTask(tid)
	if ok {
		s.ack(now, st, req, lsn)
	}
}

// ack counts one replica's acknowledgement of a SyncQuorum write and
// commits it at the quorum. Acknowledgements of a committed write, or of a
// slot reused since, are ignored (its LSN no longer matches).
func (s *Sim) ack(now float64, st *setState, req int32, lsn uint64) {
	if req < 0 {
		return
	}
	d := &s.data[req]
	if d.lsn != lsn || lsn == 0 || &s.sets[d.set] != st {
		return
	}
	d.acks++
	if int(d.acks) < st.cfg.Quorum {
		return
	}
	d.lsn = 0
	st.committed[d.key] = max(st.committed[d.key], d.ver)
	if lsn > st.commitLSN {
		st.commitLSN = lsn
	}
	st.ring[lsn&ringMask] = now
	if st.inval != nil {
		s.invalidate(now, st, st.leader, d.key)
	}
	s.committedWrite(now, st, req, s.reqs[req].flags&measuredOrigin != 0)
	s.dataBack(now, req)
}

// allocTask takes a free task slot; at the bound it stops the replication.
func (s *Sim) allocTask() (int32, bool) {
	if id := s.tfree; id >= 0 {
		s.tfree = s.tasks[id].next
		return id, true
	}
	if len(s.tasks) > maxTasks {
		if s.err == nil {
			s.err = fmt.Errorf("%w: more than %d replication tasks alive", ErrReplicationBacklog, maxTasks)
		}
		return -1, false
	}
	s.tasks = append(s.tasks, task{})
	return int32(len(s.tasks) - 1), true
}

// maxTasks keeps task IDs within what an event carries.
const maxTasks = 1<<24 - 2

// releaseTask returns a task slot to the free list.
func (s *Sim) releaseTask(id int32) {
	s.tasks[id].next = s.tfree
	s.tfree = id
}

// fault applies a region going down or coming back.
func (s *Sim) fault(now float64, tr Transition) {
	g := int32(tr.Region)
	s.up[g] = !tr.Down
	for si := range s.sets {
		st := &s.sets[si]
		for j := range st.reps {
			if st.reps[j].region != g {
				continue
			}
			if tr.Down {
				s.replicaDown(now, st, j)
			} else {
				s.replicaUp(now, st, j)
			}
		}
		s.updateAvailability(now, st)
	}
}

// replicaDown stops a replica: its queue is dropped, and a lost leader
// starts the failover clock.
func (s *Sim) replicaDown(now float64, st *setState, j int) {
	rp := &st.reps[j]
	st.live--
	rp.gen++
	for tid := rp.head; tid >= 0; {
		next := s.tasks[tid].next
		s.dropTask(st, tid)
		tid = next
	}
	rp.head, rp.tail, rp.queued = -1, -1, 0
	if st.cfg.Mode != MultiLeader && st.leader == j {
		st.oldLeader = j
		st.leader = -1
		st.electPending = true
		st.electAt = now + st.cfg.FailoverMs
		s.cal.Schedule(st.electAt, evElect, int32(s.setIndex(st)))
	}
}

// setIndex is st's index in s.sets.
func (s *Sim) setIndex(st *setState) int {
	for i := range s.sets {
		if &s.sets[i] == st {
			return i
		}
	}
	return 0
}

// replicaUp brings a replica back. A leader that comes back before its
// successor is chosen simply resumes (it was unreachable, not wiped);
// otherwise the replica rejoins as a follower, resynchronised from the
// committed state (a snapshot, modelled as instantaneous: what it had and
// nobody else did is discarded, and already counted as lost).
func (s *Sim) replicaUp(now float64, st *setState, j int) {
	st.live++
	keys := len(st.committed)
	if st.leader < 0 && st.electPending && st.oldLeader == j {
		st.electPending = false
		st.leader = j
		// What it sent during its outage was lost on the wire: the live
		// followers catch up (a resync, modelled as instantaneous).
		for f := 0; f < st.n; f++ {
			if f != j && s.up[st.reps[f].region] {
				a := st.applied[f*keys : (f+1)*keys]
				for k := range a {
					a[k] = max(a[k], st.committed[k])
				}
				st.reps[f].received = max(st.reps[f].received, st.commitLSN)
			}
		}
		return
	}
	copy(st.applied[j*keys:(j+1)*keys], st.committed)
	st.reps[j].received = st.lsn
	for i := 0; i < st.n; i++ {
		st.links[i*st.n+j].drops = 0
	}
	if st.leader < 0 && !st.electPending {
		// A set that could not elect (no quorum) tries again.
		st.electPending = true
		st.electAt = now + st.cfg.FailoverMs
		s.cal.Schedule(st.electAt, evElect, int32(s.setIndex(st)))
	}
}

// elect chooses a new leader among the live replicas: the most up-to-date
// (highest LSN delivered), then the nearest to the old leader, then the
// first declared. AsyncPrimary writes committed at the old leader that
// never reached the new one are lost.
func (s *Sim) elect(now float64, si int) {
	st := &s.sets[si]
	if !st.electPending || now != st.electAt {
		return // cancelled, or superseded by a later schedule
	}
	st.electPending = false
	need := 1
	if st.cfg.Mode == SyncQuorum {
		need = st.cfg.Quorum
	}
	live := st.live
	if st.isolated >= 0 && s.up[st.reps[st.isolated].region] {
		live-- // up, but cut off from the others
	}
	if live < need {
		return // replicaUp retries
	}
	old := st.oldLeader
	c := -1
	for j := 0; j < st.n; j++ {
		if !s.up[st.reps[j].region] || j == st.isolated {
			continue
		}
		if c < 0 || st.reps[j].received > st.reps[c].received ||
			(st.reps[j].received == st.reps[c].received && st.cfg.RTT[old*st.n+j] < st.cfg.RTT[old*st.n+c]) {
			c = j
		}
	}
	if c < 0 {
		return
	}
	// Lost: committed writes sent to c that were dropped or are still on
	// the wire (both never arrive: the old leader's region is cut off).
	l := &st.links[old*st.n+c]
	var lost int64
	minT, maxT := math.Inf(1), math.Inf(-1)
	if hi := min(l.dropMaxL, st.commitLSN); l.drops > 0 && l.dropMinLSN <= hi {
		lost += int64(hi - l.dropMinLSN + 1)
		minT, maxT = l.dropMinT, l.dropMaxT
	}
	for tid := l.head; tid >= 0; tid = s.tasks[tid].lnext {
		t := &s.tasks[tid]
		if t.flags&taskDelivered != 0 || t.lsn > st.commitLSN {
			continue
		}
		lost++
		ct := t.commit
		if st.cfg.Mode == SyncQuorum {
			ct = t.sent
		}
		minT, maxT = min(minT, ct), max(maxT, ct)
	}
	if lost > 0 {
		st.lost += lost
		st.rpo = max(st.rpo, maxT-minT)
	}
	// The new leader's state, once its queue is applied, is the truth:
	// lost versions are rolled back, and its log becomes committed.
	keys := len(st.committed)
	copy(st.committed, st.applied[c*keys:(c+1)*keys])
	raise := func(tid int32) {
		t := &s.tasks[tid]
		if t.flags&taskLocal == 0 {
			st.committed[t.key] = max(st.committed[t.key], t.ver)
		}
	}
	rp := &st.reps[c]
	if rp.cur >= 0 {
		raise(rp.cur)
	}
	for tid := rp.head; tid >= 0; tid = s.tasks[tid].next {
		raise(tid)
	}
	if st.logVer != nil {
		copy(st.logVer, st.committed)
		for lsn := st.commitLSN + 1; lsn <= rp.received; lsn++ {
			st.ring[lsn&ringMask] = now
		}
	}
	for j := 0; j < st.n; j++ {
		if j == c || !s.up[st.reps[j].region] {
			continue
		}
		// The other followers catch up from the new leader (a resync,
		// modelled as instantaneous).
		a := st.applied[j*keys : (j+1)*keys]
		for k := range a {
			a[k] = max(a[k], st.committed[k])
		}
		st.reps[j].received = rp.received
	}
	st.lsn, st.commitLSN = rp.received, rp.received
	for i := 0; i < st.n; i++ {
		st.links[old*st.n+i].drops = 0
	}
	st.leader = c
	st.epoch++
	if now >= s.cfg.WarmupMs {
		st.failovers++
	}
	if st.isolated >= 0 && st.cfg.Mode == AsyncPrimary && s.up[st.reps[st.isolated].region] {
		st.split = st.isolated
	}
	s.updateAvailability(now, st)
}

// regionFault reacts to a partition between two regions starting or
// healing: a leader cut off from every other replica of its set is
// replaced after the set's failover delay, as if it had failed (nothing
// tells the followers otherwise), and a leader that gets its followers
// back before that resumes. A replaced async_primary leader keeps
// accepting its own region's writes until the heal (split-brain), then
// rejoins as a follower, resynchronised and its divergent writes
// discarded.
func (s *Sim) regionFault(now float64) {
	for si := range s.sets {
		st := &s.sets[si]
		if st.cfg.Mode == MultiLeader {
			continue
		}
		if st.isolated < 0 {
			if st.leader >= 0 && s.cutOff(st, st.leader, now) {
				st.isolated, st.oldLeader = st.leader, st.leader
				st.electPending = true
				st.electAt = now + st.cfg.FailoverMs
				s.cal.Schedule(st.electAt, evElect, int32(si))
				s.updateAvailability(now, st)
			}
			continue
		}
		if s.cutOff(st, st.isolated, now) {
			continue
		}
		j := st.isolated
		if st.leader == j {
			st.electPending = false // back before its replacement
		} else if s.up[st.reps[j].region] {
			keys := len(st.committed)
			copy(st.applied[j*keys:(j+1)*keys], st.committed)
			st.reps[j].received = st.lsn
		}
		st.isolated, st.split = -1, -1
		s.updateAvailability(now, st)
	}
}

// cutOff reports whether replica j of st can reach no other live replica
// at now: every pair is partitioned (and there is some other replica).
func (s *Sim) cutOff(st *setState, j int, now float64) bool {
	others := false
	for f := 0; f < st.n; f++ {
		if f == j || !s.up[st.reps[f].region] {
			continue
		}
		others = true
		if st.reps[f].region == st.reps[j].region || !s.regionCut(st.reps[j].region, st.reps[f].region, now, now) {
			return false
		}
	}
	return others
}

// updateAvailability tracks when the set cannot commit writes.
func (s *Sim) updateAvailability(now float64, st *setState) {
	down := false
	switch st.cfg.Mode {
	case AsyncPrimary:
		down = st.leader < 0
	case SyncQuorum:
		// A leader that partitions cut off from its followers cannot
		// reach a quorum either.
		down = st.leader < 0 || st.live < st.cfg.Quorum || (st.isolated >= 0 && st.leader == st.isolated)
	}
	if down == st.writesDown {
		return
	}
	if st.writesDown {
		st.unavailMs += s.window(st.downSince, now)
	}
	st.writesDown, st.downSince = down, now
}

// window is the length of [a, b] inside [warm-up, duration].
func (s *Sim) window(a, b float64) float64 {
	a = max(a, s.cfg.WarmupMs)
	b = min(b, s.cfg.DurationMs)
	return max(b-a, 0)
}

// summariseSets turns the sets' state into results.
func (s *Sim) summariseSets(end float64) []SetResult {
	out := make([]SetResult, len(s.sets))
	for si := range s.sets {
		st := &s.sets[si]
		if st.writesDown {
			st.unavailMs += s.window(st.downSince, end)
			st.writesDown = false
		}
		r := SetResult{
			Commit:           latencyOf(st.commit, st.commitSum, st.commitN, math.NaN()),
			Lag:              make([]Lag, st.n),
			Reads:            st.reads,
			StaleReads:       st.stale,
			StrongReads:      st.strong,
			Committed:        st.committedW,
			Conflicts:        st.conflicts,
			LostUpdates:      st.lostUpd,
			Merges:           st.merges,
			LostWrites:       st.lost,
			RPOMs:            st.rpo,
			UnavailableMs:    st.unavailMs,
			Failovers:        st.failovers,
			SplitBrainWrites: st.splitBrain,
		}
		for j := range st.reps {
			rp := &st.reps[j]
			if rp.lagN == 0 {
				nan := math.NaN()
				r.Lag[j] = Lag{P50: nan, P99: nan, Max: nan}
				continue
			}
			r.Lag[j] = Lag{P50: rp.lag.Quantile(0.5), P99: rp.lag.Quantile(0.99), Max: rp.lagMax, N: rp.lagN}
		}
		out[si] = r
	}
	return out
}
