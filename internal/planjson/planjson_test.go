package planjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParsePlan(t *testing.T) {
	doc, err := Parse(read(t, "quickstart.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Kind != KindPlan || doc.FormatVersion == "" || doc.TerraformVersion == "" {
		t.Errorf("document: %+v", doc)
	}
	if len(doc.Simulations) != 1 || doc.Simulations[0].Address != "data.topology_simulation.peak" || len(doc.Deferred) != 0 {
		t.Fatalf("simulations %+v, deferred %+v", doc.Simulations, doc.Deferred)
	}
	s := doc.Simulations[0]
	if s.ProviderName != "registry.terraform.io/multiregion/topology" || !strings.Contains(string(s.Values), `"regions"`) {
		t.Errorf("simulation: %s %s", s.ProviderName, s.Values)
	}
	if len(doc.ProviderConfig) != 0 || len(doc.ProviderConfigDynamic) != 0 {
		t.Errorf("provider config: %v %v", doc.ProviderConfig, doc.ProviderConfigDynamic)
	}
}

func TestParseChildModuleAndProviderConfig(t *testing.T) {
	doc, err := Parse(read(t, "module.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Simulations) != 1 || doc.Simulations[0].Address != "module.eu.data.topology_simulation.peak" {
		t.Fatalf("simulations: %+v", doc.Simulations)
	}
	if got := string(doc.ProviderConfig["default_seed"]); got != "7" {
		t.Errorf("default_seed = %q, want 7", got)
	}
}

func TestParseDeferred(t *testing.T) {
	doc, err := Parse(read(t, "deferred.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Simulations) != 0 {
		t.Errorf("a deferred data source has no values to simulate: %+v", doc.Simulations)
	}
	if len(doc.Deferred) != 1 || doc.Deferred[0].Address != "data.topology_simulation.peak" ||
		doc.Deferred[0].Reason != "read_because_dependency_pending" {
		t.Errorf("deferred: %+v", doc.Deferred)
	}
}

func TestParseState(t *testing.T) {
	doc, err := Parse([]byte(`{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{
		"resources":[{"address":"data.topology_simulation.a","mode":"data","type":"topology_simulation","values":{"seed":3}}],
		"child_modules":[{"address":"module.m","resources":[
			{"address":"module.m.data.topology_simulation.b","mode":"data","type":"topology_simulation","values":{}},
			{"address":"module.m.topology_region.r","mode":"managed","type":"topology_region","values":{}},
			{"address":"module.m.data.other.c","mode":"data","type":"other","values":{}}]}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Kind != KindState || len(doc.Simulations) != 2 || doc.Simulations[0].Address != "data.topology_simulation.a" ||
		doc.Simulations[1].Address != "module.m.data.topology_simulation.b" {
		t.Errorf("document: %+v", doc)
	}
}

func TestParseInvalid(t *testing.T) {
	for _, in := range []string{"", "   ", "null", "[]", `"plan"`, "{", `{"format_version": 1}`, `{}`, `{"format_version":"0.1"}`,
		`{"format_version":"1.0"} {"format_version":"1.0"}`, `{"format_version":"1.0","values":{"root_module":{"resources":"x"}}}`} {
		if _, err := Parse([]byte(in)); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) = %v, want ErrInvalid", in, err)
		}
	}
}

func TestParseSyntaxErrorPosition(t *testing.T) {
	_, err := Parse([]byte("{\n  \"format_version\": \"1.0\",\n  oops\n}"))
	if err == nil || !strings.Contains(err.Error(), "line 3, column 3") {
		t.Errorf("error %v does not point at line 3, column 3", err)
	}
}

// TestParseDeferredInput: a managed simulation with an input known only
// after apply is deferred, with the paths after_unknown marks (the input,
// the region's derived capacity, and the results).
func TestParseDeferredInput(t *testing.T) {
	doc, err := Parse(read(t, "deferred-input.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Simulations) != 0 || len(doc.Deferred) != 1 {
		t.Fatalf("simulations %+v, deferred %+v", doc.Simulations, doc.Deferred)
	}
	d := doc.Deferred[0]
	if d.Address != "topology_simulation.peak" || d.Reason != "input_known_after_apply" {
		t.Errorf("deferred: %+v", d)
	}
	for _, p := range []string{"regions[0].instances", "regions[0].capacity_rps", "results"} {
		if !slices.Contains(d.Unknown, p) {
			t.Errorf("unknown paths %q lack %s", d.Unknown, p)
		}
	}
	if slices.ContainsFunc(d.Unknown, func(p string) bool { return strings.HasPrefix(p, "regions[1]") || strings.HasPrefix(p, "workload") }) {
		t.Errorf("a known value is marked unknown: %q", d.Unknown)
	}
}

// TestUnknownPaths: every true leaf of after_unknown, as a user writes its
// path, attributes in name order.
func TestUnknownPaths(t *testing.T) {
	for raw, want := range map[string]string{
		`true`:  `[""]`,
		`false`: `[]`,
		`{}`:    `[]`,
		`{"sla": {}, "regions": [{}, {"instances": true, "capacity_rps": true}], "results": true, "seed": false}`: `["regions[1].capacity_rps","regions[1].instances","results"]`,
		`{"a": [[true]]}`: `["a[0][0]"]`,
		`not json`:        `[]`,
	} {
		paths := UnknownPaths(json.RawMessage(raw))
		if paths == nil {
			paths = []string{}
		}
		got, _ := json.Marshal(paths)
		if string(got) != want {
			t.Errorf("UnknownPaths(%s) = %s, want %s", raw, got, want)
		}
	}
}

// TestParseManagedSimulation: a managed topology_simulation is read from
// planned_values (not from its prior state, which holds the old results),
// and one with an input known only after apply is deferred.
func TestParseManagedSimulation(t *testing.T) {
	doc, err := Parse([]byte(`{
	  "format_version": "1.2",
	  "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": [
	    {"address": "topology_simulation.peak", "mode": "managed", "type": "topology_simulation", "values": {"seed": 1, "sla_met": false}}
	  ]}}},
	  "planned_values": {"root_module": {"resources": [
	    {"address": "topology_simulation.peak", "mode": "managed", "type": "topology_simulation", "values": {"seed": 2, "sla_met": true}},
	    {"address": "topology_simulation.later", "mode": "managed", "type": "topology_simulation", "values": {"seed": 3}}
	  ]}},
	  "resource_changes": [
	    {"address": "topology_simulation.peak", "mode": "managed", "type": "topology_simulation",
	     "change": {"actions": ["update"], "after_unknown": {"results": false}}},
	    {"address": "topology_simulation.later", "mode": "managed", "type": "topology_simulation",
	     "change": {"actions": ["create"], "after_unknown": {"duration_s": true, "results": true}}}
	  ]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Simulations) != 1 || doc.Simulations[0].Address != "topology_simulation.peak" ||
		!strings.Contains(string(doc.Simulations[0].Values), `"seed":2`) ||
		!strings.Contains(string(doc.Simulations[0].Prior), `"seed":1`) {
		t.Errorf("simulations = %+v, want the planned values of topology_simulation.peak and its prior ones", doc.Simulations)
	}
	if len(doc.Deferred) != 1 || doc.Deferred[0].Address != "topology_simulation.later" || doc.Deferred[0].Reason != "input_known_after_apply" {
		t.Errorf("deferred = %+v", doc.Deferred)
	}
}

// TestParsePriorState: in a plan made after an apply, a managed simulation
// carries its prior state's values, results included, beside the planned
// ones; the two differ where the plan changed a region.
func TestParsePriorState(t *testing.T) {
	doc, err := Parse(read(t, "region-change.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Simulations) != 1 {
		t.Fatalf("simulations: %+v", doc.Simulations)
	}
	s := doc.Simulations[0]
	if s.Address != "topology_simulation.peak" || s.Mode != "managed" || !strings.Contains(string(s.Prior), `"results"`) {
		t.Fatalf("simulation %s (%s): prior %.200s", s.Address, s.Mode, s.Prior)
	}
	instances := func(raw json.RawMessage) []any {
		var v struct {
			Regions []struct {
				Name      string `json:"name"`
				Instances any    `json:"instances"`
			} `json:"regions"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		var out []any
		for _, r := range v.Regions {
			out = append(out, r.Name, r.Instances)
		}
		return out
	}
	before, after := instances(s.Prior), instances(s.Values)
	if fmt.Sprint(before) != "[us-east-1 6 eu-west-1 6 ap-northeast-1 6]" || fmt.Sprint(after) != "[us-east-1 6 eu-west-1 2 ap-northeast-1 6]" {
		t.Errorf("instances before %v, after %v", before, after)
	}
}
