package report

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// JUnit XML, in the common shape CI systems read (Jenkins, GitLab, GitHub
// test reporters): testsuites > testsuite > testcase, with a failure element
// for a failed case and a skipped element for a case that was not decided.
// Each SLA clause of each scenario is one test case.

// JUnitSuites is the root element. Skipped is counted but not written on
// it: the Jenkins xunit schema (junit-10.xsd), the strictest of the common
// ones, allows skipped on testsuite only.
type JUnitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"-"`
	Time     string       `xml:"time,attr"`
	Suites   []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite holds the cases of one simulation.
type JUnitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []JUnitCase `xml:"testcase"`
}

// JUnitCase is one SLA clause in one scenario: a global clause, or one
// origin's.
type JUnitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *JUnitFailure `xml:"failure,omitempty"`
	Skipped   *JUnitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// JUnitFailure marks a failed clause.
type JUnitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnitSkipped marks a marginal clause: neither met nor missed.
type JUnitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnitSimulation is one simulated topology to render.
type JUnitSimulation struct {
	// Address names the simulation: the test suite's name and the prefix
	// of each case's classname.
	Address string
	Report  *simulator.Report
	// Seconds is the wall time the simulation took.
	Seconds float64
}

// JUnit builds the JUnit document: one test suite per simulation, one test
// case per SLA clause per scenario, named after the clause (a per-origin
// clause with its origin: "latency_p99_ms (origin dublin)", see
// ClauseLabel), with classname "<address>.<scenario>". A failed clause has a failure element (type
// "sla_fail"); a marginal one is skipped with the reason, or, when strict,
// a failure of type "sla_marginal". A simulation without SLA clauses has no
// cases.
func JUnit(sims []JUnitSimulation, strict bool) JUnitSuites {
	root := JUnitSuites{Name: "terraform-provider-topology"}
	var total float64
	for _, sim := range sims {
		suite := JUnitSuite{Name: sim.Address, Time: junitSeconds(sim.Seconds)}
		total += sim.Seconds
		if sim.Report != nil {
			for _, s := range sim.Report.Scenarios {
				for _, c := range s.SLA {
					tc := JUnitCase{Name: ClauseLabel(c), Classname: sim.Address + "." + s.Name, Time: junitSeconds(0),
						SystemOut: formatClauseIn(s, c) + "; status " + c.Status}
					switch {
					case c.Status == simulator.StatusPass:
					case c.Status == simulator.StatusMarginal && !strict:
						tc.Skipped = &JUnitSkipped{Message: "marginal: the 95% interval straddles the target; " + formatClauseIn(s, c)}
						suite.Skipped++
					default:
						kind := "sla_fail"
						if c.Status == simulator.StatusMarginal {
							kind = "sla_marginal"
						}
						tc.Failure = &JUnitFailure{Message: formatClauseIn(s, c), Type: kind, Text: failureText(s, sim.Report.Replications)}
						suite.Failures++
					}
					suite.Cases = append(suite.Cases, tc)
					suite.Tests++
				}
			}
		}
		root.Tests += suite.Tests
		root.Failures += suite.Failures
		root.Skipped += suite.Skipped
		root.Suites = append(root.Suites, suite)
	}
	root.Time = junitSeconds(total)
	return root
}

// failureText is the scenario's whole diagnostic, as the provider shows it.
func failureText(s simulator.ScenarioResult, replications int) string {
	if m, ok := SLAFailure(s, replications); ok {
		return m.Summary + "\n\n" + m.Detail
	}
	if m, ok := SLAMarginal(s, replications); ok {
		return m.Summary + "\n\n" + m.Detail
	}
	return ""
}

func junitSeconds(s float64) string { return fmt.Sprintf("%.3f", s) }

// WriteJUnit writes the document as indented XML with its header.
func WriteJUnit(w io.Writer, doc JUnitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
