package mapping

import (
	"math"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

type scenarioOutput struct {
	Name           string                   `tfsdk:"name"`
	Replications   int64                    `tfsdk:"replications"`
	StoppedBy      string                   `tfsdk:"stopped_by"`
	Requests       int64                    `tfsdk:"requests"`
	LatencyMs      latencyOutput            `tfsdk:"latency_ms"`
	LatencyMsCI    latencyCIOutput          `tfsdk:"latency_ms_ci"`
	Availability   types.Float64            `tfsdk:"availability"`
	AvailabilityCI intervalOutput           `tfsdk:"availability_ci"`
	Utilization    map[string]types.Float64 `tfsdk:"utilization"`
	Origins        []originOutput           `tfsdk:"origins"`
	Regions        []regionOutput           `tfsdk:"regions"`
	SLA            []clauseOutput           `tfsdk:"sla"`

	ReadLatencyMs         latencyOutput      `tfsdk:"read_latency_ms"`
	ReadLatencyMsCI       latencyCIOutput    `tfsdk:"read_latency_ms_ci"`
	WriteLatencyMs        latencyOutput      `tfsdk:"write_latency_ms"`
	WriteLatencyMsCI      latencyCIOutput    `tfsdk:"write_latency_ms_ci"`
	WriteAvailability     types.Float64      `tfsdk:"write_availability"`
	WriteAvailabilityCI   intervalOutput     `tfsdk:"write_availability_ci"`
	StaleReadRatio        types.Float64      `tfsdk:"stale_read_ratio"`
	StaleReadRatioCI      intervalOutput     `tfsdk:"stale_read_ratio_ci"`
	ReplicationLagP99Ms   types.Float64      `tfsdk:"replication_lag_p99_ms"`
	ReplicationLagP99MsCI intervalOutput     `tfsdk:"replication_lag_p99_ms_ci"`
	LostWrites            types.Float64      `tfsdk:"lost_writes"`
	LostWritesCI          intervalOutput     `tfsdk:"lost_writes_ci"`
	RPOMs                 types.Float64      `tfsdk:"rpo_ms"`
	RPOMsCI               intervalOutput     `tfsdk:"rpo_ms_ci"`
	ConflictRatio         types.Float64      `tfsdk:"conflict_ratio"`
	ConflictRatioCI       intervalOutput     `tfsdk:"conflict_ratio_ci"`
	ReplicaSets           []replicaSetOutput `tfsdk:"replica_sets"`
	CacheHitRatio         types.Float64      `tfsdk:"cache_hit_ratio"`
	CacheHitRatioCI       intervalOutput     `tfsdk:"cache_hit_ratio_ci"`
	CacheTiers            []cacheTierOutput  `tfsdk:"cache_tiers"`
	RTOS                  types.Float64      `tfsdk:"rto_s"`
	RTOSCI                intervalOutput     `tfsdk:"rto_s_ci"`
	Routing               *routingOutput     `tfsdk:"routing"`
	Timeline              []timelineOutput   `tfsdk:"timeline"`
	Operations            []operationOutput  `tfsdk:"operations"`
	DuplicateWrites       types.Float64      `tfsdk:"duplicate_writes"`
	DuplicateWritesCI     intervalOutput     `tfsdk:"duplicate_writes_ci"`
	DuplicateWriteRatio   types.Float64      `tfsdk:"duplicate_write_ratio"`
	DuplicateWriteRatioCI intervalOutput     `tfsdk:"duplicate_write_ratio_ci"`
	Sessions              *sessionsOutput    `tfsdk:"sessions"`
	Cost                  *costOutput        `tfsdk:"cost"`
	// ScaleEvents is null without autoscaling (results_autoscaling.go).
	ScaleEvents []scaleEventOutput `tfsdk:"scale_events"`
}

// routingOutput is what the routing policy measured in one scenario; nil
// (null) without a policy.
type routingOutput struct {
	AttemptsPerRequest    types.Float64             `tfsdk:"attempts_per_request"`
	AttemptsPerRequestCI  intervalOutput            `tfsdk:"attempts_per_request_ci"`
	GoodputRPS            types.Float64             `tfsdk:"goodput_rps"`
	GoodputRPSCI          intervalOutput            `tfsdk:"goodput_rps_ci"`
	TimedOutRatio         types.Float64             `tfsdk:"timed_out_ratio"`
	TimedOutRatioCI       intervalOutput            `tfsdk:"timed_out_ratio_ci"`
	BreakerOpens          types.Float64             `tfsdk:"breaker_opens"`
	BreakerOpensCI        intervalOutput            `tfsdk:"breaker_opens_ci"`
	RTOS                  types.Float64             `tfsdk:"rto_s"`
	RTOSCI                intervalOutput            `tfsdk:"rto_s_ci"`
	Recovered             bool                      `tfsdk:"recovered"`
	RTOTarget             types.Float64             `tfsdk:"rto_target"`
	Faults                []faultRecoveryOutput     `tfsdk:"faults"`
	SovereigntyViolations []sovereigntyViolationOut `tfsdk:"sovereignty_violations"`
	// HealthSignals is null unless the health check reads lag or backlog.
	HealthSignals []healthSignalOutput `tfsdk:"health_signals"`
}

type faultRecoveryOutput struct {
	Type         string         `tfsdk:"type"`
	Region       string         `tfsdk:"region"`
	AtS          types.Float64  `tfsdk:"at_s"`
	DetectionS   types.Float64  `tfsdk:"detection_s"`
	DetectionSCI intervalOutput `tfsdk:"detection_s_ci"`
	Detected     types.Float64  `tfsdk:"detected"`
}

type sovereigntyViolationOut struct {
	Origin       string        `tfsdk:"origin"`
	Region       string        `tfsdk:"region"`
	Jurisdiction string        `tfsdk:"jurisdiction"`
	FirstS       types.Float64 `tfsdk:"first_s"`
	Requests     types.Float64 `tfsdk:"requests"`
}

type cacheTierOutput struct {
	Name            string              `tfsdk:"name"`
	Regions         []cacheRegionOutput `tfsdk:"regions"`
	HitLatencyMs    latencyOutput       `tfsdk:"hit_latency_ms"`
	HitLatencyMsCI  latencyCIOutput     `tfsdk:"hit_latency_ms_ci"`
	MissLatencyMs   latencyOutput       `tfsdk:"miss_latency_ms"`
	MissLatencyMsCI latencyCIOutput     `tfsdk:"miss_latency_ms_ci"`
}

type cacheRegionOutput struct {
	Region          string          `tfsdk:"region"`
	HitLatencyMs    latencyOutput   `tfsdk:"hit_latency_ms"`
	HitLatencyMsCI  latencyCIOutput `tfsdk:"hit_latency_ms_ci"`
	MissLatencyMs   latencyOutput   `tfsdk:"miss_latency_ms"`
	MissLatencyMsCI latencyCIOutput `tfsdk:"miss_latency_ms_ci"`
	HitRatio        types.Float64   `tfsdk:"hit_ratio"`
	HitRatioCI      intervalOutput  `tfsdk:"hit_ratio_ci"`
	StaleHitRatio   types.Float64   `tfsdk:"stale_hit_ratio"`
	StaleHitRatioCI intervalOutput  `tfsdk:"stale_hit_ratio_ci"`
}

type timelineOutput struct {
	TS             types.Float64   `tfsdk:"t_s"`
	StepS          types.Float64   `tfsdk:"step_s"`
	Requests       types.Float64   `tfsdk:"requests"`
	RPS            types.Float64   `tfsdk:"rps"`
	OfferedRPS     types.Float64   `tfsdk:"offered_rps"`
	SuccessRatio   types.Float64   `tfsdk:"success_ratio"`
	P99Ms          types.Float64   `tfsdk:"p99_ms"`
	CacheHitRatio  types.Float64   `tfsdk:"cache_hit_ratio"`
	Attempts       types.Float64   `tfsdk:"attempts"`
	RegionAttempts []types.Float64 `tfsdk:"region_attempts"`
	// Null unless the health check reads the signal (health_signals.go).
	QueueBacklog []types.Float64   `tfsdk:"queue_backlog"`
	ReplicaLagMs [][]types.Float64 `tfsdk:"replica_lag_ms"`
	// Null without autoscaling (results_autoscaling.go).
	Instances []timelineInstancesOutput `tfsdk:"instances"`
}

type replicaSetOutput struct {
	Name                string           `tfsdk:"name"`
	Replication         string           `tfsdk:"replication"`
	CommitLatencyMs     latencyOutput    `tfsdk:"commit_latency_ms"`
	CommitLatencyMsCI   latencyCIOutput  `tfsdk:"commit_latency_ms_ci"`
	Followers           []followerOutput `tfsdk:"followers"`
	StaleReadRatio      types.Float64    `tfsdk:"stale_read_ratio"`
	StaleReadRatioCI    intervalOutput   `tfsdk:"stale_read_ratio_ci"`
	LostWrites          types.Float64    `tfsdk:"lost_writes"`
	LostWritesCI        intervalOutput   `tfsdk:"lost_writes_ci"`
	LostAtFailover      types.Float64    `tfsdk:"lost_at_failover"`
	LostAtFailoverCI    intervalOutput   `tfsdk:"lost_at_failover_ci"`
	LostAtHeal          types.Float64    `tfsdk:"lost_at_heal"`
	LostAtHealCI        intervalOutput   `tfsdk:"lost_at_heal_ci"`
	RPOMs               types.Float64    `tfsdk:"rpo_ms"`
	RPOMsCI             intervalOutput   `tfsdk:"rpo_ms_ci"`
	SplitBrainWrites    types.Float64    `tfsdk:"split_brain_writes"`
	SplitBrainWritesCI  intervalOutput   `tfsdk:"split_brain_writes_ci"`
	Conflicts           types.Float64    `tfsdk:"conflicts"`
	ConflictsCI         intervalOutput   `tfsdk:"conflicts_ci"`
	LostUpdates         types.Float64    `tfsdk:"lost_updates"`
	LostUpdatesCI       intervalOutput   `tfsdk:"lost_updates_ci"`
	Merges              types.Float64    `tfsdk:"merges"`
	MergesCI            intervalOutput   `tfsdk:"merges_ci"`
	WriteUnavailableS   types.Float64    `tfsdk:"write_unavailable_s"`
	WriteUnavailableSCI intervalOutput   `tfsdk:"write_unavailable_s_ci"`
	Failovers           types.Float64    `tfsdk:"failovers"`
	FailoversCI         intervalOutput   `tfsdk:"failovers_ci"`
	Sessions            *sessionsOutput  `tfsdk:"sessions"`
	// Null unless the model uses them (health_signals.go).
	SplitBrainMerged     types.Float64   `tfsdk:"split_brain_merged"`
	SplitBrainMergedCI   *intervalOutput `tfsdk:"split_brain_merged_ci"`
	LagRedirectedReads   types.Float64   `tfsdk:"lag_redirected_reads"`
	LagRedirectedReadsCI *intervalOutput `tfsdk:"lag_redirected_reads_ci"`
}

type followerOutput struct {
	Region     string         `tfsdk:"region"`
	LagP50Ms   types.Float64  `tfsdk:"lag_p50_ms"`
	LagP50MsCI intervalOutput `tfsdk:"lag_p50_ms_ci"`
	LagP99Ms   types.Float64  `tfsdk:"lag_p99_ms"`
	LagP99MsCI intervalOutput `tfsdk:"lag_p99_ms_ci"`
	LagMaxMs   types.Float64  `tfsdk:"lag_max_ms"`
	LagMaxMsCI intervalOutput `tfsdk:"lag_max_ms_ci"`
}

type originOutput struct {
	Name           string          `tfsdk:"name"`
	Location       string          `tfsdk:"location"`
	ServedBy       string          `tfsdk:"served_by"`
	ServedShares   []shareOutput   `tfsdk:"served_shares"`
	Requests       int64           `tfsdk:"requests"`
	LatencyMs      latencyOutput   `tfsdk:"latency_ms"`
	LatencyMsCI    latencyCIOutput `tfsdk:"latency_ms_ci"`
	Availability   types.Float64   `tfsdk:"availability"`
	AvailabilityCI intervalOutput  `tfsdk:"availability_ci"`
	MinLatencyMs   types.Float64   `tfsdk:"min_latency_ms"`
}

// shareOutput is one region's share of an origin's successful requests.
type shareOutput struct {
	Region  string         `tfsdk:"region"`
	Share   types.Float64  `tfsdk:"share"`
	ShareCI intervalOutput `tfsdk:"share_ci"`
}

type regionOutput struct {
	Name          string        `tfsdk:"name"`
	MinServers    int64         `tfsdk:"min_servers"`
	ArrivalRPS    types.Float64 `tfsdk:"arrival_rps"`
	Utilization   types.Float64 `tfsdk:"utilization"`
	RejectedRatio types.Float64 `tfsdk:"rejected_ratio"`
	MeanWaitMs    types.Float64 `tfsdk:"mean_wait_ms"`
	MeanSojournMs types.Float64 `tfsdk:"mean_sojourn_ms"`
	P99SojournMs  types.Float64 `tfsdk:"p99_sojourn_ms"`
	// Autoscaling is null without (results_autoscaling.go).
	Autoscaling *regionAutoscalingOutput `tfsdk:"autoscaling"`
}

type clauseOutput struct {
	Clause   string        `tfsdk:"clause"`
	Origin   types.String  `tfsdk:"origin"`
	Target   types.Float64 `tfsdk:"target"`
	Observed types.Float64 `tfsdk:"observed"`
	CILow    types.Float64 `tfsdk:"ci_low"`
	CIHigh   types.Float64 `tfsdk:"ci_high"`
	Status   string        `tfsdk:"status"`
	// Operation is set for an operation's clause.
	Operation types.String `tfsdk:"operation"`
}

type latencyOutput struct {
	Mean types.Float64 `tfsdk:"mean"`
	P50  types.Float64 `tfsdk:"p50"`
	P95  types.Float64 `tfsdk:"p95"`
	P99  types.Float64 `tfsdk:"p99"`
	P999 types.Float64 `tfsdk:"p999"`
}

type latencyCIOutput struct {
	Mean intervalOutput `tfsdk:"mean"`
	P50  intervalOutput `tfsdk:"p50"`
	P95  intervalOutput `tfsdk:"p95"`
	P99  intervalOutput `tfsdk:"p99"`
	P999 intervalOutput `tfsdk:"p999"`
}

type intervalOutput struct {
	Low  types.Float64 `tfsdk:"low"`
	High types.Float64 `tfsdk:"high"`
}

// SetResults fills the computed attributes from the report.
func (c *Simulation) SetResults(r *simulator.Report) {
	c.Results = make([]scenarioOutput, len(r.Scenarios))
	for i, s := range r.Scenarios {
		c.Results[i] = scenarioFromReport(s)
	}
	// sla_met is derived from the same verdict as sla_status so that the two
	// can never disagree: met means every clause passed, or there was none.
	status := report.Verdict(r)
	c.SLAMet = types.BoolValue(status == report.VerdictPass || status == report.VerdictNone)
	c.SLAStatus = types.StringValue(status)
	c.ReportMarkdown = types.StringValue(report.Markdown(r))
	c.SimulatedRequests = types.Int64Value(r.SimulatedRequests)
}

func scenarioFromReport(s simulator.ScenarioResult) scenarioOutput {
	out := scenarioOutput{
		Name:           s.Name,
		Replications:   int64(s.Replications),
		StoppedBy:      s.StoppedBy,
		Requests:       s.Requests,
		Availability:   float64OrNull(s.Availability.Mean),
		AvailabilityCI: intervalOf(s.Availability),
		Utilization:    make(map[string]types.Float64, len(s.Regions)),
		Origins:        make([]originOutput, len(s.Origins)),
		Regions:        make([]regionOutput, len(s.Regions)),
		SLA:            make([]clauseOutput, len(s.SLA)),
	}
	out.LatencyMs, out.LatencyMsCI = latencyOf(s.Latency)
	out.ReadLatencyMs, out.ReadLatencyMsCI = latencyOf(s.ReadLatency)
	out.WriteLatencyMs, out.WriteLatencyMsCI = latencyOf(s.WriteLatency)
	out.WriteAvailability, out.WriteAvailabilityCI = estimateOf(s.WriteAvailability)
	out.StaleReadRatio, out.StaleReadRatioCI = estimateOf(s.StaleReadRatio)
	out.ReplicationLagP99Ms, out.ReplicationLagP99MsCI = estimateOf(s.ReplicationLagP99)
	out.LostWrites, out.LostWritesCI = estimateOf(s.LostWrites)
	out.RPOMs, out.RPOMsCI = estimateOf(s.RPOMs)
	out.ConflictRatio, out.ConflictRatioCI = estimateOf(s.ConflictRatio)
	out.ReplicaSets = make([]replicaSetOutput, len(s.ReplicaSets))
	for i, rs := range s.ReplicaSets {
		out.ReplicaSets[i] = replicaSetFromReport(rs)
	}
	out.CacheHitRatio, out.CacheHitRatioCI = estimateOf(s.CacheHitRatio)
	out.CacheTiers = make([]cacheTierOutput, len(s.CacheTiers))
	for i, ct := range s.CacheTiers {
		out.CacheTiers[i] = cacheTierFromReport(ct)
	}
	out.RTOS, out.RTOSCI = types.Float64Null(), intervalOutput{Low: types.Float64Null(), High: types.Float64Null()}
	if s.Routing != nil {
		out.Routing = routingFromReport(*s.Routing)
		out.RTOS, out.RTOSCI = out.Routing.RTOS, out.Routing.RTOSCI
	}
	out.Sessions = sessionsFromReport(s.Sessions)
	out.Cost = costFromReport(s.Cost)
	out.ScaleEvents = scaleEventsOf(s.ScaleEvents)
	out.Timeline = make([]timelineOutput, len(s.Timeline))
	for i, p := range s.Timeline {
		out.Timeline[i] = timelineOutput{
			TS:             float64OrNull(p.TimeS),
			StepS:          float64OrNull(p.StepS),
			Requests:       float64OrNull(p.Requests),
			RPS:            float64OrNull(p.RPS),
			OfferedRPS:     float64OrNull(p.OfferedRPS),
			SuccessRatio:   float64OrNull(p.SuccessRatio),
			P99Ms:          float64OrNull(p.P99Ms),
			CacheHitRatio:  float64OrNull(p.CacheHitRatio),
			Attempts:       float64OrNull(p.Attempts),
			RegionAttempts: make([]types.Float64, len(p.RegionAttempts)),
		}
		for j, a := range p.RegionAttempts {
			out.Timeline[i].RegionAttempts[j] = float64OrNull(a)
		}
		out.Timeline[i].QueueBacklog, out.Timeline[i].ReplicaLagMs = signalTimelineOf(p)
		out.Timeline[i].Instances = timelineInstancesOf(p)
	}
	for i, o := range s.Origins {
		out.Origins[i] = originOutput{
			Name:         o.Name,
			Location:     o.Location,
			ServedBy:     o.ServedBy,
			ServedShares: make([]shareOutput, len(o.ServedShares)),
			Requests:     o.Requests,
			MinLatencyMs: float64OrNull(o.MinLatencyMs),
		}
		// Nil in the report when nothing was measured: null, not 0.
		out.Origins[i].Availability, out.Origins[i].AvailabilityCI = estimateOf(estimateOrNaN(o.Availability))
		for j, sh := range o.ServedShares {
			out.Origins[i].ServedShares[j] = shareOutput{Region: sh.Region}
			out.Origins[i].ServedShares[j].Share, out.Origins[i].ServedShares[j].ShareCI = estimateOf(sh.Share)
		}
		if o.MinLatencyMs == 0 {
			// The simulator leaves it 0 when no request succeeded.
			out.Origins[i].MinLatencyMs = types.Float64Null()
		}
		lat := simulator.Latency{Mean: nan, P50: nan, P95: nan, P99: nan, P999: nan}
		if o.Latency != nil {
			lat = *o.Latency
		}
		out.Origins[i].LatencyMs, out.Origins[i].LatencyMsCI = latencyOf(lat)
	}
	for i, g := range s.Regions {
		out.Utilization[g.Name] = float64OrNull(g.Utilization.Mean)
		out.Regions[i] = regionOutput{
			Name:          g.Name,
			MinServers:    int64(g.MinServers),
			ArrivalRPS:    float64OrNull(g.ArrivalRate.Mean),
			Utilization:   float64OrNull(g.Utilization.Mean),
			RejectedRatio: float64OrNull(g.RejectedRatio.Mean),
			MeanWaitMs:    float64OrNull(g.MeanWait.Mean),
			MeanSojournMs: float64OrNull(g.MeanSojourn.Mean),
			P99SojournMs:  float64OrNull(g.P99Sojourn.Mean),
			Autoscaling:   regionAutoscalingOf(g.Autoscaling),
		}
	}
	for i, cl := range s.SLA {
		out.SLA[i] = clauseOutput{
			Clause:   cl.Clause,
			Origin:   stringOrNull(cl.Origin),
			Target:   float64OrNull(cl.Target),
			Observed: float64OrNull(cl.Observed),
			CILow:    float64OrNull(cl.Low),
			CIHigh:   float64OrNull(cl.High),
			Status:   cl.Status,
		}
		out.SLA[i].Operation = stringOrNull(cl.Operation)
		if cl.NotMeasured {
			// Nothing measured: no figure, and the clause fails.
			out.SLA[i].Observed, out.SLA[i].CILow, out.SLA[i].CIHigh = types.Float64Null(), types.Float64Null(), types.Float64Null()
		}
	}
	operationsFromReport(s, &out)
	return out
}

// replicaSetFromReport maps what one replica set measured.
func replicaSetFromReport(rs simulator.ReplicaSetResult) replicaSetOutput {
	o := replicaSetOutput{Name: rs.Name, Replication: rs.Replication, Followers: make([]followerOutput, len(rs.Followers))}
	o.CommitLatencyMs, o.CommitLatencyMsCI = latencyOf(rs.CommitLatency)
	o.StaleReadRatio, o.StaleReadRatioCI = estimateOf(rs.StaleReadRatio)
	o.LostWrites, o.LostWritesCI = estimateOf(rs.LostWrites)
	// The parts of the loss are absent from the report when nothing was
	// lost: they are 0 then.
	o.LostAtFailover, o.LostAtFailoverCI = estimateOf(estimateOrZero(rs.LostAtFailover))
	o.LostAtHeal, o.LostAtHealCI = estimateOf(estimateOrZero(rs.LostAtHeal))
	o.RPOMs, o.RPOMsCI = estimateOf(rs.RPOMs)
	o.SplitBrainWrites, o.SplitBrainWritesCI = estimateOf(rs.SplitBrainWrites)
	o.Conflicts, o.ConflictsCI = estimateOf(rs.Conflicts)
	o.LostUpdates, o.LostUpdatesCI = estimateOf(rs.LostUpdates)
	o.Merges, o.MergesCI = estimateOf(rs.Merges)
	o.WriteUnavailableS, o.WriteUnavailableSCI = estimateOf(rs.WriteUnavailableS)
	o.Failovers, o.FailoversCI = estimateOf(rs.Failovers)
	o.SplitBrainMerged, o.SplitBrainMergedCI = estimateOrNull(rs.SplitBrainMerged)
	o.LagRedirectedReads, o.LagRedirectedReadsCI = estimateOrNull(rs.LagRedirectedReads)
	for i, f := range rs.Followers {
		o.Followers[i] = followerOutput{Region: f.Region}
		o.Followers[i].LagP50Ms, o.Followers[i].LagP50MsCI = estimateOf(f.LagP50)
		o.Followers[i].LagP99Ms, o.Followers[i].LagP99MsCI = estimateOf(f.LagP99)
		o.Followers[i].LagMaxMs, o.Followers[i].LagMaxMsCI = estimateOf(f.LagMax)
	}
	o.Sessions = sessionsFromReport(rs.Sessions)
	return o
}

// routingFromReport maps what the routing policy measured.
func routingFromReport(r simulator.RoutingResult) *routingOutput {
	o := &routingOutput{
		Recovered:             r.Recovered,
		RTOTarget:             float64OrNull(r.RTOTarget),
		Faults:                make([]faultRecoveryOutput, len(r.Faults)),
		SovereigntyViolations: make([]sovereigntyViolationOut, len(r.SovereigntyViolations)),
	}
	o.AttemptsPerRequest, o.AttemptsPerRequestCI = estimateOf(r.AttemptsPerRequest)
	o.GoodputRPS, o.GoodputRPSCI = estimateOf(r.GoodputRPS)
	o.TimedOutRatio, o.TimedOutRatioCI = estimateOf(r.TimedOutRatio)
	o.BreakerOpens, o.BreakerOpensCI = estimateOf(r.BreakerOpens)
	o.RTOS, o.RTOSCI = estimateOf(r.RTOS)
	o.HealthSignals = healthSignalsFromReport(r.Signals)
	for i, f := range r.Faults {
		o.Faults[i] = faultRecoveryOutput{Type: f.Type, Region: f.Region, AtS: float64OrNull(f.AtS), Detected: float64OrNull(f.Detected)}
		o.Faults[i].DetectionS, o.Faults[i].DetectionSCI = estimateOf(f.DetectionS)
	}
	for i, v := range r.SovereigntyViolations {
		o.SovereigntyViolations[i] = sovereigntyViolationOut{Origin: v.Origin, Region: v.Region, Jurisdiction: v.Jurisdiction,
			FirstS: float64OrNull(v.FirstS), Requests: float64OrNull(v.Requests)}
	}
	return o
}

// cacheTierFromReport maps what one cache tier measured.
func cacheTierFromReport(ct simulator.CacheTierResult) cacheTierOutput {
	o := cacheTierOutput{Name: ct.Name, Regions: make([]cacheRegionOutput, len(ct.Regions))}
	o.HitLatencyMs, o.HitLatencyMsCI = latencyOf(ct.HitLatency)
	o.MissLatencyMs, o.MissLatencyMsCI = latencyOf(ct.MissLatency)
	for i, r := range ct.Regions {
		o.Regions[i] = cacheRegionOutput{Region: r.Region}
		o.Regions[i].HitLatencyMs, o.Regions[i].HitLatencyMsCI = latencyOf(r.HitLatency)
		o.Regions[i].MissLatencyMs, o.Regions[i].MissLatencyMsCI = latencyOf(r.MissLatency)
		o.Regions[i].HitRatio, o.Regions[i].HitRatioCI = estimateOf(r.HitRatio)
		o.Regions[i].StaleHitRatio, o.Regions[i].StaleHitRatioCI = estimateOf(r.StaleHitRatio)
	}
	return o
}

// estimateOf splits an estimate into its mean and its interval.
func estimateOf(e simulator.Estimate) (types.Float64, intervalOutput) {
	return float64OrNull(e.Mean), intervalOf(e)
}

// latencyOf splits a latency summary into its means and their intervals.
func latencyOf(l simulator.Latency) (latencyOutput, latencyCIOutput) {
	return latencyOutput{
			Mean: float64OrNull(l.Mean.Mean), P50: float64OrNull(l.P50.Mean), P95: float64OrNull(l.P95.Mean),
			P99: float64OrNull(l.P99.Mean), P999: float64OrNull(l.P999.Mean),
		}, latencyCIOutput{
			Mean: intervalOf(l.Mean), P50: intervalOf(l.P50), P95: intervalOf(l.P95),
			P99: intervalOf(l.P99), P999: intervalOf(l.P999),
		}
}

// intervalOf is the 95% interval of an estimate.
func intervalOf(e simulator.Estimate) intervalOutput {
	return intervalOutput{Low: float64OrNull(e.Low), High: float64OrNull(e.High)}
}

// float64OrNull maps NaN and infinities, which a Terraform number cannot hold, to
// null.
func float64OrNull(x float64) types.Float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return types.Float64Null()
	}
	return types.Float64Value(x)
}

// stringOrNull maps "" to null: a figure that does not apply.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// nan is a figure nothing measured, null in Terraform.
var nan = simulator.Estimate{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}

// estimateOrNaN is *e, or a figure nothing measured (null) when the report
// leaves it out because nothing measured it.
func estimateOrNaN(e *simulator.Estimate) simulator.Estimate {
	if e == nil {
		return nan
	}
	return *e
}

// estimateOrZero is *e, or a zero estimate when the report leaves it out.
func estimateOrZero(e *simulator.Estimate) simulator.Estimate {
	if e == nil {
		return simulator.Estimate{}
	}
	return *e
}
