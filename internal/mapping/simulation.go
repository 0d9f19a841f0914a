package mapping

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
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

// The simulator owns every default (simulator.ApplyDefaults); these names
// only let the schema's docs and the tests say them.
const (
	// DefaultWarmupS is the simulator's warm-up.
	DefaultWarmupS = simulator.DefaultWarmupS
	// DefaultReadRatio is the simulator's read ratio.
	DefaultReadRatio = simulator.DefaultReadRatio
	// DefaultSeed is the simulator's seed, and the provider's default_seed.
	DefaultSeed = simulator.DefaultSeed
)

// Simulation is the configuration and state of topology_simulation.
// Read only runs with a wholly known configuration, so the nested inputs
// are plain structs and slices; optional leaves are framework types so that
// null (not set) stays distinct from zero.
type Simulation struct {
	Regions       []Region       `tfsdk:"regions"`
	ReplicaSets   []ReplicaSet   `tfsdk:"replica_sets"`
	CacheTiers    []CacheTier    `tfsdk:"cache_tiers"`
	RoutingPolicy *RoutingPolicy `tfsdk:"routing_policy"`
	// The hand-written arguments, as written (see arguments.go);
	// DecodeArguments fills the typed inputs below from them.
	ScenariosArg types.Dynamic `tfsdk:"scenarios"`
	WorkloadArg  types.Dynamic `tfsdk:"workload"`
	NetworkArg   types.Dynamic `tfsdk:"network"`
	SLAArg       types.Dynamic `tfsdk:"sla"`
	// The decoded inputs ToModel reads.
	Scenarios []ScenarioInput `tfsdk:"-"`
	Workload  *WorkloadInput  `tfsdk:"-"`
	Network   *NetworkInput   `tfsdk:"-"`
	SLA       *SLAInput       `tfsdk:"-"`

	DurationS    types.Float64 `tfsdk:"duration_s"`
	WarmupS      types.Float64 `tfsdk:"warmup_s"`
	Replications types.Int64   `tfsdk:"replications"`
	// MaxReplications and Precision are the adaptive run's settings
	// (simulator/stopping.go).
	MaxReplications types.Int64   `tfsdk:"max_replications"`
	Precision       types.Float64 `tfsdk:"precision"`
	Seed            types.Int64   `tfsdk:"seed"`
	Enforce         types.Bool    `tfsdk:"enforce"`

	Results           []scenarioOutput `tfsdk:"results"`
	SLAMet            types.Bool       `tfsdk:"sla_met"`
	SLAStatus         types.String     `tfsdk:"sla_status"`
	ReportMarkdown    types.String     `tfsdk:"report_markdown"`
	SimulatedRequests types.Int64      `tfsdk:"simulated_requests"`
}

// WorkloadInput is the simulation's workload: the key space and the
// origins.
type WorkloadInput struct {
	Keys    types.Int64   `tfsdk:"keys"`
	ZipfS   types.Float64 `tfsdk:"zipf_s"`
	Origins []OriginInput `tfsdk:"origins"`
	// StartHourUTC is null for midnight.
	StartHourUTC types.Float64 `tfsdk:"start_hour_utc"`
}

// OriginInput is one client population of the workload.
type OriginInput struct {
	Name       types.String  `tfsdk:"name"`
	Location   types.String  `tfsdk:"location"`
	RPS        types.Float64 `tfsdk:"rps"`
	ReadRatio  types.Float64 `tfsdk:"read_ratio"`
	ReplicaSet types.String  `tfsdk:"replica_set"`
	// AllowedJurisdictions is null when the origin sets no constraint.
	AllowedJurisdictions []types.String `tfsdk:"allowed_jurisdictions"`
	// Operations is null when the origin's requests are one mix.
	Operations []OperationInput `tfsdk:"operations"`
	// Sessions is null for the simulator's default.
	Sessions types.Int64 `tfsdk:"sessions"`
	// LoadProfile is null for a constant rate.
	LoadProfile *LoadProfileInput `tfsdk:"load_profile"`
	// RequestBytes and ResponseBytes are null when not given (cost.go).
	RequestBytes  types.Int64 `tfsdk:"request_bytes"`
	ResponseBytes types.Int64 `tfsdk:"response_bytes"`
}

// NetworkInput tunes the delay model.
type NetworkInput struct {
	JitterSigma types.Float64 `tfsdk:"jitter_sigma"`
}

// SLAInput holds the SLA targets; a null target is no clause.
type SLAInput struct {
	Origins       []OriginSLAInput `tfsdk:"origins"`
	LatencyP50Ms  types.Float64    `tfsdk:"latency_p50_ms"`
	LatencyP95Ms  types.Float64    `tfsdk:"latency_p95_ms"`
	LatencyP99Ms  types.Float64    `tfsdk:"latency_p99_ms"`
	LatencyP999Ms types.Float64    `tfsdk:"latency_p999_ms"`
	Availability  types.Float64    `tfsdk:"availability"`

	ReadLatencyP99Ms    types.Float64 `tfsdk:"read_latency_p99_ms"`
	WriteLatencyP99Ms   types.Float64 `tfsdk:"write_latency_p99_ms"`
	ReplicationLagP99Ms types.Float64 `tfsdk:"replication_lag_p99_ms"`
	RPOMs               types.Float64 `tfsdk:"rpo_ms"`
	StaleReadRatio      types.Float64 `tfsdk:"stale_read_ratio"`
	ConflictRatio       types.Float64 `tfsdk:"conflict_ratio"`
	RTOS                types.Float64 `tfsdk:"rto_s"`
	DuplicateWriteRatio types.Float64 `tfsdk:"duplicate_write_ratio"`
	MaxCostPerHour      types.Float64 `tfsdk:"max_cost_per_hour"`
}

// ToModel builds the simulator's model from the configuration; the caller
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
			DurationS:    float64Ptr(c.DurationS),
			WarmupS:      float64Ptr(c.WarmupS),
			Replications: int(c.Replications.ValueInt64()),
			// max_replications is validated at least 2 when set, so
			// null's 0 is "not set".
			MaxReplications: int(c.MaxReplications.ValueInt64()),
			Precision:       float64Ptr(c.Precision),
		},
	}
	if settings != nil {
		// The provider block's default_seed is the seed of a simulation
		// that sets none; without a provider block the simulator's own
		// default applies.
		seed := settings.DefaultSeed
		m.Run.Seed = &seed
		m.Run.MaxSimulatedRequests = settings.MaxSimulatedRequests
	}
	if !c.Seed.IsNull() && !c.Seed.IsUnknown() {
		seed := uint64(c.Seed.ValueInt64()) // validated >= 0
		m.Run.Seed = &seed
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
			Prices:                  pricesOf(r.Prices),
			Autoscaling:             autoscalingOf(r.Autoscaling),
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
		m.Workload.StartHourUTC = c.Workload.StartHourUTC.ValueFloat64() // null is 0, midnight
		m.Workload.Origins = make([]simulator.Origin, len(c.Workload.Origins))
		for i, o := range c.Workload.Origins {
			m.Workload.Origins[i] = simulator.Origin{
				Name:          o.Name.ValueString(),
				Location:      o.Location.ValueString(),
				RPS:           o.RPS.ValueFloat64(),
				ReadRatio:     float64Ptr(o.ReadRatio),
				ReplicaSet:    o.ReplicaSet.ValueString(),
				Sessions:      int(o.Sessions.ValueInt64()), // 0 is the simulator's default
				RequestBytes:  int64Ptr(o.RequestBytes),
				ResponseBytes: int64Ptr(o.ResponseBytes),
			}
			for _, j := range o.AllowedJurisdictions {
				m.Workload.Origins[i].AllowedJurisdictions = append(m.Workload.Origins[i].AllowedJurisdictions, j.ValueString())
			}
			m.Workload.Origins[i].Operations = operationsOf(o.Operations)
			m.Workload.Origins[i].LoadProfile = loadProfileOf(o.LoadProfile)
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
			Origins:             originSLAs(c.SLA.Origins),
			DuplicateWriteRatio: float64Ptr(c.SLA.DuplicateWriteRatio),
			MaxCostPerHour:      float64Ptr(c.SLA.MaxCostPerHour),
		}
	}
	return m
}

// Enforced reports whether a failed SLA clause fails the plan.
func (c *Simulation) Enforced() bool {
	return c.Enforce.IsNull() || c.Enforce.IsUnknown() || c.Enforce.ValueBool()
}

// Float64Or is v, or def when v is null or unknown.
func Float64Or(v types.Float64, def float64) float64 {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueFloat64()
}

func stringOr(v types.String, def string) string {
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

// The computed results. Plain Go types hold values that are always known;
// types.Float64 holds figures that may be NaN (no successful request in a
// replication), which are reported as null since Terraform numbers cannot
// be NaN.

// OriginSLAInput holds the SLA targets of one origin.
type OriginSLAInput struct {
	Origin        types.String  `tfsdk:"origin"`
	LatencyP50Ms  types.Float64 `tfsdk:"latency_p50_ms"`
	LatencyP95Ms  types.Float64 `tfsdk:"latency_p95_ms"`
	LatencyP99Ms  types.Float64 `tfsdk:"latency_p99_ms"`
	LatencyP999Ms types.Float64 `tfsdk:"latency_p999_ms"`
	Availability  types.Float64 `tfsdk:"availability"`
}

// originSLAs maps the per-origin targets; none is nil, as the model
// leaves it.
func originSLAs(in []OriginSLAInput) []simulator.OriginSLA {
	var out []simulator.OriginSLA
	for _, o := range in {
		out = append(out, simulator.OriginSLA{
			Origin:        o.Origin.ValueString(),
			LatencyP50Ms:  float64Ptr(o.LatencyP50Ms),
			LatencyP95Ms:  float64Ptr(o.LatencyP95Ms),
			LatencyP99Ms:  float64Ptr(o.LatencyP99Ms),
			LatencyP999Ms: float64Ptr(o.LatencyP999Ms),
			Availability:  float64Ptr(o.Availability),
		})
	}
	return out
}
