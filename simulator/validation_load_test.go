package simulator

// Validation of load profiles (model_load.go): the arrivals of a diurnal
// profile against its rate function hour by hour, and the backlog a step
// load builds on a fixed region against the fluid derivation below.

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/multiregion/terraform-provider-topology/simulator/queueing"
)

// poissonQuantile is the smallest n with P(X <= n) >= p for X Poisson of
// mean lambda: gonum's CDF searched by bisection.
func poissonQuantile(lambda, p float64) float64 {
	d := distuv.Poisson{Lambda: lambda}
	lo, hi := 0.0, lambda+20*math.Sqrt(lambda)+20
	for hi-lo > 0.5 {
		mid := math.Floor((lo + hi) / 2)
		if d.CDF(mid) >= p {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi
}

// diurnalModel is one co-located origin of rps with a diurnal profile
// over hours simulated hours, on a region that is never busy, timed so
// that the timeline's steps tile every hour (150 steps of 24 s for a day).
func diurnalModel(rps float64, hours int, reps int) Model {
	duration := float64(hours) * 3600
	return Model{
		Regions: []Region{{Name: "r", Location: "aws:us-east-1", Instances: 100, ServiceTimeMs: 1}},
		Workload: Workload{
			StartHourUTC: 6,
			Origins: []Origin{{Location: "aws:us-east-1", RPS: rps, ReadRatio: ptr(0),
				LoadProfile: &LoadProfile{Diurnal: &DiurnalLoad{PeakMultiplier: 3, TroughMultiplier: 0.25, PeakHourUTC: 14.5}}}},
		},
		Run: RunSettings{DurationS: ptr(duration), WarmupS: ptr(0), Replications: reps, Seed: ptrTo[uint64](7),
			MaxSimulatedRequests: int64(rps*3*duration*float64(reps)) + 1000},
	}
}

// checkHourlyArrivals runs m and checks every simulated hour's arrivals,
// summed over the replications, against the Poisson law of mean reps x
// the rate's integral over the hour. The interval is two-sided with a
// family-wise error of 0.1 %: Bonferroni over the hours, 0.001 / hours
// per hour, split between the tails, so a correct engine fails the test
// with probability at most 0.1 % (and a fixed seed makes it repeatable).
func checkHourlyArrivals(t *testing.T, m Model) {
	t.Helper()
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	tl := rep.Scenarios[0].Timeline
	hours := int(*m.Run.DurationS / 3600)
	reps := float64(m.Run.Replications)
	o := m.Workload.Origins[0]
	alpha := 0.001 / float64(hours)
	counts := make([]float64, hours)
	offered := make([]float64, hours)
	for _, pt := range tl {
		h := int(pt.TimeS / 3600)
		counts[h] += pt.Requests * reps
		offered[h] += pt.OfferedRPS * pt.StepS
	}
	lowest, highest := math.Inf(1), 0.0
	for h := 0; h < hours; h++ {
		integral := o.RPS * o.LoadProfile.Integral(float64(h)*3600, float64(h+1)*3600, m.Workload.StartHourUTC)
		mean := reps * integral
		lo, hi := poissonQuantile(mean, alpha/2), poissonQuantile(mean, 1-alpha/2)
		n := math.Round(counts[h])
		ok := n >= lo && n <= hi
		t.Logf("hour %2d (UTC %5.2f): %8.0f arrivals, expected %10.1f, interval [%.0f, %.0f] %v", h,
			math.Mod(m.Workload.StartHourUTC+float64(h), 24), n, mean, lo, hi, ok)
		if !ok {
			t.Errorf("hour %d: %.0f arrivals over %g replications, outside the %.4g%% Poisson interval [%.0f, %.0f] around the rate's integral %.1f",
				h, n, reps, 100*(1-alpha), lo, hi, mean)
		}
		// The timeline's offered load is the same integral.
		if math.Abs(offered[h]-integral) > 1e-6*integral {
			t.Errorf("hour %d: the timeline offers %.6g requests, the rate function %.6g", h, offered[h], integral)
		}
		lowest, highest = min(lowest, integral), max(highest, integral)
	}
	// The test can tell a flat rate from the profile: the hours differ by
	// far more than their intervals.
	if highest < 4*lowest {
		t.Errorf("the hourly integrals range over [%.0f, %.0f] only: the profile is not exercised", lowest, highest)
	}
}

// TestValidationDiurnalArrivals: a day of a diurnal profile (trough 0.25,
// peak 3 at 14:30 UTC, clock from 06:00) at 0.5 rps base, two
// replications: every hour's arrivals within its Poisson interval.
func TestValidationDiurnalArrivals(t *testing.T) {
	checkHourlyArrivals(t, diurnalModel(0.5, 24, 2))
}

// TestValidationStepBacklog: a campaign that overloads a fixed M/M/4
// region. The region (c = 4, mean service 1/mu = 10 ms, capacity c mu =
// 400 rps) gets lambda1 = 200 rps for 30 s, a sudden step to lambda2 =
// 800 rps from 30 s to 60 s, then lambda3 = 50 rps to 90 s; the window
// measured is [30, 90].
//
// Derivation. Let N(t) be the number in the region. Its mean obeys
// dE[N]/dt = lambda(t) - mu E[min(N, c)], so while every server is busy
// it moves at exactly lambda(t) - c mu. At 30 s N is the stationary M/M/4
// at rho = 0.5, of mean L1 = a + C(4, a) rho / (1 - rho) with a = 2. After
// the step the drift is +400/s: the servers that were idle fill within a
// few milliseconds (about (c - L1) / 400 s), and the idle server-time of
// that transient removes at most about c x that x mu, under one request,
// from the fluid path. From 60 s the backlog of about 12 000 drains at
// c mu - lambda3 = 350/s, which takes 34 s > 30 s, so no server idles
// again (the standard deviation of N, sqrt((lambda + c mu) t), about 190,
// is far below the 1 500 still waiting at 90 s). So
//
//	E[N(t)] = L1 + 400 (t - 30)                for t in [30, 60]
//	E[N(t)] = L1 + 12 000 - 350 (t - 60)       for t in [60, 90]
//
// within one request, and its time average over [30, 90] is
// L1 + (400 x 30^2/2 + 12 000 x 30 - 350 x 30^2/2) / 60 = L1 + 6 375.
// The region's arrival rate over the window is (800 x 30 + 50 x 30) / 60
// = 425 rps exactly (an integral of the rate). Both are compared with the
// 99.9 % interval across 10 replications (agree); the one-request bias is
// below 0.02 % of the mean.
func TestValidationStepBacklog(t *testing.T) {
	const (
		c      = 4
		mu     = 0.1 // per ms
		l1, l2 = 200.0, 800.0
		l3     = 50.0
		reps   = 10
	)
	m := Model{
		Regions: []Region{{Name: "r", Location: "aws:us-east-1", Instances: c, ServiceTimeMs: 1 / mu}},
		Workload: Workload{Origins: []Origin{{Location: "aws:us-east-1", RPS: l1, ReadRatio: ptr(0),
			LoadProfile: &LoadProfile{Steps: []LoadStep{{AtS: 30, Multiplier: l2 / l1}, {AtS: 60, Multiplier: l3 / l1}}}}}},
		Run: RunSettings{DurationS: ptr(90), WarmupS: ptr(30), Replications: reps, Seed: ptrTo[uint64](3)},
	}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Scenarios[0].Regions[0]
	l1Mean := queueing.MMcMeanInSystem(l1/1000, mu, c)
	backlog := l1Mean + (400*30*30/2+12000*30-350*30*30/2)/60.0
	agree(t, "step: mean in system", r.MeanInSystem, backlog, 0, reps)
	agree(t, "step: arrival rate", r.ArrivalRate, (l2*30+l3*30)/60, 0, reps)
	// The check saw the peak: a warning, not an error.
	found := false
	for _, f := range Check(m) {
		if f.Severity == SeverityError {
			t.Errorf("unexpected error: %s", f.Summary)
		}
		found = found || f.Severity == SeverityWarning && f.Path == "regions[0].instances"
	}
	if !found {
		t.Error("no warning that the region is overloaded at its peak")
	}
}

// TestValidationSurgeFollowsProfile: a traffic surge multiplies the
// profiled rate, so the surge's stream is thinned with the profile too:
// each hour of a surged diurnal run is within the Poisson interval of the
// surged integral.
func TestValidationSurgeFollowsProfile(t *testing.T) {
	m := diurnalModel(0.25, 6, 2)
	m.Scenarios = []Scenario{{Name: "surge", Faults: []Fault{{Type: FaultTrafficSurge, Origin: "aws:us-east-1", Multiplier: 3, AtS: 7200, DurationS: 7200}}}}
	m.Run.MaxSimulatedRequests *= 4
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	o := m.Workload.Origins[0]
	alpha := 0.001 / 6
	counts := make([]float64, 6)
	for _, pt := range rep.Scenarios[1].Timeline {
		counts[int(pt.TimeS/3600)] += pt.Requests * 2
	}
	for h := 0; h < 6; h++ {
		k := 1.0
		if h == 2 || h == 3 {
			k = 3
		}
		mean := 2 * k * o.RPS * o.LoadProfile.Integral(float64(h)*3600, float64(h+1)*3600, m.Workload.StartHourUTC)
		lo, hi := poissonQuantile(mean, alpha/2), poissonQuantile(mean, 1-alpha/2)
		n := math.Round(counts[h])
		t.Logf("hour %d: %.0f arrivals, expected %.1f, interval [%.0f, %.0f]", h, n, mean, lo, hi)
		if n < lo || n > hi {
			t.Errorf("hour %d: %.0f arrivals outside [%.0f, %.0f] around %.1f", h, n, lo, hi, mean)
		}
	}
}

// TestValidationOperationsFollowProfile: each operation of a profiled
// origin is a stream of its own (operations.go), thinned with the
// origin's profile, so an operation's measured requests are Poisson of
// mean share x reps x the rate's integral over the measured window. A
// ramp from 1 to 4 over [20, 40] s then a hold to 60 s, measured from 10
// s: the integral is 100 x (10 + 50 + 80) = 14 000 per replication. Two
// operations, 0.1 % family-wise (Bonferroni over both).
func TestValidationOperationsFollowProfile(t *testing.T) {
	const reps = 4
	m := Model{
		Regions:     []Region{{Name: "use1", Location: "aws:us-east-1", Instances: 100, ServiceTimeMs: 1}},
		ReplicaSets: []ReplicaSet{{Name: "orders", Regions: []string{"use1"}, Leader: "use1", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadStrong, ApplyTimeMs: 0.01}},
		Workload: Workload{Origins: []Origin{{Name: "app", Location: "aws:us-east-1", RPS: 100,
			Operations:  []Operation{{Name: "get", Share: 0.8, Kind: OperationRead}, {Name: "put", Share: 0.2, Kind: OperationWrite}},
			LoadProfile: &LoadProfile{Steps: []LoadStep{{AtS: 20, Multiplier: 4, RampS: 20}}}}}},
		Run: RunSettings{DurationS: ptr(60), WarmupS: ptr(10), Replications: reps, Seed: ptrTo[uint64](11)},
	}
	rep, err := Run(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	o := m.Workload.Origins[0]
	integral := o.RPS * o.LoadProfile.Integral(10, 60, 0)
	if math.Abs(integral-14000) > 1e-6 {
		t.Fatalf("integral %g, want 14000", integral)
	}
	alpha := 0.001 / 2
	for i, op := range rep.Scenarios[0].Operations {
		mean := reps * o.Operations[i].Share * integral
		lo, hi := poissonQuantile(mean, alpha/2), poissonQuantile(mean, 1-alpha/2)
		n := float64(op.Requests)
		t.Logf("operation %s: %.0f measured requests, expected %.0f, interval [%.0f, %.0f]", op.Name, n, mean, lo, hi)
		if n < lo || n > hi {
			t.Errorf("operation %s: %.0f requests outside [%.0f, %.0f] around %.0f", op.Name, n, lo, hi, mean)
		}
	}
}
