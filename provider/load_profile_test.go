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

// testLoadConfig is a simulation of kind ("data" or "resource") with one
// origin of 100 rps whose load_profile is profile; workload adds keys to
// the workload.
func testLoadConfig(kind, profile, workload string) string {
	return fmt.Sprintf(`
%s "topology_simulation" "test" {
  regions  = [{ name = "us-east-1", location = "aws:us-east-1", instances = 4, concurrency = 4, service_time_ms = 10 }]
  workload = {
    origins = [{ name = "web", location = "aws:us-east-1", rps = 100, load_profile = %s }]
    %s
  }
  %s
}
`, kind, profile, workload, testQuickRun)
}

// TestAccSimulationDataSource_loadProfile checks every argument of
// workload.origins[].load_profile and workload.start_hour_utc: each bad
// value is refused at plan time at the attribute at fault, with the
// number and the fix, a misspelt key is an error naming the key meant,
// and a valid profile plans with the timeline's offered_rps its rate.
func TestAccSimulationDataSource_loadProfile(t *testing.T) {
	cfg := func(profile string) string { return testLoadConfig("data", profile, "") }
	diurnal := func(body string) string { return `{ diurnal = { ` + body + ` } }` }
	steps := func(list string) string { return `{ steps = [` + list + `] }` }
	d := `workload\.origins\[0\]\.load_profile\.diurnal\.`
	s := `workload\.origins\[0\]\.load_profile\.steps\[\d\]\.`
	cases := []struct{ config, err string }{
		{cfg(`{}`), `origin\s+web\s+has\s+a\s+load_profile\s+with\s+neither\s+diurnal\s+nor\s+steps.*remove\s+load_profile`},
		{cfg(diurnal(`peak_multiplier = 0.5, trough_multiplier = 2, peak_hour_utc = 14`)),
			`diurnal\s+peak_multiplier\s+=\s+0\.5\s+is\s+below\s+its\s+trough_multiplier\s+=\s+2.*swap\s+them`},
		{cfg(diurnal(`peak_multiplier = 2, trough_multiplier = 0, peak_hour_utc = 14`)), d + `trough_multiplier\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{cfg(diurnal(`peak_multiplier = -1, trough_multiplier = 0.5, peak_hour_utc = 14`)), d + `peak_multiplier\s+must\s+be\s+greater\s+than\s+0,\s+got\s+-1`},
		{cfg(diurnal(`peak_multiplier = 1000, trough_multiplier = 0.5, peak_hour_utc = 14`)), d + `peak_multiplier\s+must\s+be\s+at\s+most\s+100.*raise\s+the\s+origin's\s+rps`},
		{cfg(diurnal(`peak_multiplier = 2, trough_multiplier = 0.5, peak_hour_utc = 25`)), d + `peak_hour_utc\s+must\s+be\s+at\s+least\s+0\s+and\s+at\s+most\s+24,\s+got\s+25`},
		{cfg(diurnal(`peak_multiplier = 2, trough_multiplier = 0.5`)), `peak_hour_utc\s+is\s+required\s+but\s+not\s+set`},
		{cfg(diurnal(`trough_multiplier = 0.5, peak_hour_utc = 14`)), `peak_multiplier\s+is\s+required\s+but\s+not\s+set`},
		{cfg(diurnal(`peak_multiplier = 2, peak_hour_utc = 14`)), `trough_multiplier\s+is\s+required\s+but\s+not\s+set`},
		{cfg(diurnal(`peak_multipler = 2, trough_multiplier = 0.5, peak_hour_utc = 14`)), `peak_multipler.*peak_multiplier`},
		{cfg(`{ diurnall = { peak_multiplier = 2, trough_multiplier = 0.5, peak_hour_utc = 14 } }`), `diurnall.*diurnal`},
		{cfg(steps(``)), `workload\.origins\[0\]\.load_profile\.steps\s+is\s+empty.*Add\s+the\s+campaign's\s+steps`},
		{cfg(steps(`{ at_s = -1, multiplier = 2 }`)), s + `at_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
		{cfg(steps(`{ at_s = 5, multiplier = 0 }`)), s + `multiplier\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{cfg(steps(`{ at_s = 5, multiplier = 2, ramp_s = -2 }`)), s + `ramp_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-2`},
		{cfg(steps(`{ multiplier = 2 }`)), `at_s\s+is\s+required\s+but\s+not\s+set`},
		{cfg(steps(`{ at_s = 5 }`)), `multiplier\s+is\s+required\s+but\s+not\s+set`},
		{cfg(steps(`{ at_s = 5, multiplier = 2, ramps = 1 }`)), `ramps.*ramp_s`},
		{cfg(steps(`{ at_s = 5, multiplier = 2, ramp_s = 5 }, { at_s = 8, multiplier = 1 }`)),
			`step\s+1\s+starts\s+at\s+at_s\s+=\s+8,\s+before\s+step\s+0's\s+ramp\s+ends\s+at\s+10\s+s.*at_s\s+>=\s+10`},
		{cfg(steps(`{ at_s = 30, multiplier = 2 }`)), `step\s+0\s+starts\s+at\s+at_s\s+=\s+30,\s+not\s+before\s+the\s+run\s+ends\s+at\s+duration_s\s+=\s+20`},
		{testLoadConfig("data", steps(`{ at_s = 5, multiplier = 2 }`), `start_hour_utc = 25`),
			`workload\.start_hour_utc\s+must\s+be\s+at\s+least\s+0\s+and\s+at\s+most\s+24,\s+got\s+25`},
		// A campaign whose mean over the run overloads the unbounded
		// region (capacity 4 x 4 / 10 ms = 1600 rps) cannot be simulated.
		{cfg(steps(`{ at_s = 1, multiplier = 20 }`)), `region\s+us-east-1\s+is\s+overloaded`},
	}
	steps2 := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps2 = append(steps2, resource.TestStep{Config: c.config, ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	ds := "data.topology_simulation.test"
	point := func(i int) tfjsonpath.Path {
		return tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("timeline").AtSliceIndex(i).AtMapKey("offered_rps")
	}
	// A flat diurnal curve (peak = trough = 1.5) times a ramp from 1 to 3
	// over [5, 9] s: 150 rps before, 1.5 x 1.75 x 100 over [6, 7], 450
	// after; all exact integrals.
	steps2 = append(steps2, resource.TestStep{
		Config: testLoadConfig("data", `{
			diurnal = { peak_multiplier = 1.5, trough_multiplier = 1.5, peak_hour_utc = 14 }
			steps   = [{ at_s = 5, multiplier = 3, ramp_s = 4 }]
		}`, `start_hour_utc = 12`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(ds, point(0), knownvalue.Float64Exact(150)),
			statecheck.ExpectKnownValue(ds, point(6), knownvalue.Float64Exact(262.5)),
			statecheck.ExpectKnownValue(ds, point(15), knownvalue.Float64Exact(450)),
		},
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps2})
}

// TestAccSimulationResource_loadProfile: the managed resource takes the
// same load_profile (its schema is the data source's), refuses the same
// bad values, and its planned timeline shows the offered load.
func TestAccSimulationResource_loadProfile(t *testing.T) {
	rs := "topology_simulation.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testLoadConfig("resource", `{ steps = [{ at_s = 5, multiplier = 2, ramp_s = -1 }] }`, ""),
				ExpectError: regexp.MustCompile(`(?s)workload\.origins\[0\]\.load_profile\.steps\[0\]\.ramp_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`),
			},
			{
				Config: testLoadConfig("resource", `{ steps = [{ at_s = 10, multiplier = 2 }] }`, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rs, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("timeline").AtSliceIndex(9).AtMapKey("offered_rps"), knownvalue.Float64Exact(100)),
					statecheck.ExpectKnownValue(rs, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("timeline").AtSliceIndex(10).AtMapKey("offered_rps"), knownvalue.Float64Exact(200)),
				},
			},
		},
	})
}

// TestAccValidateKnown_loadProfile: a literal load profile's mistakes are
// refused at validation, before the regions (known only after apply) let
// the plan simulate, in the words of the plan-time checks.
func TestAccValidateKnown_loadProfile(t *testing.T) {
	origin := func(profile string) string {
		return `{ name = "o", location = "aws:us-east-1", rps = 10, load_profile = ` + profile + ` }`
	}
	cases := []struct{ name, block, profile, want string }{
		{"peak below trough", "data", `{ diurnal = { peak_multiplier = 1, trough_multiplier = 2, peak_hour_utc = 3 } }`,
			`diurnal\s+peak_multiplier\s+=\s+1\s+is\s+below\s+its\s+trough_multiplier\s+=\s+2`},
		{"steps out of order", "data", `{ steps = [{ at_s = 20, multiplier = 2 }, { at_s = 10, multiplier = 1 }] }`,
			`step\s+1\s+starts\s+at\s+at_s\s+=\s+10,\s+before\s+step\s+0's\s+ramp\s+ends\s+at\s+20\s+s`},
		{"step after the run", "resource", `{ steps = [{ at_s = 90, multiplier = 2 }] }`,
			`step\s+0\s+starts\s+at\s+at_s\s+=\s+90,\s+not\s+before\s+the\s+run\s+ends\s+at\s+duration_s\s+=\s+60`},
		{"empty profile", "resource", `{}`, `neither\s+diurnal\s+nor\s+steps`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      testKnownPart(c.block, origin(c.profile), testRun60, "[]"),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + c.want),
				}},
			})
		})
	}
}
