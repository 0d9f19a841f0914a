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

// testLiteralReplicaSet is a valid literal replica set over the literal
// region of testSimulationLiteral, with extra attributes appended.
func testLiteralReplicaSet(extra string) string {
	return fmt.Sprintf(`replica_sets = [{ name = "orders", regions = ["us-east-1"], leader = "us-east-1", replication = "sync_quorum"%s }]`, extra)
}

// TestAccSimulationDataSource_replicaSetValidation checks the replica set,
// scenario, workload and SLA arguments are refused before any simulation,
// at the element at fault.
func TestAccSimulationDataSource_replicaSetValidation(t *testing.T) {
	literal := func(extra string) string {
		return testSimulationLiteral(testLiteralRegion, testLiteralOrigin, testQuickRun, extra)
	}
	outage := func(fault string) string {
		return fmt.Sprintf(`scenarios = [{ name = "down", faults = [%s] }]`, fault)
	}
	cases := []struct{ config, err string }{
		{literal(`replica_sets = [{ name = "orders", regions = ["us-east-1"], leader = "eu-west-1", replication = "sync_quorum" }]`),
			`leader\s+"eu-west-1"\s+is\s+not\s+one\s+of\s+regions\s+\["us-east-1"\]`},
		{literal(`replica_sets = [{ name = "orders", regions = ["us-east-1"], leader = "us-east-1" }]`),
			`replica_sets\[0\]\.replication\s+is\s+required\s+but\s+not\s+set`},
		{literal(testLiteralReplicaSet(", quorum = 2")),
			`quorum\s+is\s+2\s+but\s+the\s+replica\s+set\s+has\s+1\s+replica\s+\(regions\s+\["us-east-1"\]\)`},
		{literal(testLiteralReplicaSet(`, conflict_resolution = "crdt"`)),
			`conflict_resolution\s+\("crdt"\)\s+only\s+applies\s+to\s+replication\s+=\s+"multi_leader"`},
		{literal(testLiteralReplicaSet(`, read_consistency = "bounded_staleness"`)),
			`read_consistency\s+is\s+"bounded_staleness"\s+but\s+staleness_bound_ms\s+is\s+not\s+set`},
		{literal(`replica_sets = [{ name = "orders", regions = ["us-east-1", "us-east-1"], leader = "us-east-1", replication = "sync_quorum" }]`),
			`replica_sets\[0\]\.regions\s+lists\s+region\s+"us-east-1"\s+twice`},
		{literal(outage(`{ type = "meteor", region = "us-east-1", at_s = 5 }`)),
			`scenarios\[0\]\.faults\[0\]\.type\s+must\s+be\s+one\s+of\s+"apply_slowdown",\s+"cache_flush",\s+"capacity_loss",\s+"latency_spike",\s+"partition",\s+"region_outage",\s+"service_slowdown"\s+or\s+"traffic_surge",\s+got\s+"meteor"`},
		{literal(outage(`{ type = "region_outage", at_s = 5 }`)),
			`scenarios\[0\]\.faults\[0\]\.region\s+is\s+required\s+by\s+a\s+"region_outage"\s+fault`},
		{literal(outage(`{ type = "region_outage", region = "us-east-1" }`)),
			`scenarios\[0\]\.faults\[0\]\.at_s\s+is\s+required\s+but\s+not\s+set`},
		{literal(outage(`{ type = "region_outage", region = "us-east-1", at_s = -1 }`)),
			`scenarios\[0\]\.faults\[0\]\.at_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
		{literal(`scenarios = [{ name = "down", faults = [] }]`),
			`scenarios\[0\]\.faults\s+is\s+empty`},
		{literal(`sla = { stale_read_ratio = 2 }`), `sla\.stale_read_ratio\s+must\s+be\s+at\s+least\s+0\s+and\s+at\s+most\s+1,\s+got\s+2`},
		{literal(`sla = { rpo_ms = -5 }`), `sla\.rpo_ms\s+must\s+be\s+at\s+least\s+0,\s+got\s+-5`},
		{literal(`sla = { replication_lag_p99_ms = 0 }`), `sla\.replication_lag_p99_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{`
data "topology_simulation" "test" {
  regions  = [{ name = "us-east-1", location = "aws:us-east-1", instances = 2, concurrency = 4, service_time_ms = 20 }]
  workload = { keys = 0, zipf_s = -1, origins = [{ location = "aws:us-east-1", rps = 100, replica_set = "Orders" }] }
}`, `(?s)workload\.keys\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`},
		{`
data "topology_simulation" "test" {
  regions  = [{ name = "us-east-1", location = "aws:us-east-1", instances = 2, concurrency = 4, service_time_ms = 20 }]
  workload = { zipf_s = -1, origins = [{ location = "aws:us-east-1", rps = 100 }] }
}`, `workload\.zipf_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, ExpectError: regexp.MustCompile(c.err)})
	}
	// The last step is valid.
	steps = append(steps, resource.TestStep{Config: literal(`sla = { availability = 0.99 }`)})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// TestAccSimulationDataSource_replicaSetChecks checks that the simulator's
// static checks on replica sets, origins and scenarios point at the
// element at fault.
func TestAccSimulationDataSource_replicaSetChecks(t *testing.T) {
	literal := func(extra string) string {
		return testSimulationLiteral(testLiteralRegion, `{ location = "aws:us-east-1", rps = 100, read_ratio = 0.9, replica_set = "orders" }`,
			testQuickRun, extra)
	}
	rs := testLiteralReplicaSet("")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: literal(`replica_sets = [{ name = "orders", regions = ["us-east-1", "eu-west-1"], leader = "us-east-1", replication = "async_primary" }]`),
				ExpectError: regexp.MustCompile(`(?s)replica\s+set\s+orders\s+lists\s+region\s+"eu-west-1",\s+which\s+is\s+not\s+declared.*` +
					`Attribute:\s+replica_sets\[0\]\.regions\[1\]`),
			},
			{
				Config: testSimulationLiteral(testLiteralRegion, `{ location = "aws:us-east-1", rps = 100, read_ratio = 0.9, replica_set = "payments" }`,
					testQuickRun, rs),
				ExpectError: regexp.MustCompile(`(?s)uses\s+replica\s+set\s+"payments",\s+which\s+is\s+not\s+declared.*` +
					`Attribute:\s+workload\.origins\[0\]\.replica_set`),
			},
			{
				Config: literal(rs + "\n" + `scenarios = [{ name = "down", faults = [{ type = "region_outage", region = "ap-south-1", at_s = 5 }] }]`),
				ExpectError: regexp.MustCompile(`(?s)region_outage\s+names\s+region\s+"ap-south-1",\s+which\s+is\s+not\s+declared.*` +
					`Attribute:\s+scenarios\[0\]\.faults\[0\]\.region`),
			},
			{
				Config:      literal(rs + "\n" + `scenarios = [{ name = "baseline", faults = [{ type = "region_outage", region = "us-east-1", at_s = 5 }] }]`),
				ExpectError: regexp.MustCompile(`scenario\s+name\s+"baseline"\s+is\s+reserved`),
			},
			{
				// Valid: one replica set, one scenario, replica-set clauses.
				Config: literal(rs + "\n" + `scenarios = [{ name = "down", faults = [{ type = "region_outage", region = "us-east-1", at_s = 5, duration_s = 5 }] }]
  sla = { replication_lag_p99_ms = 10000, stale_read_ratio = 1 }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("results"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(testSimulationAddress,
						tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("sla").AtSliceIndex(0).AtMapKey("clause"),
						knownvalue.StringExact("replication_lag_p99_ms")),
				},
			},
		},
	})
}

// testReplicationConfig declares two regions and one replica set of the
// given mode (with extra arguments), all created in the same plan as the
// simulation that reads them through local values, with a leader outage
// scenario long enough for a failover.
func testReplicationConfig(mode, extra, sla string) string {
	return testSimulationResources + fmt.Sprintf(`
resource "topology_replica_set" "orders" {
  name        = "orders"
  regions     = [topology_region.use1.name, topology_region.euw1.name]
  leader      = topology_region.use1.name
  replication = %q
  %s
}

locals {
  regions      = [topology_region.use1, topology_region.euw1]
  replica_sets = [topology_replica_set.orders]
}

data "topology_simulation" "test" {
  regions      = local.regions
  replica_sets = local.replica_sets
  workload = {
    keys    = 10000
    zipf_s  = 0.99
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 1200, read_ratio = 0.5 },
      { name = "ireland", location = "aws:eu-west-1", rps = 300, read_ratio = 0.9 },
    ]
  }
  scenarios = [{
    name   = "leader-down"
    faults = [{ type = "region_outage", region = "us-east-1", at_s = 6, duration_s = 10 }]
  }]
  %s
  %s
}

output "sla_status" {
  value = data.topology_simulation.test.sla_status
}

output "lost_writes" {
  value = data.topology_simulation.test.results[1].lost_writes
}
`, mode, extra, sla, `
  duration_s   = 20
  warmup_s     = 2
  replications = 5`)
}

// TestAccSimulationDataSource_replicaSets checks that replica sets given as
// resources through a local are simulated at plan time, with a leader
// outage scenario, and that the results have their documented shape.
func TestAccSimulationDataSource_replicaSets(t *testing.T) {
	outage := tfjsonpath.New("results").AtSliceIndex(1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testReplicationConfig("async_primary", "promotion_delay_ms = 1000", `sla = { write_latency_p99_ms = 5000 }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("topology_replica_set.orders", plancheck.ResourceActionCreate),
				plancheck.ExpectKnownOutputValue("sla_status", knownvalue.StringExact("pass")),
				plancheck.ExpectKnownOutputValue("lost_writes", knownvalue.NotNull()),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testSimulationAddress, outage.AtMapKey("name"), knownvalue.StringExact("leader-down")),
				statecheck.ExpectKnownValue(testSimulationAddress, outage.AtMapKey("write_latency_ms").AtMapKey("p99"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(testSimulationAddress, outage.AtMapKey("replica_sets"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name":        knownvalue.StringExact("orders"),
						"replication": knownvalue.StringExact("async_primary"),
						"failovers":   knownvalue.Float64Exact(1),
						"followers": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"region": knownvalue.StringExact("eu-west-1"),
						})}),
					}),
				})),
				statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("report_markdown"),
					knownvalue.StringRegexp(regexp.MustCompile(`\| orders \| async_primary \|`))),
			},
		}},
	})
}

// TestAccSimulationDataSource_rpoNotMet checks that an async_primary replica
// set whose leader region fails loses committed writes, and that an RPO
// clause then fails the plan in that scenario, naming the clause.
func TestAccSimulationDataSource_rpoNotMet(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The follower is promoted 1 s into the outage and lacks the
				// writes still in flight to it: they are lost.
				Config: testReplicationConfig("async_primary", "promotion_delay_ms = 1000", `sla = { rpo_ms = 0.001 }`),
				ExpectError: regexp.MustCompile(`(?s)SLA\s+not\s+met\s+in\s+scenario\s+"leader-down".*rpo_ms:\s+target\s+<=\s+0.001\s+ms,\s+observed\s+[0-9.]+\s+ms.*` +
					`orders\s+\(async_primary\):.*lost\s+writes.*use\s+sync_quorum\s+replication`),
			},
			{
				// sync_quorum loses no committed write: the same clause passes.
				Config: testReplicationConfig("sync_quorum", "", `sla = { rpo_ms = 0.001 }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("sla_status", knownvalue.StringExact("pass")),
				}},
			},
		},
	})
}
