package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// testLiteralPolicy is a literal routing policy with extra arguments.
func testLiteralPolicy(extra string) string {
	return fmt.Sprintf(`routing_policy = { name = "global"%s }`, extra)
}

// TestAccSimulationDataSource_routingValidation checks that routing policy,
// fault, origin, region and SLA arguments are refused before any
// simulation, at the attribute at fault, and that the simulator's static
// checks on the policy point into its maps by key.
func TestAccSimulationDataSource_routingValidation(t *testing.T) {
	origins := `{ name = "virginia", location = "aws:us-east-1", rps = 100 }`
	literal := func(extra string) string {
		return testSimulationLiteral(testLiteralRegion, origins, testQuickRun, extra)
	}
	fault := func(f string) string {
		return fmt.Sprintf(`scenarios = [{ name = "down", faults = [%s] }]`, f)
	}
	fp := `scenarios\[0\]\.faults\[0\]\.`
	cases := []struct{ config, err string }{
		// The resource's rules, on a literal policy.
		{literal(`routing_policy = { strategy = "latency" }`), `routing_policy\.name\s+is\s+required\s+but\s+not\s+set`},
		{literal(testLiteralPolicy(`, strategy = "anycast"`)), `routing_policy\.strategy\s+must\s+be\s+one\s+of\s+"latency",\s+"geo",\s+"weighted"\s+or\s+"failover"`},
		{literal(testLiteralPolicy(`, strategy = "failover"`)), `strategy\s+is\s+"failover"\s+but\s+failover\s+is\s+not\s+set`},
		{literal(testLiteralPolicy(`, failover = ["us-east-1"]`)), `failover\s+only\s+applies\s+to\s+strategy\s+=\s+"failover",\s+but\s+strategy\s+is\s+not\s+set,\s+so\s+it\s+is\s+"latency"`},
		{literal(testLiteralPolicy(`, strategy = "weighted", weights = { "us-east-1" = 0 }`)), `every\s+weight\s+in\s+weights\s+is\s+0`},
		{literal(testLiteralPolicy(`, health_check = { interval_s = 1, timeout_ms = 1500 }`)), `(?s)Health-check\s+timeout\s+longer\s+than\s+its\s+interval`},
		{literal(testLiteralPolicy(`, retry = { max_attempts = 20 }`)), `routing_policy\.retry\.max_attempts\s+must\s+be\s+between\s+1\s+and\s+10,\s+got\s+20`},
		{literal(testLiteralPolicy(`, dns_ttl_s = -10`)), `routing_policy\.dns_ttl_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-10`},
		{literal(testLiteralPolicy(`, circuit_breaker = { open_s = -1 }`)), `routing_policy\.circuit_breaker\.open_s\s+must\s+be\s+greater\s+than\s+0`},
		// The simulator's checks, pointed at the map entry by its key.
		{literal(testLiteralPolicy(`, strategy = "geo", geo_routes = { nowhere = "us-east-1" }`)),
			`(?s)geo_routes\s+names\s+origin\s+"nowhere",\s+which\s+is\s+not\s+declared.*routing_policy\.geo_routes\["nowhere"\]`},
		{literal(testLiteralPolicy(`, strategy = "weighted", weights = { "us-east-1" = 1, "eu-west-1" = 1 }`)),
			`(?s)weights\s+name\s+region\s+"eu-west-1",\s+which\s+is\s+not\s+declared.*routing_policy\.weights\["eu-west-1"\]`},
		{literal(testLiteralPolicy(`, strategy = "failover", failover = ["us-east-1", "eu-west-1"]`)),
			`failover\s+lists\s+region\s+"eu-west-1",\s+which\s+is\s+not\s+declared`},
		// Faults: each type's needs and refusals, and the new values.
		{literal(fault(`{ type = "capacity_loss", region = "us-east-1", at_s = 5 }`)),
			fp + `fraction\s+is\s+required\s+by\s+a\s+"capacity_loss"\s+fault.*fraction\s+=\s+0\.5`},
		{literal(fault(`{ type = "capacity_loss", fraction = 0.5, at_s = 5 }`)), fp + `region\s+is\s+required\s+by\s+a\s+"capacity_loss"\s+fault`},
		{literal(fault(`{ type = "capacity_loss", region = "us-east-1", fraction = 0, at_s = 5 }`)),
			fp + `fraction\s+must\s+be\s+greater\s+than\s+0\s+and\s+at\s+most\s+1,\s+got\s+0`},
		{literal(fault(`{ type = "capacity_loss", region = "us-east-1", fraction = 1.5, at_s = 5 }`)), fp + `fraction\s+must\s+be\s+greater\s+than\s+0\s+and\s+at\s+most\s+1,\s+got\s+1\.5`},
		{literal(fault(`{ type = "capacity_loss", region = "us-east-1", fraction = 0.5, origin = "virginia", at_s = 5 }`)),
			fp + `origin\s+\("virginia"\)\s+does\s+not\s+apply\s+to\s+a\s+"capacity_loss"\s+fault.\s+A\s+capacity\s+loss\s+takes\s+servers\s+out`},
		{literal(fault(`{ type = "traffic_surge", multiplier = 3, at_s = 5 }`)), fp + `origin\s+is\s+required\s+by\s+a\s+"traffic_surge"\s+fault.*origin\s+=\s+"virginia"`},
		{literal(fault(`{ type = "traffic_surge", origin = "virginia", at_s = 5 }`)), fp + `multiplier\s+is\s+required\s+by\s+a\s+"traffic_surge"\s+fault.*multiplier\s+=\s+3`},
		{literal(fault(`{ type = "traffic_surge", origin = "virginia", multiplier = 1, at_s = 5 }`)),
			fp + `multiplier\s+must\s+be\s+greater\s+than\s+1,\s+got\s+1.\s+A\s+surge\s+multiplies`},
		{literal(fault(`{ type = "traffic_surge", origin = "virginia", multiplier = 2, region = "us-east-1", at_s = 5 }`)),
			fp + `region\s+\("us-east-1"\)\s+does\s+not\s+apply\s+to\s+a\s+"traffic_surge"\s+fault.\s+A\s+traffic\s+surge\s+raises`},
		{literal(fault(`{ type = "latency_spike", origin = "virginia", region = "us-east-1", at_s = 5 }`)),
			fp + `extra_ms\s+is\s+required\s+by\s+a\s+"latency_spike"\s+fault.*extra_ms\s+=\s+200`},
		{literal(fault(`{ type = "latency_spike", origin = "virginia", extra_ms = 100, at_s = 5 }`)), fp + `region\s+is\s+required\s+by\s+a\s+"latency_spike"\s+fault`},
		{literal(fault(`{ type = "latency_spike", origin = "virginia", region = "us-east-1", extra_ms = 0, at_s = 5 }`)),
			fp + `extra_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{literal(fault(`{ type = "latency_spike", origin = "virginia", region = "us-east-1", extra_ms = 50, multiplier = 2, at_s = 5 }`)),
			fp + `multiplier\s+\(2\)\s+does\s+not\s+apply\s+to\s+a\s+"latency_spike"\s+fault.\s+multiplier\s+scales\s+an\s+origin's\s+request\s+rate`},
		{literal(fault(`{ type = "partition", region = "us-east-1", at_s = 5 }`)),
			fp + `origin\s+is\s+required\s+by\s+a\s+"partition"\s+fault\s+but\s+not\s+set,\s+and\s+so\s+is\s+its\s+alternative\s+region_b.*region_b\s+to\s+another\s+region`},
		{literal(fault(`{ type = "latency_spike", region = "us-east-1", extra_ms = 10, at_s = 5 }`)),
			fp + `origin\s+is\s+required\s+by\s+a\s+"latency_spike"\s+fault\s+but\s+not\s+set,\s+and\s+so\s+is\s+its\s+alternative\s+region_b`},
		{literal(fault(`{ type = "partition", region = "us-east-1", origin = "virginia", region_b = "eu-west-1", at_s = 5 }`)),
			`(?s)Fault\s+with\s+two\s+other\s+ends.*` + fp + `origin\s+\("virginia"\)\s+and\s+` + fp + `region_b\s+\("eu-west-1"\)\s+are\s+both\s+set.*Remove\s+one\s+of\s+them`},
		{literal(fault(`{ type = "capacity_loss", region = "us-east-1", fraction = 0.5, region_b = "eu-west-1", at_s = 5 }`)),
			fp + `region_b\s+\("eu-west-1"\)\s+does\s+not\s+apply\s+to\s+a\s+"capacity_loss"\s+fault.\s+region_b\s+is\s+the\s+other\s+region`},
		{literal(fault(`{ type = "partition", region = "us-east-1", region_b = "EU-West", at_s = 5 }`)),
			fp + `region_b\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{literal(fault(`{ type = "partition", region = "us-east-1", region_b = "us-east-1", at_s = 5 }`)),
			`partition\s+is\s+between\s+region\s+"us-east-1"\s+and\s+itself`},
		{literal(fault(`{ type = "partition", region = "us-east-1", region_b = "eu-west-1", at_s = 5 }`)),
			`partition\s+names\s+region_b\s+"eu-west-1",\s+which\s+is\s+not\s+declared`},
		{literal(fault(`{ type = "partition", origin = "virginia", region = "us-east-1", extra_ms = 100, at_s = 5 }`)),
			fp + `extra_ms\s+\(100\)\s+does\s+not\s+apply\s+to\s+a\s+"partition"\s+fault.\s+A\s+partition\s+drops\s+every\s+attempt`},
		{literal(fault(`{ type = "region_outage", region = "us-east-1", fraction = 0.5, at_s = 5 }`)),
			fp + `fraction\s+\(0\.5\)\s+does\s+not\s+apply\s+to\s+a\s+"region_outage"\s+fault.*type\s+=\s+"capacity_loss"`},
		{literal(fault(`{ type = "region_outage", region = "us-east-1", origin = "virginia", at_s = 5 }`)),
			fp + `origin\s+\("virginia"\)\s+does\s+not\s+apply\s+to\s+a\s+"region_outage"\s+fault.*type\s+=\s+"partition"`},
		{literal(fault(`{ type = "traffic_surge", origin = "nowhere", multiplier = 2, at_s = 5 }`)),
			`traffic_surge\s+names\s+origin\s+"nowhere",\s+which\s+is\s+not\s+declared`},
		// Origins, regions and the SLA.
		{testSimulationLiteral(testLiteralRegion, `{ location = "aws:us-east-1", rps = 100, allowed_jurisdictions = [] }`, testQuickRun, ""),
			`allowed_jurisdictions\s+is\s+empty.*remove\s+allowed_jurisdictions\s+for\s+no\s+constraint`},
		{testSimulationLiteral(testLiteralRegion, `{ location = "aws:us-east-1", rps = 100, allowed_jurisdictions = ["eu"] }`, testQuickRun, ""),
			`allowed_jurisdictions\[0\]\s+must\s+be\s+two\s+uppercase\s+letters`},
		{testSimulationLiteral(testLiteralRegion, `{ location = "aws:us-east-1", rps = 100, allowed_jurisdictions = ["EU", "EU"] }`, testQuickRun, ""),
			`allowed_jurisdictions\s+lists\s+jurisdiction\s+"EU"\s+twice`},
		{testSimulationLiteral(testLiteralRegion+`, jurisdiction = "Europe"`, origins, testQuickRun, ""),
			`regions\[0\]\.jurisdiction\s+must\s+be\s+two\s+uppercase\s+letters`},
		{testSimulationLiteral(testLiteralRegion, `{ location = "aws:us-east-1", rps = 100, allowed_jurisdictions = ["EU"] }`, testQuickRun, ""),
			`(?s)origin\s+aws:us-east-1\s+is\s+routed\s+to\s+region\s+us-east-1\s+\(jurisdiction\s+"US"\),\s+outside\s+its\s+allowed\s+jurisdictions\s+EU`},
		{literal(`sla = { rto_s = -1 }`), `sla\.rto_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	// The last step is valid: every new fault type, a policy with a
	// breaker, an origin kept in its jurisdiction.
	steps = append(steps, resource.TestStep{Config: testSimulationLiteral(testLiteralRegion,
		`{ name = "virginia", location = "aws:us-east-1", rps = 100, allowed_jurisdictions = ["US"] }`, testQuickRun,
		testLiteralPolicy(`, request_timeout_ms = 1000, retry = { max_attempts = 2 }, circuit_breaker = {}`)+"\n"+
			`scenarios = [{ name = "all", faults = [
  { type = "capacity_loss", region = "us-east-1", fraction = 0.5, at_s = 5, duration_s = 5 },
  { type = "traffic_surge", origin = "virginia", multiplier = 2, at_s = 8, duration_s = 2 },
  { type = "latency_spike", origin = "virginia", region = "us-east-1", extra_ms = 50, at_s = 10, duration_s = 2 },
  { type = "partition", origin = "virginia", region = "us-east-1", at_s = 14, duration_s = 1 },
] }]`)})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// testRoutingResources are two regions in different jurisdictions and the
// routing policy of the given arguments, created in the same plan as the
// simulation that reads them.
func testRoutingResources(policy string) string {
	return `
resource "topology_region" "euw1" {
  name            = "eu-west-1"
  location        = "aws:eu-west-1"
  instances       = 4
  concurrency     = 8
  service_time_ms = 20
}

resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 4
  concurrency     = 8
  service_time_ms = 20
}

resource "topology_routing_policy" "global" {
  name = "global"
` + policy + `
}

locals {
  regions = [topology_region.use1, topology_region.euw1]
  policy  = topology_routing_policy.global
}
`
}

// testRTOConfig is a 60 s run of one origin next to us-east-1, whose region
// fails at 20 s for the rest of the run. The latency policy probes every
// 2 s and marks a region down after 3 failures, and clients keep answers
// for 10 s, so the traffic drains to eu-west-1 (which has the headroom)
// about 6 s + 10 s after the outage starts.
func testRTOConfig(rto float64, enforce bool) string {
	return testRoutingResources(`
  strategy     = "latency"
  health_check = { interval_s = 2, failure_threshold = 3 }
  dns_ttl_s    = 10`) + fmt.Sprintf(`
data "topology_simulation" "test" {
  regions        = local.regions
  routing_policy = local.policy
  workload = {
    origins = [{ name = "virginia", location = "aws:us-east-1", rps = 400 }]
  }
  scenarios = [{
    name   = "use1-down"
    faults = [{ type = "region_outage", region = "us-east-1", at_s = 20 }]
  }]
  sla          = { availability = 0.99, rto_s = %g }
  enforce      = %t
  duration_s   = 60
  warmup_s     = 5
  replications = 3
}

locals {
  down = data.topology_simulation.test.results[1]
}

output "rto_status" {
  value = [for c in local.down.sla : c.status if c.clause == "rto_s"]
}

output "rto_s" {
  value = local.down.rto_s
}

output "recovered" {
  value = local.down.routing.recovered
}

output "detected_within_two_intervals_of_6s" {
  value = abs(local.down.routing.faults[0].detection_s - 6) <= 4
}

output "drained" {
  value = local.down.timeline[59].region_attempts[0] == 0 && local.down.timeline[59].region_attempts[1] > 0
}
`, rto, enforce)
}

// TestAccSimulationDataSource_rtoNotMet checks, at plan time, that a region
// outage fails an rto_s target below detection plus the DNS TTL, with the
// fault's detection in the message, and that the same topology meets a
// target above it (the availability clause of the outage still fails, so
// that step only warns).
func TestAccSimulationDataSource_rtoNotMet(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testRTOConfig(5, true),
				ExpectError: regexp.MustCompile(`(?s)SLA\s+not\s+met\s+in\s+scenario\s+"use1-down".*rto_s:\s+target\s+<=\s+5\s+s,\s+observed\s+1[0-9]\.[0-9]\s+s.*` +
					`Recovery\s+to\s+a\s+99\.0%\s+success\s+ratio\s+per\s+second:\s+after\s+1[0-9]\.[0-9]\s+s.*` +
					`region_outage\s+of\s+us-east-1\s+at\s+20\s+s:\s+detected\s+after\s+[0-9.]+\s+s.*shorter\s+health_check\.interval_s.*lower\s+dns_ttl_s`),
			},
			{
				Config: testRTOConfig(60, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("topology_routing_policy.global", plancheck.ResourceActionCreate),
					plancheck.ExpectKnownOutputValue("rto_status", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("pass")})),
					plancheck.ExpectKnownOutputValue("recovered", knownvalue.Bool(true)),
					plancheck.ExpectKnownOutputValue("detected_within_two_intervals_of_6s", knownvalue.Bool(true)),
					plancheck.ExpectKnownOutputValue("drained", knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("routing"),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"attempts_per_request": knownvalue.Float64Exact(1),
							"recovered":            knownvalue.Bool(true),
							"rto_s":                knownvalue.Float64Exact(0),
						})),
					statecheck.ExpectKnownValue(testSimulationAddress, tfjsonpath.New("report_markdown"),
						knownvalue.StringRegexp(regexp.MustCompile(`\| region_outage \| us-east-1 \| 20 \| [0-9.]+ `))),
				},
			},
		},
	})
}

// testSovereigntyConfig is an Irish origin allowed only in the EU, routed
// by a failover policy whose secondary is in the US; eu-west-1 fails at
// 20 s for 20 s, so the failover sends the origin's requests across the
// boundary until the primary is healthy again.
func testSovereigntyConfig(allowed string, enforce bool) string {
	return testRoutingResources(`
  strategy     = "failover"
  failover     = [topology_region.euw1.name, topology_region.use1.name]
  health_check = { interval_s = 2, failure_threshold = 3 }
  dns_ttl_s    = 10`) + fmt.Sprintf(`
data "topology_simulation" "test" {
  regions        = local.regions
  routing_policy = local.policy
  workload = {
    origins = [{ name = "ireland", location = "aws:eu-west-1", rps = 300, allowed_jurisdictions = %s }]
  }
  scenarios = [{
    name   = "euw1-down"
    faults = [{ type = "region_outage", region = "eu-west-1", at_s = 20, duration_s = 20 }]
  }]
  enforce      = %t
  duration_s   = 60
  warmup_s     = 5
  replications = 3
}

output "violations" {
  value = [for v in data.topology_simulation.test.results[1].routing.sovereignty_violations : "${v.origin}->${v.region}/${v.jurisdiction}"]
}

output "baseline_violations" {
  value = length(data.topology_simulation.test.results[0].routing.sovereignty_violations)
}

output "sovereignty_status" {
  value = [for r in data.topology_simulation.test.results : [for c in r.sla : c.status if c.clause == "sovereignty_violations"][0]]
}
`, allowed, enforce)
}

// TestAccSimulationDataSource_sovereigntyFailover checks that a failover
// into another jurisdiction fails the plan with the route named (origin,
// region, jurisdiction, when and how many requests), that the baseline,
// which never fails over, passes, and that widening the allowed
// jurisdictions clears the violation.
func TestAccSimulationDataSource_sovereigntyFailover(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testSovereigntyConfig(`["EU"]`, true),
				ExpectError: regexp.MustCompile(`(?s)SLA\s+not\s+met\s+in\s+scenario\s+"euw1-down".*sovereignty_violations:\s+target\s+<=\s+0\s+requests.*` +
					`Routes\s+outside\s+the\s+origin's\s+allowed\s+jurisdictions.*ireland\s+->\s+us-east-1\s+\(US\),\s+first\s+at\s+[0-9.]+\s+s,\s+[0-9.]+\s+requests.*` +
					`restrict\s+the\s+routing\s+policy's\s+failover\s+list`),
			},
			{
				Config: testSovereigntyConfig(`["EU"]`, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("violations", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("ireland->us-east-1/US")})),
					plancheck.ExpectKnownOutputValue("baseline_violations", knownvalue.Int64Exact(0)),
					plancheck.ExpectKnownOutputValue("sovereignty_status", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("pass"), knownvalue.StringExact("fail"),
					})),
				}},
			},
			{
				Config: testSovereigntyConfig(`["EU", "US"]`, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("violations", knownvalue.ListExact([]knownvalue.Check{})),
					plancheck.ExpectKnownOutputValue("sovereignty_status", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("pass"), knownvalue.StringExact("pass"),
					})),
				}},
			},
		},
	})
}
