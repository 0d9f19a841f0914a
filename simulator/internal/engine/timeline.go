package engine

// The timeline: per step of issue time, counters and a fixed log-bucket
// latency histogram, from which each step's p99 is read at the end.

import "math"

// MaxTimelinePoints bounds a replication's timeline: runs of up to that
// many seconds get one point per second, longer ones one point per
// ceil(duration / MaxTimelinePoints) seconds. With timelineBins latency
// bins of 8 bytes per point, the timeline holds at most 6.9 MB per Sim
// (58 KB for a 60 s run).
const MaxTimelinePoints = 3600

// Timeline latency histogram: a fixed log-bucket histogram read straight
// from the float's bits. The exponent and the top timelineSubBits bits of
// the mantissa give 8 bins per octave (each spans at most 9 %), and a
// quantile is read at its bin's middle, within 4.5 % of the exact value:
// ample for a curve over time, at 1 ns per request and no sketch per
// second.
const (
	timelineSubBits = 3
	timelineShift   = 52 - timelineSubBits
	// timelineMinMs is the lowest bin's lower edge, 2^-10 ms (1 us);
	// faster responses land in it.
	timelineMinMs = 1.0 / 1024
	// timelineBins covers 2^-10 to 2^20 ms (about 17 minutes); slower
	// responses land in the last bin.
	timelineBins = 30 << timelineSubBits
)

// timelineBase is the bit pattern of the lowest bin's edge, shifted.
var timelineBase = int(math.Float64bits(timelineMinMs) >> timelineShift)

// timelineBin is the histogram bin of a latency in ms.
func timelineBin(ms float64) int {
	b := int(math.Float64bits(ms)>>timelineShift) - timelineBase
	if b < 0 {
		return 0
	}
	if b >= timelineBins {
		return timelineBins - 1
	}
	return b
}

// timelineMid is the middle of bin b.
func timelineMid(b int) float64 {
	lo := math.Float64frombits(uint64(b+timelineBase) << timelineShift)
	hi := math.Float64frombits(uint64(b+1+timelineBase) << timelineShift)
	return (lo + hi) / 2
}

// timelinePoint is one point's counters in a replication; ok is filled
// from the histogram at the end.
type timelinePoint struct {
	issued, ok, lookups, hits int64
}

// newTimeline sizes the timeline for the run's duration.
func (s *Sim) newTimeline() {
	dur := s.cfg.DurationMs
	step := 1000.0
	points := int(math.Ceil(dur / step))
	if points > MaxTimelinePoints {
		step = 1000 * math.Ceil(dur/1000/MaxTimelinePoints)
		points = int(math.Ceil(dur / step))
	}
	points = max(points, 1)
	s.tlStep = step
	s.tlInv = 1 / step
	s.tl = make([]timelinePoint, points)
	s.tlHist = make([]uint64, points*timelineBins)
}

// tlIndex is the timeline point of a request issued at t.
func (s *Sim) tlIndex(t float64) int {
	i := int(t * s.tlInv)
	if i >= len(s.tl) {
		i = len(s.tl) - 1
	}
	return i
}
