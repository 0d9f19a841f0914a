package simulator

import (
	"fmt"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator/internal/engine"
)

// Bounds of the cache layer's values.
const (
	// MaxCacheTiers bounds the cache tiers of a model.
	MaxCacheTiers = 100
	// MaxCacheHitLatencyMs bounds a tier's hit latency (10 s): a "cache"
	// slower than that is a data store, better modelled as a replica set.
	MaxCacheHitLatencyMs = 1e4
)

// Defaults of the cache layer.
const (
	// DefaultCacheEviction is LRU, the common default of caches (Redis'
	// allkeys-lru, memcached).
	DefaultCacheEviction = EvictLRU
	// DefaultCacheWritePolicy is invalidate: cache-aside with a delete on
	// every write, the usual way to keep a cache coherent with its store.
	DefaultCacheWritePolicy = Invalidate
	// DefaultCacheHitLatencyMs is the time to serve a hit: 1 ms, a round
	// trip to an in-region Redis or memcached plus its lookup (half a
	// millisecond to a millisecond), taken at its upper end.
	DefaultCacheHitLatencyMs = 1.0
)

// applyCacheDefaults fills the cache tiers' unset optional values (see
// ApplyDefaults).
func applyCacheDefaults(m *Model) {
	for i := range m.CacheTiers {
		t := &m.CacheTiers[i]
		if t.Eviction == "" {
			t.Eviction = DefaultCacheEviction
		}
		if t.WritePolicy == "" {
			t.WritePolicy = DefaultCacheWritePolicy
		}
		if t.HitLatencyMs == 0 {
			t.HitLatencyMs = DefaultCacheHitLatencyMs
		}
		if t.ReplicaSet == "" && len(m.ReplicaSets) > 0 {
			t.ReplicaSet = m.ReplicaSets[0].Name
		}
	}
}

// checkCacheTiers validates the cache tiers against the declared regions,
// replica sets and key space.
func checkCacheTiers(c *checker, m Model) {
	tiers := m.CacheTiers
	if len(tiers) == 0 {
		return
	}
	if len(tiers) > MaxCacheTiers {
		c.errorf("cache_tiers", fmt.Sprintf("%d cache tiers are declared, above the supported %d", len(tiers), MaxCacheTiers),
			"model at most %d cache tiers", MaxCacheTiers)
		return
	}
	regions := declaredNames(len(m.Regions), func(i int) string { return m.Regions[i].Name })
	sets := declaredNames(len(m.ReplicaSets), func(i int) string { return m.ReplicaSets[i].Name })
	seen := map[string]int{}
	// used[set/region] is the first tier caching that set in that region.
	used := map[string]string{}
	for i, t := range tiers {
		at := func(field string) string { return fmt.Sprintf("cache_tiers[%d].%s", i, field) }
		who := t.Name
		if who == "" {
			who = fmt.Sprintf("cache_tiers[%d]", i)
		}
		switch {
		case t.Name == "":
			c.errorf(at("name"), "cache tier name is empty",
				"every cache tier needs a unique name of lowercase letters, digits and dashes, e.g. \"sessions-cache\"")
		case !c.shape(at("name"), ShapeAt("cache_tiers[].name"), t.Name):
		default:
			if first, dup := seen[t.Name]; dup {
				c.errorf(at("name"), fmt.Sprintf("cache tier name %q is declared twice", t.Name),
					"cache_tiers[%d] already uses the name %q; rename one of them", first, t.Name)
			} else {
				seen[t.Name] = i
			}
		}
		switch {
		case !sets.has(t.ReplicaSet) && t.ReplicaSet != "" && !c.shape(at("replica_set"), ShapeAt("cache_tiers[].replica_set"), t.ReplicaSet):
			// A name of the wrong form names no replica set: its form is
			// what to fix.
		case len(m.ReplicaSets) == 0:
			c.errorf(at("replica_set"), fmt.Sprintf("cache tier %s caches replica set %q, but no replica set is declared", who, t.ReplicaSet),
				"a cache tier sits in front of a replica set's reads; declare a topology_replica_set, or remove the tier")
		case !sets.has(t.ReplicaSet):
			c.errorf(at("replica_set"), fmt.Sprintf("cache tier %s caches replica set %q, which is not declared", who, t.ReplicaSet),
				"the declared replica sets are: %s; fix the name", sets.list())
		}
		regionList := ListAt("cache_tiers[].regions")
		c.nonEmpty(at("regions"), regionList, len(t.Regions))
		inTier := map[string]int{}
		for j, r := range t.Regions {
			path := fmt.Sprintf("cache_tiers[%d].regions[%d]", i, j)
			if !regions.has(r) && c.shape(path, ShapeAt("cache_tiers[].regions[]"), r) {
				c.errorf(path, fmt.Sprintf("cache tier %s lists region %q, which is not declared", who, r),
					"the declared regions are: %s. Declare %q or fix the name", regions.list(), r)
			}
			if first, dup := inTier[r]; dup {
				c.repeated(at("regions"), regionList, r, first, j)
			} else {
				inTier[r] = j
			}
			k := t.ReplicaSet + "/" + r
			if other, ok := used[k]; !ok {
				used[k] = who
			} else if other != who {
				c.warnf(path, fmt.Sprintf("cache tiers %s and %s both cache replica set %s in region %s", other, who, t.ReplicaSet, r),
					"reads look in one cache only, the first declared tier's (%s); tiers in front of one another are not modelled. Remove %q from one of them", other, r)
			}
		}
		keys := m.Workload.Keys
		switch {
		case !c.number(at("capacity_keys"), BoundAt("cache_tiers[].capacity_keys"), float64(t.CapacityKeys)):
		case keys >= 1 && keys <= MaxKeys && t.CapacityKeys > keys:
			c.errorf(at("capacity_keys"), fmt.Sprintf("cache tier %s: capacity_keys = %d is above the key space (workload.keys = %d)", who, t.CapacityKeys, keys),
				"a cache never holds more keys than exist; set capacity_keys to %d for a cache that holds everything", keys)
		case keys >= 1 && t.CapacityKeys == keys:
			c.warnf(at("capacity_keys"), fmt.Sprintf("cache tier %s: capacity_keys = %d holds the whole key space", who, t.CapacityKeys),
				"every key fits, so nothing is ever evicted and only ttl_s and writes make misses after the first read of each key; lower capacity_keys to model eviction")
		}
		c.number(at("ttl_s"), BoundAt("cache_tiers[].ttl_s"), t.TTLS)
		// 0 is the default, 1 ms, by now.
		c.number(at("hit_latency_ms"), BoundAt("cache_tiers[].hit_latency_ms"), t.HitLatencyMs)
		c.choice(at("write_policy"), ChoiceAt("cache_tiers[].write_policy"), t.WritePolicy)
		c.choice(at("eviction"), ChoiceAt("cache_tiers[].eviction"), t.Eviction)
		if t.WritePolicy == TTLOnly && t.TTLS == 0 {
			c.warnf(at("ttl_s"), fmt.Sprintf("cache tier %s: write_policy %q without a TTL never refreshes an entry", who, TTLOnly),
				"an entry stays until evicted, however many writes follow, so every hit after the first write to its key is stale; set ttl_s, or use write_policy %q", Invalidate)
		}
	}
}

// inTierDup reports whether r is already among rs (a duplicate reported
// on its own).
func inTierDup(rs []string, r string) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// names is a list of declared names, for lookups and messages.
type names struct {
	names []string
	set   map[string]bool
}

func declaredNames(n int, name func(int) string) names {
	d := names{set: map[string]bool{}}
	for i := 0; i < n; i++ {
		if s := name(i); s != "" && !d.set[s] {
			d.set[s] = true
			d.names = append(d.names, s)
		}
	}
	return d
}

func (d names) has(s string) bool { return d.set[s] }

func (d names) list() string {
	if len(d.names) == 0 {
		return "(none)"
	}
	return strings.Join(d.names, ", ")
}

// MaxStateBytes bounds the per-key state of one replication (replica
// versions, cache indexes and slots; see StateBytes): 2 GiB, so that the
// replications running at once on a 2-core machine fit in a few GiB.
const MaxStateBytes = 2 << 30

// StateBytes is the memory that the per-key state of one replication holds:
// each replica set's versions and each region's cache of each tier. It
// grows with keys, replicas and cache capacities, never with the number of
// requests simulated. A run holds it once per replication running at once
// (run.parallelism, or GOMAXPROCS), plus the Zipf table, shared by all
// (KeySamplerBytes). m must be defaulted.
func StateBytes(m Model) int64 {
	keys := m.Workload.Keys
	var b int64
	for _, rs := range m.ReplicaSets {
		b += engine.SetBytes(keys, len(rs.Regions), rs.Replication == ReplicationSyncQuorum)
	}
	if len(m.ReplicaSets) == 0 {
		return b
	}
	for _, t := range m.CacheTiers {
		b += int64(len(t.Regions)) * engine.CacheBytes(keys, t.CapacityKeys, t.Eviction == EvictLFU)
	}
	return b + sessionBytes(m)
}

// checkStateBytes refuses a model whose per-key state would not fit in
// memory, naming the figure and what makes it up.
func checkStateBytes(c *checker, m Model) {
	if m.Workload.Keys < 1 || m.Workload.Keys > MaxKeys {
		return // reported by checkKeys
	}
	for _, t := range m.CacheTiers {
		if t.CapacityKeys < 1 || t.CapacityKeys > m.Workload.Keys {
			return // reported by checkCacheTiers
		}
	}
	if b := StateBytes(m); b > MaxStateBytes && sessionBytes(m) > 0 {
		refuseSessionBytes(c, m, b)
	} else if b > MaxStateBytes {
		c.errorf("workload.keys", fmt.Sprintf("the per-key state of one replication would take %s, above the supported %s", bytesText(b), bytesText(MaxStateBytes)),
			"every replica keeps 4 bytes per key (workload.keys = %d) and every region's cache 4 bytes per key plus about %d bytes per entry of capacity_keys; lower workload.keys, capacity_keys, or the number of regions and tiers", m.Workload.Keys, engine.CacheBytes(0, 1, false))
	}
}

// bytesText is a byte count in binary units, e.g. "38.15 MiB".
func bytesText(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := int64(unit), 0
	for n := b / unit; n >= unit && exp < 4; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.4g %ciB", float64(b)/float64(div), "KMGTP"[exp])
}
