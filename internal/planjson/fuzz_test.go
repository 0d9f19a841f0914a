package planjson_test

import (
	"context"
	"os"
	"testing"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
	"github.com/multiregion/terraform-provider-topology/internal/planjson"
)

// FuzzParse: arbitrary bytes never panic the reader.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"quickstart.plan.json", "deferred.plan.json"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"child_modules":[{"resources":[{"mode":"data","type":"topology_simulation"}]}]}}}`))
	f.Fuzz(func(_ *testing.T, data []byte) {
		_, _ = planjson.Parse(data)
	})
}

// FuzzCheckPlan feeds arbitrary bytes to the plan decoder and the
// provider's mapping (the decoder of check --plan): an error is fine, a
// panic is not.
func FuzzCheckPlan(f *testing.F) {
	for _, name := range []string{"quickstart.plan.json", "deferred.plan.json", "module.plan.json"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"mode":"data","type":"topology_simulation","values":{"regions":[{}]}}]}}}`))
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"child_modules":[{"resources":[{"mode":"data","type":"topology_simulation","values":null}]}]}}}`))
	f.Add([]byte(`{"format_version":"1.2","prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[{"mode":"data","type":"topology_simulation","values":{"workload":{"origins":[{"rps":1e308}]},"regions":[]}}]}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := planjson.Parse(data)
		if err != nil {
			return
		}
		for _, s := range doc.Simulations {
			// The simulator's own fuzz tests cover Check and Run; this
			// one stops at the model.
			_, _ = mapping.ModelFromSimulationJSON(context.Background(), s.Values, mapping.DefaultProviderSettings())
		}
	})
}
