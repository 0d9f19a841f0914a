package mapping

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TestResultsFigures: the figures of issue 11 reach Terraform: the servers
// present (min_servers), the share of each region in an origin's
// successful requests (served_shares), the timeline's step and rate, each
// cache region's own latencies, and, for an origin that sent no measured
// request, null availability and latency with its clause's observed
// figure null.
func TestResultsFigures(t *testing.T) {
	ctx := context.Background()
	e := func(m float64) simulator.Estimate { return simulator.Estimate{Mean: m, Low: m - 0.01, High: m + 0.01} }
	lat := func(p99 float64) simulator.Latency {
		return simulator.Latency{Mean: e(p99 / 2), P50: e(p99 / 3), P95: e(p99 * 0.9), P99: e(p99), P999: e(p99 * 1.2)}
	}
	r := testReport()
	sc := &r.Scenarios[0]
	sc.Origins[0].ServedBy = "us-east-1"
	sc.Origins[0].ServedShares = []simulator.RegionShare{{Region: "us-east-1", Share: e(0.7)}, {Region: "eu-west-1", Share: e(0.3)}}
	sc.Origins[1].Latency, sc.Origins[1].Availability = nil, nil
	sc.Regions[0].MinServers = 4
	sc.Timeline = []simulator.TimelinePoint{{TimeS: 0, StepS: 3, Requests: 60, RPS: 20}, {TimeS: 3, StepS: 1, Requests: 21, RPS: 21}}
	sc.CacheTiers = []simulator.CacheTierResult{{Name: "hot", HitLatency: lat(10), MissLatency: lat(90),
		Regions: []simulator.CacheRegionResult{
			{Region: "us-east-1", HitRatio: e(0.8), HitLatency: lat(2), MissLatency: lat(20)},
			{Region: "eu-west-1", HitRatio: e(0.7), HitLatency: lat(12), MissLatency: lat(120)},
		}}}
	sc.SLA = append(sc.SLA, simulator.ClauseResult{Clause: "availability", Origin: "lost", Target: 0.99, Status: simulator.StatusFail, NotMeasured: true})

	s := SimulationSchema()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m := Simulation{Regions: []Region{}, Workload: &WorkloadInput{}}
	m.SetResults(r)
	if diags := state.Set(ctx, &m); diags.HasError() {
		t.Fatalf("State.Set: %v", diags)
	}
	res := path.Root("results").AtListIndex(0)
	origins := res.AtName("origins")
	tier := res.AtName("cache_tiers").AtListIndex(0)
	for _, tc := range []struct {
		p    path.Path
		want types.Float64
	}{
		{origins.AtListIndex(0).AtName("served_shares").AtListIndex(0).AtName("share"), types.Float64Value(0.7)},
		{origins.AtListIndex(0).AtName("served_shares").AtListIndex(1).AtName("share_ci").AtName("high"), types.Float64Value(0.31)},
		{origins.AtListIndex(1).AtName("availability"), types.Float64Null()},
		{origins.AtListIndex(1).AtName("availability_ci").AtName("low"), types.Float64Null()},
		{origins.AtListIndex(1).AtName("latency_ms").AtName("p99"), types.Float64Null()},
		{res.AtName("timeline").AtListIndex(0).AtName("step_s"), types.Float64Value(3)},
		{res.AtName("timeline").AtListIndex(0).AtName("rps"), types.Float64Value(20)},
		{res.AtName("timeline").AtListIndex(1).AtName("step_s"), types.Float64Value(1)},
		{tier.AtName("regions").AtListIndex(0).AtName("hit_latency_ms").AtName("p99"), types.Float64Value(2)},
		{tier.AtName("regions").AtListIndex(1).AtName("miss_latency_ms").AtName("p99"), types.Float64Value(120)},
		{tier.AtName("hit_latency_ms").AtName("p99"), types.Float64Value(10)},
		{res.AtName("sla").AtListIndex(3).AtName("observed"), types.Float64Null()},
		{res.AtName("sla").AtListIndex(3).AtName("ci_high"), types.Float64Null()},
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
	var n types.Int64
	state.GetAttribute(ctx, res.AtName("regions").AtListIndex(0).AtName("min_servers"), &n)
	if n.ValueInt64() != 4 {
		t.Errorf("min_servers = %s, want 4", n)
	}
	var by, region, status types.String
	state.GetAttribute(ctx, origins.AtListIndex(0).AtName("served_by"), &by)
	state.GetAttribute(ctx, origins.AtListIndex(0).AtName("served_shares").AtListIndex(1).AtName("region"), &region)
	state.GetAttribute(ctx, res.AtName("sla").AtListIndex(3).AtName("status"), &status)
	if by.ValueString() != "us-east-1" || region.ValueString() != "eu-west-1" || status.ValueString() != simulator.StatusFail {
		t.Errorf("served_by %s, second share %s, unmeasured clause %s; want us-east-1, eu-west-1, fail", by, region, status)
	}
}
