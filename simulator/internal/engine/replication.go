package engine

// Replication: a write's apply at the replica that accepted it, its commit
// (at that apply, or at a quorum of acknowledgements for sync_quorum), and
// its replication to the other replicas over FIFO links. "replicate" in
// this package means only this: sending a write to another replica.

import (
	"fmt"
	"math"
)

// replicate sends a write from replica src to replica dst on their FIFO
// link; req is the request a SyncQuorum write's acknowledgement counts
// for (-1 otherwise). A replica that is down gets nothing: it resynchronises when it
// comes back. It reports whether it sent the write.
func (s *Sim) replicate(now float64, st *setState, set uint16, src, dst int, req int32, lsn uint64, key int32, ver uint32, commit float64, measured uint8) bool {
	if s.faulty && !s.up[st.reps[dst].region] {
		return false
	}
	l := &st.links[src*st.n+dst]
	if l.pending >= MaxBacklog {
		s.backlogError(now, st, dst)
		return false
	}
	tid, ok := s.allocTask()
	if !ok {
		return false
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
	return true
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
		l.dropMaxL = t.lsn
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
		s.cal.Schedule(now+rp.rng.ExpFloat64()*s.applyMs(st, j), evApplyDone, tid)
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

// backlogError ends the Run: a replica cannot keep up.
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
		s.cal.Schedule(now+rp.rng.ExpFloat64()*s.applyMs(st, j), evApplyDone, nid)
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
		if st.lostKeys != nil {
			st.lostKeys[st.lsn&ringMask] = k
		}
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
		size := s.recordBytes(int(set), req)
		for f := 0; f < st.n; f++ {
			if f != j && s.replicate(now, st, set, j, f, -1, st.lsn, k, ver, now, measured) {
				s.countReplication(st.reps[j].region, st.reps[f].region, size, measured)
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
		size := s.recordBytes(int(set), req)
		for f := 0; f < st.n; f++ {
			if f != j && s.replicate(now, st, set, j, f, -1, 0, k, 0, now, measured) {
				s.countReplication(st.reps[j].region, st.reps[f].region, size, measured)
			}
		}
		s.dataBack(now, req)
	}
}

// committedWrite records a commit's statistics.
func (s *Sim) committedWrite(now float64, st *setState, req int32, measured bool) {
	s.opCommitted(req, measured)
	s.sessionWrote(now, st, req)
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
