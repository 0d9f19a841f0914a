package cli

import (
	"fmt"
	"io"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// CapacityCost is the compute cost per hour of the counts capacity
// compares, when the model gives prices: the configured instances, the
// minimum and the N+1 minimum (simulator.FixedComputeCostPerHour). Each
// region's minimum is the fewest of its instances that meets the SLA with
// the others at theirs, so the minimum's price is the least compute cost
// of a fixed fleet the search found; the figures say what it saves
// against the configured fleet.
type CapacityCost struct {
	Currency   string   `json:"currency,omitempty"`
	Configured float64  `json:"configured_per_hour"`
	Minimum    *float64 `json:"minimum_per_hour,omitempty"`
	NPlusOne   *float64 `json:"n_plus_one_per_hour,omitempty"`
}

// capacityCost prices the answer's counts; nil without prices. A count
// that was not met has no price: a fleet that fails the SLA is not an
// option.
func capacityCost(m simulator.Model, ans CapacityAnswer) *CapacityCost {
	configured := make([]int, len(m.Regions))
	for i, r := range m.Regions {
		configured[i] = r.Instances
	}
	cost, currency, ok := simulator.FixedComputeCostPerHour(m, configured)
	if !ok {
		return nil
	}
	out := &CapacityCost{Currency: currency, Configured: cost}
	price := func(rs []CapacityResult) *float64 {
		counts := make([]int, len(rs))
		for i, r := range rs {
			if !r.Met {
				return nil
			}
			counts[i] = r.Minimum
		}
		if c, _, ok := simulator.FixedComputeCostPerHour(m, counts); ok {
			return &c
		}
		return nil
	}
	out.Minimum = price(ans.Regions)
	if len(ans.NPlusOneRegions) > 0 {
		out.NPlusOne = price(ans.NPlusOneRegions)
	}
	return out
}

// writeCapacityCost prints the cost line under capacity's tables.
func writeCapacityCost(w io.Writer, c *CapacityCost) {
	if c == nil {
		return
	}
	money := func(x float64) string {
		if c.Currency == "" {
			return fmt.Sprintf("%.4g", x)
		}
		return fmt.Sprintf("%.4g %s", x, c.Currency)
	}
	line := "\nCompute cost per hour (instances x instance_hour): " + money(c.Configured) + " as configured"
	if c.Minimum != nil {
		line += ", " + money(*c.Minimum) + " at the minimum"
	}
	if c.NPlusOne != nil {
		line += ", " + money(*c.NPlusOne) + " at the N+1 minimum"
	}
	fmt.Fprintln(w, line+".")
}
