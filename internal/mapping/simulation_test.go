package mapping

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

func ptr(x float64) *float64 { return &x }

func u64(x uint64) *uint64 { return &x }

func TestSimulationFindingPath(t *testing.T) {
	ctx := context.Background()
	s := SimulationSchema()
	regions := path.Root("regions")
	for _, tc := range []struct {
		in   string
		want path.Path
		ok   bool
	}{
		{"regions[1].instances", regions.AtListIndex(1).AtName("instances"), true},
		{"regions[0].service_time_p99_over_p50", regions.AtListIndex(0).AtName("service_time_p99_over_p50"), true},
		{"workload.origins[0].rps", path.Root("workload").AtName("origins").AtListIndex(0).AtName("rps"), true},
		{"workload.origins", path.Root("workload").AtName("origins"), true},
		{"sla.latency_p99_ms", path.Root("sla").AtName("latency_p99_ms"), true},
		{"network.jitter_sigma", path.Root("network").AtName("jitter_sigma"), true},
		{"run.duration_s", path.Root("duration_s"), true},
		{"run.warmup_s", path.Root("warmup_s"), true},
		{"run.replications", path.Root("replications"), true},
		// An element is a valid place to point at, though not an attribute.
		{"regions[2]", regions.AtListIndex(2), true},
		// Names the data source lacks fall back on the nearest attribute.
		{"regions[1].servers", regions.AtListIndex(1), true},
		{"workload.origins[3].Bad Name", path.Root("workload").AtName("origins").AtListIndex(3), true},
		// Nothing to point at: reported without a path.
		{"run.max_simulated_requests", path.Empty(), false},
		{"run", path.Empty(), false},
		{"scenarios[0].faults[1].region", path.Root("scenarios").AtListIndex(0).AtName("faults").AtListIndex(1).AtName("region"), true},
		{"scenarios[1].name", path.Root("scenarios").AtListIndex(1).AtName("name"), true},
		{"replica_sets[0].leader", path.Root("replica_sets").AtListIndex(0).AtName("leader"), true},
		{"replica_sets[2].regions[1]", path.Root("replica_sets").AtListIndex(2).AtName("regions").AtListIndex(1), true},
		{"replica_sets[0].quorum", path.Root("replica_sets").AtListIndex(0).AtName("quorum"), true},
		{"workload.origins[1].replica_set", path.Root("workload").AtName("origins").AtListIndex(1).AtName("replica_set"), true},
		{"workload.keys", path.Root("workload").AtName("keys"), true},
		{"sla.rpo_ms", path.Root("sla").AtName("rpo_ms"), true},
		{"sla.stale_read_ratio", path.Root("sla").AtName("stale_read_ratio"), true},
		{"", path.Empty(), false},
	} {
		got, ok := FindingPath(ctx, s, tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("findingPath(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSimulationFindingDiagnostics(t *testing.T) {
	diags := FindingDiagnostics(context.Background(), SimulationSchema(), []simulator.Finding{
		{Severity: simulator.SeverityError, Path: "regions[1].instances", Summary: "Region overloaded", Detail: "rho = 1.2."},
		{Severity: simulator.SeverityWarning, Path: "sla.latency_p50_ms", Summary: "Tight target", Detail: "sla.latency_p50_ms is close."},
		{Severity: simulator.SeverityError, Path: "run.max_simulated_requests", Summary: "Too much work", Detail: "60000000 requests."},
		{Severity: "fatal", Path: "", Summary: "Strange", Detail: "?"},
	}, simulator.Model{})
	want := []struct {
		severity diag.Severity
		path     path.Path
		summary  string
		detail   string
	}{
		{diag.SeverityError, path.Root("regions").AtListIndex(1).AtName("instances"), "Region overloaded", "rho = 1.2.\n\n(Attribute: regions[1].instances.)"},
		// The text already names the attribute: no need to repeat it.
		{diag.SeverityWarning, path.Root("sla").AtName("latency_p50_ms"), "Tight target", "sla.latency_p50_ms is close."},
		{diag.SeverityError, path.Empty(), "Too much work", "60000000 requests.\n\n(Model path: run.max_simulated_requests.)"},
		// An unknown severity is never let through as a warning.
		{diag.SeverityError, path.Empty(), "Strange", "?"},
	}
	if len(diags) != len(want) {
		t.Fatalf("got %d diagnostics, want %d: %v", len(diags), len(want), diags)
	}
	for i, w := range want {
		d := diags[i]
		p := path.Empty()
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			p = dp.Path()
		}
		if d.Severity() != w.severity || !p.Equal(w.path) || d.Summary() != w.summary || d.Detail() != w.detail {
			t.Errorf("diagnostic %d = %v at %s %q %q; want %v at %s %q %q",
				i, d.Severity(), p, d.Summary(), d.Detail(), w.severity, w.path, w.summary, w.detail)
		}
	}
}

func TestSimulationToModel(t *testing.T) {
	full := Simulation{
		Regions: []Region{
			{
				// An explicit jurisdiction wins over the catalog's (US).
				Name: types.StringValue("us-east-1"), Location: types.StringValue("aws:us-east-1"), Jurisdiction: types.StringValue("UK"),
				Instances: types.Int64Value(10), Concurrency: types.Int64Value(8), ServiceTimeMs: types.Float64Value(20),
				ServiceTimeDistribution: types.StringValue("lognormal"), ServiceTimeP99OverP50: types.Float64Value(4),
				QueueLimit: types.Int64Value(100),
			},
			{
				// A literal object with every optional attribute left out.
				Name: types.StringValue("eu-west-1"), Location: types.StringValue("aws:eu-west-1"), Jurisdiction: types.StringNull(),
				Instances: types.Int64Value(4), Concurrency: types.Int64Null(), ServiceTimeMs: types.Float64Value(12.5),
				ServiceTimeDistribution: types.StringNull(), ServiceTimeP99OverP50: types.Float64Null(), QueueLimit: types.Int64Null(),
			},
		},
		Workload: &WorkloadInput{Origins: []OriginInput{
			{Name: types.StringValue("paris"), Location: types.StringValue("aws:eu-west-3"), RPS: types.Float64Value(300), ReadRatio: types.Float64Value(0)},
			{Name: types.StringNull(), Location: types.StringValue("geo:40.7,-74.0"), RPS: types.Float64Value(500), ReadRatio: types.Float64Null()},
		}},
		Network: &NetworkInput{JitterSigma: types.Float64Value(0)},
		SLA: &SLAInput{
			LatencyP50Ms: types.Float64Null(), LatencyP95Ms: types.Float64Value(80), LatencyP99Ms: types.Float64Value(150),
			LatencyP999Ms: types.Float64Null(), Availability: types.Float64Value(0.999),
		},
		DurationS: types.Float64Value(300), WarmupS: types.Float64Value(0), Replications: types.Int64Value(10),
		Seed: types.Int64Value(0), Enforce: types.BoolNull(),
	}
	got := full.ToModel(&ProviderSettings{DefaultSeed: 42, MaxSimulatedRequests: 1000000})
	simulator.ApplyDefaults(&got)
	want := simulator.Model{
		Regions: []simulator.Region{
			{Name: "us-east-1", Location: "aws:us-east-1", Jurisdiction: "UK", Instances: 10, Concurrency: 8, ServiceTimeMs: 20,
				ServiceTimeDistribution: "lognormal", ServiceTimeP99OverP50: 4, QueueLimit: 100},
			// The catalog's jurisdiction, as topology_region defaults it.
			{Name: "eu-west-1", Location: "aws:eu-west-1", Jurisdiction: "EU", Instances: 4, Concurrency: simulator.DefaultConcurrency, ServiceTimeMs: 12.5,
				ServiceTimeDistribution: simulator.DistExponential},
		},
		Workload: simulator.Workload{Origins: []simulator.Origin{
			{Name: "paris", Location: "aws:eu-west-3", RPS: 300, ReadRatio: ptr(0)},
			{Name: "geo:40.7,-74.0", Location: "geo:40.7,-74.0", RPS: 500, ReadRatio: ptr(DefaultReadRatio)},
		}, Keys: simulator.DefaultKeys, ZipfS: ptr(simulator.DefaultZipfS)},
		Network: simulator.Network{JitterSigma: ptr(0)},
		SLA:     simulator.SLA{LatencyP95Ms: ptr(80), LatencyP99Ms: ptr(150), Availability: ptr(0.999)},
		// An explicit seed 0 and warm-up 0 are kept, not defaulted.
		Run: simulator.RunSettings{DurationS: ptr(300), WarmupS: ptr(0), Replications: 10, Seed: u64(0), MaxSimulatedRequests: 1000000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("toModel(full)\n got %+v\nwant %+v", got, want)
	}
	if !full.Enforced() {
		t.Error("enforce left out must default to true")
	}

	// Every optional argument left out, provider not configured.
	minimal := Simulation{
		Regions:  full.Regions[1:],
		Workload: &WorkloadInput{Origins: full.Workload.Origins[1:]},
		Enforce:  types.BoolValue(false),
	}
	got = minimal.ToModel(nil)
	simulator.ApplyDefaults(&got)
	wantRun := simulator.RunSettings{
		DurationS: ptr(simulator.DefaultDurationS), WarmupS: ptr(DefaultWarmupS),
		MaxReplications: simulator.DefaultMaxReplications, Precision: ptr(simulator.DefaultPrecision),
		Seed: u64(DefaultSeed), MaxSimulatedRequests: simulator.DefaultMaxSimulatedRequests,
	}
	if !reflect.DeepEqual(got.Run, wantRun) {
		t.Errorf("run settings = %+v, want %+v", got.Run, wantRun)
	}
	if !reflect.DeepEqual(got.SLA, simulator.SLA{}) {
		t.Errorf("no sla must give no clause, got %+v", got.SLA)
	}
	if got.Network.JitterSigma == nil || *got.Network.JitterSigma != simulator.DefaultJitterSigma {
		t.Errorf("jitter_sigma left out must take the simulator's default, got %v", got.Network.JitterSigma)
	}
	if minimal.Enforced() {
		t.Error("enforce = false must not enforce")
	}

	// The provider's default seed applies when the data source sets none.
	if m := minimal.ToModel(&ProviderSettings{DefaultSeed: 42}); m.Run.Seed == nil || *m.Run.Seed != 42 {
		t.Errorf("seed = %v, want the provider's default_seed 42", m.Run.Seed)
	}
}

// testReport is a report with a failed, a marginal and a passed clause, and
// a NaN where nothing could be measured.
func testReport() *simulator.Report {
	e := func(m float64) simulator.Estimate { return simulator.Estimate{Mean: m, Low: m - 1, High: m + 1} }
	lat := simulator.Latency{Mean: e(30), P50: e(25), P95: e(60), P99: e(83.2), P999: e(120)}
	return &simulator.Report{
		SchemaVersion: simulator.ReportSchemaVersion, Seed: 1, Replications: 5, SimulatedRequests: 123456,
		Scenarios: []simulator.ScenarioResult{{
			Name: simulator.BaselineScenario, Requests: 100000, Latency: lat,
			Availability: simulator.Estimate{Mean: 0.999, Low: 0.998, High: 1},
			Origins: []simulator.OriginResult{
				{Name: "paris", Location: "aws:eu-west-3", ServedBy: "eu-west-1", Requests: 60000, Latency: &lat, Availability: new(e(0.999)), MinLatencyMs: 12.5},
				{Name: "lost", Location: "geo:0,0", ServedBy: "eu-west-1", Requests: 0,
					Latency: &simulator.Latency{Mean: e(math.NaN()), P50: e(math.NaN()), P95: e(math.Inf(1))}},
			},
			Regions: []simulator.RegionResult{
				{Name: "eu-west-1", ArrivalRate: e(800), Utilization: e(0.7), RejectedRatio: e(0), MeanWait: e(2),
					MeanSojourn: e(22), P99Sojourn: e(90)},
			},
			SLA: []simulator.ClauseResult{
				{Clause: "latency_p99_ms", Target: 50, Observed: 83.2, Low: 81, High: 85.3, Status: simulator.StatusFail},
				{Clause: "latency_p95_ms", Target: 60, Observed: 59.5, Low: 58, High: 61, Status: simulator.StatusMarginal},
				{Clause: "availability", Target: 0.99, Observed: 0.999, Low: 0.998, High: 1, Status: simulator.StatusPass},
			},
		}},
	}
}

// TestSimulationOutputsMatchSchema writes a whole report through the
// schema, which fails if the output structs and the schema disagree.
func TestSimulationOutputsMatchSchema(t *testing.T) {
	ctx := context.Background()
	s := SimulationSchema()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m := Simulation{Regions: []Region{}, Workload: &WorkloadInput{}}
	m.SetResults(testReport())
	if diags := state.Set(ctx, &m); diags.HasError() {
		t.Fatalf("State.Set: %v", diags)
	}

	for p, want := range map[string]any{
		"sla_status":         "fail",
		"sla_met":            false,
		"simulated_requests": int64(123456),
	} {
		var got any
		switch want.(type) {
		case string:
			var v types.String
			state.GetAttribute(ctx, path.Root(p), &v)
			got = v.ValueString()
		case bool:
			var v types.Bool
			state.GetAttribute(ctx, path.Root(p), &v)
			got = v.ValueBool()
		case int64:
			var v types.Int64
			state.GetAttribute(ctx, path.Root(p), &v)
			got = v.ValueInt64()
		}
		if got != want {
			t.Errorf("%s = %v, want %v", p, got, want)
		}
	}
	baseline := path.Root("results").AtListIndex(0)
	for _, tc := range []struct {
		p    path.Path
		want types.Float64
	}{
		{baseline.AtName("latency_ms").AtName("p99"), types.Float64Value(83.2)},
		{baseline.AtName("latency_ms_ci").AtName("p99").AtName("high"), types.Float64Value(84.2)},
		{baseline.AtName("availability_ci").AtName("low"), types.Float64Value(0.998)},
		{baseline.AtName("utilization").AtMapKey("eu-west-1"), types.Float64Value(0.7)},
		{baseline.AtName("regions").AtListIndex(0).AtName("p99_sojourn_ms"), types.Float64Value(90)},
		{baseline.AtName("sla").AtListIndex(0).AtName("ci_high"), types.Float64Value(85.3)},
		{baseline.AtName("origins").AtListIndex(0).AtName("min_latency_ms"), types.Float64Value(12.5)},
		// No request of this origin succeeded: nothing to report, not 0.
		{baseline.AtName("origins").AtListIndex(1).AtName("min_latency_ms"), types.Float64Null()},
		{baseline.AtName("origins").AtListIndex(1).AtName("latency_ms").AtName("p50"), types.Float64Null()},
		{baseline.AtName("origins").AtListIndex(1).AtName("latency_ms_ci").AtName("p95").AtName("low"), types.Float64Null()},
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
	var md types.String
	state.GetAttribute(ctx, path.Root("report_markdown"), &md)
	if !strings.Contains(md.ValueString(), "## Topology simulation: FAIL") {
		t.Errorf("report_markdown lacks its headline:\n%s", md.ValueString())
	}

	// Without any clause the status is none and the SLA counts as met.
	r := testReport()
	r.Scenarios[0].SLA = nil
	m.SetResults(r)
	if m.SLAStatus.ValueString() != "none" || !m.SLAMet.ValueBool() || m.Results[0].SLA == nil {
		t.Errorf("without SLA: sla_status = %s, sla_met = %s, sla = %#v; want none, true, an empty list",
			m.SLAStatus, m.SLAMet, m.Results[0].SLA)
	}
}

func TestSimulationSLADiagnostics(t *testing.T) {
	r := testReport()
	check := func(enforce bool, want []diag.Severity) {
		t.Helper()
		diags := SLADiagnostics(r, enforce)
		if len(diags) != len(want) {
			t.Fatalf("enforce=%v: got %d diagnostics, want %d: %v", enforce, len(diags), len(want), diags)
		}
		for i, d := range diags {
			if d.Severity() != want[i] {
				t.Errorf("enforce=%v: diagnostic %d is %v, want %v", enforce, i, d.Severity(), want[i])
			}
			if dp, ok := d.(diag.DiagnosticWithPath); !ok || !dp.Path().Equal(path.Root("sla")) {
				t.Errorf("enforce=%v: diagnostic %d is not on the sla attribute", enforce, i)
			}
		}
		failure := diags[0]
		if failure.Summary() != `SLA not met in scenario "baseline"` ||
			!strings.Contains(failure.Detail(), "latency_p99_ms: target <= 50 ms, observed 83.2 ms (95% CI 81.0 to 85.3 ms)") ||
			strings.Contains(failure.Detail(), "availability:") {
			t.Errorf("enforce=%v: failure diagnostic is wrong: %s\n%s", enforce, failure.Summary(), failure.Detail())
		}
		if marginal := diags[1]; !strings.Contains(marginal.Detail(), "latency_p95_ms") || !strings.Contains(marginal.Detail(), "replications") {
			t.Errorf("enforce=%v: marginal diagnostic is wrong: %s\n%s", enforce, marginal.Summary(), marginal.Detail())
		}
	}
	check(true, []diag.Severity{diag.SeverityError, diag.SeverityWarning})
	check(false, []diag.Severity{diag.SeverityWarning, diag.SeverityWarning})

	r.Scenarios[0].SLA = r.Scenarios[0].SLA[2:]
	if diags := SLADiagnostics(r, true); len(diags) != 0 {
		t.Errorf("a passing SLA gave diagnostics: %v", diags)
	}
}

// TestSimulationSchemaIsDocumented keeps every attribute described, and the
// schema valid, as the framework and the generated docs require.
func TestSimulationSchemaIsDocumented(t *testing.T) {
	ctx := context.Background()
	s := SimulationSchema()
	if diags := s.ValidateImplementation(ctx); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
	var walk func(prefix string, attrs map[string]schema.Attribute)
	walk = func(prefix string, attrs map[string]schema.Attribute) {
		for name, a := range attrs {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%s%s has no MarkdownDescription", prefix, name)
			}
			switch n := a.(type) {
			case schema.ListNestedAttribute:
				walk(prefix+name+".", n.NestedObject.Attributes)
			case schema.SingleNestedAttribute:
				walk(prefix+name+".", n.Attributes)
			}
		}
	}
	walk("", s.Attributes)
}

func TestSimulationValidators(t *testing.T) {
	ctx := context.Background()
	p := path.Root("sla").AtName("availability")
	float := func(v validator.Float64, x types.Float64) diag.Diagnostics {
		var resp validator.Float64Response
		v.ValidateFloat64(ctx, validator.Float64Request{Path: p, ConfigValue: x}, &resp)
		return resp.Diagnostics
	}
	availability := Float64Within(0, 1, false, "Write availability as a fraction.")
	for _, ok := range []float64{1, 0.999, 1e-9} {
		if d := float(availability, types.Float64Value(ok)); d.HasError() {
			t.Errorf("availability %g rejected: %v", ok, d)
		}
	}
	for _, bad := range []float64{0, -0.5, 1.0001, math.Inf(1)} {
		if d := float(availability, types.Float64Value(bad)); !d.HasError() {
			t.Errorf("availability %g accepted", bad)
		}
	}
	d := float(availability, types.Float64Value(99.9))
	if want := "sla.availability must be greater than 0 and at most 1, got 99.9. Write availability as a fraction."; len(d) != 1 || d[0].Detail() != want {
		t.Errorf("message = %v, want %q", d, want)
	}
	if d := float(Float64Within(0, math.Inf(1), true, "fix"), types.Float64Value(-1)); len(d) != 1 ||
		d[0].Detail() != "sla.availability must be at least 0, got -1. fix" {
		t.Errorf("lower bound message = %v", d)
	}
	for _, skip := range []types.Float64{types.Float64Null(), types.Float64Unknown()} {
		if d := float(availability, skip); d.HasError() {
			t.Errorf("%s rejected: %v", skip, d)
		}
	}

	var iresp validator.Int64Response
	Int64Within(2, 100, "Use 5.").ValidateInt64(ctx, validator.Int64Request{Path: path.Root("replications"), ConfigValue: types.Int64Value(1)}, &iresp)
	if want := "replications must be between 2 and 100, got 1. Use 5."; len(iresp.Diagnostics) != 1 || iresp.Diagnostics[0].Detail() != want {
		t.Errorf("replications message = %v, want %q", iresp.Diagnostics, want)
	}

	objType := map[string]attr.Type{"name": types.StringType, "rps": types.Float64Type}
	required := RequiredAttributes(map[string]string{"name": "Name it.", "rps": "Set a rate."})
	object := func(v types.Object) diag.Diagnostics {
		var resp validator.ObjectResponse
		required.ValidateObject(ctx, validator.ObjectRequest{Path: path.Root("regions").AtListIndex(1), ConfigValue: v}, &resp)
		return resp.Diagnostics
	}
	d = object(types.ObjectValueMust(objType, map[string]attr.Value{"name": types.StringNull(), "rps": types.Float64Unknown()}))
	if want := "regions[1].name is required but not set. Name it."; len(d) != 1 || d[0].Detail() != want {
		t.Errorf("missing attribute message = %v, want %q", d, want)
	}
	// An object still unknown (a resource not planned yet) is not checked:
	// this is why the attributes are not simply Required.
	if d := object(types.ObjectUnknown(objType)); d.HasError() {
		t.Errorf("unknown object rejected: %v", d)
	}

	var lresp validator.ListResponse
	empty := types.ListValueMust(types.StringType, nil)
	ListNotEmpty("Add one.").ValidateList(ctx, validator.ListRequest{Path: path.Root("regions"), ConfigValue: empty}, &lresp)
	if want := "regions is empty, but at least one element is needed. Add one."; len(lresp.Diagnostics) != 1 || lresp.Diagnostics[0].Detail() != want {
		t.Errorf("empty list message = %v, want %q", lresp.Diagnostics, want)
	}
}

func TestSimulationToModel_replicaSetsAndScenarios(t *testing.T) {
	regions := func(names ...string) types.List {
		var v []attr.Value
		for _, n := range names {
			v = append(v, types.StringValue(n))
		}
		return types.ListValueMust(types.StringType, v)
	}
	// null returns a replica set input with every optional attribute null.
	null := func(name, mode string) ReplicaSet {
		return ReplicaSet{
			Name: types.StringValue(name), Regions: regions("us-east-1", "eu-west-1", "ap-northeast-1"),
			Leader: types.StringValue("us-east-1"), Replication: types.StringValue(mode),
			ReadConsistency: types.StringNull(), Quorum: types.Int64Null(), StalenessBoundMs: types.Float64Null(),
			ApplyTimeMs: types.Float64Null(), ElectionTimeoutMs: types.Float64Null(), PromotionDelayMs: types.Float64Null(),
			ConflictResolution: types.StringNull(),
		}
	}
	explicit := null("payments", simulator.ReplicationAsyncPrimary)
	explicit.ReadConsistency = types.StringValue(simulator.ReadBoundedStaleness)
	explicit.StalenessBoundMs = types.Float64Value(250)
	explicit.ApplyTimeMs = types.Float64Value(0.5)
	explicit.PromotionDelayMs = types.Float64Value(5)
	quorum := null("orders", simulator.ReplicationSyncQuorum)
	quorum.Quorum = types.Int64Value(3)

	c := Simulation{
		ReplicaSets: []ReplicaSet{quorum, explicit, null("carts", simulator.ReplicationMultiLeader)},
		Scenarios: []ScenarioInput{{Name: types.StringValue("leader-down"), Faults: []FaultInput{
			{Type: types.StringValue(simulator.FaultRegionOutage), Region: types.StringValue("us-east-1"),
				AtS: types.Float64Value(30), DurationS: types.Float64Null()},
			{Type: types.StringValue(simulator.FaultRegionOutage), Region: types.StringValue("eu-west-1"),
				AtS: types.Float64Value(40), DurationS: types.Float64Value(10)},
		}}},
		Workload: &WorkloadInput{Keys: types.Int64Value(1000), ZipfS: types.Float64Value(0), Origins: []OriginInput{{
			Name: types.StringNull(), Location: types.StringValue("aws:us-east-1"), RPS: types.Float64Value(10),
			ReadRatio: types.Float64Value(0.9), ReplicaSet: types.StringValue("payments"),
		}}},
		SLA: &SLAInput{
			ReadLatencyP99Ms: types.Float64Value(50), WriteLatencyP99Ms: types.Float64Value(150),
			ReplicationLagP99Ms: types.Float64Value(500), RPOMs: types.Float64Value(0),
			StaleReadRatio: types.Float64Value(0.01), ConflictRatio: types.Float64Null(),
		},
	}
	got := c.ToModel(nil)
	wantSets := []simulator.ReplicaSet{
		{Name: "orders", Regions: []string{"us-east-1", "eu-west-1", "ap-northeast-1"}, Leader: "us-east-1",
			Replication: simulator.ReplicationSyncQuorum, ReadConsistency: simulator.ReadStrong, Quorum: 3,
			ApplyTimeMs: DefaultApplyTimeMs, ElectionTimeoutMs: DefaultElectionTimeoutMs},
		{Name: "payments", Regions: []string{"us-east-1", "eu-west-1", "ap-northeast-1"}, Leader: "us-east-1",
			Replication: simulator.ReplicationAsyncPrimary, ReadConsistency: simulator.ReadBoundedStaleness,
			StalenessBoundMs: 250, ApplyTimeMs: 0.5, PromotionDelayMs: 5},
		{Name: "carts", Regions: []string{"us-east-1", "eu-west-1", "ap-northeast-1"}, Leader: "us-east-1",
			Replication: simulator.ReplicationMultiLeader, ReadConsistency: simulator.ReadStrong,
			ApplyTimeMs: DefaultApplyTimeMs, ConflictResolution: simulator.ConflictLWW},
	}
	if !reflect.DeepEqual(got.ReplicaSets, wantSets) {
		t.Errorf("replica sets\n got %+v\nwant %+v", got.ReplicaSets, wantSets)
	}
	wantScenarios := []simulator.Scenario{{Name: "leader-down", Faults: []simulator.Fault{
		{Type: simulator.FaultRegionOutage, Region: "us-east-1", AtS: 30},
		{Type: simulator.FaultRegionOutage, Region: "eu-west-1", AtS: 40, DurationS: 10},
	}}}
	if !reflect.DeepEqual(got.Scenarios, wantScenarios) {
		t.Errorf("scenarios\n got %+v\nwant %+v", got.Scenarios, wantScenarios)
	}
	if got.Workload.Keys != 1000 || got.Workload.ZipfS == nil || *got.Workload.ZipfS != 0 || got.Workload.Origins[0].ReplicaSet != "payments" {
		t.Errorf("workload = %+v", got.Workload)
	}
	wantSLA := simulator.SLA{ReadLatencyP99Ms: ptr(50), WriteLatencyP99Ms: ptr(150), ReplicationLagP99Ms: ptr(500),
		RPOMs: ptr(0), StaleReadRatio: ptr(0.01)}
	if !reflect.DeepEqual(got.SLA, wantSLA) {
		t.Errorf("sla\n got %+v\nwant %+v", got.SLA, wantSLA)
	}

	// Null keys and zipf_s are left to the simulator's defaults.
	c.Workload.Keys, c.Workload.ZipfS = types.Int64Null(), types.Float64Null()
	if m := c.ToModel(nil); m.Workload.Keys != 0 || m.Workload.ZipfS != nil {
		t.Errorf("null keys/zipf_s must map to unset, got %d, %v", m.Workload.Keys, m.Workload.ZipfS)
	}
}

// TestSimulationOutputs_replicaSets writes a report with replica sets
// through the schema and reads figures back.
func TestSimulationOutputs_replicaSets(t *testing.T) {
	ctx := context.Background()
	s := SimulationSchema()
	e := func(m float64) simulator.Estimate { return simulator.Estimate{Mean: m, Low: m - 1, High: m + 1} }
	r := testReport()
	sc := &r.Scenarios[0]
	sc.WriteLatency = simulator.Latency{P99: e(95)}
	sc.WriteAvailability, sc.LostWrites, sc.RPOMs, sc.StaleReadRatio = e(0.95), e(12), e(840), e(0.02)
	sc.ReplicaSets = []simulator.ReplicaSetResult{{
		Name: "orders", Replication: simulator.ReplicationAsyncPrimary, CommitLatency: simulator.Latency{P99: e(2)},
		Followers:  []simulator.FollowerResult{{Region: "eu-west-1", LagP99: e(45), LagMax: e(math.NaN())}},
		LostWrites: e(12), RPOMs: e(840), Failovers: e(1), WriteUnavailableS: e(30),
	}}
	m := Simulation{Regions: []Region{}, Workload: &WorkloadInput{}}
	m.SetResults(r)
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if diags := state.Set(ctx, &m); diags.HasError() {
		t.Fatalf("State.Set: %v", diags)
	}
	res := path.Root("results").AtListIndex(0)
	rs := res.AtName("replica_sets").AtListIndex(0)
	for _, tc := range []struct {
		p    path.Path
		want types.Float64
	}{
		{res.AtName("write_latency_ms").AtName("p99"), types.Float64Value(95)},
		{res.AtName("write_latency_ms_ci").AtName("p99").AtName("low"), types.Float64Value(94)},
		{res.AtName("write_availability"), types.Float64Value(0.95)},
		{res.AtName("lost_writes_ci").AtName("high"), types.Float64Value(13)},
		{res.AtName("rpo_ms"), types.Float64Value(840)},
		{res.AtName("stale_read_ratio"), types.Float64Value(0.02)},
		{rs.AtName("commit_latency_ms").AtName("p99"), types.Float64Value(2)},
		{rs.AtName("rpo_ms_ci").AtName("low"), types.Float64Value(839)},
		{rs.AtName("failovers"), types.Float64Value(1)},
		{rs.AtName("write_unavailable_s"), types.Float64Value(30)},
		{rs.AtName("followers").AtListIndex(0).AtName("lag_p99_ms"), types.Float64Value(45)},
		{rs.AtName("followers").AtListIndex(0).AtName("lag_max_ms"), types.Float64Null()},
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
	var name types.String
	state.GetAttribute(ctx, rs.AtName("replication"), &name)
	if name.ValueString() != simulator.ReplicationAsyncPrimary {
		t.Errorf("replication = %s", name)
	}
}

// testReplicaSetJSON is a topology_simulation as `terraform show -json`
// writes it, with a replica set, a scenario and an origin without
// read_ratio.
const testReplicaSetJSON = `{
  "regions": [{"name": "us-east-1", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 20}],
  "replica_sets": [{"name": "orders", "regions": ["us-east-1"], "leader": "us-east-1", "replication": "async_primary",
                    "read_consistency": "eventual", "promotion_delay_ms": 5000, "apply_time_ms": 1, "id": "orders"}],
  "scenarios": [{"name": "down", "faults": [{"type": "region_outage", "region": "us-east-1", "at_s": 5}]}],
  "workload": {"keys": 50, "origins": [{"location": "aws:us-east-1", "rps": 10, "replica_set": "orders"}]},
  "sla": {"rpo_ms": 0}
}`

// TestSimulationReplicaSetsFromJSON checks the CLI's path through the same
// schema and mapping: extra resource attributes (id) are dropped.
func TestSimulationReplicaSetsFromJSON(t *testing.T) {
	m, err := ModelFromSimulationJSON(context.Background(), []byte(testReplicaSetJSON), DefaultProviderSettings())
	if err != nil {
		t.Fatal(err)
	}
	want := []simulator.ReplicaSet{{Name: "orders", Regions: []string{"us-east-1"}, Leader: "us-east-1",
		Replication: simulator.ReplicationAsyncPrimary, ReadConsistency: simulator.ReadEventual, ApplyTimeMs: 1, PromotionDelayMs: 5000}}
	if !reflect.DeepEqual(m.ReplicaSets, want) {
		t.Errorf("replica sets\n got %+v\nwant %+v", m.ReplicaSets, want)
	}
	if len(m.Scenarios) != 1 || m.Scenarios[0].Faults[0].Region != "us-east-1" || m.Workload.Keys != 50 ||
		m.SLA.RPOMs == nil || *m.SLA.RPOMs != 0 || m.Workload.Origins[0].ReplicaSet != "orders" {
		t.Errorf("model = %+v", m)
	}
}
