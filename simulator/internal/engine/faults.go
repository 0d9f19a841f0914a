package engine

// Faults: everything a fault does, in one place. Region outages
// (transitions: the region's replicas stop, lose their queues and their
// leadership, and come back resynchronised), partitions and latency spikes
// between an origin and a region or between two regions, capacity
// changes, cache flushes and service slowdowns. A traffic surge only adds
// requests: its first one is scheduled here, and Run issues them with the
// origins' own, on the hot path.

import "math"

// scheduleFaults puts every fault's events on the calendar at the start of
// a replication, after the origins' first arrivals: the order of the
// Schedule calls orders events of equal times, and that of the random
// draws (the surges' first gaps) the streams.
func (s *Sim) scheduleFaults(end float64) {
	// Slowdowns first, so that they come before any other fault's event
	// of the same time: a capacity change that starts service at a
	// slowdown's start (or end) then starts it slowed (or not).
	for i, sd := range s.cfg.Slowdowns {
		s.cal.Schedule(sd.Start, evSlowdown, int32(i))
		if !math.IsInf(sd.End, 1) {
			s.cal.Schedule(sd.End, evSlowdown, int32(i))
		}
	}
	s.scheduleApplySlowdowns()
	for i, tr := range s.cfg.Transitions {
		s.cal.Schedule(tr.At, evFault, int32(i))
	}
	if s.hasCaches {
		for i, f := range s.cfg.Flushes {
			s.cal.Schedule(f.At, evCacheFlush, int32(i))
		}
	}
	for i, ch := range s.cfg.Capacity {
		s.cal.Schedule(ch.At, evCapacity, int32(i))
	}
	if s.hasData {
		for i, f := range s.cfg.RegionFaults {
			if f.ExtraMs == 0 {
				s.cal.Schedule(f.Start, evRegionFault, int32(i))
				if !math.IsInf(f.End, 1) {
					s.cal.Schedule(f.End, evRegionFault, int32(i))
				}
			}
		}
	}
	for i, sg := range s.cfg.Surges {
		if t := s.nextSurge(&s.cfg.Surges[i], int32(i), sg.Start); t < sg.End && t < end {
			s.cal.Schedule(t, evSurge, int32(i))
		}
	}
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
		st.leaderEnd = now // it commits nothing more: the failure's instant
		st.electPending = true
		st.electAt = now + st.cfg.FailoverMs
		s.cal.Schedule(st.electAt, evElect, int32(s.setIndex(st)))
	}
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

// regionFault reacts to a partition between two regions starting or
// healing: a leader cut off from every other replica of its set is
// replaced after the set's failover delay, as if it had failed (nothing
// tells the followers otherwise), and a leader that gets its followers
// back before that resumes. A replaced async_primary leader keeps
// accepting its own region's writes until the heal (split-brain), then
// rejoins as a follower, resynchronised and its divergent writes
// discarded: lost, with the heal's data-loss window (splitLoss).
func (s *Sim) regionFault(now float64) {
	for si := range s.sets {
		st := &s.sets[si]
		if st.cfg.Mode == MultiLeader {
			continue
		}
		if st.isolated < 0 {
			if st.leader >= 0 && s.cutOff(st, st.leader, now) {
				st.isolated, st.oldLeader = st.leader, st.leader
				st.leaderEnd = math.Inf(1) // it commits until it is replaced
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
		st.splitLoss(now)
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

// Faults between an origin's clients and a region.

// spike is the extra one-way delay of a leg between origin oi and region
// g sent at t: half the round-trip extra of each latency spike on the pair.
func (s *Sim) spike(oi, g int32, t float64) float64 {
	extra := 0.0
	for i := range s.cfg.PairFaults {
		f := &s.cfg.PairFaults[i]
		if f.ExtraMs > 0 && int32(f.Origin) == oi && int32(f.Region) == g && f.Start <= t && t < f.End {
			extra += f.ExtraMs / 2
		}
	}
	return extra
}

// pairCut reports whether a leg between origin oi and region g over
// [from, to] crosses a partition of the pair.
func (s *Sim) pairCut(oi, g int32, from, to float64) bool {
	for i := range s.cfg.PairFaults {
		f := &s.cfg.PairFaults[i]
		if f.ExtraMs == 0 && int32(f.Origin) == oi && int32(f.Region) == g && f.Start <= to && f.End > from {
			return true
		}
	}
	return false
}

// Faults between two regions.

// pairs reports whether fault f is between regions a and b.
func (f *RegionPairFault) pairs(a, b int32) bool {
	return (int32(f.A) == a && int32(f.B) == b) || (int32(f.A) == b && int32(f.B) == a)
}

// regionSpike is the extra one-way delay of a leg between regions a and b
// sent at t.
func (s *Sim) regionSpike(a, b int32, t float64) float64 {
	extra := 0.0
	for i := range s.cfg.RegionFaults {
		f := &s.cfg.RegionFaults[i]
		if f.ExtraMs > 0 && f.pairs(a, b) && f.Start <= t && t < f.End {
			extra += f.ExtraMs / 2
		}
	}
	return extra
}

// regionCut reports whether a leg between regions a and b over [from, to]
// crosses a partition of the pair.
func (s *Sim) regionCut(a, b int32, from, to float64) bool {
	for i := range s.cfg.RegionFaults {
		f := &s.cfg.RegionFaults[i]
		if f.ExtraMs == 0 && f.pairs(a, b) && f.Start <= to && f.End > from {
			return true
		}
	}
	return false
}

// regionHeld is when a message between regions a and b sent at t can leave:
// t, or the end of the partition of the pair it was sent into (+Inf for
// one that never heals); plus the extra delay of the spikes then.
func (s *Sim) regionHeld(a, b int32, t float64) float64 {
	leave := t
	for moved := true; moved; {
		moved = false
		for i := range s.cfg.RegionFaults {
			f := &s.cfg.RegionFaults[i]
			if f.ExtraMs == 0 && f.pairs(a, b) && f.Start <= leave && leave < f.End {
				leave, moved = f.End, true
			}
		}
	}
	if math.IsInf(leave, 1) {
		return leave
	}
	return leave + s.regionSpike(a, b, leave)
}

// Capacity changes and cache flushes.

// capacity applies a capacity change: fewer servers let the requests in
// service finish; more start waiting requests at once.
func (s *Sim) capacity(now float64, ch CapacityChange) {
	if s.scalers != nil && s.scalers[ch.Region].cfg != nil {
		s.scaleLoss(now, ch.Region, ch.Lost)
		return
	}
	s.setServers(now, ch.Region, ch.Servers)
}

// flushCaches applies a cache_flush fault.
func (s *Sim) flushCaches(f CacheFlush) {
	if f.Tier < 0 || f.Tier >= len(s.tiers) {
		return
	}
	ts := &s.tiers[f.Tier]
	for c := range ts.cfg.Regions {
		if f.Cache < 0 || f.Cache == c {
			s.caches[ts.first+c].flush()
		}
	}
}

// Service slowdowns.

// slowdown sets region g's service-time factor at now, a slowdown's start
// or end: the product of the multipliers of its slowdowns in force, in
// Config order. It is recomputed from them rather than multiplied at a
// start and divided at an end, since a division does not undo a multiply
// exactly: the factor is 1 again, exactly, once none is in force. Every
// event of the same time as a start or an end that can start service is
// scheduled after it (see scheduleFaults), so that it sees the factor
// that Start <= t < End says.
func (s *Sim) slowdown(now float64, g int) {
	f := 1.0
	for i := range s.cfg.Slowdowns {
		sd := &s.cfg.Slowdowns[i]
		if sd.Region == g && sd.Start <= now && now < sd.End {
			f *= sd.Multiplier
		}
	}
	s.regions[g].slowdown = f
}
