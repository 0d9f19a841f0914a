package engine

// Autoscaling (issue 13): a region's target-tracking autoscaler, one
// evaluation event per interval on the calendar, no goroutine.
//
// The model follows the Kubernetes HPA's formula and tolerance and AWS
// target tracking's cooldowns and warm-up:
//   - every IntervalMs the signal is measured over the interval just ended
//     (utilization: busy-server time over the server time present;
//     rps_per_instance: arrivals over the interval over the instances
//     present; backlog_per_instance: requests waiting at the evaluation
//     over the instances present), and the needed count is
//     ceil(serving x signal / target) (HPA), unless |signal/target - 1| <=
//     Tolerance (HPA's dead band, default 0.1), clamped to [Min, Max];
//   - "serving" is the instances whose signal was measured; the needed
//     count is compared with the desired count (serving + warming), so that
//     an instance still warming up counts toward the next scale out once,
//     as AWS counts warming capacity (and as the HPA counts unready pods
//     as replicas);
//   - a scale out is not decided within OutCooldownMs of the last scale
//     out, a scale in not within InCooldownMs of the last scaling of
//     either kind (AWS's scale-in cooldown, which also keeps a scale in
//     from undoing a scale out at once);
//   - with InStabilizationMs, a scale in goes down only to the highest
//     count recommended within that window (the HPA's scale-down
//     stabilization window, 5 minutes by default there), so that a noisy
//     signal around the target does not flap the count;
//   - an added instance is provisioned (paid) at the decision and serves
//     from decision + WarmupMs (AWS's instance warm-up, a pod's readiness
//     delay); a removed one first cancels an instance still warming, else
//     takes no new work and drains: its requests in service finish, and it
//     is paid until they have.
//
// Where it differs: the signal is exact over the interval, not a sampled
// metric with CloudWatch's or the metrics server's delay; there is no
// per-instance identity (servers are pooled, so "drain" is: the freed
// servers above the new count are not refilled, as under a capacity loss);
// a scale out does not go above the count the formula asks for (AWS may
// overshoot by whole instances of a launch template's weight, the HPA by
// its 100 %/4-pods scale-up policy limits in the other direction: neither
// limit is modelled).
//
// Faults: a capacity_loss of fraction f leaves round(serving x concurrency
// x (1 - f)) servers; the signals are measured over the servers present,
// so the autoscaler sees the loss (utilization rises) and scales out, the
// new instances losing the same fraction, up to Max. During a region
// outage the autoscaler holds: an evaluation whose interval saw the region
// down decides nothing (its signal would read an idle region and scale it
// in just before the traffic returns), and the instances stay provisioned
// and paid.

import "math"

// AutoSignal is the metric an autoscaler tracks.
type AutoSignal uint8

// The signals (simulator.AutoscalingSignals).
const (
	AutoUtilization AutoSignal = iota
	AutoBacklog
	AutoRPS
)

// Autoscale is a region's compiled autoscaler. Times are in milliseconds.
type Autoscale struct {
	// Concurrency is the servers per instance; Start the instances serving
	// at time 0; Min and Max the clamp.
	Concurrency, Start, Min, Max int
	Signal                       AutoSignal
	// Target is the signal's target (rps_per_instance in requests per
	// second); Tolerance the dead band around it.
	Target, Tolerance float64
	IntervalMs        float64
	OutCooldownMs     float64
	InCooldownMs      float64
	WarmupMs          float64
	// InStabilizationMs is the HPA's scale-down stabilization window: a
	// scale in goes only down to the highest count recommended within it.
	InStabilizationMs float64
}

// ScaleEvent is one decision of an autoscaler: at At (ms) the desired
// count went From -> To (serving + warming), on the Signal measured.
type ScaleEvent struct {
	At       float64
	From, To int
	Signal   float64
}

// MaxScaleEvents bounds the events a replication keeps per region; the
// counts (ScaleResult.Outs, Ins) go on past it.
const MaxScaleEvents = 4096

// ScaleResult is what a region's autoscaler did in a replication.
type ScaleResult struct {
	// Events are its decisions in time order (the first MaxScaleEvents).
	Events []ScaleEvent
	// Outs and Ins count the scale outs and ins over the whole run.
	Outs, Ins int
	// InstanceMs integrates the provisioned instances (serving, warming
	// and draining) over the measured window, in instance-ms.
	InstanceMs float64
	// MaxProvisioned is the most instances provisioned at once.
	MaxProvisioned int
}

// DesiredInstances is the HPA rule: ceil(current x signal / target)
// unless signal / target is within tol of 1 (then current), clamped to
// [lo, hi]. Values within 1e-9 of an integer round to it, so that float
// noise does not add an instance.
func DesiredInstances(current int, signal, target, tol float64, lo, hi int) int {
	ratio := signal / target
	desired := current
	if ratio-1 > tol || 1-ratio > tol {
		x := float64(current) * ratio
		r := math.Floor(x)
		if x-r > 1e-9 {
			r++
		}
		desired = int(min(r, float64(hi)))
	}
	return max(lo, min(hi, desired))
}

// warming is a batch of instances that serve from at.
type warming struct {
	at float64
	n  int
}

// recommendation is the count an evaluation recommended, and when.
type recommendation struct {
	at     float64
	needed int
}

// scaler is a region's autoscaler state in a replication.
type scaler struct {
	cfg *Autoscale
	// serving, draining and the warming batches (in time order, their
	// total warm) make up the provisioned count.
	serving, draining, warm int
	batches                 []warming
	// recent are the recommendations within the stabilization window, in
	// time order.
	recent []recommendation
	// lost is the capacity_loss fraction in force.
	lost float64
	// lastOut and lastAny are the times of the last scale out and of the
	// last scaling; -Inf before any.
	lastOut, lastAny float64
	// The interval's baselines: when it began, the region's busy area and
	// arrivals then, and the server area since (serverSince its last
	// update).
	since, busy0 float64
	seen0        int64
	serverArea   float64
	serverSince  float64
	// area integrates provisioned instances over the window (areaSince
	// its last update).
	area, areaSince float64
	res             ScaleResult
	// tlProv and tlServ are the provisioned and serving counts at the
	// start of each timeline point; filled points up to tlFilled.
	tlProv, tlServ []int32
	tlFilled       int
}

func (sc *scaler) provisioned() int { return sc.serving + sc.warm + sc.draining }

// newScalers sizes the autoscalers' state; nil without any.
func (s *Sim) newScalers() {
	for i := range s.cfg.Regions {
		if s.cfg.Regions[i].Autoscale != nil {
			if s.scalers == nil {
				s.scalers = make([]scaler, len(s.cfg.Regions))
			}
			s.scalers[i].tlProv = make([]int32, len(s.tl))
			s.scalers[i].tlServ = make([]int32, len(s.tl))
		}
	}
}

// resetScalers starts every autoscaler at its Start count and schedules
// its first evaluation.
func (s *Sim) resetScalers() {
	for i := range s.scalers {
		a := s.cfg.Regions[i].Autoscale
		if a == nil {
			continue
		}
		sc := &s.scalers[i]
		*sc = scaler{cfg: a, serving: a.Start, lastOut: math.Inf(-1), lastAny: math.Inf(-1),
			batches: sc.batches[:0], recent: sc.recent[:0], tlProv: sc.tlProv, tlServ: sc.tlServ,
			res: ScaleResult{Events: sc.res.Events[:0], MaxProvisioned: a.Start}}
		if a.IntervalMs < s.cfg.DurationMs {
			s.cal.Schedule(a.IntervalMs, evScale, int32(i))
		}
	}
}

// scalerServers is the servers region g has with its autoscaler's serving
// instances, after the capacity loss in force.
func (sc *scaler) servers() int {
	return int(math.Round(float64(sc.serving*sc.cfg.Concurrency) * (1 - sc.lost)))
}

// setServers changes region g's servers at now: the server areas brought
// up to date, the fewest servers of the window, and queued requests
// started on servers that became free. Fewer servers take effect as the
// busy ones finish (depart does not refill a server above the count).
func (s *Sim) setServers(now float64, gi int, servers int) {
	g := &s.regions[gi]
	warm, end := s.cfg.WarmupMs, s.cfg.DurationMs
	g.advance(now, warm, end)
	g.serverArea += s.window(g.serverSince, now) * float64(g.servers)
	g.serverSince = now
	if s.scalers != nil && s.scalers[gi].cfg != nil {
		sc := &s.scalers[gi]
		sc.serverArea += (now - sc.serverSince) * float64(g.servers)
		sc.serverSince = now
	}
	switch {
	case now <= warm:
		g.minServers = servers // what is present when the window opens
	case now < end:
		g.minServers = min(g.minServers, servers)
	}
	g.servers = servers
	for g.busy < g.servers && g.queued > 0 {
		g.busy++
		s.serveNext(now, g)
	}
}

// countChange brings region g's instance area and timeline up to now,
// before its counts change.
func (s *Sim) countChange(now float64, sc *scaler) {
	sc.area += s.window(sc.areaSince, now) * float64(sc.provisioned())
	sc.areaSince = now
	upTo := min(int(math.Ceil(now*s.tlInv)), len(sc.tlProv))
	for k := sc.tlFilled; k < upTo; k++ {
		sc.tlProv[k], sc.tlServ[k] = int32(sc.provisioned()), int32(sc.serving)
	}
	sc.tlFilled = max(sc.tlFilled, upTo)
}

// evaluate is region gi's autoscaler's evaluation at now.
func (s *Sim) evaluate(now float64, gi int) {
	sc := &s.scalers[gi]
	a := sc.cfg
	if next := now + a.IntervalMs; next < s.cfg.DurationMs {
		s.cal.Schedule(next, evScale, int32(gi))
	}
	g := &s.regions[gi]
	g.advance(now, s.cfg.WarmupMs, s.cfg.DurationMs)
	sc.serverArea += (now - sc.serverSince) * float64(g.servers)
	sc.serverSince = now
	busy, serverArea, arrivals, from := g.allBusy-sc.busy0, sc.serverArea, g.seen-sc.seen0, sc.since
	sc.since, sc.busy0, sc.seen0, sc.serverArea = now, g.allBusy, g.seen, 0
	if s.faulty && s.cut(int32(gi), from, now) {
		return // the region was down: hold (see the file's comment)
	}
	present := float64(g.servers) / float64(a.Concurrency) // instances' worth of servers now
	var signal float64
	switch a.Signal {
	case AutoUtilization:
		if serverArea <= 0 {
			return // no server all interval: nothing measured
		}
		signal = busy / serverArea
	case AutoRPS:
		mean := serverArea / (now - from) / float64(a.Concurrency)
		if mean <= 0 {
			return
		}
		signal = float64(arrivals) / ((now - from) / 1000) / mean
	case AutoBacklog:
		if present <= 0 {
			return
		}
		signal = float64(g.queued) / present
	}
	desired := sc.serving + sc.warm
	needed := DesiredInstances(sc.serving, signal, a.Target, a.Tolerance, a.Min, a.Max)
	if a.InStabilizationMs > 0 {
		// Only a scale in is stabilized: it goes down no further than the
		// window's highest recommendation (never up to it).
		if highest := sc.stabilized(now, needed); needed < desired {
			needed = min(highest, desired)
		}
	}
	switch {
	case needed > desired && now-sc.lastOut >= a.OutCooldownMs:
		s.countChange(now, sc)
		n := needed - desired
		sc.warm += n
		sc.lastOut, sc.lastAny = now, now
		sc.res.Outs++
		if a.WarmupMs == 0 {
			sc.warm -= n
			sc.serving += n
			s.setServers(now, gi, sc.servers())
		} else {
			sc.batches = append(sc.batches, warming{at: now + a.WarmupMs, n: n})
			s.cal.Schedule(now+a.WarmupMs, evWarm, int32(gi))
		}
	case needed < desired && now-sc.lastAny >= a.InCooldownMs:
		s.countChange(now, sc)
		n := desired - needed
		sc.lastAny = now
		sc.res.Ins++
		// Cancel the newest warming instances first: they serve nothing.
		for n > 0 && len(sc.batches) > 0 {
			b := &sc.batches[len(sc.batches)-1]
			k := min(n, b.n)
			b.n -= k
			sc.warm -= k
			n -= k
			if b.n == 0 {
				sc.batches = sc.batches[:len(sc.batches)-1]
			}
		}
		if n > 0 {
			sc.serving -= n
			sc.draining += n
			s.setServers(now, gi, sc.servers())
			s.drained(now, gi)
		}
	default:
		return
	}
	sc.res.MaxProvisioned = max(sc.res.MaxProvisioned, sc.provisioned())
	if len(sc.res.Events) < MaxScaleEvents {
		sc.res.Events = append(sc.res.Events, ScaleEvent{At: now, From: desired, To: sc.serving + sc.warm, Signal: signal})
	}
}

// stabilized records the recommendation needed at now and returns the
// highest recommended within the stabilization window, this one included:
// the count a scale in may go down to (the HPA's scale-down
// stabilization). Every evaluation that measured a signal records its
// recommendation, whether or not it scaled.
func (sc *scaler) stabilized(now float64, needed int) int {
	keep := 0
	for keep < len(sc.recent) && sc.recent[keep].at <= now-sc.cfg.InStabilizationMs {
		keep++
	}
	sc.recent = append(sc.recent[:copy(sc.recent, sc.recent[keep:])], recommendation{at: now, needed: needed})
	highest := needed
	for _, r := range sc.recent {
		highest = max(highest, r.needed)
	}
	return highest
}

// warmed makes region gi's oldest warming batch serve (evWarm). A batch
// cancelled by a scale in leaves its event behind: it finds the batch
// that is due (or none) and does nothing otherwise.
func (s *Sim) warmed(now float64, gi int) {
	sc := &s.scalers[gi]
	if len(sc.batches) == 0 || sc.batches[0].at > now {
		return
	}
	s.countChange(now, sc)
	n := sc.batches[0].n
	sc.batches = sc.batches[:copy(sc.batches, sc.batches[1:])]
	sc.warm -= n
	sc.serving += n
	s.setServers(now, gi, sc.servers())
}

// drained ends the draining of region gi's instances whose work is done:
// the busy servers above the count are the draining instances' requests
// in service, so ceil(excess / concurrency) instances still drain. Called
// when a server of a region with draining instances frees.
func (s *Sim) drained(now float64, gi int) {
	sc := &s.scalers[gi]
	g := &s.regions[gi]
	still := min(sc.draining, (max(g.busy-g.servers, 0)+sc.cfg.Concurrency-1)/sc.cfg.Concurrency)
	if still < sc.draining {
		s.countChange(now, sc)
		sc.draining = still
	}
}

// scaleLoss applies a capacity_loss change to an autoscaled region.
func (s *Sim) scaleLoss(now float64, gi int, lost float64) {
	sc := &s.scalers[gi]
	sc.lost = lost
	s.setServers(now, gi, sc.servers())
}

// summariseScalers fills each autoscaled region's ScaleResult and its
// timeline counts.
func (s *Sim) summariseScalers(res *Result) {
	if s.scalers == nil {
		return
	}
	end := s.cfg.DurationMs
	for i := range s.scalers {
		sc := &s.scalers[i]
		if sc.cfg == nil {
			continue
		}
		s.countChange(end, sc)
		for k := sc.tlFilled; k < len(sc.tlProv); k++ {
			sc.tlProv[k], sc.tlServ[k] = int32(sc.provisioned()), int32(sc.serving)
		}
		out := sc.res
		out.Events = append([]ScaleEvent(nil), sc.res.Events...)
		out.InstanceMs = sc.area
		res.Regions[i].Scale = &out
		for k := range res.Timeline {
			pt := &res.Timeline[k]
			if pt.Provisioned == nil {
				pt.Provisioned = make([]int32, len(s.scalers))
				pt.Serving = make([]int32, len(s.scalers))
			}
			pt.Provisioned[i], pt.Serving[i] = sc.tlProv[k], sc.tlServ[k]
		}
	}
}
