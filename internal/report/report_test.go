package report

import (
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

func est(mean, low, high float64) simulator.Estimate {
	return simulator.Estimate{Mean: mean, Low: low, High: high}
}

// fixture is a two-scenario report whose baseline fails a latency clause,
// is marginal on another and passes availability.
func fixture() *simulator.Report {
	lat := func(p50, p99 float64) simulator.Latency {
		return simulator.Latency{
			Mean: est(p50, p50-1, p50+1), P50: est(p50, p50-1, p50+1), P95: est(p99*0.8, p99*0.8-1, p99*0.8+1),
			P99: est(p99, p99-2, p99+2), P999: est(p99*1.5, p99*1.5-3, p99*1.5+3),
		}
	}
	baseline := simulator.ScenarioResult{
		Name: simulator.BaselineScenario, Requests: 1234567,
		Latency: lat(20, 83.2), Availability: est(0.9995, 0.9993, 0.9997),
		Origins: []simulator.OriginResult{
			{Name: "paris", Location: "aws:eu-west-3", ServedBy: "eu-west-1", Requests: 600000, Latency: new(lat(30, 60)), Availability: new(est(1, 1, 1))},
			{Name: "sydney|au", Location: "aws:ap-southeast-2", ServedBy: "us-east-1", Requests: 634567, Latency: new(lat(210, 260.4)), Availability: new(est(0.999, 0.998, 1))},
		},
		Regions: []simulator.RegionResult{
			{Name: "us-east-1", ArrivalRate: est(900, 890, 910), Utilization: est(0.62, 0.6, 0.64), P99Sojourn: est(90, 88, 92)},
			{Name: "eu-west-1", ArrivalRate: est(1200, 1190, 1210), Utilization: est(0.97, 0.96, 0.98), RejectedRatio: est(0.041, 0.04, 0.042)},
		},
		SLA: []simulator.ClauseResult{
			{Clause: "latency_p99_ms", Target: 50, Observed: 83.2, Low: 81.04, High: 85.3, Status: simulator.StatusFail},
			{Clause: "latency_p50_ms", Target: 20, Observed: 19.6, Low: 18.9, High: 20.3, Status: simulator.StatusMarginal},
			{Clause: "availability", Target: 0.999, Observed: 0.9995, Low: 0.9993, High: 0.9997, Status: simulator.StatusPass},
		},
	}
	outage := baseline
	outage.Name = "euw1-down"
	outage.SLA = []simulator.ClauseResult{
		{Clause: "availability", Target: 0.999, Observed: 0.9712, Low: 0.968, High: 0.9744, Status: simulator.StatusFail},
	}
	return &simulator.Report{
		SchemaVersion: simulator.ReportSchemaVersion, Seed: 7, Replications: 5,
		Scenarios: []simulator.ScenarioResult{baseline, outage}, SimulatedRequests: 3000000,
	}
}

func TestVerdictIsTheWorstClause(t *testing.T) {
	r := fixture()
	if got := Verdict(r); got != VerdictFail {
		t.Errorf("Verdict = %q, want fail", got)
	}
	r.Scenarios = r.Scenarios[:1]
	r.Scenarios[0].SLA = r.Scenarios[0].SLA[1:]
	if got := Verdict(r); got != VerdictMarginal {
		t.Errorf("Verdict = %q, want marginal", got)
	}
	r.Scenarios[0].SLA = r.Scenarios[0].SLA[1:]
	if got := Verdict(r); got != VerdictPass {
		t.Errorf("Verdict = %q, want pass", got)
	}
	r.Scenarios[0].SLA = nil
	if got := Verdict(r); got != VerdictNone {
		t.Errorf("Verdict = %q, want none", got)
	}
	if got := Verdict(nil); got != VerdictNone {
		t.Errorf("Verdict(nil) = %q, want none", got)
	}
	if got := ScenarioVerdict(simulator.ScenarioResult{SLA: []simulator.ClauseResult{{Status: "exploded"}}}); got != "exploded" {
		t.Errorf("an unknown status must count as a failure, got verdict %q", got)
	}
}

func TestFormatClause(t *testing.T) {
	for _, tc := range []struct {
		c    simulator.ClauseResult
		want string
	}{
		{simulator.ClauseResult{Clause: "latency_p99_ms", Target: 50, Observed: 83.2, Low: 81.04, High: 85.3},
			"latency_p99_ms: target <= 50 ms, observed 83.2 ms (95% CI 81.0 to 85.3 ms)"},
		{simulator.ClauseResult{Clause: "latency_p50_ms", Target: 2.5, Observed: 0.8123, Low: 0.8, High: 0.82},
			"latency_p50_ms: target <= 2.5 ms, observed 0.812 ms (95% CI 0.8 to 0.82 ms)"},
		{simulator.ClauseResult{Clause: "availability", Target: 0.999, Observed: 0.9712, Low: 0.968, High: 0.9744},
			"availability: target >= 99.90%, observed 97.12% (95% CI 96.80% to 97.44%)"},
		{simulator.ClauseResult{Clause: "availability", Target: 0.999, Observed: 0.99952, Low: 0.99941, High: 0.99963},
			"availability: target >= 99.900%, observed 99.952% (95% CI 99.941% to 99.963%)"},
		{simulator.ClauseResult{Clause: "rto_s", Target: 30, Observed: 42, Low: 40, High: 44},
			"rto_s: target <= 30 s, observed 42.0 s (95% CI 40.0 to 44.0 s)"},
		{simulator.ClauseResult{Clause: "stale_read_ratio", Target: 0.01, Observed: 0.02, Low: 0.015, High: 0.025},
			"stale_read_ratio: target <= 1.0%, observed 2.0% (95% CI 1.5% to 2.5%)"},
	} {
		if got := FormatClause(tc.c); got != tc.want {
			t.Errorf("FormatClause(%+v)\n got %q\nwant %q", tc.c, got, tc.want)
		}
	}
}

func TestSLAFailureListsEveryFailedClauseAndHowToFix(t *testing.T) {
	r := fixture()
	msg, ok := SLAFailure(r.Scenarios[0], r.Replications)
	if !ok {
		t.Fatal("SLAFailure found no failure in a failing scenario")
	}
	if want := `SLA not met in scenario "baseline"`; msg.Summary != want {
		t.Errorf("summary = %q, want %q", msg.Summary, want)
	}
	for _, want := range []string{
		`In scenario "baseline", 1 SLA clause misses its target over the whole 95% confidence interval of 5 replications:`,
		"  - latency_p99_ms: target <= 50 ms, observed 83.2 ms (95% CI 81.0 to 85.3 ms)\n",
		"Busiest regions: eu-west-1 at 97.0% utilization with 4.1% of arrivals rejected.",
		"Slowest origins at p99: sydney|au 260.4 ms (served by us-east-1), paris 60.0 ms (served by eu-west-1).",
		"To fix: eu-west-1 (97.0% utilization, 4.1% of arrivals rejected) queues: to lower latency, add capacity (instances or concurrency) to eu-west-1,",
	} {
		if !strings.Contains(msg.Detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, msg.Detail)
		}
	}
	for _, notWant := range []string{"latency_p50_ms", "availability:"} {
		if strings.Contains(msg.Detail, notWant) {
			t.Errorf("detail lists %q, which did not fail:\n%s", notWant, msg.Detail)
		}
	}

	// With no busy region, adding servers would not help: the advice
	// turns to the service time.
	idle := r.Scenarios[0]
	idle.Regions = []simulator.RegionResult{{Name: "us-east-1", Utilization: est(0.31, 0.3, 0.32)}}
	msg, _ = SLAFailure(idle, r.Replications)
	if want := "To fix: no region is busy (highest utilization 31.0%, longest mean wait 0.0 ms, no arrival rejected), so queueing adds little: to lower latency, shorten the service time"; !strings.Contains(msg.Detail, want) ||
		strings.Contains(msg.Detail, "Busiest regions") {
		t.Errorf("idle failure detail lacks %q:\n%s", want, msg.Detail)
	}

	msg, ok = SLAFailure(r.Scenarios[1], r.Replications)
	if !ok || !strings.Contains(msg.Detail, "availability: target >= 99.90%, observed 97.12%") ||
		!strings.Contains(msg.Detail, "raise queue_limit") || strings.Contains(msg.Detail, "Slowest origins") {
		t.Errorf("availability failure detail is wrong:\n%s", msg.Detail)
	}

	r.Scenarios[0].SLA = r.Scenarios[0].SLA[1:]
	if _, ok := SLAFailure(r.Scenarios[0], r.Replications); ok {
		t.Error("SLAFailure reported a scenario without failed clauses")
	}
}

func TestSLAMarginalSaysWhichSideAndHowToSettle(t *testing.T) {
	r := fixture()
	msg, ok := SLAMarginal(r.Scenarios[0], r.Replications)
	if !ok {
		t.Fatal("SLAMarginal found nothing in a scenario with a marginal clause")
	}
	if want := `SLA marginal in scenario "baseline"`; msg.Summary != want {
		t.Errorf("summary = %q, want %q", msg.Summary, want)
	}
	for _, want := range []string{
		"latency_p50_ms: target <= 20 ms, observed 19.6 ms (95% CI 18.9 to 20.3 ms); the mean meets the target",
		"replications", "duration_s",
	} {
		if !strings.Contains(msg.Detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, msg.Detail)
		}
	}
	if _, ok := SLAMarginal(r.Scenarios[1], r.Replications); ok {
		t.Error("SLAMarginal reported a scenario without marginal clauses")
	}
}

func TestMarkdown(t *testing.T) {
	md := Markdown(fixture())
	for _, want := range []string{
		"## Topology simulation: FAIL\n",
		"SLA not met in `baseline`, `euw1-down`. 4 SLA clauses over 2 scenarios: 1 pass, 1 marginal, 2 fail.",
		"5 replications, seed 7, 3,000,000 simulated requests.",
		"| Scenario | Clause | Target | Observed | 95% CI | Status |\n| --- | --- | --- | --- | --- | --- |\n",
		"| baseline | latency_p99_ms | <= 50 ms | 83.2 ms | 81.0 to 85.3 ms | **fail** |\n",
		"| baseline | availability | >= 99.900% | 99.950% | 99.930% to 99.970% | pass |\n",
		"### Scenario `euw1-down`",
		"1,234,567 measured requests: latency p50 20.0 (19.0 to 21.0) ms, p99 83.2 (81.2 to 85.2) ms, availability 99.950% (99.930% to 99.970%).",
		`| sydney\|au | us-east-1 | 210.0 (209.0 to 211.0) | 260.4 (258.4 to 262.4) | 99.90% (99.80% to 100.00%) |`,
		"| eu-west-1 | 97.0% | 1200.0 | 4.1% |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}

	r := fixture()
	for i := range r.Scenarios {
		r.Scenarios[i].SLA = nil
	}
	md = Markdown(r)
	if !strings.Contains(md, "## Topology simulation: NO SLA") || strings.Contains(md, "### SLA") {
		t.Errorf("Markdown of a report without SLA is wrong:\n%s", md)
	}
	if Markdown(nil) != "" {
		t.Error("Markdown(nil) is not empty")
	}
}

func TestNumberFormatting(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want int
	}{
		{[]float64{0.5}, 1}, {[]float64{0.97}, 1}, {[]float64{0.999}, 2},
		{[]float64{0.999, 0.99952}, 3}, {[]float64{1}, 1}, {[]float64{1 - 1e-12}, 6},
	} {
		if got := percentDecimals(tc.xs...); got != tc.want {
			t.Errorf("percentDecimals(%v) = %d, want %d", tc.xs, got, tc.want)
		}
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// replicaFixture is a leader-outage scenario of an async_primary replica
// set that fails its RPO and stale-read clauses.
func replicaFixture() *simulator.Report {
	r := fixture()
	s := r.Scenarios[1]
	s.Name = "leader-down"
	s.ReadLatency = simulator.Latency{P99: est(40, 39, 41)}
	s.WriteLatency = simulator.Latency{P99: est(95.5, 94, 97)}
	s.WriteAvailability = est(0.95, 0.94, 0.96)
	s.StaleReadRatio = est(0.0123, 0.011, 0.0136)
	s.ReplicationLagP99 = est(88, 80, 96)
	s.LostWrites = est(12.4, 10, 14.8)
	s.RPOMs = est(842.1, 700, 984.2)
	s.ReplicaSets = []simulator.ReplicaSetResult{{
		Name: "orders", Replication: simulator.ReplicationAsyncPrimary,
		CommitLatency: simulator.Latency{P99: est(2.1, 2, 2.2)},
		Followers: []simulator.FollowerResult{
			{Region: "eu-west-1", LagP99: est(45, 44, 46)},
			{Region: "ap-northeast-1", LagP99: est(88, 80, 96)},
		},
		StaleReadRatio: est(0.0123, 0.011, 0.0136), LostWrites: est(12.4, 10, 14.8), RPOMs: est(842.1, 700, 984.2),
		WriteUnavailableS: est(30.2, 30, 30.4), Failovers: est(1, 1, 1),
	}}
	s.SLA = []simulator.ClauseResult{
		{Clause: "rpo_ms", Target: 10, Observed: 842.1, Low: 700, High: 984.2, Status: simulator.StatusFail},
		{Clause: "stale_read_ratio", Target: 0.001, Observed: 0.0123, Low: 0.011, High: 0.0136, Status: simulator.StatusFail},
		{Clause: "conflict_ratio", Target: 0.0001, Observed: 0, Low: 0, High: 0, Status: simulator.StatusPass},
	}
	r.Scenarios[1] = s
	return r
}

func TestFormatClause_replicaSetClauses(t *testing.T) {
	for _, tc := range []struct {
		c    simulator.ClauseResult
		want string
	}{
		{simulator.ClauseResult{Clause: "rpo_ms", Target: 10, Observed: 842.1, Low: 700, High: 984.2},
			"rpo_ms: target <= 10 ms, observed 842.1 ms (95% CI 700.0 to 984.2 ms)"},
		{simulator.ClauseResult{Clause: "replication_lag_p99_ms", Target: 50, Observed: 88, Low: 80, High: 96},
			"replication_lag_p99_ms: target <= 50 ms, observed 88.0 ms (95% CI 80.0 to 96.0 ms)"},
		{simulator.ClauseResult{Clause: "write_latency_p99_ms", Target: 80, Observed: 95.5, Low: 94, High: 97},
			"write_latency_p99_ms: target <= 80 ms, observed 95.5 ms (95% CI 94.0 to 97.0 ms)"},
		{simulator.ClauseResult{Clause: "conflict_ratio", Target: 0.0001, Observed: 0.00035, Low: 0.0003, High: 0.0004},
			"conflict_ratio: target <= 0.010%, observed 0.035% (95% CI 0.030% to 0.040%)"},
		{simulator.ClauseResult{Clause: "stale_read_ratio", Target: 0.001, Observed: 0.0123, Low: 0.011, High: 0.0136},
			"stale_read_ratio: target <= 0.10%, observed 1.23% (95% CI 1.10% to 1.36%)"},
	} {
		if got := FormatClause(tc.c); got != tc.want {
			t.Errorf("FormatClause(%+v)\n got %q\nwant %q", tc.c, got, tc.want)
		}
	}
}

func TestSLAFailure_replicaSets(t *testing.T) {
	r := replicaFixture()
	msg, ok := SLAFailure(r.Scenarios[1], r.Replications)
	if !ok {
		t.Fatal("no failure found")
	}
	for _, want := range []string{
		`SLA not met in scenario "leader-down"`,
		"rpo_ms: target <= 10 ms, observed 842.1 ms",
		"stale_read_ratio: target <= 0.10%, observed 1.23%",
		"orders (async_primary): commit p99 2.1 ms, worst follower lag p99 88.0 ms (ap-northeast-1), stale reads 1.2%, " +
			"12.4 lost writes, RPO 842.1 ms, 1.0 failovers, writes unavailable 30.2 s",
		"use sync_quorum replication",
		"read_consistency = \"strong\"",
	} {
		if !strings.Contains(msg.Summary+"\n"+msg.Detail, want) {
			t.Errorf("failure text lacks %q:\n%s\n%s", want, msg.Summary, msg.Detail)
		}
	}
	// A latency-only failure does not list the replica sets.
	s := r.Scenarios[1]
	s.SLA = []simulator.ClauseResult{{Clause: "latency_p99_ms", Target: 50, Observed: 83.2, Low: 81, High: 85, Status: simulator.StatusFail}}
	msg, _ = SLAFailure(s, r.Replications)
	if strings.Contains(msg.Detail, "Replica sets") {
		t.Errorf("latency failure lists replica sets:\n%s", msg.Detail)
	}
}

func TestMarkdown_replicaSets(t *testing.T) {
	md := Markdown(replicaFixture())
	for _, want := range []string{
		"| leader-down | rpo_ms | <= 10 ms | 842.1 ms | 700.0 to 984.2 ms | **fail** |",
		"| leader-down | stale_read_ratio | <= 0.10% | 1.23% | 1.10% to 1.36% | **fail** |",
		"Reads p99 40.0 (39.0 to 41.0) ms, writes p99 95.5 (94.0 to 97.0) ms, write availability 95.0% (94.0% to 96.0%)",
		"lost writes 12.4 (10.0 to 14.8), RPO 842.1 (700.0 to 984.2) ms",
		"| Replica set | Mode | Commit p99 (ms) |",
		"| orders | async_primary | 2.1 (2.0 to 2.2) | 88.0 (80.0 to 96.0) (ap-northeast-1) | 1.2% (1.1% to 1.4%) | 12.4 (10.0 to 14.8) | 842.1 (700.0 to 984.2) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	// The baseline has no replica sets: no replica-set line or table there.
	baseline := md[:strings.Index(md, "### Scenario `leader-down`")]
	if strings.Contains(baseline[strings.Index(baseline, "### Scenario"):], "Replica set") {
		t.Errorf("baseline shows a replica-set table:\n%s", baseline)
	}
}
