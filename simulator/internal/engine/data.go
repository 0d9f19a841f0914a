package engine

// A request's data operation: after its region serves it, a request of an
// origin with a replica set reads or writes one replica of the set, chosen
// by the operation and the set's read consistency, and its response comes
// back to the serving region, which then answers the client.

import "math"

// drawOp picks a new request's operation and key from its origin's stream.
func (s *Sim) drawOp(id int32, o *originState) {
	if o.keys.Float64() >= o.readRatio {
		s.reqs[id].flags |= isWrite
	}
	d := &s.data[id]
	*d = dataReq{key: s.cfg.Keys.Draw(o.keys), set: int16(o.set), replica: -1}
	d.session = s.drawSession(o)
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
		mode, bound := c.Read, c.StalenessMs
		if o.op.override {
			mode, bound = o.op.read, o.op.bound
		}
		forward := s.sessionRead(now, st, d, int(rt.local), mode)
		// read_your_writes: a read of a key the session wrote recently
		// skips the cache, which may hold an older version.
		ryw := mode == ReadYourWrites && (forward || d.own > 0)
		if !ryw && rt.cache >= 0 && s.cacheRead(now, id, rt.cache) {
			return
		}
		switch mode {
		case ReadYourWrites:
			if forward {
				target = s.readLeader(st)
				d.strong = true
				if r.flags&measuredOrigin != 0 {
					s.sess.forwarded[d.set]++
				}
			}
		case ReadStrong:
			target = s.readLeader(st)
			d.strong = true
		case ReadBounded:
			if s.lagAt(st, int(rt.local), now) > bound {
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
	if target >= 0 && !d.strong && r.flags&isWrite == 0 && st.reps[target].lagDown {
		target = s.lagReadTarget(st, target, r.flags&measuredOrigin != 0)
	}
	if target < 0 {
		s.failFast(id) // no leader, or no quorum: the region answers an error
		return
	}
	d.replica = int16(target)
	d.epoch = st.epoch
	r.arrived = now // the data leg's send time, for the fault check
	s.countData(r, r.region, st.reps[target].region, false)
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
				s.origins[r.origin].op.strong++
			} else {
				st.reads++
				k := d.key
				stale := st.applied[st.keyIndex(j, k)] < st.committed[k]
				if stale {
					st.stale++
				}
				s.opRead(r.origin, stale)
				s.sessionServed(st, d, j)
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
		// heal: a divergent write, lost.
		if measured {
			if st.splitBrain == st.splitBase {
				st.splitFrom = min(st.splitFrom, now)
			}
			st.splitBrain++
			if st.splitW != nil {
				st.splitW[d.key]++
			}
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
		size := s.recordBytes(int(set), id)
		// Raft-like: the leader appends and sends to every follower at
		// once; its own apply is one of the quorum's acknowledgements.
		for k := 0; k < st.n; k++ {
			if k != j && s.replicate(now, st, set, j, k, id, lsn, key, ver, now, measured) {
				s.countReplication(st.reps[j].region, st.reps[k].region, size, measured)
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
	s.countData(r, s.sets[d.set].reps[d.replica].region, r.region, true)
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
