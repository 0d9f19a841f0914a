package cli

// capacity for autoscaled regions (issue 13): beside the fixed count, a
// recommended autoscaling range and target, each part found or verified
// by simulation:
//   - max_instances: the fixed count that meets the SLA through the whole
//     run, peak included (the N+1 answer when N+1 was searched: enough
//     for the peak with any one region lost);
//   - min_instances: the same search with every origin held at its rate
//     in the minute of least total load of the measured window (the
//     trough), N+1 too when it was searched; the model's scenarios stay,
//     so the trough count also rides out its faults;
//   - target: for utilization, the peak's utilization at max_instances
//     (offered x service time / servers) over 1 + tolerance, so that even
//     the top of the dead band does not exceed what the fixed count showed
//     to hold; for rps_per_instance the same in requests per instance. The
//     model is then simulated with that autoscaling (every scenario, the
//     full topology), and the target lowered by 15 % until the SLA passes,
//     at most autoscaleTries times; a backlog_per_instance target is
//     verified as configured. A fixed count holds the peak in steady
//     state; the autoscaler must also follow the ramp, lagging by its
//     interval and warm-up, which only the simulation judges.

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// autoscaleTries bounds the target's verification runs per answer.
const autoscaleTries = 4

// AutoscalingAdvice is the recommendation for one autoscaled region.
type AutoscalingAdvice struct {
	Region       string  `json:"region"`
	Signal       string  `json:"signal"`
	MinInstances int     `json:"min_instances"`
	MaxInstances int     `json:"max_instances"`
	Target       float64 `json:"target"`
	// Met is true when the model with every autoscaled region at its
	// advice passed the SLA in a simulation; Reason says why not.
	Met    bool   `json:"met"`
	Reason string `json:"reason,omitempty"`
}

// searchCapacity finds the fewest fixed instances per region (every
// autoscaler removed: searchFixedCapacity) and, when some region
// autoscales, the advice for its autoscaling.
func searchCapacity(ctx context.Context, m simulator.Model, limit int, prog *capacityProgress) (CapacityAnswer, error) {
	ans, err := searchFixedCapacity(ctx, withoutAutoscaling(m), limit, prog)
	if err != nil || !autoscaledModel(m) {
		return ans, err
	}
	peak := ans.Regions
	if len(ans.NPlusOneRegions) > 0 {
		peak = ans.NPlusOneRegions
	}
	for _, r := range peak {
		if !r.Met {
			ans.AutoscalingNote = "not computed: no fixed count meets the SLA at the peak (see above)"
			return ans, nil
		}
	}
	trough, err := searchFixedCapacity(ctx, withoutAutoscaling(atTrough(m)), limit, prog)
	ans.Simulations += trough.Simulations
	if err != nil {
		return ans, err
	}
	low := trough.Regions
	if len(trough.NPlusOneRegions) > 0 {
		low = trough.NPlusOneRegions
	}
	advice, sims, err := adviseAutoscaling(ctx, m, peak, low, prog)
	ans.Simulations += sims
	ans.Autoscaling = advice
	ans.AutoscalingNote = "max from the peak, min from the trough" + map[bool]string{true: " (both N+1)", false: ""}[len(ans.NPlusOneRegions) > 0] +
		", target verified by simulating the model with the advice"
	return ans, err
}

// adviseAutoscaling builds each autoscaled region's advice from the peak
// and trough counts and verifies the targets by simulation.
func adviseAutoscaling(ctx context.Context, m simulator.Model, peak, low []CapacityResult, prog *capacityProgress) ([]AutoscalingAdvice, int, error) {
	bounds, err := simulator.CapacityBounds(withoutAutoscaling(m))
	if err != nil {
		return nil, 0, err
	}
	var out []AutoscalingAdvice
	idx := map[int]int{} // region -> advice
	for i, r := range m.Regions {
		a := r.Autoscaling
		if a == nil {
			continue
		}
		hi := max(peak[i].Minimum, 1)
		lo := min(max(low[i].Minimum, 1), hi)
		tol := simulator.DefaultAutoscalingTolerance
		if a.Tolerance != nil {
			tol = *a.Tolerance
		}
		signal := a.Signal
		if signal == "" {
			signal = simulator.DefaultAutoscalingSignal
		}
		perInstance := bounds[i].OfferedRPS / float64(hi)
		target := a.Target
		switch signal {
		case simulator.SignalUtilization:
			target = perInstance * r.ServiceTimeMs / 1000 / float64(max(r.Concurrency, 1)) / (1 + tol)
		case simulator.SignalRPSPerInstance:
			target = perInstance / (1 + tol)
		}
		idx[i] = len(out)
		out = append(out, AutoscalingAdvice{Region: r.Name, Signal: string(signal), MinInstances: lo, MaxInstances: hi, Target: roundTarget(target)})
	}
	sims := 0
	for try := range autoscaleTries {
		c := cloneModel(m)
		for i, k := range idx {
			ad := out[k]
			as := *c.Regions[i].Autoscaling
			as.MinInstances, as.MaxInstances, as.Target = ad.MinInstances, ad.MaxInstances, ad.Target
			c.Regions[i].Autoscaling = &as
			c.Regions[i].Instances = min(max(c.Regions[i].Instances, ad.MinInstances), ad.MaxInstances)
		}
		names, counts := make([]string, 0, len(idx)), make([]int, 0, len(idx))
		for _, ad := range out {
			names, counts = append(names, ad.Region), append(counts, ad.MaxInstances)
		}
		sctx, done := prog.simulating(ctx, fmt.Sprintf("autoscaling target check %d (max instances shown)", try+1), names, counts, c)
		rep, err := simulator.Run(sctx, c)
		done()
		if err != nil {
			return out, sims, fmt.Errorf("autoscaling advice: %w", err)
		}
		sims++
		if report.Verdict(rep) == report.VerdictPass {
			for k := range out {
				out[k].Met = true
			}
			return out, sims, nil
		}
		for k := range out {
			if out[k].Signal != string(simulator.SignalBacklogPerInstance) {
				out[k].Target = roundTarget(out[k].Target * 0.85)
			}
		}
	}
	for k := range out {
		out[k].Reason = fmt.Sprintf("the SLA did not pass with the autoscalers at these ranges in %d simulations, the target lowered by 15 %% each time; "+
			"the ramp outpaces the autoscaler: shorten warmup_s or evaluation_interval_s, raise min_instances, or use a fixed count", autoscaleTries)
	}
	return out, sims, nil
}

// roundTarget keeps 3 significant digits, rounding down (a lower target
// is the safer side).
func roundTarget(x float64) float64 {
	if x <= 0 {
		return x
	}
	p := math.Pow(10, 2-math.Floor(math.Log10(x)))
	return math.Floor(x*p) / p
}

// autoscaledModel reports whether some region of m autoscales.
func autoscaledModel(m simulator.Model) bool {
	for _, r := range m.Regions {
		if r.Autoscaling != nil {
			return true
		}
	}
	return false
}

// withoutAutoscaling is m with every region at a fixed count: the fixed
// search's model (its instances as configured).
func withoutAutoscaling(m simulator.Model) simulator.Model {
	c := cloneModel(m)
	for i := range c.Regions {
		c.Regions[i].Autoscaling = nil
	}
	return c
}

// atTrough is m with every origin at a constant rate: its rate at the
// second of least total offered load in the measured window (sampled at
// each second's middle; load profiles removed). Without load profiles it
// is m.
func atTrough(m simulator.Model) simulator.Model {
	if !m.Workload.HasLoadProfiles() {
		return m
	}
	d := simulator.Model{Run: m.Run} // the run's defaults only, nothing of m shared
	simulator.ApplyDefaults(&d)
	start, end := *d.Run.WarmupS, *d.Run.DurationS
	best, at := math.Inf(1), start
	for t := start + 0.5; t < end; t++ {
		total := 0.0
		for o := range m.Workload.Origins {
			total += m.Workload.OriginRPS(o, t)
		}
		if total < best {
			best, at = total, t
		}
	}
	c := cloneModel(m)
	for o := range c.Workload.Origins {
		c.Workload.Origins[o].RPS = m.Workload.OriginRPS(o, at)
		c.Workload.Origins[o].LoadProfile = nil
	}
	return c
}

// writeAutoscalingAdvice prints the advice under the capacity tables.
func writeAutoscalingAdvice(w io.Writer, ans CapacityAnswer) bool {
	if ans.AutoscalingNote == "" {
		return true
	}
	fmt.Fprintf(w, "\nAutoscaling: %s.\n", ans.AutoscalingNote)
	if len(ans.Autoscaling) == 0 {
		return true
	}
	fmt.Fprintf(w, "\nREGION\tSIGNAL\tMIN\tMAX\tTARGET\tVERIFIED\n")
	ok := true
	for _, a := range ans.Autoscaling {
		v := "yes"
		if !a.Met {
			v, ok = "no", false
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%g\t%s\n", a.Region, a.Signal, a.MinInstances, a.MaxInstances, a.Target, v)
	}
	for _, a := range ans.Autoscaling {
		if a.Reason != "" {
			fmt.Fprintf(w, "\n%s\n", a.Reason)
			break
		}
	}
	return ok
}
