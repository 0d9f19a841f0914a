package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// richModel exercises every code path of the engine: three regions with
// each service shape, a queue limit that rejects, and origins near and far.
func richModel() Model {
	return Model{
		Regions: []Region{
			{Name: "use1", Location: "aws:us-east-1", Instances: 3, Concurrency: 2, ServiceTimeMs: 20},
			{Name: "euw1", Location: "aws:eu-west-1", Instances: 2, ServiceTimeMs: 15, ServiceTimeDistribution: DistLognormal, ServiceTimeP99OverP50: 4},
			{Name: "apse1", Location: "aws:ap-southeast-1", Instances: 1, ServiceTimeMs: 8, ServiceTimeDistribution: DistDeterministic, QueueLimit: 2},
		},
		Workload: Workload{Origins: []Origin{
			{Location: "aws:us-east-1", RPS: 200, ReadRatio: ptr(0)},
			{Location: "aws:eu-central-1", RPS: 100, ReadRatio: ptr(0)},
			{Name: "sydney", Location: "aws:ap-southeast-2", RPS: 110, ReadRatio: ptr(0)},
		}},
		SLA: SLA{LatencyP50Ms: ptr(150), LatencyP99Ms: ptr(400), Availability: ptr(0.99)},
		Run: RunSettings{DurationS: ptr(30), WarmupS: ptr(3), Replications: 6, Seed: ptrTo[uint64](11)},
	}
}

// TestDeterminism: the same model and seed give byte-identical JSON
// whatever the parallelism and GOMAXPROCS, for the plain model and for one
// with replica sets of every mode and fault scenarios.
func TestDeterminism(t *testing.T) {
	for name, model := range map[string]func() Model{"plain": richModel, "replica sets and scenarios": dataModel, "routing and every fault": routingModel} {
		t.Run(name, func(t *testing.T) { checkDeterminism(t, model) })
	}
}

func checkDeterminism(t *testing.T, model func() Model) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []byte
	for _, procs := range []int{1, 2} {
		for _, par := range []int{1, 2, 0} {
			runtime.GOMAXPROCS(procs)
			m := model()
			m.Run.Parallelism = par
			rep, err := Run(context.Background(), m)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = b
				continue
			}
			if !bytes.Equal(first, b) {
				t.Fatalf("report differs with GOMAXPROCS=%d parallelism=%d", procs, par)
			}
		}
	}
	m := model()
	m.Run.Seed = ptrTo(*m.Run.Seed + 1)
	rep, _ := Run(context.Background(), m)
	if b, _ := json.Marshal(rep); bytes.Equal(first, b) {
		t.Fatal("a different seed gave the same report")
	}
}

// TestReport checks the report's shape and the consistency of its figures.
func TestReport(t *testing.T) {
	m := richModel()
	before := richModel()
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, before) {
		t.Fatal("Run modified its argument")
	}
	if rep.SchemaVersion != ReportSchemaVersion || rep.Seed != 11 || rep.Replications != 6 || len(rep.Scenarios) != 1 {
		t.Fatalf("header: %+v", rep)
	}
	sc := rep.Scenarios[0]
	if sc.Name != BaselineScenario || len(sc.Origins) != 3 || len(sc.Regions) != 3 {
		t.Fatalf("scenario: %+v", sc)
	}
	// Routing: nearest region by RTT.
	for i, want := range []string{"use1", "euw1", "apse1"} {
		if sc.Origins[i].ServedBy != want {
			t.Errorf("origin %s served by %s, want %s", sc.Origins[i].Name, sc.Origins[i].ServedBy, want)
		}
	}
	if sc.Origins[0].Name != "aws:us-east-1" || sc.Origins[2].Name != "sydney" {
		t.Errorf("origin names: %s, %s", sc.Origins[0].Name, sc.Origins[2].Name)
	}
	var sum int64
	for _, o := range sc.Origins {
		sum += o.Requests
		if o.Latency.P50.Mean > o.Latency.P99.Mean || o.Latency.P99.Mean > o.Latency.P999.Mean {
			t.Errorf("origin %s quantiles out of order: %+v", o.Name, o.Latency)
		}
		if o.MinLatencyMs <= 0 || o.MinLatencyMs > o.Latency.P50.Mean {
			t.Errorf("origin %s min latency %v", o.Name, o.MinLatencyMs)
		}
	}
	if sum != sc.Requests || rep.SimulatedRequests <= sc.Requests {
		t.Errorf("requests: origins %d, scenario %d, simulated %d", sum, sc.Requests, rep.SimulatedRequests)
	}
	// The deterministic single-server region with 2 waiting places at rho
	// 0.88 rejects; the others do not.
	if r := sc.Regions[2].RejectedRatio.Mean; r <= 0 {
		t.Errorf("apse1 rejected ratio %v", r)
	}
	if r := sc.Regions[0].RejectedRatio; r.Mean != 0 || r.High != 0 {
		t.Errorf("use1 rejected %+v", r)
	}
	if a := sc.Availability; !(a.Mean < 1 && a.Low <= a.Mean && a.High <= 1) {
		t.Errorf("availability %+v", a)
	}
	if got := []string{sc.SLA[0].Clause, sc.SLA[1].Clause, sc.SLA[2].Clause}; !reflect.DeepEqual(got, []string{"latency_p50_ms", "latency_p99_ms", "availability"}) {
		t.Errorf("clauses %v", got)
	}
	// Logged for the reader: Sydney's requests cross to Singapore (93 ms
	// median RTT) and apse1 sheds load, so availability is below 0.99.
	for _, c := range sc.SLA {
		t.Logf("%-16s target %-6g observed %.4f [%.4f, %.4f] %s", c.Clause, c.Target, c.Observed, c.Low, c.High, c.Status)
	}
	if rep.SLAMet != (sc.SLA[0].Status == StatusPass && sc.SLA[1].Status == StatusPass && sc.SLA[2].Status == StatusPass) {
		t.Error("SLAMet is not the conjunction of the clauses")
	}
}

func TestRunRefusesInvalid(t *testing.T) {
	m := richModel()
	m.Run.Replications = 1
	rep, err := Run(context.Background(), m)
	var ce *CheckError
	if rep != nil || !errors.As(err, &ce) {
		t.Fatalf("Run = %v, %v; want a *CheckError", rep, err)
	}
	if _, ok := findingAt(ce.Findings, SeverityError, "run.replications"); !ok {
		t.Errorf("findings %+v", ce.Findings)
	}
	if msg := err.Error(); !bytes.Contains([]byte(msg), []byte("run.replications")) {
		t.Errorf("error text %q", msg)
	}
}

func TestRunCancel(t *testing.T) {
	m := richModel()
	m.Run.DurationS = ptr(100_000) // minutes of work
	m.Run.MaxSimulatedRequests = 1e10
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel once the run is under way. No deadline and no timing
	// assertion: if cancellation were not honoured the run would take
	// minutes and the test binary's -timeout would report it.
	timer := time.AfterFunc(50*time.Millisecond, cancel)
	defer timer.Stop()
	_, err := Run(ctx, m)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	//nolint:staticcheck // a nil context must not panic
	if _, err := Run(nil, Model{}); err == nil {
		t.Fatal("empty model accepted")
	}
}

func TestSLAStatus(t *testing.T) {
	e := Estimate{Mean: 100, Low: 90, High: 110}
	for _, c := range []struct {
		target       float64
		upper, lower string
	}{
		{120, StatusPass, StatusFail},
		{110, StatusPass, StatusMarginal},
		{100, StatusMarginal, StatusMarginal},
		{90, StatusMarginal, StatusPass},
		{80, StatusFail, StatusPass},
	} {
		if got := upperBound(c.target, e); got != c.upper {
			t.Errorf("latency target %v: %s, want %s", c.target, got, c.upper)
		}
		if got := lowerBound(c.target, e); got != c.lower {
			t.Errorf("availability target %v: %s, want %s", c.target, got, c.lower)
		}
	}
	// A replication without any successful request fails latency clauses.
	sc := ScenarioResult{Latency: Latency{P99: Estimate{Mean: 1, Low: 1, High: 1}}}
	nan := math.NaN()
	out := evaluateSLA(SLA{LatencyP99Ms: ptr(10)}, sc, []engine.Latency{{Mean: 1}, {Mean: nan}}, nil, nil)
	if len(out) != 1 || out[0].Status != StatusFail {
		t.Errorf("missing latency: %+v", out)
	}
}

// TestNoCensoring checks that requests in flight at the end of arrivals are
// drained, not dropped: with a slow region, every measured request is
// either served or rejected.
func TestNoCensoring(t *testing.T) {
	m := Model{
		Regions:  []Region{{Name: "r", Location: "aws:us-east-1", Instances: 1, ServiceTimeMs: 100}},
		Workload: Workload{Origins: []Origin{{Location: "aws:eu-west-1", RPS: 9, ReadRatio: ptr(0)}}},
		Run:      RunSettings{DurationS: ptr(20), WarmupS: ptr(0), Replications: 3, Seed: ptrTo[uint64](5)},
	}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if a := rep.Scenarios[0].Availability; a.Mean != 1 || a.Low != 1 {
		t.Fatalf("availability %+v: requests were lost at the end of the run", a)
	}
}

// routingModel has a weighted routing policy with timeouts, retries and a
// circuit breaker, a replica set behind it, and one scenario with every
// fault type of the routing layer.
func routingModel() Model {
	m := failoverModel(800, 1, 2, 300, 5, 4)
	m.Run.DurationS = ptr(30)
	m.RoutingPolicy.Strategy = StrategyWeighted
	m.RoutingPolicy.Weights = []RegionWeight{{Region: "near", Weight: 3}, {Region: "far", Weight: 1}}
	m.RoutingPolicy.RequestTimeoutMs = 200
	m.RoutingPolicy.Retry = RetryPolicy{MaxAttempts: 3, BackoffBaseMs: 20}
	m.RoutingPolicy.CircuitBreaker = &CircuitBreaker{FailureThreshold: 3, OpenS: 2}
	m.ReplicaSets = []ReplicaSet{{Name: "db", Regions: []string{"near", "far"}, Leader: "near", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual}}
	m.Workload.Keys = 1000
	m.Workload.Origins[0].ReadRatio = ptr(0.8)
	m.Workload.Origins = append(m.Workload.Origins, Origin{Name: "west", Location: "aws:us-west-2", RPS: 300, ReadRatio: ptr(0.9)})
	m.Scenarios = []Scenario{{Name: "everything", Faults: []Fault{
		{Type: FaultCapacityLoss, Region: "near", AtS: 8, DurationS: 5, Fraction: 0.7},
		{Type: FaultTrafficSurge, Origin: "west", AtS: 10, DurationS: 5, Multiplier: 3},
		{Type: FaultLatencySpike, Origin: "clients", Region: "far", AtS: 12, DurationS: 4, ExtraMs: 80},
		{Type: FaultPartition, Origin: "west", Region: "near", AtS: 15, DurationS: 5},
		{Type: FaultRegionOutage, Region: "far", AtS: 20, DurationS: 5},
		{Type: FaultLatencySpike, Region: "near", RegionB: "far", AtS: 5, DurationS: 5, ExtraMs: 40},
		{Type: FaultPartition, Region: "near", RegionB: "far", AtS: 14, DurationS: 3},
	}}}
	return m
}

// TestRunReturnsFindings: Run hands back Check's warnings with the report,
// the same as Check's, and they stay out of the JSON report.
func TestRunReturnsFindings(t *testing.T) {
	m := richModel()
	m.Regions[0].QueueLimit = 0
	want := Check(m)
	if len(want) == 0 || len(errorsOf(want)) > 0 {
		t.Fatalf("the model should draw warnings only: %+v", want)
	}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep.Findings, want) {
		t.Errorf("Run's findings %+v, Check's %+v", rep.Findings, want)
	}
	b, _ := json.Marshal(rep)
	if bytes.Contains(b, []byte(want[0].Summary)) {
		t.Error("findings leak into the JSON report")
	}
}
