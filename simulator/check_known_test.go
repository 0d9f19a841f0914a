package simulator

import (
	"strings"
	"testing"
)

// TestCheckKnown checks that CheckKnown refuses, with Check's finding,
// each mistake that lies wholly in the known sections, and judges nothing
// that needs a section not known.
func TestCheckKnown(t *testing.T) {
	all := Known{Topology: true, Run: true, Workload: true, SLA: true, Scenarios: true, Network: true}
	noTopology := all
	noTopology.Topology = false
	noRun := noTopology
	noRun.Run = false
	outage := func(region string, at float64) Scenario {
		return Scenario{Name: "s", Faults: []Fault{{Type: FaultRegionOutage, Region: region, AtS: at}}}
	}
	cases := []struct {
		name   string
		change func(*Model)
		known  Known
		path   string // "" when no error may be reported
		text   string
	}{
		{"fault after the run", func(m *Model) { m.Scenarios = []Scenario{outage("use1", 30)} }, noTopology,
			"scenarios[0].faults[0].at_s", "not within the run's duration_s = 20"},
		{"reserved scenario name", func(m *Model) { s := outage("use1", 5); s.Name = BaselineScenario; m.Scenarios = []Scenario{s} },
			noTopology, "scenarios[0].name", `"baseline" is reserved`},
		{"duplicate origin", func(m *Model) { m.Workload.Origins[1].Name = m.Workload.Origins[0].Location }, noTopology,
			"workload.origins[1].name", "used twice"},
		{"partition to itself", func(m *Model) {
			m.Scenarios = []Scenario{{Name: "cut", Faults: []Fault{{Type: FaultPartition, Region: "use1", RegionB: "use1", AtS: 5}}}}
		}, noTopology, "scenarios[0].faults[0].region_b", "between region \"use1\" and itself"},
		{"duration past the limit", func(m *Model) { m.Run.DurationS = ptr(1e12) }, noTopology, "run.duration_s", "at most 1e+06"},
		{"undeclared region, topology unknown", func(m *Model) { m.Scenarios = []Scenario{outage("zz", 5)} }, noTopology, "", ""},
		{"undeclared region, topology known", func(m *Model) { m.Scenarios = []Scenario{outage("zz", 5)} }, all,
			"scenarios[0].faults[0].region", `names region "zz", which is not declared`},
		{"cache flush of an unknown tier", func(m *Model) {
			m.Scenarios = []Scenario{{Name: "f", Faults: []Fault{{Type: FaultCacheFlush, Tier: "hot", AtS: 5}}}}
		}, noTopology, "", ""},
		{"run not known: no scenario judged", func(m *Model) { m.Scenarios = []Scenario{outage("use1", 30)} }, noRun, "", ""},
		{"overloaded regions are the topology's", func(m *Model) { m.Workload.Origins[0].RPS = 1e6 }, noTopology, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := validModel()
			c.change(&m)
			if !c.known.Topology {
				m.Regions = nil
			}
			got := CheckKnown(m, c.known)
			if c.path == "" {
				if len(got) > 0 {
					t.Fatalf("expected no error, got %+v", got)
				}
				return
			}
			f, ok := findingAt(got, SeverityError, c.path)
			if !ok || !strings.Contains(f.Summary, c.text) {
				t.Fatalf("expected an error at %s saying %q, got %+v", c.path, c.text, got)
			}
			// The same finding as Check's on the whole model.
			whole := validModel()
			c.change(&whole)
			if want, ok := findingAt(Check(whole), SeverityError, c.path); !ok || want != f {
				t.Errorf("CheckKnown's finding %+v differs from Check's %+v", f, want)
			}
		})
	}
}
