package engine

// Failover: electing (sync_quorum) or promoting (async_primary) a new
// leader once a set has lost its own for its failover delay, and the
// accounting of when a set cannot commit writes. What starts the failover
// clock (an outage, a partition) is in faults.go.

import "math"

// elect chooses a new leader among the live replicas: the most up-to-date
// (highest LSN delivered), then the nearest to the old leader, then the
// first declared. AsyncPrimary writes committed at the old leader that
// never reached the new one are lost, and the data-loss window of the
// failure (the RPO) reaches back to the oldest of them.
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
	// Links are FIFO, so the oldest lost is the first dropped, or else the
	// first still on the wire.
	l := &st.links[old*st.n+c]
	// With split_brain_resolution = "merge", a deposed leader that is
	// still up (a split-brain) keeps these writes, and the heal merges
	// them with its split-brain writes (mergeSplit): they are divergent,
	// not lost. Only a write whose key has left lostKeys (more than
	// MaxBacklog writes ago) is still counted lost.
	merging := st.lostKeys != nil && st.isolated >= 0 && s.up[st.reps[st.isolated].region]
	var lost int64
	oldest := math.Inf(1)
	if hi := min(l.dropMaxL, st.commitLSN); l.drops > 0 && l.dropMinLSN <= hi {
		for lsn := l.dropMinLSN; lsn <= hi; lsn++ {
			if merging && st.lsn-lsn < MaxBacklog {
				st.splitW[st.lostKeys[lsn&ringMask]]++
				continue
			}
			if lost == 0 {
				oldest = l.dropMinT
				if st.cfg.Mode == SyncQuorum {
					oldest = st.lostCommitTime(l.dropMinLSN, l.dropMinT)
				}
			}
			lost++
		}
	}
	for tid := l.head; tid >= 0; tid = s.tasks[tid].lnext {
		t := &s.tasks[tid]
		if t.flags&taskDelivered != 0 || t.lsn > st.commitLSN {
			continue
		}
		if merging {
			st.splitW[t.key]++
			continue
		}
		lost++
		ct := t.commit
		if st.cfg.Mode == SyncQuorum {
			ct = st.lostCommitTime(t.lsn, t.sent)
		}
		oldest = min(oldest, ct)
	}
	if lost > 0 {
		// The data-loss window: from the oldest lost write's commit to
		// the failure, the last instant at which the old leader committed
		// a write that this promotion loses (its outage, or now when
		// partitions only cut it off). It is at least the network part of
		// the promoted follower's lag at the failure.
		st.lost += lost
		st.rpo = max(st.rpo, min(st.leaderEnd, now)-oldest)
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
		// Split-brain: the old leader still holds the writes lost here,
		// and the heal discards them with those it accepts from now on.
		st.split = st.isolated
		st.splitFrom, st.splitBase = oldest, st.splitBrain
		if st.splitSnap != nil {
			copy(st.splitSnap, st.committed)
		}
	}
	st.leaderEnd = math.Inf(1)
	s.updateAvailability(now, st)
}

// splitLoss closes the split-brain in progress, if any, at now: its heal,
// or the end of the run for one that outlasts it (its writes can only be
// discarded: the new leader's history supersedes them). When the old
// leader accepted split-brain writes, the heal is a failure that loses
// them (they are counted as they are accepted, splitBrain) and every
// write it holds that the new leader lacks: its data-loss window runs
// from the oldest of those, lost at the promotion or its first
// split-brain write, to now.
func (st *setState) splitLoss(now float64) {
	if st.split < 0 {
		return
	}
	if st.splitW != nil {
		st.mergeSplit()
	} else if st.splitBrain > st.splitBase {
		st.rpo = max(st.rpo, now-st.splitFrom)
	}
	st.splitFrom, st.splitBase = math.Inf(1), st.splitBrain
}

// lostCommitTime is the commit time of the lost sync_quorum write of LSN
// lsn, sent to its followers at sent: the commit-time ring's while the
// ring still holds that LSN and the write has committed, else sent (the
// leader's send, at most one quorum round trip before the commit).
func (st *setState) lostCommitTime(lsn uint64, sent float64) float64 {
	if st.lsn-lsn < MaxBacklog {
		if c := st.ring[lsn&ringMask]; !math.IsInf(c, 1) && c >= sent {
			return c
		}
	}
	return sent
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
