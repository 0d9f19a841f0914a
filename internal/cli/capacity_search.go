package cli

// The search behind capacity: per region, the fewest instances that meet
// the SLA, bracketed by the closed forms (simulator.CapacityBound) and
// bisected by simulation, with every region up and, for N+1, with each one
// lost. capacity.go has the command and its answer's types.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// searchFixedCapacity finds the fewest instances per region that meet the
// SLA in the baseline, then with any one region lost (N+1); m has no
// autoscaling (searchCapacity, capacity_autoscaling.go).
func searchFixedCapacity(ctx context.Context, m simulator.Model, limit int, prog *capacityProgress) (CapacityAnswer, error) {
	ans := CapacityAnswer{SchemaVersion: 1}
	s := &searcher{ctx: ctx, full: m, limit: limit, prog: prog}
	full := lossVariant{model: m}
	for i := range m.Regions {
		full.keep = append(full.keep, i)
	}
	regions, err := s.search("baseline", []lossVariant{full})
	ans.Simulations = s.sims
	if err != nil {
		return ans, err
	}
	ans.Regions = regions
	variants, note := nPlusOneVariants(m)
	if variants == nil {
		ans.NPlusOne = "not computed: " + note
		return ans, nil
	}
	if slices.ContainsFunc(regions, func(r CapacityResult) bool { return !r.Met }) {
		// N+1 includes the topology with every region up, which no count
		// makes meet the SLA: nothing more to simulate.
		ans.NPlusOne = "not searched: the SLA cannot be met with every region up (see above), so neither with one region lost"
		return ans, nil
	}
	// The topology likeliest to be blocked first (the highest round trip
	// against a latency target), so that a blocked N+1 costs one run; the
	// full topology, which the baseline search has shown can be met, last.
	risk := func(v lossVariant) float64 {
		worst := 0.0
		for _, l := range []struct {
			q      float64
			target *float64
		}{{0.5, m.SLA.LatencyP50Ms}, {0.95, m.SLA.LatencyP95Ms}, {0.99, m.SLA.LatencyP99Ms}, {0.999, m.SLA.LatencyP999Ms}} {
			if l.target == nil {
				continue
			}
			if ms, err := simulator.OfferedRoundTripQuantileMs(v.model, l.q); err == nil {
				worst = max(worst, ms / *l.target)
			}
		}
		return worst
	}
	slices.SortStableFunc(variants, func(a, b lossVariant) int { return -cmpFloat(risk(a), risk(b)) })
	regions, err = s.search("N+1", append(variants, full))
	ans.Simulations = s.sims
	if err != nil {
		return ans, err
	}
	ans.NPlusOneRegions = regions
	ans.NPlusOne = fmt.Sprintf("searched over the baseline and %d topologies with one region lost each (%s)", len(variants), note)
	return ans, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// lossVariant is a topology searched: the full one, or the one without a
// region (lost names it): the model, and for each of its regions the index
// of the region in the full model.
type lossVariant struct {
	lost  string
	model simulator.Model
	keep  []int
}

func (v lossVariant) name() string {
	if v.lost == "" {
		return "with every region up"
	}
	return "with " + v.lost + " lost"
}

// searcher runs the simulations of one capacity search, each once.
type searcher struct {
	ctx   context.Context
	full  simulator.Model
	limit int
	prog  *capacityProgress
	sims  int
	// cache holds each instance vector's outcome per phase.
	cache map[string]outcome
}

// outcome is whether an instance vector meets the SLA in every topology
// of a phase, and if not the first topology that failed and its report.
type outcome struct {
	ok     bool
	failed string
	report *simulator.Report
}

// run simulates one topology at instances (indexed like the full model).
func (s *searcher) run(phase string, v lossVariant, instances []int) (*simulator.Report, bool, error) {
	c := cloneModel(v.model)
	names := make([]string, len(c.Regions))
	counts := make([]int, len(c.Regions))
	for i, full := range v.keep {
		c.Regions[i].Instances = instances[full]
		names[i], counts[i] = c.Regions[i].Name, instances[full]
	}
	ctx, done := s.prog.simulating(s.ctx, phase+" search, "+v.name(), names, counts, c)
	rep, err := simulator.Run(ctx, c)
	done()
	switch {
	case err == nil:
		s.sims++
		return rep, report.Verdict(rep) == report.VerdictPass, nil
	case s.ctx.Err() != nil:
		return nil, false, s.ctx.Err()
	}
	var ce *simulator.CheckError
	if !errors.As(err, &ce) {
		return nil, false, fmt.Errorf("%s: %w", v.name(), err)
	}
	// A model the static checks reject (say, overloaded with an unbounded
	// queue) does not meet the SLA; anything else wrong with it is wrong
	// whatever the instances.
	for _, f := range ce.Findings {
		if f.Severity != simulator.SeverityWarning && !strings.HasPrefix(f.Path, "regions[") && f.Path != "regions" {
			return nil, false, fmt.Errorf("the model cannot be simulated whatever the instances (%s): %s: %s", v.name(), f.Path, f.Summary)
		}
	}
	return nil, false, nil
}

// meets evaluates every topology of the phase at instances, in order,
// stopping at the first that fails.
func (s *searcher) meets(phase string, vs []lossVariant, instances []int) (outcome, error) {
	key := phase + fmt.Sprint(instances)
	if o, seen := s.cache[key]; seen {
		return o, nil
	}
	o := outcome{ok: true}
	for _, v := range vs {
		rep, ok, err := s.run(phase, v, instances)
		if err != nil {
			return o, err
		}
		if !ok {
			o = outcome{failed: v.name(), report: rep}
			break
		}
	}
	if s.cache == nil {
		s.cache = map[string]outcome{}
	}
	s.cache[key] = o
	return o, nil
}

// meetsWith is meets with region i at n instances, the others as in cur.
func (s *searcher) meetsWith(phase string, vs []lossVariant, cur []int, i, n int) (bool, error) {
	c := slices.Clone(cur)
	c[i] = n
	o, err := s.meets(phase, vs, c)
	return o.ok, err
}

// search finds the fewest instances per region with which every topology
// of vs meets the SLA. Meeting it is assumed monotone in each region's
// instances. Every evaluation uses the model's seed, so the answer is
// reproducible.
func (s *searcher) search(phase string, vs []lossVariant) ([]CapacityResult, error) {
	m := s.full
	n := len(m.Regions)
	// The closed-form bracket of each region, the widest over the
	// topologies, and each region's offered load in each.
	br := make([]CapacityBracket, n)
	offered := make([][]float64, len(vs))
	for k, v := range vs {
		bs, err := simulator.CapacityBounds(v.model)
		if err != nil {
			var ce *simulator.CheckError
			if errors.As(err, &ce) {
				for _, f := range ce.Findings {
					if f.Severity != simulator.SeverityWarning {
						return nil, fmt.Errorf("the model cannot be simulated whatever the instances (%s): %s: %s", v.name(), f.Path, f.Summary)
					}
				}
			}
			return nil, err
		}
		offered[k] = make([]float64, n)
		for j, b := range bs {
			i := v.keep[j]
			offered[k][i] = b.OfferedRPS
			br[i].Stable = max(br[i].Stable, b.Stable)
			br[i].ErlangC = max(br[i].ErlangC, b.ErlangC)
			br[i].Ample = max(br[i].Ample, b.Ample)
			br[i].LatencyFloor = br[i].LatencyFloor || b.LatencyFloor
		}
	}
	for i := range br {
		switch {
		case br[i].LatencyFloor:
			br[i].ErlangC = 0 // out of reach in some topology
		case br[i].ErlangC > 0:
			br[i].ErlangC = max(br[i].ErlangC, br[i].Stable)
		}
	}
	hi := make([]int, n)
	ample := make([]int, n)
	capped, floor := false, false
	for i := range br {
		hi[i] = br[i].Ample
		if br[i].ErlangC > 0 {
			hi[i] = max(br[i].ErlangC, br[i].Stable)
		}
		ample[i] = max(br[i].Ample, hi[i])
		capped = capped || ample[i] > s.limit
		floor = floor || br[i].LatencyFloor
		hi[i], ample[i] = min(hi[i], s.limit), min(ample[i], s.limit)
	}
	if floor {
		// The closed form says some latency target is out of reach: the
		// ample run decides whether it is, in one simulation.
		hi = ample
	}
	results := func() []CapacityResult {
		out := make([]CapacityResult, n)
		for i, r := range m.Regions {
			out[i] = CapacityResult{Region: r.Name, Configured: r.Instances, ClosedForm: br[i]}
		}
		return out
	}

	o, err := s.meets(phase, vs, hi)
	if err != nil {
		return nil, err
	}
	if !o.ok && !slices.Equal(hi, ample) {
		// The closed form's guess fell short: before searching upward, see
		// whether any count helps, with every region ample.
		if o, err = s.meets(phase, vs, ample); err != nil {
			return nil, err
		}
		hi = ample
	}
	if !o.ok {
		out := results()
		reason, blockers := blockedReason(o, ample, capped, s.limit, m)
		for i := range out {
			out[i].Reason, out[i].BlockedBy = reason, blockers
		}
		return out, nil
	}

	out := results()
	cur := slices.Clone(hi)
	for i := range m.Regions {
		// Invariant: cur with cur[i] = top meets the SLA; bottom does not
		// (0 instances is not a region).
		bottom, top := 0, cur[i]
		// probe simulates n instances and moves the bound it decides.
		probe := func(n int) error {
			ok, err := s.meetsWith(phase, vs, cur, i, n)
			if err != nil {
				return err
			}
			if ok {
				top = n
			} else {
				bottom = n
			}
			return nil
		}
		// First just below the closed form's stability bound, then at it:
		// where the answer usually is (an idle region's is 1).
		if st := br[i].Stable - 1; st >= 1 && st < top {
			if s.certainlyFails(vs, offered, i, st) {
				bottom = st
			} else if err := probe(st); err != nil {
				return nil, err
			}
		}
		if st := br[i].Stable; bottom < st && st < top {
			if err := probe(st); err != nil {
				return nil, err
			}
		}
		for top-bottom > 1 {
			if err := probe(bottom + (top-bottom)/2); err != nil {
				return nil, err
			}
		}
		cur[i] = top
		out[i].Minimum, out[i].Met = top, true
	}
	return out, nil
}

// certainlyFails reports whether region i at n instances makes some
// topology fail the availability target without simulating: below its
// stability bound a region serves at most its capacity, so at least
// 1 - capacity/offered of its requests are rejected (less what its queue
// and servers hold at the end of the run), whatever the service time
// distribution. It claims so only when that forced loss alone is at least
// twice what the target allows, and only when the offered load is what
// reaches the queue: without a routing policy (whose retries and failover
// could serve a rejected request elsewhere), cache tiers (whose hits never
// reach it) or replica sets (which move writes to their leader).
func (s *searcher) certainlyFails(vs []lossVariant, offered [][]float64, i, n int) bool {
	m := s.full
	// A load profile's rate is not the constant rps this bound assumes.
	if m.SLA.Availability == nil || m.RoutingPolicy != nil || len(m.CacheTiers) > 0 || len(m.ReplicaSets) > 0 || m.Run.DurationS == nil ||
		m.Workload.HasLoadProfiles() {
		return false
	}
	r := m.Regions[i]
	capacity := float64(n*r.Concurrency) * 1000 / r.ServiceTimeMs
	total := 0.0
	for _, o := range m.Workload.Origins {
		total += o.RPS
	}
	allowed := 1 - *m.SLA.Availability
	for k := range vs {
		lambda := offered[k][i]
		if lambda <= capacity || r.QueueLimit == 0 || total == 0 {
			continue
		}
		held := float64(r.QueueLimit + n*r.Concurrency)
		forced := (1 - capacity/lambda - held/(lambda**m.Run.DurationS)) * lambda / total
		if forced >= 2*allowed {
			return true
		}
	}
	return false
}

// blockedReason explains a search that found no count meeting the SLA:
// the clauses that failed with every region at the ample count, and
// whether more instances could help (only when --max cut the ample count).
func blockedReason(o outcome, ample []int, capped bool, limit int, m simulator.Model) (string, []CapacityBlocker) {
	var blockers []CapacityBlocker
	var parts []string
	if o.report != nil {
		for _, sc := range o.report.Scenarios {
			for _, c := range sc.SLA {
				if c.Status == simulator.StatusPass {
					continue
				}
				b := CapacityBlocker{Topology: o.failed, Scenario: sc.Name, Clause: c.Clause, Origin: c.Origin,
					Target: c.Target, Observed: c.Observed, Low: c.Low, High: c.High, Status: c.Status}
				blockers = append(blockers, b)
				parts = append(parts, describeBlocker(b))
			}
		}
	}
	counts := make([]string, len(ample))
	for i, r := range m.Regions {
		counts[i] = fmt.Sprintf("%s=%d", r.Name, ample[i])
	}
	what := strings.Join(parts, "; ")
	if what == "" {
		what = "the static checks refuse the model (" + o.failed + ")"
	}
	if capped {
		return fmt.Sprintf("Not met %s with up to %d instances (--max): at %s, %s. The closed form puts the count at which queueing is negligible above --max: raise --max.",
			o.failed, limit, strings.Join(counts, " "), what), blockers
	}
	why := "more instances cannot help"
	if !slices.ContainsFunc(blockers, func(b CapacityBlocker) bool { return b.Status != simulator.StatusMarginal }) && len(blockers) > 0 {
		why = "more instances cannot settle it: the interval straddles the target with queueing negligible; more replications or a longer run may"
	} else if len(blockers) > 0 {
		switch c := blockers[0].Clause; {
		case strings.Contains(c, "latency"):
			why += ": the floor of a latency target is the round trip plus the service time, which no instance count lowers"
		case strings.Contains(c, "availability"):
			why += ": requests fail to an outage, a partition or a timeout that no instance count prevents"
		}
	}
	return fmt.Sprintf("Blocked %s: even at %s instances, where Erlang C puts the probability of waiting below %g with all the load on one region, %s; %s.",
		o.failed, strings.Join(counts, " "), simulator.AmpleWaitProbability, what, why), blockers
}

// describeBlocker says one failing clause: where, the figure and the target.
func describeBlocker(b CapacityBlocker) string {
	clause := b.Clause
	if b.Origin != "" {
		clause = fmt.Sprintf("%s of origin %s", b.Clause, b.Origin)
	}
	cmp := "<="
	if b.Clause == "availability" || b.Clause == "write_availability" {
		cmp = ">="
	}
	return fmt.Sprintf("scenario %q %s is %s [%s, %s] against %s %s (%s)", b.Scenario, clause,
		figure(b.Observed), figure(b.Low), figure(b.High), cmp, figure(b.Target), b.Status)
}

func figure(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.4g", x)
}

// nPlusOneVariants builds the topology without each region in turn: the
// region's origins go to the others (nearest, or as the routing policy
// says), and it leaves every replica set, cache tier and routing list it
// was in. Scenarios are dropped: N+1 is the steady state after a loss. A
// replica set keeps its quorum (a majority of its full size when unset).
// It returns nil and the reason when some loss cannot be modelled: a
// single region, a replica set or failover list that would be empty, or a
// quorum the survivors cannot reach.
func nPlusOneVariants(m simulator.Model) ([]lossVariant, string) {
	if len(m.Regions) < 2 {
		return nil, "the topology has a single region, so no region can be lost"
	}
	var out []lossVariant
	for li, lost := range m.Regions {
		v := lossVariant{lost: lost.Name}
		c := m
		c.Scenarios = nil
		c.SLA.RTOS = nil
		c.Regions = nil
		for i, r := range m.Regions {
			if i != li {
				c.Regions = append(c.Regions, r)
				v.keep = append(v.keep, i)
			}
		}
		without := func(names []string) []string {
			var kept []string
			for _, n := range names {
				if n != lost.Name {
					kept = append(kept, n)
				}
			}
			return kept
		}
		c.ReplicaSets = nil
		for _, rs := range m.ReplicaSets {
			q := rs.Quorum
			if q == 0 && rs.Replication == simulator.ReplicationSyncQuorum {
				q = len(rs.Regions)/2 + 1
			}
			rs.Regions = without(rs.Regions)
			switch {
			case len(rs.Regions) == 0:
				return nil, fmt.Sprintf("replica set %s has no replica outside region %s, so losing it loses the data", rs.Name, lost.Name)
			case q > len(rs.Regions):
				return nil, fmt.Sprintf("replica set %s needs a quorum of %d, and only %d replicas are left without region %s", rs.Name, q, len(rs.Regions), lost.Name)
			}
			if rs.Replication == simulator.ReplicationSyncQuorum {
				rs.Quorum = q
			}
			if rs.Leader == lost.Name {
				rs.Leader = rs.Regions[0]
			}
			c.ReplicaSets = append(c.ReplicaSets, rs)
		}
		c.CacheTiers = nil
		for _, t := range m.CacheTiers {
			if t.Regions = without(t.Regions); len(t.Regions) > 0 {
				c.CacheTiers = append(c.CacheTiers, t)
			}
		}
		if rp := m.RoutingPolicy; rp != nil {
			p := *rp
			p.Failover = without(rp.Failover)
			p.Weights, p.GeoRoutes = nil, nil
			for _, w := range rp.Weights {
				if w.Region != lost.Name {
					p.Weights = append(p.Weights, w)
				}
			}
			for _, g := range rp.GeoRoutes {
				if g.Region != lost.Name {
					p.GeoRoutes = append(p.GeoRoutes, g)
				}
			}
			switch {
			case p.Strategy == simulator.StrategyFailover && len(p.Failover) == 0:
				return nil, fmt.Sprintf("the failover list has no region but %s", lost.Name)
			case p.Strategy == simulator.StrategyWeighted && !anyWeight(p.Weights):
				return nil, fmt.Sprintf("no region but %s has a weight", lost.Name)
			}
			c.RoutingPolicy = &p
		}
		v.model = c
		out = append(out, v)
	}
	return out, "each loss modelled as the topology without the region, after failover"
}

func anyWeight(ws []simulator.RegionWeight) bool {
	for _, w := range ws {
		if w.Weight > 0 {
			return true
		}
	}
	return false
}
