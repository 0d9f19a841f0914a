package provider

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

func TestSimulationFindingPath(t *testing.T) {
	ctx := context.Background()
	s := simulationSchema()
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
		{"regions[1].capacity_rps", regions.AtListIndex(1), true},
		{"workload.origins[3].Bad Name", path.Root("workload").AtName("origins").AtListIndex(3), true},
		// Nothing to point at: reported without a path.
		{"run.max_simulated_requests", path.Empty(), false},
		{"run", path.Empty(), false},
		{"scenarios[0].faults[1].region", path.Empty(), false},
		{"", path.Empty(), false},
	} {
		got, ok := findingPath(ctx, s, tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("findingPath(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSimulationFindingDiagnostics(t *testing.T) {
	diags := findingDiagnostics(context.Background(), simulationSchema(), []simulator.Finding{
		{Severity: simulator.SeverityError, Path: "regions[1].instances", Summary: "Region overloaded", Detail: "rho = 1.2."},
		{Severity: simulator.SeverityWarning, Path: "sla.latency_p50_ms", Summary: "Tight target", Detail: "sla.latency_p50_ms is close."},
		{Severity: simulator.SeverityError, Path: "run.max_simulated_requests", Summary: "Too much work", Detail: "60000000 requests."},
		{Severity: "fatal", Path: "", Summary: "Strange", Detail: "?"},
	})
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
	full := simulationModel{
		Regions: []regionInput{
			{
				Name: types.StringValue("us-east-1"), Location: types.StringValue("aws:us-east-1"),
				Instances: types.Int64Value(10), Concurrency: types.Int64Value(8), ServiceTimeMs: types.Float64Value(20),
				ServiceTimeDistribution: types.StringValue("lognormal"), ServiceTimeP99OverP50: types.Float64Value(4),
				QueueLimit: types.Int64Value(100),
			},
			{
				// A literal object with every optional attribute left out.
				Name: types.StringValue("eu-west-1"), Location: types.StringValue("aws:eu-west-1"),
				Instances: types.Int64Value(4), Concurrency: types.Int64Null(), ServiceTimeMs: types.Float64Value(12.5),
				ServiceTimeDistribution: types.StringNull(), ServiceTimeP99OverP50: types.Float64Null(), QueueLimit: types.Int64Null(),
			},
		},
		Workload: &workloadInput{Origins: []originInput{
			{Name: types.StringValue("paris"), Location: types.StringValue("aws:eu-west-3"), RPS: types.Float64Value(300), ReadRatio: types.Float64Value(0)},
			{Name: types.StringNull(), Location: types.StringValue("geo:40.7,-74.0"), RPS: types.Float64Value(500), ReadRatio: types.Float64Null()},
		}},
		Network: &networkInput{JitterSigma: types.Float64Value(0)},
		SLA: &slaInput{
			LatencyP50Ms: types.Float64Null(), LatencyP95Ms: types.Float64Value(80), LatencyP99Ms: types.Float64Value(150),
			LatencyP999Ms: types.Float64Null(), Availability: types.Float64Value(0.999),
		},
		DurationS: types.Float64Value(300), WarmupS: types.Float64Value(0), Replications: types.Int64Value(10),
		Seed: types.Int64Value(0), Enforce: types.BoolNull(),
	}
	got := full.toModel(&providerSettings{DefaultSeed: 42, MaxSimulatedRequests: 1000000})
	simulator.ApplyDefaults(&got)
	want := simulator.Model{
		Regions: []simulator.Region{
			{Name: "us-east-1", Location: "aws:us-east-1", Instances: 10, Concurrency: 8, ServiceTimeMs: 20,
				ServiceTimeDistribution: "lognormal", ServiceTimeP99OverP50: 4, QueueLimit: 100},
			{Name: "eu-west-1", Location: "aws:eu-west-1", Instances: 4, Concurrency: simulator.DefaultConcurrency, ServiceTimeMs: 12.5,
				ServiceTimeDistribution: simulator.DistExponential},
		},
		Workload: simulator.Workload{Origins: []simulator.Origin{
			{Name: "paris", Location: "aws:eu-west-3", RPS: 300, ReadRatio: 0},
			{Name: "geo:40.7,-74.0", Location: "geo:40.7,-74.0", RPS: 500, ReadRatio: defaultReadRatio},
		}},
		Network: simulator.Network{JitterSigma: ptr(0)},
		SLA:     simulator.SLA{LatencyP95Ms: ptr(80), LatencyP99Ms: ptr(150), Availability: ptr(0.999)},
		// An explicit seed 0 and warm-up 0 are kept, not defaulted.
		Run: simulator.RunSettings{DurationS: 300, WarmupS: 0, Replications: 10, Seed: 0, MaxSimulatedRequests: 1000000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("toModel(full)\n got %+v\nwant %+v", got, want)
	}
	if !full.enforced() {
		t.Error("enforce left out must default to true")
	}

	// Every optional argument left out, provider not configured.
	minimal := simulationModel{
		Regions:  full.Regions[1:],
		Workload: &workloadInput{Origins: full.Workload.Origins[1:]},
		Enforce:  types.BoolValue(false),
	}
	got = minimal.toModel(nil)
	simulator.ApplyDefaults(&got)
	wantRun := simulator.RunSettings{
		DurationS: simulator.DefaultDurationS, WarmupS: defaultWarmupS, Replications: simulator.DefaultReplications,
		Seed: defaultSeed, MaxSimulatedRequests: simulator.DefaultMaxSimulatedRequests,
	}
	if got.Run != wantRun {
		t.Errorf("run settings = %+v, want %+v", got.Run, wantRun)
	}
	if got.SLA != (simulator.SLA{}) {
		t.Errorf("no sla must give no clause, got %+v", got.SLA)
	}
	if got.Network.JitterSigma == nil || *got.Network.JitterSigma != simulator.DefaultJitterSigma {
		t.Errorf("jitter_sigma left out must take the simulator's default, got %v", got.Network.JitterSigma)
	}
	if minimal.enforced() {
		t.Error("enforce = false must not enforce")
	}

	// The provider's default seed applies when the data source sets none.
	if m := minimal.toModel(&providerSettings{DefaultSeed: 42}); m.Run.Seed != 42 {
		t.Errorf("seed = %d, want the provider's default_seed 42", m.Run.Seed)
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
				{Name: "paris", Location: "aws:eu-west-3", ServedBy: "eu-west-1", Requests: 60000, Latency: lat, Availability: e(0.999), MinLatencyMs: 12.5},
				{Name: "lost", Location: "geo:0,0", ServedBy: "eu-west-1", Requests: 0,
					Latency:      simulator.Latency{Mean: e(math.NaN()), P50: e(math.NaN()), P95: e(math.Inf(1))},
					Availability: e(0)},
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
	s := simulationSchema()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m := simulationModel{Regions: []regionInput{}, Workload: &workloadInput{}}
	m.setOutputs(testReport())
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
	m.setOutputs(r)
	if m.SLAStatus.ValueString() != "none" || !m.SLAMet.ValueBool() || m.Results[0].SLA == nil {
		t.Errorf("without SLA: sla_status = %s, sla_met = %s, sla = %#v; want none, true, an empty list",
			m.SLAStatus, m.SLAMet, m.Results[0].SLA)
	}
}

func TestSimulationSLADiagnostics(t *testing.T) {
	r := testReport()
	check := func(enforce bool, want []diag.Severity) {
		t.Helper()
		diags := slaDiagnostics(r, enforce)
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
	if diags := slaDiagnostics(r, true); len(diags) != 0 {
		t.Errorf("a passing SLA gave diagnostics: %v", diags)
	}
}

// TestSimulationSchemaIsDocumented keeps every attribute described, and the
// schema valid, as the framework and the generated docs require.
func TestSimulationSchemaIsDocumented(t *testing.T) {
	ctx := context.Background()
	s := simulationSchema()
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
	availability := float64Within(0, 1, false, "Write availability as a fraction.")
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
	if d := float(float64Within(0, math.Inf(1), true, "fix"), types.Float64Value(-1)); len(d) != 1 ||
		d[0].Detail() != "sla.availability must be at least 0, got -1. fix" {
		t.Errorf("lower bound message = %v", d)
	}
	for _, skip := range []types.Float64{types.Float64Null(), types.Float64Unknown()} {
		if d := float(availability, skip); d.HasError() {
			t.Errorf("%s rejected: %v", skip, d)
		}
	}

	var iresp validator.Int64Response
	int64Within(2, 100, "Use 5.").ValidateInt64(ctx, validator.Int64Request{Path: path.Root("replications"), ConfigValue: types.Int64Value(1)}, &iresp)
	if want := "replications must be between 2 and 100, got 1. Use 5."; len(iresp.Diagnostics) != 1 || iresp.Diagnostics[0].Detail() != want {
		t.Errorf("replications message = %v, want %q", iresp.Diagnostics, want)
	}

	objType := map[string]attr.Type{"name": types.StringType, "rps": types.Float64Type}
	required := requiredAttributes(map[string]string{"name": "Name it.", "rps": "Set a rate."})
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
	listNotEmpty("Add one.").ValidateList(ctx, validator.ListRequest{Path: path.Root("regions"), ConfigValue: empty}, &lresp)
	if want := "regions is empty, but at least one element is needed. Add one."; len(lresp.Diagnostics) != 1 || lresp.Diagnostics[0].Detail() != want {
		t.Errorf("empty list message = %v, want %q", lresp.Diagnostics, want)
	}
}
