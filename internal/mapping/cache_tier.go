package mapping

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Cache tier defaults. The resource shows them in the plan and the data
// source applies the same ones to literal cache tiers, so a cache tier
// simulates the same whichever way it is given.
const (
	// DefaultCacheEviction is LRU, the eviction of memcached and of Redis's
	// usual allkeys-lru policy.
	DefaultCacheEviction = simulator.EvictLRU
	// DefaultCacheWritePolicy is invalidate: a committed write removes the
	// key from every region's cache, which keeps stale hits to the
	// invalidation's propagation delay. The safe choice; ttl_only and
	// write_through trade staleness for fewer misses.
	DefaultCacheWritePolicy = simulator.Invalidate
	// DefaultCacheHitLatencyMs is the time to serve a hit from an
	// in-region cache (memcached or Redis over the network in one region):
	// about half a millisecond to a millisecond.
	DefaultCacheHitLatencyMs = 1.0
)

// Cache tier attribute descriptions shared by the resource and the data
// source's cache_tiers.
const (
	DescCTName = "Unique name of the cache tier, referenced by `cache_flush` faults (`tier`): 1 to 63 lowercase " +
		"letters, digits or dashes, starting and ending with a letter or digit, for example `hot`."
	DescCTReplicaSet = "Name of the `topology_replica_set` the tier caches (for example " +
		"`topology_replica_set.orders.name`). Reads of that replica set's keys from a region of the tier look in " +
		"that region's cache first; a miss reads the replica set as usual and fills the cache."
	DescCTRegions = "Names of the regions that run a cache of this tier, each a `topology_region` name. At least " +
		"one; each region once. Reads served by other regions bypass the tier."
	DescCTCapacity = "How many keys one region's cache holds; when full, `eviction` picks the entry to drop. " +
		"At least `1`. Key popularity comes from the workload (`workload.keys`, `workload.zipf_s`)."
	DescCTTTL = "How long, in seconds, an entry may be served after it was filled; an older entry is a miss and is " +
		"refilled from the replica set. `0` means no expiry: entries leave the cache only by eviction (and, with " +
		"`write_policy = \"invalidate\"` or `\"write_through\"`, by writes). At least `0`; `ttl_only` needs a TTL " +
		"above `0`."
	DescCTEviction = "Which entry a full cache drops: `lru` (least recently used) or `lfu` (least frequently used). " +
		"Defaults to `lru`."
	DescCTHitLatency = "Time in milliseconds to serve a hit from the region's cache, instead of the replica set's " +
		"read path. Greater than `0`; defaults to `%g`."
	DescCTWritePolicy = "How writes reach the caches: `invalidate` (a committed write removes the key from every " +
		"region's cache after the one-way network delay from the leader; stale hits only inside that window), " +
		"`write_through` (a write updates the cache of the region it was written from; other regions keep their " +
		"old entry until it expires) or `ttl_only` (writes do not touch the caches; an entry is stale from the " +
		"next write to its key until it expires, so stale hits grow with `ttl_s` and the write rate). " +
		"Defaults to `invalidate`."
)

// CheckCacheTier applies the rules that tie a cache tier's attributes
// together; at maps an attribute name to the path to report. A null
// write_policy is the default, invalidate; unknown values are skipped.
func CheckCacheTier(ttl types.Float64, writePolicy types.String, at func(string) path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if !Known(ttl) || writePolicy.IsUnknown() {
		return diags
	}
	policy := stringOr(writePolicy, DefaultCacheWritePolicy)
	if policy == simulator.TTLOnly && ttl.ValueFloat64() == 0 {
		diags.AddAttributeError(at("ttl_s"), "TTL-only cache without a TTL",
			"write_policy is \"ttl_only\", so writes never touch the caches and an entry changes only when it expires, "+
				"but ttl_s is 0 (no expiry): after a key's first write, every hit on it would be stale until eviction. "+
				"Set ttl_s above 0, for example ttl_s = 30, or use write_policy = \"invalidate\".")
	}
	return diags
}

// CacheTier is topology_cache_tier: the resource's state, and one element
// of the simulation's cache_tiers, decoded by the same struct from the
// same declaration (cacheTierSpecs). regions stays a framework list, as
// for replica sets, because validation reads it while elements may be
// unknown.
type CacheTier struct {
	ID           types.String  `tfsdk:"id"`
	Name         types.String  `tfsdk:"name"`
	ReplicaSet   types.String  `tfsdk:"replica_set"`
	Regions      types.List    `tfsdk:"regions"`
	CapacityKeys types.Int64   `tfsdk:"capacity_keys"`
	TTLS         types.Float64 `tfsdk:"ttl_s"`
	Eviction     types.String  `tfsdk:"eviction"`
	HitLatencyMs types.Float64 `tfsdk:"hit_latency_ms"`
	WritePolicy  types.String  `tfsdk:"write_policy"`
}

// CacheTierDescription describes topology_cache_tier.
const CacheTierDescription = "A per-region cache in front of a replica set (`topology_replica_set`): each region of " +
	"`regions` runs a cache of `capacity_keys` keys, with a TTL, an eviction policy and a write policy. " +
	"Reads of the replica set from those regions look in the local cache first. The `topology_simulation` " +
	"data source measures the hit ratio per region, the latency of hits and misses, and the stale reads " +
	"served from the cache, which count in the scenario's `stale_read_ratio` (and its SLA clause).\n\n" +
	"The resource is logical, like `topology_region`: it manages no infrastructure, and its computed " +
	"attributes and defaults are known at plan time."

// cacheTierSpecs declares topology_cache_tier's attributes, once.
func cacheTierSpecs() []attrSpec {
	return []attrSpec{
		{name: "id", kind: kindString, role: roleComputed, doc: "The cache tier's `name`."},
		{name: "name", kind: kindString, role: roleRequired, replaces: true,
			doc:     DescCTName + " Changing it replaces the cache tier.",
			missing: `Set the cache tier's unique name, for example name = "hot".`},
		{name: "replica_set", kind: kindString, role: roleRequired, doc: DescCTReplicaSet,
			missing: `Set the replica set the tier caches, for example replica_set = "orders".`},
		{name: "regions", kind: kindStringList, role: roleRequired, doc: DescCTRegions,
			missing: `Set the regions that run a cache of the tier, for example regions = ["us-east-1", "eu-west-1"].`},
		{name: "capacity_keys", kind: kindInt64, role: roleRequired, doc: DescCTCapacity,
			missing: "Set how many keys one region's cache holds, for example capacity_keys = 10000."},
		{name: "ttl_s", kind: kindFloat64, role: roleRequired, doc: DescCTTTL,
			missing: "Set how long an entry may be served after it was filled, in seconds, for example ttl_s = 60 (0 for no expiry)."},
		{name: "eviction", kind: kindString, role: roleDefaulted, doc: DescCTEviction,
			stringDefault: stringdefault.StaticString(DefaultCacheEviction)},
		{name: "hit_latency_ms", kind: kindFloat64, role: roleDefaulted,
			doc:            fmt.Sprintf(DescCTHitLatency, DefaultCacheHitLatencyMs),
			float64Default: float64default.StaticFloat64(DefaultCacheHitLatencyMs)},
		{name: "write_policy", kind: kindString, role: roleDefaulted, doc: DescCTWritePolicy,
			stringDefault: stringdefault.StaticString(DefaultCacheWritePolicy)},
	}
}

// CacheTierResourceAttributes is topology_cache_tier's resource schema.
func CacheTierResourceAttributes() map[string]rschema.Attribute {
	return resourceAttributes(cacheTiersPath, cacheTierSpecs())
}

// ToModel maps one cache tier, applying the same defaults as
// topology_cache_tier (the simulator's) so that a literal object and a
// resource simulate alike.
func (t CacheTier) ToModel() simulator.CacheTier {
	ct := simulator.CacheTier{
		Name:         t.Name.ValueString(),
		ReplicaSet:   t.ReplicaSet.ValueString(),
		CapacityKeys: int(t.CapacityKeys.ValueInt64()),
		TTLS:         t.TTLS.ValueFloat64(), // 0 is no expiry
		Eviction:     stringOr(t.Eviction, DefaultCacheEviction),
		HitLatencyMs: Float64Or(t.HitLatencyMs, DefaultCacheHitLatencyMs),
		WritePolicy:  stringOr(t.WritePolicy, DefaultCacheWritePolicy),
	}
	for _, e := range t.Regions.Elements() {
		if s, ok := e.(types.String); ok {
			ct.Regions = append(ct.Regions, s.ValueString())
		}
	}
	return ct
}

// cacheTiersAttribute is the data source's cache_tiers: the arguments of
// topology_cache_tier, so that whole resources can be assigned (through a
// local value, like regions), with the same validators and defaults.
func cacheTiersAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "Per-region caches in front of replica sets. Assign whole `topology_cache_tier` " +
			"resources through a local value, as for `regions` (`locals { cache_tiers = [topology_cache_tier.hot] }`, " +
			"then `cache_tiers = local.cache_tiers`); literal objects work too, with the same defaults as the " +
			"resource. Names must be unique; each tier's `replica_set` must be one of `replica_sets` and its " +
			"regions among `regions`.",
		NestedObject: nestedAttributes(cacheTiersPath, cacheTierSpecs()),
	}
}
