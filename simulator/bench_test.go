package simulator

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// mm1Model is an M/M/1 region at utilization 0.8 (service 1 ms, 800 rps)
// with a co-located origin, simulating about `requests` requests over two
// replications.
func mm1Model(requests float64) Model {
	const rps = 800
	duration := requests / rps / 2
	return Model{
		Regions:  []Region{{Name: "use1", Location: "aws:us-east-1", Instances: 1, ServiceTimeMs: 1}},
		Workload: Workload{Origins: []Origin{{Location: "aws:us-east-1", RPS: rps, ReadRatio: ptr(0)}}},
		Run: RunSettings{
			DurationS: ptr(duration), WarmupS: ptr(min(10, duration/10)), Replications: 2, Seed: ptrTo[uint64](1),
			Parallelism: 1, MaxSimulatedRequests: int64(2*requests) + 1_000_000,
		},
	}
}

// BenchmarkMM1Events measures the whole engine (arrivals, both network legs,
// the queue and every statistic) on one core: b.N is the number of events,
// so ns/op is the cost of one event and allocs/op the allocations per event.
// Setup and the per-replication summaries are included and amortise to
// nothing; allocs/event is also reported with more digits than allocs/op.
func BenchmarkMM1Events(b *testing.B) {
	// A request is four events: issue, arrival, departure, response.
	m := mm1Model(max(float64(b.N)/4, 10_000))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	_, tot, err := simulate(context.Background(), m)
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.ReadMemStats(&after)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(tot.events)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(tot.events), "allocs/event")
}

// BenchmarkMemory shows that memory does not grow with the number of
// requests simulated: it runs 10^6, 10^7 and 10^8 requests and reports the
// peak heap in use (sampled every 10 ms while the run goes) and the bytes
// allocated in total. Only the requests in flight, the event calendar, the
// bounded sketches and the per-second timeline live on the heap; the
// timeline grows with simulated seconds up to its cap of
// engine.MaxTimelinePoints, which the 10^7 run (6250 simulated seconds)
// reaches, so 10^7 and 10^8 requests take the same memory.
func BenchmarkMemory(b *testing.B) {
	for _, requests := range []float64{1e6, 1e7, 1e8} {
		b.Run(fmt.Sprintf("requests=%.0e", requests), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				var peak atomic.Uint64
				done := make(chan struct{})
				var wg sync.WaitGroup
				wg.Add(1)
				go func() {
					defer wg.Done()
					t := time.NewTicker(10 * time.Millisecond)
					defer t.Stop()
					var ms runtime.MemStats
					for {
						select {
						case <-done:
							return
						case <-t.C:
							runtime.ReadMemStats(&ms)
							if ms.HeapInuse > peak.Load() {
								peak.Store(ms.HeapInuse)
							}
						}
					}
				}()
				rep, err := Run(context.Background(), mm1Model(requests))
				close(done)
				wg.Wait()
				if err != nil {
					b.Fatal(err)
				}
				var end runtime.MemStats
				runtime.ReadMemStats(&end)
				b.ReportMetric(float64(rep.SimulatedRequests), "requests")
				b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-inuse-MiB")
				b.ReportMetric(float64(end.TotalAlloc-base.TotalAlloc)/(1<<20), "total-alloc-MiB")
			}
		})
	}
}

// BenchmarkRequestCost is the cost of one simulated request, all its events
// included, for the first slice's model (plain: an M/M/1 region, no data
// layer) and the same origin and region with a replica set over three
// regions (90 % eventual reads from the local replica, 10 % writes
// replicated to two followers), async_primary and sync_quorum, with a
// cache tier, and behind a routing policy. b.N is the
// number of requests; ns/request is the wall time per request on one core.
func BenchmarkRequestCost(b *testing.B) {
	withSet := func(mode string) func(float64) Model {
		return func(requests float64) Model {
			m := mm1Model(requests)
			m.Regions = append(m.Regions,
				Region{Name: "euw1", Location: "aws:eu-west-1", Instances: 1, ServiceTimeMs: 1},
				Region{Name: "apse1", Location: "aws:ap-southeast-1", Instances: 1, ServiceTimeMs: 1})
			m.ReplicaSets = []ReplicaSet{{Name: "db", Regions: []string{"use1", "euw1", "apse1"}, Replication: mode, ReadConsistency: ReadEventual, ApplyTimeMs: 0.5}}
			m.Workload.Origins[0].ReadRatio = ptr(0.9)
			return m
		}
	}
	for _, c := range []struct {
		name  string
		model func(float64) Model
	}{
		{"plain", mm1Model},
		{"replica_set_async", withSet(ReplicationAsyncPrimary)},
		{"replica_set_sync", withSet(ReplicationSyncQuorum)},
		{"routing_policy", func(requests float64) Model {
			// The plain model behind a latency routing policy with health
			// checks, a DNS TTL, a timeout, retries and a circuit breaker:
			// the routing layer's cost when nothing fails.
			m := mm1Model(requests)
			m.Regions = append(m.Regions, Region{Name: "use2", Location: "aws:us-east-2", Instances: 1, ServiceTimeMs: 1})
			m.RoutingPolicy = &RoutingPolicy{
				Strategy: StrategyLatency, HealthCheck: HealthCheck{IntervalS: 10, FailureThreshold: 3}, DNSTTLS: ptr(60),
				RequestTimeoutMs: 1000, Retry: RetryPolicy{MaxAttempts: 3}, CircuitBreaker: &CircuitBreaker{},
			}
			return m
		}},
		{"cache_tier", func(requests float64) Model {
			// The async set with an LRU cache of 10 % of the keys in the
			// origin's region, invalidated on every write.
			m := withSet(ReplicationAsyncPrimary)(requests)
			m.CacheTiers = []CacheTier{{Name: "hot", ReplicaSet: "db", Regions: []string{"use1"}, CapacityKeys: DefaultKeys / 10, WritePolicy: Invalidate, HitLatencyMs: 0.5}}
			return m
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := c.model(max(float64(b.N), 10_000))
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			rep, tot, err := simulate(context.Background(), m)
			elapsed := time.Since(start)
			b.StopTimer()
			runtime.ReadMemStats(&after)
			if err != nil {
				b.Fatal(err)
			}
			n := float64(rep.SimulatedRequests)
			b.ReportMetric(float64(elapsed.Nanoseconds())/n, "ns/request")
			b.ReportMetric(float64(tot.events)/n, "events/request")
			b.ReportMetric(float64(tot.events)/elapsed.Seconds(), "events/s")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(tot.events), "allocs/event")
		})
	}
}
