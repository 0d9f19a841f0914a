package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TestSimulationToModel_cacheTiers checks that literal cache tiers take the
// resource's defaults and that a cache_flush fault keeps its tier.
func TestSimulationToModel_cacheTiers(t *testing.T) {
	regions := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("us-east-1"), types.StringValue("eu-west-1")})
	c := simulationModel{
		CacheTiers: []cacheTierInput{
			{Name: types.StringValue("hot"), ReplicaSet: types.StringValue("orders"), Regions: regions,
				CapacityKeys: types.Int64Value(1000), TTLS: types.Float64Value(0), Eviction: types.StringNull(),
				HitLatencyMs: types.Float64Null(), WritePolicy: types.StringNull()},
			{Name: types.StringValue("warm"), ReplicaSet: types.StringValue("orders"), Regions: regions,
				CapacityKeys: types.Int64Value(50), TTLS: types.Float64Value(30), Eviction: types.StringValue(simulator.EvictLFU),
				HitLatencyMs: types.Float64Value(0.25), WritePolicy: types.StringValue(simulator.TTLOnly)},
		},
		Scenarios: []scenarioInput{{Name: types.StringValue("cold"), Faults: []faultInput{
			{Type: types.StringValue(simulator.FaultCacheFlush), Tier: types.StringValue("hot"), Region: types.StringNull(),
				AtS: types.Float64Value(30), DurationS: types.Float64Null()},
			{Type: types.StringValue(simulator.FaultCacheFlush), Tier: types.StringValue("warm"), Region: types.StringValue("eu-west-1"),
				AtS: types.Float64Value(40), DurationS: types.Float64Null()},
		}}},
	}
	got := c.toModel(nil)
	want := []simulator.CacheTier{
		{Name: "hot", ReplicaSet: "orders", Regions: []string{"us-east-1", "eu-west-1"}, CapacityKeys: 1000, TTLS: 0,
			Eviction: defaultCacheEviction, HitLatencyMs: defaultCacheHitLatencyMs, WritePolicy: defaultCacheWritePolicy},
		{Name: "warm", ReplicaSet: "orders", Regions: []string{"us-east-1", "eu-west-1"}, CapacityKeys: 50, TTLS: 30,
			Eviction: simulator.EvictLFU, HitLatencyMs: 0.25, WritePolicy: simulator.TTLOnly},
	}
	if !reflect.DeepEqual(got.CacheTiers, want) {
		t.Errorf("cache tiers\n got %+v\nwant %+v", got.CacheTiers, want)
	}
	wantFaults := []simulator.Fault{
		{Type: simulator.FaultCacheFlush, Tier: "hot", AtS: 30},
		{Type: simulator.FaultCacheFlush, Tier: "warm", Region: "eu-west-1", AtS: 40},
	}
	if !reflect.DeepEqual(got.Scenarios[0].Faults, wantFaults) {
		t.Errorf("faults\n got %+v\nwant %+v", got.Scenarios[0].Faults, wantFaults)
	}
}

// TestSimulationOutputs_cacheTiers writes a report with cache tiers and a
// timeline through the schema and reads figures back.
func TestSimulationOutputs_cacheTiers(t *testing.T) {
	ctx := context.Background()
	s := simulationSchema()
	e := func(m float64) simulator.Estimate { return simulator.Estimate{Mean: m, Low: m - 0.01, High: m + 0.01} }
	r := testReport()
	sc := &r.Scenarios[0]
	sc.CacheHitRatio = e(0.8)
	sc.CacheTiers = []simulator.CacheTierResult{{
		Name: "hot",
		Regions: []simulator.CacheRegionResult{
			{Region: "us-east-1", HitRatio: e(0.85), StaleHitRatio: e(0.02)},
			{Region: "eu-west-1", HitRatio: e(0.75), StaleHitRatio: e(0.05)},
		},
		HitLatency:  simulator.Latency{P99: e(2)},
		MissLatency: simulator.Latency{P99: e(90)},
	}}
	sc.Timeline = []simulator.TimelinePoint{
		{TimeS: 0, Requests: 100, SuccessRatio: 1, P99Ms: 40, CacheHitRatio: 0.1},
		{TimeS: 1, Requests: 101, SuccessRatio: 0.99, P99Ms: 35, CacheHitRatio: 0.6},
	}
	m := simulationModel{Regions: []regionInput{}, Workload: &workloadInput{}}
	m.setOutputs(r)
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if diags := state.Set(ctx, &m); diags.HasError() {
		t.Fatalf("State.Set: %v", diags)
	}
	res := path.Root("results").AtListIndex(0)
	tier := res.AtName("cache_tiers").AtListIndex(0)
	for _, tc := range []struct {
		p    path.Path
		want types.Float64
	}{
		{res.AtName("cache_hit_ratio"), types.Float64Value(0.8)},
		{res.AtName("cache_hit_ratio_ci").AtName("low"), types.Float64Value(0.79)},
		{tier.AtName("regions").AtListIndex(1).AtName("hit_ratio"), types.Float64Value(0.75)},
		{tier.AtName("regions").AtListIndex(1).AtName("stale_hit_ratio"), types.Float64Value(0.05)},
		{tier.AtName("regions").AtListIndex(0).AtName("stale_hit_ratio_ci").AtName("high"), types.Float64Value(0.03)},
		{tier.AtName("hit_latency_ms").AtName("p99"), types.Float64Value(2)},
		{tier.AtName("miss_latency_ms_ci").AtName("p99").AtName("low"), types.Float64Value(89.99)},
		{res.AtName("timeline").AtListIndex(1).AtName("t_s"), types.Float64Value(1)},
		{res.AtName("timeline").AtListIndex(1).AtName("requests"), types.Float64Value(101)},
		{res.AtName("timeline").AtListIndex(1).AtName("success_ratio"), types.Float64Value(0.99)},
		{res.AtName("timeline").AtListIndex(1).AtName("p99_ms"), types.Float64Value(35)},
		{res.AtName("timeline").AtListIndex(0).AtName("cache_hit_ratio"), types.Float64Value(0.1)},
	} {
		var got types.Float64
		if diags := state.GetAttribute(ctx, tc.p, &got); diags.HasError() {
			t.Errorf("GetAttribute(%s): %v", tc.p, diags)
			continue
		}
		if !got.Equal(tc.want) {
			t.Errorf("%s = %s, want %s", tc.p, got, tc.want)
		}
	}
	var region types.String
	state.GetAttribute(ctx, tier.AtName("regions").AtListIndex(1).AtName("region"), &region)
	if region.ValueString() != "eu-west-1" {
		t.Errorf("region = %s", region)
	}
}

// testCacheTierJSON is a topology_simulation as `terraform show -json`
// writes it after a plan, with a cache tier given as a whole resource (id
// included), a cache_flush scenario and computed cache results.
const testCacheTierJSON = `{
  "regions": [{"name": "us-east-1", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 20}],
  "replica_sets": [{"name": "orders", "regions": ["us-east-1"], "leader": "us-east-1", "replication": "async_primary"}],
  "cache_tiers": [{"id": "hot", "name": "hot", "replica_set": "orders", "regions": ["us-east-1"], "capacity_keys": 100,
                   "ttl_s": 60, "eviction": "lfu", "hit_latency_ms": 0.5, "write_policy": "ttl_only"}],
  "scenarios": [{"name": "cold", "faults": [{"type": "cache_flush", "tier": "hot", "at_s": 5}]}],
  "workload": {"keys": 500, "origins": [{"location": "aws:us-east-1", "rps": 10, "read_ratio": 0.9}]},
  "results": [{"name": "baseline", "cache_hit_ratio": 0.5, "cache_tiers": [{"name": "hot"}], "timeline": [{"t_s": 0}]}]
}`

// TestSimulationCacheTiersFromJSON checks the CLI's path: resource
// attributes the data source lacks (id) and the computed cache results are
// dropped, and the cache tier and fault map as in Read.
func TestSimulationCacheTiersFromJSON(t *testing.T) {
	m, err := ModelFromSimulationJSON(context.Background(), json.RawMessage(testCacheTierJSON), DefaultProviderSettings())
	if err != nil {
		t.Fatal(err)
	}
	want := []simulator.CacheTier{{Name: "hot", ReplicaSet: "orders", Regions: []string{"us-east-1"}, CapacityKeys: 100,
		TTLS: 60, Eviction: simulator.EvictLFU, HitLatencyMs: 0.5, WritePolicy: simulator.TTLOnly}}
	if !reflect.DeepEqual(m.CacheTiers, want) {
		t.Errorf("cache tiers\n got %+v\nwant %+v", m.CacheTiers, want)
	}
	wantFault := simulator.Fault{Type: simulator.FaultCacheFlush, Tier: "hot", AtS: 5}
	if len(m.Scenarios) != 1 || !reflect.DeepEqual(m.Scenarios[0].Faults, []simulator.Fault{wantFault}) {
		t.Errorf("scenarios = %+v", m.Scenarios)
	}
}

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
