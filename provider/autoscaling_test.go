package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// testAutoscalingConfig is a simulation of one autoscaled region (its
// autoscaling replaced by autoscaling) whose origin triples its rate at
// 6 s.
func testAutoscalingConfig(instances int, autoscaling string) string {
	return fmt.Sprintf(`
data "topology_simulation" "test" {
  regions = [
    { name = "us-east-1", location = "aws:us-east-1", instances = %d, service_time_ms = 10, autoscaling = %s },
  ]
  workload = { origins = [{ name = "shop", location = "aws:us-east-1", rps = 200,
    load_profile = { steps = [{ at_s = 6, multiplier = 3 }] } }] }
  %s
}
`, instances, autoscaling, testQuickRun)
}

// TestAccSimulationDataSource_autoscaling checks the autoscaling argument:
// bad values refused at plan time at the attribute, with the number and
// the fix (a field's rule, and the rules between fields), and a valid one
// plans with instances over time, scale events and the region's summary.
func TestAccSimulationDataSource_autoscaling(t *testing.T) {
	const ok = `{ min_instances = 2, max_instances = 12, target = 0.5, evaluation_interval_s = 2, warmup_s = 1 }`
	p := `regions\[0\]\.autoscaling\.`
	cases := []struct {
		instances   int
		autoscaling string
		err         string
	}{
		{4, `{ min_instances = 0, max_instances = 12, target = 0.5 }`, p + `min_instances\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`},
		{4, `{ min_instances = 2, max_instances = 12, target = 0.5, signal = "cpu" }`, p + `signal\s+must\s+be\s+one\s+of`},
		{4, `{ min_instances = 2, max_instances = 12, target = 0.5, tolerance = 0.7 }`, p + `tolerance\s+must\s+be\s+at\s+least\s+0\s+and\s+at\s+most\s+0\.5,\s+got\s+0\.7`},
		{4, `{ min_instances = 6, max_instances = 3, target = 0.5, evaluation_interval_s = 2 }`, `max_instances\s+=\s+3\s+is\s+below\s+min_instances\s+=\s+6`},
		{1, `{ min_instances = 2, max_instances = 12, target = 0.5, evaluation_interval_s = 2 }`, `starts\s+with\s+instances\s+=\s+1,\s+outside\s+its\s+autoscaling\s+range\s+\[2,\s+12\]`},
		{4, `{ min_instances = 2, max_instances = 12, target = 60, evaluation_interval_s = 2 }`, `target\s+=\s+60\s+is\s+above\s+1.*for\s+example\s+0\.6`},
		{4, `{ min_instances = 2, max_instances = 12, target = 0.5, evaluation_interval_s = 30 }`, `evaluation_interval_s\s+=\s+30\s+is\s+not\s+shorter\s+than\s+run\.duration_s\s+=\s+20`},
		{4, `{ min_instances = 2, target = 0.5 }`, `max_instances`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: testAutoscalingConfig(c.instances, c.autoscaling), ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	ds := "data.topology_simulation.test"
	res := func() tfjsonpath.Path { return tfjsonpath.New("results").AtSliceIndex(0) }
	steps = append(steps, resource.TestStep{
		Config: testAutoscalingConfig(4, ok),
		ConfigStateChecks: []statecheck.StateCheck{
			// 4 instances serve 200 rps at utilization 0.5, on target,
			// until the step: the first point shows them.
			statecheck.ExpectKnownValue(ds, res().AtMapKey("timeline").AtSliceIndex(0).AtMapKey("instances"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{"region": knownvalue.StringExact("us-east-1"),
					"provisioned": knownvalue.Float64Exact(4), "serving": knownvalue.Float64Exact(4)}),
			})),
			statecheck.ExpectKnownValue(ds, res().AtMapKey("scale_events").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"region": knownvalue.StringExact("us-east-1"), "from": knownvalue.Int64Exact(4),
				"reason": knownvalue.StringRegexp(regexp.MustCompile(`^utilization .* above target 0\.5`)),
			})),
			statecheck.ExpectKnownValue(ds, res().AtMapKey("regions").AtSliceIndex(0).AtMapKey("autoscaling").AtMapKey("peak_instances"), knownvalue.Int64Func(func(v int64) error {
				if v <= 4 || v > 12 {
					return fmt.Errorf("peak_instances %d, want a scale out within max_instances 12", v)
				}
				return nil
			})),
		},
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// TestAccAutoscalingRegionResource: topology_region takes autoscaling,
// the rules between its fields applied at validate time, and a whole
// resource carries it into a simulation.
func TestAccAutoscalingRegionResource(t *testing.T) {
	config := func(instances int, autoscaling string) string {
		return fmt.Sprintf(`
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = %d
  service_time_ms = 10
  autoscaling     = %s
}
`, instances, autoscaling)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(4, `{ min_instances = 6, max_instances = 3, target = 0.5 }`),
				ExpectError: regexp.MustCompile(`(?s)Invalid\s+autoscaling.*\s+autoscaling\.max_instances\s+=\s+3\s+is\s+below\s+min_instances\s+=\s+6`)},
			{Config: config(20, `{ min_instances = 2, max_instances = 10, target = 0.5 }`),
				ExpectError: regexp.MustCompile(`(?s)instances\s+=\s+20,\s+outside\s+its\s+autoscaling\s+range\s+\[2,\s+10\]`)},
			{Config: config(4, `{ min_instances = 2, max_instances = 10, target = 0.5, warmup_s = -1 }`),
				ExpectError: regexp.MustCompile(`autoscaling\.warmup_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`)},
			{
				Config: config(4, `{ min_instances = 2, max_instances = 10, target = 0.5, signal = "rps_per_instance" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("topology_region.use1", tfjsonpath.New("autoscaling").AtMapKey("max_instances"), knownvalue.Int64Exact(10)),
					statecheck.ExpectKnownValue("topology_region.use1", tfjsonpath.New("autoscaling").AtMapKey("signal"), knownvalue.StringExact("rps_per_instance")),
				},
			},
		},
	})
}
