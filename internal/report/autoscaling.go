package report

// Autoscaled regions in the reports: the table's summary of each
// autoscaler and the first scale events, and advice that names the
// autoscaling's fields instead of a fixed instance count.

import (
	"fmt"
	"io"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// tableScaleEvents is how many scale events the table shows per scenario.
const tableScaleEvents = 8

// writeAutoscalingTable writes, for a scenario with autoscaled regions,
// each one's mean and peak instances and decisions, then its first scale
// events; nothing without autoscaling.
func writeAutoscalingTable(w io.Writer, s simulator.ScenarioResult) {
	header := false
	for _, g := range s.Regions {
		a := g.Autoscaling
		if a == nil {
			continue
		}
		if !header {
			fmt.Fprintln(w)
			fmt.Fprintln(w, "AUTOSCALED REGION\tMEAN INSTANCES\tPEAK INSTANCES\tSCALE OUTS\tSCALE INS\tINSTANCE-HOURS")
			header = true
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\n", g.Name, tableEstimate(a.MeanInstances), a.PeakInstances,
			tableFigure(a.ScaleOuts.Mean), tableFigure(a.ScaleIns.Mean), costFigure(g.InstanceHours))
	}
	if len(s.ScaleEvents) == 0 {
		return
	}
	fmt.Fprintf(w, "\nScale events (first replication, %d in all)\n", len(s.ScaleEvents))
	fmt.Fprintln(w, "T S\tREGION\tFROM\tTO\tREASON")
	for i, e := range s.ScaleEvents {
		if i == tableScaleEvents {
			fmt.Fprintf(w, "...\t%d more\n", len(s.ScaleEvents)-tableScaleEvents)
			break
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\n", tableFigure(e.TimeS), e.Region, e.From, e.To, e.Reason)
	}
}

// autoscaledSizing is, for an autoscaled region, what to change instead
// of a fixed count: ok is false for a fixed region.
func (v regionView) autoscaledSizing() (string, bool) {
	if v.cfg == nil || v.cfg.Autoscaling == nil || v.Autoscaling == nil {
		return "", false
	}
	a := v.cfg.Autoscaling
	if v.Autoscaling.PeakInstances >= a.MaxInstances {
		return fmt.Sprintf("%s is autoscaled and reached its max_instances of %d: raise max_instances, or lower the %s target (%s) "+
			"so that it scales out sooner", v.Name, a.MaxInstances, a.Signal, number(a.Target)), true
	}
	return fmt.Sprintf("%s is autoscaled (%s target %s, peak %d of max_instances %d, %s instances on average): lower the target, "+
		"shorten warmup_s or evaluation_interval_s so that it follows the load sooner, or raise min_instances", v.Name, a.Signal,
		number(a.Target), v.Autoscaling.PeakInstances, a.MaxInstances, tableFigure(v.Autoscaling.MeanInstances.Mean)), true
}
