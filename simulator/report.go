package simulator

// ReportSchemaVersion is bumped whenever a field of Report changes meaning or
// is removed; adding a field does not bump it. Version 2: a region's
// utilization is over the servers present (was: over the configured
// servers), an origin's served_by is the region that served most of its
// successful requests in the scenario (was: the nearest), and an origin's
// latency_ms and availability are null when nothing measured them (was:
// 0 with an interval [0, 0]).
const ReportSchemaVersion = 2

// Clause statuses: pass when the whole 95 % interval meets the target, fail
// when the whole interval misses it, marginal when the interval straddles it.
const (
	StatusPass     = "pass"
	StatusMarginal = "marginal"
	StatusFail     = "fail"
)

// BaselineScenario is the name of the scenario without faults, always first.
const BaselineScenario = "baseline"

// Report is the whole output of Run.
type Report struct {
	SchemaVersion int    `json:"schema_version"`
	Seed          uint64 `json:"seed"`
	// Replications is the most replications any scenario ran (each
	// scenario says its own: ScenarioResult.Replications).
	Replications int `json:"replications"`
	// Scenarios holds one result per scenario, baseline first.
	Scenarios []ScenarioResult `json:"scenarios"`
	// SLAMet is true when every clause of every scenario passes.
	SLAMet bool `json:"sla_met"`
	// SimulatedRequests is the number of requests simulated over all
	// replications, warm-up included.
	SimulatedRequests int64 `json:"simulated_requests"`
	// StateBytes is the memory one replication's per-key state holds
	// (replica versions, cache indexes and slots; see StateBytes): bounded
	// by keys, replicas and cache capacities, not by requests simulated.
	StateBytes int64 `json:"state_bytes"`
	// Findings are Check's findings on the model that was run (warnings
	// only, since a model with errors is not run), so that a front-end
	// calls Run alone and still shows them. Not part of the JSON report,
	// which describes results, not the model.
	Findings []Finding `json:"-"`
}

// Estimate is a replication mean with its 95 % Student-t confidence
// interval across replications.
type Estimate struct {
	Mean float64 `json:"mean"`
	Low  float64 `json:"ci_low"`
	High float64 `json:"ci_high"`
}

// Latency summarises a latency distribution in milliseconds: each figure is
// estimated per replication (quantiles from a relative-error sketch) and then
// across replications.
type Latency struct {
	Mean Estimate `json:"mean"`
	P50  Estimate `json:"p50"`
	P95  Estimate `json:"p95"`
	P99  Estimate `json:"p99"`
	P999 Estimate `json:"p999"`
}

// ScenarioResult is what one scenario measured after warm-up.
type ScenarioResult struct {
	Name string `json:"name"`
	// Replications is the number of replications the scenario ran, and
	// StoppedBy why no more ran: StopFixed, StopDecided, StopPrecision,
	// StopCap or StopBudget (stopping.go).
	Replications int    `json:"replications"`
	StoppedBy    string `json:"stopped_by"`
	// Requests is the number of measured requests over all replications.
	Requests int64 `json:"requests"`
	// Latency is over successful requests of every origin, client-side
	// (network both ways + queueing + service).
	Latency Latency `json:"latency_ms"`
	// Availability is successful / all measured requests.
	Availability Estimate `json:"availability"`
	// ReadLatency and WriteLatency split Latency by operation.
	ReadLatency  Latency `json:"read_latency_ms"`
	WriteLatency Latency `json:"write_latency_ms"`
	// WriteAvailability is successful / all measured writes.
	WriteAvailability Estimate `json:"write_availability"`
	// StaleReadRatio is stale reads / successful reads over all replica sets.
	StaleReadRatio Estimate `json:"stale_read_ratio"`
	// ReplicationLagP99 is the largest follower p99 lag of any replica set.
	ReplicationLagP99 Estimate `json:"replication_lag_p99_ms"`
	// LostWrites is the number of committed writes lost per replication,
	// over every replica set: those lost at failovers and the split-brain
	// writes discarded at heals (see ReplicaSetResult.LostAtFailover and
	// LostAtHeal).
	LostWrites Estimate `json:"lost_writes"`
	// RPOMs is the recovery point, the data-loss window: for each failure
	// that loses committed writes, the time from the commit of the oldest
	// write it loses to the failure, i.e. how far back data is lost; per
	// replication the largest over its failures and replica sets, 0 only
	// when nothing is lost. A leader's loss is its failure when its region
	// goes down (it commits nothing after); when partitions only cut it
	// off, it commits its own region's writes until the promotion, which
	// is then the failure. An async_primary old leader that accepted
	// split-brain writes loses them at the heal with every other write it
	// holds that the new leader lacks: that window runs from the oldest of
	// those (lost at the promotion, or its first split-brain write) to the
	// heal (to the end of the run for a partition that outlasts it). For
	// async_primary and a leader outage it is the network part of the
	// promoted follower's lag at the failure: the age of the oldest write
	// still on the wire. An SLA target rpo_ms = 0 fails when any
	// replication loses a write, whatever this interval says.
	RPOMs Estimate `json:"rpo_ms"`
	// ConflictRatio is conflicting writes / committed writes.
	ConflictRatio Estimate           `json:"conflict_ratio"`
	ReplicaSets   []ReplicaSetResult `json:"replica_sets,omitempty"`
	// CacheHitRatio is cache hits / reads that looked in a cache.
	CacheHitRatio Estimate          `json:"cache_hit_ratio"`
	CacheTiers    []CacheTierResult `json:"cache_tiers,omitempty"`
	// Timeline holds one point per step of issue time (warm-up included),
	// each the mean over replications, so a fault's effect and recovery
	// can be seen and plotted. The step is one simulated second for runs
	// of up to engine.MaxTimelinePoints (3600) seconds, and
	// ceil(duration_s / 3600) seconds beyond, so that a timeline never
	// holds more than 3600 points; each point says its own (StepS).
	Timeline []TimelinePoint `json:"timeline,omitempty"`
	// Routing holds what a routing policy measured; nil without one.
	Routing *RoutingResult `json:"routing,omitempty"`
	Origins []OriginResult `json:"origins"`
	Regions []RegionResult `json:"regions"`
	SLA     []ClauseResult `json:"sla"`
	// Config is what the model configured for the scenario, for advice
	// that names the settings behind its figures.
	Config *ScenarioConfig `json:"config,omitempty"`
	// lostMax is the most committed writes a replication lost, over every
	// replica set, for the rpo_ms = 0 clause (rpoStatus).
	lostMax int64
	// Operations are, when some origin declares operations, one entry per
	// operation in origin order (operations.go); DuplicateWrites counts,
	// per replication, the commits of non-idempotent writes beyond the first
	// of their call, DuplicateWriteRatio those / measured writes of
	// operations. Absent without operations.
	Operations          []OperationResult `json:"operations,omitempty"`
	DuplicateWrites     *Estimate         `json:"duplicate_writes,omitempty"`
	DuplicateWriteRatio *Estimate         `json:"duplicate_write_ratio,omitempty"`
	// Sessions holds the session figures (read_your_writes, or origins
	// with sessions); nil without sessions.
	Sessions *SessionFigures `json:"sessions,omitempty"`
	// Cost is what the scenario costs from the model's prices
	// (model_cost.go); nil without prices.
	Cost *CostResult `json:"cost,omitempty"`
	// ScaleEvents are the autoscalers' decisions in the first
	// replication, in time order (aggregate_autoscaling.go); absent
	// without autoscaling.
	ScaleEvents []ScaleEvent `json:"scale_events,omitempty"`
}

// OriginResult is what the clients of one origin saw.
type OriginResult struct {
	Name     string `json:"name"`
	Location string `json:"location"`
	// ServedBy is the region that served the largest share of the
	// origin's successful requests in this scenario (the first of
	// ServedShares): the failover region during an outage of the nearest
	// one, when the routing policy moves the traffic there. When none of
	// the origin's requests succeeded, it is the region the origin is
	// routed to while every region is healthy.
	ServedBy string `json:"served_by"`
	// ServedShares is, for each region that served some of the origin's
	// successful measured requests, the share of them it served (per
	// replication, then across them), largest first (report order on a
	// tie). Empty when none succeeded.
	ServedShares []RegionShare `json:"served_shares,omitempty"`
	Requests     int64         `json:"requests"`
	// Latency is over the origin's successful requests, and Availability
	// is successful / measured requests. Each is nil (null) when it
	// cannot be measured: Latency when no request of the origin
	// succeeded in any replication, Availability when the origin sent no
	// measured request (issued after the warm-up) in any. A per-origin
	// SLA clause on a figure that is nil fails, marked NotMeasured.
	Latency      *Latency  `json:"latency_ms"`
	Availability *Estimate `json:"availability"`
	// MinLatencyMs is the fastest successful response over all
	// replications: an exact minimum, not an estimate, so that a report
	// shows that no response beat the physical floor. It is absent when no
	// request succeeded.
	MinLatencyMs float64 `json:"min_latency_ms,omitempty"`
	// LatencyCDF is the latency distribution of the origin's successful
	// requests at about 30 quantiles from 0.01 to 0.9999 (spaced on the
	// nines scale; see aggregate_curve.go), each estimated as Latency's
	// quantiles are, for plotting the whole curve with its interval.
	// Empty when Latency is nil. In the JSON report only: front-ends
	// with a short summary (Terraform's results) leave it out.
	LatencyCDF []QuantilePoint `json:"latency_cdf,omitempty"`
}

// QuantilePoint is one point of a latency curve: the quantile Q and its
// latency in milliseconds, the mean across replications with its 95 %
// interval (widened by the sketch's accuracy, as every quantile is).
type QuantilePoint struct {
	Q      float64 `json:"q"`
	Ms     float64 `json:"ms"`
	CILow  float64 `json:"ci_low"`
	CIHigh float64 `json:"ci_high"`
}

// RegionShare is one region's share of an origin's successful requests.
type RegionShare struct {
	Region string   `json:"region"`
	Share  Estimate `json:"share"`
}

// RegionResult is what one region's queue measured. Times are in
// milliseconds and cover requests that arrived after warm-up.
type RegionResult struct {
	Name string `json:"name"`
	// ArrivalRate is arrivals per second (accepted and rejected).
	ArrivalRate Estimate `json:"arrival_rps"`
	// Utilization is the time-average fraction of busy servers among the
	// servers present: busy-server time over the integral of the servers
	// present over the measured window, so that under a capacity_loss it
	// is measured against the servers left (7 servers reduced to 4 at a
	// load of 3.2 busy servers give 0.8 while the loss lasts), and equals
	// arrival rate x mean service time / servers in steady state.
	Utilization Estimate `json:"utilization"`
	// MinServers is the fewest servers (instances x concurrency) present
	// at any time of the measured window: below the configured count
	// under a capacity_loss. A region_outage does not change it (its
	// servers stay, unreachable).
	MinServers int `json:"min_servers"`
	// RejectedRatio is the fraction of arrivals rejected by a full queue.
	RejectedRatio Estimate `json:"rejected_ratio"`
	// MeanWait is the mean time in queue before service.
	MeanWait Estimate `json:"mean_wait_ms"`
	// MeanSojourn is the mean time in the region (wait + service).
	MeanSojourn Estimate `json:"mean_sojourn_ms"`
	// P99Sojourn is the 99th percentile of the time in the region.
	P99Sojourn Estimate `json:"p99_sojourn_ms"`
	// MeanInSystem is the time-average number of requests in the region
	// (waiting + in service), for Little's law.
	MeanInSystem Estimate `json:"mean_in_system"`
	// InstanceHours is the instance-hours provisioned over one
	// replication's measured window: instances x window hours, for the
	// compute cost. A capacity_loss does not reduce it (the instances are
	// still provisioned and paid for), nor does a region_outage. With
	// autoscaling it is the integral of the instances provisioned
	// (serving, warming and draining), the mean over replications.
	InstanceHours float64 `json:"instance_hours"`
	// Autoscaling is what the region's autoscaler did; nil without one.
	Autoscaling *AutoscalingResult `json:"autoscaling,omitempty"`
}

// ReplicaSetResult is what one replica set measured in one scenario.
// Counts are per replication.
type ReplicaSetResult struct {
	Name        string `json:"name"`
	Replication string `json:"replication"`
	// CommitLatency is the time from the write reaching the leader to its
	// commit (quorum acknowledgement for sync_quorum, local apply otherwise).
	CommitLatency Latency `json:"commit_latency_ms"`
	// Followers holds the replication lag of each replica but the
	// declared leader (of every replica for multi_leader): the time from a
	// write's commit to its apply on that replica (0 for a sync_quorum
	// follower that applied it before the commit).
	Followers []FollowerResult `json:"followers"`
	// StaleReadRatio is stale reads / successful reads of this set.
	StaleReadRatio Estimate `json:"stale_read_ratio"`
	// LostWrites counts the committed writes lost, LostAtFailover +
	// LostAtHeal.
	LostWrites Estimate `json:"lost_writes"`
	// LostAtFailover counts the committed writes lost at promotions: those
	// the promoted follower had not received (on the wire, or held by a
	// partition, at the failure). LostAtHeal counts the split-brain writes
	// (SplitBrainWrites), all discarded when the partition heals. Both are
	// omitted when no replication of the scenario lost a write in this
	// set: they are then 0.
	LostAtFailover *Estimate `json:"lost_at_failover,omitempty"`
	LostAtHeal     *Estimate `json:"lost_at_heal,omitempty"`
	// RPOMs is the data-loss window of this set's failures (see
	// ScenarioResult.RPOMs).
	RPOMs Estimate `json:"rpo_ms"`
	// SplitBrainWrites counts writes accepted by an old leader that no
	// longer led: an async_primary leader that partitions between regions
	// cut off from every follower is replaced after the promotion delay,
	// and keeps accepting the writes of its own region's clients until the
	// heal, when they are discarded: lost (LostAtHeal). (A region outage
	// cuts the old leader off from its clients too, so it makes none.)
	SplitBrainWrites Estimate `json:"split_brain_writes"`
	// Conflicts counts concurrent writes to one key within the replication
	// window (multi_leader); LostUpdates those lost by LWW, Merges those
	// merged by CRDT.
	Conflicts   Estimate `json:"conflicts"`
	LostUpdates Estimate `json:"lost_updates"`
	Merges      Estimate `json:"merges"`
	// WriteUnavailableS is the time writes could not commit (no leader, no
	// quorum), in seconds.
	WriteUnavailableS Estimate `json:"write_unavailable_s"`
	// Failovers counts leader changes.
	Failovers Estimate `json:"failovers"`
	// Sessions holds this set's session figures; nil without sessions.
	Sessions *SessionFigures `json:"sessions,omitempty"`
	// SplitBrainMerged counts, with split_brain_resolution = "merge", the
	// deposed leader's divergent writes (left behind by the promotion, and
	// accepted during the split-brain) merged into the new leader's history
	// at the heal
	// (not lost; also counted in Merges, and in Conflicts when the new
	// leader wrote the same key during the split-brain).
	SplitBrainMerged *Estimate `json:"split_brain_merged,omitempty"`
	// LagRedirectedReads counts, with a health check's
	// max_replication_lag_ms, the non-strong reads sent to the leader
	// because the replica that would serve them was marked lagging.
	LagRedirectedReads *Estimate `json:"lag_redirected_reads,omitempty"`
}

// CacheTierResult is what one cache tier measured in one scenario.
type CacheTierResult struct {
	Name string `json:"name"`
	// WritePolicy is the tier's write policy, for the advice on stale hits.
	WritePolicy string              `json:"write_policy"`
	Regions     []CacheRegionResult `json:"regions"`
	// HitLatency and MissLatency split the read latency of reads that
	// looked in this tier by outcome.
	HitLatency  Latency `json:"hit_latency_ms"`
	MissLatency Latency `json:"miss_latency_ms"`
}

// CacheRegionResult is one region's cache of a tier.
type CacheRegionResult struct {
	Region   string   `json:"region"`
	HitRatio Estimate `json:"hit_ratio"`
	// HitLatency and MissLatency are the tier's HitLatency and
	// MissLatency over the reads that looked in this region's cache only.
	HitLatency  Latency `json:"hit_latency_ms"`
	MissLatency Latency `json:"miss_latency_ms"`
	// StaleHitRatio is hits that served an entry older than the key's last
	// committed version, over all hits.
	StaleHitRatio Estimate `json:"stale_hit_ratio"`
}

// TimelinePoint is one step of a scenario's issue time (one second up to
// 3600 simulated seconds, see ScenarioResult.Timeline), averaged over
// replications. Requests and Attempts are counts over the step, not rates:
// RPS is the rate.
type TimelinePoint struct {
	// TimeS is the start of the step, StepS its length in seconds (the
	// last step is shorter when the duration is not a whole number of
	// steps).
	TimeS float64 `json:"t_s"`
	StepS float64 `json:"step_s"`
	// Requests is the number of requests issued in the step, per
	// replication; RPS is Requests / StepS, requests issued per second.
	Requests float64 `json:"requests"`
	RPS      float64 `json:"rps"`
	// OfferedRPS is the load the origins offer in the step: the integral
	// of their rate functions (rps, load profiles, traffic surges) over
	// the step divided by its length, the expectation RPS estimates.
	OfferedRPS float64 `json:"offered_rps"`
	// SuccessRatio is successful / issued requests of the step.
	SuccessRatio float64 `json:"success_ratio"`
	// P99Ms is the p99 latency of the successful requests of the step.
	P99Ms float64 `json:"p99_ms"`
	// CacheHitRatio is the hit ratio of the step (0 without caches).
	CacheHitRatio float64 `json:"cache_hit_ratio"`
	// With a routing policy: Attempts is the attempts sent in the step
	// (first tries and retries), and RegionAttempts[i] those routed to
	// region i (report order) in it, counts over the step.
	Attempts       float64   `json:"attempts,omitempty"`
	RegionAttempts []float64 `json:"region_attempts,omitempty"`
	// With the health check's max_queue_backlog: QueueBacklog[i] is the
	// largest queue backlog (requests waiting) the checks read in region i
	// in the step. With max_replication_lag_ms: ReplicaLagMs[s][j] is the
	// largest replication lag they read at replica j of replica set s.
	// Both are means over replications; a step without a check holds the
	// previous step's reading (0 before the first check).
	QueueBacklog []float64   `json:"queue_backlog,omitempty"`
	ReplicaLagMs [][]float64 `json:"replica_lag_ms,omitempty"`
	// Instances is, when some region autoscales, every region's instances
	// at the step's start (report order), means over replications.
	Instances []TimelineInstances `json:"instances,omitempty"`
}

// RoutingResult is what the routing policy's mechanics measured in one
// scenario.
type RoutingResult struct {
	// AttemptsPerRequest is attempts sent / measured requests: 1 without
	// retries, above 1 when retries add load (retry amplification).
	AttemptsPerRequest Estimate `json:"attempts_per_request"`
	// GoodputRPS is successful measured requests per second of the
	// measured window.
	GoodputRPS Estimate `json:"goodput_rps"`
	// TimedOutRatio is attempts that timed out / attempts sent.
	TimedOutRatio Estimate `json:"timed_out_ratio"`
	// BreakerOpens counts circuit-breaker openings per replication.
	BreakerOpens Estimate `json:"breaker_opens"`
	// Faults has one entry per fault of the scenario that takes a region
	// out (region_outage, capacity_loss, partition), in the scenario's
	// order; none for the baseline.
	Faults []FaultRecovery `json:"faults,omitempty"`
	// RTOS is the scenario's recovery time (see FaultRecovery.RTOS) from
	// its first fault's start; zero for the baseline.
	RTOS Estimate `json:"rto_s"`
	// Recovered is false when some replication's success ratio was still
	// below the target in the last second of the scenario's faults: the
	// system did not recover while they lasted (RTOS is then a lower
	// bound, the whole fault window).
	Recovered bool `json:"recovered"`
	// RTOTarget is the success ratio RTO is measured against: the SLA's
	// availability, else DefaultRTOAvailability.
	RTOTarget float64 `json:"rto_target"`
	// SovereigntyViolations lists each (origin, region) pair that carried
	// requests against the origin's allowed jurisdictions.
	SovereigntyViolations []SovereigntyViolation `json:"sovereignty_violations,omitempty"`
	// sovereignty is whether some origin has allowed jurisdictions, so
	// that the sovereignty_violations clause applies; violations is the
	// clause's figure, the violating attempts per replication over every
	// pair, with its interval.
	sovereignty bool
	violations  Estimate
	// Signals reports, when the health check reads replication lag or
	// queue backlogs, what each signal (the probes too) marked down.
	Signals []SignalResult `json:"health_signals,omitempty"`
}

// DefaultRTOAvailability is the success ratio RTO is measured against
// when the SLA sets no availability target: three nines.
const DefaultRTOAvailability = 0.999

// FaultRecovery is how one fault was detected and recovered from.
type FaultRecovery struct {
	// Type and Region name the fault.
	Type   string `json:"type"`
	Region string `json:"region"`
	// AtS is the fault's start.
	AtS float64 `json:"at_s"`
	// DetectionS is the time from the fault's start until the health
	// checks marked its region down (over the replications that did;
	// NaN-free: 0 when none did, see Detected): by its probes or, with
	// max_queue_backlog, by its queue backlog, whichever came first
	// (RoutingResult.Signals splits them).
	DetectionS Estimate `json:"detection_s"`
	// Detected is the fraction of replications in which the region was
	// marked down during the fault.
	Detected float64 `json:"detected"`
}

// SovereigntyViolation is one origin -> region route that broke the
// origin's allowed jurisdictions.
type SovereigntyViolation struct {
	Origin string `json:"origin"`
	Region string `json:"region"`
	// Jurisdiction is the region's.
	Jurisdiction string `json:"jurisdiction"`
	// FirstS is the earliest time, over replications, a request took the
	// route.
	FirstS float64 `json:"first_s"`
	// Requests is the mean number of attempts per replication that took it.
	Requests float64 `json:"requests"`
}

// FollowerResult is one follower's replication lag.
type FollowerResult struct {
	Region string   `json:"region"`
	LagP50 Estimate `json:"lag_p50_ms"`
	LagP99 Estimate `json:"lag_p99_ms"`
	LagMax Estimate `json:"lag_max_ms"`
}

// ClauseResult is one SLA clause evaluated in one scenario.
type ClauseResult struct {
	// Clause is the SLA attribute name, e.g. "latency_p99_ms"; for a
	// per-origin target (SLA.Origins) it is the same name, and Origin says
	// whose.
	Clause string `json:"clause"`
	// Origin is, for a per-origin clause, the label of the origin whose
	// requests it is evaluated on (OriginSLA.Origin); empty for a global
	// clause, which is over every origin's requests.
	Origin   string  `json:"origin,omitempty"`
	Target   float64 `json:"target"`
	Observed float64 `json:"observed"`
	Low      float64 `json:"ci_low"`
	High     float64 `json:"ci_high"`
	Status   string  `json:"status"`
	// NotMeasured is true when the clause's figure could not be measured
	// (a per-origin clause on an origin that sent no measured request, or
	// a latency clause on one of which none succeeded): Observed, Low and
	// High are then 0 and mean nothing, and Status is fail, since a
	// target nothing shows to be met is not met.
	NotMeasured bool `json:"not_measured,omitempty"`
	// Operation is, for an operation's clause (Operation's targets), the
	// operation's name; Origin is then its origin's label.
	Operation string `json:"operation,omitempty"`
}

// Severity of a Finding.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Finding is a static check result, found before any simulation. Path names
// the attribute at fault in the model's JSON names, e.g.
// "sla.latency_p99_ms" or "regions[1].instances", so that a front-end can
// point at its own attribute.
type Finding struct {
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Summary  string `json:"summary"`
	// Detail says what is wrong, why (with the number) and how to fix it.
	Detail string `json:"detail"`
	// Rule is true for a value that breaks a single-field rule
	// (RuleAt): Summary is then the path and what is wrong, Detail the
	// rule's fix, which front-ends may join as one message, as the
	// provider's attribute validators word it.
	Rule bool `json:"rule,omitempty"`
}
