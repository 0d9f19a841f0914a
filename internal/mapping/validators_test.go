package mapping

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// details are the diagnostics' details, in order.
func details(d diag.Diagnostics) []string {
	var out []string
	for _, x := range d {
		out = append(out, x.Detail())
	}
	return out
}

// TestRuleValidators: a validator built from a rule says the rule's words
// after the attribute's path, with the rule's fix, and skips what the
// rule holds for Check alone (the simulator's Limit).
func TestRuleValidators(t *testing.T) {
	ctx := context.Background()
	intDetails := func(v validator.Int64, p path.Path, n int64) []string {
		var resp validator.Int64Response
		v.ValidateInt64(ctx, validator.Int64Request{Path: p, ConfigValue: types.Int64Value(n)}, &resp)
		return details(resp.Diagnostics)
	}
	replications := simulator.BoundAt("run.replications")
	want := "replications must be between 2 and 100, got 1000. " + replications.Fix
	if got := intDetails(Int64Rule("run.replications"), path.Root("replications"), 1000); len(got) != 1 || got[0] != want {
		t.Errorf("replications: %q, want %q", got, want)
	}
	if got := intDetails(Int64Rule("regions[].instances"), path.Root("instances"), 2*simulator.MaxInstances); len(got) != 0 {
		t.Errorf("the simulator's limit is Check's, not the resource's: %q", got)
	}

	var sresp validator.StringResponse
	StringRule("regions[].name").ValidateString(ctx, validator.StringRequest{Path: path.Root("name"), ConfigValue: types.StringValue("US East")}, &sresp)
	name := simulator.ShapeAt("regions[].name")
	what, _ := name.Violation("US East")
	if got := details(sresp.Diagnostics); len(got) != 1 || got[0] != "name "+what+". "+name.FixFor("US East") {
		t.Errorf("name: %q", got)
	}

	var lresp validator.ListResponse
	dup := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringUnknown(), types.StringValue("a")})
	ListRule("replica_sets[].regions").ValidateList(ctx, validator.ListRequest{Path: path.Root("regions"), ConfigValue: dup}, &lresp)
	regions := simulator.ListAt("replica_sets[].regions")
	if got := details(lresp.Diagnostics); len(got) != 1 || got[0] != "regions "+regions.Repeated("a", 0, 2)+". "+regions.UniqueFix {
		t.Errorf("duplicate: %q", got)
	}
	if p := lresp.Diagnostics[0].(diag.DiagnosticWithPath).Path(); !p.Equal(path.Root("regions").AtListIndex(2)) {
		t.Errorf("duplicate reported at %s, want the repeat", p)
	}

	defer func() {
		if recover() == nil {
			t.Error("StringRule of a path without a string rule must panic")
		}
	}()
	StringRule("regions[].instances")
}
