package report

// Cost in the reports: the table's cost lines and the advice on a failed
// max_cost_per_hour clause, which names the component that dominates.

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// unitPerHour is the unit of the max_cost_per_hour clause.
const unitPerHour = "/h"

// costFix is the advice on a failed cost clause of a report without cost
// figures.
const costFix = "to lower the cost per hour, remove instances where utilization is low, move traffic or replicas " +
	"to cheaper regions, send fewer bytes between regions, or raise the target"

// costFigure renders a cost: two decimals from 1 up, four significant
// digits below (a cent per hour must not read as 0.00).
func costFigure(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "n/a"
	case math.Abs(x) >= 1 || x == 0:
		return fmt.Sprintf("%.2f", x)
	default:
		return fmt.Sprintf("%.4g", x)
	}
}

// costEstimate renders "1.92 [1.91, 1.94]".
func costEstimate(e simulator.Estimate) string {
	return fmt.Sprintf("%s [%s, %s]", costFigure(e.Mean), costFigure(e.Low), costFigure(e.High))
}

// writeCostTable writes a scenario's cost per hour and per month, then each
// region's per-hour breakdown; nothing without cost figures.
func writeCostTable(w io.Writer, s simulator.ScenarioResult) {
	c := s.Cost
	if c == nil {
		return
	}
	unit := ""
	if c.Currency != "" {
		unit = " " + c.Currency
	}
	h := c.PerHour
	fmt.Fprintf(w, "\nCost per hour%s: %s (compute %s, inter-region transfer %s, internet egress %s, storage %s); per month (730 h): %s\n",
		unit, costEstimate(h.Total), costFigure(h.Compute.Mean), costFigure(h.InterRegionTransfer.Mean),
		costFigure(h.InternetEgress.Mean), costFigure(h.Storage.Mean), costEstimate(c.PerMonth.Total))
	fmt.Fprintln(w, "REGION\tINSTANCE-H\tCOST/H\tCOMPUTE/H\tINTER-REGION/H\tEGRESS/H\tSTORAGE/H\tINTER-REGION GB\tEGRESS GB")
	for _, r := range c.Regions {
		p := r.PerHour
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Region, costFigure(r.InstanceHours), costFigure(p.Total.Mean),
			costFigure(p.Compute.Mean), costFigure(p.InterRegionTransfer.Mean), costFigure(p.InternetEgress.Mean),
			costFigure(p.Storage.Mean), costFigure(r.InterRegionGB.Mean), costFigure(r.InternetEgressGB.Mean))
	}
}

// costPart is one component of a scenario's cost per hour.
type costPart struct {
	name  string
	value float64
	// of is the component in one region's breakdown.
	of func(simulator.CostBreakdown) float64
}

// costAdvice is the advice on a failed max_cost_per_hour clause, from the
// figures: the component that takes the largest share of the cost per
// hour, the region that pays most of it, and what lowers that component
// there; then the second component when it is not small.
func costAdvice(s simulator.ScenarioResult, c simulator.ClauseResult) []string {
	if s.Cost == nil || !(s.Cost.PerHour.Total.Mean > 0) {
		return []string{costFix}
	}
	h := s.Cost.PerHour
	parts := []costPart{
		{"compute", h.Compute.Mean, func(b simulator.CostBreakdown) float64 { return b.Compute.Mean }},
		{"inter-region transfer", h.InterRegionTransfer.Mean, func(b simulator.CostBreakdown) float64 { return b.InterRegionTransfer.Mean }},
		{"internet egress", h.InternetEgress.Mean, func(b simulator.CostBreakdown) float64 { return b.InternetEgress.Mean }},
		{"storage", h.Storage.Mean, func(b simulator.CostBreakdown) float64 { return b.Storage.Mean }},
	}
	slices.SortStableFunc(parts, func(a, b costPart) int { return cmp.Compare(b.value, a.value) })
	total := h.Total.Mean
	over := fmt.Sprintf("the cost per hour is %s against a target of %s, %s over", costFigure(c.Observed), number(c.Target),
		costFigure(c.Observed-c.Target))
	piece := func(p costPart) string {
		return fmt.Sprintf("%s is %s of it (%s/h): %s", p.name, percent(p.value/total, 0), costFigure(p.value), componentFix(s, p))
	}
	out := []string{over + "; " + piece(parts[0])}
	// The second component too, when it is a fifth of the cost or more.
	if parts[1].value >= 0.2*total {
		out = append(out, piece(parts[1]))
	}
	return out
}

// componentFix says what lowers one component, aimed at the region that
// pays most of it.
func componentFix(s simulator.ScenarioResult, p costPart) string {
	top := s.Cost.Regions[0]
	for _, r := range s.Cost.Regions[1:] {
		if p.of(r.PerHour) > p.of(top.PerHour) {
			top = r
		}
	}
	share := ""
	if p.value > 0 {
		share = fmt.Sprintf(" (%s of it)", percent(p.of(top.PerHour)/p.value, 0))
	}
	switch p.name {
	case "compute":
		for _, v := range regionViews(s) {
			if v.Name != top.Region || v.cfg == nil {
				continue
			}
			util := v.Utilization.Mean
			if v.cfg.Autoscaling != nil && v.Autoscaling != nil {
				return fmt.Sprintf("region %s pays most%s with %s instances on average, autoscaled at %s target %s: raise the "+
					"target, lower max_instances or scale_in_cooldown_s, or use a region with a lower instance_hour price",
					top.Region, share, tableFigure(v.Autoscaling.MeanInstances.Mean), v.cfg.Autoscaling.Signal, number(v.cfg.Autoscaling.Target))
			}
			if util < busyUtilization && v.cfg.Instances > 1 {
				need := max(1, int(math.Ceil(float64(v.cfg.Instances)*util/busyUtilization)))
				return fmt.Sprintf("region %s pays most%s with %d instances at %s utilization; about %d would keep it under %s",
					top.Region, share, v.cfg.Instances, percent(util, 0), need, percent(busyUtilization, 0))
			}
			return fmt.Sprintf("region %s pays most%s and its %d instances are busy (%s utilization): move traffic to a "+
				"region with a lower instance_hour price, lower service_time_ms, or raise the target",
				top.Region, share, v.cfg.Instances, percent(util, 0))
		}
		return fmt.Sprintf("region %s pays most%s: remove instances where utilization is low or use cheaper regions", top.Region, share)
	case "inter-region transfer":
		return fmt.Sprintf("region %s sends most%s (%s GB per replication window): replicate to fewer regions, send "+
			"smaller records (record_bytes), serve reads from the local replica, or keep leaders near the writers",
			top.Region, share, costFigure(top.InterRegionGB.Mean))
	case "internet egress":
		return fmt.Sprintf("region %s sends most%s to clients: smaller responses (response_bytes, e.g. compressed), "+
			"a cache or CDN in front, or a region with a lower internet_egress_gb", top.Region, share)
	default:
		return fmt.Sprintf("region %s stores most%s: fewer replicas, less data per replica (storage_gb), or cheaper storage",
			top.Region, share)
	}
}
