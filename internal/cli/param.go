package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// A sweep parameter is written NAME=VALUES:
//
//	region.<name>.instances=1:10:1     start:stop:step, stop included
//	region.*.concurrency=4,8,16        a list
//	region.<name>.service_time_ms=10:30:5
//	region.<name>.queue_limit=100,1000
//	region.<name>.autoscaling.target=0.4:0.8:0.1   (an autoscaled region's
//	    min_instances, max_instances, target, evaluation_interval_s,
//	    scale_out_cooldown_s, scale_in_cooldown_s, scale_in_stabilization_s,
//	    warmup_s or tolerance)
//	origin.<name>.rps=500:2000:500     (origin.* for every origin)
//	workload.rps_scale=0.5:2:0.25      multiplies every origin's rps
//
// <name> is a region's or origin's name as in the model (an origin without
// a name is named by its location), or * for all of them.

// param is one swept parameter.
type param struct {
	// Name is the parameter as written, e.g. "region.us-east-1.instances".
	Name   string
	Values []float64
	// apply sets the parameter to x in m.
	apply func(m *simulator.Model, x float64) error
}

// maxSweepValues bounds the values of one parameter, so that a typo in a
// step (0.0001 for 1) is an error rather than a sweep that never ends.
const maxSweepValues = 10_000

func parseParam(spec string) (param, error) {
	name, values, ok := strings.Cut(spec, "=")
	if !ok || name == "" || values == "" {
		return param{}, fmt.Errorf("parameter %q: write NAME=START:STOP:STEP or NAME=V1,V2 (a list)", spec)
	}
	xs, err := parseValues(values)
	if err != nil {
		return param{}, fmt.Errorf("parameter %q: %w", spec, err)
	}
	apply, err := setter(name)
	if err != nil {
		return param{}, fmt.Errorf("parameter %q: %w", spec, err)
	}
	return param{Name: name, Values: xs, apply: apply}, nil
}

func parseValues(s string) ([]float64, error) {
	if parts := strings.Split(s, ":"); len(parts) == 3 {
		var v [3]float64
		for i, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("%q is not a number", p)
			}
			v[i] = x
		}
		start, stop, step := v[0], v[1], v[2]
		if step <= 0 || stop < start {
			return nil, fmt.Errorf("range %s needs start <= stop and a positive step", s)
		}
		n := int(math.Floor((stop-start)/step+1e-9)) + 1
		if n > maxSweepValues {
			return nil, fmt.Errorf("range %s has %d values, more than %d", s, n, maxSweepValues)
		}
		xs := make([]float64, n)
		for i := range xs {
			// start + i*step, rounded to 12 significant digits so that
			// 0.1 steps give 0.3, not 0.30000000000000004.
			xs[i], _ = strconv.ParseFloat(strconv.FormatFloat(start+float64(i)*step, 'g', 12, 64), 64)
		}
		return xs, nil
	}
	var xs []float64
	for _, p := range strings.Split(s, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%q is not a number", p)
		}
		xs = append(xs, x)
	}
	if len(xs) > maxSweepValues {
		return nil, fmt.Errorf("%d values, more than %d", len(xs), maxSweepValues)
	}
	return xs, nil
}

// setter returns the function that sets the named parameter.
func setter(name string) (func(*simulator.Model, float64) error, error) {
	if name == "workload.rps_scale" {
		return func(m *simulator.Model, x float64) error {
			for i := range m.Workload.Origins {
				m.Workload.Origins[i].RPS *= x
			}
			return nil
		}, nil
	}
	parts := strings.Split(name, ".")
	if len(parts) == 4 && parts[0] == "region" && parts[2] == "autoscaling" {
		set, err := autoscalingSetter(name, parts[3])
		if err != nil {
			return nil, err
		}
		return regionSetter(name, parts[1], func(r *simulator.Region, x float64) error {
			if r.Autoscaling == nil {
				return fmt.Errorf("%s: region %q has no autoscaling to vary", name, r.Name)
			}
			return set(r.Autoscaling, x)
		}), nil
	}
	if len(parts) != 3 {
		return nil, fmt.Errorf("unknown parameter %q: use region.<name>.<field>, origin.<name>.rps or workload.rps_scale", name)
	}
	kind, target, field := parts[0], parts[1], parts[2]
	integer := func(x float64) (int, error) {
		if x != math.Trunc(x) || math.Abs(x) > 1e9 {
			return 0, fmt.Errorf("%s needs whole numbers, got %g", name, x)
		}
		return int(x), nil
	}
	switch kind {
	case "region":
		var set func(r *simulator.Region, x float64) error
		switch field {
		case "instances":
			set = func(r *simulator.Region, x float64) (err error) { r.Instances, err = integer(x); return err }
		case "concurrency":
			set = func(r *simulator.Region, x float64) (err error) { r.Concurrency, err = integer(x); return err }
		case "queue_limit":
			set = func(r *simulator.Region, x float64) (err error) { r.QueueLimit, err = integer(x); return err }
		case "service_time_ms":
			set = func(r *simulator.Region, x float64) error { r.ServiceTimeMs = x; return nil }
		default:
			return nil, fmt.Errorf("unknown region field %q: use instances, concurrency, queue_limit or service_time_ms", field)
		}
		return regionSetter(name, target, set), nil
	case "origin":
		if field != "rps" {
			return nil, fmt.Errorf("unknown origin field %q: use rps", field)
		}
		return func(m *simulator.Model, x float64) error {
			found := false
			for i := range m.Workload.Origins {
				if target == "*" || m.Workload.Origins[i].Label() == target {
					found = true
					m.Workload.Origins[i].RPS = x
				}
			}
			if !found {
				return fmt.Errorf("%s: the model has no origin %q", name, target)
			}
			return nil
		}, nil
	}
	return nil, fmt.Errorf("unknown parameter %q: use region.<name>.<field>, origin.<name>.rps or workload.rps_scale", name)
}

// regionSetter applies set to the region named target, or to every region
// for "*"; a name no region has is an error.
func regionSetter(name, target string, set func(r *simulator.Region, x float64) error) func(*simulator.Model, float64) error {
	return func(m *simulator.Model, x float64) error {
		found := false
		for i := range m.Regions {
			if target == "*" || m.Regions[i].Name == target {
				found = true
				if err := set(&m.Regions[i], x); err != nil {
					return err
				}
			}
		}
		if !found {
			return fmt.Errorf("%s: the model has no region %q", name, target)
		}
		return nil
	}
}

// autoscalingSetter sets one field of a region's autoscaling. The
// simulator's rules judge the value, as for any other parameter (a point
// it refuses is a row with its error).
func autoscalingSetter(name, field string) (func(a *simulator.Autoscaling, x float64) error, error) {
	whole := func(x float64) (int, error) {
		if x != math.Trunc(x) || math.Abs(x) > 1e9 {
			return 0, fmt.Errorf("%s needs whole numbers, got %g", name, x)
		}
		return int(x), nil
	}
	floats := map[string]func(a *simulator.Autoscaling) *float64{
		"target":                   func(a *simulator.Autoscaling) *float64 { return &a.Target },
		"evaluation_interval_s":    func(a *simulator.Autoscaling) *float64 { return &a.EvaluationIntervalS },
		"scale_out_cooldown_s":     func(a *simulator.Autoscaling) *float64 { return &a.ScaleOutCooldownS },
		"scale_in_cooldown_s":      func(a *simulator.Autoscaling) *float64 { return &a.ScaleInCooldownS },
		"scale_in_stabilization_s": func(a *simulator.Autoscaling) *float64 { return &a.ScaleInStabilizationS },
		"warmup_s":                 func(a *simulator.Autoscaling) *float64 { return &a.WarmupS },
	}
	switch field {
	case "min_instances":
		return func(a *simulator.Autoscaling, x float64) (err error) { a.MinInstances, err = whole(x); return err }, nil
	case "max_instances":
		return func(a *simulator.Autoscaling, x float64) (err error) { a.MaxInstances, err = whole(x); return err }, nil
	case "tolerance":
		return func(a *simulator.Autoscaling, x float64) error { a.Tolerance = &x; return nil }, nil
	}
	if f, ok := floats[field]; ok {
		return func(a *simulator.Autoscaling, x float64) error { *f(a) = x; return nil }, nil
	}
	return nil, fmt.Errorf("unknown autoscaling field %q: use min_instances, max_instances, target, evaluation_interval_s, "+
		"scale_out_cooldown_s, scale_in_cooldown_s, scale_in_stabilization_s, warmup_s or tolerance", field)
}

// cloneModel copies the parts of a model that parameters change, the
// regions' autoscaling included (a parameter sets its fields).
func cloneModel(m simulator.Model) simulator.Model {
	c := m
	c.Regions = append([]simulator.Region(nil), m.Regions...)
	for i, r := range c.Regions {
		if r.Autoscaling != nil {
			a := *r.Autoscaling
			c.Regions[i].Autoscaling = &a
		}
	}
	c.Workload.Origins = append([]simulator.Origin(nil), m.Workload.Origins...)
	return c
}
