package engine

// Operations: an origin of the model whose requests are a mix of named
// operations is compiled into one Config origin per operation, each a
// Poisson stream of its share of the rate (thinning a Poisson stream by
// independent choices gives independent Poisson streams, so the mix is the
// same process), with its own replica set, read/write kind, read
// consistency and idempotence. Config.Parents groups them back: the result
// origin pools its operations' requests (their latency sketches merged),
// and each operation keeps its own figures.
//
// Duplicate writes: a call is one client request and its attempts
// (routing.go). An attempt that times out stays in its region and its
// data layer, so its write may still commit after the client gave up on
// it and retried; the retry commits too. For a non-idempotent operation
// each commit of one call after its first applies the write again: a
// duplicate write. An idempotent one (a conditional put, a write with a
// request id) makes the second commit a no-op, so none is counted.

import (
	"cmp"
	"math"
	"slices"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/stats"
)

// opState is an origin's operation contract and the figures only
// operations report.
type opState struct {
	override      bool
	read          ReadMode
	bound         float64
	nonIdempotent bool
	// Measured non-strong reads served by a replica or cache, those stale,
	// and measured duplicate writes.
	reads, stale, strong, duplicates int64
}

// OperationResult is what one operation (one Config origin of a grouped
// Config) measured in a replication.
type OperationResult struct {
	// Measured and Succeeded count its requests issued after warm-up and
	// those that got a response; Latency is over the successful ones.
	Measured, Succeeded int64
	Latency             Latency
	// Reads counts its measured reads served by a replica or a cache
	// (not the leader's strong reads), StaleReads those that returned a
	// version older than the key's last committed one; StrongReads its
	// reads the leader served, never stale.
	Reads, StaleReads, StrongReads int64
	// DuplicateWrites counts the commits of its measured calls after
	// each call's first; always 0 for an idempotent operation.
	DuplicateWrites int64
}

// opRead counts a measured non-strong read of origin oi.
func (s *Sim) opRead(oi int32, stale bool) {
	op := &s.origins[oi].op
	op.reads++
	if stale {
		op.stale++
	}
}

// opCommitted records the commit of request req's write: with a routing
// policy, the second and later commits of one call of a non-idempotent
// origin are duplicates. The request slot is alive at its commit (the
// data layer holds it until its response leaves the replica), and so is
// its call, which its live attempts reference.
func (s *Sim) opCommitted(req int32, measured bool) {
	if !s.routed || req < 0 {
		return
	}
	r := &s.reqs[req]
	o := &s.origins[r.origin]
	if !o.op.nonIdempotent {
		return
	}
	cl := &s.rt.calls[s.rt.att[req]]
	if !cl.committed {
		cl.committed = true
		return
	}
	if measured {
		o.op.duplicates++
	}
}

// summariseOperations regroups the origins' results by Config.Parents:
// Result.Operations gets one entry per Config origin, Result.Origins one
// per parent, pooling its operations (sketches merged in origin order, so
// that the result depends on the model and seed alone).
func (s *Sim) summariseOperations(res *Result) {
	cfg := s.cfg
	res.Operations = make([]OperationResult, len(res.Origins))
	for i, or := range res.Origins {
		op := &s.origins[i].op
		res.Operations[i] = OperationResult{
			Measured: or.Measured, Succeeded: or.Succeeded, Latency: or.Latency,
			Reads: op.reads, StaleReads: op.stale, StrongReads: op.strong, DuplicateWrites: op.duplicates,
		}
	}
	grouped := make([]OriginResult, cfg.NumParents)
	for p := range grouped {
		sk := stats.NewSketch()
		var sum float64
		minLatency := math.Inf(1)
		g := OriginResult{Served: make([]int64, len(cfg.Regions))}
		for i, parent := range cfg.Parents {
			if parent != p {
				continue
			}
			o := &s.origins[i]
			g.Measured += o.measured
			g.Succeeded += o.succeeded
			sum += o.sumLatency
			minLatency = math.Min(minLatency, o.minLatency)
			sk.Merge(o.latency)
			for r, n := range o.served {
				g.Served[r] += n
			}
		}
		g.Latency = latencyOf(sk, sum, g.Succeeded, minLatency)
		grouped[p] = g
	}
	res.Origins = grouped
	if res.Routing != nil {
		// Violations are per (origin, region): merge the operations'.
		var merged []Violation
		for _, v := range res.Routing.Violations {
			v.Origin = cfg.Parents[v.Origin]
			found := false
			for k := range merged {
				if merged[k].Origin == v.Origin && merged[k].Region == v.Region {
					merged[k].Attempts += v.Attempts
					merged[k].First = math.Min(merged[k].First, v.First)
					found = true
				}
			}
			if !found {
				merged = append(merged, v)
			}
		}
		slices.SortFunc(merged, func(a, b Violation) int {
			return cmp.Or(cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Region, b.Region))
		})
		res.Routing.Violations = merged
	}
}
