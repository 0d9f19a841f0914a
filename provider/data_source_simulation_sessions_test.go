package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccSimulationDataSource_sessionsValidation checks that bad sessions
// and read consistencies are refused before any simulation, at the element
// at fault, with the number and the fix.
func TestAccSimulationDataSource_sessionsValidation(t *testing.T) {
	literal := func(origin, consistency string) string {
		return testSimulationLiteral(testLiteralRegion, origin, testQuickRun,
			testLiteralReplicaSet(fmt.Sprintf(`, read_consistency = %q`, consistency)))
	}
	origin := func(sessions string) string {
		return fmt.Sprintf(`{ location = "aws:us-east-1", rps = 100, read_ratio = 0.9, sessions = %s }`, sessions)
	}
	cases := []struct{ config, err string }{
		{literal(origin("0"), "read_your_writes"),
			`workload\.origins\[0\]\.sessions\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`},
		{literal(origin("-5"), "read_your_writes"),
			`workload\.origins\[0\]\.sessions\s+must\s+be\s+at\s+least\s+1,\s+got\s+-5`},
		{literal(origin("1000001"), "read_your_writes"),
			`(?s)workload\.origins\[0\]\.sessions.*1000001.*at\s+most\s+1000000`},
		{literal(origin("2.5"), "read_your_writes"),
			`(?s)workload\.origins\[0\]\.sessions.*2\.5`},
		{literal(origin("10"), "read_my_writes"),
			`(?s)read_consistency\s+must\s+be\s+one\s+of\s+"strong",\s+"bounded_staleness",\s+"eventual"\s+or\s+"read_your_writes",\s+got\s+"read_my_writes"`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, ExpectError: regexp.MustCompile(c.err)})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// testSessionsConfig is one topology planned twice, its replica set read
// eventual and read_your_writes, by an origin of 20 sessions in the
// follower's region: replica sets created in the same plan as the
// simulations, read through local values.
const testSessionsConfig = testSimulationResources + `
resource "topology_replica_set" "eventual" {
  name             = "orders-eventual"
  regions          = [topology_region.use1.name, topology_region.euw1.name]
  leader           = topology_region.use1.name
  replication      = "async_primary"
  read_consistency = "eventual"
}

resource "topology_replica_set" "ryw" {
  name             = "orders-ryw"
  regions          = [topology_region.use1.name, topology_region.euw1.name]
  leader           = topology_region.use1.name
  replication      = "async_primary"
  read_consistency = "read_your_writes"
}

locals {
  regions  = [topology_region.use1, topology_region.euw1]
  eventual = [topology_replica_set.eventual]
  ryw      = [topology_replica_set.ryw]
  workload = {
    keys   = 50
    zipf_s = 0
    origins = [{ name = "ireland", location = "aws:eu-west-1", rps = 300, read_ratio = 0.5, sessions = 20 }]
  }
}

data "topology_simulation" "eventual" {
  regions      = local.regions
  replica_sets = local.eventual
  workload     = local.workload
  enforce      = false
  duration_s   = 20
  warmup_s     = 2
  replications = 3
}

data "topology_simulation" "ryw" {
  regions      = local.regions
  replica_sets = local.ryw
  workload     = local.workload
  enforce      = false
  duration_s   = 20
  warmup_s     = 2
  replications = 3
}

locals {
  ev = data.topology_simulation.eventual.results[0]
  ry = data.topology_simulation.ryw.results[0]
}

output "eventual_own_stale_positive" {
  value = local.ev.sessions.own_write_stale_reads > 0
}

output "eventual_forwards_none" {
  value = local.ev.sessions.forwarded_read_ratio
}

output "ryw_own_stale" {
  value = local.ry.sessions.own_write_stale_reads
}

output "ryw_own_stale_per_set" {
  value = local.ry.replica_sets[0].sessions.own_write_stale_read_ratio
}

output "ryw_forwards_some" {
  value = local.ry.sessions.forwarded_read_ratio > 0
}

output "ryw_other_sessions_still_stale" {
  value = local.ry.stale_read_ratio > 0
}

output "ryw_reads_slower" {
  value = local.ry.read_latency_ms.mean > local.ev.read_latency_ms.mean
}
`

// TestAccSimulationDataSource_readYourWrites checks, at plan time, that a
// read_your_writes set serves no read older than its own session's write
// while other sessions' stale reads stay counted, that it forwards some
// reads to the leader and pays for it in read latency, and that the same
// set read eventual has own-write stale reads.
func TestAccSimulationDataSource_readYourWrites(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testSessionsConfig,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownOutputValue("eventual_own_stale_positive", knownvalue.Bool(true)),
				plancheck.ExpectKnownOutputValue("eventual_forwards_none", knownvalue.Float64Exact(0)),
				plancheck.ExpectKnownOutputValue("ryw_own_stale", knownvalue.Float64Exact(0)),
				plancheck.ExpectKnownOutputValue("ryw_own_stale_per_set", knownvalue.Float64Exact(0)),
				plancheck.ExpectKnownOutputValue("ryw_forwards_some", knownvalue.Bool(true)),
				plancheck.ExpectKnownOutputValue("ryw_other_sessions_still_stale", knownvalue.Bool(true)),
				plancheck.ExpectKnownOutputValue("ryw_reads_slower", knownvalue.Bool(true)),
			}},
		}},
	})
}

// TestAccReplicaSet_readYourWrites checks that the managed replica set
// refuses a misspelt consistency naming read_your_writes, and accepts
// read_your_writes and keeps it in its state.
func TestAccReplicaSet_readYourWrites(t *testing.T) {
	config := func(consistency string) string {
		return testSimulationResources + fmt.Sprintf(`
resource "topology_replica_set" "ryw" {
  name             = "orders"
  regions          = [topology_region.use1.name, topology_region.euw1.name]
  leader           = topology_region.use1.name
  replication      = "async_primary"
  read_consistency = %q
}
`, consistency)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config("read-your-writes"),
			ExpectError: regexp.MustCompile(`(?s)read_consistency.*"read_your_writes".*got\s+"read-your-writes"`),
		}, {
			Config: config("read_your_writes"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("topology_replica_set.ryw", tfjsonpath.New("read_consistency"), knownvalue.StringExact("read_your_writes")),
			}},
		}},
	})
}
