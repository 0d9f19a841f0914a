package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

const capacityUsage = "capacity (--plan FILE | --state FILE | -f FILE) [--simulation ADDRESS] [--max N] [--json FILE] [--progress]\n\n" +
	"Finds the fewest instances in each region with which every SLA clause passes in every scenario (its whole 95%\n" +
	"interval meets the target; a marginal clause does not count as met). The baseline is searched first; then N+1: the\n" +
	"fewest instances with which the SLA is met both with every region and with any one region lost (the topology\n" +
	"without it: its origins served by the others, its replicas, caches and routes removed), in steady state after the\n" +
	"failover.\n\n" +
	"Before simulating, closed forms bracket each region: the fewest instances that carry its load, the M/M/c (Erlang C)\n" +
	"count that meets its latency targets, and an ample count at which queueing is negligible wherever the traffic goes.\n" +
	"When the SLA fails at the ample count, more instances cannot help (a round trip plus service time above a target,\n" +
	"an outage or partition): the search stops there and names the topology, scenario and clause that block. Otherwise\n" +
	"each region in turn is lowered by binary search to the fewest that still meet the SLA, the regions before it at\n" +
	"their minimum and the others at the bracket's top, so that no region of the answer can lose an instance and still\n" +
	"meet it. The search is of fixed counts (autoscaling removed); for a region with autoscaling it then advises\n" +
	"max_instances (the fixed count through the peak), min_instances (the fixed count at the trough; both N+1 when\n" +
	"N+1 is searched) and a target, verified by simulating the model with that autoscaling. A progress bar goes to standard error when it is a terminal (not with --no-progress or CI set); with\n" +
	"--progress where it is not, one line per simulation."

// CapacityResult is the answer for one region.
type CapacityResult struct {
	Region string `json:"region"`
	// Configured is the region's instances in the input.
	Configured int `json:"configured_instances"`
	// Minimum is the fewest instances that meet the SLA, or 0 when no
	// count does (see Reason).
	Minimum int `json:"minimum_instances"`
	// Met is false when no instance count up to the bound meets the SLA.
	Met bool `json:"met"`
	// Reason says, when Met is false, why: the clauses that fail however
	// many instances the regions have, or the --max bound that stopped
	// the search.
	Reason string `json:"reason,omitempty"`
	// BlockedBy are the clauses that failed (or were marginal) with every
	// region at the ample count, when Met is false.
	BlockedBy []CapacityBlocker `json:"blocked_by,omitempty"`
	// ClosedForm is the bracket the search started from.
	ClosedForm CapacityBracket `json:"closed_form"`
}

// CapacityBracket is a region's closed-form bracket (see
// simulator.CapacityBound), over the topologies searched (for N+1, the
// largest over the topology with every region and those with one lost).
type CapacityBracket struct {
	// Stable is the fewest instances that carry the region's load.
	Stable int `json:"stable"`
	// ErlangC is the M/M/c count that meets the region's latency
	// targets; 0 when the model has none for it, or none meets them.
	ErlangC int `json:"erlang_c"`
	// Ample is the count at which queueing is negligible.
	Ample int `json:"ample"`
	// LatencyFloor is true when in the M/M/c model no count meets a
	// latency target (round trip plus service time above it): the search
	// then starts at the ample count, which decides at once.
	LatencyFloor bool `json:"latency_floor"`
}

// CapacityBlocker is one clause that fails whatever the instance count.
type CapacityBlocker struct {
	// Topology is "with every region up", or "with <region> lost" for
	// N+1.
	Topology string `json:"topology"`
	Scenario string `json:"scenario"`
	Clause   string `json:"clause"`
	// Origin is set for a per-origin clause.
	Origin   string  `json:"origin,omitempty"`
	Target   float64 `json:"target"`
	Observed float64 `json:"observed"`
	Low      float64 `json:"ci_low"`
	High     float64 `json:"ci_high"`
	Status   string  `json:"status"`
}

// CapacityAnswer is the whole answer, as --json writes it.
type CapacityAnswer struct {
	SchemaVersion int              `json:"schema_version"`
	Address       string           `json:"address"`
	Regions       []CapacityResult `json:"regions"`
	// Simulations is the number of simulations the search ran (models the
	// static checks refused at once are not counted).
	Simulations int `json:"simulations"`
	// NPlusOne says how the N+1 answer was found, or why it is missing.
	NPlusOne string `json:"n_plus_one"`
	// NPlusOneRegions is the N+1 answer: the fewest instances per region
	// with which the SLA is met with all regions and with any one lost;
	// empty when it could not be computed (see NPlusOne).
	NPlusOneRegions []CapacityResult `json:"n_plus_one_regions,omitempty"`
	// Autoscaling is, for the autoscaled regions, the recommended range
	// and target (capacity_autoscaling.go); AutoscalingNote says how they
	// were found, or why not. Both empty without autoscaling.
	Autoscaling     []AutoscalingAdvice `json:"autoscaling,omitempty"`
	AutoscalingNote string              `json:"autoscaling_note,omitempty"`
	// ComputeCost prices the configured and minimum counts when the model
	// gives prices (capacity_cost.go); nil without.
	ComputeCost *CapacityCost `json:"compute_cost,omitempty"`
}

func runCapacity(ctx context.Context, e *env, args []string) int {
	var in inputFlags
	var address, jsonOut string
	var showProgress bool
	limit := 10_000
	fs := newFlags(e, "capacity", capacityUsage)
	in.register(fs)
	fs.StringVar(&address, "simulation", "", "`ADDRESS` of the simulation when the plan or state has several")
	fs.IntVar(&limit, "max", limit, "largest instance count tried per region")
	fs.StringVar(&jsonOut, "json", "", "write the answer as JSON to `FILE` (- for stdout)")
	fs.BoolVar(&showProgress, "progress", false, "show each simulation, one line each, on standard error when it is not a terminal")
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
	prog := newCapacityProgress(e, showProgress)
	ans, err := searchCapacity(ctx, t.Model, limit, prog)
	if err != nil {
		return fail(err)
	}
	ans.Address = t.Address
	ans.ComputeCost = capacityCost(t.Model, ans)

	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s: fewest instances per region that meet the SLA with every region up (%d simulations in all)\n\n", t.Address, ans.Simulations)
	code := ExitOK
	table := func(header string, rs []CapacityResult) {
		fmt.Fprintf(tw, "REGION\tCONFIGURED\t%s\tCLOSED FORM (STABLE / ERLANG C / AMPLE)\n", header)
		for _, r := range rs {
			minimum := fmt.Sprint(r.Minimum)
			if !r.Met {
				minimum = "not met"
				code = ExitSLAFailed
			}
			erl := "-"
			if r.ClosedForm.ErlangC > 0 {
				erl = fmt.Sprint(r.ClosedForm.ErlangC)
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%d / %s / %d\n", r.Region, r.Configured, minimum, r.ClosedForm.Stable, erl, r.ClosedForm.Ample)
		}
		// Every region of a search that stopped shares its reason: say it
		// once, under the table.
		var said []string
		for _, r := range rs {
			if !r.Met && !slices.Contains(said, r.Reason) {
				said = append(said, r.Reason)
				fmt.Fprintf(tw, "\n%s\n", r.Reason)
			}
		}
	}
	table("MINIMUM", ans.Regions)
	if len(ans.NPlusOneRegions) > 0 {
		fmt.Fprintf(tw, "\nN+1: fewest instances per region that meet the SLA with every region and with any one lost\n\n")
		table("N+1 MINIMUM", ans.NPlusOneRegions)
	}
	fmt.Fprintf(tw, "\nN+1: %s.\n", ans.NPlusOne)
	writeCapacityCost(tw, ans.ComputeCost)
	if !writeAutoscalingAdvice(tw, ans) {
		code = ExitSLAFailed
	}
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
		s.RPOMs != nil || s.StaleReadRatio != nil || s.ConflictRatio != nil || s.RTOS != nil || len(s.Origins) > 0 ||
		s.DuplicateWriteRatio != nil
}

// capacityProgress shows each simulation of the search on standard error:
// on a terminal a progress bar (the simulation, its instances, its
// replications and an estimate of its time left), with --progress where
// standard error is not a terminal one line per simulation; nothing
// otherwise (tests, CI logs). Each simulation is logged at debug.
type capacityProgress struct {
	e       *env
	lines   bool
	started time.Time
	n       int
}

// newCapacityProgress is the progress of a search; lines is --progress.
func newCapacityProgress(e *env, lines bool) *capacityProgress {
	return &capacityProgress{e: e, lines: lines && (e.term == nil || !e.term.on)}
}

// simulating returns the context simulation m of the search runs with, and
// the function to call when it returns.
func (p *capacityProgress) simulating(ctx context.Context, phase string, names []string, instances []int, m simulator.Model) (context.Context, func()) {
	if p.n == 0 {
		p.started = time.Now()
	}
	p.n++
	var parts []string
	for i, n := range names {
		parts = append(parts, fmt.Sprintf("%s=%d", n, instances[i]))
	}
	what := fmt.Sprintf("capacity simulation %d, %s: %s", p.n, phase, strings.Join(parts, " "))
	if p.lines {
		fmt.Fprintf(p.e.stderr, "capacity: simulation %d (%s elapsed), %s: %s\n", p.n, time.Since(p.started).Round(time.Second), phase, strings.Join(parts, " "))
	}
	return observeSimulation(ctx, p.e, what, m)
}
