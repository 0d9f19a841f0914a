package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccRoutingPolicyResource_healthSignals plans the health check's
// signals beside its probes, and refuses their bad values with the
// simulator's rule and fix.
func TestAccRoutingPolicyResource_healthSignals(t *testing.T) {
	bad := []struct{ overrides, err string }{
		{`health_check = { max_replication_lag_ms = 0 }`, `max_replication_lag_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0.*Set\s+the\s+largest\s+replication\s+lag`},
		{`health_check = { max_replication_lag_ms = -20 }`, `max_replication_lag_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+-20`},
		{`health_check = { max_queue_backlog = 0 }`, `max_queue_backlog\s+must\s+be\s+at\s+least\s+1,\s+got\s+0.*Set\s+the\s+most\s+requests`},
		{`health_check = { max_queue_backlog = 2.5 }`, `max_queue_backlog`},
	}
	var steps []resource.TestStep
	for _, c := range bad {
		steps = append(steps, resource.TestStep{Config: routingPolicyConfig(c.overrides), ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	steps = append(steps, resource.TestStep{
		Config: routingPolicyConfig(`health_check = { interval_s = 2, max_replication_lag_ms = 1500, max_queue_backlog = 200 }`),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(testRoutingPolicyAddress, tfjsonpath.New("health_check"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"interval_s": knownvalue.Float64Exact(2), "failure_threshold": knownvalue.Int64Exact(3), "timeout_ms": knownvalue.Float64Exact(2000),
				"max_replication_lag_ms": knownvalue.Float64Exact(1500), "max_queue_backlog": knownvalue.Int64Exact(200),
			})),
		}},
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// TestAccReplicaSetResource_splitBrainResolution plans both resolutions of
// an async_primary set, and refuses an unknown one or one on another mode.
func TestAccReplicaSetResource_splitBrainResolution(t *testing.T) {
	bad := []struct{ overrides, err string }{
		{"replication = \"async_primary\"\nsplit_brain_resolution = \"keep\"", `split_brain_resolution\s+must\s+be\s+one\s+of\s+"discard"\s+or\s+"merge",\s+got\s+"keep".\s+Pick\s+discard`},
		{`split_brain_resolution = "merge"`, `split_brain_resolution\s+\("merge"\)\s+only\s+applies\s+to\s+replication\s+=\s+"async_primary",\s+but\s+replication\s+is\s+"sync_quorum".*Remove\s+split_brain_resolution`},
		{"replication = \"multi_leader\"\nsplit_brain_resolution = \"discard\"", `split_brain_resolution\s+\("discard"\)\s+only\s+applies\s+to\s+replication\s+=\s+"async_primary",\s+but\s+replication\s+is\s+"multi_leader"`},
	}
	var steps []resource.TestStep
	for _, c := range bad {
		steps = append(steps, resource.TestStep{Config: replicaSetConfig(c.overrides), ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	for _, v := range []string{"merge", "discard"} {
		steps = append(steps, resource.TestStep{
			Config: replicaSetConfig("replication = \"async_primary\"\nsplit_brain_resolution = \"" + v + "\""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(testReplicaSetAddress, tfjsonpath.New("split_brain_resolution"), knownvalue.StringExact(v)),
			}},
		})
	}
	steps = append(steps, resource.TestStep{
		Config: replicaSetConfig(`replication = "async_primary"`),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(testReplicaSetAddress, tfjsonpath.New("split_brain_resolution"), knownvalue.Null()),
		}},
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// testHealthSignalsConfig simulates, at plan time, an async_primary set
// led from us-east-1 whose eu-west-1 follower's apply rate is cut tenfold
// at 20 s (apply_slowdown), under a health check with a 1 s lag bound;
// and a partition that cuts the leader off for 10 s, reconciled by merge.
func testHealthSignalsConfig() string {
	return testRoutingResources(`
  strategy     = "latency"
  health_check = { interval_s = 1, failure_threshold = 2, max_replication_lag_ms = 1000, max_queue_backlog = 500 }
  dns_ttl_s    = 0`) + `
data "topology_simulation" "test" {
  regions        = local.regions
  routing_policy = local.policy
  replica_sets = [{
    name = "orders", regions = ["us-east-1", "eu-west-1"], leader = "us-east-1", replication = "async_primary",
    read_consistency = "eventual", promotion_delay_ms = 2000, split_brain_resolution = "merge"
  }]
  workload = {
    keys   = 1000
    zipf_s = 0
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 200, read_ratio = 0, replica_set = "orders" },
      { name = "ireland", location = "aws:eu-west-1", rps = 100, read_ratio = 1, replica_set = "orders" },
    ]
  }
  scenarios = [
    { name = "slow-apply", faults = [{ type = "apply_slowdown", region = "eu-west-1", multiplier = 10, at_s = 20 }] },
    { name = "split", faults = [{ type = "partition", region = "us-east-1", region_b = "eu-west-1", at_s = 20, duration_s = 10 }] },
  ]
  duration_s   = 40
  warmup_s     = 5
  replications = 3
}

locals {
  slow  = data.topology_simulation.test.results[1]
  split = data.topology_simulation.test.results[2]
}

output "lag_rows" {
  value = [for s in local.slow.routing.health_signals : "${s.signal}/${s.region}/${s.replica_set}" if s.signal == "replication_lag"]
}

output "lag_marked_after_slowdown" {
  value = [for s in local.slow.routing.health_signals : s.first_down_s > 20 && s.first_down_s < 40 if s.signal == "replication_lag"]
}

output "reads_redirected" {
  value = local.slow.replica_sets[0].lag_redirected_reads > 0
}

output "baseline_signals" {
  value = data.topology_simulation.test.results[0].routing.health_signals == null
}

output "merged_all" {
  # The split-brain writes and those the promotion left on the deposed
  # leader are all merged: nothing is lost.
  value = local.split.replica_sets[0].split_brain_merged >= local.split.replica_sets[0].split_brain_writes && local.split.replica_sets[0].split_brain_writes > 0 && local.split.replica_sets[0].lost_writes == 0
}

output "lag_timeline" {
  value = [local.slow.timeline[10].replica_lag_ms[0][1] < 1000, local.slow.timeline[30].replica_lag_ms[0][1] > 1000, local.slow.timeline[30].queue_backlog != null]
}

output "lost_at_heal" {
  value = local.split.replica_sets[0].lost_at_heal
}
`
}

// TestAccSimulationDataSource_healthSignals checks the new results at plan
// time: the lag signal's row and the reads it redirects, nothing in the
// baseline, and a split-brain merged without loss at the heal.
func TestAccSimulationDataSource_healthSignals(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testHealthSignalsConfig(),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownOutputValue("lag_rows", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("replication_lag/eu-west-1/orders")})),
				plancheck.ExpectKnownOutputValue("lag_marked_after_slowdown", knownvalue.ListExact([]knownvalue.Check{knownvalue.Bool(true)})),
				plancheck.ExpectKnownOutputValue("reads_redirected", knownvalue.Bool(true)),
				plancheck.ExpectKnownOutputValue("baseline_signals", knownvalue.Bool(true)),
				plancheck.ExpectKnownOutputValue("merged_all", knownvalue.Bool(true)),
				plancheck.ExpectKnownOutputValue("lost_at_heal", knownvalue.Float64Exact(0)),
				plancheck.ExpectKnownOutputValue("lag_timeline", knownvalue.ListExact([]knownvalue.Check{knownvalue.Bool(true), knownvalue.Bool(true), knownvalue.Bool(true)})),
			}},
		}},
	})
}

// TestAccSimulationDataSource_applySlowdownBad refuses an apply_slowdown
// without its region or with a multiplier of 1.
func TestAccSimulationDataSource_applySlowdownBad(t *testing.T) {
	cfg := func(fault string) string {
		return testRoutingResources(`strategy = "latency"`) + `
data "topology_simulation" "test" {
  regions        = local.regions
  routing_policy = local.policy
  replica_sets   = [{ name = "orders", regions = ["us-east-1", "eu-west-1"], leader = "us-east-1", replication = "async_primary" }]
  workload       = { origins = [{ location = "aws:us-east-1", rps = 100, read_ratio = 0.5, replica_set = "orders" }] }
  scenarios      = [{ name = "slow", faults = [` + fault + `] }]
  duration_s     = 20
  replications   = 2
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg(`{ type = "apply_slowdown", multiplier = 4, at_s = 5 }`), ExpectError: regexp.MustCompile(`(?s)region.*Set\s+the\s+region\s+the\s+fault\s+hits`)},
			{Config: cfg(`{ type = "apply_slowdown", region = "eu-west-1", multiplier = 1, at_s = 5 }`), ExpectError: regexp.MustCompile(`(?s)multiplier\s+must\s+be\s+greater\s+than\s+1,\s+got\s+1`)},
		},
	})
}
