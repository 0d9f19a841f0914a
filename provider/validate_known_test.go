package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// These tests give the simulation literal mistakes that the simulator's
// checks refuse at plan, with regions that reference a value known only
// after apply (terraform_data's output): plan cannot simulate them, so an
// error in the plan can only come from validation, which judges the known
// part of the model (run settings, workload, sla, scenarios, network)
// with the same checks and words. A mistake that needs the regions must
// not be judged before they are known.

// testUnknownRegions are two regions whose instances are known only after
// apply.
const testUnknownRegions = `
resource "terraform_data" "instances" {
  input = 2
}

locals {
  regions = [
    { name = "a", location = "aws:us-east-1", instances = terraform_data.instances.output, service_time_ms = 10 },
    { name = "b", location = "aws:eu-west-1", instances = terraform_data.instances.output, service_time_ms = 10 },
  ]
}
`

// testKnownPart is a simulation (block is "data" or "resource") of the
// unknown regions with the given workload origins, run settings and
// scenarios.
func testKnownPart(block, origins, run, scenarios string) string {
	return testUnknownRegions + fmt.Sprintf(`
%s "topology_simulation" "t" {
  regions   = local.regions
  workload  = { origins = [%s] }
  sla       = { latency_p99_ms = 500 }
  scenarios = %s
  %s
}
`, block, origins, scenarios, run)
}

const (
	testOneOrigin = `{ name = "o", location = "aws:us-east-1", rps = 10 }`
	testRun60     = "duration_s = 60"
)

func testScenario(name, fault string) string {
	return fmt.Sprintf(`[{ name = %q, faults = [%s] }]`, name, fault)
}

func TestAccValidateKnown_refusesLiteralMistakesBeforeTheRegionsAreKnown(t *testing.T) {
	outage := `{ type = "region_outage", region = "a", at_s = 10 }`
	cases := []struct {
		name, block, origins, run, scenarios string
		want                                 string
	}{
		{"fault after the run", "data", testOneOrigin, testRun60,
			testScenario("late", `{ type = "region_outage", region = "a", at_s = 100 }`),
			`fault at_s = 100 is not within the run's duration_s = 60`},
		{"scenario named baseline", "data", testOneOrigin, testRun60, testScenario("baseline", outage),
			`scenario name "baseline" is reserved`},
		{"duplicate origin names", "data", testOneOrigin + ", " + `{ name = "o", location = "aws:eu-west-1", rps = 10 }`,
			testRun60, "[]", `origin name "o" is used twice`},
		{"partition from a region to itself", "data", testOneOrigin, testRun60,
			testScenario("cut", `{ type = "partition", region = "a", region_b = "a", at_s = 10 }`),
			`partition is between region "a" and itself`},
		{"duration past the supported", "data", testOneOrigin, "duration_s = 1e12", "[]",
			`run.duration_s must be at most 1e\+06, got 1e\+12`},
		{"the managed resource too", "resource", testOneOrigin, testRun60, testScenario("baseline", outage),
			`scenario name "baseline" is reserved`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      testKnownPart(c.block, c.origins, c.run, c.scenarios),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
		})
	}
}

// TestAccValidateKnown_waitsForTheRegions names regions that may or may
// not be declared: only the regions, unknown until apply, can tell, so
// validation must not refuse them and the plan goes through.
func TestAccValidateKnown_waitsForTheRegions(t *testing.T) {
	for _, block := range []string{"data", "resource"} {
		t.Run(block, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: testKnownPart(block, testOneOrigin, testRun60, `[
    { name = "gone", faults = [{ type = "region_outage", region = "zz", at_s = 10 }] },
    { name = "cut", faults = [{ type = "partition", region = "a", region_b = "zz", at_s = 10 }] },
  ]`),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
				}},
			})
		})
	}
}
