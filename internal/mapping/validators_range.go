package mapping

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// The constructors below build a validator from a bound written in place,
// in the words and with the checks of the rule validators (validators.go).
// An attribute declares its rule by path instead (Int64Rule and the
// others), so that the simulator holds the bound; these serve values that
// are no model field, and tests.

// Int64AtLeast checks an integer lower bound, ending its message with
// fix, which tells the practitioner what the attribute means and what to
// write instead, not only which bound was crossed.
func Int64AtLeast(minimum int64, fix string) validator.Int64 {
	return boundValidator{simulator.Bound{Integer: true, Min: float64(minimum), Max: math.Inf(1), Limit: math.Inf(1), Fix: fix}}
}

// Int64Within checks low <= n <= high.
func Int64Within(low, high int64, fix string) validator.Int64 {
	return boundValidator{simulator.Bound{Integer: true, Min: float64(low), Max: float64(high), Limit: math.Inf(1), Fix: fix}}
}

// Float64GreaterThan checks a strict lower bound, which the framework
// validators lack (they offer AtLeast only).
func Float64GreaterThan(bound float64, fix string) validator.Float64 {
	return Float64Within(bound, math.Inf(1), false, fix)
}

// Float64Within checks low <= x <= high (low < x <= high when lowInclusive
// is false); high may be +Inf for a lower bound only.
func Float64Within(low, high float64, lowInclusive bool, fix string) validator.Float64 {
	return boundValidator{simulator.Bound{Min: low, MinExclusive: !lowInclusive, Max: high, Limit: math.Inf(1), Fix: fix}}
}

// ListNotEmpty checks that a list has at least one element.
func ListNotEmpty(fix string) validator.List {
	return listValidator{simulator.List{NotEmpty: true, EmptyFix: fix}}
}

// RequiredAttributes checks, on each object of a list nested attribute,
// that the given attributes are set; hints say how to set each.
//
// The attributes themselves are Optional because the framework's own
// Required check misfires on lists of objects that are unknown during
// validation, which is exactly what regions = [topology_region.a] is until
// the regions are planned: it reads an unknown object's attributes as null
// and reports them missing (terraform-plugin-framework issue 186). An
// object validator sees the whole element and skips it while unknown.
func RequiredAttributes(hints map[string]string) validator.Object {
	return requiredAttributesValidator{hints: hints}
}

type requiredAttributesValidator struct{ hints map[string]string }

// Description names the attributes that must be set.
func (v requiredAttributesValidator) Description(context.Context) string {
	return "attributes " + strings.Join(slices.Sorted(maps.Keys(v.hints)), ", ") + " must be set"
}

// MarkdownDescription is Description; it holds no markup.
func (v requiredAttributesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateObject reports each required attribute that a known object
// leaves null.
func (v requiredAttributesValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	for _, name := range slices.Sorted(maps.Keys(v.hints)) {
		if value, ok := attrs[name]; !ok || value.IsNull() {
			p := req.Path.AtName(name)
			resp.Diagnostics.AddAttributeError(p, "Missing required argument",
				fmt.Sprintf("%s is required but not set. %s", p, v.hints[name]))
		}
	}
}
