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

// TestSimulationToModel_routing checks that a literal routing policy takes
// the resource's defaults (dns_ttl_s included, which the simulator leaves
// to the front-end), that its maps become lists sorted by key, and that
// the new fault, origin, region and SLA arguments reach the model.
func TestSimulationToModel_routing(t *testing.T) {
	obj := func(attrTypes map[string]attr.Type, vals map[string]attr.Value) types.Object {
		for name, typ := range attrTypes {
			if _, ok := vals[name]; !ok {
				vals[name] = nullOf(typ)
			}
		}
		return types.ObjectValueMust(attrTypes, vals)
	}
	policy := routingPolicyInput{
		Name: types.StringValue("global"), Strategy: types.StringValue(simulator.StrategyWeighted),
		GeoRoutes: types.MapNull(types.StringType),
		Weights: types.MapValueMust(types.Float64Type, map[string]attr.Value{
			"us-east-1": types.Float64Value(3), "ap-northeast-1": types.Float64Value(0), "eu-west-1": types.Float64Value(1),
		}),
		Failover:         types.ListNull(types.StringType),
		HealthCheck:      obj(healthCheckAttrTypes, map[string]attr.Value{"interval_s": types.Float64Value(1)}),
		DNSTTLS:          types.Float64Null(),
		RequestTimeoutMs: types.Float64Null(),
		Retry:            obj(retryAttrTypes, map[string]attr.Value{"max_attempts": types.Int64Value(3)}),
		CircuitBreaker:   obj(breakerAttrTypes, map[string]attr.Value{}),
	}
	c := simulationModel{
		Regions: []regionInput{{Name: types.StringValue("paris"), Location: types.StringValue("geo:48.86,2.35"), Jurisdiction: types.StringNull()}},
		Workload: &workloadInput{Origins: []originInput{{
			Name: types.StringValue("lyon"), Location: types.StringValue("aws:eu-west-3"), RPS: types.Float64Value(10),
			AllowedJurisdictions: []types.String{types.StringValue("EU"), types.StringValue("UK")},
		}, {
			Name: types.StringValue("virginia"), Location: types.StringValue("aws:us-east-1"), RPS: types.Float64Value(10),
		}}},
		RoutingPolicy: &policy,
		Scenarios: []scenarioInput{{Name: types.StringValue("storm"), Faults: []faultInput{
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
		SLA: &slaInput{RTOS: types.Float64Value(30)},
	}
	got := c.toModel(nil)
	want := &simulator.RoutingPolicy{
		Name: "global", Strategy: simulator.StrategyWeighted,
		Weights: []simulator.RegionWeight{{Region: "ap-northeast-1", Weight: 0}, {Region: "eu-west-1", Weight: 1}, {Region: "us-east-1", Weight: 3}},
		// A 1 s interval caps the default probe timeout at 1000 ms.
		HealthCheck:    simulator.HealthCheck{IntervalS: 1, FailureThreshold: defaultHealthThreshold, TimeoutMs: 1000},
		DNSTTLS:        simulator.DefaultDNSTTLS,
		Retry:          simulator.RetryPolicy{MaxAttempts: 3, BackoffBaseMs: defaultBackoffBaseMs, BackoffMaxMs: defaultBackoffMaxMs},
		CircuitBreaker: &simulator.CircuitBreaker{FailureThreshold: defaultBreakerThreshold, OpenS: defaultBreakerOpenS},
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
	policy = routingPolicyInput{
		Name: types.StringValue("p"), Strategy: types.StringNull(), GeoRoutes: types.MapNull(types.StringType),
		Weights: types.MapNull(types.Float64Type), Failover: types.ListNull(types.StringType),
		HealthCheck: types.ObjectNull(healthCheckAttrTypes), DNSTTLS: types.Float64Value(0),
		RequestTimeoutMs: types.Float64Value(750), Retry: types.ObjectNull(retryAttrTypes),
		CircuitBreaker: types.ObjectNull(breakerAttrTypes),
	}
	c.RoutingPolicy = &policy
	want = &simulator.RoutingPolicy{
		Name: "p", Strategy: simulator.StrategyLatency,
		HealthCheck:      simulator.HealthCheck{IntervalS: 10, FailureThreshold: 3, TimeoutMs: 2000},
		RequestTimeoutMs: 750,
		Retry:            simulator.RetryPolicy{MaxAttempts: 1, BackoffBaseMs: 50, BackoffMaxMs: 2000},
	}
	if got := c.toModel(nil).RoutingPolicy; !reflect.DeepEqual(got, want) {
		t.Errorf("default routing policy\n got %+v\nwant %+v", got, want)
	}
	// What the provider fills in is what the simulator would: defaulting
	// again changes nothing.
	m := c.toModel(nil)
	before := *m.RoutingPolicy
	simulator.ApplyDefaults(&m)
	if !reflect.DeepEqual(*m.RoutingPolicy, before) {
		t.Errorf("ApplyDefaults changed the provider's routing policy\n got %+v\nwant %+v", *m.RoutingPolicy, before)
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
		DNSTTLS:        10,
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
	s := simulationSchema()
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
		got, ok := modelFindingPath(ctx, s, tc.in, m)
		if !ok || !got.Equal(tc.want) {
			t.Errorf("modelFindingPath(%q) = %s, %v; want %s", tc.in, got, ok, tc.want)
		}
	}
	// Without a policy in the model there is no key to use.
	if got, ok := modelFindingPath(ctx, s, "routing_policy.weights[0].weight", simulator.Model{}); !ok || !got.Equal(rp.AtName("weights")) {
		t.Errorf("without a policy: %s, %v", got, ok)
	}
}

// TestSimulationOutputs_routing writes a report with routing results and a
// timeline through the schema and reads figures back; without a policy the
// routing object and rto_s are null.
func TestSimulationOutputs_routing(t *testing.T) {
	ctx := context.Background()
	s := simulationSchema()
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

	m := simulationModel{Regions: []regionInput{}, Workload: &workloadInput{}}
	m.setOutputs(r)
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
