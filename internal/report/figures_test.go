package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// unmeasuredFixture is a scenario with an origin that sent no measured
// request (nil figures, its clause not measured) beside one that failed
// over: 72 % of its successes served by eu-west-1, 28 % by us-east-1.
func unmeasuredFixture() *simulator.Report {
	lat := simulator.Latency{P50: est(20, 19, 21), P99: est(80, 78, 82), P999: est(120, 110, 130)}
	s := simulator.ScenarioResult{
		Name: "us-down", Requests: 1000, Latency: lat, Availability: est(0.98, 0.97, 0.99),
		Origins: []simulator.OriginResult{
			{Name: "virginia", ServedBy: "eu-west-1", Requests: 1000, Latency: &lat, Availability: new(est(0.98, 0.97, 0.99)),
				ServedShares: []simulator.RegionShare{{Region: "eu-west-1", Share: est(0.72, 0.7, 0.74)}, {Region: "us-east-1", Share: est(0.28, 0.26, 0.3)}}},
			{Name: "idle", ServedBy: "us-east-1"},
		},
		SLA: []simulator.ClauseResult{
			{Clause: "availability", Origin: "idle", Target: 0.99, Status: simulator.StatusFail, NotMeasured: true},
		},
	}
	return &simulator.Report{SchemaVersion: simulator.ReportSchemaVersion, Seed: 1, Replications: 5, Scenarios: []simulator.ScenarioResult{s}}
}

// TestUnmeasuredFiguresRendered: an origin with nothing measured reads
// n/a, never 0 with [0, 0]; its clause reads "not measured" and FAIL; an
// origin that failed over names the region that served most of it, with
// each region's share.
func TestUnmeasuredFiguresRendered(t *testing.T) {
	r := unmeasuredFixture()
	var tb bytes.Buffer
	if err := Table(&tb, "x", r); err != nil {
		t.Fatal(err)
	}
	md := Markdown(r)
	msg, failed := SLAFailure(r.Scenarios[0], r.Replications)
	if !failed {
		t.Fatal("a clause not measured does not fail")
	}
	for _, c := range []struct{ name, text, want string }{
		{"table idle row", tb.String(), "idle us-east-1 0 n/a n/a n/a n/a"},
		{"table clause", tb.String(), "availability (origin idle) >= 99% not measured n/a FAIL"},
		{"table failover", tb.String(), "virginia eu-west-1 (72.0%; us-east-1 28.0%)"},
		{"markdown idle row", md, "| idle | us-east-1 | n/a | n/a | n/a |"},
		{"markdown clause", md, "| us-down | availability (origin idle) | >= 99.0% | not measured | n/a | **fail** |"},
		{"markdown failover", md, "| virginia | eu-west-1 (72.0%; us-east-1 28.0%) |"},
		{"failure detail", msg.Detail, "Origin idle (served by us-east-1): p50 n/a ms, p99 n/a ms, availability n/a."},
	} {
		// Columns are aligned with runs of spaces: compare words.
		if !strings.Contains(strings.Join(strings.Fields(c.text), " "), c.want) {
			t.Errorf("%s lacks %q:\n%s", c.name, c.want, c.text)
		}
	}
	for _, text := range []string{tb.String(), md} {
		if strings.Contains(text, "0.0 [0.0, 0.0]") || strings.Contains(text, "0.000% [0.000%, 0.000%]") || strings.Contains(text, "0.0% (0.0% to 0.0%)") {
			t.Errorf("an unmeasured figure shows as 0:\n%s", text)
		}
	}
}
