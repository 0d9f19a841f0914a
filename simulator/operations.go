package simulator

// Operations: an origin's requests as a mix of named operations, each with
// its own replica set, kind and consistency contract (design.md §9), and
// the duplicate writes that retries of non-idempotent writes cause.
//
// An origin with operations is simulated as one engine origin per
// operation, each a Poisson stream of share x rps: choosing each request's
// operation independently with the shares thins the origin's Poisson
// stream into independent Poisson streams of those rates, so this is the
// same arrival process. The engine groups them back (engine.Config.Parents):
// the origin's figures pool its operations' requests, and each operation
// has its own figures and clauses. Without operations nothing of this runs
// and results are those of the one mix, read_ratio over replica_set.

import (
	"math"
)

// Operation kinds.
const (
	OperationRead  = "read"
	OperationWrite = "write"
)

// Operation is one named operation of an origin: Share of the origin's
// requests, reading or writing ReplicaSet with its own contract.
type Operation struct {
	// Name labels the operation in results and clauses; unique within its
	// origin.
	Name string `json:"name"`
	// Share is the fraction of the origin's requests that are this
	// operation, in (0, 1]; the shares of an origin sum to 1.
	Share float64 `json:"share"`
	// ReplicaSet names the replica set it reads or writes; empty means
	// the first declared one.
	ReplicaSet string `json:"replica_set,omitempty"`
	// Kind is OperationRead or OperationWrite.
	Kind string `json:"kind"`
	// ReadConsistency is, for a read, its own consistency (ReadStrong,
	// ReadBoundedStaleness or ReadEventual), overriding the replica set's;
	// empty means the set's.
	ReadConsistency string `json:"read_consistency,omitempty"`
	// StalenessBoundMs is, for a bounded_staleness read, the largest lag of
	// a local replica that may serve it; 0 means the replica set's bound.
	StalenessBoundMs float64 `json:"staleness_bound_ms,omitempty"`
	// Idempotent says whether applying the operation twice has the effect
	// of applying it once. nil means true for a read and false for a write:
	// a write is assumed to duplicate unless declared otherwise (a
	// conditional put, a request id), so the count is never hidden.
	Idempotent *bool `json:"idempotent,omitempty"`
	// Targets on this operation's own requests, each a clause of every
	// scenario with ClauseResult.Origin and ClauseResult.Operation set:
	// latency upper bounds in milliseconds over its successful requests, a
	// lower bound on its successful / all requests, and for a read an upper
	// bound on its stale reads / reads, for a write on its duplicate
	// writes / writes.
	LatencyP50Ms        *float64 `json:"latency_p50_ms,omitempty"`
	LatencyP95Ms        *float64 `json:"latency_p95_ms,omitempty"`
	LatencyP99Ms        *float64 `json:"latency_p99_ms,omitempty"`
	LatencyP999Ms       *float64 `json:"latency_p999_ms,omitempty"`
	Availability        *float64 `json:"availability,omitempty"`
	StaleReadRatio      *float64 `json:"stale_read_ratio,omitempty"`
	DuplicateWriteRatio *float64 `json:"duplicate_write_ratio,omitempty"`
	// RequestBytes and ResponseBytes override the origin's sizes for
	// this operation (model_cost.go).
	RequestBytes  *int64 `json:"request_bytes,omitempty"`
	ResponseBytes *int64 `json:"response_bytes,omitempty"`
}

// IsIdempotent is Idempotent with its default: true for a read, false for
// a write.
func (op Operation) IsIdempotent() bool {
	if op.Idempotent != nil {
		return *op.Idempotent
	}
	return op.Kind != OperationWrite
}

// targets are the operation's latency and availability targets as an SLA,
// so that the global clauses' lists (latencyClauses) serve them too.
func (op Operation) targets() SLA {
	return SLA{LatencyP50Ms: op.LatencyP50Ms, LatencyP95Ms: op.LatencyP95Ms, LatencyP99Ms: op.LatencyP99Ms,
		LatencyP999Ms: op.LatencyP999Ms, Availability: op.Availability}
}

// OperationResult is one operation's figures in a scenario, beside its
// origin's pooled ones.
type OperationResult struct {
	// Origin is the label of its origin, Name the operation's.
	Origin string `json:"origin"`
	Name   string `json:"name"`
	// Kind, ReplicaSet, ReadConsistency (reads: the one in force, its own
	// or its set's) and Idempotent are its contract as simulated.
	Kind            string `json:"kind"`
	ReplicaSet      string `json:"replica_set"`
	ReadConsistency string `json:"read_consistency,omitempty"`
	Idempotent      bool   `json:"idempotent"`
	// Requests is the number of its measured requests over all
	// replications.
	Requests int64 `json:"requests"`
	// Latency and Availability are over its own requests; nil when none
	// was measured (none succeeded, for Latency).
	Latency      *Latency  `json:"latency_ms,omitempty"`
	Availability *Estimate `json:"availability,omitempty"`
	// StaleReadRatio is, for a read, its stale reads / its reads served by
	// a replica or a cache plus its strong reads (as the replica set's
	// ratio counts them).
	StaleReadRatio *Estimate `json:"stale_read_ratio,omitempty"`
	// DuplicateWrites is, for a write, its duplicate writes per
	// replication, DuplicateWriteRatio duplicates / measured writes; both
	// 0 for an idempotent write.
	DuplicateWrites     *Estimate `json:"duplicate_writes,omitempty"`
	DuplicateWriteRatio *Estimate `json:"duplicate_write_ratio,omitempty"`
}

// readShare is the sum of the shares of the read operations: the origin's
// read ratio, for the static checks that read it.
func readShare(ops []Operation) float64 {
	sum := 0.0
	for _, op := range ops {
		if op.Kind == OperationRead {
			sum += op.Share
		}
	}
	return math.Min(sum, 1)
}

// copyOperations is a deep copy of ops (nil for nil).
func copyOperations(ops []Operation) []Operation {
	if ops == nil {
		return nil
	}
	out := make([]Operation, len(ops))
	for i, op := range ops {
		op.Idempotent = copyPtr(op.Idempotent)
		for _, f := range []**float64{&op.LatencyP50Ms, &op.LatencyP95Ms, &op.LatencyP99Ms, &op.LatencyP999Ms,
			&op.Availability, &op.StaleReadRatio, &op.DuplicateWriteRatio} {
			*f = copyFloat(*f)
		}
		out[i] = op
	}
	return out
}

// hasOperations reports whether any origin of m declares operations.
func hasOperations(m Model) bool {
	for _, o := range m.Workload.Origins {
		if len(o.Operations) > 0 {
			return true
		}
	}
	return false
}
