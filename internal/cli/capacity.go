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
	"answer can lose an instance and still meet it. Only the baseline is searched: N+1 (each region down in turn)\n" +
	"needs the traffic of a region that is down to fail over to the others, which the simulator does not model yet."

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
	// NPlusOne says why the N+1 answer is missing.
	NPlusOne string `json:"n_plus_one"`
}

const nPlusOneNote = "not computed: N+1 (each region down in turn) needs the traffic of a region that is down to fail over " +
	"to the others, and the simulator does not re-route it yet (no routing policy), so every outage would fail its origins whatever the capacity"

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
	fmt.Fprintf(tw, "%s: fewest instances per region that meet the SLA (baseline, %d simulations)\n\n", t.Address, ans.Simulations)
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
		s.RPOMs != nil || s.StaleReadRatio != nil || s.ConflictRatio != nil
}

// searchCapacity finds the minimal instances per region. It first finds
// instance counts that meet the SLA (the configured ones, or all regions
// doubled together until they do), then lowers each region in turn to the
// fewest that still meet it, by binary search: meeting the SLA is assumed
// monotone in a region's instances. Every evaluation uses the model's seed,
// so the answer is reproducible.
func searchCapacity(ctx context.Context, m simulator.Model, limit int) (CapacityAnswer, error) {
	ans := CapacityAnswer{SchemaVersion: 1, NPlusOne: nPlusOneNote}
	cache := map[string]bool{}
	meets := func(instances []int) (bool, error) {
		key := fmt.Sprint(instances)
		if ok, seen := cache[key]; seen {
			return ok, nil
		}
		c := cloneModel(m)
		for i := range c.Regions {
			c.Regions[i].Instances = instances[i]
		}
		ans.Simulations++
		rep, err := simulator.Run(ctx, c)
		ok := false
		switch {
		case err == nil:
			ok = report.Verdict(rep) == report.VerdictPass
		case ctx.Err() != nil:
			return false, ctx.Err()
		default:
			var ce *simulator.CheckError
			if !errors.As(err, &ce) {
				return false, err
			}
			// A model the static checks reject (say, overloaded with
			// an unbounded queue) does not meet the SLA.
			for _, f := range ce.Findings {
				if f.Severity != simulator.SeverityWarning && !strings.HasPrefix(f.Path, "regions[") {
					return false, fmt.Errorf("the model cannot be simulated whatever the instances: %s: %s", f.Path, f.Summary)
				}
			}
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
		return ans, err
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
			return ans, err
		}
	}
	for i, r := range m.Regions {
		res := CapacityResult{Region: r.Name, Configured: r.Instances}
		if !ok {
			ans.Regions = append(ans.Regions, res)
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
				return ans, err
			}
			if good {
				hi = mid
			} else {
				lo = mid
			}
		}
		cur[i] = hi
		res.Minimum, res.Met = hi, true
		ans.Regions = append(ans.Regions, res)
	}
	return ans, nil
}
