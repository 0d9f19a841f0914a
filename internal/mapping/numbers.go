package mapping

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Terraform numbers are arbitrary-precision: `instances = 1.5`, `1/0`
// (+Inf), `jsondecode("1e400")` and `seed = 1e30` all reach the provider
// as numbers. The framework's Int64Type and Float64Type refuse those an
// int64 or a float64 cannot hold in ValueFromTerraform, whose error the
// framework shows as "Value Conversion Error ... This is always an error in
// the provider" with a broken format verb; its documentation reserves that
// error for programmer mistakes, not for practitioner input, and points to
// xattr.ValidateableAttribute for validation. So every numeric argument is
// declared with IntegerType or RealType: they read every number that the
// base type reads the same way (into a plain types.Int64 or types.Float64,
// so the tfsdk structs and the validators are unchanged), and read one it
// cannot hold into an unrepresentable value whose ValidateAttribute refuses
// it with the project's message: the attribute, the number as written, the
// range its simulator rule allows, and the rule's fix.
//
// The types compare equal to their base types: a value of one is a value
// of the other, and objects the mapping builds from plain values
// (types.Int64Value) stay valid against the schema's attribute types.

// IntegerType is the type of an integer argument: basetypes.Int64Type,
// refusing with bound's words a number that is not a whole number or that
// an int64 cannot hold.
type IntegerType struct {
	basetypes.Int64Type
	bound simulator.Bound
}

// RealType is the type of a number argument: basetypes.Float64Type,
// refusing with bound's words a number a float64 cannot hold (an
// infinity, 1e400, 1e-400).
type RealType struct {
	basetypes.Float64Type
	bound simulator.Bound
}

var (
	_ basetypes.Int64Typable      = IntegerType{}
	_ basetypes.Float64Typable    = RealType{}
	_ xattr.ValidateableAttribute = unrepresentable{}
	_ basetypes.Int64Valuable     = unrepresentable{}
	_ basetypes.Float64Valuable   = unrepresentable{}
)

// Equal is true for an IntegerType, whatever its bound (which only words
// a message), and for basetypes.Int64Type, whose values it reads.
func (t IntegerType) Equal(o attr.Type) bool {
	switch o.(type) {
	case IntegerType, basetypes.Int64Type:
		return true
	}
	return false
}

// String names the type in the framework's messages.
func (t IntegerType) String() string { return "mapping.IntegerType" }

// ValueFromTerraform reads a whole number within int64 as a
// basetypes.Int64Value, and any other number as a value that refuses
// itself at validation; it never fails on a number.
func (t IntegerType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if !in.IsKnown() || in.IsNull() {
		return t.Int64Type.ValueFromTerraform(ctx, in)
	}
	var f *big.Float
	if err := in.As(&f); err != nil {
		return nil, err
	}
	if f.IsInt() {
		if i, acc := f.Int64(); acc == big.Exact {
			return basetypes.NewInt64Value(i), nil
		}
	}
	return unrepresentable{typ: t, raw: f, what: integerViolation(t.bound, f), fix: t.bound.Fix}, nil
}

// Validate replaces the base type's (deprecated xattr.TypeWithValidate),
// which the framework still calls on values without ValidateAttribute,
// such as a map's elements, and which refuses these numbers with its own
// conversion message: the values of this type validate themselves.
func (t RealType) Validate(context.Context, tftypes.Value, path.Path) diag.Diagnostics { return nil }

// Validate is RealType.Validate for integers.
func (t IntegerType) Validate(context.Context, tftypes.Value, path.Path) diag.Diagnostics { return nil }

// Equal is true for a RealType, whatever its bound, and for
// basetypes.Float64Type, whose values it reads.
func (t RealType) Equal(o attr.Type) bool {
	switch o.(type) {
	case RealType, basetypes.Float64Type:
		return true
	}
	return false
}

// String names the type in the framework's messages.
func (t RealType) String() string { return "mapping.RealType" }

// ValueFromTerraform reads a number a float64 holds as a
// basetypes.Float64Value, and any other as a value that refuses itself at
// validation; it never fails on a number.
func (t RealType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if !in.IsKnown() || in.IsNull() {
		return t.Float64Type.ValueFromTerraform(ctx, in)
	}
	var f *big.Float
	if err := in.As(&f); err != nil {
		return nil, err
	}
	if what, bad := realViolation(t.bound, f); bad {
		return unrepresentable{typ: t, raw: f, what: what, fix: t.bound.Fix}, nil
	}
	return t.Float64Type.ValueFromTerraform(ctx, in)
}

// unrepresentable is a number that its attribute's Go type cannot hold.
// It exists only between reading a configuration and validating it:
// ValidateAttribute, which the framework calls whenever it reads the
// value (the schema's validation, Config.Get), refuses it, so no resource
// or simulation ever sees it.
type unrepresentable struct {
	typ       attr.Type
	raw       *big.Float
	what, fix string
}

// Type is the attribute's type.
func (v unrepresentable) Type(context.Context) attr.Type { return v.typ }

// ToTerraformValue gives the number back as written.
func (v unrepresentable) ToTerraformValue(context.Context) (tftypes.Value, error) {
	return tftypes.NewValue(tftypes.Number, v.raw), nil
}

// Equal compares the numbers.
func (v unrepresentable) Equal(o attr.Value) bool {
	other, ok := o.(unrepresentable)
	return ok && v.raw.Cmp(other.raw) == 0
}

// IsNull is false: the number is set.
func (v unrepresentable) IsNull() bool { return false }

// IsUnknown is false: the number is known, only not representable.
func (v unrepresentable) IsUnknown() bool { return false }

// String is the number as written.
func (v unrepresentable) String() string { return formatBig(v.raw) }

// ValidateAttribute refuses the number, in the words of the bound
// validators: "<path> <what>. <fix>".
func (v unrepresentable) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	resp.Diagnostics.Append(v.diagnostic(req.Path))
}

func (v unrepresentable) diagnostic(p path.Path) diag.Diagnostic {
	msg := fmt.Sprintf("%s %s.", p, v.what)
	if v.fix != "" {
		msg += " " + v.fix
	}
	return diag.NewAttributeErrorDiagnostic(p, "Invalid attribute value", msg)
}

// ToInt64Value and ToFloat64Value give an unknown value, which every
// validator skips: the refusal is ValidateAttribute's, which the framework
// calls before the attribute's validators whenever it reads the value, or,
// for an element of a map, RepresentableElements'.
func (v unrepresentable) ToInt64Value(context.Context) (basetypes.Int64Value, diag.Diagnostics) {
	return basetypes.NewInt64Unknown(), nil
}

// ToFloat64Value is ToInt64Value for a number attribute.
func (v unrepresentable) ToFloat64Value(context.Context) (basetypes.Float64Value, diag.Diagnostics) {
	return basetypes.NewFloat64Unknown(), nil
}

// Representable reports whether a value holds no number its type cannot
// hold, at any depth. Code that reads a nested object into a struct on its
// own (obj.As) checks it first: the schema's validation reports such a
// number at its full path, which the object's own read cannot know.
func Representable(v attr.Value) bool {
	switch v := v.(type) {
	case unrepresentable:
		return false
	case basetypes.ObjectValue:
		for _, a := range v.Attributes() {
			if !Representable(a) {
				return false
			}
		}
	case basetypes.ListValue:
		for _, e := range v.Elements() {
			if !Representable(e) {
				return false
			}
		}
	case basetypes.MapValue:
		for _, e := range v.Elements() {
			if !Representable(e) {
				return false
			}
		}
	}
	return true
}

// RepresentableElements refuses, at its key, each element of a map of
// numbers that the element type cannot hold: the framework validates a
// map's value as a whole, so the elements' ValidateAttribute is not
// called.
func RepresentableElements() validator.Map { return representableElements{} }

type representableElements struct{}

// Description says what the validator checks.
func (representableElements) Description(context.Context) string {
	return "each value must be a number the attribute can hold"
}

// MarkdownDescription is Description; it holds no markup.
func (v representableElements) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateMap reports every unrepresentable element, in key order.
func (representableElements) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	for _, k := range SortedKeys(elems) {
		if u, ok := elems[k].(unrepresentable); ok {
			resp.Diagnostics.Append(u.diagnostic(req.Path.AtMapKey(k)))
		}
	}
}

// IntegerTypeFor and RealTypeFor are the types of an attribute with the
// given validators: the first bound validator's rule words the message;
// without one the range is all that int64 or float64 holds.
func IntegerTypeFor(vs []validator.Int64) IntegerType {
	for _, v := range vs {
		if b, ok := v.(boundValidator); ok {
			b.b.Integer = true // The attribute holds whole numbers, whatever the rule says.
			return IntegerType{bound: b.b}
		}
	}
	return IntegerType{bound: simulator.Bound{Integer: true, Min: math.Inf(-1), Max: math.Inf(1), Limit: math.Inf(1)}}
}

// RealTypeFor is IntegerTypeFor for a number attribute.
func RealTypeFor(vs []validator.Float64) RealType {
	for _, v := range vs {
		if b, ok := v.(boundValidator); ok {
			return RealType{bound: b.b}
		}
	}
	return RealType{bound: simulator.Bound{Min: math.Inf(-1), Max: math.Inf(1), Limit: math.Inf(1)}}
}

// RealTypeOf is the type of a number with the simulator's rule at path,
// for an element of a map ("routing_policy.weights[].weight").
func RealTypeOf(path string) RealType { return RealType{bound: simulator.BoundAt(path)} }

// integerViolation words a number that is not a whole number within
// int64, with the bound's range of whole numbers: "must be a whole number
// at least 1, got 1.5"; past int64 (+Inf, 1e30) the range also says what
// int64 holds when the rule has no upper bound of its own.
func integerViolation(b simulator.Bound, f *big.Float) string {
	maxInt := strconv.FormatInt(math.MaxInt64, 10)
	lo, hi := int64Range(b)
	var words string
	switch {
	case lo != "" && hi != "":
		words = fmt.Sprintf("between %s and %s", lo, hi)
	case lo != "":
		words = "at least " + lo
	case hi != "":
		words = "at most " + hi
	}
	if !f.IsInf() && !f.IsInt() {
		if words == "" {
			return "must be a whole number, got " + formatBig(f)
		}
		return fmt.Sprintf("must be a whole number %s, got %s", words, formatBig(f))
	}
	// Whole but beyond int64, or infinite.
	limit := "at most " + maxInt + " (the largest 64-bit integer)"
	if f.Sign() < 0 {
		limit = "at least " + strconv.FormatInt(math.MinInt64, 10) + " (the smallest 64-bit integer)"
	}
	switch {
	case (f.Sign() < 0 && lo != "") || (f.Sign() > 0 && hi != ""):
		return fmt.Sprintf("must be %s, got %s", words, formatBig(f)) // The rule's own bound is crossed.
	case words == "":
		return fmt.Sprintf("must be a whole number %s, got %s", limit, formatBig(f))
	}
	return fmt.Sprintf("must be %s and %s, got %s", words, limit, formatBig(f))
}

// int64Range is the bound's range of whole numbers as integers: lo and hi
// are "" where the rule has no bound within int64.
func int64Range(b simulator.Bound) (lo, hi string) {
	if b.Min > math.MinInt64 {
		m := math.Ceil(b.Min)
		if b.MinExclusive && m == b.Min {
			m++
		}
		lo = strconv.FormatFloat(m, 'f', -1, 64)
	}
	if b.Max < math.MaxInt64 {
		hi = strconv.FormatFloat(math.Floor(b.Max), 'f', -1, 64)
	}
	return lo, hi
}

// realViolation words a number a float64 cannot hold: an infinity, one
// beyond the largest float64, or one so close to 0 that it would round to
// 0. Any other number is for the bound to judge.
func realViolation(b simulator.Bound, f *big.Float) (string, bool) {
	x, acc := f.Float64()
	switch {
	case f.IsInf() || math.IsInf(x, 0):
		requirement := b.Requirement()
		if math.IsInf(b.Max, 1) || math.IsInf(b.Min, -1) {
			requirement = strings.TrimSuffix(requirement, " ") + " and finite (within ±" +
				strconv.FormatFloat(math.MaxFloat64, 'g', -1, 64) + ")"
			if math.IsInf(b.Min, -1) && math.IsInf(b.Max, 1) {
				requirement = "must be a finite number (within ±" + strconv.FormatFloat(math.MaxFloat64, 'g', -1, 64) + ")"
			}
		}
		return requirement + ", got " + formatBig(f), true
	case x == 0 && acc != big.Exact:
		return "must be 0 or at least " + strconv.FormatFloat(math.SmallestNonzeroFloat64, 'g', -1, 64) +
			" in size, got " + formatBig(f), true
	}
	return "", false
}

// formatBig writes a number as a practitioner would: "1.5", "1e+30",
// "1e+400", "+Inf", with at most 15 significant digits.
func formatBig(f *big.Float) string {
	if f.IsInf() {
		if f.Sign() < 0 {
			return "-Inf"
		}
		return "+Inf"
	}
	return f.Text('g', 15)
}

// withNumberTypes gives every configurable integer and number attribute
// of a data source schema (nested ones included) that has no type of its
// own IntegerTypeFor or RealTypeFor its validators, so that no number
// given to it meets the framework's conversion error. Computed-only
// attributes are the provider's to set and keep their base types.
func withNumberTypes(attrs map[string]dschema.Attribute) map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = withNumberType(a)
	}
	return out
}

func withNumberType(a dschema.Attribute) dschema.Attribute {
	if !a.IsOptional() && !a.IsRequired() {
		return a
	}
	switch a := a.(type) {
	case dschema.Int64Attribute:
		if a.CustomType == nil {
			a.CustomType = IntegerTypeFor(a.Validators)
		}
		return a
	case dschema.Float64Attribute:
		if a.CustomType == nil {
			a.CustomType = RealTypeFor(a.Validators)
		}
		return a
	case dschema.SingleNestedAttribute:
		a.Attributes = withNumberTypes(a.Attributes)
		return a
	case dschema.ListNestedAttribute:
		a.NestedObject.Attributes = withNumberTypes(a.NestedObject.Attributes)
		return a
	case dschema.MapAttribute:
		if _, plain := a.ElementType.(basetypes.Float64Type); plain {
			a.ElementType = RealTypeFor(nil)
		}
		return a
	}
	return a
}
