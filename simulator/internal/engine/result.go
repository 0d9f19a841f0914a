package engine

// The engine's output: a replication's Result and its parts, and how the
// state at the end of a replication is summarised into them.

import (
	"math"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
)

// Result is the outcome of one replication.
type Result struct {
	// Issued counts every request issued, warm-up included.
	Issued int64
	// Events counts the events processed.
	Events int64
	// Measured and Succeeded total the origins' counts.
	Measured, Succeeded int64
	// Latency pools the successful measured requests of every origin.
	Latency Latency
	// Origins are in Config order.
	Origins []OriginResult
	// Regions are in Config order.
	Regions []RegionResult
	// With replica sets only: measured reads and writes, those that
	// succeeded, and their latencies.
	Reads, ReadsOK, Writes, WritesOK int64
	ReadLatency, WriteLatency        Latency
	// Sets are in Config order.
	Sets []SetResult
	// Caches are per cache (numbered as Origin.Cache), Tiers per tier.
	Caches []CacheResult
	Tiers  []TierResult
	// Timeline covers every request issued, warm-up included, by issue
	// time: one point per second (or per longer step, see
	// MaxTimelinePoints).
	Timeline []TimelinePoint
	// Routing is set with a routing policy.
	Routing *RoutingResult
	// Operations is, with Config.Parents, one entry per Config origin
	// (each an operation of the result origin Parents[i]); nil without.
	Operations []OperationResult
	// Sessions are per replica set, in Config order, with sessions only.
	Sessions []SessionResult
	// Transfer is the bytes moved, with Config.Transfer only.
	Transfer *TransferResult
}

// Latency summarises the successful measured requests of a replication, in
// milliseconds. Every field is NaN when there were none.
type Latency struct {
	// Mean is exact (a sum over a count); the quantiles come from a
	// sketch with stats.RelativeAccuracy; Min is exact.
	Mean, P50, P95, P99, P999, Min float64
}

// OriginResult is what one origin's clients measured in a replication.
type OriginResult struct {
	// Measured counts requests issued after warm-up; Succeeded those of them
	// that got a response (the rest were rejected).
	Measured, Succeeded int64
	// Latency is over the successful measured requests.
	Latency Latency
	// Curve is that latency at each of CurveQuantiles, nil when none
	// succeeded.
	Curve []float64
	// Served[g] counts the successful measured requests that region g
	// served (the region of the attempt that answered), in Config order:
	// they sum to Succeeded.
	Served []int64
}

// RegionResult is what one region's queue measured in a replication, over
// the window [warm-up, duration) for time averages and over requests that
// arrived at the region in that window for per-request figures.
type RegionResult struct {
	// Arrivals counts arrivals in the window, Rejected those that found the
	// queue full.
	Arrivals, Rejected int64
	// ArrivalRate is arrivals per second in the window.
	ArrivalRate float64
	// Utilization is the time-average fraction of busy servers among the
	// servers present: busy-server time over the integral of the servers
	// present (capacity changes included) over the window, so that a
	// region reduced from 7 servers to 4 is measured against 4.
	Utilization float64
	// MinServers is the fewest servers present at any time of the window.
	MinServers int
	// RejectedRatio is Rejected / Arrivals (NaN with no arrival).
	RejectedRatio float64
	// MeanWait, MeanSojourn and P99Sojourn are over accepted arrivals, in
	// ms (NaN with none).
	MeanWait, MeanSojourn, P99Sojourn float64
	// MeanInSystem is the time-average number waiting or in service.
	MeanInSystem float64
	// Scale is what the region's autoscaler did; nil without one.
	Scale *ScaleResult
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
	// LostWrites counts the committed writes lost, LostAtFailover +
	// LostAtHeal: LostAtFailover those the promoted leader never received,
	// LostAtHeal the split-brain writes (SplitBrainWrites), all discarded
	// when the partition heals.
	LostWrites, LostAtFailover, LostAtHeal int64
	// RPOMs is the largest data-loss window of a failure: for each
	// failure that loses writes, the time from the commit of the oldest
	// committed write it loses to the failure. A promotion's failure is
	// the last instant the old leader committed a write the promotion
	// loses: its region's outage, or the promotion itself when partitions
	// only cut it off. A split-brain heal's window runs from the oldest
	// write of the old leader's history that the heal discards (lost at
	// the promotion, or its first split-brain write) to the heal, or to
	// the end of the run for a partition that outlasts it. 0 only when
	// nothing is lost.
	RPOMs float64
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
	// SplitBrainMerged counts the split-brain writes merged at the heal
	// (MergeSplitBrain) instead of discarded: not lost.
	SplitBrainMerged int64
	// LagReads counts non-strong reads sent to the leader because the
	// replica that would serve them was marked lagging.
	LagReads int64
}

// Lag summarises one replica's replication lag, in milliseconds.
type Lag struct {
	P50, P99, Max float64
	N             int64
}

// CacheResult is what one region's cache measured in a replication, over
// the lookups of requests issued after warm-up.
type CacheResult struct {
	// Lookups counts reads that looked in the cache, Hits those it
	// answered, StaleHits those hits that served a version older than the
	// key's last committed version at that instant.
	Lookups, Hits, StaleHits int64
	// Hit and Miss are the latencies of the successful measured reads
	// that looked in this cache, by outcome (its tier's TierResult split
	// by cache).
	Hit, Miss Latency
}

// TierResult is one cache tier's read latencies in a replication: over the
// successful measured reads that hit one of its caches, and those that
// missed.
type TierResult struct {
	Hit, Miss Latency
}

// TimelinePoint is one step of a replication's timeline: the requests
// issued in [TimeMs, TimeMs + step), how many succeeded, the p99 of their
// latencies (NaN with none), and the cache lookups and hits of their reads.
type TimelinePoint struct {
	// TimeMs is the step's start and StepMs its length: the timeline's
	// step (see MaxTimelinePoints), shorter for the last point when the
	// duration is not a whole number of steps.
	TimeMs, StepMs            float64
	Issued, OK, Lookups, Hits int64
	P99                       float64
	// With a routing policy: attempts sent in the step, and per region.
	Attempts       int64
	RegionAttempts []int64
	// With the health signals (health_signals.go): the largest queue
	// backlog per region, and replication lag per replica (sets in
	// Config order, replicas in set order, flat), that the health checks
	// read in the step; a step without a check holds the previous step's
	// value (0 before the first check). Nil without the signal.
	QueueBacklog []float64
	ReplicaLagMs []float64
	// With autoscaling: the instances provisioned (serving, warming and
	// draining) and serving per region at the step's start; 0 for a
	// region without an autoscaler. Nil when no region has one.
	Provisioned, Serving []int32
}

// RoutingResult is what the routing layer measured in a replication.
type RoutingResult struct {
	// Attempts counts the attempts of measured calls, TimedOut those that
	// timed out; BreakerOpens counts breaker openings.
	Attempts, TimedOut, BreakerOpens int64
	// Marks are the health-mark changes in time order.
	Marks []Mark
	// Violations are per (origin, region) pair, in pair order.
	Violations []Violation
}

// Mark is a change of a region's health mark.
type Mark struct {
	Region int
	At     float64
	Down   bool
	// Signal is what moved the mark: SignalProbe (the zero value),
	// SignalLag or SignalBacklog. Set is the replica set of a SignalLag
	// mark (whose Region is the replica's), else 0.
	Signal Signal
	Set    int
}

// Violation is traffic from an origin to a region outside its allowed
// jurisdictions.
type Violation struct {
	Origin, Region int
	First          float64
	Attempts       int64
}

// summarise turns the state at the end of a replication into its Result.
func (s *Sim) summarise(events int64) *Result {
	warm, end := s.cfg.WarmupMs, s.cfg.DurationMs
	window := end - warm
	res := &Result{
		Issued:  s.issued,
		Events:  events,
		Origins: make([]OriginResult, len(s.origins)),
		Regions: make([]RegionResult, len(s.regions)),
	}
	s.pooled.Clear()
	var sumLatency float64
	minLatency := math.Inf(1)
	for i := range s.origins {
		o := &s.origins[i]
		res.Origins[i] = OriginResult{
			Measured:  o.measured,
			Succeeded: o.succeeded,
			Latency:   latencyOf(o.latency, o.sumLatency, o.succeeded, o.minLatency),
			Curve:     curveOf(o.latency, o.succeeded),
			Served:    append([]int64(nil), o.served...),
		}
		res.Measured += o.measured
		res.Succeeded += o.succeeded
		sumLatency += o.sumLatency
		minLatency = math.Min(minLatency, o.minLatency)
		// Merging in origin order keeps the pooled sketch, and so the
		// report, independent of anything but the model and seed.
		s.pooled.Merge(o.latency)
	}
	res.Latency = latencyOf(s.pooled, sumLatency, res.Succeeded, minLatency)
	for i := range s.regions {
		g := &s.regions[i]
		g.advance(math.Max(g.last, end), warm, end)
		serverArea := g.serverArea + s.window(g.serverSince, end)*float64(g.servers)
		rr := RegionResult{
			Arrivals:      g.arrivals,
			Rejected:      g.rejected,
			ArrivalRate:   float64(g.arrivals) / window * 1000,
			Utilization:   ratio(g.busyArea, serverArea),
			MinServers:    g.minServers,
			RejectedRatio: ratio(float64(g.rejected), float64(g.arrivals)),
			MeanWait:      ratio(g.sumWait, float64(g.accepted)),
			MeanSojourn:   ratio(g.sumSojourn, float64(g.accepted)),
			P99Sojourn:    g.sojourn.Quantile(0.99),
			MeanInSystem:  g.systemArea / window,
		}
		res.Regions[i] = rr
	}
	if s.hasData {
		res.Reads, res.ReadsOK, res.Writes, res.WritesOK = s.reads, s.readsOK, s.writes, s.writesOK
		res.ReadLatency = latencyOf(s.readLat, s.readSum, s.readsOK, math.NaN())
		res.WriteLatency = latencyOf(s.writeLat, s.writeSum, s.writesOK, math.NaN())
		res.Sets = s.summariseSets(end)
		res.Sessions = s.summariseSessions()
	}
	if s.hasCaches {
		s.summariseCaches(res)
	}
	res.Timeline = s.summariseTimeline()
	s.summariseScalers(res)
	if s.routed {
		s.summariseRouting(res)
	}
	if s.cfg.Parents != nil {
		s.summariseOperations(res)
	}
	s.summariseTransfer(res)
	return res
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
		st.splitLoss(end)
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
			LostWrites:       st.lost + st.splitBrain - st.splitMerged,
			LostAtFailover:   st.lost,
			LostAtHeal:       st.splitBrain - st.splitMerged,
			RPOMs:            st.rpo,
			UnavailableMs:    st.unavailMs,
			Failovers:        st.failovers,
			SplitBrainWrites: st.splitBrain,
			SplitBrainMerged: st.splitMerged,
			LagReads:         st.lagReads,
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

// summariseCaches turns the caches' state into results.
func (s *Sim) summariseCaches(res *Result) {
	res.Caches = make([]CacheResult, len(s.caches))
	for i := range s.caches {
		c := &s.caches[i]
		cl := &s.cacheLat[i]
		res.Caches[i] = CacheResult{
			Lookups: c.lookups, Hits: c.hits, StaleHits: c.st,
			Hit:  latencyOf(cl.hit, cl.hitSum, cl.hitN, math.NaN()),
			Miss: latencyOf(cl.miss, cl.missSm, cl.missN, math.NaN()),
		}
	}
	res.Tiers = make([]TierResult, len(s.tiers))
	for t := range s.tiers {
		ts := &s.tiers[t]
		res.Tiers[t] = TierResult{
			Hit:  latencyOf(ts.hit, ts.hitSum, ts.hitN, math.NaN()),
			Miss: latencyOf(ts.miss, ts.missSm, ts.missN, math.NaN()),
		}
	}
}

// summariseTimeline reads each point's p99 from its histogram.
func (s *Sim) summariseTimeline() []TimelinePoint {
	out := make([]TimelinePoint, len(s.tl))
	for i, p := range s.tl {
		q := math.NaN()
		// Successes are counted by the histogram alone: one increment per
		// response on the hot path.
		h := s.tlHist[i*timelineBins : (i+1)*timelineBins]
		var ok uint64
		for _, n := range h {
			ok += n
		}
		p.ok = int64(ok)
		if p.ok > 0 {
			// The rank of the p99: the smallest r with r >= 0.99 n.
			rank := uint64(math.Ceil(0.99 * float64(p.ok)))
			var seen uint64
			for b, n := range h {
				seen += n
				if seen >= rank {
					q = timelineMid(b)
					break
				}
			}
		}
		t := float64(i) * s.tlStep
		out[i] = TimelinePoint{TimeMs: t, StepMs: min(s.tlStep, s.cfg.DurationMs-t), Issued: p.issued, OK: p.ok, Lookups: p.lookups, Hits: p.hits, P99: q}
	}
	return out
}

// summariseRouting fills the routing results.
func (s *Sim) summariseRouting(res *Result) {
	rs := s.rt
	out := rs.res
	out.Marks = append([]Mark(nil), rs.res.Marks...)
	for p, n := range rs.viol {
		if n > 0 {
			out.Violations = append(out.Violations, Violation{Origin: p / rs.n, Region: p % rs.n, First: rs.first[p], Attempts: n})
		}
	}
	res.Routing = &out
	for i := range res.Timeline {
		pt := &res.Timeline[i]
		pt.Attempts = rs.tlAttempts[i]
		pt.RegionAttempts = append([]int64(nil), rs.tlRegion[i*rs.n:(i+1)*rs.n]...)
	}
	s.summariseSignalTimeline(res)
}

// latencyOf summarises a latency sketch and its exact sum, count and min.
func latencyOf(sk *stats.Sketch, sum float64, n int64, minimum float64) Latency {
	if n == 0 {
		nan := math.NaN()
		return Latency{nan, nan, nan, nan, nan, nan}
	}
	return Latency{
		Mean: sum / float64(n),
		P50:  sk.Quantile(0.50),
		P95:  sk.Quantile(0.95),
		P99:  sk.Quantile(0.99),
		P999: sk.Quantile(0.999),
		Min:  minimum,
	}
}

// ratio is a/b, or NaN when b is 0 (the figure is undefined, not zero).
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
