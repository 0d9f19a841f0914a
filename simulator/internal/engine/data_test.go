package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/variate"
)

// dataConfig is one origin at rate lambda per ms, all writes, served by
// region 0, with a replica set over three regions in the given mode.
func dataConfig(mode Mode, lambda, applyMs float64) *Config {
	leg := variate.NewOneWay(2, 0.5, 0.2)
	n := 3
	set := ReplicaSet{
		Mode: mode, Read: ReadEventual, Regions: []int{0, 1, 2}, Leader: 0, Quorum: 2,
		ApplyMs: applyMs, FailoverMs: 500, Links: make([]variate.OneWay, n*n), RTT: make([]float64, n*n), Sigma: 0.2,
	}
	for i := range set.Links {
		set.Links[i] = variate.NewOneWay(40, 20, 0.2)
		set.RTT[i] = float64(i)
	}
	return &Config{
		Regions: []Region{
			{Servers: 4, Service: variate.NewDeterministic(0.1)},
			{Servers: 4, Service: variate.NewDeterministic(0.1)},
			{Servers: 4, Service: variate.NewDeterministic(0.1)},
		},
		Origins: []Origin{{RatePerMs: lambda, Region: 0, Request: leg, Response: leg, ReadRatio: 0.5, Set: 0, Local: 0,
			Data: []variate.OneWay{variate.NewOneWay(1, 0.1, 0.2), variate.NewOneWay(40, 20, 0.2), variate.NewOneWay(60, 30, 0.2)}}},
		DurationMs: 20_000,
		WarmupMs:   1_000,
		Seed:       42,
		Keys:       NewKeySampler(100, 0.99),
		Sets:       []ReplicaSet{set},
	}
}

// TestReplicationBacklog: a replica set whose write rate is twice its apply
// rate (which Check refuses) stops with ErrReplicationBacklog instead of
// exhausting memory or hanging.
func TestReplicationBacklog(t *testing.T) {
	for _, mode := range []Mode{AsyncPrimary, SyncQuorum, MultiLeader} {
		cfg := dataConfig(mode, 4, 1) // 2 writes per ms against 1 applied
		cfg.DurationMs = 1e6
		_, err := New(cfg).Run(context.Background(), 0)
		if !errors.Is(err, ErrReplicationBacklog) {
			t.Errorf("mode %d: err = %v, want ErrReplicationBacklog", mode, err)
		}
	}
}

// TestDataReuse: with replica sets and an outage of the leader's region, a
// replication's result does not depend on what the Sim ran before.
func TestDataReuse(t *testing.T) {
	for _, mode := range []Mode{AsyncPrimary, SyncQuorum, MultiLeader} {
		cfg := dataConfig(mode, 0.2, 0.5)
		cfg.Outages = [][]Interval{{{Start: 5000, End: 9000}}, nil, nil}
		cfg.Transitions = []Transition{{At: 5000, Region: 0, Down: true}, {At: 9000, Region: 0}}
		fresh, err := New(cfg).Run(context.Background(), 3)
		if err != nil {
			t.Fatal(err)
		}
		sim := New(cfg)
		if _, err := sim.Run(context.Background(), 0); err != nil {
			t.Fatal(err)
		}
		again, err := sim.Run(context.Background(), 3)
		if err != nil {
			t.Fatal(err)
		}
		// NaN != NaN: compare through a NaN-free rendering.
		if scrub(fresh) != scrub(again) {
			t.Errorf("mode %d: replication 3 differs after replication 0", mode)
		}
		s := fresh.Sets[0]
		if mode != MultiLeader && s.Failovers != 1 {
			t.Errorf("mode %d: %d failovers, want 1", mode, s.Failovers)
		}
		if mode == SyncQuorum && s.LostWrites != 0 {
			t.Errorf("sync_quorum lost %d writes", s.LostWrites)
		}
		if fresh.WritesOK >= fresh.Writes || fresh.Writes == 0 {
			t.Errorf("mode %d: %d of %d writes succeeded through a leader outage", mode, fresh.WritesOK, fresh.Writes)
		}
	}
}

// scrub renders a result as text, where NaN equals NaN (reflect.DeepEqual
// would call two identical results with a NaN different).
func scrub(r *Result) string { return fmt.Sprintf("%+v", *r) }
