package simulator

import (
	"cmp"
	"math"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// withFaults is cfg for one scenario: the same compiled model (shared,
// read-only) with the scenario's faults, each compiled by its registry
// row in scenario order.
func withFaults(p *checkedModel, cfg *engine.Config, sc Scenario) *engine.Config {
	c := *cfg
	c.Outages, c.Transitions, c.Flushes = nil, nil, nil
	fc := newFaultCompiler(p, &c)
	for _, f := range sc.Faults {
		if row := faultRowOf(f.Type); row != nil {
			row.compile(fc, f)
		}
	}
	fc.finish()
	return &c
}

// faultCompiler holds what the rows' compile steps share while one
// scenario is compiled: the name lookups, and the faults that must be
// merged over the whole scenario before the engine can take them (a
// region's outages, its capacity losses).
type faultCompiler struct {
	p         *checkedModel
	cfg       *engine.Config
	regionIdx map[string]int
	originIdx map[string]int
	// outages[g] are region g's down intervals, in scenario order.
	outages [][]engine.Interval
	// edges are the capacity losses' starts and ends.
	edges []capacityEdge
}

// capacityEdge is a change of the share of a region's servers lost.
type capacityEdge struct {
	at     float64
	region int
	delta  float64
}

func newFaultCompiler(p *checkedModel, cfg *engine.Config) *faultCompiler {
	m := p.model
	fc := &faultCompiler{p: p, cfg: cfg, regionIdx: map[string]int{}, originIdx: map[string]int{}, outages: make([][]engine.Interval, len(m.Regions))}
	for i, r := range m.Regions {
		fc.regionIdx[r.Name] = i
	}
	for i, o := range m.Workload.Origins {
		if _, dup := fc.originIdx[o.Label()]; !dup {
			fc.originIdx[o.Label()] = i
		}
	}
	return fc
}

// pair adds a latency spike (extra > 0) or a partition (extra 0) between
// an origin and a region, or between two regions.
func (fc *faultCompiler) pair(f Fault, extra float64) {
	start, end := faultWindow(f)
	if f.RegionB != "" {
		fc.cfg.RegionFaults = append(fc.cfg.RegionFaults, engine.RegionPairFault{
			A: fc.regionIdx[f.Region], B: fc.regionIdx[f.RegionB], Start: start, End: end, ExtraMs: extra,
		})
		return
	}
	fc.cfg.PairFaults = append(fc.cfg.PairFaults, engine.PairFault{
		Origin: fc.originIdx[f.Origin], Region: fc.regionIdx[f.Region], Start: start, End: end, ExtraMs: extra,
	})
}

// finish merges the outages and capacity losses into the engine's terms.
func (fc *faultCompiler) finish() {
	fc.cfg.Outages, fc.cfg.Transitions = mergeOutages(fc.outages)
	// Capacity: the servers of each region at every change of its set of
	// active losses (several losses of one region add up, capped at all).
	slices.SortStableFunc(fc.edges, func(a, b capacityEdge) int { return cmp.Compare(a.at, b.at) })
	lost := make([]float64, len(fc.p.model.Regions))
	for _, e := range fc.edges {
		lost[e.region] += e.delta
		full := fc.p.model.Regions[e.region].Servers()
		frac := math.Min(1, math.Max(0, lost[e.region]))
		// Round the servers left to the nearest whole one, keeping at
		// least none: a 50 % loss of 3 servers leaves 2 (1.5 rounded).
		servers := int(math.Round(float64(full) * (1 - frac)))
		fc.cfg.Capacity = append(fc.cfg.Capacity, engine.CapacityChange{At: e.at, Region: e.region, Servers: servers, Lost: frac})
	}
}

// faultWindow is a fault's [start, end) in milliseconds; a duration of 0
// lasts to the end of the run.
func faultWindow(f Fault) (float64, float64) {
	end := math.Inf(1)
	if f.DurationS > 0 {
		end = (f.AtS + f.DurationS) * 1000
	}
	return f.AtS * 1000, end
}

// mergeOutages turns per-region down intervals (in scenario order, in ms)
// into merged ones in time order and the transitions between them; nil,
// nil when there is none.
func mergeOutages(per [][]engine.Interval) ([][]engine.Interval, []engine.Transition) {
	var trs []engine.Transition
	for g, ivs := range per {
		if len(ivs) == 0 {
			continue
		}
		slices.SortStableFunc(ivs, func(a, b engine.Interval) int { return cmp.Compare(a.Start, b.Start) })
		merged := ivs[:1]
		for _, iv := range ivs[1:] {
			last := &merged[len(merged)-1]
			if iv.Start <= last.End {
				last.End = math.Max(last.End, iv.End)
			} else {
				merged = append(merged, iv)
			}
		}
		per[g] = merged
		for _, iv := range merged {
			trs = append(trs, engine.Transition{At: iv.Start, Region: g, Down: true})
			if !math.IsInf(iv.End, 1) {
				trs = append(trs, engine.Transition{At: iv.End, Region: g})
			}
		}
	}
	// Stable order: time, then region (transitions of one region never
	// share a time after merging).
	slices.SortStableFunc(trs, func(a, b engine.Transition) int {
		return cmp.Or(cmp.Compare(a.At, b.At), cmp.Compare(a.Region, b.Region))
	})
	if len(trs) == 0 {
		return nil, nil
	}
	return per, trs
}
