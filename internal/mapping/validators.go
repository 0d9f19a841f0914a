package mapping

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// namePattern is the shape of every topology object's unique key.
var namePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// NameValidator checks a topology object's name: lowercase letters, digits
// and dashes, as region names are spelled.
func NameValidator() validator.String {
	return stringvalidator.RegexMatches(namePattern,
		"must be 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit (for example \"us-east-1\")")
}

// LocationValidator checks that a location is a known catalog code or valid
// coordinates, with geo.Parse's message saying what is accepted.
func LocationValidator() validator.String { return locationValidatorImpl{} }

type locationValidatorImpl struct{}

func (locationValidatorImpl) Description(context.Context) string {
	return `must be a catalog code ("aws:us-east-1", "gcp:europe-west1", "azure:westeurope") or "geo:LAT,LON"`
}

func (v locationValidatorImpl) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (locationValidatorImpl) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := geo.Parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid location", fmt.Sprintf("%s.", err))
	}
}

// jurisdictionPattern is the shape of a jurisdiction code as the geo catalog
// spells it: "EU" for the European Union, otherwise a two-letter country code
// ("US", "JP"; "UK" for the United Kingdom).
var jurisdictionPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// JurisdictionValidator checks a jurisdiction code as the geo catalog spells
// it, so that sovereignty rules compare like with like.
func JurisdictionValidator() validator.String {
	return stringvalidator.RegexMatches(jurisdictionPattern,
		`must be two uppercase letters: "EU" for the European Union, otherwise a country code such as "US", "UK" or "JP"`)
}

// Int64AtLeast checks an integer lower bound. Unlike the generic validator it
// ends its message with fix, which tells the practitioner what the attribute
// means and what to write instead, not only which bound was crossed.
func Int64AtLeast(minimum int64, fix string) validator.Int64 {
	return int64AtLeastValidator{minimum: minimum, fix: fix}
}

type int64AtLeastValidator struct {
	minimum int64
	fix     string
}

// Description states the bound, for documentation generators.
func (v int64AtLeastValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be at least %d", v.minimum)
}

// MarkdownDescription is Description: the text has no markup.
func (v int64AtLeastValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateInt64 reports a known value below the bound.
func (v int64AtLeastValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if got := req.ConfigValue.ValueInt64(); got < v.minimum {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
			fmt.Sprintf("%s must be at least %d, got %d. %s", req.Path, v.minimum, got, v.fix))
	}
}

// Float64GreaterThan checks a strict lower bound, which the framework
// validators lack (they offer AtLeast only), with the same kind of fix hint
// as Int64AtLeast.
func Float64GreaterThan(bound float64, fix string) validator.Float64 {
	return float64GreaterThanValidator{bound: bound, fix: fix}
}

type float64GreaterThanValidator struct {
	bound float64
	fix   string
}

// Description states the bound, for documentation generators.
func (v float64GreaterThanValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be greater than %g", v.bound)
}

// MarkdownDescription is Description: the text has no markup.
func (v float64GreaterThanValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateFloat64 reports a known value at or below the bound.
func (v float64GreaterThanValidator) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	// The negated comparison also rejects NaN, which no bound admits.
	if got := req.ConfigValue.ValueFloat64(); !(got > v.bound) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
			fmt.Sprintf("%s must be greater than %g, got %g. %s", req.Path, v.bound, got, v.fix))
	}
}

// ListUniqueStrings checks that a list of strings names each value once;
// what says what a value is ("region"), fix how to correct a repeat.
func ListUniqueStrings(what, fix string) validator.List {
	return listUniqueStringsValidator{what: what, fix: fix}
}

type listUniqueStringsValidator struct{ what, fix string }

// Description says what the list must hold.
func (v listUniqueStringsValidator) Description(context.Context) string {
	return fmt.Sprintf("each %s must appear at most once", v.what)
}

// MarkdownDescription is Description; it holds no markup.
func (v listUniqueStringsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateList reports every known value that a known element repeats,
// with the indexes of both elements.
func (v listUniqueStringsValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	first := map[string]int{}
	for i, elem := range req.ConfigValue.Elements() {
		s, ok := elem.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if j, seen := first[s.ValueString()]; seen {
			resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(i), "Duplicate "+v.what,
				fmt.Sprintf("%s lists %s %q twice, at indexes %d and %d; each %s may appear only once. %s",
					req.Path, v.what, s.ValueString(), j, i, v.what, v.fix))
			continue
		}
		first[s.ValueString()] = i
	}
}

// StringOneOf checks that a string is one of values. Unlike the generic
// validator it lists the values in prose and ends with fix, which says what
// each value means or which to pick.
func StringOneOf(fix string, values ...string) validator.String {
	return stringOneOfValidator{values: values, fix: fix}
}

type stringOneOfValidator struct {
	values []string
	fix    string
}

// choices renders the values as `"a", "b" or "c"`.
func (v stringOneOfValidator) choices() string {
	q := make([]string, len(v.values))
	for i, s := range v.values {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Description lists the accepted values.
func (v stringOneOfValidator) Description(context.Context) string {
	return "value must be one of " + v.choices()
}

// MarkdownDescription is Description; it holds no markup.
func (v stringOneOfValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateString reports a known value that is not one of the values.
func (v stringOneOfValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	for _, s := range v.values {
		if got == s {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
		fmt.Sprintf("%s must be one of %s, got %q. %s", req.Path, v.choices(), got, v.fix))
}
