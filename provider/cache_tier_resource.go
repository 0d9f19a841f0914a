package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Cache tier defaults. The resource shows them in the plan and the data
// source applies the same ones to literal cache tiers, so a cache tier
// simulates the same whichever way it is given.
const (
	// defaultCacheEviction is LRU, the eviction of memcached and of Redis's
	// usual allkeys-lru policy.
	defaultCacheEviction = simulator.EvictLRU
	// defaultCacheWritePolicy is invalidate: a committed write removes the
	// key from every region's cache, which keeps stale hits to the
	// invalidation's propagation delay. The safe choice; ttl_only and
	// write_through trade staleness for fewer misses.
	defaultCacheWritePolicy = simulator.Invalidate
	// defaultCacheHitLatencyMs is the time to serve a hit from an
	// in-region cache (memcached or Redis over the network in one region):
	// about half a millisecond to a millisecond.
	defaultCacheHitLatencyMs = 1.0
)

var (
	_ resource.Resource                   = (*cacheTierResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*cacheTierResource)(nil)
	_ resource.ResourceWithValidateConfig = (*cacheTierResource)(nil)
	_ resource.ResourceWithImportState    = (*cacheTierResource)(nil)
)

// NewCacheTierResource returns the topology_cache_tier resource: a
// per-region cache in front of a replica set.
func NewCacheTierResource() resource.Resource {
	return &cacheTierResource{}
}

// cacheTierResource is logical, like replicaSetResource: every computed
// attribute is known at plan time and Create/Update record the plan.
type cacheTierResource struct {
	logicalCRUD[cacheTierResourceModel]
}

// cacheTierResourceModel is the resource's state.
type cacheTierResourceModel struct {
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

// Metadata names the resource topology_cache_tier.
func (r *cacheTierResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_tier"
}

// Cache tier attribute descriptions shared by the resource and the data
// source's cache_tiers.
const (
	descCTName = "Unique name of the cache tier, referenced by `cache_flush` faults (`tier`): 1 to 63 lowercase " +
		"letters, digits or dashes, starting and ending with a letter or digit, for example `hot`."
	descCTReplicaSet = "Name of the `topology_replica_set` the tier caches (for example " +
		"`topology_replica_set.orders.name`). Reads of that replica set's keys from a region of the tier look in " +
		"that region's cache first; a miss reads the replica set as usual and fills the cache."
	descCTRegions = "Names of the regions that run a cache of this tier, each a `topology_region` name. At least " +
		"one; each region once. Reads served by other regions bypass the tier."
	descCTCapacity = "How many keys one region's cache holds; when full, `eviction` picks the entry to drop. " +
		"At least `1`. Key popularity comes from the workload (`workload.keys`, `workload.zipf_s`)."
	descCTTTL = "How long, in seconds, an entry may be served after it was filled; an older entry is a miss and is " +
		"refilled from the replica set. `0` means no expiry: entries leave the cache only by eviction (and, with " +
		"`write_policy = \"invalidate\"` or `\"write_through\"`, by writes). At least `0`; `ttl_only` needs a TTL " +
		"above `0`."
	descCTEviction = "Which entry a full cache drops: `lru` (least recently used) or `lfu` (least frequently used). " +
		"Defaults to `lru`."
	descCTHitLatency = "Time in milliseconds to serve a hit from the region's cache, instead of the replica set's " +
		"read path. Greater than `0`; defaults to `%g`."
	descCTWritePolicy = "How writes reach the caches: `invalidate` (a committed write removes the key from every " +
		"region's cache after the one-way network delay from the leader; stale hits only inside that window), " +
		"`write_through` (a write updates the cache of the region it was written from; other regions keep their " +
		"old entry until it expires) or `ttl_only` (writes do not touch the caches; an entry is stale from the " +
		"next write to its key until it expires, so stale hits grow with `ttl_s` and the write rate). " +
		"Defaults to `invalidate`."
)

// Validators shared by the resource and the data source's cache_tiers.
func ctRegionsValidators() []validator.List {
	return []validator.List{
		listNotEmpty(`Add the regions that run a cache of this tier, for example regions = ["us-east-1", "eu-west-1"].`),
		listUniqueStrings("region", "Remove the repeated region: a region runs at most one cache of a tier."),
		listvalidator.ValueStringsAre(nameValidator()),
	}
}

func ctCapacityValidators() []validator.Int64 {
	return []validator.Int64{int64AtLeast(1,
		"Set how many keys one region's cache holds, for example capacity_keys = 10000; to simulate without the cache, remove the tier.")}
}

func ctTTLValidators() []validator.Float64 {
	return []validator.Float64{float64Within(0, maxCacheTTLS, true,
		"Set how long an entry may be served after it was filled, in seconds, for example ttl_s = 60, or 0 for no expiry.")}
}

// maxCacheTTLS bounds ttl_s at a year: longer is no expiry, which 0 says.
const maxCacheTTLS = 365 * 24 * 3600

func ctEvictionValidators() []validator.String {
	return []validator.String{stringOneOf(
		"Pick lru to drop the least recently used entry or lfu the least frequently used; omit it for lru.",
		simulator.EvictLRU, simulator.EvictLFU)}
}

func ctHitLatencyValidators() []validator.Float64 {
	return []validator.Float64{float64GreaterThan(0,
		fmt.Sprintf("Set the time to serve a cache hit in milliseconds, for example 0.5, or omit it for %g.", defaultCacheHitLatencyMs))}
}

func ctWritePolicyValidators() []validator.String {
	return []validator.String{stringOneOf(
		"Pick invalidate to remove written keys from every region's cache (fewest stale reads), write_through to update "+
			"the writing region's cache, or ttl_only to let entries expire; omit it for invalidate.",
		simulator.WriteThrough, simulator.Invalidate, simulator.TTLOnly)}
}

// Schema describes the cache tier's arguments and computed attributes.
func (r *cacheTierResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A per-region cache in front of a replica set (`topology_replica_set`): each region of " +
			"`regions` runs a cache of `capacity_keys` keys, with a TTL, an eviction policy and a write policy. " +
			"Reads of the replica set from those regions look in the local cache first. The `topology_simulation` " +
			"data source measures the hit ratio per region, the latency of hits and misses, and the stale reads " +
			"served from the cache, which count in the scenario's `stale_read_ratio` (and its SLA clause).\n\n" +
			"The resource is logical, like `topology_region`: it manages no infrastructure, and its computed " +
			"attributes and defaults are known at plan time.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The cache tier's `name`.",
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: descCTName + " Changing it replaces the cache tier.",
				Validators:          []validator.String{nameValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"replica_set": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: descCTReplicaSet,
				Validators:          []validator.String{nameValidator()},
			},
			"regions": schema.ListAttribute{
				Required:            true,
				ElementType:         types.StringType,
				MarkdownDescription: descCTRegions,
				Validators:          ctRegionsValidators(),
			},
			"capacity_keys": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: descCTCapacity,
				Validators:          ctCapacityValidators(),
			},
			"ttl_s": schema.Float64Attribute{
				Required:            true,
				MarkdownDescription: descCTTTL,
				Validators:          ctTTLValidators(),
			},
			"eviction": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultCacheEviction),
				MarkdownDescription: descCTEviction,
				Validators:          ctEvictionValidators(),
			},
			"hit_latency_ms": schema.Float64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             float64default.StaticFloat64(defaultCacheHitLatencyMs),
				MarkdownDescription: fmt.Sprintf(descCTHitLatency, defaultCacheHitLatencyMs),
				Validators:          ctHitLatencyValidators(),
			},
			"write_policy": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultCacheWritePolicy),
				MarkdownDescription: descCTWritePolicy,
				Validators:          ctWritePolicyValidators(),
			},
		},
	}
}

// checkCacheTier applies the rules that tie a cache tier's attributes
// together; at maps an attribute name to the path to report. A null
// write_policy is the default, invalidate; unknown values are skipped.
func checkCacheTier(ttl types.Float64, writePolicy types.String, at func(string) path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if !known(ttl) || writePolicy.IsUnknown() {
		return diags
	}
	policy := stringOr(writePolicy, defaultCacheWritePolicy)
	if policy == simulator.TTLOnly && ttl.ValueFloat64() == 0 {
		diags.AddAttributeError(at("ttl_s"), "TTL-only cache without a TTL",
			"write_policy is \"ttl_only\", so writes never touch the caches and an entry changes only when it expires, "+
				"but ttl_s is 0 (no expiry): after a key's first write, every hit on it would be stale until eviction. "+
				"Set ttl_s above 0, for example ttl_s = 30, or use write_policy = \"invalidate\".")
	}
	return diags
}

// ValidateConfig applies the cross-attribute rules.
func (r *cacheTierResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg cacheTierResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkCacheTier(cfg.TTLS, cfg.WritePolicy, path.Root)...)
}

// ModifyPlan works out the computed id from the planned name, so that it is
// known at plan time (defaults are applied by the schema).
func (r *cacheTierResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // Destroying: nothing to compute.
	}
	var plan cacheTierResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = plan.Name
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// cacheTierImportKeys are the keys an import ID may hold, in documented
// order; cacheTierImportRequired those it must hold.
var (
	cacheTierImportKeys     = []string{"name", "replica_set", "regions", "capacity_keys", "ttl_s", "eviction", "hit_latency_ms", "write_policy"}
	cacheTierImportRequired = []string{"name", "replica_set", "regions", "capacity_keys", "ttl_s"}
)

// cacheTierImportExample is a complete import ID shown in every import error.
const cacheTierImportExample = "name=hot,replica_set=orders,regions=us-east-1;eu-west-1,capacity_keys=100000,ttl_s=60,write_policy=invalidate"

// cacheTierImportError is the diagnostic for an import ID that cannot be
// read or holds invalid arguments.
func cacheTierImportError(problem string) diag.Diagnostic {
	return listImportError("topology_cache_tier", problem, cacheTierImportExample, cacheTierImportKeys, cacheTierImportRequired)
}

// ImportState builds the whole state from the import ID, which carries the
// arguments as key=value pairs (see cacheTierImportExample); keys left out
// take their defaults. The imported arguments go through the same
// validators and rules as configured ones.
func (r *cacheTierResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m, diags := parseCacheTierImportID(req.ID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateCacheTierImport(ctx, r, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = m.Name
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// validateCacheTierImport runs the schema's validators and the
// cross-attribute rules over imported arguments.
func validateCacheTierImport(ctx context.Context, r *cacheTierResource, m cacheTierResourceModel) diag.Diagnostics {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var found diag.Diagnostics
	for _, name := range sortedKeys(s.Schema.Attributes) {
		p := path.Root(name)
		switch a := s.Schema.Attributes[name].(type) {
		case schema.StringAttribute:
			v := map[string]types.String{"name": m.Name, "replica_set": m.ReplicaSet, "eviction": m.Eviction,
				"write_policy": m.WritePolicy}[name]
			for _, vd := range a.Validators {
				resp := &validator.StringResponse{}
				vd.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: v}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.Int64Attribute:
			for _, vd := range a.Validators {
				resp := &validator.Int64Response{}
				vd.ValidateInt64(ctx, validator.Int64Request{Path: p, PathExpression: p.Expression(), ConfigValue: m.CapacityKeys}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.Float64Attribute:
			v := map[string]types.Float64{"ttl_s": m.TTLS, "hit_latency_ms": m.HitLatencyMs}[name]
			for _, vd := range a.Validators {
				resp := &validator.Float64Response{}
				vd.ValidateFloat64(ctx, validator.Float64Request{Path: p, PathExpression: p.Expression(), ConfigValue: v}, resp)
				found.Append(resp.Diagnostics...)
			}
		case schema.ListAttribute:
			for _, vd := range a.Validators {
				resp := &validator.ListResponse{}
				vd.ValidateList(ctx, validator.ListRequest{Path: p, PathExpression: p.Expression(), ConfigValue: m.Regions}, resp)
				found.Append(resp.Diagnostics...)
			}
		}
	}
	found.Append(checkCacheTier(m.TTLS, m.WritePolicy, path.Root)...)
	var diags diag.Diagnostics
	for _, d := range found.Errors() {
		diags.Append(cacheTierImportError(d.Detail()))
	}
	return diags
}

// parseCacheTierImportID reads an import ID into a model whose unset
// optional arguments hold their defaults.
func parseCacheTierImportID(id string) (cacheTierResourceModel, diag.Diagnostics) {
	values, diags := parseImportPairs(id, importIDSpec{keys: cacheTierImportKeys, required: cacheTierImportRequired, errorf: cacheTierImportError})
	if diags.HasError() {
		return cacheTierResourceModel{}, diags
	}

	var regions []attr.Value
	for _, name := range strings.Split(values["regions"], ";") {
		regions = append(regions, types.StringValue(strings.TrimSpace(name)))
	}
	m := cacheTierResourceModel{
		Name:         types.StringValue(values["name"]),
		ReplicaSet:   types.StringValue(values["replica_set"]),
		Regions:      types.ListValueMust(types.StringType, regions),
		Eviction:     types.StringValue(defaultCacheEviction),
		HitLatencyMs: types.Float64Value(defaultCacheHitLatencyMs),
		WritePolicy:  types.StringValue(defaultCacheWritePolicy),
	}
	if v, ok := values["eviction"]; ok {
		m.Eviction = types.StringValue(v)
	}
	if v, ok := values["write_policy"]; ok {
		m.WritePolicy = types.StringValue(v)
	}
	n, err := strconv.ParseInt(values["capacity_keys"], 10, 64)
	if err != nil {
		diags.Append(cacheTierImportError(fmt.Sprintf("capacity_keys=%s is not a whole number; write it as, for example, capacity_keys=100000",
			values["capacity_keys"])))
	}
	m.CapacityKeys = types.Int64Value(n)
	floats := map[string]*types.Float64{"ttl_s": &m.TTLS, "hit_latency_ms": &m.HitLatencyMs}
	for _, k := range sortedKeys(floats) {
		v, ok := values[k]
		if !ok {
			continue
		}
		f, err := parseFiniteFloat(v)
		if err != nil {
			example := map[string]string{"ttl_s": "60", "hit_latency_ms": "0.5"}[k]
			diags.Append(cacheTierImportError(fmt.Sprintf("%s=%s is not a finite number; write it as, for example, %s=%s", k, v, k, example)))
			continue
		}
		*floats[k] = types.Float64Value(f)
	}
	if diags.HasError() {
		return cacheTierResourceModel{}, diags
	}
	return m, diags
}
