package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/multiregion/terraform-provider-topology/internal/cli"
)

// The parity test: every value the provider refuses in a topology_simulation
// is refused by `check -f` for the same model with the same words. Each
// case is one change to a valid model (parityBase); the same JSON is the
// model file of `check -f` and, written as HCL object literals, the
// simulation's configuration. The test takes the finding that `check -f`
// prints at the case's path and expects the plan to fail with that
// finding's text (what is wrong, with the number, and how to fix it), so
// the expected message comes from the simulator and is not written here.

// parityBase is a valid model: one region, one origin, a short run.
const parityBase = `{
  "regions": [{"name": "us-east-1", "location": "aws:us-east-1", "instances": 4, "service_time_ms": 10}],
  "workload": {"origins": [{"name": "virginia", "location": "aws:us-east-1", "rps": 100}]},
  "run": {"duration_s": 10, "warmup_s": 1, "replications": 2, "seed": 1}
}`

// parityWithSet, parityWithCache and parityWithPolicy add the object a
// case changes.
const (
	paritySet    = `{"name": "orders", "regions": ["us-east-1"], "leader": "us-east-1", "replication": "async_primary"}`
	parityCache  = `{"name": "hot", "replica_set": "orders", "regions": ["us-east-1"], "capacity_keys": 100, "ttl_s": 10}`
	parityPolicy = `{"name": "global", "strategy": "latency"}`
)

// parityCase sets one value of the model (a path of object keys and list
// indexes, as in the finding paths) and names the path of the finding.
type parityCase struct {
	// with adds objects to the base model before the change.
	with map[string]string
	set  string
	to   string
	// finding is the model path of the finding; empty means set.
	finding string
}

func parityCases() []parityCase {
	withSet := map[string]string{"replica_sets": "[" + paritySet + "]"}
	withCache := map[string]string{"replica_sets": "[" + paritySet + "]", "cache_tiers": "[" + parityCache + "]"}
	withPolicy := map[string]string{"routing_policy": parityPolicy}
	fault := func(f string) map[string]string {
		return map[string]string{"scenarios": `[{"name": "down", "faults": [` + f + `]}]`}
	}
	return []parityCase{
		// Regions.
		{set: "regions.0.name", to: `"US_East"`},
		{set: "regions.0.location", to: `"aws:mars-1"`},
		{set: "regions.0.jurisdiction", to: `"usa"`},
		{set: "regions.0.instances", to: `0`},
		{set: "regions.0.concurrency", to: `-1`},
		{set: "regions.0.service_time_ms", to: `-5`},
		{set: "regions.0.service_time_distribution", to: `"gamma"`},
		{set: "regions.0.queue_limit", to: `-1`},
		// Workload.
		{set: "workload.origins.0.name", to: `"Virginia!"`},
		{set: "workload.origins.0.location", to: `"geo:95,0"`},
		{set: "workload.origins.0.rps", to: `-1`},
		{set: "workload.origins.0.read_ratio", to: `1.5`},
		{set: "workload.keys", to: `-1`},
		{set: "workload.zipf_s", to: `-1`},
		{set: "network.jitter_sigma", to: `5`},
		// SLA.
		{set: "sla.latency_p99_ms", to: `-1`},
		{set: "sla.latency_p50_ms", to: `0`},
		{set: "sla.availability", to: `1.5`},
		{set: "sla.stale_read_ratio", to: `2`},
		{set: "sla.rpo_ms", to: `-1`},
		{set: "sla.rto_s", to: `-1`},
		// Run settings (root attributes in Terraform).
		{set: "run.duration_s", to: `0`},
		{set: "run.warmup_s", to: `-1`},
		{set: "run.replications", to: `1000`},
		{set: "run.replications", to: `1`},
		// Replica sets.
		{with: withSet, set: "replica_sets.0.name", to: `"Orders"`},
		{with: withSet, set: "replica_sets.0.replication", to: `"paxos"`},
		{with: withSet, set: "replica_sets.0.read_consistency", to: `"linear"`},
		{with: withSet, set: "replica_sets.0.apply_time_ms", to: `-1`},
		{with: map[string]string{"replica_sets": `[{"name": "orders", "regions": ["us-east-1"], "leader": "us-east-1", ` +
			`"replication": "async_primary", "read_consistency": "bounded_staleness"}]`},
			set: "replica_sets.0.staleness_bound_ms", to: `-1`},
		{with: withSet, set: "replica_sets.0.regions", to: `[]`},
		// Cache tiers.
		{with: withCache, set: "cache_tiers.0.capacity_keys", to: `-1`},
		{with: withCache, set: "cache_tiers.0.ttl_s", to: `-1`},
		{with: withCache, set: "cache_tiers.0.eviction", to: `"fifo"`},
		{with: withCache, set: "cache_tiers.0.write_policy", to: `"write_back"`},
		{with: withCache, set: "cache_tiers.0.hit_latency_ms", to: `-1`},
		// Routing policy.
		{with: withPolicy, set: "routing_policy.strategy", to: `"random"`},
		{with: withPolicy, set: "routing_policy.dns_ttl_s", to: `-1`},
		{with: withPolicy, set: "routing_policy.request_timeout_ms", to: `-1`},
		{with: withPolicy, set: "routing_policy.health_check", to: `{"interval_s": -1}`, finding: "routing_policy.health_check.interval_s"},
		{with: withPolicy, set: "routing_policy.retry", to: `{"max_attempts": 20}`, finding: "routing_policy.retry.max_attempts"},
		// Faults.
		{with: fault(`{"type": "meteor", "region": "us-east-1", "at_s": 2}`), set: "scenarios.0.faults.0.type", to: `"meteor"`},
		{with: fault(`{"type": "capacity_loss", "region": "us-east-1", "at_s": 2}`), set: "scenarios.0.faults.0.fraction", to: `2`},
		{with: fault(`{"type": "traffic_surge", "origin": "virginia", "at_s": 2}`), set: "scenarios.0.faults.0.multiplier", to: `1`},
		{with: fault(`{"type": "service_slowdown", "region": "us-east-1", "at_s": 2}`), set: "scenarios.0.faults.0.multiplier", to: `0.5`},
		{with: fault(`{"type": "region_outage", "region": "us-east-1", "at_s": 2}`), set: "scenarios.0.faults.0.at_s", to: `-1`},
		{with: fault(`{"type": "region_outage", "region": "us-east-1", "at_s": 2}`), set: "scenarios.0.faults.0.fraction", to: `0.5`},
	}
}

// model is the case's model JSON.
func (c parityCase) model(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(parityBase), &m); err != nil {
		t.Fatal(err)
	}
	for key, v := range c.with {
		var val any
		if err := json.Unmarshal([]byte(v), &val); err != nil {
			t.Fatal(err)
		}
		m[key] = val
	}
	var val any
	if err := json.Unmarshal([]byte(c.to), &val); err != nil {
		t.Fatal(err)
	}
	setPath(t, m, strings.Split(c.set, "."), val)
	return m
}

// setPath sets the value at a dotted path of keys and list indexes,
// creating objects on the way.
func setPath(t *testing.T, node any, steps []string, val any) {
	t.Helper()
	switch n := node.(type) {
	case map[string]any:
		if len(steps) == 1 {
			n[steps[0]] = val
			return
		}
		next, ok := n[steps[0]]
		if !ok {
			next = map[string]any{}
			n[steps[0]] = next
		}
		setPath(t, next, steps[1:], val)
	case []any:
		var i int
		if _, err := fmt.Sscan(steps[0], &i); err != nil || i >= len(n) {
			t.Fatalf("bad index %q", steps[0])
		}
		if len(steps) == 1 {
			n[i] = val
			return
		}
		setPath(t, n[i], steps[1:], val)
	default:
		t.Fatalf("cannot set %v in %T", steps, node)
	}
}

// findingPath is the case's finding path in the model's notation:
// "regions.0.instances" is "regions[0].instances".
func (c parityCase) findingPath() string {
	p := c.finding
	if p == "" {
		p = c.set
	}
	return regexp.MustCompile(`\.([0-9]+)`).ReplaceAllString(p, "[$1]")
}

// hcl writes the model as a topology_simulation data source: every
// section an argument of the same name (JSON is valid HCL expression
// syntax), the run settings as root arguments.
func parityHCL(t *testing.T, m map[string]any) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("data \"topology_simulation\" \"test\" {\n")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "run" {
			run, _ := m[k].(map[string]any)
			runKeys := make([]string, 0, len(run))
			for rk := range run {
				runKeys = append(runKeys, rk)
			}
			slices.Sort(runKeys)
			for _, rk := range runKeys {
				fmt.Fprintf(&b, "  %s = %s\n", rk, mustJSON(t, run[rk]))
			}
			continue
		}
		fmt.Fprintf(&b, "  %s = %s\n", k, mustJSON(t, m[k]))
	}
	b.WriteString("}\n")
	return b.String()
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// findingRE matches one finding as `check` prints it: "Error: ADDRESS:
// PATH: SUMMARY", a blank line, then the indented detail.
var findingRE = regexp.MustCompile(`(?m)^Error: [^:]+: ([^:\s]+): (.*)\n\n((?:  .*\n?)+)`)

// checkFinding runs `check -f` on the model and returns the summary and
// detail of its error at path; the exit code must be 2 (refused).
func checkFinding(t *testing.T, m map[string]any, path string) (summary, detail, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main("test", []string{"check", "-f", "-"}, strings.NewReader(mustJSON(t, m)), &out, &errOut)
	stderr = errOut.String()
	if code != cli.ExitBadInput {
		t.Fatalf("check -f exited %d, want %d (refused)\nstderr:\n%s", code, cli.ExitBadInput, stderr)
	}
	for _, f := range findingRE.FindAllStringSubmatch(stderr, -1) {
		if f[1] == path {
			return f[2], strings.Join(strings.Fields(f[3]), " "), stderr
		}
	}
	t.Fatalf("check -f has no error at %s\nstderr:\n%s", path, stderr)
	return "", "", stderr
}

// words makes a pattern of text that Terraform may wrap anywhere.
func words(text string) string {
	fields := strings.Fields(text)
	for i, f := range fields {
		fields[i] = regexp.QuoteMeta(f)
	}
	return strings.Join(fields, `\s+`)
}

// TestAccParity_refusals: each case's `check -f` finding, what is wrong
// (its summary, less the model path, which Terraform names in its own
// way for the run settings) and how to fix it, is the provider's error.
func TestAccParity_refusals(t *testing.T) {
	cases := parityCases()
	if len(cases) < 30 {
		t.Fatalf("only %d parity cases", len(cases))
	}
	var steps []resource.TestStep
	for _, c := range cases {
		m := c.model(t)
		path := c.findingPath()
		summary, detail, _ := checkFinding(t, m, path)
		what := strings.TrimPrefix(summary, path+" ")
		// The fix's first sentence, which is the rule's own; the
		// provider may add context after it.
		fix, _, _ := strings.Cut(detail, ". ")
		t.Logf("%s = %s: %s / %s", path, c.to, what, fix)
		steps = append(steps, resource.TestStep{
			Config:      parityHCL(t, m),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(words(what) + `[\s\S]*` + words(fix)),
		})
	}
	// The last step is the valid base model, so the test ends on a
	// configuration that plans.
	var base map[string]any
	if err := json.Unmarshal([]byte(parityBase), &base); err != nil {
		t.Fatal(err)
	}
	steps = append(steps, resource.TestStep{Config: parityHCL(t, base), PlanOnly: true})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
