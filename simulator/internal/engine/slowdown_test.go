package engine

import (
	"context"
	"math"
	"testing"
)

// TestSlowdownMM1 is a sanity check of service_slowdown at the engine
// level: a slowdown over the whole run multiplies an M/M/1 region's service
// times, so that its utilisation and mean sojourn are those of the M/M/1
// with the slower service, 1 / (mu/m - lambda). The validation against
// M/G/c theory is in the simulator's tests.
func TestSlowdownMM1(t *testing.T) {
	const lambda, m = 0.05, 3.0 // per ms; service mean 1 ms, rho 0.05 then 0.15
	run := func(slow []Slowdown) *Result {
		t.Helper()
		cfg := mm1(lambda, 0)
		cfg.DurationMs = 200_000
		cfg.Slowdowns = slow
		res, err := New(cfg).Run(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	base := run(nil)
	slow := run([]Slowdown{{Region: 0, Multiplier: m, Start: 0, End: math.Inf(1)}})
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"utilisation without", base.Regions[0].Utilization, lambda},
		{"utilisation with", slow.Regions[0].Utilization, lambda * m},
		{"mean sojourn without", base.Regions[0].MeanSojourn, 1 / (1 - lambda)},
		{"mean sojourn with", slow.Regions[0].MeanSojourn, 1 / (1/m - lambda)},
		{"sojourn ratio", slow.Regions[0].MeanSojourn / base.Regions[0].MeanSojourn, (1 - lambda) / (1/m - lambda)},
	} {
		t.Logf("%s: %.4f (theory %.4f)", c.name, c.got, c.want)
		// About 10 000 requests: the mean's standard error is 1 %.
		if math.Abs(c.got/c.want-1) > 0.05 {
			t.Errorf("%s: %.4f, want %.4f within 5 %%", c.name, c.got, c.want)
		}
	}
}

// TestSlowdownDraws checks that a slowdown changes no random draw: with a
// multiplier of 1 the result is the one without the fault (but for its
// events), and two overlapping slowdowns are the one of their product.
func TestSlowdownDraws(t *testing.T) {
	run := func(slow []Slowdown) (*Result, *Sim) {
		t.Helper()
		cfg := mm1(0.7, 0)
		cfg.Slowdowns = slow
		sim := New(cfg)
		res, err := sim.Run(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return res, sim
	}
	same := func(name string, a, b *Result, extraEvents int64) {
		t.Helper()
		if b.Events-a.Events != extraEvents {
			t.Errorf("%s: %d events, want %d more than %d", name, b.Events, extraEvents, a.Events)
		}
		b.Events = a.Events
		if scrub(a) != scrub(b) {
			t.Errorf("%s: results differ:\n%+v\n%+v", name, a, b)
		}
	}
	base, _ := run(nil)
	unit, _ := run([]Slowdown{{Region: 0, Multiplier: 1, Start: 5_000, End: 9_000}})
	same("multiplier 1", base, unit, 2)

	inf := math.Inf(1)
	product, _ := run([]Slowdown{{Region: 0, Multiplier: 3, Start: 0, End: inf}})
	overlap, _ := run([]Slowdown{{Region: 0, Multiplier: 2, Start: 0, End: inf}, {Region: 0, Multiplier: 1.5, Start: 0, End: inf}})
	same("2 x 1.5 against 3", product, overlap, 1)
	if scrub(product) == scrub(base) {
		t.Error("a slowdown of 3 left the result unchanged")
	}

	// Once the last overlapping slowdown has ended, the factor is exactly
	// 1 again.
	_, sim := run([]Slowdown{{Region: 0, Multiplier: 2, Start: 2_000, End: 10_000}, {Region: 0, Multiplier: 3, Start: 5_000, End: 12_000}})
	if f := sim.regions[0].slowdown; f != 1 {
		t.Errorf("factor %v after every slowdown ended, want 1", f)
	}
}
