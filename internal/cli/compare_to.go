package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// comparison is what the Markdown report shows each simulation's figures
// against: the "before" of before → after.
type comparison struct {
	// compared is true when the report shows a before at all (a plan
	// with resource "topology_simulation", or --compare-to); a simulation
	// without one is then "new".
	compared bool
	before   map[string]*simulator.Report
}

// beforeOf finds the before of each result: the document --compare-to
// names, or else, for a resource "topology_simulation" in a plan, the
// results of its prior state, read back without simulating again (the
// provider simulated them at the last apply). A prior state whose results
// cannot be read costs only the comparison: a warning, not an error, since
// the SLA check itself does not depend on it.
func beforeOf(out outputFlags, results []result) (comparison, []string, error) {
	c := comparison{before: map[string]*simulator.Report{}}
	if out.compareTo != "" {
		data, err := os.ReadFile(out.compareTo)
		if err != nil {
			return c, nil, badInput("--compare-to: cannot read %s: %v", out.compareTo, err)
		}
		before, err := report.ReadJSON(data)
		if err != nil {
			return c, nil, badInput("--compare-to %s: %v (give the file check --json wrote)", out.compareTo, err)
		}
		c.compared, c.before = true, before
		return c, nil, nil
	}
	var warnings []string
	for _, r := range results {
		if !r.Resource {
			continue
		}
		c.compared = true
		if r.Prior == nil {
			continue // created by this plan: new
		}
		before, err := mapping.ReportFromResultsJSON(r.Prior)
		if errors.Is(err, mapping.ErrNoResults) {
			continue
		}
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s: the prior state's results cannot be read (%v), so the report shows no before for it", r.Address, err))
			continue
		}
		c.before[r.Address] = before
	}
	return c, warnings, nil
}
