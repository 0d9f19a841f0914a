package mapping

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TestSimulationToModel_cacheTiers checks that literal cache tiers take the
// resource's defaults and that a cache_flush fault keeps its tier.
func TestSimulationToModel_cacheTiers(t *testing.T) {
	regions := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("us-east-1"), types.StringValue("eu-west-1")})
	c := Simulation{
		CacheTiers: []CacheTier{
			{Name: types.StringValue("hot"), ReplicaSet: types.StringValue("orders"), Regions: regions,
				CapacityKeys: types.Int64Value(1000), TTLS: types.Float64Value(0), Eviction: types.StringNull(),
				HitLatencyMs: types.Float64Null(), WritePolicy: types.StringNull()},
			{Name: types.StringValue("warm"), ReplicaSet: types.StringValue("orders"), Regions: regions,
				CapacityKeys: types.Int64Value(50), TTLS: types.Float64Value(30), Eviction: types.StringValue(simulator.EvictLFU),
				HitLatencyMs: types.Float64Value(0.25), WritePolicy: types.StringValue(simulator.TTLOnly)},
		},
		Scenarios: []ScenarioInput{{Name: types.StringValue("cold"), Faults: []FaultInput{
			{Type: types.StringValue(simulator.FaultCacheFlush), Tier: types.StringValue("hot"), Region: types.StringNull(),
				AtS: types.Float64Value(30), DurationS: types.Float64Null()},
			{Type: types.StringValue(simulator.FaultCacheFlush), Tier: types.StringValue("warm"), Region: types.StringValue("eu-west-1"),
				AtS: types.Float64Value(40), DurationS: types.Float64Null()},
		}}},
	}
	got := c.ToModel(nil)
	want := []simulator.CacheTier{
		{Name: "hot", ReplicaSet: "orders", Regions: []string{"us-east-1", "eu-west-1"}, CapacityKeys: 1000, TTLS: 0,
			Eviction: DefaultCacheEviction, HitLatencyMs: DefaultCacheHitLatencyMs, WritePolicy: DefaultCacheWritePolicy},
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
	s := SimulationSchema()
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
	m := Simulation{Regions: []Region{}, Workload: &WorkloadInput{}}
	m.SetResults(r)
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
