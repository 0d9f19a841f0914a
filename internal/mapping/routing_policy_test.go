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

// TestSimulationToModel_routing checks that a literal routing policy takes
// the resource's defaults (dns_ttl_s included, which the simulator leaves
// to the front-end), that its maps become lists sorted by key, and that
// the new fault, origin, region and SLA arguments reach the model.
func TestSimulationToModel_routing(t *testing.T) {
	obj := func(attrTypes map[string]attr.Type, vals map[string]attr.Value) types.Object {
		for name, typ := range attrTypes {
			if _, ok := vals[name]; !ok {
				vals[name] = NullOf(typ)
			}
		}
		return types.ObjectValueMust(attrTypes, vals)
	}
	policy := RoutingPolicy{
		Name: types.StringValue("global"), Strategy: types.StringValue(simulator.StrategyWeighted),
		GeoRoutes: types.MapNull(types.StringType),
		Weights: types.MapValueMust(types.Float64Type, map[string]attr.Value{
			"us-east-1": types.Float64Value(3), "ap-northeast-1": types.Float64Value(0), "eu-west-1": types.Float64Value(1),
		}),
		Failover:         types.ListNull(types.StringType),
		HealthCheck:      obj(HealthCheckAttrTypes, map[string]attr.Value{"interval_s": types.Float64Value(1)}),
		DNSTTLS:          types.Float64Null(),
		RequestTimeoutMs: types.Float64Null(),
		Retry:            obj(RetryAttrTypes, map[string]attr.Value{"max_attempts": types.Int64Value(3)}),
		CircuitBreaker:   obj(BreakerAttrTypes, map[string]attr.Value{}),
	}
	c := Simulation{
		Regions: []Region{{Name: types.StringValue("paris"), Location: types.StringValue("geo:48.86,2.35"), Jurisdiction: types.StringNull()}},
		Workload: &WorkloadInput{Origins: []OriginInput{{
			Name: types.StringValue("lyon"), Location: types.StringValue("aws:eu-west-3"), RPS: types.Float64Value(10),
			AllowedJurisdictions: []types.String{types.StringValue("EU"), types.StringValue("UK")},
		}, {
			Name: types.StringValue("virginia"), Location: types.StringValue("aws:us-east-1"), RPS: types.Float64Value(10),
		}}},
		RoutingPolicy: &policy,
		Scenarios: []ScenarioInput{{Name: types.StringValue("storm"), Faults: []FaultInput{
			{Type: types.StringValue(simulator.FaultCapacityLoss), Region: types.StringValue("paris"), Fraction: types.Float64Value(0.5),
				AtS: types.Float64Value(10), DurationS: types.Float64Value(20)},
			{Type: types.StringValue(simulator.FaultTrafficSurge), Origin: types.StringValue("lyon"), Multiplier: types.Float64Value(3),
				AtS: types.Float64Value(15)},
			{Type: types.StringValue(simulator.FaultLatencySpike), Origin: types.StringValue("lyon"), Region: types.StringValue("paris"),
				ExtraMs: types.Float64Value(200), AtS: types.Float64Value(20)},
			{Type: types.StringValue(simulator.FaultPartition), Origin: types.StringValue("lyon"), Region: types.StringValue("paris"),
				AtS: types.Float64Value(25), DurationS: types.Float64Value(5)},
			{Type: types.StringValue(simulator.FaultPartition), Region: types.StringValue("paris"), RegionB: types.StringValue("berlin"),
				AtS: types.Float64Value(30)},
		}}},
		SLA: &SLAInput{RTOS: types.Float64Value(30)},
	}
	got := c.ToModel(nil)
	// An unset dns_ttl_s reaches the model as nil, and the simulator's
	// defaults make it 60 s.
	simulator.ApplyDefaults(&got)
	want := &simulator.RoutingPolicy{
		Name: "global", Strategy: simulator.StrategyWeighted,
		Weights: []simulator.RegionWeight{{Region: "ap-northeast-1", Weight: 0}, {Region: "eu-west-1", Weight: 1}, {Region: "us-east-1", Weight: 3}},
		// A 1 s interval caps the default probe timeout at 1000 ms.
		HealthCheck:    simulator.HealthCheck{IntervalS: 1, FailureThreshold: DefaultHealthThreshold, TimeoutMs: 1000},
		DNSTTLS:        ptr(simulator.DefaultDNSTTLS),
		Retry:          simulator.RetryPolicy{MaxAttempts: 3, BackoffBaseMs: DefaultBackoffBaseMs, BackoffMaxMs: DefaultBackoffMaxMs},
		CircuitBreaker: &simulator.CircuitBreaker{FailureThreshold: DefaultBreakerThreshold, OpenS: DefaultBreakerOpenS},
	}
	if !reflect.DeepEqual(got.RoutingPolicy, want) {
		t.Errorf("routing policy\n got %+v\nwant %+v", got.RoutingPolicy, want)
	}
	wantFaults := []simulator.Fault{
		{Type: simulator.FaultCapacityLoss, Region: "paris", Fraction: 0.5, AtS: 10, DurationS: 20},
		{Type: simulator.FaultTrafficSurge, Origin: "lyon", Multiplier: 3, AtS: 15},
		{Type: simulator.FaultLatencySpike, Origin: "lyon", Region: "paris", ExtraMs: 200, AtS: 20},
		{Type: simulator.FaultPartition, Origin: "lyon", Region: "paris", AtS: 25, DurationS: 5},
		{Type: simulator.FaultPartition, Region: "paris", RegionB: "berlin", AtS: 30},
	}
	if !reflect.DeepEqual(got.Scenarios[0].Faults, wantFaults) {
		t.Errorf("faults\n got %+v\nwant %+v", got.Scenarios[0].Faults, wantFaults)
	}
	if j := got.Workload.Origins[0].AllowedJurisdictions; !reflect.DeepEqual(j, []string{"EU", "UK"}) {
		t.Errorf("allowed_jurisdictions = %v", j)
	}
	if j := got.Workload.Origins[1].AllowedJurisdictions; j != nil {
		t.Errorf("an origin without allowed_jurisdictions has %v, want none", j)
	}
	if got.SLA.RTOS == nil || *got.SLA.RTOS != 30 {
		t.Errorf("sla.rto_s = %v", got.SLA.RTOS)
	}
	// Coordinates have no catalog jurisdiction.
	if got.Regions[0].Jurisdiction != "" {
		t.Errorf("jurisdiction of a geo: region = %q", got.Regions[0].Jurisdiction)
	}

	// Left out entirely, the nested objects are all defaults, and the TTL,
	// when set, is kept (0 included: no caching); no breaker stays none.
	policy = RoutingPolicy{
		Name: types.StringValue("p"), Strategy: types.StringNull(), GeoRoutes: types.MapNull(types.StringType),
		Weights: types.MapNull(types.Float64Type), Failover: types.ListNull(types.StringType),
		HealthCheck: types.ObjectNull(HealthCheckAttrTypes), DNSTTLS: types.Float64Value(0),
		RequestTimeoutMs: types.Float64Value(750), Retry: types.ObjectNull(RetryAttrTypes),
		CircuitBreaker: types.ObjectNull(BreakerAttrTypes),
	}
	c.RoutingPolicy = &policy
	want = &simulator.RoutingPolicy{
		Name: "p", Strategy: simulator.StrategyLatency,
		HealthCheck:      simulator.HealthCheck{IntervalS: 10, FailureThreshold: 3, TimeoutMs: 2000},
		DNSTTLS:          ptr(0),
		RequestTimeoutMs: 750,
		Retry:            simulator.RetryPolicy{MaxAttempts: 1, BackoffBaseMs: 50, BackoffMaxMs: 2000},
	}
	if got := c.ToModel(nil).RoutingPolicy; !reflect.DeepEqual(got, want) {
		t.Errorf("default routing policy\n got %+v\nwant %+v", got, want)
	}
	// What the provider fills in is what the simulator would: defaulting
	// again changes nothing.
	m := c.ToModel(nil)
	before := *m.RoutingPolicy
	simulator.ApplyDefaults(&m)
	if !reflect.DeepEqual(*m.RoutingPolicy, before) {
		t.Errorf("ApplyDefaults changed the provider's routing policy\n got %+v\nwant %+v", *m.RoutingPolicy, before)
	}
}

// TestSimulationRoutingFromJSON checks the CLI's path: the resource's id
// and the computed results are dropped, and the policy maps as in Read.
func TestSimulationRoutingFromJSON(t *testing.T) {
	m, err := ModelFromSimulationJSON(context.Background(), json.RawMessage(testRoutingJSON), DefaultProviderSettings())
	if err != nil {
		t.Fatal(err)
	}
	want := &simulator.RoutingPolicy{
		Name: "global", Strategy: simulator.StrategyGeo,
		GeoRoutes:      []simulator.GeoRoute{{Origin: "aws:eu-west-1", Region: "eu-west-1"}, {Origin: "virginia", Region: "us-east-1"}},
		HealthCheck:    simulator.HealthCheck{IntervalS: 2, FailureThreshold: 3, TimeoutMs: 2000},
		DNSTTLS:        ptr(10.0),
		Retry:          simulator.RetryPolicy{MaxAttempts: 3, BackoffBaseMs: 50, BackoffMaxMs: 2000},
		CircuitBreaker: &simulator.CircuitBreaker{FailureThreshold: 5, OpenS: 30},
	}
	if !reflect.DeepEqual(m.RoutingPolicy, want) {
		t.Errorf("routing policy\n got %+v\nwant %+v", m.RoutingPolicy, want)
	}
	if m.Regions[0].Jurisdiction != "EU" || m.Regions[1].Jurisdiction != "US" {
		t.Errorf("jurisdictions %q, %q; want EU as given and US from the catalog", m.Regions[0].Jurisdiction, m.Regions[1].Jurisdiction)
	}
	wantFaults := []simulator.Fault{
		{Type: simulator.FaultTrafficSurge, Origin: "virginia", Multiplier: 2, AtS: 5},
		{Type: simulator.FaultPartition, Region: "eu-west-1", RegionB: "us-east-1", AtS: 9},
	}
	if !reflect.DeepEqual(m.Scenarios[0].Faults, wantFaults) {
		t.Errorf("faults = %+v", m.Scenarios[0].Faults)
	}
	if !reflect.DeepEqual(m.Workload.Origins[1].AllowedJurisdictions, []string{"EU"}) || m.SLA.RTOS == nil || *m.SLA.RTOS != 20 {
		t.Errorf("origins %+v, rto_s %v", m.Workload.Origins, m.SLA.RTOS)
	}
}

func TestSimulationFindingPath_routing(t *testing.T) {
	ctx := context.Background()
	s := SimulationSchema()
	rp := path.Root("routing_policy")
	m := simulator.Model{RoutingPolicy: &simulator.RoutingPolicy{
		GeoRoutes: []simulator.GeoRoute{{Origin: "aws:eu-west-1", Region: "eu-west-1"}, {Origin: "virginia", Region: "nowhere"}},
		Weights:   []simulator.RegionWeight{{Region: "eu-west-1", Weight: 1}},
	}}
	for _, tc := range []struct {
		in   string
		want path.Path
	}{
		{"routing_policy.health_check.interval_s", rp.AtName("health_check").AtName("interval_s")},
		{"routing_policy.retry.backoff_max_ms", rp.AtName("retry").AtName("backoff_max_ms")},
		{"routing_policy.circuit_breaker.open_s", rp.AtName("circuit_breaker").AtName("open_s")},
		{"routing_policy.dns_ttl_s", rp.AtName("dns_ttl_s")},
		{"routing_policy.failover[1]", rp.AtName("failover").AtListIndex(1)},
		{"routing_policy.weights", rp.AtName("weights")},
		// The model's lists are the data source's maps, by key.
		{"routing_policy.weights[0].weight", rp.AtName("weights").AtMapKey("eu-west-1")},
		{"routing_policy.weights[0].region", rp.AtName("weights").AtMapKey("eu-west-1")},
		{"routing_policy.geo_routes[1].region", rp.AtName("geo_routes").AtMapKey("virginia")},
		{"routing_policy.geo_routes[0].origin", rp.AtName("geo_routes").AtMapKey("aws:eu-west-1")},
		{"routing_policy.geo_routes[7].origin", rp.AtName("geo_routes")},
		{"workload.origins[0].allowed_jurisdictions", path.Root("workload").AtName("origins").AtListIndex(0).AtName("allowed_jurisdictions")},
		{"scenarios[0].faults[1].fraction", path.Root("scenarios").AtListIndex(0).AtName("faults").AtListIndex(1).AtName("fraction")},
		{"scenarios[0].faults[1].origin", path.Root("scenarios").AtListIndex(0).AtName("faults").AtListIndex(1).AtName("origin")},
		{"scenarios[2].faults[0].multiplier", path.Root("scenarios").AtListIndex(2).AtName("faults").AtListIndex(0).AtName("multiplier")},
		{"scenarios[0].faults[0].extra_ms", path.Root("scenarios").AtListIndex(0).AtName("faults").AtListIndex(0).AtName("extra_ms")},
		{"scenarios[0].faults[3].region_b", path.Root("scenarios").AtListIndex(0).AtName("faults").AtListIndex(3).AtName("region_b")},
		{"regions[1].jurisdiction", path.Root("regions").AtListIndex(1).AtName("jurisdiction")},
		{"sla.rto_s", path.Root("sla").AtName("rto_s")},
	} {
		got, ok := ModelFindingPath(ctx, s, tc.in, m)
		if !ok || !got.Equal(tc.want) {
			t.Errorf("modelFindingPath(%q) = %s, %v; want %s", tc.in, got, ok, tc.want)
		}
	}
	// Without a policy in the model there is no key to use.
	if got, ok := ModelFindingPath(ctx, s, "routing_policy.weights[0].weight", simulator.Model{}); !ok || !got.Equal(rp.AtName("weights")) {
		t.Errorf("without a policy: %s, %v", got, ok)
	}
}

// TestSimulationOutputs_routing writes a report with routing results and a
// timeline through the schema and reads figures back; without a policy the
// routing object and rto_s are null.
func TestSimulationOutputs_routing(t *testing.T) {
	ctx := context.Background()
	s := SimulationSchema()
	e := func(m float64) simulator.Estimate { return simulator.Estimate{Mean: m, Low: m - 0.5, High: m + 0.5} }
	r := testReport()
	sc := &r.Scenarios[0]
	sc.Routing = &simulator.RoutingResult{
		AttemptsPerRequest: e(2.4), GoodputRPS: e(1200), TimedOutRatio: e(0.3), BreakerOpens: e(4), RTOS: e(16),
		Recovered: false, RTOTarget: 0.99,
		Faults: []simulator.FaultRecovery{{Type: simulator.FaultRegionOutage, Region: "eu-west-1", AtS: 20, DetectionS: e(6), Detected: 0.8}},
		SovereigntyViolations: []simulator.SovereigntyViolation{
			{Origin: "paris", Region: "us-east-1", Jurisdiction: "US", FirstS: 27.5, Requests: 1234},
		},
	}
	sc.Timeline = []simulator.TimelinePoint{
		{TimeS: 0, Requests: 100, SuccessRatio: 1, Attempts: 100, RegionAttempts: []float64{100, 0}},
		{TimeS: 1, Requests: 100, SuccessRatio: 0.5, Attempts: 240, RegionAttempts: []float64{40, 200}},
	}
	noPolicy := r.Scenarios[0]
	noPolicy.Name, noPolicy.Routing = "static", nil
	noPolicy.Timeline = []simulator.TimelinePoint{{TimeS: 0, Requests: 100, SuccessRatio: 1}}
	r.Scenarios = append(r.Scenarios, noPolicy)

	m := Simulation{Regions: []Region{}, Workload: &WorkloadInput{}}
	m.SetResults(r)
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if diags := state.Set(ctx, &m); diags.HasError() {
		t.Fatalf("State.Set: %v", diags)
	}
	res := path.Root("results").AtListIndex(0)
	routing := res.AtName("routing")
	for _, tc := range []struct {
		p    path.Path
		want attr.Value
	}{
		{routing.AtName("attempts_per_request"), types.Float64Value(2.4)},
		{routing.AtName("attempts_per_request_ci").AtName("high"), types.Float64Value(2.9)},
		{routing.AtName("goodput_rps"), types.Float64Value(1200)},
		{routing.AtName("timed_out_ratio_ci").AtName("low"), types.Float64Value(-0.2)},
		{routing.AtName("breaker_opens"), types.Float64Value(4)},
		{routing.AtName("rto_s"), types.Float64Value(16)},
		{routing.AtName("recovered"), types.BoolValue(false)},
		{routing.AtName("rto_target"), types.Float64Value(0.99)},
		{routing.AtName("faults").AtListIndex(0).AtName("type"), types.StringValue("region_outage")},
		{routing.AtName("faults").AtListIndex(0).AtName("detection_s"), types.Float64Value(6)},
		{routing.AtName("faults").AtListIndex(0).AtName("detection_s_ci").AtName("high"), types.Float64Value(6.5)},
		{routing.AtName("faults").AtListIndex(0).AtName("detected"), types.Float64Value(0.8)},
		{routing.AtName("sovereignty_violations").AtListIndex(0).AtName("origin"), types.StringValue("paris")},
		{routing.AtName("sovereignty_violations").AtListIndex(0).AtName("jurisdiction"), types.StringValue("US")},
		{routing.AtName("sovereignty_violations").AtListIndex(0).AtName("first_s"), types.Float64Value(27.5)},
		{routing.AtName("sovereignty_violations").AtListIndex(0).AtName("requests"), types.Float64Value(1234)},
		{res.AtName("rto_s"), types.Float64Value(16)},
		{res.AtName("rto_s_ci").AtName("low"), types.Float64Value(15.5)},
		{res.AtName("timeline").AtListIndex(1).AtName("attempts"), types.Float64Value(240)},
		{res.AtName("timeline").AtListIndex(1).AtName("region_attempts").AtListIndex(1), types.Float64Value(200)},
		{path.Root("results").AtListIndex(1).AtName("rto_s"), types.Float64Null()},
		{path.Root("results").AtListIndex(1).AtName("timeline").AtListIndex(0).AtName("attempts"), types.Float64Value(0)},
	} {
		var got attr.Value
		switch tc.want.(type) {
		case types.Bool:
			var v types.Bool
			state.GetAttribute(ctx, tc.p, &v)
			got = v
		case types.String:
			var v types.String
			state.GetAttribute(ctx, tc.p, &v)
			got = v
		default:
			var v types.Float64
			if diags := state.GetAttribute(ctx, tc.p, &v); diags.HasError() {
				t.Errorf("GetAttribute(%s): %v", tc.p, diags)
				continue
			}
			got = v
		}
		if !got.Equal(tc.want) {
			t.Errorf("%s = %s, want %s", tc.p, got, tc.want)
		}
	}
	var none types.Object
	state.GetAttribute(ctx, path.Root("results").AtListIndex(1).AtName("routing"), &none)
	if !none.IsNull() {
		t.Errorf("routing without a policy = %s, want null", none)
	}
	var attempts types.List
	state.GetAttribute(ctx, path.Root("results").AtListIndex(1).AtName("timeline").AtListIndex(0).AtName("region_attempts"), &attempts)
	if attempts.IsNull() || len(attempts.Elements()) != 0 {
		t.Errorf("region_attempts without a policy = %s, want an empty list", attempts)
	}
}

// testRoutingJSON is a topology_simulation as `terraform show -json`
// writes it after a plan, with a routing policy given as the whole
// resource (id included) and computed routing results.
const testRoutingJSON = `{
  "regions": [{"name": "eu-west-1", "location": "aws:eu-west-1", "jurisdiction": "EU", "instances": 2, "service_time_ms": 20,
               "latitude": 53.3, "capacity_rps": 100},
              {"name": "us-east-1", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 20}],
  "routing_policy": {"id": "global", "name": "global", "strategy": "geo",
                     "geo_routes": {"virginia": "us-east-1", "aws:eu-west-1": "eu-west-1"}, "weights": null, "failover": null,
                     "health_check": {"interval_s": 2, "failure_threshold": 3, "timeout_ms": 2000}, "dns_ttl_s": 10,
                     "request_timeout_ms": null, "retry": {"max_attempts": 3, "backoff_base_ms": 50, "backoff_max_ms": 2000},
                     "circuit_breaker": {"failure_threshold": 5, "open_s": 30}},
  "scenarios": [{"name": "surge", "faults": [{"type": "traffic_surge", "origin": "virginia", "multiplier": 2, "at_s": 5},
                                             {"type": "partition", "region": "eu-west-1", "region_b": "us-east-1", "at_s": 9}]}],
  "workload": {"origins": [{"name": "virginia", "location": "aws:us-east-1", "rps": 10},
                           {"location": "aws:eu-west-1", "rps": 10, "allowed_jurisdictions": ["EU"]}]},
  "sla": {"rto_s": 20},
  "results": [{"name": "baseline", "rto_s": 0, "routing": {"recovered": true}, "timeline": [{"t_s": 0, "region_attempts": [1, 2]}]}]
}`
