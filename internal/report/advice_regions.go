package report

// The regions as the advice reads them: each region's figures beside what
// it configured (regionView), whether it queues, and the evidence and
// sizing the advice quotes. advice.go composes the advice from them.

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// busyUtilization is the utilization above which queueing delay grows
// quickly (the knee of the M/M/c curve); such regions are named in a
// failure so that the reader knows where capacity is short.
const busyUtilization = 0.8

// queueingWaitShare is the share of a region's time spent waiting for a
// server above which the region counts as queueing whatever its
// utilization: the wait then adds a quarter or more to the service time,
// as in an M/M/4 queue at 70 % (few servers queue long before 80 %).
const queueingWaitShare = 0.2

// regionView is one region's figures beside what it configured.
type regionView struct {
	simulator.RegionResult
	// cfg is the region as configured; nil when the report does not say.
	cfg *simulator.Region
}

// regionViews pairs each region's figures with its configuration.
func regionViews(s simulator.ScenarioResult) []regionView {
	out := make([]regionView, len(s.Regions))
	for i, r := range s.Regions {
		out[i].RegionResult = r
		if s.Config == nil {
			continue
		}
		if j := slices.IndexFunc(s.Config.Regions, func(c simulator.Region) bool { return c.Name == r.Name }); j >= 0 {
			out[i].cfg = &s.Config.Regions[j]
		}
	}
	return out
}

// queues reports whether the region's figures show queueing: busy servers
// (over the servers present), a full queue, or a long wait.
func (v regionView) queues() bool {
	return v.Utilization.Mean >= busyUtilization || v.RejectedRatio.Mean >= rejectingShare || v.waitShare() >= queueingWaitShare
}

// rejectingShare is the share of arrivals rejected above which a region
// counts as queueing: its queue is full often, not once in a burst.
const rejectingShare = 0.001

// waitShare is the mean wait over the mean time in the region.
func (v regionView) waitShare() float64 {
	if !(v.MeanSojourn.Mean > 0) {
		return 0
	}
	return v.MeanWait.Mean / v.MeanSojourn.Mean
}

// lost is the fewest servers present and the servers configured, ok when
// a fault of the scenario took some (but not all) away.
func (v regionView) lost() (present, configured int, ok bool) {
	if v.cfg == nil {
		return 0, 0, false
	}
	configured = v.cfg.Servers()
	return v.MinServers, configured, v.MinServers > 0 && v.MinServers < configured
}

// rejected is the region's rejected share of arrivals.
func (v regionView) rejected() string {
	return percent(v.RejectedRatio.Mean, percentDecimals(1-v.RejectedRatio.Mean))
}

// queueLimit names the region's queue_limit, when known.
func (v regionView) queueLimit() string {
	if v.cfg == nil || v.cfg.QueueLimit == 0 {
		return ""
	}
	return fmt.Sprintf(" (queue_limit %d)", v.cfg.QueueLimit)
}

// evidence is the region's figures that show it queues, short:
// "80.0% utilization, mean wait 7.6 ms".
func (v regionView) evidence() string {
	parts := []string{percent(v.Utilization.Mean, 1) + " utilization"}
	if present, configured, ok := v.lost(); ok {
		parts[0] += fmt.Sprintf(" of as few as %d of its %d servers", present, configured)
	}
	if v.MeanWait.Mean > 0 {
		parts = append(parts, fmt.Sprintf("mean wait %s ms", measure(v.MeanWait.Mean)))
	}
	if v.RejectedRatio.Mean > 0 {
		p := v.rejected() + " of arrivals rejected"
		if v.cfg != nil && v.cfg.QueueLimit > 0 {
			p += fmt.Sprintf(" by queue_limit %d", v.cfg.QueueLimit)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// sizing says how many instances would bring a queueing region below
// busyUtilization: its load in busy servers is arrivals x service time
// (Little's law), and a capacity loss leaves only a share of its servers.
// Empty when the configuration is unknown or already enough.
func (v regionView) sizing() string {
	if text, ok := v.autoscaledSizing(); ok {
		return text
	}
	if v.cfg == nil || v.cfg.Concurrency <= 0 || !(v.cfg.ServiceTimeMs > 0) {
		return ""
	}
	load := v.ArrivalRate.Mean * v.cfg.ServiceTimeMs / 1000
	// The fewest servers that keep it strictly below: load/need < busy
	// (the tolerance keeps 3.2/0.8 = 4 from reading as 4.000…1).
	need := int(math.Floor(load/busyUtilization+1e-9)) + 1
	configured, left := v.cfg.Servers(), 1.0
	where := fmt.Sprintf("its %d servers", configured)
	if present, _, ok := v.lost(); ok {
		left = float64(present) / float64(configured)
		where = fmt.Sprintf("as few as %d of its %d servers", present, configured)
	}
	instances := int(math.Ceil(float64(need)/(left*float64(v.cfg.Concurrency)) - 1e-9))
	if instances <= v.cfg.Instances {
		return ""
	}
	return fmt.Sprintf("%s carries %s busy servers of load (%s rps x service_time_ms %s) on %s: about %d instances "+
		"(concurrency %d) keep it below %s utilization", v.Name, measure(load), measure(v.ArrivalRate.Mean),
		number(v.cfg.ServiceTimeMs), where, instances, v.cfg.Concurrency, percent(busyUtilization, 0))
}

// busiestRegions names up to three regions whose figures show queueing,
// busiest first, with those figures; empty when none does.
func busiestRegions(s simulator.ScenarioResult) string {
	views := regionViews(s)
	slices.SortStableFunc(views, func(a, b regionView) int {
		return cmp.Compare(b.Utilization.Mean, a.Utilization.Mean)
	})
	var parts []string
	for _, v := range views {
		if len(parts) == 3 {
			break
		}
		if !v.queues() {
			continue
		}
		p := fmt.Sprintf("%s at %s utilization", v.Name, percent(v.Utilization.Mean, 1))
		if present, configured, ok := v.lost(); ok {
			p += fmt.Sprintf(" of as few as %d of its %d servers", present, configured)
		}
		if v.RejectedRatio.Mean > 0 {
			p += fmt.Sprintf(" with %s of arrivals rejected%s", v.rejected(), v.queueLimit())
		}
		if v.MeanWait.Mean > 0 {
			p += fmt.Sprintf(", mean wait %s ms of %s ms in the region", measure(v.MeanWait.Mean), measure(v.MeanSojourn.Mean))
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}
