package mapping

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func bigNumber(t *testing.T, s string) *big.Float {
	t.Helper()
	if s == "+Inf" {
		return new(big.Float).SetInf(false)
	}
	f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestNumberTypesReadEveryNumber checks that the number types never fail
// on a number: one the Go type holds is a plain base value, and any other
// is refused by its ValidateAttribute with the attribute's path, the
// number as written and the rule's range and fix.
func TestNumberTypesReadEveryNumber(t *testing.T) {
	ctx := context.Background()
	instances := IntegerTypeFor([]validator.Int64{Int64Rule("regions[].instances")})
	replications := IntegerTypeFor([]validator.Int64{Int64Rule("run.replications")})
	unbounded := IntegerTypeFor(nil)
	rps := RealTypeFor([]validator.Float64{Float64Rule("workload.origins[].rps")})
	fraction := RealTypeFor([]validator.Float64{Float64Rule("scenarios[].faults[].fraction")})
	cases := []struct {
		typ    attr.Type
		number string
		want   string // "" when the value is a plain base value
	}{
		{instances, "3", ""},
		{instances, "1.5", "p must be a whole number at least 1, got 1.5. Set it to the number of instances"},
		{instances, "1e30", "p must be at least 1 and at most 9223372036854775807 (the largest 64-bit integer), got 1e+30."},
		{instances, "-1e30", "p must be at least 1, got -1e+30."},
		{instances, "+Inf", "p must be at least 1 and at most 9223372036854775807 (the largest 64-bit integer), got +Inf."},
		{replications, "2.5", "p must be a whole number between 2 and 100, got 2.5."},
		{replications, "1e400", "p must be between 2 and 100, got 1e+400."},
		{unbounded, "0.5", "p must be a whole number, got 0.5."},
		{unbounded, "1e19", "p must be a whole number at most 9223372036854775807 (the largest 64-bit integer), got 1e+19."},
		{rps, "1.5", ""},
		{rps, "1e400", "p must be greater than 0 and finite (within ±1.7976931348623157e+308), got 1e+400."},
		{rps, "+Inf", "p must be greater than 0 and finite (within ±1.7976931348623157e+308), got +Inf."},
		{rps, "1e-400", "p must be 0 or at least 5e-324 in size, got 1e-400."},
		{fraction, "1e400", "p must be greater than 0 and at most 1, got 1e+400."},
	}
	for _, c := range cases {
		v, err := c.typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.Number, bigNumber(t, c.number)))
		if err != nil {
			t.Fatalf("%s: ValueFromTerraform failed on a number: %v", c.number, err)
		}
		if !c.typ.Equal(v.Type(ctx)) {
			t.Errorf("%s: the value's type %s is not the attribute's", c.number, v.Type(ctx))
		}
		resp := &xattr.ValidateAttributeResponse{}
		if va, ok := v.(xattr.ValidateableAttribute); ok {
			va.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root("p")}, resp)
		}
		if c.want == "" {
			_, isInt := v.(basetypes.Int64Value)
			_, isFloat := v.(basetypes.Float64Value)
			if (!isInt && !isFloat) || resp.Diagnostics.HasError() {
				t.Errorf("%s: got %T %v, want a plain value", c.number, v, resp.Diagnostics)
			}
			continue
		}
		if len(resp.Diagnostics) != 1 || !strings.HasPrefix(resp.Diagnostics[0].Detail(), c.want) {
			t.Errorf("%s in %s:\n got %v\nwant %q", c.number, c.typ, resp.Diagnostics, c.want)
		}
		if v.IsNull() || v.IsUnknown() {
			t.Errorf("%s: a refused number must stay known", c.number)
		}
	}
}
