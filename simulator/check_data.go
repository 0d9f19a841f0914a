package simulator

import (
	"fmt"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// Bounds of the data layer's values.
const (
	// MaxKeys bounds the key space: every replica keeps a 4-byte version per
	// key, and the Zipf table 12 bytes per key, per worker.
	MaxKeys = 1_000_000
	// MaxZipfS bounds the Zipf exponent: at 10 the first key already takes
	// 99.9 % of the requests, so larger values change nothing.
	MaxZipfS = 10
	// MaxReplicaSets bounds the replica sets of a model.
	MaxReplicaSets = 100
	// MaxReplicas bounds the regions of one replica set.
	MaxReplicas = engine.MaxReplicas
	// MaxScenarios and MaxFaults bound the scenarios and each one's faults:
	// every scenario is a full run of all replications.
	MaxScenarios = 100
	MaxFaults    = 100
	// MaxFailoverMs bounds the election timeout and promotion delay (an
	// hour).
	MaxFailoverMs = 3.6e6
)

// checkKeys validates the key space and its skew.
func checkKeys(c *checker, w Workload) {
	if w.Keys < 1 {
		c.errorf("workload.keys", fmt.Sprintf("workload.keys = %d: the key space needs at least one key", w.Keys),
			"keys is the number of distinct keys requests touch; set it to 1 or more, or leave it unset for %d", DefaultKeys)
	} else if w.Keys > MaxKeys {
		c.errorf("workload.keys", fmt.Sprintf("workload.keys = %d is above the supported %d", w.Keys, MaxKeys),
			"every replica keeps one version per key; beyond %d keys a key's share of a Zipf workload is too small to matter, so model at most %d", MaxKeys, MaxKeys)
	}
	if w.ZipfS != nil {
		if z := *w.ZipfS; !finite(z) || z < 0 || z > MaxZipfS {
			c.errorf("workload.zipf_s", fmt.Sprintf("workload.zipf_s = %s is outside [0, %d]", num(z), MaxZipfS),
				"zipf_s is the exponent of key popularity: 0 is uniform, %g (the default) the usual benchmark skew", DefaultZipfS)
		}
	}
}

// checkReplicaSets validates the replica sets against the declared regions
// and resolves each origin's set into p.originSet. regionsOK says whether
// region names can be trusted.
func checkReplicaSets(c *checker, p *checkedModel) {
	m := p.model
	sets := m.ReplicaSets
	if len(sets) > MaxReplicaSets {
		c.errorf("replica_sets", fmt.Sprintf("%d replica sets are declared, above the supported %d", len(sets), MaxReplicaSets),
			"model at most %d replica sets; stores with the same regions and settings behave alike and can be merged", MaxReplicaSets)
		return
	}
	declared := map[string]int{}
	var names []string
	for i, r := range m.Regions {
		if _, dup := declared[r.Name]; !dup && r.Name != "" {
			declared[r.Name] = i
			names = append(names, r.Name)
		}
	}
	list := strings.Join(names, ", ")
	seen := map[string]int{}
	for i, rs := range sets {
		at := func(field string) string { return fmt.Sprintf("replica_sets[%d].%s", i, field) }
		who := rs.Name
		if who == "" {
			who = fmt.Sprintf("replica_sets[%d]", i)
		}
		switch {
		case rs.Name == "":
			c.errorf(at("name"), "replica set name is empty",
				"every replica set needs a unique name of lowercase letters, digits and dashes, e.g. \"orders-db\"")
		case !namePattern.MatchString(rs.Name):
			c.errorf(at("name"), fmt.Sprintf("replica set name %q is not %s", rs.Name, nameShape),
				"use lowercase letters, digits and dashes only, e.g. %q", suggestName(rs.Name))
		default:
			if first, dup := seen[rs.Name]; dup {
				c.errorf(at("name"), fmt.Sprintf("replica set name %q is declared twice", rs.Name),
					"replica_sets[%d] already uses the name %q; rename one of them", first, rs.Name)
			} else {
				seen[rs.Name] = i
			}
		}
		n := len(rs.Regions)
		switch {
		case n == 0:
			c.errorf(at("regions"), fmt.Sprintf("replica set %s has no region", who),
				"list the regions holding a replica, e.g. regions = [%q]", firstOr(names, "us-east-1"))
		case n > MaxReplicas:
			c.errorf(at("regions"), fmt.Sprintf("replica set %s has %d replicas, above the supported %d", who, n, MaxReplicas),
				"use at most %d regions per replica set", MaxReplicas)
		}
		inSet := map[string]bool{}
		for j, r := range rs.Regions {
			if _, ok := declared[r]; !ok {
				c.errorf(fmt.Sprintf("replica_sets[%d].regions[%d]", i, j), fmt.Sprintf("replica set %s lists region %q, which is not declared", who, r),
					"a replica lives in a declared region; the declared regions are: %s. Declare %q or fix the name", list, r)
			}
			if inSet[r] {
				c.errorf(fmt.Sprintf("replica_sets[%d].regions[%d]", i, j), fmt.Sprintf("replica set %s lists region %q twice", who, r),
					"a region holds at most one replica of a set; remove the duplicate")
			}
			inSet[r] = true
		}
		if n > 0 && !inSet[rs.Leader] {
			c.errorf(at("leader"), fmt.Sprintf("replica set %s has leader %q, which is not one of its regions", who, rs.Leader),
				"the leader holds a replica: set leader to one of %s, or add %q to regions", strings.Join(rs.Regions, ", "), rs.Leader)
		}
		switch rs.ReadConsistency {
		case ReadStrong, ReadEventual:
			if rs.StalenessBoundMs != 0 {
				c.warnf(at("staleness_bound_ms"), fmt.Sprintf("replica set %s: staleness_bound_ms is ignored with read_consistency %q", who, rs.ReadConsistency),
					"only bounded_staleness reads use a bound; set read_consistency = %q or remove staleness_bound_ms", ReadBoundedStaleness)
			}
		case ReadBoundedStaleness:
			if b := rs.StalenessBoundMs; !finite(b) || b <= 0 || b > MaxFailoverMs {
				c.errorf(at("staleness_bound_ms"), fmt.Sprintf("replica set %s: staleness_bound_ms = %s must be a positive number of milliseconds up to %s", who, num(b), num(MaxFailoverMs)),
					"bounded_staleness reads are served by the local replica when its replication lag is at most the bound, else by the leader; set the bound, e.g. 1000")
			}
		default:
			c.errorf(at("read_consistency"), fmt.Sprintf("replica set %s: read_consistency %q is unknown", who, rs.ReadConsistency),
				"use one of %q, %q or %q", ReadStrong, ReadBoundedStaleness, ReadEventual)
		}
		if a := rs.ApplyTimeMs; !finite(a) || a <= 0 || a > MaxServiceTimeMs {
			c.errorf(at("apply_time_ms"), fmt.Sprintf("replica set %s: apply_time_ms = %s must be a positive number of milliseconds up to %s", who, num(a), num(MaxServiceTimeMs)),
				"apply_time_ms is the mean time one replica takes to apply one write; leave it unset for %g ms", DefaultApplyTimeMs)
		}
		checkReplication(c, rs, who, at)
	}
	p.originSet = make([]int, len(m.Workload.Origins))
	for o, or := range m.Workload.Origins {
		p.originSet[o] = -1
		switch {
		case or.ReplicaSet == "" && len(sets) > 0:
			p.originSet[o] = 0
		case or.ReplicaSet == "":
		case len(sets) == 0:
			c.errorf(fmt.Sprintf("workload.origins[%d].replica_set", o), fmt.Sprintf("origin %s uses replica set %q, but no replica set is declared", or.Label(), or.ReplicaSet),
				"declare a topology_replica_set named %q, or remove replica_set from the origin", or.ReplicaSet)
		default:
			if i, ok := seen[or.ReplicaSet]; ok {
				p.originSet[o] = i
				break
			}
			var all []string
			for _, rs := range sets {
				all = append(all, rs.Name)
			}
			c.errorf(fmt.Sprintf("workload.origins[%d].replica_set", o), fmt.Sprintf("origin %s uses replica set %q, which is not declared", or.Label(), or.ReplicaSet),
				"the declared replica sets are: %s; fix the name or leave replica_set unset for the first one", strings.Join(all, ", "))
		}
	}
}

// checkReplication validates a replica set's failover and mode-specific
// settings against its replication mode: each only with its mode, and the
// quorum within the replicas.
func checkReplication(c *checker, rs ReplicaSet, who string, at func(string) string) {
	n := len(rs.Regions)
	for _, d := range []struct {
		field string
		v     float64
	}{{"election_timeout_ms", rs.ElectionTimeoutMs}, {"promotion_delay_ms", rs.PromotionDelayMs}} {
		if !finite(d.v) || d.v < 0 || d.v > MaxFailoverMs {
			c.errorf(at(d.field), fmt.Sprintf("replica set %s: %s = %s must be a duration in [0, %s] ms", who, d.field, num(d.v), num(MaxFailoverMs)),
				"set a non-negative number of milliseconds, or leave it unset for the default")
		}
	}
	if rs.Replication != ReplicationSyncQuorum && rs.ElectionTimeoutMs != 0 {
		c.errorf(at("election_timeout_ms"), fmt.Sprintf("replica set %s: election_timeout_ms = %s applies to replication %q only, not %q", who, num(rs.ElectionTimeoutMs), ReplicationSyncQuorum, rs.Replication),
			"only sync_quorum sets elect a leader; %s sets use promotion_delay_ms (async_primary) or need no leader for writes (multi_leader). Remove election_timeout_ms", rs.Replication)
	}
	if rs.Replication != ReplicationAsyncPrimary && rs.PromotionDelayMs != 0 {
		c.errorf(at("promotion_delay_ms"), fmt.Sprintf("replica set %s: promotion_delay_ms = %s applies to replication %q only, not %q", who, num(rs.PromotionDelayMs), ReplicationAsyncPrimary, rs.Replication),
			"only async_primary sets promote a follower after a delay; a sync_quorum failover is timed by election_timeout_ms. Remove promotion_delay_ms")
	}
	if rs.Replication != ReplicationMultiLeader && rs.ConflictResolution != "" {
		c.warnf(at("conflict_resolution"), fmt.Sprintf("replica set %s: conflict_resolution is ignored with replication %q", who, rs.Replication),
			"only multi_leader sets accept concurrent writes that can conflict; remove conflict_resolution or set replication = %q", ReplicationMultiLeader)
	}
	if rs.Replication != ReplicationSyncQuorum && rs.Quorum != 0 {
		c.errorf(at("quorum"), fmt.Sprintf("replica set %s: quorum = %d applies to replication %q only, not %q", who, rs.Quorum, ReplicationSyncQuorum, rs.Replication),
			"only sync_quorum sets wait for a quorum; remove quorum or set replication = %q", ReplicationSyncQuorum)
	}
	switch rs.Replication {
	case ReplicationSyncQuorum:
		switch {
		case rs.Quorum < 1:
			c.errorf(at("quorum"), fmt.Sprintf("replica set %s: quorum = %d must be at least 1", who, rs.Quorum),
				"quorum counts the replicas, leader included, that must apply a write before it commits; leave it unset for a majority (%d of %d)", n/2+1, n)
		case rs.Quorum > n:
			c.errorf(at("quorum"), fmt.Sprintf("replica set %s: quorum = %d is larger than its %d replicas", who, rs.Quorum, n),
				"no write could ever commit; set quorum to at most %d (a majority is %d), or add regions", n, n/2+1)
		case n > 0 && rs.Quorum > n-1:
			c.warnf(at("quorum"), fmt.Sprintf("replica set %s: losing any one region stops all writes (quorum %d of %d replicas), in particular the leader's region %s", who, rs.Quorum, n, rs.Leader),
				"a quorum of every replica cannot tolerate a single failure: the set is unavailable for writes whenever one of %s is down. Add replicas so that quorum <= replicas - 1 (a majority of 3 tolerates one loss), or lower quorum", strings.Join(rs.Regions, ", "))
		case n > 0 && 2*rs.Quorum <= n:
			c.warnf(at("quorum"), fmt.Sprintf("replica set %s: quorum %d of %d replicas is not a majority", who, rs.Quorum, n),
				"two disjoint quorums can exist, so a real store could commit conflicting writes after a partition; the simulation elects the most up-to-date replica and loses nothing, but use at least %d", n/2+1)
		}
	case ReplicationAsyncPrimary:
		if n == 1 {
			c.warnf(at("regions"), fmt.Sprintf("replica set %s: the loss of region %s stops all writes", who, rs.Regions[0]),
				"the set has a single replica, so there is no follower to promote; add a follower in another region")
		}
	case ReplicationMultiLeader:
		if n == 1 {
			c.warnf(at("regions"), fmt.Sprintf("replica set %s: the loss of region %s stops all writes", who, rs.Regions[0]),
				"a multi_leader set with one replica is a single database; add replicas in other regions")
		}
		switch rs.ConflictResolution {
		case ConflictLWW, ConflictCRDT:
		default:
			c.errorf(at("conflict_resolution"), fmt.Sprintf("replica set %s: conflict_resolution %q is unknown", who, rs.ConflictResolution),
				"use %q (last writer wins: the other write is a lost update) or %q (merged, nothing lost)", ConflictLWW, ConflictCRDT)
		}
	default:
		c.errorf(at("replication"), fmt.Sprintf("replica set %s: replication %q is unknown", who, rs.Replication),
			"use one of %q, %q or %q", ReplicationSyncQuorum, ReplicationAsyncPrimary, ReplicationMultiLeader)
	}
}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

// checkApplyLoad compares each replica set's write rate with its replicas'
// apply rate: every replica applies every write, one at a time, so at or
// above 1000/apply_time_ms writes per second the apply queues (and the
// replication lag, and async_primary's write latency) grow without bound.
func checkApplyLoad(c *checker, p *checkedModel) {
	m := p.model
	for i, rs := range m.ReplicaSets {
		writes := 0.0
		var from []string
		for o, or := range m.Workload.Origins {
			if rr := *or.ReadRatio; p.originSet[o] == i && or.RPS > 0 && rr < 1 {
				w := or.RPS * (1 - rr)
				writes += w
				from = append(from, fmt.Sprintf("%s (%s writes/s)", or.Label(), num(w)))
			}
		}
		if writes == 0 {
			continue
		}
		apply := 1000 / rs.ApplyTimeMs
		rho := writes / apply
		path := fmt.Sprintf("replica_sets[%d].apply_time_ms", i)
		switch {
		case rho >= 1:
			c.errorf(path, fmt.Sprintf("replica set %s cannot keep up: %s writes/s against an apply rate of %s writes/s per replica (utilization %.2f)", rs.Name, num(writes), num(apply), rho),
				"every replica applies every write, one at a time (1000 / apply_time_ms %s = %s writes/s), so the apply queues and the replication lag grow without bound; writes come from %s. Lower apply_time_ms below %s ms, or lower the write rate.",
				num(rs.ApplyTimeMs), num(apply), strings.Join(from, ", "), num(1000/writes))
		case rho >= HeavyTrafficUtilization:
			c.warnf(path, fmt.Sprintf("replica set %s applies writes at utilization %.3f (%s writes/s against %s writes/s per replica)", rs.Name, rho, num(writes), num(apply)),
				"replication lag (an M/M/1 sojourn, mean apply_time_ms / (1 - utilization)) is %.0f times the apply time and very sensitive to load; lower apply_time_ms or the write rate", 1/(1-rho))
		}
	}
}

// dataClauses lists the SLA clauses of the data layer, in report order.
func dataClauses(s SLA) []struct {
	name   string
	target *float64
	ratio  bool
} {
	return []struct {
		name   string
		target *float64
		ratio  bool
	}{
		{"read_latency_p99_ms", s.ReadLatencyP99Ms, false},
		{"write_latency_p99_ms", s.WriteLatencyP99Ms, false},
		{"replication_lag_p99_ms", s.ReplicationLagP99Ms, false},
		{"rpo_ms", s.RPOMs, false},
		{"stale_read_ratio", s.StaleReadRatio, true},
		{"conflict_ratio", s.ConflictRatio, true},
	}
}

// checkDataSLA validates the data-layer SLA clauses.
func checkDataSLA(c *checker, m Model) {
	for _, d := range dataClauses(m.SLA) {
		if d.target == nil {
			continue
		}
		v := *d.target
		switch {
		case d.ratio && (!finite(v) || v < 0 || v > 1):
			c.errorf("sla."+d.name, fmt.Sprintf("sla.%s = %s must be a fraction in [0, 1]", d.name, num(v)),
				"write 0.01 for 1 %%")
		case !d.ratio && d.name == "rpo_ms" && (!finite(v) || v < 0):
			c.errorf("sla."+d.name, fmt.Sprintf("sla.rpo_ms = %s must be a non-negative number of milliseconds", num(v)),
				"rpo_ms bounds the window of committed writes lost at a failover; 0 demands that none is lost")
		case !d.ratio && d.name != "rpo_ms" && (!finite(v) || v <= 0):
			c.errorf("sla."+d.name, fmt.Sprintf("sla.%s = %s must be a positive number of milliseconds", d.name, num(v)),
				"set the upper bound, in ms, or remove the clause")
		case len(m.ReplicaSets) == 0:
			c.warnf("sla."+d.name, fmt.Sprintf("sla.%s has nothing to measure: the model has no replica set", d.name),
				"reads, writes, replication and conflicts exist only with a replica set; declare one or remove the clause (its observed value would be 0)")
		}
	}
	if m.SLA.ConflictRatio != nil && len(m.ReplicaSets) > 0 {
		multi := false
		for _, rs := range m.ReplicaSets {
			multi = multi || rs.Replication == ReplicationMultiLeader
		}
		if !multi {
			c.warnf("sla.conflict_ratio", "sla.conflict_ratio is always 0: no replica set is multi_leader",
				"only multi_leader sets accept concurrent writes to a key; remove the clause or use multi_leader")
		}
	}
}

// failoverMs is a set's failover delay in the engine's terms.
func failoverMs(rs ReplicaSet) float64 {
	if rs.Replication == ReplicationSyncQuorum {
		return rs.ElectionTimeoutMs
	}
	return rs.PromotionDelayMs
}
