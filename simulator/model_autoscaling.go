package simulator

// This file holds the model of a region's autoscaling (issue 13):
// Region.Autoscaling. Its rules are in rules_table.go and
// check_autoscaling.go; the engine's evaluation event, and which models it
// follows (the Kubernetes HPA's formula and tolerance, AWS target
// tracking's cooldowns and warm-up) and where it differs, in
// internal/engine/autoscale.go.
//
// Region.Instances is the count the autoscaler starts from (time 0), in
// [MinInstances, MaxInstances]; 0 means MinInstances. The static checks
// (capacity, N+1 headroom) judge an autoscaled region at MaxInstances,
// what it can reach: a load it cannot carry even there is an error as for
// a fixed region; whether it gets there in time is the simulation's.

import (
	"fmt"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

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

// DefaultAutoscalingSignal and DefaultEvaluationIntervalS are the defaults
// of an unset signal and interval: utilization, evaluated every 60 s (AWS
// target tracking's one-minute metric period).
const (
	DefaultAutoscalingSignal   = SignalUtilization
	DefaultEvaluationIntervalS = 60.0
)

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
	// ScaleInStabilizationS is the Kubernetes HPA's scale-down
	// stabilization window: a scale in goes only down to the highest count
	// recommended over this many seconds, so a noisy signal does not flap
	// the count. 0 (the default) uses the current recommendation alone.
	ScaleInStabilizationS float64 `json:"scale_in_stabilization_s,omitempty"`
	// WarmupS is the time from the decision until an added instance serves;
	// it is provisioned (paid) from the decision.
	WarmupS float64 `json:"warmup_s,omitempty"`
	// Tolerance is the dead band around the target, as a fraction of it;
	// nil means DefaultAutoscalingTolerance (0 is no dead band).
	Tolerance *float64 `json:"tolerance,omitempty"`
}

// peakInstances is the most instances region r can have: MaxInstances
// when it autoscales, else Instances.
func (r Region) peakInstances() int {
	if r.Autoscaling != nil {
		return r.Autoscaling.MaxInstances
	}
	return r.Instances
}

// desiredInstances is the HPA rule: the count that brings signal to target,
// unless the signal is within tolerance of it, clamped to [min, max].
// The engine applies it (engine.DesiredInstances); this is the model's
// view of the one rule, for the capacity advice and its test.
func (a Autoscaling) desiredInstances(current int, signal float64) int {
	tol := DefaultAutoscalingTolerance
	if a.Tolerance != nil {
		tol = *a.Tolerance
	}
	return engine.DesiredInstances(current, signal, a.Target, tol, a.MinInstances, a.MaxInstances)
}

// compileAutoscale is a region's autoscaler in the engine's terms.
func compileAutoscale(r Region) *engine.Autoscale {
	a := r.Autoscaling
	if a == nil {
		return nil
	}
	signals := map[AutoscalingSignal]engine.AutoSignal{
		SignalUtilization:        engine.AutoUtilization,
		SignalBacklogPerInstance: engine.AutoBacklog,
		SignalRPSPerInstance:     engine.AutoRPS,
	}
	return &engine.Autoscale{
		Concurrency: r.Concurrency, Start: r.Instances, Min: a.MinInstances, Max: a.MaxInstances,
		Signal: signals[a.Signal], Target: a.Target, Tolerance: *a.Tolerance,
		IntervalMs: a.EvaluationIntervalS * 1000, OutCooldownMs: a.ScaleOutCooldownS * 1000,
		InCooldownMs: a.ScaleInCooldownS * 1000, WarmupMs: a.WarmupS * 1000,
		InStabilizationMs: a.ScaleInStabilizationS * 1000,
	}
}

// autoscalingDefaults fills a region's unset autoscaling fields, on a
// copy of its Autoscaling so that the caller's model is left as it is.
func autoscalingDefaults(r *Region) {
	if r.Autoscaling == nil {
		return
	}
	a := *r.Autoscaling
	if a.Signal == "" {
		a.Signal = DefaultAutoscalingSignal
	}
	if a.EvaluationIntervalS == 0 {
		a.EvaluationIntervalS = DefaultEvaluationIntervalS
	}
	if a.Tolerance == nil {
		a.Tolerance = ptrTo(DefaultAutoscalingTolerance)
	} else {
		a.Tolerance = ptrTo(*a.Tolerance)
	}
	if r.Instances == 0 {
		r.Instances = a.MinInstances
	}
	r.Autoscaling = &a
}

// instancesName is the field that sets region r's most instances, for
// the fixes of the static capacity checks: autoscaling.max_instances when
// it autoscales, else instances.
func instancesName(r Region) string {
	if r.Autoscaling != nil {
		return "autoscaling.max_instances"
	}
	return "instances"
}

// instancesPath is instancesName's path for region i.
func instancesPath(r Region, i int) string {
	return fmt.Sprintf("regions[%d].%s", i, instancesName(r))
}

// peakServers is peakInstances x concurrency: the most servers region r
// can have, which the static bounds use so that they hold at any count.
func (r Region) peakServers() int { return r.peakInstances() * r.Concurrency }
