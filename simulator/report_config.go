package simulator

import "slices"

// ScenarioConfig is what the model configured for one scenario, with the
// defaults applied: the settings its figures rest on. A front-end's advice
// on a failed clause reads it so that it can name the setting behind a
// figure ("queue_limit 50", "interval_s 10 x failure_threshold 3") and never
// propose what is already there (a routing policy, a circuit breaker). It
// is in the JSON report so that a report read back (the provider's cache,
// a CI artifact) is advised on exactly as the fresh one.
type ScenarioConfig struct {
	// Regions are the regions as configured, in the order of
	// ScenarioResult.Regions. A fault's servers lost are in
	// RegionResult.MinServers, not here.
	Regions []Region `json:"regions"`
	// RoutingPolicy is the routing policy, nil without one.
	RoutingPolicy *RoutingPolicy `json:"routing_policy,omitempty"`
	// Faults are the scenario's faults, none for the baseline.
	Faults []Fault `json:"faults,omitempty"`
}

// scenarioConfig is the configuration scenario scen ran with, sharing
// nothing with the model m (a copy the report's reader may keep).
func scenarioConfig(m Model, scen Scenario) *ScenarioConfig {
	c := &ScenarioConfig{Regions: slices.Clone(m.Regions), Faults: slices.Clone(scen.Faults)}
	if rp := m.RoutingPolicy; rp != nil {
		cp := *rp
		cp.GeoRoutes = slices.Clone(rp.GeoRoutes)
		cp.Weights = slices.Clone(rp.Weights)
		cp.Failover = slices.Clone(rp.Failover)
		cp.DNSTTLS = copyPtr(rp.DNSTTLS)
		cp.CircuitBreaker = copyPtr(rp.CircuitBreaker)
		c.RoutingPolicy = &cp
	}
	return c
}
