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
	c.number("workload.keys", BoundAt("workload.keys"), float64(w.Keys))
	if w.ZipfS != nil {
		c.number("workload.zipf_s", BoundAt("workload.zipf_s"), *w.ZipfS)
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
		case !c.shape(at("name"), ShapeAt("replica_sets[].name"), rs.Name):
		default:
			if first, dup := seen[rs.Name]; dup {
				c.errorf(at("name"), fmt.Sprintf("replica set name %q is declared twice", rs.Name),
					"replica_sets[%d] already uses the name %q; rename one of them", first, rs.Name)
			} else {
				seen[rs.Name] = i
			}
		}
		n := len(rs.Regions)
		regionList := ListAt("replica_sets[].regions")
		if c.nonEmpty(at("regions"), regionList, n) && n > MaxReplicas {
			c.errorf(at("regions"), fmt.Sprintf("replica set %s has %d replicas, above the supported %d", who, n, MaxReplicas),
				"use at most %d regions per replica set", MaxReplicas)
		}
		inSet := map[string]int{}
		for j, r := range rs.Regions {
			path := fmt.Sprintf("replica_sets[%d].regions[%d]", i, j)
			if _, ok := declared[r]; !ok && c.shape(path, ShapeAt("replica_sets[].regions[]"), r) {
				c.errorf(path, fmt.Sprintf("replica set %s lists region %q, which is not declared", who, r),
					"a replica lives in a declared region; the declared regions are: %s. Declare %q or fix the name", list, r)
			}
			if first, dup := inSet[r]; dup {
				c.repeated(at("regions"), regionList, r, first, j)
			} else {
				inSet[r] = j
			}
		}
		// A leader of the wrong form names no declared region: its form is
		// what to fix. (An unset leader is the first region by now.)
		if _, in := inSet[rs.Leader]; n > 0 && !in && c.shape(at("leader"), ShapeAt("replica_sets[].leader"), rs.Leader) {
			c.errorf(at("leader"), fmt.Sprintf("replica set %s has leader %q, which is not one of its regions", who, rs.Leader),
				"the leader holds a replica: set leader to one of %s, or add %q to regions", strings.Join(rs.Regions, ", "), rs.Leader)
		}
		switch rs.ReadConsistency {
		case ReadStrong, ReadEventual, ReadYourWrites:
			if rs.StalenessBoundMs != 0 {
				c.warnf(at("staleness_bound_ms"), fmt.Sprintf("replica set %s: staleness_bound_ms is ignored with read_consistency %q", who, rs.ReadConsistency),
					"only bounded_staleness reads use a bound; set read_consistency = %q or remove staleness_bound_ms", ReadBoundedStaleness)
			}
		case ReadBoundedStaleness:
		default:
			c.choice(at("read_consistency"), ChoiceAt("replica_sets[].read_consistency"), rs.ReadConsistency)
		}
		// A bound given is checked whatever the consistency, as the
		// provider's attribute is; bounded_staleness needs one, so 0 is
		// refused there too.
		if rs.StalenessBoundMs != 0 || rs.ReadConsistency == ReadBoundedStaleness {
			c.number(at("staleness_bound_ms"), BoundAt("replica_sets[].staleness_bound_ms"), rs.StalenessBoundMs)
		}
		c.number(at("apply_time_ms"), BoundAt("replica_sets[].apply_time_ms"), rs.ApplyTimeMs)
		checkReplication(c, rs, who, at)
	}
	p.originSet = make([]int, len(m.Workload.Origins))
	for o, or := range m.Workload.Origins {
		p.originSet[o] = -1
		_, declaredSet := seen[or.ReplicaSet]
		switch {
		case or.ReplicaSet == "" && len(sets) > 0:
			p.originSet[o] = 0
		case or.ReplicaSet == "":
		case !declaredSet && !c.shape(fmt.Sprintf("workload.origins[%d].replica_set", o), ShapeAt("workload.origins[].replica_set"), or.ReplicaSet):
			// A name of the wrong form names no replica set: its form is
			// what to fix.
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
	// 0 is unset: the mode's default by now, or a setting of another
	// mode that is not given.
	for _, d := range []struct {
		field string
		v     float64
	}{{"election_timeout_ms", rs.ElectionTimeoutMs}, {"promotion_delay_ms", rs.PromotionDelayMs}} {
		if d.v != 0 {
			c.number(at(d.field), BoundAt("replica_sets[]."+d.field), d.v)
		}
	}
	if rs.Quorum != 0 {
		c.number(at("quorum"), BoundAt("replica_sets[].quorum"), float64(rs.Quorum))
	}
	if rs.ConflictResolution != "" {
		c.choice(at("conflict_resolution"), ChoiceAt("replica_sets[].conflict_resolution"), rs.ConflictResolution)
	}
	if rs.Replication != ReplicationSyncQuorum && rs.ElectionTimeoutMs != 0 {
		c.errorf(at("election_timeout_ms"), fmt.Sprintf("replica set %s: election_timeout_ms = %s applies to replication %q only, not %q", who, num(rs.ElectionTimeoutMs), ReplicationSyncQuorum, rs.Replication),
			"only sync_quorum sets elect a leader; %s sets use promotion_delay_ms (async_primary) or need no leader for writes (multi_leader). Remove election_timeout_ms", rs.Replication)
	}
	if rs.Replication != ReplicationAsyncPrimary && rs.PromotionDelayMs != 0 {
		c.errorf(at("promotion_delay_ms"), fmt.Sprintf("replica set %s: promotion_delay_ms = %s applies to replication %q only, not %q", who, num(rs.PromotionDelayMs), ReplicationAsyncPrimary, rs.Replication),
			"only async_primary sets promote a follower after a delay; a sync_quorum failover is timed by election_timeout_ms. Remove promotion_delay_ms")
	}
	if rs.SplitBrainResolution != "" {
		c.choice(at("split_brain_resolution"), ChoiceAt("replica_sets[].split_brain_resolution"), rs.SplitBrainResolution)
		if rs.Replication != ReplicationAsyncPrimary {
			c.warnf(at("split_brain_resolution"), fmt.Sprintf("replica set %s: split_brain_resolution is ignored with replication %q", who, rs.Replication),
				"only an async_primary leader, deposed while partitions cut it off, keeps accepting writes (split-brain); remove split_brain_resolution or set replication = %q", ReplicationAsyncPrimary)
		}
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
			// Refused by the quorum's rule above.
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
	default:
		c.choice(at("replication"), ChoiceAt("replica_sets[].replication"), rs.Replication)
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
		// With load profiles, writes is the mean write rate over the run
		// (what the apply queues cannot carry for good) and peak the sum
		// of the peaks (check_load_profile.go); without, both are rps x
		// the write share.
		writes, peak := 0.0, 0.0
		var from []string
		for o, or := range m.Workload.Origins {
			if w := writesTo(p, o, i); w > 0 {
				if or.LoadProfile != nil {
					pf, mf := profileFactors(m, o)
					peak += w * pf
					w *= mf
				} else {
					peak += w
				}
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
		case rho < 1 && peak >= apply:
			c.warnf(path, fmt.Sprintf("replica set %s cannot keep up at its peak: up to %s writes/s against an apply rate of %s writes/s per replica (utilization %.2f at the peak, %.2f on average over the run)", rs.Name, num(peak), num(apply), peak/apply, rho),
				"the load profiles of the origins that write to it (%s on average) rise above what a replica applies: while they do, the apply queues and the replication lag grow, and drain once they fall back. Lower apply_time_ms below %s ms to keep up at the peak.",
				strings.Join(from, ", "), num(1000/peak))
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
// Each target's bound is its rule's, "sla.<name>" (rules.go).
func dataClauses(s SLA) []struct {
	name   string
	target *float64
} {
	return []struct {
		name   string
		target *float64
	}{
		{"read_latency_p99_ms", s.ReadLatencyP99Ms},
		{"write_latency_p99_ms", s.WriteLatencyP99Ms},
		{"replication_lag_p99_ms", s.ReplicationLagP99Ms},
		{"rpo_ms", s.RPOMs},
		{"stale_read_ratio", s.StaleReadRatio},
		{"conflict_ratio", s.ConflictRatio},
	}
}

// checkDataSLA validates the data-layer SLA clauses.
func checkDataSLA(c *checker, m Model) {
	for _, d := range dataClauses(m.SLA) {
		if d.target == nil {
			continue
		}
		path := "sla." + d.name
		switch {
		case !c.number(path, BoundAt(path), *d.target):
		case len(m.ReplicaSets) == 0:
			c.warnf(path, fmt.Sprintf("sla.%s has nothing to measure: the model has no replica set", d.name),
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
