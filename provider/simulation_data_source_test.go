package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const testSimulationAddress = "data.topology_simulation.test"

// testSimulationResources declares two regions that are created in the same
// plan as the simulation that reads them. 4 x 8 servers at 20 ms give each
// a capacity of 1600 requests/s.
const testSimulationResources = `
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 4
  concurrency     = 8
  service_time_ms = 20
}

resource "topology_region" "euw1" {
  name                      = "eu-west-1"
  location                  = "aws:eu-west-1"
  instances                 = 4
  concurrency               = 8
  service_time_ms           = 20
  service_time_distribution = "lognormal"
  queue_limit               = 500
}
`

// testSimulationConfig is a small, quick simulation (a few tens of
// thousands of requests) of the two regions with the given sla and extra
// arguments, exposing its verdict as outputs. The regions go through a
// local value, as the documentation recommends: a data source that refers
// to a managed resource directly is only read at apply when that resource
// has changes pending.
func testSimulationConfig(sla, extra string) string {
	return testSimulationResources + fmt.Sprintf(`
locals {
  regions = [topology_region.use1, topology_region.euw1]
}

data "topology_simulation" "test" {
  regions = local.regions
  workload = {
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 400 },
      { name = "ireland", location = "aws:eu-west-1", rps = 300, read_ratio = 0.9 },
    ]
  }
  %s
  %s
  %s
}

output "sla_met" {
  value = data.topology_simulation.test.sla_met
}

output "sla_status" {
  value = data.topology_simulation.test.sla_status
}
`, sla, testQuickRun, extra)
}

// testSimulationLiteral is a simulation of literal region objects with the
// given region attributes, workload origins, run settings and extra
// arguments, for the validation tests: nothing is created.
func testSimulationLiteral(region, origins, run, extra string) string {
	return fmt.Sprintf(`
data "topology_simulation" "test" {
  regions  = [{ name = "us-east-1", location = "aws:us-east-1", %s }]
  workload = { origins = [%s] }
  %s
  %s
}
`, region, origins, run, extra)
}

const (
	// testQuickRun keeps each simulation to a fraction of a second.
	testQuickRun = `
  duration_s   = 20
  warmup_s     = 2
  replications = 3`

	testLiteralRegion = `instances = 2, concurrency = 4, service_time_ms = 20`
	testLiteralOrigin = `{ location = "aws:us-east-1", rps = 100 }`
)

// TestAccSimulationDataSource_plan checks that the simulation is read at
// plan time from regions that do not exist yet, so that its verdict is in
// the plan, and that the results have their documented shape.
func TestAccSimulationDataSource_plan(t *testing.T) {
	baseline := tfjsonpath.New("results").AtSliceIndex(0)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testSimulationConfig(`sla = { latency_p99_ms = 2000, availability = 0.9 }`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("topology_region.use1", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("topology_region.euw1", plancheck.ResourceActionCreate),
						plancheck.ExpectKnownOutputValue("sla_met", knownvalue.Bool(true)),
						plancheck.ExpectKnownOutputValue("sla_status", knownvalue.StringExact("pass")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("name"), knownvalue.StringExact("baseline")),
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("requests"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("latency_ms").AtMapKey("p99"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("latency_ms_ci").AtMapKey("p99").AtMapKey("high"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("availability_ci").AtMapKey("low"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("utilization"), knownvalue.MapSizeExact(2)),
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("origins"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name": knownvalue.StringExact("virginia"), "served_by": knownvalue.StringExact("us-east-1"),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name": knownvalue.StringExact("ireland"), "served_by": knownvalue.StringExact("eu-west-1"),
						}),
					})),
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("regions"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("us-east-1")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("eu-west-1")}),
					})),
					statecheck.ExpectKnownValue(testSimulationAddress, baseline.AtMapKey("sla"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"clause": knownvalue.StringExact("latency_p99_ms"), "target": knownvalue.Float64Exact(2000),
							"status": knownvalue.StringExact("pass"),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"clause": knownvalue.StringExact("availability"), "status": knownvalue.StringExact("pass"),
						}),
					})),
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("report_markdown"),
						knownvalue.StringRegexp(regexp.MustCompile(`## Topology simulation: PASS`))),
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("simulated_requests"), knownvalue.NotNull()),
				},
			},
			{
				// The pitfall the documentation warns about: referring to the
				// regions directly, while one of them has an update pending,
				// makes Terraform read the data source only at apply. If this
				// starts failing, Terraform has changed and the
				// documentation's advice to use a local value can go.
				Config: strings.Replace(strings.Replace(testSimulationConfig(`sla = { latency_p99_ms = 2000 }`, ""),
					"regions = local.regions", "regions = [topology_region.use1, topology_region.euw1]", 1),
					"instances       = 4", "instances       = 5", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("topology_region.use1", plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownOutputValue("sla_met"),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("sla_status"), knownvalue.StringExact("pass")),
				},
			},
		},
	})
}

// TestAccSimulationDataSource_slaNotMet checks that a failed SLA fails the
// plan with every failed clause listed, and only warns with enforce = false.
func TestAccSimulationDataSource_slaNotMet(t *testing.T) {
	// An exponential 20 ms service time alone has a median of 14 ms and a
	// p99 of 92 ms, so both latency targets are missed; availability is met.
	sla := `sla = { latency_p50_ms = 5, latency_p99_ms = 50, availability = 0.9 }`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testSimulationConfig(sla, ""),
				ExpectError: regexp.MustCompile(`(?s)SLA\s+not\s+met\s+in\s+scenario\s+"baseline".*latency_p99_ms:\s+target\s+<=\s+50\s+ms,\s+observed`),
			},
			{
				Config:      testSimulationConfig(sla, ""),
				ExpectError: regexp.MustCompile(`latency_p50_ms:\s+target\s+<=\s+5\s+ms,\s+observed\s+[0-9.]+\s+ms\s+\(95%\s+CI\s+[0-9.]+\s+to\s+[0-9.]+\s+ms\)`),
			},
			{
				Config: testSimulationConfig(sla, "enforce = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownOutputValue("sla_met", knownvalue.Bool(false)),
						plancheck.ExpectKnownOutputValue("sla_status", knownvalue.StringExact("fail")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("report_markdown"),
						knownvalue.StringRegexp(regexp.MustCompile(`## Topology simulation: FAIL`))),
				},
			},
		},
	})
}

// TestAccSimulationDataSource_invalid checks that bad input is refused
// before any simulation, with a message naming the attribute and the value.
func TestAccSimulationDataSource_invalid(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testSimulationLiteral(testLiteralRegion, `{ location = "aws:mars-1", rps = 100 }`, testQuickRun, ""),
				ExpectError: regexp.MustCompile(`location\s+"aws:mars-1"\s+is\s+not\s+in\s+the\s+aws\s+catalog`),
			},
			{
				Config:      testSimulationLiteral(`instances = -1, service_time_ms = 20`, testLiteralOrigin, testQuickRun, ""),
				ExpectError: regexp.MustCompile(`regions\[0\]\.instances\s+must\s+be\s+at\s+least\s+1,\s+got\s+-1`),
			},
			{
				// A literal object may leave out only the optional attributes.
				Config:      testSimulationLiteral(`instances = 2`, testLiteralOrigin, testQuickRun, ""),
				ExpectError: regexp.MustCompile(`regions\[0\]\.service_time_ms\s+is\s+required\s+but\s+not\s+set`),
			},
			{
				Config:      testSimulationLiteral(testLiteralRegion, "", testQuickRun, ""),
				ExpectError: regexp.MustCompile(`workload\.origins\s+is\s+empty,\s+but\s+at\s+least\s+one\s+element\s+is\s+needed`),
			},
			{
				// 1 server at 20 ms serves 50 requests/s; 100 are offered
				// and the queue is unbounded, so it grows without end.
				Config:      testSimulationLiteral(`instances = 1, service_time_ms = 20`, testLiteralOrigin, testQuickRun, ""),
				ExpectError: regexp.MustCompile(`(?i)overloaded`),
			},
			{
				Config:      testSimulationLiteral(testLiteralRegion, testLiteralOrigin, "duration_s = 20\nwarmup_s = 30", ""),
				ExpectError: regexp.MustCompile(`warmup_s\s+is\s+30\s+s\s+but\s+duration_s\s+is\s+20\s+s`),
			},
			{
				Config:      testSimulationLiteral(testLiteralRegion, testLiteralOrigin, "duration_s = 20\nreplications = 1", ""),
				ExpectError: regexp.MustCompile(`replications\s+must\s+be\s+between\s+2\s+and\s+100,\s+got\s+1`),
			},
			{
				Config:      testSimulationLiteral(testLiteralRegion+`, service_time_p99_over_p50 = 4`, testLiteralOrigin, testQuickRun, ""),
				ExpectError: regexp.MustCompile(`service_time_p99_over_p50\s+\(4\)\s+shapes\s+a\s+lognormal\s+service\s+time`),
			},
			{
				// A valid literal configuration; the seed comes from the
				// provider since the data source sets none.
				Config: `provider "topology" {
  default_seed = 7
}
` + testSimulationLiteral(testLiteralRegion, testLiteralOrigin, testQuickRun, `sla = { availability = 0.99 }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("report_markdown"),
						knownvalue.StringRegexp(regexp.MustCompile(`seed 7,`))),
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("sla_status"), knownvalue.StringExact("pass")),
					statecheck.ExpectKnownValue(testSimulationAddress,
						tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("origins").AtSliceIndex(0).AtMapKey("name"),
						knownvalue.StringExact("aws:us-east-1")),
				},
			},
		},
	})
}
