package engine

// Health signals beside the probes, and split-brain reconciliation by
// merge.
//
// At each probe of a region the health checker also reads two signals
// there, with the probes' Threshold semantics (Threshold consecutive bad
// checks mark down, as many good ones mark up again):
//
//   - replication lag (Routing.MaxLagMs): a replica whose current lag
//     (lagAt: the age of the oldest committed write it has not applied)
//     exceeds the bound is marked unhealthy for its set's reads. A
//     non-strong read that would be served by it goes to the set's read
//     leader instead (the leader, or MultiLeader's configured one): the
//     leader has every committed write of an AsyncPrimary or SyncQuorum
//     set, so the read is fresh, at the cost of the round trip from the
//     serving region to the leader's instead of to the local replica.
//     Writes are not affected: the lagging replica still applies.
//   - queue backlog (Routing.MaxBacklog): a region whose queue holds more
//     waiting requests than the bound is marked down for all traffic, like
//     a failed probe; it is up again only when neither its probes nor its
//     backlog hold it down.
//
// The lag mark is read by the serving region's data access when the read
// starts, not through DNS: no TTL delays it.

import "math"

// Signal says which health signal moved a mark.
type Signal uint8

// Health signals.
const (
	// SignalProbe: the probes (health.go).
	SignalProbe Signal = iota
	// SignalLag: a replica's replication lag.
	SignalLag
	// SignalBacklog: a region's queue backlog.
	SignalBacklog
)

// checkSignals reads region g's backlog and its replicas' lag at a probe.
func (s *Sim) checkSignals(now float64, g int32) {
	rs := s.rt
	rc := rs.cfg
	down := s.faulty && !s.up[g]
	if rs.backlog != nil && !down {
		q := float64(s.regions[g].queued)
		if i := s.tlIndex(now)*rs.n + int(g); !(rs.tlBacklog[i] >= q) {
			rs.tlBacklog[i] = q
		}
		b := &rs.backlog[g]
		if flip := signalOutcome(&b.fails, &b.oks, b.down, s.regions[g].queued <= rc.MaxBacklog, rc.Threshold); flip {
			b.down = !b.down
			s.setBacklogMark(now, g, b.down)
		}
	}
	if rc.MaxLagMs <= 0 || down {
		return
	}
	off, step := 0, s.tlIndex(now)*len(rs.tlLag)/len(s.tl)
	for si := range s.sets {
		st := &s.sets[si]
		for j := range st.reps {
			rp := &st.reps[j]
			if rp.region != g {
				continue
			}
			lag := s.lagAt(st, j, now)
			if i := step + off + j; !(rs.tlLag[i] >= lag) {
				rs.tlLag[i] = lag
			}
			ok := lag <= rc.MaxLagMs
			if flip := signalOutcome(&rp.lagFails, &rp.lagOKs, rp.lagDown, ok, rc.Threshold); flip {
				rp.lagDown = !rp.lagDown
				rs.res.Marks = append(rs.res.Marks, Mark{Region: int(g), At: now, Down: rp.lagDown, Signal: SignalLag, Set: si})
			}
		}
		off += st.n
	}
}

// replicaCount is the number of replicas over every set of cfg.
func replicaCount(cfg *Config) int {
	n := 0
	for i := range cfg.Sets {
		n += len(cfg.Sets[i].Regions)
	}
	return n
}

// fillNaN marks every step of a signal timeline as not checked yet.
func fillNaN(xs []float64) {
	for i := range xs {
		xs[i] = math.NaN()
	}
}

// summariseSignalTimeline puts what the checks read into res.Timeline,
// each step without a check holding the previous step's value.
func (s *Sim) summariseSignalTimeline(res *Result) {
	rs := s.rt
	hold := func(tl []float64, width int, set func(pt *TimelinePoint, v []float64)) {
		if tl == nil || width == 0 {
			return
		}
		last := make([]float64, width)
		for i := range res.Timeline {
			v := make([]float64, width)
			for k := range v {
				if x := tl[i*width+k]; !math.IsNaN(x) {
					last[k] = x
				}
				v[k] = last[k]
			}
			set(&res.Timeline[i], v)
		}
	}
	hold(rs.tlBacklog, rs.n, func(pt *TimelinePoint, v []float64) { pt.QueueBacklog = v })
	hold(rs.tlLag, replicaCount(s.cfg), func(pt *TimelinePoint, v []float64) { pt.ReplicaLagMs = v })
}

// signalOutcome counts one check (ok or bad) in the consecutive counters
// and reports whether the mark flips: threshold bad checks in a row while
// up, or threshold good ones while down.
func signalOutcome(fails, oks *int, down, ok bool, threshold int) bool {
	if ok {
		*fails = 0
		*oks++
		return down && *oks >= threshold
	}
	*oks = 0
	*fails++
	return !down && *fails >= threshold
}

// setBacklogMark records a queue-backlog mark change of region g: down
// takes the region out; up puts it back unless its probes hold it down.
func (s *Sim) setBacklogMark(now float64, g int32, down bool) {
	rs := s.rt
	mask := rs.epochs[len(rs.epochs)-1].mask
	if down {
		mask &^= 1 << uint(g)
	} else if !rs.probes[g].down {
		mask |= 1 << uint(g)
	}
	rs.epochs = append(rs.epochs, epoch{at: now, mask: mask})
	rs.res.Marks = append(rs.res.Marks, Mark{Region: int(g), At: now, Down: down, Signal: SignalBacklog})
}

// lagReadTarget is where a non-strong read goes when its replica target is
// marked lagging: the set's read leader, unless there is none or it is
// that replica (then the read stays).
func (s *Sim) lagReadTarget(st *setState, target int, measured bool) int {
	l := s.readLeader(st)
	if l < 0 || l == target {
		return target
	}
	if measured {
		st.lagReads++
	}
	return l
}

// applyMs is replica j's mean apply time now: the set's, times the
// apply_slowdown factor of the replica's region.
func (s *Sim) applyMs(st *setState, j int) float64 {
	if s.applyF == nil {
		return st.cfg.ApplyMs
	}
	return st.cfg.ApplyMs * s.applyF[st.reps[j].region]
}

// scheduleApplySlowdowns resets the apply factors and puts the apply
// slowdowns' starts and ends on the calendar.
func (s *Sim) scheduleApplySlowdowns() {
	if len(s.cfg.ApplySlowdowns) == 0 {
		return
	}
	if s.applyF == nil {
		s.applyF = make([]float64, len(s.cfg.Regions))
	}
	for g := range s.applyF {
		s.applyF[g] = 1
	}
	for i, sd := range s.cfg.ApplySlowdowns {
		s.cal.Schedule(sd.Start, evApplySlow, int32(i))
		if sd.End < s.cfg.DurationMs {
			s.cal.Schedule(sd.End, evApplySlow, int32(i))
		}
	}
}

// applySlowdown recomputes region g's apply factor at an apply slowdown's
// start or end, from the slowdowns in force (as slowdown does for service
// times). An apply that already started keeps its drawn time: a slowdown
// slows the applies that start while it lasts.
func (s *Sim) applySlowdown(now float64, g int) {
	f := 1.0
	for i := range s.cfg.ApplySlowdowns {
		sd := &s.cfg.ApplySlowdowns[i]
		if sd.Region == g && sd.Start <= now && now < sd.End {
			f *= sd.Multiplier
		}
	}
	s.applyF[g] = f
}

// mergeSplit reconciles a split-brain by merge at its heal (or at the end
// of the run for one that outlasts it): every split-brain write of the
// deposed leader is merged into the new leader's history, nothing lost. A
// merged write conflicts, as MultiLeader's concurrent writes do, when the
// new leader committed a write to the same key during the split-brain:
// neither saw the other. The key versions are not bumped by the merge, so
// reads after the heal are counted stale or fresh as after a discard.
func (st *setState) mergeSplit() {
	for k, w := range st.splitW {
		if w == 0 {
			continue
		}
		st.merges += int64(w)
		st.splitMerged += int64(w)
		if st.committed[k] > st.splitSnap[k] {
			st.conflicts += int64(w)
		}
	}
	clear(st.splitW)
	st.splitFrom, st.splitBase = math.Inf(1), st.splitBrain
}
