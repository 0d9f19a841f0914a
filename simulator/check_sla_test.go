package simulator

import (
	"strings"
	"testing"
)

// TestCheckOriginSLA: a per-origin entry names a declared origin (by name,
// or by location when it has none), once, sets a target, and each target
// obeys its rule; a target below the origin's own fiber floor is an error
// whatever its share of the traffic.
func TestCheckOriginSLA(t *testing.T) {
	base := validModel() // origins aws:us-east-1 (unnamed) and europe
	base.SLA.Origins = []OriginSLA{{Origin: "europe", LatencyP99Ms: ptr(100)}, {Origin: "aws:us-east-1", Availability: ptr(0.99)}}
	if errs := errorsOf(Check(base)); len(errs) > 0 {
		t.Fatalf("valid per-origin targets have errors: %+v", errs)
	}
	cases := []struct {
		name         string
		edit         func(*Model)
		path, saying string
	}{
		{"unknown origin", func(m *Model) { m.SLA.Origins[0].Origin = "asia" }, "sla.origins[0].origin",
			`sla.origins[0] names origin "asia", which is not declared` + "\x00the origins are: aws:us-east-1, europe"},
		{"name of the wrong shape", func(m *Model) { m.SLA.Origins[0].Origin = "Europe West" }, "sla.origins[0].origin",
			`sla.origins[0].origin must be an origin's name or, for an origin without one, its location`},
		{"duplicate", func(m *Model) { m.SLA.Origins[1].Origin = "europe" }, "sla.origins[1].origin",
			`sla.origins lists origin "europe" twice, at indexes 0 and 1`},
		{"no target", func(m *Model) { m.SLA.Origins[1].Availability = nil }, "sla.origins[1]",
			`sla.origins[1] (origin "aws:us-east-1") sets no target`},
		{"target out of bounds", func(m *Model) { m.SLA.Origins[1].Availability = ptr(1.5) }, "sla.origins[1].availability",
			"sla.origins[1].availability must be greater than 0 and at most 1, got 1.5"},
		{"below the origin's floor", func(m *Model) {
			m.Workload.Origins = append(m.Workload.Origins, Origin{Name: "sydney", Location: "aws:ap-southeast-2", RPS: 1})
			m.SLA.Origins[0] = OriginSLA{Origin: "sydney", LatencyP999Ms: ptr(150)}
		}, "sla.origins[0].latency_p999_ms",
			"sla.origins[0].latency_p999_ms = 150 ms is below the physical floor: origin sydney is at least 153.7 ms round trip (fiber floor) from every region" +
				"\x00the nearest region that may serve it is use1, 15670 km away"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := validModel()
			m.SLA.Origins = []OriginSLA{{Origin: "europe", LatencyP99Ms: ptr(100)}, {Origin: "aws:us-east-1", Availability: ptr(0.99)}}
			tc.edit(&m)
			summary, detail, _ := strings.Cut(tc.saying, "\x00")
			f, ok := findingAt(Check(m), SeverityError, tc.path)
			if !ok || !strings.HasPrefix(f.Summary, summary) || !strings.Contains(f.Detail, detail) {
				t.Errorf("want an error at %s saying %q / %q; findings:\n%+v", tc.path, summary, detail, Check(m))
			}
		})
	}
}

// TestCheckOriginSLAFloorBesideGlobal: a far origin with 0.5 % of the
// traffic only warns on a global p99 it cannot meet (the pooled clause may
// still pass), but its own p99 target at the same value is an error.
func TestCheckOriginSLAFloorBesideGlobal(t *testing.T) {
	m := validModel()
	m.Regions = m.Regions[:1]
	m.Workload.Origins = []Origin{
		{Name: "virginia", Location: "aws:us-east-1", RPS: 199, ReadRatio: ptr(0)},
		{Name: "sydney", Location: "aws:ap-southeast-2", RPS: 1, ReadRatio: ptr(0)},
	}
	m.SLA = SLA{LatencyP99Ms: ptr(100), Origins: []OriginSLA{{Origin: "sydney", LatencyP99Ms: ptr(100)}}}
	fs := Check(m)
	if _, ok := findingAt(fs, SeverityWarning, "sla.latency_p99_ms"); !ok {
		t.Errorf("the global clause must warn: %+v", fs)
	}
	if _, ok := findingAt(fs, SeverityError, "sla.latency_p99_ms"); ok {
		t.Errorf("0.5 %% of the traffic cannot doom the global p99: %+v", fs)
	}
	f, ok := findingAt(fs, SeverityError, "sla.origins[0].latency_p99_ms")
	if !ok || !strings.Contains(f.Summary, "153.7 ms round trip") || !strings.Contains(f.Detail, "over this origin's requests only") {
		t.Errorf("the origin's own p99 below its floor must be an error naming the floor: %+v", fs)
	}
}
