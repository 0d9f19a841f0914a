package simulator

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// byteSource hands out fuzz bytes, zeros once they run out.
type byteSource struct {
	data []byte
}

func (b *byteSource) next() byte {
	if len(b.data) == 0 {
		return 0
	}
	v := b.data[0]
	b.data = b.data[1:]
	return v
}

func (b *byteSource) pick(n int) int { return int(b.next()) % n }

// choose mostly picks an ordinary value and, one byte value in sixteen, an
// edge case, so that the fuzzer reaches both Check's errors and models
// valid enough to run.
func choose[T any](b *byteSource, ordinary, edge []T) T {
	v := int(b.next())
	if v%16 == 15 {
		return edge[(v/16)%len(edge)]
	}
	return ordinary[(v/16)%len(ordinary)]
}

// Value tables: ordinary values first, then edge cases (zero, negative,
// NaN, infinities, huge, unknown names).
var (
	fuzzNames         = []string{"a", "b", "c", "use1"}
	fuzzBadNames      = []string{"", "B c", "a"}
	fuzzLocations     = []string{"aws:us-east-1", "aws:eu-west-1", "aws:ap-southeast-2", "geo:0,0", "geo:-33.9,151.2", "gcp:europe-west1"}
	fuzzBadLocations  = []string{"geo:95,0", "aws:nope", "", "geo:1"}
	fuzzDists         = []string{"", DistExponential, DistLognormal, DistDeterministic}
	fuzzBadDists      = []string{"pareto", "Exponential"}
	fuzzService       = []float64{0.5, 1, 3, 10, 250}
	fuzzLognormal     = []float64{0, 1.5, 3, 50}
	fuzzBadFloats     = []float64{0, -1, math.NaN(), math.Inf(1), math.Inf(-1), 1e-300, 1e300}
	fuzzRates         = []float64{0, 0.5, 5, 50, 200, 1e3}
	fuzzBadRates      = []float64{-1, math.NaN(), math.Inf(1), 1e9}
	fuzzReadRatios    = []float64{0, 0.5, 1}
	fuzzBadReadRatios = []float64{-0.5, 1.5, math.NaN()}
	fuzzSLA           = []float64{1, 50, 250, 1000}
	fuzzAvailability  = []float64{0.5, 0.99, 0.999, 1}
	fuzzJitter        = []float64{0, 0.2, 1}
	fuzzDurations     = []float64{0, 0.5, 2, 5}
	fuzzWarmups       = []float64{0, 0.1, 0.4}
	fuzzBadDurations  = []float64{-1, math.NaN(), math.Inf(1), 1e12}
	fuzzCounts        = []int{0, 1, 2, 3}
	fuzzBadCounts     = []int{-1, -1000, 2_000_000}
	fuzzBudgets       = []int64{500, 20_000}
	fuzzBadBudgets    = []int64{-1, 1}
)

// fuzzModel decodes a small model from fuzz bytes. Budgets are kept small
// so that every accepted model runs in milliseconds.
func fuzzModel(data []byte) Model {
	b := &byteSource{data: data}
	var m Model
	for i, n := 0, choose(b, []int{1, 2, 3}, []int{0, 4}); i < n; i++ {
		m.Regions = append(m.Regions, Region{
			Name:                    choose(b, fuzzNames, fuzzBadNames),
			Location:                choose(b, fuzzLocations, fuzzBadLocations),
			Instances:               choose(b, []int{1, 2, 4}, fuzzBadCounts),
			Concurrency:             choose(b, fuzzCounts, fuzzBadCounts),
			ServiceTimeMs:           choose(b, fuzzService, fuzzBadFloats),
			ServiceTimeDistribution: choose(b, fuzzDists, fuzzBadDists),
			ServiceTimeP99OverP50:   choose(b, fuzzLognormal, fuzzBadFloats),
			QueueLimit:              choose(b, fuzzCounts, fuzzBadCounts),
		})
	}
	for i, n := 0, choose(b, []int{1, 2, 3}, []int{0, 4}); i < n; i++ {
		o := Origin{
			Location:  choose(b, fuzzLocations, fuzzBadLocations),
			RPS:       choose(b, fuzzRates, fuzzBadRates),
			ReadRatio: ptr(choose(b, fuzzReadRatios, fuzzBadReadRatios)),
		}
		if b.pick(2) == 1 {
			o.Name = choose(b, fuzzNames, fuzzBadNames)
		}
		m.Workload.Origins = append(m.Workload.Origins, o)
	}
	optional := func(ordinary []float64) *float64 {
		if b.pick(2) == 0 {
			return nil
		}
		return ptr(choose(b, ordinary, fuzzBadFloats))
	}
	m.Network.JitterSigma = optional(fuzzJitter)
	m.SLA = SLA{
		LatencyP50Ms: optional(fuzzSLA), LatencyP95Ms: optional(fuzzSLA), LatencyP99Ms: optional(fuzzSLA),
		LatencyP999Ms: optional(fuzzSLA), Availability: optional(fuzzAvailability),
	}
	m.Run = RunSettings{
		DurationS:            zeroUnset(choose(b, fuzzDurations, fuzzBadDurations)),
		WarmupS:              ptr(choose(b, fuzzWarmups, fuzzBadDurations)),
		Replications:         choose(b, []int{0, 2, 3}, []int{1, -1, 100_000}),
		Seed:                 ptrTo[uint64](uint64(b.next())),
		MaxSimulatedRequests: choose(b, fuzzBudgets, fuzzBadBudgets),
		Parallelism:          choose(b, []int{0, 1, 2}, []int{-1}),
	}
	// The data layer comes last, so that the bytes above decode to the
	// same regions, origins and settings as before it existed.
	for i, n := 0, choose(b, []int{0, 1, 2}, []int{3}); i < n; i++ {
		rs := ReplicaSet{
			Name:               choose(b, []string{"db", "cache", "db2"}, []string{"", "DB", "db"}),
			Leader:             choose(b, []string{"", "a", "b", "use1"}, []string{"zz"}),
			Replication:        choose(b, fuzzReplications, []string{"raft", "Sync_quorum"}),
			ReadConsistency:    choose(b, fuzzReads, []string{"linearizable"}),
			Quorum:             choose(b, []int{0, 0, 1, 2}, fuzzBadCounts),
			StalenessBoundMs:   choose(b, []float64{0, 0, 20, 500}, fuzzBadFloats),
			ApplyTimeMs:        choose(b, []float64{0, 0.2, 1, 5}, fuzzBadFloats),
			ElectionTimeoutMs:  choose(b, []float64{0, 0, 100, 2000}, fuzzBadFloats),
			PromotionDelayMs:   choose(b, []float64{0, 0, 200, 1000}, fuzzBadFloats),
			ConflictResolution: choose(b, []string{"", "", ConflictLWW, ConflictCRDT}, []string{"merge"}),
		}
		for j, k := 0, choose(b, []int{1, 2, 3}, []int{0, 4}); j < k; j++ {
			rs.Regions = append(rs.Regions, choose(b, fuzzNames, fuzzBadNames))
		}
		m.ReplicaSets = append(m.ReplicaSets, rs)
	}
	for i := range m.Workload.Origins {
		if b.pick(4) == 3 {
			m.Workload.Origins[i].ReplicaSet = choose(b, []string{"db", "cache"}, []string{"nope"})
		}
	}
	if b.pick(2) == 1 {
		m.Workload.Keys = choose(b, []int{1, 3, 1000}, []int{-1, 2_000_000})
		m.Workload.ZipfS = optional([]float64{0, 0.5, 0.99, 2})
	}
	m.SLA.ReadLatencyP99Ms = optional(fuzzSLA)
	m.SLA.WriteLatencyP99Ms = optional(fuzzSLA)
	m.SLA.ReplicationLagP99Ms = optional(fuzzSLA)
	m.SLA.RPOMs = optional([]float64{0, 10, 1000})
	m.SLA.StaleReadRatio = optional([]float64{0, 0.01, 0.5})
	m.SLA.ConflictRatio = optional([]float64{0, 0.01, 0.5})
	for i, n := 0, choose(b, []int{0, 1, 2}, []int{3}); i < n; i++ {
		sc := Scenario{Name: choose(b, []string{"s1", "s2", "leader-down"}, []string{"", BaselineScenario, "s1"})}
		for j, k := 0, choose(b, []int{1, 2}, []int{0, 3}); j < k; j++ {
			sc.Faults = append(sc.Faults, Fault{
				Type:      choose(b, []string{FaultRegionOutage}, []string{"meteor_strike", ""}),
				Region:    choose(b, fuzzNames, fuzzBadNames),
				AtS:       choose(b, []float64{0, 0.2, 0.5, 1}, fuzzBadFloats),
				DurationS: choose(b, []float64{0, 0.1, 0.5, 3}, fuzzBadFloats),
			})
		}
		m.Scenarios = append(m.Scenarios, sc)
	}
	// The cache layer comes after the data layer, for the same reason.
	for i, n := 0, choose(b, []int{0, 0, 1, 2}, []int{3}); i < n; i++ {
		t := CacheTier{
			Name:         choose(b, []string{"hot", "warm"}, []string{"", "Hot", "hot"}),
			ReplicaSet:   choose(b, []string{"", "db", "db2"}, []string{"nope"}),
			CapacityKeys: choose(b, []int{1, 2, 500}, []int{0, -1, 2_000_000}),
			TTLS:         choose(b, []float64{0, 0.1, 1, 60}, fuzzBadFloats),
			Eviction:     choose(b, []string{"", EvictLRU, EvictLFU}, []string{"random"}),
			HitLatencyMs: choose(b, []float64{0, 0.5, 5}, fuzzBadFloats),
			WritePolicy:  choose(b, []string{"", Invalidate, WriteThrough, TTLOnly}, []string{"write_back"}),
		}
		for j, k := 0, choose(b, []int{1, 2, 3}, []int{0, 4}); j < k; j++ {
			t.Regions = append(t.Regions, choose(b, fuzzNames, fuzzBadNames))
		}
		m.CacheTiers = append(m.CacheTiers, t)
	}
	if len(m.Scenarios) > 0 && b.pick(2) == 1 {
		sc := &m.Scenarios[b.pick(len(m.Scenarios))]
		sc.Faults = append(sc.Faults, Fault{
			Type:      FaultCacheFlush,
			Tier:      choose(b, []string{"hot", "warm"}, []string{"", "nope"}),
			Region:    choose(b, []string{"", "a", "b"}, fuzzBadNames),
			AtS:       choose(b, []float64{0, 0.2, 0.5, 1}, fuzzBadFloats),
			DurationS: choose(b, []float64{0, 0}, []float64{1}),
		})
	}
	// The routing layer comes last of all.
	if b.pick(3) > 0 {
		rp := &RoutingPolicy{
			Strategy: choose(b, []string{"", StrategyLatency, StrategyGeo, StrategyWeighted, StrategyFailover}, []string{"random"}),
			HealthCheck: HealthCheck{
				IntervalS:        choose(b, []float64{0, 0.5, 1, 2}, fuzzBadFloats),
				FailureThreshold: choose(b, []int{0, 1, 3}, fuzzBadCounts),
				TimeoutMs:        choose(b, []float64{0, 100, 400}, fuzzBadFloats),
			},
			DNSTTLS:          ptr(choose(b, []float64{0, 0.5, 2}, fuzzBadFloats)),
			RequestTimeoutMs: choose(b, []float64{0, 50, 300}, fuzzBadFloats),
			Retry: RetryPolicy{
				MaxAttempts:   choose(b, []int{0, 1, 3}, []int{-1, 11}),
				BackoffBaseMs: choose(b, []float64{0, 10, 50}, fuzzBadFloats),
				BackoffMaxMs:  choose(b, []float64{0, 100}, fuzzBadFloats),
			},
		}
		switch rp.Strategy {
		case StrategyGeo:
			rp.GeoRoutes = []GeoRoute{{Origin: choose(b, fuzzLocations, []string{"nope"}), Region: choose(b, fuzzNames, fuzzBadNames)}}
		case StrategyWeighted:
			for j, k := 0, choose(b, []int{1, 2}, []int{0}); j < k; j++ {
				rp.Weights = append(rp.Weights, RegionWeight{Region: choose(b, fuzzNames, fuzzBadNames), Weight: choose(b, []float64{0, 1, 3}, fuzzBadFloats)})
			}
		case StrategyFailover:
			for j, k := 0, choose(b, []int{1, 2}, []int{0}); j < k; j++ {
				rp.Failover = append(rp.Failover, choose(b, fuzzNames, fuzzBadNames))
			}
		}
		if b.pick(2) == 1 {
			rp.CircuitBreaker = &CircuitBreaker{FailureThreshold: choose(b, []int{0, 1, 5}, fuzzBadCounts), OpenS: choose(b, []float64{0, 0.5, 2}, fuzzBadFloats)}
		}
		m.RoutingPolicy = rp
		for i := range m.Regions {
			m.Regions[i].Jurisdiction = choose(b, []string{"", "US", "EU"}, []string{"??"})
		}
		if len(m.Workload.Origins) > 0 && b.pick(2) == 1 {
			m.Workload.Origins[0].AllowedJurisdictions = []string{choose(b, []string{"US", "EU"}, []string{""})}
		}
		m.SLA.RTOS = optional([]float64{0, 1, 30})
	}
	if len(m.Scenarios) > 0 && b.pick(2) == 1 {
		sc := &m.Scenarios[b.pick(len(m.Scenarios))]
		label := "aws:us-east-1"
		if len(m.Workload.Origins) > 0 {
			label = m.Workload.Origins[0].Label()
		}
		sc.Faults = append(sc.Faults, Fault{
			Type:       choose(b, []string{FaultCapacityLoss, FaultTrafficSurge, FaultLatencySpike, FaultPartition}, []string{"meteor_strike"}),
			Region:     choose(b, fuzzNames, fuzzBadNames),
			Origin:     choose(b, []string{label}, []string{"", "nope"}),
			RegionB:    choose(b, []string{"", "", "b"}, []string{"a", "zz"}),
			Fraction:   choose(b, []float64{0.3, 0.5, 1}, fuzzBadFloats),
			Multiplier: choose(b, []float64{1.5, 3}, fuzzBadFloats),
			ExtraMs:    choose(b, []float64{10, 200}, fuzzBadFloats),
			AtS:        choose(b, []float64{0, 0.2, 0.5, 1}, fuzzBadFloats),
			DurationS:  choose(b, []float64{0, 0.1, 0.5, 3}, fuzzBadFloats),
		})
	}
	// Sessions and read_your_writes come after everything, for the same
	// reason.
	for i := range m.ReplicaSets {
		if b.pick(3) == 2 {
			m.ReplicaSets[i].ReadConsistency = ReadYourWrites
		}
	}
	for i := range m.Workload.Origins {
		if b.pick(3) == 2 {
			m.Workload.Origins[i].Sessions = choose(b, []int{1, 2, 50}, []int{-1, MaxSessions + 1})
		}
	}
	// Autoscaling last, so that the inputs above decode as before.
	for i := range m.Regions {
		if b.pick(3) == 2 {
			m.Regions[i].Autoscaling = &Autoscaling{
				MinInstances:        choose(b, []int{1, 1, 2}, fuzzBadCounts),
				MaxInstances:        choose(b, []int{4, 8, 2}, fuzzBadCounts),
				Signal:              choose(b, AutoscalingSignals, []AutoscalingSignal{"cpu"}),
				Target:              choose(b, []float64{0.5, 0.8, 2}, fuzzBadFloats),
				EvaluationIntervalS: choose(b, []float64{0, 0.1, 0.3}, fuzzBadFloats),
				ScaleOutCooldownS:   choose(b, []float64{0, 0, 0.2}, fuzzBadFloats),
				ScaleInCooldownS:    choose(b, []float64{0, 0, 0.2}, fuzzBadFloats),
				WarmupS:             choose(b, []float64{0, 0.05, 0.2}, fuzzBadFloats),
				Tolerance:           optional([]float64{0, 0.1, 0.5}),
			}
		}
	}
	return m
}

var (
	fuzzReplications = []string{"", ReplicationSyncQuorum, ReplicationAsyncPrimary, ReplicationMultiLeader}
	fuzzReads        = []string{"", ReadStrong, ReadBoundedStaleness, ReadEventual}
)

// FuzzRun asserts that Check and Run never panic, that Run refuses exactly
// the models Check reports errors for, and that every report it returns is
// valid JSON with figures in range.
func FuzzRun(f *testing.F) {
	f.Add([]byte{})
	// Seed the corpus with a few inputs that decode to runnable models, so
	// that plain `go test` exercises Run's success path too.
	r := rand.New(rand.NewPCG(1, 1))
	var runnable [][]byte
	for found, tries := 0, 0; found < 8 && tries < 100_000; tries++ {
		data := make([]byte, 64)
		for i := range data {
			data[i] = byte(r.IntN(256))
		}
		if len(errorsOf(Check(fuzzModel(data)))) == 0 {
			f.Add(data)
			runnable = append(runnable, data)
			found++
		}
	}
	// And a few whose regions autoscale, so that the evaluation, warm-up
	// and drain events run too: a runnable input above with bytes
	// appended, which autoscaling (decoded last) reads.
	for found, tries := 0, 0; found < 3 && tries < 100_000 && len(runnable) > 0; tries++ {
		data := slices.Clone(runnable[tries%len(runnable)])
		for range 24 {
			data = append(data, byte(r.IntN(256)))
		}
		m := fuzzModel(data)
		if m.Regions[0].Autoscaling != nil && len(errorsOf(Check(m))) == 0 {
			f.Add(data)
			found++
		}
	}
	f.Add([]byte{1, 0, 0, 3, 2, 7, 1, 1, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 5, 3, 3, 1, 3})
	f.Add([]byte{2, 0, 0, 3, 2, 8, 2, 3, 0, 1, 1, 4, 1, 0, 9, 1, 0, 0, 1, 3, 0, 0, 0, 0, 1, 8, 1, 11, 5, 3, 3, 2, 3, 1})
	f.Add([]byte{3, 1, 2, 4, 3, 7, 3, 4, 2, 2, 3, 5, 3, 4, 1, 8, 1, 8, 5, 4, 5, 3, 2, 0, 6, 4, 4, 1, 2, 6, 1, 2, 0, 0, 1, 1, 1, 7, 0, 1, 10, 6, 4, 4, 3, 3, 3, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		m := fuzzModel(data)
		findings := Check(m)
		hasErrors := false
		for _, fd := range findings {
			if fd.Severity != SeverityError && fd.Severity != SeverityWarning {
				t.Fatalf("bad severity %+v", fd)
			}
			if fd.Path == "" || fd.Summary == "" || fd.Detail == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
			hasErrors = hasErrors || fd.Severity == SeverityError
		}
		// No deadline: the model's request budget (fuzzBudgets) bounds the
		// work, so what a run covers does not depend on the machine's speed.
		rep, err := Run(context.Background(), m)
		var ce *CheckError
		switch {
		case hasErrors:
			if rep != nil || !errors.As(err, &ce) {
				t.Fatalf("Run ran a model with errors: %v, %v (findings %+v)", rep, err, findings)
			}
			return
		case errors.As(err, &ce):
			t.Fatalf("Run refused a model Check accepts: %v", err)
		case err != nil:
			// Only the safety bound may stop a valid model.
			if !errors.Is(err, ErrTooManyInFlight) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatalf("report does not marshal: %v", err)
		}
		if len(rep.Scenarios) != 1+len(m.Scenarios) || rep.Scenarios[0].Name != BaselineScenario {
			t.Fatalf("%d scenarios in the report for %d declared", len(rep.Scenarios), len(m.Scenarios))
		}
		for _, sc := range rep.Scenarios {
			for _, e := range []Estimate{sc.Availability, sc.Latency.P99, sc.Latency.Mean, sc.WriteAvailability,
				sc.StaleReadRatio, sc.ReplicationLagP99, sc.LostWrites, sc.RPOMs, sc.ConflictRatio, sc.ReadLatency.P99} {
				if e.Low > e.Mean || e.Mean > e.High || e.Low < 0 {
					t.Fatalf("estimate out of order: %+v", e)
				}
			}
			ratios := []Estimate{sc.Availability, sc.WriteAvailability, sc.StaleReadRatio, sc.ConflictRatio, sc.CacheHitRatio}
			if r := sc.Routing; r != nil {
				ratios = append(ratios, r.TimedOutRatio)
				for _, e := range []Estimate{r.AttemptsPerRequest, r.GoodputRPS, r.BreakerOpens, r.RTOS} {
					if e.Low > e.Mean || e.Mean > e.High || e.Low < 0 {
						t.Fatalf("routing estimate out of order: %+v", e)
					}
				}
				if rp := m.RoutingPolicy; rp != nil && rp.Retry.MaxAttempts > 0 && r.AttemptsPerRequest.Mean > float64(rp.Retry.MaxAttempts)+1e-9 {
					t.Fatalf("%.3f attempts per request with at most %d", r.AttemptsPerRequest.Mean, m.RoutingPolicy.Retry.MaxAttempts)
				}
			}
			for _, ct := range sc.CacheTiers {
				for _, r := range ct.Regions {
					ratios = append(ratios, r.HitRatio, r.StaleHitRatio)
				}
			}
			for _, e := range ratios {
				if e.High > 1 {
					t.Fatalf("ratio above 1: %+v", e)
				}
			}
		}
	})
}

// zeroUnset maps 0, which the fuzzer's choices use for "not set", to nil.
func zeroUnset(v float64) *float64 {
	if v == 0 {
		return nil
	}
	return &v
}
