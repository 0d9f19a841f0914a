package simulator

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func ptr(v float64) *float64 { return &v }

// validModel is a small two-region model that passes Check.
func validModel() Model {
	return Model{
		Regions: []Region{
			{Name: "use1", Location: "aws:us-east-1", Instances: 4, Concurrency: 2, ServiceTimeMs: 10},
			{Name: "euw1", Location: "aws:eu-west-1", Instances: 4, ServiceTimeMs: 10, ServiceTimeDistribution: DistLognormal},
		},
		Workload: Workload{Origins: []Origin{
			{Location: "aws:us-east-1", RPS: 300, ReadRatio: ptr(0.9)},
			{Name: "europe", Location: "aws:eu-west-1", RPS: 100, ReadRatio: ptr(0)},
		}},
		SLA: SLA{LatencyP99Ms: ptr(250), Availability: ptr(0.999)},
		Run: RunSettings{DurationS: ptr(20), WarmupS: ptr(2), Replications: 3, Seed: ptrTo[uint64](7)},
	}
}

func errorsOf(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == SeverityError {
			out = append(out, f)
		}
	}
	return out
}

// findingAt returns the first finding with the path and severity.
func findingAt(fs []Finding, severity, path string) (Finding, bool) {
	for _, f := range fs {
		if f.Severity == severity && f.Path == path {
			return f, true
		}
	}
	return Finding{}, false
}

func TestCheckValid(t *testing.T) {
	m := validModel()
	before := validModel()
	if errs := errorsOf(Check(m)); len(errs) > 0 {
		t.Fatalf("valid model has errors: %+v", errs)
	}
	if !reflect.DeepEqual(m, before) {
		t.Fatal("Check modified its argument")
	}
}

// TestCheckStructure breaks one thing at a time and expects an error at its
// path whose text carries the offending value.
func TestCheckStructure(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Model)
		path   string
		says   string
	}{
		{"no regions", func(m *Model) { m.Regions = nil }, "regions", "is empty"},
		{"no origins", func(m *Model) { m.Workload.Origins = nil }, "workload.origins", "is empty"},
		{"empty name", func(m *Model) { m.Regions[1].Name = "" }, "regions[1].name", "empty"},
		{"bad name", func(m *Model) { m.Regions[1].Name = "EU West" }, "regions[1].name", `"eu-west"`},
		{"duplicate name", func(m *Model) { m.Regions[1].Name = "use1" }, "regions[1].name", "regions[0]"},
		{"bad location", func(m *Model) { m.Regions[1].Location = "aws:mars-1" }, "regions[1].location", "mars-1"},
		{"bad coordinates", func(m *Model) { m.Regions[0].Location = "geo:91,0" }, "regions[0].location", "latitude"},
		{"zero instances", func(m *Model) { m.Regions[0].Instances = 0 }, "regions[0].instances", "got 0"},
		{"too many instances", func(m *Model) { m.Regions[0].Instances = MaxInstances + 1 }, "regions[0].instances", "1000001"},
		{"negative concurrency", func(m *Model) { m.Regions[0].Concurrency = -2 }, "regions[0].concurrency", "-2"},
		{"zero service time", func(m *Model) { m.Regions[0].ServiceTimeMs = 0 }, "regions[0].service_time_ms", "got 0"},
		{"NaN service time", func(m *Model) { m.Regions[0].ServiceTimeMs = math.NaN() }, "regions[0].service_time_ms", "NaN"},
		{"unknown distribution", func(m *Model) { m.Regions[0].ServiceTimeDistribution = "pareto" }, "regions[0].service_time_distribution", "pareto"},
		{"lognormal ratio 1", func(m *Model) { m.Regions[1].ServiceTimeP99OverP50 = 1 }, "regions[1].service_time_p99_over_p50", "got 1"},
		{"negative queue", func(m *Model) { m.Regions[0].QueueLimit = -1 }, "regions[0].queue_limit", "-1"},
		{"bad origin location", func(m *Model) { m.Workload.Origins[0].Location = "nowhere" }, "workload.origins[0].location", "nowhere"},
		{"negative rps", func(m *Model) { m.Workload.Origins[0].RPS = -5 }, "workload.origins[0].rps", "-5"},
		{"infinite rps", func(m *Model) { m.Workload.Origins[0].RPS = math.Inf(1) }, "workload.origins[0].rps", "+Inf"},
		{"read ratio", func(m *Model) { m.Workload.Origins[0].ReadRatio = ptr(1.5) }, "workload.origins[0].read_ratio", "1.5"},
		{"duplicate origin", func(m *Model) { m.Workload.Origins[1].Name = "aws:us-east-1" }, "workload.origins[1].name", "workload.origins[0]"},
		{"all rps zero", func(m *Model) { m.Workload.Origins[0].RPS = 0; m.Workload.Origins[1].RPS = 0 }, "workload.origins", "rps = 0"},
		{"negative jitter", func(m *Model) { m.Network.JitterSigma = ptr(-0.1) }, "network.jitter_sigma", "-0.1"},
		{"zero latency target", func(m *Model) { m.SLA.LatencyP95Ms = ptr(0) }, "sla.latency_p95_ms", "got 0"},
		{"availability as percent", func(m *Model) { m.SLA.Availability = ptr(99.9) }, "sla.availability", "0.999"},
		{"zero duration", func(m *Model) { m.Run.DurationS = ptr(-1) }, "run.duration_s", "-1"},
		{"duration below warmup", func(m *Model) { m.Run.WarmupS = ptr(30) }, "run.duration_s", "30"},
		{"negative warmup", func(m *Model) { m.Run.WarmupS = ptr(-1) }, "run.warmup_s", "-1"},
		{"one replication", func(m *Model) { m.Run.Replications = 1 }, "run.replications", "got 1"},
		{"negative budget", func(m *Model) { m.Run.MaxSimulatedRequests = -1 }, "run.max_simulated_requests", "-1"},
		{"negative parallelism", func(m *Model) { m.Run.Parallelism = -1 }, "run.parallelism", "-1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := validModel()
			c.mutate(&m)
			fs := Check(m)
			f, ok := findingAt(fs, SeverityError, c.path)
			if !ok {
				t.Fatalf("no error at %s; findings: %+v", c.path, fs)
			}
			if text := f.Summary + " " + f.Detail; !strings.Contains(text, c.says) {
				t.Errorf("finding does not mention %q: %s", c.says, text)
			}
			if f.Detail == "" || f.Summary == "" {
				t.Errorf("finding without summary or detail: %+v", f)
			}
		})
	}
}

func TestCheckOverload(t *testing.T) {
	m := validModel()
	// Capacity 2 x 1 x 1000 / 1 ms = 2000 rps against 2400 rps.
	m.Regions = []Region{{Name: "use1", Location: "aws:us-east-1", Instances: 2, ServiceTimeMs: 1}}
	m.Workload.Origins = []Origin{{Location: "aws:us-east-1", RPS: 2400, ReadRatio: ptr(0)}}
	f, ok := findingAt(Check(m), SeverityError, "regions[0].instances")
	want := "region use1 is overloaded: offered 2400 rps against capacity 2000 rps (utilization 1.20); add instances, or set queue_limit to simulate admission control"
	if !ok || f.Summary != want {
		t.Fatalf("overload finding = %+v\nwant summary %q", f, want)
	}
	if !strings.Contains(f.Detail, "at least 3") {
		t.Errorf("detail does not give the instances needed: %s", f.Detail)
	}
	if _, ok := findingAt(Check(m), SeverityError, "regions"); !ok {
		t.Error("total capacity below load with an unbounded queue must be an error")
	}
	// With a queue limit the overload is simulatable: warnings only.
	m.Regions[0].QueueLimit = 50
	fs := Check(m)
	if errs := errorsOf(fs); len(errs) > 0 {
		t.Fatalf("overload with a queue limit must simulate; errors: %+v", errs)
	}
	if w, ok := findingAt(fs, SeverityWarning, "regions[0].instances"); !ok || !strings.Contains(w.Detail, "16.7 %") {
		t.Errorf("expected a warning with the shed fraction, got %+v", w)
	}
}

func TestCheckHeavyTraffic(t *testing.T) {
	m := validModel()
	m.Regions = m.Regions[:1]
	m.Regions[0].Instances, m.Regions[0].Concurrency = 1, 1
	m.Workload.Origins = []Origin{{Location: "aws:us-east-1", RPS: 97, ReadRatio: ptr(0)}} // rho 0.97
	fs := Check(m)
	if len(errorsOf(fs)) > 0 {
		t.Fatalf("unexpected errors %+v", fs)
	}
	if _, ok := findingAt(fs, SeverityWarning, "regions[0].instances"); !ok {
		t.Error("utilization 0.97 must warn")
	}
}

func TestCheckBudget(t *testing.T) {
	m := validModel()
	m.Workload.Origins[0].RPS = 1_000_000
	m.Regions[0].Instances = 20_000 // carry the load
	m.Run = RunSettings{DurationS: ptr(300), WarmupS: ptr(0), Replications: 5, Seed: ptrTo[uint64](0)}
	f, ok := findingAt(Check(m), SeverityError, "run.duration_s")
	if !ok {
		t.Fatal("expected a budget error")
	}
	for _, s := range []string{"1,500,150,000", "50,000,000", "max_simulated_requests", "replications", "duration_s"} {
		if !strings.Contains(f.Summary+f.Detail, s) {
			t.Errorf("budget finding does not mention %q: %s / %s", s, f.Summary, f.Detail)
		}
	}
	m.Run.MaxSimulatedRequests = 2_000_000_000
	if _, ok := findingAt(Check(m), SeverityError, "run.duration_s"); ok {
		t.Error("raising the budget must lift the error")
	}
}

// TestCheckFiberFloor covers the pooled-quantile semantics: an origin that
// cannot meet a target dooms the q-quantile only when it (with any other
// such origin) carries more than 1-q of the traffic.
func TestCheckFiberFloor(t *testing.T) {
	m := validModel()
	m.Regions = []Region{{Name: "use1", Location: "aws:us-east-1", Instances: 10, ServiceTimeMs: 10}}
	m.Workload.Origins = []Origin{
		{Location: "aws:us-east-1", RPS: 700, ReadRatio: ptr(0)},
		{Location: "aws:ap-southeast-2", RPS: 300, ReadRatio: ptr(0)}, // Sydney: 30 % of traffic
	}
	m.SLA = SLA{LatencyP50Ms: ptr(40), LatencyP99Ms: ptr(100)}
	fs := Check(m)
	p99, ok := findingAt(fs, SeverityError, "sla.latency_p99_ms")
	if !ok {
		t.Fatalf("p99 below Sydney's floor with 30 %% of traffic must be an error: %+v", fs)
	}
	want := "sla.latency_p99_ms = 100 ms is below the physical floor: origin aws:ap-southeast-2 is at least 153.7 ms round trip (fiber floor) from every region; raise the target or add a region nearer the origin"
	if p99.Summary != want {
		t.Errorf("summary\n got %q\nwant %q", p99.Summary, want)
	}
	if !strings.Contains(p99.Detail, "use1") || !strings.Contains(p99.Detail, "30.0 %") {
		t.Errorf("detail lacks the nearest region or the share: %s", p99.Detail)
	}
	// 30 % is below the 50 % a median allows to be slow: a warning.
	if _, ok := findingAt(fs, SeverityError, "sla.latency_p50_ms"); ok {
		t.Error("p50 must not be an error when the far origin has 30 % of traffic")
	}
	if _, ok := findingAt(fs, SeverityWarning, "sla.latency_p50_ms"); !ok {
		t.Error("p50 must warn about the far origin")
	}
	// A queue limit does not lift it (issue 10): rejections only remove
	// requests, so the clause could pass only by failing at least
	// 1 - 0.01 x 0.7 / (0.99 x 0.3) = 97.6 % of Sydney's requests.
	m.Regions[0].QueueLimit = 100
	limited := Check(m)
	if f, ok := findingAt(limited, SeverityError, "sla.latency_p99_ms"); !ok || f.Summary != want ||
		!strings.Contains(f.Detail, "97.6 %") {
		t.Errorf("a far origin whose region rejects must still make the same error, with the share that would have to fail: %+v", limited)
	}
	if _, ok := findingAt(limited, SeverityWarning, "sla.latency_p99_ms"); ok {
		t.Error("the p99 clause is an error, not a warning, with a queue limit")
	}
	m.Regions[0].QueueLimit = 0
	// A region near Sydney lifts both.
	m.Regions = append(m.Regions, Region{Name: "apse2", Location: "aws:ap-southeast-2", Instances: 10, ServiceTimeMs: 10})
	for _, f := range Check(m) {
		if strings.HasPrefix(f.Path, "sla.") {
			t.Errorf("unexpected finding with a region in Sydney: %+v", f)
		}
	}
}

func TestApplyDefaults(t *testing.T) {
	m := Model{
		Regions: []Region{
			{Name: "a", Location: "aws:us-east-1", Instances: 1, ServiceTimeMs: 1},
			{Name: "b", Location: "aws:us-east-1", Instances: 1, ServiceTimeMs: 1, ServiceTimeDistribution: DistLognormal},
			{Name: "c", Location: "aws:us-east-1", Instances: 1, Concurrency: 3, ServiceTimeMs: 1, ServiceTimeDistribution: DistDeterministic},
		},
		Workload: Workload{Origins: []Origin{{Location: "aws:us-east-1", RPS: 1}, {Name: "x", Location: "aws:us-east-1", RPS: 1}}},
	}
	ApplyDefaults(&m)
	ApplyDefaults(nil) // must not panic
	r := m.Regions
	if r[0].Concurrency != 1 || r[0].ServiceTimeDistribution != DistExponential || r[0].ServiceTimeP99OverP50 != 0 {
		t.Errorf("region a: %+v", r[0])
	}
	if r[1].ServiceTimeP99OverP50 != 3 {
		t.Errorf("lognormal ratio default: %+v", r[1])
	}
	if r[2].Concurrency != 3 || r[2].ServiceTimeDistribution != DistDeterministic {
		t.Errorf("explicit values changed: %+v", r[2])
	}
	if m.Workload.Origins[0].Name != "aws:us-east-1" || m.Workload.Origins[1].Name != "x" {
		t.Errorf("origin names: %+v", m.Workload.Origins)
	}
	if m.Network.JitterSigma == nil || *m.Network.JitterSigma != DefaultJitterSigma {
		t.Error("jitter default")
	}
	// The warm-up's default was 0 until issue 9 moved the provider's
	// defaults (warm-up 10 s, seed 1, read ratio 1) into the simulator.
	if m.Run.Replications != 0 || m.Run.MaxReplications != DefaultMaxReplications || *m.Run.Precision != DefaultPrecision || *m.Run.DurationS != 60 || *m.Run.WarmupS != DefaultWarmupS || *m.Run.Seed != DefaultSeed || m.Run.MaxSimulatedRequests != DefaultMaxSimulatedRequests {
		t.Errorf("run defaults: %+v", m.Run)
	}
	if *m.Workload.Origins[0].ReadRatio != DefaultReadRatio || r[0].Jurisdiction != "US" {
		t.Errorf("origin read ratio or region jurisdiction default: %+v, %+v", m.Workload.Origins[0], r[0])
	}
	zero := 0.0
	m2 := Model{Network: Network{JitterSigma: &zero}}
	ApplyDefaults(&m2)
	if *m2.Network.JitterSigma != 0 {
		t.Error("explicit jitter 0 must stay 0")
	}
}
