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

// testLiteralCacheTier is a literal cache tier over the literal region,
// with extra arguments.
func testLiteralCacheTier(extra string) string {
	return testLiteralReplicaSet("") + "\n" + fmt.Sprintf(
		`cache_tiers = [{ name = "hot", replica_set = "orders", regions = ["us-east-1"], capacity_keys = 100%s }]`, extra)
}

// TestAccSimulationDataSource_cacheTierValidation checks that cache tier
// and cache_flush arguments are refused before any simulation, at the
// element at fault.
func TestAccSimulationDataSource_cacheTierValidation(t *testing.T) {
	literal := func(extra string) string {
		return testSimulationLiteral(testLiteralRegion, `{ location = "aws:us-east-1", rps = 100, read_ratio = 0.9 }`, testQuickRun, extra)
	}
	scenario := func(fault string) string {
		return testLiteralCacheTier(", ttl_s = 10") + "\n" + fmt.Sprintf(`scenarios = [{ name = "cold", faults = [%s] }]`, fault)
	}
	cases := []struct{ config, err string }{
		{literal(testLiteralCacheTier("")),
			`cache_tiers\[0\]\.ttl_s\s+is\s+required\s+but\s+not\s+set.\s+Set\s+how\s+long\s+an\s+entry`},
		{literal(testLiteralCacheTier(`, ttl_s = 0, write_policy = "ttl_only"`)),
			`(?s)TTL-only\s+cache\s+without\s+a\s+TTL.*ttl_s\s+is\s+0`},
		{literal(testLiteralCacheTier(`, ttl_s = 10, capacity_keys = 0`)),
			`cache_tiers\[0\]\.capacity_keys\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`},
		{literal(testLiteralCacheTier(`, ttl_s = -1`)),
			`cache_tiers\[0\]\.ttl_s\s+must\s+be\s+at\s+least\s+0`},
		{literal(testLiteralCacheTier(`, ttl_s = 10, eviction = "random"`)),
			`cache_tiers\[0\]\.eviction\s+must\s+be\s+one\s+of\s+"lru"\s+or\s+"lfu",\s+got\s+"random"`},
		{literal(testLiteralCacheTier(`, ttl_s = 10, write_policy = "write_back"`)),
			`cache_tiers\[0\]\.write_policy\s+must\s+be\s+one\s+of\s+"write_through",\s+"invalidate"\s+or\s+"ttl_only"`},
		{literal(testLiteralCacheTier(`, ttl_s = 10, hit_latency_ms = -1`)),
			`cache_tiers\[0\]\.hit_latency_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+-1`},
		{literal(testLiteralReplicaSet("") + "\n" +
			`cache_tiers = [{ name = "hot", replica_set = "orders", regions = ["us-east-1", "us-east-1"], capacity_keys = 1, ttl_s = 1 }]`),
			`cache_tiers\[0\]\.regions\s+lists\s+region\s+"us-east-1"\s+twice`},
		{literal(scenario(`{ type = "cache_flush", at_s = 5 }`)),
			`(?s)scenarios\[0\]\.faults\[0\]\.tier\s+is\s+required\s+by\s+a\s+"cache_flush"\s+fault.*tier\s+=\s+"hot"`},
		{literal(scenario(`{ type = "region_outage", region = "us-east-1", tier = "hot", at_s = 5 }`)),
			`(?s)scenarios\[0\]\.faults\[0\]\.tier\s+\("hot"\)\s+does\s+not\s+apply\s+to\s+a\s+"region_outage"\s+fault.*type\s+=\s+"cache_flush"`},
		{literal(scenario(`{ type = "cache_flush", tier = "hot", at_s = 5, duration_s = 10 }`)),
			`(?s)scenarios\[0\]\.faults\[0\]\.duration_s\s+\(10\)\s+does\s+not\s+apply\s+to\s+a\s+"cache_flush"\s+fault.*Remove\s+duration_s`},
		{literal(scenario(`{ type = "cache_flush", tier = "Hot!", at_s = 5 }`)),
			`scenarios\[0\]\.faults\[0\]\.tier\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, ExpectError: regexp.MustCompile(c.err)})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// testCacheConfig declares two regions, a replica set read strongly (so
// the replicas never serve a stale read: every stale read comes from a
// cache) and two cache tiers over it that differ only in write policy,
// all created in the same plan as two simulations that read them through
// local values. The workload is write-heavy on a small key space, and
// the TTL longer than the run, so a ttl_only cache keeps serving entries
// that writes have overtaken. The invalidate simulation also flushes its
// cache in a scenario, whose timeline shows the warm-up.
func testCacheConfig(enforceTTLOnly bool) string {
	return testSimulationResources + fmt.Sprintf(`
resource "topology_replica_set" "orders" {
  name             = "orders"
  regions          = [topology_region.use1.name, topology_region.euw1.name]
  leader           = topology_region.use1.name
  replication      = "async_primary"
  read_consistency = "strong"
}

resource "topology_cache_tier" "ttl_only" {
  name          = "hot-ttl"
  replica_set   = topology_replica_set.orders.name
  regions       = [topology_region.use1.name, topology_region.euw1.name]
  capacity_keys = 1000
  ttl_s         = 300
  write_policy  = "ttl_only"
}

resource "topology_cache_tier" "invalidate" {
  name          = "hot-inv"
  replica_set   = topology_replica_set.orders.name
  regions       = [topology_region.use1.name, topology_region.euw1.name]
  capacity_keys = 1000
  ttl_s         = 300
  write_policy  = "invalidate"
}

locals {
  regions      = [topology_region.use1, topology_region.euw1]
  replica_sets = [topology_replica_set.orders]
  workload = {
    keys   = 2000
    zipf_s = 0.99
    origins = [
      { name = "virginia", location = "aws:us-east-1", rps = 600, read_ratio = 0.5 },
      { name = "ireland", location = "aws:eu-west-1", rps = 400, read_ratio = 0.5 },
    ]
  }
}

data "topology_simulation" "ttl_only" {
  regions      = local.regions
  replica_sets = local.replica_sets
  cache_tiers  = local.ttl_only_tiers
  workload     = local.workload
  sla          = { stale_read_ratio = 0.001 }
  enforce      = %t
  duration_s   = 20
  warmup_s     = 2
  replications = 3
}

locals {
  ttl_only_tiers   = [topology_cache_tier.ttl_only]
  invalidate_tiers = [topology_cache_tier.invalidate]
}

data "topology_simulation" "invalidate" {
  regions      = local.regions
  replica_sets = local.replica_sets
  cache_tiers  = local.invalidate_tiers
  workload     = local.workload
  scenarios = [{
    name   = "flush"
    faults = [{ type = "cache_flush", tier = "hot-inv", at_s = 10 }]
  }]
  sla          = { stale_read_ratio = 0.001 }
  enforce      = false
  duration_s   = 20
  warmup_s     = 2
  replications = 3
}

locals {
  ttl = data.topology_simulation.ttl_only.results[0]
  inv = data.topology_simulation.invalidate.results[0]
  flush = data.topology_simulation.invalidate.results[1].timeline
}

output "ttl_only_stale" {
  value = local.ttl.stale_read_ratio
}

output "invalidate_stale" {
  value = local.inv.stale_read_ratio
}

output "invalidate_far_fewer_stale_reads" {
  value = local.inv.stale_read_ratio * 5 < local.ttl.stale_read_ratio
}

output "ttl_only_fails_stale_clause" {
  value = [for c in local.ttl.sla : c.status if c.clause == "stale_read_ratio"]
}

output "hit_ratio_by_region" {
  value = { for r in local.inv.cache_tiers[0].regions : r.region => r.hit_ratio > 0 }
}

output "flush_cools_the_cache" {
  value = local.flush[10].cache_hit_ratio < local.flush[9].cache_hit_ratio
}

output "flush_warms_up_again" {
  value = local.flush[19].cache_hit_ratio > local.flush[10].cache_hit_ratio
}

output "timeline_seconds" {
  value = length(local.flush)
}
`, enforceTTLOnly)
}

// TestAccSimulationDataSource_cacheStaleReads checks, at plan time, that
// stale hits from a ttl_only cache flow into stale_read_ratio and fail its
// SLA clause with a message naming the cache tiers and the fix, that the
// same topology with write_policy = "invalidate" serves far fewer stale
// reads, and that a cache_flush shows in the timeline as a cold cache that
// warms up again.
func TestAccSimulationDataSource_cacheStaleReads(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testCacheConfig(true),
				ExpectError: regexp.MustCompile(`(?s)SLA\s+not\s+met\s+in\s+scenario\s+"baseline".*stale_read_ratio:\s+target\s+<=\s+0\.10%.*` +
					`Cache\s+tiers.*hot-ttl\s+in\s+us-east-1:\s+hit\s+ratio.*stale\s+hits.*write_policy\s+=\s+"invalidate".*shorter\s+ttl_s`),
			},
			{
				Config: testCacheConfig(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("topology_cache_tier.ttl_only", plancheck.ResourceActionCreate),
					plancheck.ExpectKnownOutputValue("ttl_only_fails_stale_clause", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("fail")})),
					plancheck.ExpectKnownOutputValue("invalidate_far_fewer_stale_reads", knownvalue.Bool(true)),
					plancheck.ExpectKnownOutputValue("hit_ratio_by_region", knownvalue.MapExact(map[string]knownvalue.Check{
						"us-east-1": knownvalue.Bool(true), "eu-west-1": knownvalue.Bool(true),
					})),
					plancheck.ExpectKnownOutputValue("flush_cools_the_cache", knownvalue.Bool(true)),
					plancheck.ExpectKnownOutputValue("flush_warms_up_again", knownvalue.Bool(true)),
					plancheck.ExpectKnownOutputValue("timeline_seconds", knownvalue.Int64Exact(20)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.topology_simulation.invalidate",
						tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("cache_tiers"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectPartial(map[string]knownvalue.Check{
								"name":            knownvalue.StringExact("hot-inv"),
								"hit_latency_ms":  knownvalue.ObjectPartial(map[string]knownvalue.Check{"p99": knownvalue.NotNull()}),
								"miss_latency_ms": knownvalue.ObjectPartial(map[string]knownvalue.Check{"p99": knownvalue.NotNull()}),
								"regions": knownvalue.ListExact([]knownvalue.Check{
									knownvalue.ObjectPartial(map[string]knownvalue.Check{"region": knownvalue.StringExact("us-east-1")}),
									knownvalue.ObjectPartial(map[string]knownvalue.Check{"region": knownvalue.StringExact("eu-west-1")}),
								}),
							}),
						})),
					statecheck.ExpectKnownValue("data.topology_simulation.invalidate", tfjsonpath.New("report_markdown"),
						knownvalue.StringRegexp(regexp.MustCompile(`\| hot-inv \| eu-west-1 \| [0-9.]+% `))),
				},
			},
		},
	})
}
