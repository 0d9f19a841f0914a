package simulator

// Check's rules for autoscaling (model_autoscaling.go): each field within
// its bound (rules_table.go), and the rules between fields: max at least
// min, the starting instances between them, a utilization target that is a
// fraction, and an interval short enough for the autoscaler to act in the
// run (else the region would be simulated at a fixed count while the model
// says it scales: a silently different check).

import "fmt"

// MaxAutoscalingTolerance bounds the tolerance: a dead band of more than
// half the target on either side no longer tracks it.
const MaxAutoscalingTolerance = 0.5

// checkAutoscaling checks every region's autoscaling.
func checkAutoscaling(c *checker, m Model) {
	for i, r := range m.Regions {
		checkRegionAutoscaling(c, i, r, m.Run.DurationS, true)
	}
}

// CheckRegionAutoscaling returns the errors Check would report on region
// r's autoscaling between its fields (paths as for regions[0]), before the
// run is known: what topology_region's validation adds to its attributes'
// own validators, which report each field's bound (so that a bad value is
// one error, not two).
func CheckRegionAutoscaling(r Region) []Finding {
	if r.Autoscaling == nil {
		return nil
	}
	autoscalingDefaults(&r)
	c := &checker{}
	checkRegionAutoscaling(c, 0, r, nil, false)
	return c.findings
}

// checkRegionAutoscaling checks region i's autoscaling; the interval
// against the run when duration is known (not nil). Without fields, each
// field's own bound is judged (the rules between fields need it) but not
// reported.
func checkRegionAutoscaling(c *checker, i int, r Region, duration *float64, fields bool) {
	a := r.Autoscaling
	if a == nil {
		return
	}
	fc := c
	if !fields {
		fc = &checker{}
	}
	at := func(f string) string { return fmt.Sprintf("regions[%d].autoscaling.%s", i, f) }
	rule := func(f string) Bound { return BoundAt("regions[].autoscaling." + f) }
	okMin := fc.number(at("min_instances"), rule("min_instances"), float64(a.MinInstances))
	okMax := fc.number(at("max_instances"), rule("max_instances"), float64(a.MaxInstances))
	signalOK := fc.choice(at("signal"), ChoiceAt("regions[].autoscaling.signal"), string(a.Signal))
	if fc.number(at("target"), rule("target"), a.Target) && signalOK && a.Signal == SignalUtilization && a.Target > 1 {
		c.errorf(at("target"), fmt.Sprintf("%s = %s is above 1, but a utilization target is a fraction of the servers busy", at("target"), num(a.Target)),
			"region %q tracks utilization, which never exceeds 1, so the autoscaler would scale in for ever; write the target as a fraction, for example %s for %s %%",
			r.Name, num(a.Target/100), num(a.Target))
	}
	intervalOK := fc.number(at("evaluation_interval_s"), rule("evaluation_interval_s"), a.EvaluationIntervalS)
	fc.number(at("scale_out_cooldown_s"), rule("scale_out_cooldown_s"), a.ScaleOutCooldownS)
	fc.number(at("scale_in_cooldown_s"), rule("scale_in_cooldown_s"), a.ScaleInCooldownS)
	fc.number(at("scale_in_stabilization_s"), rule("scale_in_stabilization_s"), a.ScaleInStabilizationS)
	fc.number(at("warmup_s"), rule("warmup_s"), a.WarmupS)
	if a.Tolerance != nil {
		fc.number(at("tolerance"), rule("tolerance"), *a.Tolerance)
	}
	if okMin && okMax && a.MaxInstances < a.MinInstances {
		c.errorf(at("max_instances"), fmt.Sprintf("%s = %d is below min_instances = %d", at("max_instances"), a.MaxInstances, a.MinInstances),
			"region %q could never provision the instances it must keep; raise max_instances to at least %d, or lower min_instances to at most %d",
			r.Name, a.MinInstances, a.MaxInstances)
	}
	if okMin && okMax && a.MaxInstances >= a.MinInstances && r.Instances >= 1 && (r.Instances < a.MinInstances || r.Instances > a.MaxInstances) {
		c.errorf(fmt.Sprintf("regions[%d].instances", i), fmt.Sprintf("region %q starts with instances = %d, outside its autoscaling range [%d, %d]", r.Name, r.Instances, a.MinInstances, a.MaxInstances),
			"with autoscaling, instances is the count at the start of the run; set it between min_instances and max_instances (for example %d), or omit it to start at min_instances",
			max(a.MinInstances, min(a.MaxInstances, r.Instances)))
	}
	if d := duration; intervalOK && d != nil && a.EvaluationIntervalS >= *d {
		c.errorf(at("evaluation_interval_s"), fmt.Sprintf("%s = %s is not shorter than run.duration_s = %s: the autoscaler would never evaluate", at("evaluation_interval_s"), num(a.EvaluationIntervalS), num(*d)),
			"region %q would be simulated at a fixed %d instances while the model says it scales; shorten evaluation_interval_s below %s s, or lengthen the run",
			r.Name, r.Instances, num(*d))
	}
}
