package simulator

import (
	"math"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// healthSignalsOn is whether the routing policy's health check reads a
// signal beside its probes.
func healthSignalsOn(m Model) bool {
	rp := m.RoutingPolicy
	return rp != nil && (rp.HealthCheck.MaxReplicationLagMs > 0 || rp.HealthCheck.MaxQueueBacklog > 0)
}

// aggregateHealthSignals fills rr.Signals from the replications' marks,
// when the health check reads a signal beside its probes: one row per
// (signal, region, replica set) marked down at least once, in signal,
// then region, then set order.
func aggregateHealthSignals(m Model, rr *RoutingResult, results []*engine.Result) {
	if !healthSignalsOn(m) {
		return
	}
	n := len(results)
	end := *m.Run.DurationS * 1000
	type key struct {
		sig      engine.Signal
		region   int
		set      int
		signal   string
		fromSets bool
	}
	var keys []key
	for _, sig := range []engine.Signal{engine.SignalProbe, engine.SignalLag, engine.SignalBacklog} {
		for g := range m.Regions {
			switch sig {
			case engine.SignalProbe:
				keys = append(keys, key{sig: sig, region: g, signal: SignalProbe})
			case engine.SignalBacklog:
				keys = append(keys, key{sig: sig, region: g, signal: SignalQueueBacklog})
			case engine.SignalLag:
				for si := range m.ReplicaSets {
					keys = append(keys, key{sig: sig, region: g, set: si, signal: SignalReplicationLag, fromSets: true})
				}
			}
		}
	}
	for _, k := range keys {
		first := make([]float64, n)
		down := make([]float64, n)
		marks := make([]float64, n)
		detected := 0
		for i, r := range results {
			first[i] = math.NaN()
			if r.Routing == nil {
				continue
			}
			since := math.NaN()
			for _, mk := range r.Routing.Marks {
				if mk.Signal != k.sig || mk.Region != k.region || (k.fromSets && mk.Set != k.set) {
					continue
				}
				switch {
				case mk.Down && math.IsNaN(since):
					if math.IsNaN(first[i]) {
						first[i] = mk.At / 1000
					}
					since = mk.At
					marks[i]++
				case !mk.Down && !math.IsNaN(since):
					down[i] += (mk.At - since) / 1000
					since = math.NaN()
				}
			}
			if !math.IsNaN(since) {
				down[i] += (end - since) / 1000
			}
			if !math.IsNaN(first[i]) {
				detected++
			}
		}
		if detected == 0 {
			continue
		}
		row := SignalResult{
			Signal: k.signal, Region: m.Regions[k.region].Name, Detected: float64(detected) / float64(n),
			FirstDownS: timeEstimate(first), DownS: timeEstimate(down), Marks: timeEstimate(marks),
		}
		if k.fromSets {
			row.ReplicaSet = m.ReplicaSets[k.set].Name
		}
		rr.Signals = append(rr.Signals, row)
	}
}

// aggregateSetSignals adds a replica set's health-signal and split-brain
// merge figures, only where the model uses them: a set reports as before
// they existed otherwise.
func aggregateSetSignals(m Model, si int, res *ReplicaSetResult, results []*engine.Result) {
	rs := m.ReplicaSets[si]
	col := func(f func(engine.SetResult) float64) Estimate {
		xs := make([]float64, len(results))
		for i, r := range results {
			xs[i] = f(r.Sets[si])
		}
		return timeEstimate(xs)
	}
	if rs.SplitBrainResolution == SplitBrainMerge && rs.Replication == ReplicationAsyncPrimary {
		e := col(func(s engine.SetResult) float64 { return float64(s.SplitBrainMerged) })
		res.SplitBrainMerged = &e
	}
	if m.RoutingPolicy != nil && m.RoutingPolicy.HealthCheck.MaxReplicationLagMs > 0 {
		e := col(func(s engine.SetResult) float64 { return float64(s.LagReads) })
		res.LagRedirectedReads = &e
	}
}

// aggregateSignalTimeline adds to timeline point k what the health checks
// read (queue backlog per region, lag per replica), averaged over the
// replications, when the health check reads those signals.
func aggregateSignalTimeline(pt *TimelinePoint, results []*engine.Result, k int) {
	mean := func(get func(engine.TimelinePoint) []float64) []float64 {
		var sum []float64
		n := 0
		for _, r := range results {
			if k >= len(r.Timeline) {
				continue
			}
			v := get(r.Timeline[k])
			if v == nil {
				continue
			}
			if sum == nil {
				sum = make([]float64, len(v))
			}
			for i, x := range v {
				sum[i] += x
			}
			n++
		}
		for i := range sum {
			sum[i] /= float64(n)
		}
		return sum
	}
	pt.QueueBacklog = mean(func(p engine.TimelinePoint) []float64 { return p.QueueBacklog })
	flat := mean(func(p engine.TimelinePoint) []float64 { return p.ReplicaLagMs })
	if flat == nil || len(results) == 0 {
		return
	}
	for _, set := range results[0].Sets {
		n := len(set.Lag) // one per replica, in set order
		pt.ReplicaLagMs = append(pt.ReplicaLagMs, flat[:n:n])
		flat = flat[n:]
	}
}
