package engine

// Health checks: the probes whose outcomes mark regions up or down for
// the routing layer.
//
// Probes are requests too: a probe enters the region's queue at the
// region (the checker's network is not modelled) and succeeds when it is
// served within the probe timeout. A dead region never answers, so its
// probes fail at the timeout; an overloaded (or slowed down) one answers
// too late.

// epoch is the health marks from a time on: bit g set when region g is up.
type epoch struct {
	at   float64
	mask uint64
}

// probeState is a region's health-check state.
type probeState struct {
	sent       float64
	open       bool
	fails, oks int
	down       bool
}

// maskAt is the health marks at time t.
func (rs *routingState) maskAt(t float64) uint64 {
	for i := len(rs.epochs) - 1; i > 0; i-- {
		if rs.epochs[i].at <= t {
			return rs.epochs[i].mask
		}
	}
	return rs.epochs[0].mask
}

// probe sends region g's next probe, and schedules the one after.
func (s *Sim) probe(now float64, g int32) error {
	rs := s.rt
	rc := rs.cfg
	if next := now + rc.ProbeIntervalMs; next < s.cfg.DurationMs {
		s.cal.Schedule(next, evProbe, g)
	}
	if rc.MaxLagMs > 0 || rc.MaxBacklog > 0 {
		s.checkSignals(now, g)
	}
	p := &rs.probes[g]
	if p.open {
		// The previous probe is still out (timeout = interval): it failed.
		p.open = false
		s.probeOutcome(now, g, false)
	}
	p.sent, p.open = now, true
	s.cal.Schedule(now+rc.ProbeTimeoutMs, evProbeTimeout, g)
	id, ok := s.alloc()
	if !ok {
		return s.tooMany(now)
	}
	s.reqs[id] = request{issued: now, next: -1, origin: g, region: g, flags: isProbe}
	if s.hasData {
		s.data[id] = dataReq{set: -1, replica: -1}
	}
	s.cal.Schedule(now, evArrive, id)
	return nil
}

// probeServed handles probe id leaving its region at now.
func (s *Sim) probeServed(now float64, id int32) {
	r := &s.reqs[id]
	g := r.region
	p := &s.rt.probes[g]
	if p.open && r.issued == p.sent && now-p.sent <= s.rt.cfg.ProbeTimeoutMs {
		p.open = false
		s.probeOutcome(now, g, true)
	}
	s.release(id)
}

// probeTimeout handles region g's probe timer.
func (s *Sim) probeTimeout(now float64, g int32) {
	p := &s.rt.probes[g]
	if p.open && now-p.sent >= s.rt.cfg.ProbeTimeoutMs {
		p.open = false
		s.probeOutcome(now, g, false)
	}
}

// probeOutcome counts a probe's result and moves the region's mark after
// Threshold consecutive results the other way.
func (s *Sim) probeOutcome(now float64, g int32, ok bool) {
	rs := s.rt
	p := &rs.probes[g]
	if ok {
		p.fails = 0
		p.oks++
		if p.down && p.oks >= rs.cfg.Threshold {
			p.down = false
			s.setMark(now, g, false)
		}
		return
	}
	p.oks = 0
	p.fails++
	if !p.down && p.fails >= rs.cfg.Threshold {
		p.down = true
		s.setMark(now, g, true)
	}
}

// setMark records a mark change as a new epoch.
func (s *Sim) setMark(now float64, g int32, down bool) {
	rs := s.rt
	mask := rs.epochs[len(rs.epochs)-1].mask
	if down {
		mask &^= 1 << uint(g)
	} else if rs.backlog == nil || !rs.backlog[g].down {
		// Up again only when the queue-backlog signal does not hold it down.
		mask |= 1 << uint(g)
	}
	rs.epochs = append(rs.epochs, epoch{at: now, mask: mask})
	rs.res.Marks = append(rs.res.Marks, Mark{Region: int(g), At: now, Down: down})
}
