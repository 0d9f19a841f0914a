package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestBoundWording pins the words of a bound, which the provider's
// acceptance tests match: they are the provider's validators' since before
// the rules moved here.
func TestBoundWording(t *testing.T) {
	for _, c := range []struct {
		b    Bound
		v    float64
		want string
	}{
		{atLeast(1, "").whole(), 0, "must be at least 1, got 0"},
		{greaterThan(0, ""), -1, "must be greater than 0, got -1"},
		{within(2, 100, "").whole(), 1000, "must be between 2 and 100, got 1000"},
		{within(0, maxCacheTTLS, ""), -5, "must be at least 0 and at most 3.1536e+07, got -5"},
		{Bound{Min: 0, MinExclusive: true, Max: 1, Limit: math.Inf(1)}, 99.9, "must be greater than 0 and at most 1, got 99.9"},
		{greaterThan(0, ""), math.NaN(), "must be greater than 0, got NaN"},
		{atLeast(0, ""), math.Inf(1), "must be at least 0, got +Inf"},
		{atLeast(1, "").whole(), 1.5, "must be a whole number, got 1.5"},
	} {
		if got, bad := c.b.Violation(c.v); !bad || got != c.want {
			t.Errorf("Violation(%g) = %q, %v; want %q", c.v, got, bad, c.want)
		}
	}
	if what, bad := BoundAt("regions[].instances").Violation(MaxInstances * 2); bad {
		t.Errorf("the limit is not the bound: %q", what)
	}
	if got, _ := BoundAt("regions[].instances").Unsupported(2_000_000); got != "must be at most 1000000, got 2000000" {
		t.Errorf("Unsupported = %q", got)
	}
	if _, bad := BoundAt("regions[].instances").Unsupported(MaxInstances); bad {
		t.Error("the limit itself is supported")
	}
	if got := ChoiceAt("cache_tiers[].eviction").Requirement(); got != `must be one of "lru" or "lfu"` {
		t.Errorf("Choice.Requirement = %q", got)
	}
	if got, _ := ChoiceAt("regions[].service_time_distribution").Violation("gamma"); got != `value must be one of: ["exponential" "lognormal" "deterministic"], got: "gamma"` {
		t.Errorf("bracketed Choice.Violation = %q", got)
	}
	if got := ShapeAt("regions[].name").FixFor("EU West"); !strings.HasSuffix(got, ` For example "eu-west".`) {
		t.Errorf("name fix without a suggestion: %q", got)
	}
}

// TestRulesHaveFixes: every rule says how to correct what it refuses, in
// a sentence (the provider's message puts it after "<what>. "), and every
// limit below which a bound stops has its own fix.
func TestRulesHaveFixes(t *testing.T) {
	sentence := func(path, fix string) {
		if fix == "" || !strings.HasSuffix(fix, ".") || strings.ToUpper(fix[:1]) != fix[:1] {
			t.Errorf("%s: fix %q is not a sentence", path, fix)
		}
	}
	for _, path := range RulePaths() {
		switch r, _ := RuleAt(path); r := r.(type) {
		case Bound:
			sentence(path, r.Fix)
			if !math.IsInf(r.Limit, 1) {
				sentence(path, r.LimitFix)
				if r.Limit >= r.Max {
					t.Errorf("%s: limit %g is not below the bound's maximum %g", path, r.Limit, r.Max)
				}
			}
		case Choice:
			sentence(path, r.Fix)
		case Shape:
			sentence(path, r.Fix)
			if r.Says == "" {
				t.Errorf("%s: a shape that does not say what it is", path)
			}
		case List:
			if r.NotEmpty {
				sentence(path, r.EmptyFix)
			}
			if r.Unique != "" {
				sentence(path, r.UniqueFix)
			}
		}
	}
}

// ruleBase is a valid model with every section and every optional field
// set, as JSON, for TestCheckEnforcesEveryRule to break one field at a
// time.
const ruleBase = `{
  "regions": [{"name": "r1", "location": "aws:us-east-1", "jurisdiction": "US", "instances": 4, "concurrency": 2,
    "service_time_ms": 10, "service_time_distribution": "lognormal", "service_time_p99_over_p50": 3, "queue_limit": 100}],
  "replica_sets": [{"name": "db", "regions": ["r1"], "leader": "r1", "replication": "sync_quorum", "quorum": 1,
    "read_consistency": "bounded_staleness", "staleness_bound_ms": 500, "apply_time_ms": 1, "election_timeout_ms": 1000}],
  "cache_tiers": [{"name": "hot", "replica_set": "db", "regions": ["r1"], "capacity_keys": 100, "ttl_s": 10,
    "eviction": "lru", "hit_latency_ms": 1, "write_policy": "invalidate"}],
  "routing_policy": {"name": "global", "strategy": "latency", "dns_ttl_s": 30, "request_timeout_ms": 1000,
    "health_check": {"interval_s": 10, "failure_threshold": 3, "timeout_ms": 1000},
    "retry": {"max_attempts": 2, "backoff_base_ms": 50, "backoff_max_ms": 1000},
    "circuit_breaker": {"failure_threshold": 5, "open_s": 30}},
  "workload": {"origins": [{"name": "o1", "location": "aws:us-east-1", "rps": 100, "read_ratio": 0.9,
    "replica_set": "db", "allowed_jurisdictions": ["US"]}], "keys": 1000, "zipf_s": 0.99},
  "network": {"jitter_sigma": 0.2},
  "scenarios": [{"name": "down", "faults": [{"type": "region_outage", "region": "r1", "at_s": 2, "duration_s": 3}]}],
  "sla": {"latency_p50_ms": 100, "latency_p95_ms": 200, "latency_p99_ms": 300, "latency_p999_ms": 400,
    "availability": 0.9, "read_latency_p99_ms": 300, "write_latency_p99_ms": 300, "replication_lag_p99_ms": 500,
    "rpo_ms": 0, "stale_read_ratio": 0.1, "conflict_ratio": 0.1, "rto_s": 60,
    "origins": [{"origin": "o1", "latency_p50_ms": 100, "latency_p95_ms": 200, "latency_p99_ms": 300,
      "latency_p999_ms": 400, "availability": 0.9}]},
  "run": {"duration_s": 10, "warmup_s": 1, "replications": 2, "seed": 1}
}`

// ruleVariant is a model of ruleBase for the rule at path: the routing
// policy's strategy is the one whose setting the path is.
func ruleVariant(t *testing.T, path string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(ruleBase), &m); err != nil {
		t.Fatal(err)
	}
	rp := m["routing_policy"].(map[string]any)
	switch {
	case strings.HasPrefix(path, "routing_policy.geo_routes"):
		rp["strategy"], rp["geo_routes"] = "geo", []any{map[string]any{"origin": "o1", "region": "r1"}}
	case strings.HasPrefix(path, "routing_policy.weights"):
		rp["strategy"], rp["weights"] = "weighted", []any{map[string]any{"region": "r1", "weight": 1.0}}
	case strings.HasPrefix(path, "routing_policy.failover"):
		rp["strategy"], rp["failover"] = "failover", []any{"r1"}
	case strings.HasPrefix(path, "regions[].prices"):
		r := m["regions"].([]any)[0].(map[string]any)
		r["prices"] = map[string]any{"currency": "USD", "instance_hour": 0.1, "transfer_out_gb": 0.02,
			"internet_egress_gb": 0.09, "storage_gb_month": 0.1}
	case strings.HasPrefix(path, "regions[].autoscaling"):
		r := m["regions"].([]any)[0].(map[string]any)
		r["autoscaling"] = map[string]any{"min_instances": 2.0, "max_instances": 8.0, "signal": "utilization",
			"target": 0.6, "evaluation_interval_s": 10.0, "scale_out_cooldown_s": 0.0, "scale_in_cooldown_s": 30.0,
			"warmup_s": 5.0, "tolerance": 0.1}
	case strings.HasPrefix(path, "workload.origins[].operations"):
		// One operation with every field of its kind set, in place of the
		// origin's read_ratio and replica_set.
		o := m["workload"].(map[string]any)["origins"].([]any)[0].(map[string]any)
		delete(o, "read_ratio")
		delete(o, "replica_set")
		op := map[string]any{"name": "get", "share": 1.0, "replica_set": "db", "kind": "read",
			"read_consistency": "bounded_staleness", "staleness_bound_ms": 200.0, "idempotent": true,
			"latency_p50_ms": 100.0, "latency_p95_ms": 200.0, "latency_p99_ms": 300.0, "latency_p999_ms": 400.0,
			"availability": 0.9, "stale_read_ratio": 0.1}
		if strings.HasSuffix(path, "duplicate_write_ratio") {
			op = map[string]any{"name": "put", "share": 1.0, "replica_set": "db", "kind": "write", "idempotent": false,
				"duplicate_write_ratio": 0.1}
		}
		o["operations"] = []any{op}
	case strings.HasPrefix(path, "workload.origins[].load_profile"):
		// Both parts of a profile, each field set.
		o := m["workload"].(map[string]any)["origins"].([]any)[0].(map[string]any)
		o["load_profile"] = map[string]any{
			"diurnal": map[string]any{"peak_multiplier": 2.0, "trough_multiplier": 0.5, "peak_hour_utc": 14.0},
			"steps":   []any{map[string]any{"at_s": 10.0, "multiplier": 2.0, "ramp_s": 5.0}},
		}
	}
	return m
}

// setAt sets the value at a rule's path in m, through the first element
// of every list on the way; it fails when a step on the way is not in the
// base model.
func setAt(t *testing.T, m map[string]any, path string, v any) {
	t.Helper()
	var node any = m
	steps := strings.Split(path, ".")
	for i, step := range steps {
		last := i == len(steps)-1
		key, elem := strings.CutSuffix(step, "[]")
		obj, ok := node.(map[string]any)
		if !ok {
			t.Fatalf("%s: %q is not in an object", path, step)
		}
		// The last field may be one the base leaves out (a fault's
		// fields of other types); decodeModel refuses a name the model
		// does not have.
		if _, ok := obj[key]; !ok && (!last || elem) {
			t.Fatalf("%s: the base model has no %q", path, key)
		}
		switch {
		case last && !elem:
			obj[key] = v
		case last:
			obj[key].([]any)[0] = v
		case elem:
			node = obj[key].([]any)[0]
		default:
			node = obj[key]
		}
	}
}

// decodeModel decodes the JSON of m as a model file is, refusing unknown
// fields, so that a rule whose path is not the model's fails.
func decodeModel(t *testing.T, m map[string]any) Model {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var model Model
	if err := dec.Decode(&model); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return model
}

// checkSays runs Check and fails unless an error at path has the summary
// and detail.
func checkSays(t *testing.T, model Model, path, summary, detail string) {
	t.Helper()
	fs := Check(model)
	for _, f := range fs {
		if f.Severity == SeverityError && f.Path == path && f.Summary == summary {
			if f.Detail != detail {
				t.Errorf("detail at %s\n got %q\nwant %q", path, f.Detail, detail)
			}
			return
		}
	}
	t.Errorf("no error at %s saying %q; findings:\n%+v", path, summary, fs)
}

// TestCheckEnforcesEveryRule breaks each rule of the table in a model that
// is otherwise valid and expects Check's error in the rule's words: the
// model path and what is wrong, then the rule's fix. So every rule the
// provider's validators apply (they are built from the same table) is
// applied to a model file too, at the path the table names.
func TestCheckEnforcesEveryRule(t *testing.T) {
	if fs := errorsOf(Check(decodeModel(t, ruleVariant(t, "")))); len(fs) > 0 {
		t.Fatalf("the base model has errors: %+v", fs)
	}
	// at is the finding path of a rule's path: the first element of each
	// list.
	at := func(path string) string { return strings.ReplaceAll(path, "[]", "[0]") }
	for _, path := range RulePaths() {
		rule, _ := RuleAt(path)
		t.Run(path, func(t *testing.T) {
			switch r := rule.(type) {
			case Bound:
				if path == "run.seed" {
					t.Skip("Seed is a uint64: a model file cannot hold a negative one, which its decoding refuses")
				}
				// Well below the bound: a value just below may be the 0
				// that means "not set".
				v := r.Min - 5
				m := ruleVariant(t, path)
				setAt(t, m, path, v)
				what, _ := r.Violation(v)
				checkSays(t, decodeModel(t, m), at(path), at(path)+" "+what, r.Fix)
				if math.IsInf(r.Limit, 1) {
					return
				}
				v = r.Limit * 2
				m = ruleVariant(t, path)
				setAt(t, m, path, v)
				what, _ = r.Unsupported(v)
				checkSays(t, decodeModel(t, m), at(path), at(path)+" "+what, r.LimitFix)
			case Choice:
				m := ruleVariant(t, path)
				setAt(t, m, path, "no-such-value")
				what, _ := r.Violation("no-such-value")
				checkSays(t, decodeModel(t, m), at(path), at(path)+" "+what, r.Fix)
			case Shape:
				bad := "Not Valid!"
				m := ruleVariant(t, path)
				setAt(t, m, path, bad)
				what, _ := r.Violation(bad)
				checkSays(t, decodeModel(t, m), at(path), at(path)+" "+what, r.FixFor(bad))
			case List:
				if r.NotEmpty {
					m := ruleVariant(t, path)
					setAt(t, m, path, []any{})
					what, _ := r.Empty(0)
					checkSays(t, decodeModel(t, m), at(path), at(path)+" "+what, r.EmptyFix)
				}
				if r.Unique != "" {
					m := ruleVariant(t, path)
					first := listAt(t, m, path)[0]
					setAt(t, m, path, []any{first, first})
					checkSays(t, decodeModel(t, m), at(path)+"[1]",
						at(path)+" "+r.Repeated(fmt.Sprint(first), 0, 1), r.UniqueFix)
				}
			default:
				t.Fatalf("rule of unknown kind %T", rule)
			}
		})
	}
}

// listAt is the list at a rule's path in m, through the first element of
// every list on the way.
func listAt(t *testing.T, m map[string]any, path string) []any {
	t.Helper()
	var node any = m
	for _, step := range strings.Split(path, ".") {
		key, elem := strings.CutSuffix(step, "[]")
		node = node.(map[string]any)[key]
		if elem {
			node = node.([]any)[0]
		}
	}
	return node.([]any)
}
