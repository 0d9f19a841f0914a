package mapping

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// This file is the one translation between the topology_simulation data
// source and the simulator: configuration to simulator.Model, Finding paths
// back to attribute paths, and simulator.Report to computed attributes.
//
// An optional argument left out maps to the model's zero value, which
// simulator.ApplyDefaults replaces with the simulator's default (so the CLI
// and the provider agree), except where zero is itself meaningful to the
// simulator: a warm-up of 0 s, a read ratio of 0 and seed 0 are valid
// values, so the provider applies its own documented defaults for those.

// Defaults the provider applies itself, because the simulator reads zero
// as a value rather than as "not set".
const (
	// DefaultWarmupS discards the first seconds, while queues fill from
	// empty, so that the figures describe the steady state.
	DefaultWarmupS = 10.0
	// DefaultReadRatio makes every request a read: without replica sets
	// reads and writes are served alike, so the choice does not change the
	// results, and all-reads is the neutral assumption.
	DefaultReadRatio = 1.0
	// DefaultSeed is the seed when the provider is not configured.
	DefaultSeed = 1
)

// Simulation is the configuration and state of topology_simulation.
// Read only runs with a wholly Known configuration, so the nested inputs
// are plain structs and slices; optional leaves are framework types so that
// null (not set) stays distinct from zero.
type Simulation struct {
	Regions       []RegionInput       `tfsdk:"regions"`
	ReplicaSets   []ReplicaSetInput   `tfsdk:"replica_sets"`
	CacheTiers    []CacheTierInput    `tfsdk:"cache_tiers"`
	RoutingPolicy *RoutingPolicyInput `tfsdk:"routing_policy"`
	Scenarios     []ScenarioInput     `tfsdk:"scenarios"`
	Workload      *WorkloadInput      `tfsdk:"workload"`
	Network       *NetworkInput       `tfsdk:"network"`
	SLA           *SLAInput           `tfsdk:"sla"`
	DurationS     types.Float64       `tfsdk:"duration_s"`
	WarmupS       types.Float64       `tfsdk:"warmup_s"`
	Replications  types.Int64         `tfsdk:"replications"`
	Seed          types.Int64         `tfsdk:"seed"`
	Enforce       types.Bool          `tfsdk:"enforce"`

	Results           []scenarioOutput `tfsdk:"results"`
	SLAMet            types.Bool       `tfsdk:"sla_met"`
	SLAStatus         types.String     `tfsdk:"sla_status"`
	ReportMarkdown    types.String     `tfsdk:"report_markdown"`
	SimulatedRequests types.Int64      `tfsdk:"simulated_requests"`
}

// RegionInput is the subset of topology_region's attributes the simulation
// needs; Terraform drops the others when a whole resource is assigned.
type RegionInput struct {
	Name                    types.String  `tfsdk:"name"`
	Location                types.String  `tfsdk:"location"`
	Jurisdiction            types.String  `tfsdk:"jurisdiction"`
	Instances               types.Int64   `tfsdk:"instances"`
	Concurrency             types.Int64   `tfsdk:"concurrency"`
	ServiceTimeMs           types.Float64 `tfsdk:"service_time_ms"`
	ServiceTimeDistribution types.String  `tfsdk:"service_time_distribution"`
	ServiceTimeP99OverP50   types.Float64 `tfsdk:"service_time_p99_over_p50"`
	QueueLimit              types.Int64   `tfsdk:"queue_limit"`
}

// ReplicaSetInput is the subset of topology_replica_set's attributes the
// simulation needs; regions stays a framework list because ValidateConfig
// reads it while some of its elements may still be unknown.
type ReplicaSetInput struct {
	Name               types.String  `tfsdk:"name"`
	Regions            types.List    `tfsdk:"regions"`
	Leader             types.String  `tfsdk:"leader"`
	Replication        types.String  `tfsdk:"replication"`
	ReadConsistency    types.String  `tfsdk:"read_consistency"`
	Quorum             types.Int64   `tfsdk:"quorum"`
	StalenessBoundMs   types.Float64 `tfsdk:"staleness_bound_ms"`
	ApplyTimeMs        types.Float64 `tfsdk:"apply_time_ms"`
	ElectionTimeoutMs  types.Float64 `tfsdk:"election_timeout_ms"`
	PromotionDelayMs   types.Float64 `tfsdk:"promotion_delay_ms"`
	ConflictResolution types.String  `tfsdk:"conflict_resolution"`
}

// fields are the attributes the replica set rules read.
func (r ReplicaSetInput) Fields() ReplicaSetFields {
	return ReplicaSetFields{
		Regions: r.Regions, Leader: r.Leader, Replication: r.Replication, ReadConsistency: r.ReadConsistency,
		Quorum: r.Quorum, StalenessBoundMs: r.StalenessBoundMs, ElectionTimeoutMs: r.ElectionTimeoutMs,
		PromotionDelayMs: r.PromotionDelayMs, ConflictResolution: r.ConflictResolution,
	}
}

// CacheTierInput is the subset of topology_cache_tier's attributes the
// simulation needs (all its arguments; Terraform drops id when a whole
// resource is assigned). regions stays a framework list, as for replica
// sets, because ValidateConfig reads it while elements may be unknown.
type CacheTierInput struct {
	Name         types.String  `tfsdk:"name"`
	ReplicaSet   types.String  `tfsdk:"replica_set"`
	Regions      types.List    `tfsdk:"regions"`
	CapacityKeys types.Int64   `tfsdk:"capacity_keys"`
	TTLS         types.Float64 `tfsdk:"ttl_s"`
	Eviction     types.String  `tfsdk:"eviction"`
	HitLatencyMs types.Float64 `tfsdk:"hit_latency_ms"`
	WritePolicy  types.String  `tfsdk:"write_policy"`
}

// toModel maps one cache tier, applying the same defaults as
// topology_cache_tier so that a literal object and a resource simulate
// alike.
func (t CacheTierInput) ToModel() simulator.CacheTier {
	ct := simulator.CacheTier{
		Name:         t.Name.ValueString(),
		ReplicaSet:   t.ReplicaSet.ValueString(),
		CapacityKeys: int(t.CapacityKeys.ValueInt64()),
		TTLS:         t.TTLS.ValueFloat64(), // 0 is no expiry
		Eviction:     StringOr(t.Eviction, DefaultCacheEviction),
		HitLatencyMs: Float64Or(t.HitLatencyMs, DefaultCacheHitLatencyMs),
		WritePolicy:  StringOr(t.WritePolicy, DefaultCacheWritePolicy),
	}
	for _, e := range t.Regions.Elements() {
		if s, ok := e.(types.String); ok {
			ct.Regions = append(ct.Regions, s.ValueString())
		}
	}
	return ct
}

// RoutingPolicyInput is topology_routing_policy's arguments (Terraform
// drops id when the whole resource is assigned). The collections and nested
// objects stay framework values because ValidateConfig reads them while
// some of their values may still be unknown.
type RoutingPolicyInput struct {
	Name             types.String  `tfsdk:"name"`
	Strategy         types.String  `tfsdk:"strategy"`
	GeoRoutes        types.Map     `tfsdk:"geo_routes"`
	Weights          types.Map     `tfsdk:"weights"`
	Failover         types.List    `tfsdk:"failover"`
	HealthCheck      types.Object  `tfsdk:"health_check"`
	DNSTTLS          types.Float64 `tfsdk:"dns_ttl_s"`
	RequestTimeoutMs types.Float64 `tfsdk:"request_timeout_ms"`
	Retry            types.Object  `tfsdk:"retry"`
	CircuitBreaker   types.Object  `tfsdk:"circuit_breaker"`
}

// fields are the attributes the routing policy rules read.
func (p RoutingPolicyInput) Fields() RoutingPolicyFields {
	return RoutingPolicyFields{
		Strategy: p.Strategy, GeoRoutes: p.GeoRoutes, Weights: p.Weights, Failover: p.Failover,
		HealthCheck: p.HealthCheck, DNSTTLS: p.DNSTTLS, RequestTimeoutMs: p.RequestTimeoutMs,
		Retry: p.Retry, CircuitBreaker: p.CircuitBreaker,
	}
}

// toModel maps the routing policy, applying the same defaults as
// topology_routing_policy so that a literal object and a resource simulate
// alike; an unset dns_ttl_s is DefaultDNSTTLS, which the simulator does not
// apply itself (it reads 0 as no caching), and an unset request_timeout_ms
// is 0, no timeout. The maps become lists sorted by key, so that the model
// (and the paths of its findings) are the same on every run.
func (p RoutingPolicyInput) ToModel() *simulator.RoutingPolicy {
	hc, retry, breaker := ResolveHealthCheck(p.HealthCheck), ResolveRetry(p.Retry), ResolveBreaker(p.CircuitBreaker)
	rp := &simulator.RoutingPolicy{
		Name:     p.Name.ValueString(),
		Strategy: StringOr(p.Strategy, DefaultRoutingStrategy),
		HealthCheck: simulator.HealthCheck{
			IntervalS:        Float64Attr(hc, "interval_s", HealthCheckAttrTypes).ValueFloat64(),
			FailureThreshold: int(Int64Attr(hc, "failure_threshold", HealthCheckAttrTypes).ValueInt64()),
			TimeoutMs:        Float64Attr(hc, "timeout_ms", HealthCheckAttrTypes).ValueFloat64(),
		},
		DNSTTLS:          Float64Or(p.DNSTTLS, DefaultDNSTTLS),
		RequestTimeoutMs: p.RequestTimeoutMs.ValueFloat64(),
		Retry: simulator.RetryPolicy{
			MaxAttempts:   int(Int64Attr(retry, "max_attempts", RetryAttrTypes).ValueInt64()),
			BackoffBaseMs: Float64Attr(retry, "backoff_base_ms", RetryAttrTypes).ValueFloat64(),
			BackoffMaxMs:  Float64Attr(retry, "backoff_max_ms", RetryAttrTypes).ValueFloat64(),
		},
	}
	routes := p.GeoRoutes.Elements()
	for _, origin := range SortedKeys(routes) {
		if region, ok := routes[origin].(types.String); ok {
			rp.GeoRoutes = append(rp.GeoRoutes, simulator.GeoRoute{Origin: origin, Region: region.ValueString()})
		}
	}
	weights := p.Weights.Elements()
	for _, region := range SortedKeys(weights) {
		if w, ok := weights[region].(types.Float64); ok {
			rp.Weights = append(rp.Weights, simulator.RegionWeight{Region: region, Weight: w.ValueFloat64()})
		}
	}
	for _, e := range p.Failover.Elements() {
		if s, ok := e.(types.String); ok {
			rp.Failover = append(rp.Failover, s.ValueString())
		}
	}
	if !breaker.IsNull() {
		rp.CircuitBreaker = &simulator.CircuitBreaker{
			FailureThreshold: int(Int64Attr(breaker, "failure_threshold", BreakerAttrTypes).ValueInt64()),
			OpenS:            Float64Attr(breaker, "open_s", BreakerAttrTypes).ValueFloat64(),
		}
	}
	return rp
}

type ScenarioInput struct {
	Name   types.String `tfsdk:"name"`
	Faults []FaultInput `tfsdk:"faults"`
}

type FaultInput struct {
	Type       types.String  `tfsdk:"type"`
	Region     types.String  `tfsdk:"region"`
	Origin     types.String  `tfsdk:"origin"`
	RegionB    types.String  `tfsdk:"region_b"`
	Tier       types.String  `tfsdk:"tier"`
	Fraction   types.Float64 `tfsdk:"fraction"`
	Multiplier types.Float64 `tfsdk:"multiplier"`
	ExtraMs    types.Float64 `tfsdk:"extra_ms"`
	AtS        types.Float64 `tfsdk:"at_s"`
	DurationS  types.Float64 `tfsdk:"duration_s"`
}

type WorkloadInput struct {
	Keys    types.Int64   `tfsdk:"keys"`
	ZipfS   types.Float64 `tfsdk:"zipf_s"`
	Origins []OriginInput `tfsdk:"origins"`
}

type OriginInput struct {
	Name       types.String  `tfsdk:"name"`
	Location   types.String  `tfsdk:"location"`
	RPS        types.Float64 `tfsdk:"rps"`
	ReadRatio  types.Float64 `tfsdk:"read_ratio"`
	ReplicaSet types.String  `tfsdk:"replica_set"`
	// AllowedJurisdictions is null when the origin sets no constraint.
	AllowedJurisdictions []types.String `tfsdk:"allowed_jurisdictions"`
}

type NetworkInput struct {
	JitterSigma types.Float64 `tfsdk:"jitter_sigma"`
}

type SLAInput struct {
	LatencyP50Ms  types.Float64 `tfsdk:"latency_p50_ms"`
	LatencyP95Ms  types.Float64 `tfsdk:"latency_p95_ms"`
	LatencyP99Ms  types.Float64 `tfsdk:"latency_p99_ms"`
	LatencyP999Ms types.Float64 `tfsdk:"latency_p999_ms"`
	Availability  types.Float64 `tfsdk:"availability"`

	ReadLatencyP99Ms    types.Float64 `tfsdk:"read_latency_p99_ms"`
	WriteLatencyP99Ms   types.Float64 `tfsdk:"write_latency_p99_ms"`
	ReplicationLagP99Ms types.Float64 `tfsdk:"replication_lag_p99_ms"`
	RPOMs               types.Float64 `tfsdk:"rpo_ms"`
	StaleReadRatio      types.Float64 `tfsdk:"stale_read_ratio"`
	ConflictRatio       types.Float64 `tfsdk:"conflict_ratio"`
	RTOS                types.Float64 `tfsdk:"rto_s"`
}

// toModel builds the simulator's model from the configuration; the caller
// then runs simulator.ApplyDefaults on it. Null values become zero values
// (the framework's Value methods return zero for null), which the
// validators guarantee a configured value never is where the simulator
// reads zero as "not set". settings
// may be nil when the provider is not configured. List order is kept, so
// index i of regions or origins is index i of the model, which is what
// lets FindingPath point a Finding back at the right list element.
func (c *Simulation) ToModel(settings *ProviderSettings) simulator.Model {
	m := simulator.Model{
		Regions: make([]simulator.Region, len(c.Regions)),
		Run: simulator.RunSettings{
			DurationS:    c.DurationS.ValueFloat64(),
			WarmupS:      Float64Or(c.WarmupS, DefaultWarmupS),
			Replications: int(c.Replications.ValueInt64()),
			Seed:         DefaultSeed,
		},
	}
	if settings != nil {
		m.Run.Seed = settings.DefaultSeed
		m.Run.MaxSimulatedRequests = settings.MaxSimulatedRequests
	}
	if !c.Seed.IsNull() && !c.Seed.IsUnknown() {
		m.Run.Seed = uint64(c.Seed.ValueInt64()) // validated >= 0
	}
	for i, r := range c.Regions {
		m.Regions[i] = simulator.Region{
			Name:                    r.Name.ValueString(),
			Location:                r.Location.ValueString(),
			Jurisdiction:            regionJurisdiction(r),
			Instances:               int(r.Instances.ValueInt64()),
			Concurrency:             int(r.Concurrency.ValueInt64()),
			ServiceTimeMs:           r.ServiceTimeMs.ValueFloat64(),
			ServiceTimeDistribution: r.ServiceTimeDistribution.ValueString(),
			ServiceTimeP99OverP50:   r.ServiceTimeP99OverP50.ValueFloat64(),
			QueueLimit:              int(r.QueueLimit.ValueInt64()), // 0 is unbounded
		}
	}
	for _, r := range c.ReplicaSets {
		m.ReplicaSets = append(m.ReplicaSets, r.ToModel())
	}
	for _, t := range c.CacheTiers {
		m.CacheTiers = append(m.CacheTiers, t.ToModel())
	}
	if c.RoutingPolicy != nil {
		m.RoutingPolicy = c.RoutingPolicy.ToModel()
	}
	for _, sc := range c.Scenarios {
		s := simulator.Scenario{Name: sc.Name.ValueString(), Faults: make([]simulator.Fault, len(sc.Faults))}
		for j, f := range sc.Faults {
			s.Faults[j] = simulator.Fault{
				Type:       f.Type.ValueString(),
				Region:     f.Region.ValueString(),
				Origin:     f.Origin.ValueString(),
				RegionB:    f.RegionB.ValueString(),
				Tier:       f.Tier.ValueString(),
				Fraction:   f.Fraction.ValueFloat64(),
				Multiplier: f.Multiplier.ValueFloat64(),
				ExtraMs:    f.ExtraMs.ValueFloat64(),
				AtS:        f.AtS.ValueFloat64(),
				DurationS:  f.DurationS.ValueFloat64(), // 0 is until the end of the run
			}
		}
		m.Scenarios = append(m.Scenarios, s)
	}
	if c.Workload != nil {
		m.Workload.Keys = int(c.Workload.Keys.ValueInt64()) // 0 is the simulator's default
		m.Workload.ZipfS = float64Ptr(c.Workload.ZipfS)
		m.Workload.Origins = make([]simulator.Origin, len(c.Workload.Origins))
		for i, o := range c.Workload.Origins {
			m.Workload.Origins[i] = simulator.Origin{
				Name:       o.Name.ValueString(),
				Location:   o.Location.ValueString(),
				RPS:        o.RPS.ValueFloat64(),
				ReadRatio:  Float64Or(o.ReadRatio, DefaultReadRatio),
				ReplicaSet: o.ReplicaSet.ValueString(),
			}
			for _, j := range o.AllowedJurisdictions {
				m.Workload.Origins[i].AllowedJurisdictions = append(m.Workload.Origins[i].AllowedJurisdictions, j.ValueString())
			}
		}
	}
	if c.Network != nil {
		m.Network.JitterSigma = float64Ptr(c.Network.JitterSigma)
	}
	if c.SLA != nil {
		m.SLA = simulator.SLA{
			LatencyP50Ms:  float64Ptr(c.SLA.LatencyP50Ms),
			LatencyP95Ms:  float64Ptr(c.SLA.LatencyP95Ms),
			LatencyP99Ms:  float64Ptr(c.SLA.LatencyP99Ms),
			LatencyP999Ms: float64Ptr(c.SLA.LatencyP999Ms),
			Availability:  float64Ptr(c.SLA.Availability),

			ReadLatencyP99Ms:    float64Ptr(c.SLA.ReadLatencyP99Ms),
			WriteLatencyP99Ms:   float64Ptr(c.SLA.WriteLatencyP99Ms),
			ReplicationLagP99Ms: float64Ptr(c.SLA.ReplicationLagP99Ms),
			RPOMs:               float64Ptr(c.SLA.RPOMs),
			StaleReadRatio:      float64Ptr(c.SLA.StaleReadRatio),
			ConflictRatio:       float64Ptr(c.SLA.ConflictRatio),
			RTOS:                float64Ptr(c.SLA.RTOS),
		}
	}
	return m
}

// toModel maps one replica set, applying the same defaults as
// topology_replica_set so that a literal object and a resource simulate
// alike: a mode-specific setting left out takes its default under its mode
// and stays zero under the others (where the simulator ignores it, and
// Check reports a value set there). Quorum 0 is the simulator's Majority.
func (r ReplicaSetInput) ToModel() simulator.ReplicaSet {
	mode := r.Replication.ValueString()
	rs := simulator.ReplicaSet{
		Name:               r.Name.ValueString(),
		Leader:             r.Leader.ValueString(),
		Replication:        mode,
		ReadConsistency:    StringOr(r.ReadConsistency, DefaultReadConsistency),
		Quorum:             int(r.Quorum.ValueInt64()),
		StalenessBoundMs:   r.StalenessBoundMs.ValueFloat64(),
		ApplyTimeMs:        Float64Or(r.ApplyTimeMs, DefaultApplyTimeMs),
		ElectionTimeoutMs:  r.ElectionTimeoutMs.ValueFloat64(),
		PromotionDelayMs:   r.PromotionDelayMs.ValueFloat64(),
		ConflictResolution: r.ConflictResolution.ValueString(),
	}
	for _, e := range r.Regions.Elements() {
		if s, ok := e.(types.String); ok {
			rs.Regions = append(rs.Regions, s.ValueString())
		}
	}
	switch mode {
	case simulator.ReplicationSyncQuorum:
		rs.ElectionTimeoutMs = Float64Or(r.ElectionTimeoutMs, DefaultElectionTimeoutMs)
	case simulator.ReplicationAsyncPrimary:
		rs.PromotionDelayMs = Float64Or(r.PromotionDelayMs, DefaultPromotionDelayMs)
	case simulator.ReplicationMultiLeader:
		rs.ConflictResolution = StringOr(r.ConflictResolution, DefaultConflictResolution)
	}
	return rs
}

// regionJurisdiction is a region's jurisdiction: as given, or, as
// topology_region defaults it, the catalog's jurisdiction of its location
// (none for coordinates, or for a location that does not parse, which
// Check reports).
func regionJurisdiction(r RegionInput) string {
	if !r.Jurisdiction.IsNull() && !r.Jurisdiction.IsUnknown() {
		return r.Jurisdiction.ValueString()
	}
	loc, err := geo.Parse(r.Location.ValueString())
	if err != nil {
		return ""
	}
	return loc.Jurisdiction
}

// Enforced reports whether a failed SLA clause fails the plan.
func (c *Simulation) Enforced() bool {
	return c.Enforce.IsNull() || c.Enforce.IsUnknown() || c.Enforce.ValueBool()
}

func Float64Or(v types.Float64, def float64) float64 {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueFloat64()
}

func StringOr(v types.String, def string) string {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueString()
}

// float64Ptr maps null to nil, which the simulator reads as "not set".
func float64Ptr(v types.Float64) *float64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	x := v.ValueFloat64()
	return &x
}

// findingStep matches one segment of a Finding path: a JSON name followed
// by any number of list indexes, as in "origins[0]".
var findingStep = regexp.MustCompile(`^([a-z0-9_]+)((?:\[[0-9]+\])*)$`)

// FindingPath translates a Finding.Path in the model's JSON names
// ("regions[1].instances", "workload.origins[0].rps", "run.duration_s")
// into the attribute path of the data source. The run settings are root
// attributes here, so "run." is dropped. When the path names something the
// data source has no attribute for (say "run.max_simulated_requests", a
// provider setting), the longest prefix that is an attribute is used; ok is
// false when not even the first segment is, and the finding is then
// reported without a path.
func FindingPath(ctx context.Context, s schema.Schema, modelPath string) (p path.Path, ok bool) {
	segments := strings.Split(modelPath, ".")
	if len(segments) > 1 && segments[0] == "run" {
		segments = segments[1:]
	}
	var steps []func(path.Path) path.Path
	for _, seg := range segments {
		m := findingStep.FindStringSubmatch(seg)
		if m == nil {
			break // Keep what parsed so far: a prefix is better than nothing.
		}
		name := m[1]
		steps = append(steps, func(p path.Path) path.Path {
			if len(p.Steps()) == 0 {
				return path.Root(name)
			}
			return p.AtName(name)
		})
		for _, idx := range strings.Split(strings.Trim(m[2], "[]"), "][") {
			if idx == "" {
				continue
			}
			i, err := strconv.Atoi(idx)
			if err != nil {
				break
			}
			steps = append(steps, func(p path.Path) path.Path { return p.AtListIndex(i) })
		}
	}
	for n := len(steps); n > 0; n-- {
		p := path.Empty()
		for _, step := range steps[:n] {
			p = step(p)
		}
		// A list element is not an attribute, so check the attribute that
		// holds it; the diagnostic still points at the element.
		check := p
		for isElement(check) {
			check = check.ParentPath()
		}
		if _, diags := s.AttributeAtPath(ctx, check); !diags.HasError() {
			return p, true
		}
	}
	return path.Empty(), false
}

// mapFindingStep matches the model's lists that the data source holds as
// maps: routing_policy.geo_routes (keyed by origin) and
// routing_policy.weights (keyed by region), sorted by key in the model.
var mapFindingStep = regexp.MustCompile(`^routing_policy\.(geo_routes|weights)\[([0-9]+)\]`)

// ModelFindingPath is FindingPath, except that an element of a list the
// data source holds as a map (see mapFindingStep) is pointed at by its key
// in m, the model that was checked; whatever the finding names inside the
// element (its origin, region or weight) is that map entry.
func ModelFindingPath(ctx context.Context, s schema.Schema, modelPath string, m simulator.Model) (path.Path, bool) {
	sub := mapFindingStep.FindStringSubmatch(modelPath)
	if sub == nil {
		return FindingPath(ctx, s, modelPath)
	}
	p := path.Root("routing_policy").AtName(sub[1])
	i, err := strconv.Atoi(sub[2])
	switch rp := m.RoutingPolicy; {
	case err != nil || rp == nil:
	case sub[1] == "geo_routes" && i < len(rp.GeoRoutes):
		return p.AtMapKey(rp.GeoRoutes[i].Origin), true
	case sub[1] == "weights" && i < len(rp.Weights):
		return p.AtMapKey(rp.Weights[i].Region), true
	}
	return p, true
}

func isElement(p path.Path) bool {
	steps := p.Steps()
	if len(steps) == 0 {
		return false
	}
	_, ok := steps[len(steps)-1].(path.PathStepElementKeyInt)
	return ok
}

// FindingDiagnostics turns the simulator's static findings into
// diagnostics on the attributes at fault. A severity other than warning is
// treated as an error, so that a new severity can never let a model the
// simulator refuses slip through.
func FindingDiagnostics(ctx context.Context, s schema.Schema, findings []simulator.Finding, m simulator.Model) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, f := range findings {
		detail := f.Detail
		p, ok := ModelFindingPath(ctx, s, f.Path, m)
		switch {
		case !ok && f.Path != "":
			detail = fmt.Sprintf("%s\n\n(Model path: %s.)", detail, f.Path)
		case ok && len(p.Steps()) > 1 && !strings.Contains(f.Summary+detail, p.String()):
			// Terraform points only at the top-level argument of a nested
			// attribute (often just the block), so name the element.
			detail = fmt.Sprintf("%s\n\n(Attribute: %s.)", detail, p)
		}
		switch {
		case f.Severity == simulator.SeverityWarning && ok:
			diags.AddAttributeWarning(p, f.Summary, detail)
		case f.Severity == simulator.SeverityWarning:
			diags.AddWarning(f.Summary, detail)
		case ok:
			diags.AddAttributeError(p, f.Summary, detail)
		default:
			diags.AddError(f.Summary, detail)
		}
	}
	return diags
}

// SLADiagnostics reports, per scenario, the failed clauses as one error
// (one warning when enforce is false) and the marginal clauses as one
// warning, all on the sla attribute. The wording comes from internal/report
// so that the CLI says the same.
func SLADiagnostics(r *simulator.Report, enforce bool) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root("sla")
	for _, s := range r.Scenarios {
		if msg, failed := report.SLAFailure(s, r.Replications); failed {
			if enforce {
				diags.AddAttributeError(at, msg.Summary, msg.Detail+
					"\n\nTo see the results without failing the plan, set enforce = false: SLA failures are then warnings.")
			} else {
				diags.AddAttributeWarning(at, msg.Summary, msg.Detail+
					"\n\nenforce = false, so this does not fail the plan.")
			}
		}
		if msg, marginal := report.SLAMarginal(s, r.Replications); marginal {
			diags.AddAttributeWarning(at, msg.Summary, msg.Detail)
		}
	}
	return diags
}

// The computed results. Plain Go types hold values that are always Known;
// types.Float64 holds figures that may be NaN (no successful request in a
// replication), which are reported as null since Terraform numbers cannot
// be NaN.

type scenarioOutput struct {
	Name           string                   `tfsdk:"name"`
	Requests       int64                    `tfsdk:"requests"`
	LatencyMs      latencyOutput            `tfsdk:"latency_ms"`
	LatencyMsCI    latencyCIOutput          `tfsdk:"latency_ms_ci"`
	Availability   types.Float64            `tfsdk:"availability"`
	AvailabilityCI intervalOutput           `tfsdk:"availability_ci"`
	Utilization    map[string]types.Float64 `tfsdk:"utilization"`
	Origins        []originOutput           `tfsdk:"origins"`
	Regions        []regionOutput           `tfsdk:"regions"`
	SLA            []clauseOutput           `tfsdk:"sla"`

	ReadLatencyMs         latencyOutput      `tfsdk:"read_latency_ms"`
	ReadLatencyMsCI       latencyCIOutput    `tfsdk:"read_latency_ms_ci"`
	WriteLatencyMs        latencyOutput      `tfsdk:"write_latency_ms"`
	WriteLatencyMsCI      latencyCIOutput    `tfsdk:"write_latency_ms_ci"`
	WriteAvailability     types.Float64      `tfsdk:"write_availability"`
	WriteAvailabilityCI   intervalOutput     `tfsdk:"write_availability_ci"`
	StaleReadRatio        types.Float64      `tfsdk:"stale_read_ratio"`
	StaleReadRatioCI      intervalOutput     `tfsdk:"stale_read_ratio_ci"`
	ReplicationLagP99Ms   types.Float64      `tfsdk:"replication_lag_p99_ms"`
	ReplicationLagP99MsCI intervalOutput     `tfsdk:"replication_lag_p99_ms_ci"`
	LostWrites            types.Float64      `tfsdk:"lost_writes"`
	LostWritesCI          intervalOutput     `tfsdk:"lost_writes_ci"`
	RPOMs                 types.Float64      `tfsdk:"rpo_ms"`
	RPOMsCI               intervalOutput     `tfsdk:"rpo_ms_ci"`
	ConflictRatio         types.Float64      `tfsdk:"conflict_ratio"`
	ConflictRatioCI       intervalOutput     `tfsdk:"conflict_ratio_ci"`
	ReplicaSets           []replicaSetOutput `tfsdk:"replica_sets"`
	CacheHitRatio         types.Float64      `tfsdk:"cache_hit_ratio"`
	CacheHitRatioCI       intervalOutput     `tfsdk:"cache_hit_ratio_ci"`
	CacheTiers            []cacheTierOutput  `tfsdk:"cache_tiers"`
	RTOS                  types.Float64      `tfsdk:"rto_s"`
	RTOSCI                intervalOutput     `tfsdk:"rto_s_ci"`
	Routing               *routingOutput     `tfsdk:"routing"`
	Timeline              []timelineOutput   `tfsdk:"timeline"`
}

// routingOutput is what the routing policy measured in one scenario; nil
// (null) without a policy.
type routingOutput struct {
	AttemptsPerRequest    types.Float64             `tfsdk:"attempts_per_request"`
	AttemptsPerRequestCI  intervalOutput            `tfsdk:"attempts_per_request_ci"`
	GoodputRPS            types.Float64             `tfsdk:"goodput_rps"`
	GoodputRPSCI          intervalOutput            `tfsdk:"goodput_rps_ci"`
	TimedOutRatio         types.Float64             `tfsdk:"timed_out_ratio"`
	TimedOutRatioCI       intervalOutput            `tfsdk:"timed_out_ratio_ci"`
	BreakerOpens          types.Float64             `tfsdk:"breaker_opens"`
	BreakerOpensCI        intervalOutput            `tfsdk:"breaker_opens_ci"`
	RTOS                  types.Float64             `tfsdk:"rto_s"`
	RTOSCI                intervalOutput            `tfsdk:"rto_s_ci"`
	Recovered             bool                      `tfsdk:"recovered"`
	RTOTarget             types.Float64             `tfsdk:"rto_target"`
	Faults                []faultRecoveryOutput     `tfsdk:"faults"`
	SovereigntyViolations []sovereigntyViolationOut `tfsdk:"sovereignty_violations"`
}

type faultRecoveryOutput struct {
	Type         string         `tfsdk:"type"`
	Region       string         `tfsdk:"region"`
	AtS          types.Float64  `tfsdk:"at_s"`
	DetectionS   types.Float64  `tfsdk:"detection_s"`
	DetectionSCI intervalOutput `tfsdk:"detection_s_ci"`
	Detected     types.Float64  `tfsdk:"detected"`
}

type sovereigntyViolationOut struct {
	Origin       string        `tfsdk:"origin"`
	Region       string        `tfsdk:"region"`
	Jurisdiction string        `tfsdk:"jurisdiction"`
	FirstS       types.Float64 `tfsdk:"first_s"`
	Requests     types.Float64 `tfsdk:"requests"`
}

type cacheTierOutput struct {
	Name            string              `tfsdk:"name"`
	Regions         []cacheRegionOutput `tfsdk:"regions"`
	HitLatencyMs    latencyOutput       `tfsdk:"hit_latency_ms"`
	HitLatencyMsCI  latencyCIOutput     `tfsdk:"hit_latency_ms_ci"`
	MissLatencyMs   latencyOutput       `tfsdk:"miss_latency_ms"`
	MissLatencyMsCI latencyCIOutput     `tfsdk:"miss_latency_ms_ci"`
}

type cacheRegionOutput struct {
	Region          string         `tfsdk:"region"`
	HitRatio        types.Float64  `tfsdk:"hit_ratio"`
	HitRatioCI      intervalOutput `tfsdk:"hit_ratio_ci"`
	StaleHitRatio   types.Float64  `tfsdk:"stale_hit_ratio"`
	StaleHitRatioCI intervalOutput `tfsdk:"stale_hit_ratio_ci"`
}

type timelineOutput struct {
	TS             types.Float64   `tfsdk:"t_s"`
	Requests       types.Float64   `tfsdk:"requests"`
	SuccessRatio   types.Float64   `tfsdk:"success_ratio"`
	P99Ms          types.Float64   `tfsdk:"p99_ms"`
	CacheHitRatio  types.Float64   `tfsdk:"cache_hit_ratio"`
	Attempts       types.Float64   `tfsdk:"attempts"`
	RegionAttempts []types.Float64 `tfsdk:"region_attempts"`
}

type replicaSetOutput struct {
	Name                string           `tfsdk:"name"`
	Replication         string           `tfsdk:"replication"`
	CommitLatencyMs     latencyOutput    `tfsdk:"commit_latency_ms"`
	CommitLatencyMsCI   latencyCIOutput  `tfsdk:"commit_latency_ms_ci"`
	Followers           []followerOutput `tfsdk:"followers"`
	StaleReadRatio      types.Float64    `tfsdk:"stale_read_ratio"`
	StaleReadRatioCI    intervalOutput   `tfsdk:"stale_read_ratio_ci"`
	LostWrites          types.Float64    `tfsdk:"lost_writes"`
	LostWritesCI        intervalOutput   `tfsdk:"lost_writes_ci"`
	RPOMs               types.Float64    `tfsdk:"rpo_ms"`
	RPOMsCI             intervalOutput   `tfsdk:"rpo_ms_ci"`
	SplitBrainWrites    types.Float64    `tfsdk:"split_brain_writes"`
	SplitBrainWritesCI  intervalOutput   `tfsdk:"split_brain_writes_ci"`
	Conflicts           types.Float64    `tfsdk:"conflicts"`
	ConflictsCI         intervalOutput   `tfsdk:"conflicts_ci"`
	LostUpdates         types.Float64    `tfsdk:"lost_updates"`
	LostUpdatesCI       intervalOutput   `tfsdk:"lost_updates_ci"`
	Merges              types.Float64    `tfsdk:"merges"`
	MergesCI            intervalOutput   `tfsdk:"merges_ci"`
	WriteUnavailableS   types.Float64    `tfsdk:"write_unavailable_s"`
	WriteUnavailableSCI intervalOutput   `tfsdk:"write_unavailable_s_ci"`
	Failovers           types.Float64    `tfsdk:"failovers"`
	FailoversCI         intervalOutput   `tfsdk:"failovers_ci"`
}

type followerOutput struct {
	Region     string         `tfsdk:"region"`
	LagP50Ms   types.Float64  `tfsdk:"lag_p50_ms"`
	LagP50MsCI intervalOutput `tfsdk:"lag_p50_ms_ci"`
	LagP99Ms   types.Float64  `tfsdk:"lag_p99_ms"`
	LagP99MsCI intervalOutput `tfsdk:"lag_p99_ms_ci"`
	LagMaxMs   types.Float64  `tfsdk:"lag_max_ms"`
	LagMaxMsCI intervalOutput `tfsdk:"lag_max_ms_ci"`
}

type originOutput struct {
	Name           string          `tfsdk:"name"`
	Location       string          `tfsdk:"location"`
	ServedBy       string          `tfsdk:"served_by"`
	Requests       int64           `tfsdk:"requests"`
	LatencyMs      latencyOutput   `tfsdk:"latency_ms"`
	LatencyMsCI    latencyCIOutput `tfsdk:"latency_ms_ci"`
	Availability   types.Float64   `tfsdk:"availability"`
	AvailabilityCI intervalOutput  `tfsdk:"availability_ci"`
	MinLatencyMs   types.Float64   `tfsdk:"min_latency_ms"`
}

type regionOutput struct {
	Name          string        `tfsdk:"name"`
	ArrivalRPS    types.Float64 `tfsdk:"arrival_rps"`
	Utilization   types.Float64 `tfsdk:"utilization"`
	RejectedRatio types.Float64 `tfsdk:"rejected_ratio"`
	MeanWaitMs    types.Float64 `tfsdk:"mean_wait_ms"`
	MeanSojournMs types.Float64 `tfsdk:"mean_sojourn_ms"`
	P99SojournMs  types.Float64 `tfsdk:"p99_sojourn_ms"`
}

type clauseOutput struct {
	Clause   string        `tfsdk:"clause"`
	Target   types.Float64 `tfsdk:"target"`
	Observed types.Float64 `tfsdk:"observed"`
	CILow    types.Float64 `tfsdk:"ci_low"`
	CIHigh   types.Float64 `tfsdk:"ci_high"`
	Status   string        `tfsdk:"status"`
}

type latencyOutput struct {
	Mean types.Float64 `tfsdk:"mean"`
	P50  types.Float64 `tfsdk:"p50"`
	P95  types.Float64 `tfsdk:"p95"`
	P99  types.Float64 `tfsdk:"p99"`
	P999 types.Float64 `tfsdk:"p999"`
}

type latencyCIOutput struct {
	Mean intervalOutput `tfsdk:"mean"`
	P50  intervalOutput `tfsdk:"p50"`
	P95  intervalOutput `tfsdk:"p95"`
	P99  intervalOutput `tfsdk:"p99"`
	P999 intervalOutput `tfsdk:"p999"`
}

type intervalOutput struct {
	Low  types.Float64 `tfsdk:"low"`
	High types.Float64 `tfsdk:"high"`
}

// SetResults fills the computed attributes from the report.
func (c *Simulation) SetResults(r *simulator.Report) {
	c.Results = make([]scenarioOutput, len(r.Scenarios))
	for i, s := range r.Scenarios {
		c.Results[i] = scenarioFromReport(s)
	}
	// sla_met is derived from the same verdict as sla_status so that the two
	// can never disagree: met means every clause passed, or there was none.
	status := report.Verdict(r)
	c.SLAMet = types.BoolValue(status == report.VerdictPass || status == report.VerdictNone)
	c.SLAStatus = types.StringValue(status)
	c.ReportMarkdown = types.StringValue(report.Markdown(r))
	c.SimulatedRequests = types.Int64Value(r.SimulatedRequests)
}

func scenarioFromReport(s simulator.ScenarioResult) scenarioOutput {
	out := scenarioOutput{
		Name:           s.Name,
		Requests:       s.Requests,
		Availability:   float64OrNull(s.Availability.Mean),
		AvailabilityCI: intervalOf(s.Availability),
		Utilization:    make(map[string]types.Float64, len(s.Regions)),
		Origins:        make([]originOutput, len(s.Origins)),
		Regions:        make([]regionOutput, len(s.Regions)),
		SLA:            make([]clauseOutput, len(s.SLA)),
	}
	out.LatencyMs, out.LatencyMsCI = latencyOf(s.Latency)
	out.ReadLatencyMs, out.ReadLatencyMsCI = latencyOf(s.ReadLatency)
	out.WriteLatencyMs, out.WriteLatencyMsCI = latencyOf(s.WriteLatency)
	out.WriteAvailability, out.WriteAvailabilityCI = estimateOf(s.WriteAvailability)
	out.StaleReadRatio, out.StaleReadRatioCI = estimateOf(s.StaleReadRatio)
	out.ReplicationLagP99Ms, out.ReplicationLagP99MsCI = estimateOf(s.ReplicationLagP99)
	out.LostWrites, out.LostWritesCI = estimateOf(s.LostWrites)
	out.RPOMs, out.RPOMsCI = estimateOf(s.RPOMs)
	out.ConflictRatio, out.ConflictRatioCI = estimateOf(s.ConflictRatio)
	out.ReplicaSets = make([]replicaSetOutput, len(s.ReplicaSets))
	for i, rs := range s.ReplicaSets {
		out.ReplicaSets[i] = replicaSetFromReport(rs)
	}
	out.CacheHitRatio, out.CacheHitRatioCI = estimateOf(s.CacheHitRatio)
	out.CacheTiers = make([]cacheTierOutput, len(s.CacheTiers))
	for i, ct := range s.CacheTiers {
		out.CacheTiers[i] = cacheTierFromReport(ct)
	}
	out.RTOS, out.RTOSCI = types.Float64Null(), intervalOutput{Low: types.Float64Null(), High: types.Float64Null()}
	if s.Routing != nil {
		out.Routing = routingFromReport(*s.Routing)
		out.RTOS, out.RTOSCI = out.Routing.RTOS, out.Routing.RTOSCI
	}
	out.Timeline = make([]timelineOutput, len(s.Timeline))
	for i, p := range s.Timeline {
		out.Timeline[i] = timelineOutput{
			TS:             float64OrNull(p.TimeS),
			Requests:       float64OrNull(p.Requests),
			SuccessRatio:   float64OrNull(p.SuccessRatio),
			P99Ms:          float64OrNull(p.P99Ms),
			CacheHitRatio:  float64OrNull(p.CacheHitRatio),
			Attempts:       float64OrNull(p.Attempts),
			RegionAttempts: make([]types.Float64, len(p.RegionAttempts)),
		}
		for j, a := range p.RegionAttempts {
			out.Timeline[i].RegionAttempts[j] = float64OrNull(a)
		}
	}
	for i, o := range s.Origins {
		out.Origins[i] = originOutput{
			Name:           o.Name,
			Location:       o.Location,
			ServedBy:       o.ServedBy,
			Requests:       o.Requests,
			Availability:   float64OrNull(o.Availability.Mean),
			AvailabilityCI: intervalOf(o.Availability),
			MinLatencyMs:   float64OrNull(o.MinLatencyMs),
		}
		if o.MinLatencyMs == 0 {
			// The simulator leaves it 0 when no request succeeded.
			out.Origins[i].MinLatencyMs = types.Float64Null()
		}
		out.Origins[i].LatencyMs, out.Origins[i].LatencyMsCI = latencyOf(o.Latency)
	}
	for i, g := range s.Regions {
		out.Utilization[g.Name] = float64OrNull(g.Utilization.Mean)
		out.Regions[i] = regionOutput{
			Name:          g.Name,
			ArrivalRPS:    float64OrNull(g.ArrivalRate.Mean),
			Utilization:   float64OrNull(g.Utilization.Mean),
			RejectedRatio: float64OrNull(g.RejectedRatio.Mean),
			MeanWaitMs:    float64OrNull(g.MeanWait.Mean),
			MeanSojournMs: float64OrNull(g.MeanSojourn.Mean),
			P99SojournMs:  float64OrNull(g.P99Sojourn.Mean),
		}
	}
	for i, cl := range s.SLA {
		out.SLA[i] = clauseOutput{
			Clause:   cl.Clause,
			Target:   float64OrNull(cl.Target),
			Observed: float64OrNull(cl.Observed),
			CILow:    float64OrNull(cl.Low),
			CIHigh:   float64OrNull(cl.High),
			Status:   cl.Status,
		}
	}
	return out
}

// replicaSetFromReport maps what one replica set measured.
func replicaSetFromReport(rs simulator.ReplicaSetResult) replicaSetOutput {
	o := replicaSetOutput{Name: rs.Name, Replication: rs.Replication, Followers: make([]followerOutput, len(rs.Followers))}
	o.CommitLatencyMs, o.CommitLatencyMsCI = latencyOf(rs.CommitLatency)
	o.StaleReadRatio, o.StaleReadRatioCI = estimateOf(rs.StaleReadRatio)
	o.LostWrites, o.LostWritesCI = estimateOf(rs.LostWrites)
	o.RPOMs, o.RPOMsCI = estimateOf(rs.RPOMs)
	o.SplitBrainWrites, o.SplitBrainWritesCI = estimateOf(rs.SplitBrainWrites)
	o.Conflicts, o.ConflictsCI = estimateOf(rs.Conflicts)
	o.LostUpdates, o.LostUpdatesCI = estimateOf(rs.LostUpdates)
	o.Merges, o.MergesCI = estimateOf(rs.Merges)
	o.WriteUnavailableS, o.WriteUnavailableSCI = estimateOf(rs.WriteUnavailableS)
	o.Failovers, o.FailoversCI = estimateOf(rs.Failovers)
	for i, f := range rs.Followers {
		o.Followers[i] = followerOutput{Region: f.Region}
		o.Followers[i].LagP50Ms, o.Followers[i].LagP50MsCI = estimateOf(f.LagP50)
		o.Followers[i].LagP99Ms, o.Followers[i].LagP99MsCI = estimateOf(f.LagP99)
		o.Followers[i].LagMaxMs, o.Followers[i].LagMaxMsCI = estimateOf(f.LagMax)
	}
	return o
}

// routingFromReport maps what the routing policy measured.
func routingFromReport(r simulator.RoutingResult) *routingOutput {
	o := &routingOutput{
		Recovered:             r.Recovered,
		RTOTarget:             float64OrNull(r.RTOTarget),
		Faults:                make([]faultRecoveryOutput, len(r.Faults)),
		SovereigntyViolations: make([]sovereigntyViolationOut, len(r.SovereigntyViolations)),
	}
	o.AttemptsPerRequest, o.AttemptsPerRequestCI = estimateOf(r.AttemptsPerRequest)
	o.GoodputRPS, o.GoodputRPSCI = estimateOf(r.GoodputRPS)
	o.TimedOutRatio, o.TimedOutRatioCI = estimateOf(r.TimedOutRatio)
	o.BreakerOpens, o.BreakerOpensCI = estimateOf(r.BreakerOpens)
	o.RTOS, o.RTOSCI = estimateOf(r.RTOS)
	for i, f := range r.Faults {
		o.Faults[i] = faultRecoveryOutput{Type: f.Type, Region: f.Region, AtS: float64OrNull(f.AtS), Detected: float64OrNull(f.Detected)}
		o.Faults[i].DetectionS, o.Faults[i].DetectionSCI = estimateOf(f.DetectionS)
	}
	for i, v := range r.SovereigntyViolations {
		o.SovereigntyViolations[i] = sovereigntyViolationOut{Origin: v.Origin, Region: v.Region, Jurisdiction: v.Jurisdiction,
			FirstS: float64OrNull(v.FirstS), Requests: float64OrNull(v.Requests)}
	}
	return o
}

// cacheTierFromReport maps what one cache tier measured.
func cacheTierFromReport(ct simulator.CacheTierResult) cacheTierOutput {
	o := cacheTierOutput{Name: ct.Name, Regions: make([]cacheRegionOutput, len(ct.Regions))}
	o.HitLatencyMs, o.HitLatencyMsCI = latencyOf(ct.HitLatency)
	o.MissLatencyMs, o.MissLatencyMsCI = latencyOf(ct.MissLatency)
	for i, r := range ct.Regions {
		o.Regions[i] = cacheRegionOutput{Region: r.Region}
		o.Regions[i].HitRatio, o.Regions[i].HitRatioCI = estimateOf(r.HitRatio)
		o.Regions[i].StaleHitRatio, o.Regions[i].StaleHitRatioCI = estimateOf(r.StaleHitRatio)
	}
	return o
}

// estimateOf splits an estimate into its mean and its interval.
func estimateOf(e simulator.Estimate) (types.Float64, intervalOutput) {
	return float64OrNull(e.Mean), intervalOf(e)
}

// latencyOf splits a latency summary into its means and their intervals.
func latencyOf(l simulator.Latency) (latencyOutput, latencyCIOutput) {
	return latencyOutput{
			Mean: float64OrNull(l.Mean.Mean), P50: float64OrNull(l.P50.Mean), P95: float64OrNull(l.P95.Mean),
			P99: float64OrNull(l.P99.Mean), P999: float64OrNull(l.P999.Mean),
		}, latencyCIOutput{
			Mean: intervalOf(l.Mean), P50: intervalOf(l.P50), P95: intervalOf(l.P95),
			P99: intervalOf(l.P99), P999: intervalOf(l.P999),
		}
}

// intervalOf is the 95% interval of an estimate.
func intervalOf(e simulator.Estimate) intervalOutput {
	return intervalOutput{Low: float64OrNull(e.Low), High: float64OrNull(e.High)}
}

// float64OrNull maps NaN and infinities, which a Terraform number cannot hold, to
// null.
func float64OrNull(x float64) types.Float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return types.Float64Null()
	}
	return types.Float64Value(x)
}
