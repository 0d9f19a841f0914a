package des

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// TestOrder schedules random times, many of them equal, interleaved with
// removals, and checks the calendar against a sorted reference.
func TestOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var c Calendar
	type ref struct {
		t   float64
		seq int
	}
	var pending []ref
	seq := 0
	var got, want []int32
	for step := 0; step < 20000; step++ {
		if r.IntN(3) > 0 || c.Len() == 0 {
			// Coarse times so that ties are frequent.
			tm := float64(r.IntN(50))
			c.Schedule(tm, Kind(seq%7), int32(seq))
			pending = append(pending, ref{tm, seq})
			seq++
			continue
		}
		e := c.Next()
		got = append(got, e.ID())
		sort.SliceStable(pending, func(i, j int) bool {
			if pending[i].t != pending[j].t {
				return pending[i].t < pending[j].t
			}
			return pending[i].seq < pending[j].seq
		})
		want = append(want, int32(pending[0].seq))
		if e.Kind() != Kind(pending[0].seq%7) || e.Time != pending[0].t {
			t.Fatalf("step %d: got time %v kind %d, want time %v kind %d", step, e.Time, e.Kind(), pending[0].t, pending[0].seq%7)
		}
		pending = pending[1:]
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("pop %d: got id %d, want %d", i, got[i], want[i])
		}
	}
}

// TestTiesFIFO checks that simultaneous events come out in scheduling order.
func TestTiesFIFO(t *testing.T) {
	var c Calendar
	for i := 0; i < 1000; i++ {
		c.Schedule(5, 0, int32(i))
	}
	for i := 0; i < 1000; i++ {
		if e := c.Next(); e.ID() != int32(i) {
			t.Fatalf("tie %d came out as %d", i, e.ID())
		}
	}
}

// TestPacking checks that kinds and IDs survive the key packing at their
// extremes.
func TestPacking(t *testing.T) {
	var c Calendar
	c.Schedule(1, MaxKind, MaxID)
	c.Schedule(2, 0, 0)
	if e := c.Next(); e.Kind() != MaxKind || e.ID() != MaxID {
		t.Fatalf("got kind %d id %d", e.Kind(), e.ID())
	}
	if e := c.Next(); e.Kind() != 0 || e.ID() != 0 {
		t.Fatalf("got kind %d id %d", e.Kind(), e.ID())
	}
}

func TestEmptyAndReset(t *testing.T) {
	var c Calendar
	if e := c.Next(); e != (Event{}) {
		t.Fatalf("Next on empty calendar = %+v", e)
	}
	if _, ok := c.Peek(); ok {
		t.Fatal("Peek on empty calendar reported an event")
	}
	c.Grow(10)
	c.Schedule(2, 1, 7)
	c.Schedule(1, 2, 8)
	if e, ok := c.Peek(); !ok || e.ID() != 8 {
		t.Fatalf("Peek = %+v, %v", e, ok)
	}
	c.Reset()
	if c.Len() != 0 {
		t.Fatal("Reset left events behind")
	}
}

// BenchmarkMM1Hold drives a bare M/M/1 queue (arrival and departure events,
// a counter for the queue) through the calendar: the cost of the engine core
// alone, without the model's statistics.
func BenchmarkMM1Hold(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var c Calendar
	c.Grow(16)
	const lambda, mu = 0.8, 1.0
	inSystem := 0
	c.Schedule(r.ExpFloat64()/lambda, 0, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := c.Next()
		switch e.Kind() {
		case 0: // arrival
			c.Schedule(e.Time+r.ExpFloat64()/lambda, 0, 0)
			inSystem++
			if inSystem == 1 {
				c.Schedule(e.Time+r.ExpFloat64()/mu, 1, 0)
			}
		case 1: // departure
			inSystem--
			if inSystem > 0 {
				c.Schedule(e.Time+r.ExpFloat64()/mu, 1, 0)
			}
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
