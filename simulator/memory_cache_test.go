package simulator

import (
	"context"
	"runtime"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// bigCacheModel is five regions, a replica set over all of them and a cache
// tier of 10^5 entries in each, over 10^6 keys: the size the issue asks to
// bound. One replication runs at a time.
func bigCacheModel(durationS float64) Model {
	codes := []string{"aws:us-east-1", "aws:eu-west-1", "aws:ap-northeast-1", "aws:us-west-2", "aws:sa-east-1"}
	m := Model{
		ReplicaSets: []ReplicaSet{{Name: "db", Leader: "r0", Replication: ReplicationAsyncPrimary, ReadConsistency: ReadEventual}},
		CacheTiers:  []CacheTier{{Name: "hot", ReplicaSet: "db", CapacityKeys: 100_000, TTLS: 60, WritePolicy: Invalidate, HitLatencyMs: 0.5}},
		Workload:    Workload{Keys: 1_000_000},
		Run:         RunSettings{DurationS: ptr(durationS), WarmupS: ptr(1), Replications: 2, Seed: ptrTo[uint64](1), Parallelism: 1},
	}
	for i, code := range codes {
		name := regionName(i)
		m.Regions = append(m.Regions, Region{Name: name, Location: code, Instances: 4, Concurrency: 8, ServiceTimeMs: 5})
		m.ReplicaSets[0].Regions = append(m.ReplicaSets[0].Regions, name)
		m.CacheTiers[0].Regions = append(m.CacheTiers[0].Regions, name)
		m.Workload.Origins = append(m.Workload.Origins, Origin{Location: code, RPS: 2000, ReadRatio: ptr(0.9)})
	}
	return m
}

// allocatedBy is the heap a run allocates in total, and its report.
func allocatedBy(t testing.TB, m Model) (uint64, *Report) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rep, err := Run(context.Background(), m)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	return after.TotalAlloc - before.TotalAlloc, rep
}

// TestCacheMemoryBounded: the report gives the per-key state of a 10^6-key
// cache in 5 regions, the run allocates about that (plus the Zipf table
// and its construction), and simulating 4x the requests allocates almost
// nothing more: memory is bounded by keys and capacities, not by requests.
// Allocation counts, not timings: they depend on the code, not on the
// machine's load.
func TestCacheMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates about 100 MiB")
	}
	short, rep := allocatedBy(t, bigCacheModel(5))
	long, repLong := allocatedBy(t, bigCacheModel(20))
	state := rep.StateBytes
	// 10^6 keys x 4 B x (1 + 5 replicas) for the set, and per region
	// 10^6 x 4 B of index plus 10^5 entries of the slot size.
	want := engine.SetBytes(1e6, 5, false) + 5*engine.CacheBytes(1e6, 1e5, false)
	if state != want {
		t.Errorf("StateBytes = %d, want %d", state, want)
	}
	// The Zipf table (8 B a key) and its construction (about 28 B a key,
	// freed once built) come once per run.
	sampler := engine.KeySamplerBytes(1e6, DefaultZipfS)
	bound := uint64(state) + uint64(sampler) + 28e6 + 16<<20
	t.Logf("10^6 keys, cache of 10^5 in 5 regions: state %s per replication; run of %d requests allocated %s, of %d requests %s (bound %s)",
		bytesText(state), rep.SimulatedRequests, bytesText(int64(short)), repLong.SimulatedRequests, bytesText(int64(long)), bytesText(int64(bound)))
	if short > bound || long > bound {
		t.Errorf("a run allocated %s and %s, above the bound %s: memory should be the per-key state plus a constant", bytesText(int64(short)), bytesText(int64(long)), bytesText(int64(bound)))
	}
	if grow := int64(long) - int64(short); grow > 2<<20 {
		t.Errorf("4x the requests allocated %s more: memory grows with requests simulated", bytesText(grow))
	}
}

// TestStateBytesBound: a model whose per-key state would not fit is refused
// before it runs, with the figure.
func TestStateBytesBound(t *testing.T) {
	m := bigCacheModel(5)
	m.CacheTiers[0].CapacityKeys = 1_000_000
	for i := 1; i < MaxCacheTiers && StateBytes(withDefaults(m)) <= MaxStateBytes; i++ {
		tier := m.CacheTiers[0]
		tier.Name = "hot" + regionName(i)
		tier.Regions = append([]string(nil), tier.Regions...)
		m.CacheTiers = append(m.CacheTiers, tier)
	}
	f, ok := findingAt(Check(m), SeverityError, "workload.keys")
	if !ok {
		t.Fatalf("no error at workload.keys for %s of state; findings: %v", bytesText(StateBytes(withDefaults(m))), Check(m))
	}
	t.Logf("%s: %s", f.Summary, f.Detail)
}

// BenchmarkCacheMemory reports the peak heap of the 10^6-key, 5-region
// cache model against its per-key state, at two run lengths.
func BenchmarkCacheMemory(b *testing.B) {
	for _, dur := range []float64{5, 50} {
		b.Run("duration="+num(dur)+"s", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				alloc, rep := allocatedBy(b, bigCacheModel(dur))
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ReportMetric(float64(rep.SimulatedRequests), "requests")
				b.ReportMetric(float64(rep.StateBytes)/(1<<20), "state-MiB")
				b.ReportMetric(float64(alloc)/(1<<20), "total-alloc-MiB")
			}
		})
	}
}
