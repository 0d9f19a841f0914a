package engine

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// mm1 is an M/M/1 region fed by one origin at rate lambda per ms, with
// network legs of 1 ms median and jitter.
func mm1(lambda float64, limit int) *Config {
	leg := variate.NewOneWay(2, 0.5, 0.2)
	return &Config{
		Regions:    []Region{{Servers: 1, QueueLimit: limit, Service: variate.NewExponential(1)}},
		Origins:    []Origin{{RatePerMs: lambda, Region: 0, Request: leg, Response: leg}},
		DurationMs: 20_000,
		WarmupMs:   1_000,
		Seed:       42,
	}
}

func TestInFlightBound(t *testing.T) {
	cfg := mm1(2, 0) // rho = 2 with an unbounded queue: grows forever
	cfg.MaxInFlight = 500
	_, err := New(cfg).Run(context.Background(), 0)
	if !errors.Is(err, ErrTooManyInFlight) {
		t.Fatalf("err = %v, want ErrTooManyInFlight", err)
	}
	// The same load with a queue limit stays bounded and completes.
	cfg = mm1(2, 10)
	cfg.MaxInFlight = 500
	res, err := New(cfg).Run(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Regions[0].RejectedRatio; !(r > 0.45 && r < 0.55) {
		t.Errorf("rejected ratio %.3f at rho 2, want about 0.5", r)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg := mm1(0.5, 0)
	if _, err := New(cfg).Run(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestReuse checks that a Sim's result for a replication does not depend on
// what it ran before: the worker pool relies on it.
func TestReuse(t *testing.T) {
	cfg := mm1(0.7, 0)
	fresh, err := New(cfg).Run(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	sim := New(cfg)
	for _, rep := range []int{0, 1} {
		if _, err := sim.Run(context.Background(), rep); err != nil {
			t.Fatal(err)
		}
	}
	reused, err := sim.Run(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fresh, reused) {
		t.Fatalf("reused Sim differs:\n%+v\n%+v", fresh, reused)
	}
	other, _ := New(cfg).Run(context.Background(), 4)
	if reflect.DeepEqual(fresh.Latency, other.Latency) {
		t.Fatal("different replications gave identical results")
	}
}

// TestConservation checks the bookkeeping: every measured request either
// succeeds or is rejected, and nothing is left in flight.
func TestConservation(t *testing.T) {
	cfg := mm1(1.5, 3)
	sim := New(cfg)
	res, err := sim.Run(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	o := res.Origins[0]
	if o.Measured == 0 || o.Succeeded == 0 || o.Succeeded >= o.Measured {
		t.Fatalf("measured %d succeeded %d", o.Measured, o.Succeeded)
	}
	if sim.cal.Len() != 0 {
		t.Fatal("events left in the calendar")
	}
	// Every slot must be back on the free list.
	free := 0
	for id := sim.free; id >= 0; id = sim.reqs[id].next {
		free++
	}
	if free != len(sim.reqs) {
		t.Fatalf("%d of %d slots free after the drain", free, len(sim.reqs))
	}
	g := sim.regions[0]
	if g.busy != 0 || g.queued != 0 {
		t.Fatalf("region not drained: busy %d queued %d", g.busy, g.queued)
	}
	if res.Latency.Min < 0.5 || math.IsNaN(res.Latency.P99) {
		t.Fatalf("latency %+v", res.Latency)
	}
}

// TestIdleOrigin checks that an origin with rate 0 is handled: no request,
// NaN (undefined) latency, no effect on the others.
func TestIdleOrigin(t *testing.T) {
	cfg := mm1(0.5, 0)
	cfg.Origins = append(cfg.Origins, Origin{RatePerMs: 0, Region: 0})
	res, err := New(cfg).Run(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Origins[1]; o.Measured != 0 || !math.IsNaN(o.Latency.Mean) {
		t.Fatalf("idle origin: %+v", o)
	}
}

// BenchmarkReplication is the engine alone on an M/M/1 at rho 0.8; ns/op
// is per event.
func BenchmarkReplication(b *testing.B) {
	cfg := mm1(0.8, 0)
	cfg.DurationMs = math.Max(float64(b.N)/4/0.8, 1000)
	cfg.WarmupMs = 0
	sim := New(cfg)
	b.ReportAllocs()
	b.ResetTimer()
	res, err := sim.Run(context.Background(), 0)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(res.Events)/b.Elapsed().Seconds(), "events/s")
}
