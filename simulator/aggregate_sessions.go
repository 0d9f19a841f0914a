package simulator

import "github.com/multiregion/terraform-provider-topology/simulator/internal/engine"

// SessionFigures are the read figures of client sessions, over the reads
// of the replica sets (the same denominator as StaleReadRatio: every
// successful replica read, strong ones included).
type SessionFigures struct {
	// OwnWriteStaleReadRatio is the share of reads that returned a version
	// older than one their own session had committed: 0 by construction
	// with read_your_writes, above 0 with eventual when sessions write.
	// StaleReadRatio minus it is, with read_your_writes, the staleness due
	// to other sessions' writes.
	OwnWriteStaleReadRatio Estimate `json:"own_write_stale_read_ratio"`
	// OwnWriteStaleReads counts them, per replication.
	OwnWriteStaleReads Estimate `json:"own_write_stale_reads"`
	// ForwardedReadRatio is the share of reads that read_your_writes sent
	// to the leader because the local replica had not applied the
	// session's write: each pays the round trip to the leader instead of
	// the local leg.
	ForwardedReadRatio Estimate `json:"forwarded_read_ratio"`
}

// aggregateSessions fills the session figures of the scenario and of each
// replica set; it leaves them nil when no replication has sessions, so a
// model without sessions reports as before they existed.
func aggregateSessions(sc *ScenarioResult, results []*engine.Result) {
	if len(results) == 0 || results[0].Sessions == nil {
		return
	}
	n := len(results)
	figures := func(sets func(r *engine.Result) []int) *SessionFigures {
		own, ownN, fwd := make([]float64, n), make([]float64, n), make([]float64, n)
		for i, r := range results {
			var reads, o, f int64
			for _, si := range sets(r) {
				reads += r.Sets[si].Reads + r.Sets[si].StrongReads
				o += r.Sessions[si].OwnStaleReads
				f += r.Sessions[si].Forwarded
			}
			own[i], ownN[i], fwd[i] = ratio(o, reads), float64(o), ratio(f, reads)
		}
		return &SessionFigures{
			OwnWriteStaleReadRatio: ratioEstimate(own),
			OwnWriteStaleReads:     timeEstimate(ownN),
			ForwardedReadRatio:     ratioEstimate(fwd),
		}
	}
	sc.Sessions = figures(func(r *engine.Result) []int {
		all := make([]int, len(r.Sets))
		for i := range all {
			all[i] = i
		}
		return all
	})
	for si := range sc.ReplicaSets {
		sc.ReplicaSets[si].Sessions = figures(func(*engine.Result) []int { return []int{si} })
	}
}
