package report

import (
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// cacheFixture is one scenario with a cache tier in two regions whose
// stale hits fail a stale_read_ratio clause.
func cacheFixture() simulator.ScenarioResult {
	lat := func(p99 float64) simulator.Latency {
		return simulator.Latency{P50: est(p99/3, p99/3-0.1, p99/3+0.1), P99: est(p99, p99-0.5, p99+0.5)}
	}
	return simulator.ScenarioResult{
		Name: simulator.BaselineScenario, Requests: 100000,
		Latency: lat(40), Availability: est(1, 1, 1),
		StaleReadRatio: est(0.0421, 0.04, 0.0442),
		CacheHitRatio:  est(0.824, 0.819, 0.828),
		CacheTiers: []simulator.CacheTierResult{{
			Name: "hot", WritePolicy: simulator.TTLOnly,
			Regions: []simulator.CacheRegionResult{
				{Region: "us-east-1", HitRatio: est(0.85, 0.84, 0.86), StaleHitRatio: est(0.031, 0.03, 0.032),
					HitLatency: lat(1.5), MissLatency: lat(20)},
				{Region: "eu-west-1", HitRatio: est(0.80, 0.79, 0.81), StaleHitRatio: est(0.0625, 0.06, 0.065),
					HitLatency: lat(4), MissLatency: lat(150)},
			},
			HitLatency:  lat(2.5),
			MissLatency: lat(95),
		}},
		SLA: []simulator.ClauseResult{
			{Clause: "stale_read_ratio", Target: 0.001, Observed: 0.0421, Low: 0.04, High: 0.0442, Status: simulator.StatusFail},
		},
	}
}

func TestSLAFailureNamesCacheTiers(t *testing.T) {
	msg, failed := SLAFailure(cacheFixture(), 5)
	if !failed {
		t.Fatal("stale_read_ratio failed, but SLAFailure reports nothing")
	}
	for _, want := range []string{
		"stale_read_ratio: target <= 0.10%, observed 4.21%",
		"Cache tiers (overall hit ratio 82.4%; stale hits are stale reads):",
		"hot in us-east-1: hit ratio 85.0%, stale hits 3.1% of hits",
		"hot in eu-west-1: hit ratio 80.0%, stale hits 6.2% of hits",
		`To fix: to serve fewer stale hits from cache tier hot, set write_policy = "invalidate"`,
		"or a shorter ttl_s; to serve fewer stale reads, use read_consistency",
	} {
		if !strings.Contains(msg.Detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, msg.Detail)
		}
	}

	// An invalidating tier is not told to invalidate.
	inv := cacheFixture()
	inv.CacheTiers[0].WritePolicy = simulator.Invalidate
	msg, _ = SLAFailure(inv, 5)
	if !strings.Contains(msg.Detail, "cache tier hot already invalidates") || strings.Contains(msg.Detail, `set write_policy = "invalidate"`) {
		t.Errorf("advice for an invalidating tier:\n%s", msg.Detail)
	}

	// Without cache tiers the failure says nothing of caches.
	s := cacheFixture()
	s.CacheTiers = nil
	msg, _ = SLAFailure(s, 5)
	if strings.Contains(msg.Detail, "cache") {
		t.Errorf("detail mentions caches without cache tiers:\n%s", msg.Detail)
	}

	// Nor does a failure of another clause.
	s = cacheFixture()
	s.SLA = []simulator.ClauseResult{{Clause: "latency_p99_ms", Target: 10, Observed: 40, Low: 39.5, High: 40.5, Status: simulator.StatusFail}}
	msg, _ = SLAFailure(s, 5)
	if strings.Contains(msg.Detail, "Cache tiers") || strings.Contains(msg.Detail, "write_policy") {
		t.Errorf("a latency failure lists cache tiers:\n%s", msg.Detail)
	}
}

// TestMarkdownCacheTiers: each region's row shows its own cache's hit and
// miss p99, and the tier-wide ones appear once, on an "all regions" row.
func TestMarkdownCacheTiers(t *testing.T) {
	r := &simulator.Report{SchemaVersion: simulator.ReportSchemaVersion, Seed: 1, Replications: 5,
		Scenarios: []simulator.ScenarioResult{cacheFixture()}}
	md := Markdown(r)
	for _, want := range []string{
		"Cache hit ratio 82.4% (81.9% to 82.8%).",
		"| Cache tier | Region | Hit ratio | Stale hits (of hits) | Hit p99 (ms) | Miss p99 (ms) |",
		"| hot | us-east-1 | 85.0% (84.0% to 86.0%) | 3.1% (3.0% to 3.2%) | 1.5 (1.0 to 2.0) | 20.0 (19.5 to 20.5) |",
		"| hot | eu-west-1 | 80.0% (79.0% to 81.0%) | 6.2% (6.0% to 6.5%) | 4.0 (3.5 to 4.5) | 150.0 (149.5 to 150.5) |",
		"| hot | all regions | – | – | 2.5 (2.0 to 3.0) | 95.0 (94.5 to 95.5) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(md, "95.0 (94.5 to 95.5)"); n != 1 {
		t.Errorf("the tier-wide miss p99 appears %d times, want once:\n%s", n, md)
	}
	s := cacheFixture()
	s.CacheTiers = nil
	r.Scenarios = []simulator.ScenarioResult{s}
	if md := Markdown(r); strings.Contains(md, "Cache") {
		t.Errorf("Markdown mentions caches without cache tiers:\n%s", md)
	}
}
