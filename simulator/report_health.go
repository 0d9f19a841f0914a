package simulator

// Health-signal results: what the routing policy's health checks saw
// beside their probes (replication lag, queue backlog), per signal.

// Health signals, as results name them.
const (
	// SignalProbe is the health-check probes.
	SignalProbe = "probe"
	// SignalReplicationLag is a replica's replication lag against
	// health_check.max_replication_lag_ms.
	SignalReplicationLag = "replication_lag"
	// SignalQueueBacklog is a region's queue backlog against
	// health_check.max_queue_backlog.
	SignalQueueBacklog = "queue_backlog"
)

// SignalResult is how often and when one health signal marked one region
// (or one replica of a replica set, for SignalReplicationLag) unhealthy.
// A row is reported only for what some replication marked down at least
// once.
type SignalResult struct {
	// Signal is SignalProbe, SignalReplicationLag or SignalQueueBacklog.
	Signal string `json:"signal"`
	// Region is the region marked (the replica's, for replication_lag).
	Region string `json:"region"`
	// ReplicaSet names the replica's set, for replication_lag only.
	ReplicaSet string `json:"replica_set,omitempty"`
	// Detected is the fraction of replications in which the signal marked
	// it down at least once.
	Detected float64 `json:"detected"`
	// FirstDownS is the time of the first down mark, in seconds from the
	// start of the run, over the replications that had one.
	FirstDownS Estimate `json:"first_down_s"`
	// DownS is the time it was marked down, in seconds, from the start of
	// the run to its end, per replication.
	DownS Estimate `json:"down_s"`
	// Marks is the number of down marks per replication.
	Marks Estimate `json:"marks"`
}
