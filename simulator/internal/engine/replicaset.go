package engine

// The data layer's state: replica sets, their replicas, links and the
// task slab.
//
// A request whose origin uses a replica set, once served by its region, does
// one data operation on one replica of the set (data.go): a read, answered
// at once from the replica's state, or a write, which waits in a replica's
// apply queue (one applier per replica, exponential apply time: an M/M/1
// queue) and is replicated to the other replicas as tasks
// (replication.go). Everything lives in slabs with free lists (requests,
// tasks) and in flat per-key slices sized by the key space, so that memory
// depends on keys, replicas and what is in flight, never on the number of
// requests simulated, and no event allocates once the slabs have grown.
//
// Versions are counts: committed[k] is how many writes to key k have been
// committed, applied[r][k] how many of them replica r has applied. A read
// at r is stale when applied[r][k] < committed[k] at the read instant:
// some committed write to k is not visible there. Every link between two
// replicas is FIFO (a TCP stream), and every apply queue too, so a replica
// applies the leader's writes in log order: its applied writes are a
// prefix of the log, which is what makes "most up-to-date" a single number
// (the highest log sequence number, LSN, delivered) and what makes a
// majority quorum lose nothing at an election (failover.go).

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// MaxBacklog bounds the writes waiting in one replica's apply queue and
// those sent on one link and not yet applied. A stable replica set stays
// far below it (at 10 000 writes/s and 300 ms of lag: 3 000); reaching it
// means a replica applies slower than writes arrive, and the Run stops
// with ErrReplicationBacklog rather than exhausting memory.
const MaxBacklog = 1 << 16

// ringMask indexes the commit-time ring of a sync_quorum set, which holds
// the commit times of the last MaxBacklog LSNs: the backlog bound
// guarantees that no LSN still being applied somewhere is older.
const ringMask = MaxBacklog - 1

// ErrReplicationBacklog reports that a replica set's backlog exceeded
// MaxBacklog writes.
var ErrReplicationBacklog = errors.New("replication backlog exceeded")

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
	// session is the request's client session, -1 for none; own, for a
	// read, the newest version of key the session committed (0: none).
	session int32
	own     uint32
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
	// lagDown: the replication-lag health signal marks the replica
	// unhealthy for reads (health_signals.go); lagFails and lagOKs are its
	// consecutive bad and good checks.
	lagDown          bool
	lagFails, lagOKs int
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
	// lost-write count at a promotion: their LSN range, and the commit
	// time of the first (its send for sync_quorum), the oldest lost.
	drops                int64
	dropMinLSN, dropMaxL uint64
	dropMinT             float64
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
	unavailMs       float64
	// Data loss. lost counts the committed writes lost at promotions (the
	// split-brain writes, all lost at the heal, are splitBrain). rpo is
	// the largest data-loss window of a failure: from the commit of the
	// oldest write it loses to the failure (failover.go).
	rpo float64
	// leaderEnd is when the leader being replaced stopped committing: its
	// region's outage, or +Inf while partitions only cut it off (it
	// commits its own region's writes until the promotion).
	leaderEnd float64
	// The split-brain in progress: splitFrom is the commit time of the
	// oldest write of the old leader's history that the heal discards
	// (lost at the promotion, or its first split-brain write), splitBase
	// the split-brain count when it started.
	splitFrom float64
	splitBase int64
	// Split-brain merge (MergeSplitBrain, health_signals.go): splitSnap is
	// the committed versions when the split-brain started, splitW the
	// measured split-brain writes per key since; lagReads counts measured
	// reads sent to the leader because their replica was marked lagging.
	splitSnap, splitW []uint32
	// lostKeys is, with MergeSplitBrain on async_primary, the key of each
	// of the last MaxBacklog LSNs the leader committed, so that the writes
	// a promotion leaves on a deposed leader still up can be merged, key
	// by key, at the heal (elect).
	lostKeys []int32
	lagReads int64
	// splitMerged counts the split-brain writes merged at heals.
	splitMerged int64
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
	if cfg.MergeSplitBrain {
		st.splitSnap = make([]uint32, keys)
		st.splitW = make([]uint32, keys)
		if cfg.Mode == AsyncPrimary {
			st.lostKeys = make([]int32, MaxBacklog)
		}
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
		st.leaderEnd, st.splitFrom, st.splitBase = math.Inf(1), math.Inf(1), 0
		clear(st.splitSnap)
		clear(st.splitW)
		st.lagReads, st.splitMerged = 0, 0
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

// allocTask takes a free task slot; at the bound it ends the Run.
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

// SetBytes is the per-key memory of one replica set of replicas replicas
// over keys keys: the committed version per key and the applied version
// per key and replica (4 bytes each), and for sync_quorum the logged
// version per key and the commit-time ring.
func SetBytes(keys, replicas int, syncQuorum bool) int64 {
	b := int64(keys) * 4 * int64(1+replicas)
	if syncQuorum {
		b += int64(keys)*4 + MaxBacklog*8
	}
	return b
}
