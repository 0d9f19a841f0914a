package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

const capacityUsage = "capacity (--plan FILE | --state FILE | -f FILE) [--simulation ADDRESS] [--max N] [--json FILE]\n\n" +
	"Finds the fewest instances in each region with which every SLA clause passes (its whole 95% interval meets the\n" +
	"target; a marginal clause does not count as met). Regions are searched in turn by binary search, each with the\n" +
	"regions before it at their minimum and the others at a capacity that meets the SLA, so that no region of the\n" +
	"answer can lose an instance and still meet it. The baseline is searched first; then N+1: the fewest instances\n" +
	"with which the SLA is met both with every region and with any one region lost (the topology without it: its\n" +
	"origins served by the others, its replicas, caches and routes removed), in steady state after the failover."

// CapacityResult is the answer for one region.
type CapacityResult struct {
	Region string `json:"region"`
	// Configured is the region's instances in the input.
	Configured int `json:"configured_instances"`
	// Minimum is the fewest instances that meet the SLA, or 0 when none up
	// to the search bound does.
	Minimum int `json:"minimum_instances"`
	// Met is false when no instance count up to the bound meets the SLA.
	Met bool `json:"met"`
}

// CapacityAnswer is the whole answer, as --json writes it.
type CapacityAnswer struct {
	SchemaVersion int              `json:"schema_version"`
	Address       string           `json:"address"`
	Regions       []CapacityResult `json:"regions"`
	// Simulations is the number of simulations the search ran.
	Simulations int `json:"simulations"`
	// NPlusOne says how the N+1 answer was found, or why it is missing.
	NPlusOne string `json:"n_plus_one"`
	// NPlusOneRegions is the N+1 answer: the fewest instances per region
	// with which the SLA is met with all regions and with any one lost;
	// empty when it could not be computed (see NPlusOne).
	NPlusOneRegions []CapacityResult `json:"n_plus_one_regions,omitempty"`
}

func runCapacity(ctx context.Context, e *env, args []string) int {
	var in inputFlags
	var address, jsonOut string
	limit := 10_000
	fs := newFlags(e, "capacity", capacityUsage)
	in.register(fs)
	fs.StringVar(&address, "simulation", "", "`ADDRESS` of the simulation when the plan or state has several")
	fs.IntVar(&limit, "max", limit, "largest instance count tried per region")
	fs.StringVar(&jsonOut, "json", "", "write the answer as JSON to `FILE` (- for stdout)")
	if code := parseFlags(fs, e, args); code >= 0 {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "%s capacity: %v\n", ProgramName, err)
		return ExitBadInput
	}
	if limit < 1 {
		return fail(errors.New("--max must be at least 1"))
	}
	targets, warnings, err := in.load(ctx, e.stdin)
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "Warning: %s\n", w)
	}
	if err != nil {
		return fail(err)
	}
	t, err := selectTarget(targets, address)
	if err != nil {
		return fail(err)
	}
	if !hasSLA(t.Model.SLA) {
		return fail(fmt.Errorf("%s declares no SLA: there is nothing to meet", t.Address))
	}
	ans, err := searchCapacity(ctx, t.Model, limit)
	if err != nil {
		return fail(err)
	}
	ans.Address = t.Address

	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s: fewest instances per region that meet the SLA with every region up (%d simulations in all)\n\n", t.Address, ans.Simulations)
	fmt.Fprintln(tw, "REGION\tCONFIGURED\tMINIMUM")
	code := ExitOK
	for _, r := range ans.Regions {
		minimum := fmt.Sprint(r.Minimum)
		if !r.Met {
			minimum = fmt.Sprintf("not met with up to %d", limit)
			code = ExitSLAFailed
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\n", r.Region, r.Configured, minimum)
	}
	if len(ans.NPlusOneRegions) > 0 {
		fmt.Fprintf(tw, "\nN+1: fewest instances per region that meet the SLA with every region and with any one lost\n\n")
		fmt.Fprintln(tw, "REGION\tCONFIGURED\tN+1 MINIMUM")
		for _, r := range ans.NPlusOneRegions {
			minimum := fmt.Sprint(r.Minimum)
			if !r.Met {
				minimum = fmt.Sprintf("not met with up to %d", limit)
				code = ExitSLAFailed
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\n", r.Region, r.Configured, minimum)
		}
	}
	fmt.Fprintf(tw, "\nN+1: %s.\n", ans.NPlusOne)
	if err := tw.Flush(); err != nil {
		return fail(err)
	}
	if jsonOut != "" {
		var b bytes.Buffer
		if err := report.WriteJSON(&b, ans); err != nil {
			return fail(err)
		}
		if err := writeFile(e, jsonOut, b.Bytes()); err != nil {
			return fail(err)
		}
	}
	return code
}

func hasSLA(s simulator.SLA) bool {
	return s.LatencyP50Ms != nil || s.LatencyP95Ms != nil || s.LatencyP99Ms != nil || s.LatencyP999Ms != nil ||
		s.Availability != nil || s.ReadLatencyP99Ms != nil || s.WriteLatencyP99Ms != nil || s.ReplicationLagP99Ms != nil ||
		s.RPOMs != nil || s.StaleReadRatio != nil || s.ConflictRatio != nil || s.RTOS != nil || len(s.Origins) > 0
}

// searchCapacity finds the fewest instances per region that meet the SLA
// in the baseline, then with any one region lost (N+1).
func searchCapacity(ctx context.Context, m simulator.Model, limit int) (CapacityAnswer, error) {
	ans := CapacityAnswer{SchemaVersion: 1}
	regions, sims, err := minimalInstances(ctx, m, limit, nil)
	ans.Simulations += sims
	if err != nil {
		return ans, err
	}
	ans.Regions = regions
	variants, note := nPlusOneVariants(m)
	if variants == nil {
		ans.NPlusOne = "not computed: " + note
		return ans, nil
	}
	regions, sims, err = minimalInstances(ctx, m, limit, variants)
	ans.Simulations += sims
	if err != nil {
		return ans, err
	}
	ans.NPlusOneRegions = regions
	ans.NPlusOne = fmt.Sprintf("searched over the baseline and %d topologies with one region lost each (%s)", len(variants), note)
	return ans, nil
}

// lossVariant is the topology without one region: the model, and for each
// of its regions the index of the region in the full model.
type lossVariant struct {
	lost  string
	model simulator.Model
	keep  []int
}

// minimalInstances finds the fewest instances per region with which the
// model, and every variant with the same instances in the regions it
// keeps, meets the SLA. It first finds instance counts that do (the
// configured ones, or all regions doubled together until they do), then
// lowers each region in turn to the fewest that still do, by binary
// search: meeting the SLA is assumed monotone in a region's instances.
// Every evaluation uses the model's seed, so the answer is reproducible.
func minimalInstances(ctx context.Context, m simulator.Model, limit int, variants []lossVariant) ([]CapacityResult, int, error) {
	sims := 0
	cache := map[string]bool{}
	passes := func(c simulator.Model) (bool, error) {
		sims++
		rep, err := simulator.Run(ctx, c)
		switch {
		case err == nil:
			return report.Verdict(rep) == report.VerdictPass, nil
		case ctx.Err() != nil:
			return false, ctx.Err()
		}
		var ce *simulator.CheckError
		if !errors.As(err, &ce) {
			return false, err
		}
		// A model the static checks reject (say, overloaded with an
		// unbounded queue) does not meet the SLA.
		for _, f := range ce.Findings {
			if f.Severity != simulator.SeverityWarning && !strings.HasPrefix(f.Path, "regions[") && f.Path != "regions" {
				return false, fmt.Errorf("the model cannot be simulated whatever the instances: %s: %s", f.Path, f.Summary)
			}
		}
		return false, nil
	}
	meets := func(instances []int) (bool, error) {
		key := fmt.Sprint(instances)
		if ok, seen := cache[key]; seen {
			return ok, nil
		}
		c := cloneModel(m)
		for i := range c.Regions {
			c.Regions[i].Instances = instances[i]
		}
		ok, err := passes(c)
		for _, v := range variants {
			if !ok || err != nil {
				break
			}
			c := cloneModel(v.model)
			for i, full := range v.keep {
				c.Regions[i].Instances = instances[full]
			}
			if ok, err = passes(c); err != nil {
				err = fmt.Errorf("without region %s: %w", v.lost, err)
			}
		}
		if err != nil {
			return false, err
		}
		cache[key] = ok
		return ok, nil
	}

	n := len(m.Regions)
	cur := make([]int, n)
	for i, r := range m.Regions {
		cur[i] = min(max(r.Instances, 1), limit)
	}
	ok, err := meets(cur)
	if err != nil {
		return nil, sims, err
	}
	for !ok {
		grown := false
		for i := range cur {
			if cur[i] < limit {
				cur[i] = min(2*cur[i], limit)
				grown = true
			}
		}
		if !grown {
			break
		}
		if ok, err = meets(cur); err != nil {
			return nil, sims, err
		}
	}
	var out []CapacityResult
	for i, r := range m.Regions {
		res := CapacityResult{Region: r.Name, Configured: r.Instances}
		if !ok {
			out = append(out, res)
			continue
		}
		// Invariant: cur with cur[i] = hi meets the SLA; lo does not (0
		// instances is not a region).
		lo, hi := 0, cur[i]
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			cur[i] = mid
			good, err := meets(cur)
			if err != nil {
				return nil, sims, err
			}
			if good {
				hi = mid
			} else {
				lo = mid
			}
		}
		cur[i] = hi
		res.Minimum, res.Met = hi, true
		out = append(out, res)
	}
	return out, sims, nil
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
