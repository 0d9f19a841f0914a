package mapping

import (
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// TestEverySimulatorRuleReachesItsAttribute: each simulator rule on a
// topology object's field is the validator of that object's attribute.
// A declaration whose path did not match the rule's (a typo in a prefix
// or a name) would leave the attribute without validation, silently.
func TestEverySimulatorRuleReachesItsAttribute(t *testing.T) {
	used := map[string]bool{
		// The routing policy's maps are lists of objects in the model;
		// rpGeoRoutesValidators and rpWeightsValidators hold their rules.
		"routing_policy.geo_routes[].region": true,
		"routing_policy.weights[].region":    true,
		"routing_policy.weights[].weight":    true,
	}
	var walk func(prefix string, specs []attrSpec)
	walk = func(prefix string, specs []attrSpec) {
		for _, s := range specs {
			path := prefix + "." + s.name
			d := withRule(prefix, s)
			if len(d.strings)+len(d.ints)+len(d.floats)+len(d.lists) > 0 {
				used[path] = true
				if _, ok := simulator.RuleAt(path + "[]"); ok {
					used[path+"[]"] = true
				}
			}
			walk(path, s.attrs)
		}
	}
	objects := map[string][]attrSpec{
		regionsPath:       regionSpecs(),
		replicaSetsPath:   replicaSetSpecs(),
		cacheTiersPath:    cacheTierSpecs(),
		routingPolicyPath: routingPolicySpecs(),
	}
	for prefix, specs := range objects {
		walk(prefix, specs)
	}
	for _, p := range simulator.RulePaths() {
		for prefix := range objects {
			if strings.HasPrefix(p, prefix+".") && !used[p] {
				t.Errorf("simulator rule %s has no attribute of %s that uses it", p, prefix)
			}
		}
	}
	if len(used) < 40 {
		t.Errorf("only %d rules reached an attribute", len(used))
	}
}
