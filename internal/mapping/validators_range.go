package mapping

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The validators below follow Int64AtLeast and Float64GreaterThan in
// validators.go: each message names the attribute, the bound, the value
// given and how to fix it.

// Float64Within checks low <= x <= high (low < x <= high when lowInclusive
// is false); high may be +Inf for a lower bound only.
func Float64Within(low, high float64, lowInclusive bool, fix string) validator.Float64 {
	return float64WithinValidator{low: low, high: high, lowInclusive: lowInclusive, fix: fix}
}

type float64WithinValidator struct {
	low, high    float64
	lowInclusive bool
	fix          string
}

// bounds says what the value must be, as in "must be at least 0".
func (v float64WithinValidator) bounds() string {
	lower := fmt.Sprintf("at least %g", v.low)
	if !v.lowInclusive {
		lower = fmt.Sprintf("greater than %g", v.low)
	}
	if math.IsInf(v.high, 1) {
		return "must be " + lower
	}
	return fmt.Sprintf("must be %s and at most %g", lower, v.high)
}

// Description says what the value must be.
func (v float64WithinValidator) Description(context.Context) string { return "value " + v.bounds() }

// MarkdownDescription is Description; it holds no markup.
func (v float64WithinValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateFloat64 reports a known value outside the bounds.
func (v float64WithinValidator) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	x := req.ConfigValue.ValueFloat64()
	// Written so that NaN, which compares false, is rejected too.
	aboveLow := x > v.low || (v.lowInclusive && x == v.low)
	if !aboveLow || !(x <= v.high) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
			fmt.Sprintf("%s %s, got %g. %s", req.Path, v.bounds(), x, v.fix))
	}
}

// Int64Within checks low <= n <= high.
func Int64Within(low, high int64, fix string) validator.Int64 {
	return int64WithinValidator{low: low, high: high, fix: fix}
}

type int64WithinValidator struct {
	low, high int64
	fix       string
}

// Description says what the value must be.
func (v int64WithinValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be between %d and %d", v.low, v.high)
}

// MarkdownDescription is Description; it holds no markup.
func (v int64WithinValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateInt64 reports a known value outside the bounds.
func (v int64WithinValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n < v.low || n > v.high {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
			fmt.Sprintf("%s must be between %d and %d, got %d. %s", req.Path, v.low, v.high, n, v.fix))
	}
}

// ListNotEmpty checks that a list has at least one element.
func ListNotEmpty(fix string) validator.List { return listNotEmptyValidator{fix: fix} }

type listNotEmptyValidator struct{ fix string }

// Description says what the list must hold.
func (listNotEmptyValidator) Description(context.Context) string {
	return "list must have at least one element"
}

// MarkdownDescription is Description; it holds no markup.
func (v listNotEmptyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateList reports a known, empty list.
func (v listNotEmptyValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if len(req.ConfigValue.Elements()) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty list",
			fmt.Sprintf("%s is empty, but at least one element is needed. %s", req.Path, v.fix))
	}
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

// replicaSetsAttribute is the data source's replica_sets: a subset of
// topology_replica_set's attributes, so that whole resources can be
// assigned (through a local value, like regions), with the same
// validators and defaults.
