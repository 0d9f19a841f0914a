package simulator

// This file holds the model of a region's autoscaling (issue 13). It is
// not yet wired into Region: the engine does not simulate it, and a model
// that declared it and was simulated at a fixed count would silently
// weaken its SLA check. Region.Autoscaling, its rules and the engine's
// evaluation event come with it, in one change.

// AutoscalingSignal is the metric an autoscaler tracks against its target.
type AutoscalingSignal string

// The signals, as AWS target tracking and the Kubernetes HPA know them.
const (
	// SignalUtilization is busy-server time over serving-server time in
	// the last evaluation interval (AWS ASGAverageCPUUtilization, HPA
	// resource utilization).
	SignalUtilization AutoscalingSignal = "utilization"
	// SignalBacklogPerInstance is the queued requests over serving
	// instances (AWS's "backlog per instance" for queue workers).
	SignalBacklogPerInstance AutoscalingSignal = "backlog_per_instance"
	// SignalRPSPerInstance is arrivals over serving instances over the
	// interval (AWS ALBRequestCountPerTarget, an HPA pods metric).
	SignalRPSPerInstance AutoscalingSignal = "rps_per_instance"
)

// AutoscalingSignals are the signals, in the order docs and validators
// list them.
var AutoscalingSignals = []AutoscalingSignal{SignalUtilization, SignalBacklogPerInstance, SignalRPSPerInstance}

// DefaultAutoscalingTolerance is the Kubernetes HPA's default tolerance:
// no scaling while |signal/target - 1| <= 0.1.
const DefaultAutoscalingTolerance = 0.1

// Autoscaling is a region's target-tracking autoscaler: every
// EvaluationIntervalS it sets desired = ceil(current * signal / target)
// (the HPA formula), clamped to [MinInstances, MaxInstances], within the
// cooldowns; an added instance serves after WarmupS, a removed one drains.
type Autoscaling struct {
	// MinInstances is the fewest instances the autoscaler keeps (>= 1).
	MinInstances int `json:"min_instances"`
	// MaxInstances is the most instances it provisions (>= MinInstances).
	MaxInstances int `json:"max_instances"`
	// Signal is the tracked metric, one of AutoscalingSignals.
	Signal AutoscalingSignal `json:"signal"`
	// Target is the signal's target value (a fraction for utilization).
	Target float64 `json:"target"`
	// EvaluationIntervalS is the time between two evaluations, in seconds.
	EvaluationIntervalS float64 `json:"evaluation_interval_s"`
	// ScaleOutCooldownS is the least time after a scale out before another.
	ScaleOutCooldownS float64 `json:"scale_out_cooldown_s,omitempty"`
	// ScaleInCooldownS is the least time after any scaling before a scale in.
	ScaleInCooldownS float64 `json:"scale_in_cooldown_s,omitempty"`
	// WarmupS is the time from the decision until an added instance serves;
	// it is provisioned (paid) from the decision.
	WarmupS float64 `json:"warmup_s,omitempty"`
	// Tolerance is the dead band around the target; 0 means
	// DefaultAutoscalingTolerance.
	Tolerance float64 `json:"tolerance,omitempty"`
}

// desiredInstances is the HPA rule: the count that brings signal to target,
// unless the signal is within tolerance of it, clamped to [min, max].
func (a Autoscaling) desiredInstances(current int, signal float64) int {
	tol := a.Tolerance
	if tol == 0 {
		tol = DefaultAutoscalingTolerance
	}
	ratio := signal / a.Target
	desired := current
	if ratio-1 > tol || 1-ratio > tol {
		desired = int(ceilFloat(float64(current) * ratio))
	}
	return max(a.MinInstances, min(a.MaxInstances, desired))
}

// ceilFloat rounds up, treating values within 1e-9 of an integer as that
// integer so that float noise does not add an instance.
func ceilFloat(x float64) float64 {
	r := float64(int(x))
	if x-r <= 1e-9 {
		return r
	}
	return r + 1
}
