package simulator

import (
	"strings"
	"testing"
)

// sydneyFromVirginia is issue 10's impossible target: Sydney's users served
// from Virginia with p99 <= 5 ms.
func sydneyFromVirginia() Model {
	m := validModel()
	m.Regions = []Region{{Name: "use1", Location: "aws:us-east-1", Instances: 10, ServiceTimeMs: 10}}
	m.Workload.Origins = []Origin{{Name: "sydney", Location: "aws:ap-southeast-2", RPS: 300, ReadRatio: ptr(0)}}
	m.SLA = SLA{LatencyP99Ms: ptr(5)}
	return m
}

// TestCheckFiberFloorWhateverQueueLimit: a latency target below the fiber
// floor of every origin is an error with and without a queue limit (issue
// 10, acceptance 2), and the error names the origin, the nearest region,
// its distance, the floor in ms and the fix.
func TestCheckFiberFloorWhateverQueueLimit(t *testing.T) {
	const summary = "sla.latency_p99_ms = 5 ms is below the physical floor: origin sydney is at least 153.7 ms round trip " +
		"(fiber floor) from every region; raise the target or add a region nearer the origin"
	for _, limit := range []int{0, 100} {
		m := sydneyFromVirginia()
		m.Regions[0].QueueLimit = limit
		fs := Check(m)
		f, ok := findingAt(fs, SeverityError, "sla.latency_p99_ms")
		if !ok {
			t.Fatalf("queue_limit %d: no error at sla.latency_p99_ms: %+v", limit, fs)
		}
		if f.Summary != summary {
			t.Errorf("queue_limit %d: summary\n got %q\nwant %q", limit, f.Summary, summary)
		}
		for _, s := range []string{"use1", "15670 km away", "153.7 ms there and back", "every request comes from an origin that cannot meet it",
			"closer than 510 km to sydney"} {
			if !strings.Contains(f.Detail, s) {
				t.Errorf("queue_limit %d: detail lacks %q: %s", limit, s, f.Detail)
			}
		}
		if limit == 100 {
			t.Logf("%s\n%s", f.Summary, f.Detail)
		}
	}
}

// TestCheckFiberFloorRoutingPolicy: with a routing policy, only the regions
// it may send the origin to count: a region in Sydney left out of the
// failover list does not make the target possible.
func TestCheckFiberFloorRoutingPolicy(t *testing.T) {
	m := sydneyFromVirginia()
	m.Regions = append(m.Regions, Region{Name: "apse2", Location: "aws:ap-southeast-2", Instances: 10, ServiceTimeMs: 10})
	m.RoutingPolicy = &RoutingPolicy{Name: "primary", Strategy: StrategyFailover, Failover: []string{"use1"}}
	f, ok := findingAt(Check(m), SeverityError, "sla.latency_p99_ms")
	if !ok || !strings.Contains(f.Summary, "153.7 ms round trip (fiber floor) from every region the routing policy may send it to") {
		t.Errorf("a failover list without the near region must keep the error: %+v", Check(m))
	}
	m.RoutingPolicy.Failover = []string{"use1", "apse2"}
	if f, ok := findingAt(Check(m), SeverityError, "sla.latency_p99_ms"); ok {
		t.Errorf("a region the policy may use in Sydney lifts the error: %+v", f)
	}
}
