package mapping

// Autoscaling: the declaration of a region's autoscaling, its mapping to
// the model, and the rules between its fields at validate time
// (simulator/model_autoscaling.go holds the rules and the meaning).

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Descriptions of the autoscaling arguments.
const (
	DescAutoscaling = "Target-tracking autoscaling of the region's instances, simulated: every " +
		"`evaluation_interval_s` the signal is measured over the interval just ended and the desired count is set to " +
		"`ceil(serving × signal / target)` (the Kubernetes HPA's formula), unless the signal is within `tolerance` of " +
		"the target, clamped to `[min_instances, max_instances]`, within the cooldowns (as AWS target tracking). An " +
		"added instance is paid from the decision and serves after `warmup_s`; a removed one takes no new work and " +
		"drains. With autoscaling, `instances` is the count at the start of the run, between `min_instances` and " +
		"`max_instances`; the static capacity checks use `max_instances`. A `capacity_loss` removes its fraction of " +
		"the serving instances' servers (the autoscaler sees it and scales out); during a `region_outage` the " +
		"autoscaler holds. Results: `results[*].timeline[*].instances`, `results[*].scale_events`, " +
		"`results[*].regions[*].autoscaling` and instance-hours that follow the provisioned count."
	descMinInstances = "**Required.** Fewest instances the autoscaler keeps. At least `1`."
	descMaxInstances = "**Required.** Most instances the autoscaler provisions (warming ones included). At least " +
		"`min_instances`."
	descSignal = "Metric tracked: `utilization` (busy servers over servers present, as AWS's average CPU), " +
		"`backlog_per_instance` (requests waiting at the evaluation per instance) or `rps_per_instance` (arrivals " +
		"per second per instance, as AWS's request count per target). Defaults to `utilization`."
	descTarget = "**Required.** The signal's target: a fraction in (0, 1] for `utilization` (for example `0.6`), " +
		"requests (per second) per instance for the others. Greater than `0`."
	descInterval = "Seconds between evaluations, each judging the interval just ended. Defaults to `60` (AWS's " +
		"one-minute metrics; the HPA uses 15). Greater than `0` and shorter than the run."
	descOutCooldown = "Seconds after a scale out before the next one may be decided. Defaults to `0`."
	descInCooldown  = "Seconds after any scaling before a scale in may be decided (AWS's scale-in cooldown; " +
		"it keeps a scale in from undoing a scale out at once). Defaults to `0`."
	descInStabilization = "Seconds of recommendations a scale in looks back over: the count goes down only to " +
		"the highest recommended in that window, so a noisy signal does not flap it (the Kubernetes HPA's " +
		"`behavior.scaleDown.stabilizationWindowSeconds`, 300 there by default). Defaults to `0`: the current " +
		"recommendation alone."
	descWarmup    = "Seconds from a scale-out decision until the added instances serve; they are paid from the decision. Defaults to `0`."
	descTolerance = "Dead band around the target, as a fraction of it: no scaling while `|signal / target - 1| <= " +
		"tolerance`. Defaults to `0.1` (the HPA's default); from `0` to `0.5`."
)

// autoscalingSpec declares topology_region's autoscaling.
func autoscalingSpec() attrSpec {
	return attrSpec{name: "autoscaling", kind: kindObject, role: roleOptional, doc: DescAutoscaling, attrs: []attrSpec{
		{name: "min_instances", kind: kindInt64, role: roleRequired, doc: descMinInstances,
			missing: "Set the fewest instances the autoscaler keeps, for example min_instances = 2."},
		{name: "max_instances", kind: kindInt64, role: roleRequired, doc: descMaxInstances,
			missing: "Set the most instances the autoscaler provisions, for example max_instances = 20."},
		{name: "signal", kind: kindString, role: roleOptional, doc: descSignal},
		{name: "target", kind: kindFloat64, role: roleRequired, doc: descTarget,
			missing: "Set the signal's target, for example target = 0.6 for 60 % utilization."},
		{name: "evaluation_interval_s", kind: kindFloat64, role: roleOptional, doc: descInterval},
		{name: "scale_out_cooldown_s", kind: kindFloat64, role: roleOptional, doc: descOutCooldown},
		{name: "scale_in_cooldown_s", kind: kindFloat64, role: roleOptional, doc: descInCooldown},
		{name: "scale_in_stabilization_s", kind: kindFloat64, role: roleOptional, doc: descInStabilization},
		{name: "warmup_s", kind: kindFloat64, role: roleOptional, doc: descWarmup},
		{name: "tolerance", kind: kindFloat64, role: roleOptional, doc: descTolerance},
	}}
}

// AutoscalingAttrTypes are the attribute types of a region's autoscaling.
var AutoscalingAttrTypes = objectAttrTypes(regionSpecs(), "autoscaling")

// autoscalingOf maps a region's autoscaling; nil when null or unknown (the
// simulation then runs once it is known).
func autoscalingOf(o types.Object) *simulator.Autoscaling {
	if o.IsNull() || o.IsUnknown() {
		return nil
	}
	f := func(name string) float64 { return Float64Attr(o, name, AutoscalingAttrTypes).ValueFloat64() }
	a := &simulator.Autoscaling{
		MinInstances:          int(Int64Attr(o, "min_instances", AutoscalingAttrTypes).ValueInt64()),
		MaxInstances:          int(Int64Attr(o, "max_instances", AutoscalingAttrTypes).ValueInt64()),
		Target:                f("target"),
		EvaluationIntervalS:   f("evaluation_interval_s"), // null is 0, the default
		ScaleOutCooldownS:     f("scale_out_cooldown_s"),
		ScaleInCooldownS:      f("scale_in_cooldown_s"),
		ScaleInStabilizationS: f("scale_in_stabilization_s"),
		WarmupS:               f("warmup_s"),
		Tolerance:             float64Ptr(Float64Attr(o, "tolerance", AutoscalingAttrTypes)),
	}
	if v, ok := objectAttr(o, "signal", AutoscalingAttrTypes); ok {
		if s, isString := v.(types.String); isString && !s.IsNull() && !s.IsUnknown() {
			a.Signal = simulator.AutoscalingSignal(s.ValueString())
		}
	}
	return a
}

// autoscalingKnown reports whether every value the rules between the
// fields read is known.
func autoscalingKnown(r Region) bool {
	if r.Autoscaling.IsUnknown() || r.Instances.IsUnknown() {
		return false
	}
	for _, v := range r.Autoscaling.Attributes() {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// CheckAutoscaling reports, at validate time, what the simulator's rules
// between a region's autoscaling fields refuse (max below min, instances
// outside the range, a utilization target above 1), in its words; the
// field rules are the attributes' own validators. Unknown values are
// judged once they are known.
func CheckAutoscaling(r Region, at func(string) path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.Autoscaling.IsNull() || !autoscalingKnown(r) {
		return diags
	}
	reg := simulator.Region{Name: r.Name.ValueString(), Instances: int(r.Instances.ValueInt64()), Autoscaling: autoscalingOf(r.Autoscaling)}
	for _, f := range simulator.CheckRegionAutoscaling(reg) {
		if f.Severity != simulator.SeverityError {
			continue
		}
		rel := strings.TrimPrefix(f.Path, "regions[0].")
		p := at(rel)
		if attr, ok := strings.CutPrefix(rel, "autoscaling."); ok {
			p = at("autoscaling").AtName(attr)
		}
		// The resource's own paths: autoscaling.max_instances, not
		// regions[0]'s.
		diags.AddAttributeError(p, "Invalid autoscaling", strings.ReplaceAll(f.Summary, "regions[0].", "")+". "+f.Detail)
	}
	return diags
}
