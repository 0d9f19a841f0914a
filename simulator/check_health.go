package simulator

import "fmt"

// checkHealthSignals checks the health check's signals beside its probes:
// the replication-lag and queue-backlog bounds, when set.
func checkHealthSignals(c *checker, m Model, hc HealthCheck, at func(string) string) {
	if hc.MaxReplicationLagMs != 0 {
		p := at("health_check.max_replication_lag_ms")
		if c.number(p, BoundAt("routing_policy.health_check.max_replication_lag_ms"), hc.MaxReplicationLagMs) && len(m.ReplicaSets) == 0 {
			c.warnf(p, fmt.Sprintf("health_check.max_replication_lag_ms = %s has no replica to check", num(hc.MaxReplicationLagMs)),
				"the model declares no replica set, so no replica has a replication lag; add a replica set or remove max_replication_lag_ms")
		}
	}
	if hc.MaxQueueBacklog != 0 {
		c.number(at("health_check.max_queue_backlog"), BoundAt("routing_policy.health_check.max_queue_backlog"), float64(hc.MaxQueueBacklog))
	}
}
