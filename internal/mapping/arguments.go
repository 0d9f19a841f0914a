package mapping

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// The hand-written arguments (workload, sla, scenarios, network) reach the
// provider as dynamic values. Terraform converts an object literal given
// to a nested attribute to the attribute's type and drops, without a word,
// the keys the type lacks: a misspelled SLA target would vanish and with
// it the clause. As dynamic values they arrive as written; each is
// decoded strictly against the simulator's model (an unknown key is an
// error naming its path and the key meant) and then into the typed inputs
// of its declaration, which still documents every key.

// argument is one hand-written argument: its name and its declaration.
type argument struct {
	name string
	decl func() dschema.Attribute
	// model is the simulator's type of the section, for the strict decode.
	model func() any
}

// arguments are the hand-written arguments, in schema order.
// Their numbers are typed as the schema's are (withNumberType), so that
// decoding one never meets the framework's conversion error.
var arguments = []argument{
	{"network", func() dschema.Attribute { return withNumberType(networkAttribute()) }, func() any { return &simulator.Network{} }},
	{"scenarios", func() dschema.Attribute { return withNumberType(scenariosAttribute()) }, func() any { return &[]simulator.Scenario{} }},
	{"sla", func() dschema.Attribute { return withNumberType(slaAttribute()) }, func() any { return &simulator.SLA{} }},
	{"workload", func() dschema.Attribute { return withNumberType(workloadAttribute()) }, func() any { return &simulator.Workload{} }},
}

// ArgumentDeclaration is the declaration of the hand-written argument
// name (its keys as nested attributes), for tests that walk every
// attribute; it panics on another name.
func ArgumentDeclaration(name string) dschema.Attribute {
	i := slices.IndexFunc(arguments, func(a argument) bool { return a.name == name })
	if i < 0 {
		panic("mapping: no hand-written argument " + name)
	}
	return arguments[i].decl()
}

// argumentAttribute is the dynamic attribute of the argument name,
// documented with every key of its declaration.
func argumentAttribute(name string) dschema.DynamicAttribute {
	i := slices.IndexFunc(arguments, func(a argument) bool { return a.name == name })
	if i < 0 {
		panic("mapping: no hand-written argument " + name)
	}
	d := arguments[i].decl()
	return dschema.DynamicAttribute{
		Required: d.IsRequired(),
		Optional: d.IsOptional(),
		MarkdownDescription: d.GetMarkdownDescription() + "\n\n" +
			"Written as an object (or, for `scenarios`, a list of objects) with these keys; a key not listed is an " +
			"error naming the key meant:\n" + keysDoc(d, 0),
	}
}

// keysDoc lists a declaration's keys as Markdown, nested objects indented.
func keysDoc(a dschema.Attribute, depth int) string {
	var attrs map[string]dschema.Attribute
	switch a := a.(type) {
	case dschema.SingleNestedAttribute:
		attrs = a.Attributes
	case dschema.ListNestedAttribute:
		attrs = a.NestedObject.Attributes
	default:
		return ""
	}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	indent := strings.Repeat("  ", depth)
	for _, n := range names {
		sub := attrs[n]
		fmt.Fprintf(&b, "%s  - `%s` (%s) %s\n", indent, n, kindName(sub), oneLine(sub.GetMarkdownDescription()))
		b.WriteString(keysDoc(sub, depth+1))
	}
	return b.String()
}

// kindName names an attribute's type as the docs do.
func kindName(a dschema.Attribute) string {
	switch a.(type) {
	case dschema.StringAttribute:
		return "String"
	case dschema.Int64Attribute, dschema.Float64Attribute:
		return "Number"
	case dschema.BoolAttribute:
		return "Boolean"
	case dschema.ListAttribute:
		return "List of String"
	case dschema.ListNestedAttribute:
		return "List of objects"
	case dschema.SingleNestedAttribute:
		return "Object"
	}
	return "Value"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// DecodeArguments decodes the dynamic hand-written arguments into the
// typed inputs ToModel reads. It needs them wholly known (Read and plan
// run with a known configuration); errors name the argument.
func (c *Simulation) DecodeArguments(ctx context.Context) diag.Diagnostics {
	var diags diag.Diagnostics
	raw := map[string]types.Dynamic{"network": c.NetworkArg, "scenarios": c.ScenariosArg, "sla": c.SLAArg, "workload": c.WorkloadArg}
	for _, a := range arguments {
		v := raw[a.name]
		if v.IsNull() || v.IsUnderlyingValueNull() {
			continue
		}
		data, unknown, err := valueJSON(v)
		if err != nil || unknown {
			diags.AddAttributeError(path.Root(a.name), "Argument not known", fmt.Sprintf("%s is not known yet, so it cannot be decoded.", a.name))
			continue
		}
		diags.Append(c.decodeSection(ctx, a, data)...)
	}
	return diags
}

// decodeSection decodes one argument given as JSON: strictly against the
// simulator's model, then into the typed input of its declaration.
func (c *Simulation) decodeSection(ctx context.Context, a argument, data []byte) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root(a.name)
	if err := simulator.DecodeStrict(data, a.model(), a.name); err != nil {
		var uk *simulator.UnknownKeyError
		if errors.As(err, &uk) {
			diags.AddAttributeError(at, "Unknown argument", err.Error()+".")
		} else {
			diags.AddAttributeError(at, "Invalid argument", fmt.Sprintf("%s: %s.", a.name, err))
		}
		return diags
	}
	decl := a.decl()
	tfv, err := tftypes.ValueFromJSONWithOpts(data, decl.GetType().TerraformType(ctx), tftypes.ValueFromJSONOpts{})
	if err != nil {
		diags.AddAttributeError(at, "Invalid argument", fmt.Sprintf("%s: %s.", a.name, err))
		return diags
	}
	v, err := decl.GetType().ValueFromTerraform(ctx, tfv)
	if err != nil {
		diags.AddAttributeError(at, "Invalid argument", fmt.Sprintf("%s: %s.", a.name, err))
		return diags
	}
	switch a.name {
	case "network":
		c.Network = &NetworkInput{}
		diags.Append(v.(basetypes.ObjectValue).As(ctx, c.Network, basetypes.ObjectAsOptions{})...)
	case "sla":
		c.SLA = &SLAInput{}
		diags.Append(v.(basetypes.ObjectValue).As(ctx, c.SLA, basetypes.ObjectAsOptions{})...)
	case "workload":
		c.Workload = &WorkloadInput{}
		diags.Append(v.(basetypes.ObjectValue).As(ctx, c.Workload, basetypes.ObjectAsOptions{})...)
	case "scenarios":
		diags.Append(v.(basetypes.ListValue).ElementsAs(ctx, &c.Scenarios, false)...)
	}
	return diags
}

// CheckArgumentKeys reports, at validation, the unknown keys of a
// hand-written argument whose value may still be partly unknown (an
// unknown value decodes as null, which checks its key only).
func CheckArgumentKeys(name string, v types.Dynamic) diag.Diagnostics {
	var diags diag.Diagnostics
	if v.IsNull() || v.IsUnknown() || v.IsUnderlyingValueNull() || v.IsUnderlyingValueUnknown() {
		return diags
	}
	for _, a := range arguments {
		if a.name != name {
			continue
		}
		data, _, err := valueJSON(v)
		if err != nil {
			return diags // Reported when the value is decoded.
		}
		var uk *simulator.UnknownKeyError
		if err := simulator.DecodeStrict(data, a.model(), name); errors.As(err, &uk) {
			diags.AddAttributeError(path.Root(name), "Unknown argument", err.Error()+".")
		}
	}
	return diags
}

// valueJSON writes a framework value as JSON; unknown parts become null
// and set unknown.
func valueJSON(v attr.Value) (data []byte, unknown bool, err error) {
	tree, unknown, err := plainValue(v)
	if err != nil {
		return nil, unknown, err
	}
	data, err = json.Marshal(tree)
	return data, unknown, err
}

// plainValue converts a framework value to plain Go values for JSON.
func plainValue(v attr.Value) (any, bool, error) {
	if v == nil || v.IsNull() {
		return nil, false, nil
	}
	if v.IsUnknown() {
		return nil, true, nil
	}
	unknown := false
	each := func(elems []attr.Value) ([]any, error) {
		out := make([]any, len(elems))
		for i, e := range elems {
			x, u, err := plainValue(e)
			if err != nil {
				return nil, err
			}
			out[i], unknown = x, unknown || u
		}
		return out, nil
	}
	fields := func(m map[string]attr.Value) (map[string]any, error) {
		out := make(map[string]any, len(m))
		for k, e := range m {
			x, u, err := plainValue(e)
			if err != nil {
				return nil, err
			}
			out[k], unknown = x, unknown || u
		}
		return out, nil
	}
	var out any
	var err error
	switch v := v.(type) {
	case basetypes.DynamicValue:
		return plainValue(v.UnderlyingValue())
	case basetypes.ObjectValue:
		out, err = fields(v.Attributes())
	case basetypes.MapValue:
		out, err = fields(v.Elements())
	case basetypes.TupleValue:
		out, err = each(v.Elements())
	case basetypes.ListValue:
		out, err = each(v.Elements())
	case basetypes.SetValue:
		out, err = each(v.Elements())
	case basetypes.StringValue:
		out = v.ValueString()
	case basetypes.BoolValue:
		out = v.ValueBool()
	case basetypes.NumberValue:
		out = numberJSON(v.ValueBigFloat())
	case basetypes.Float64Value:
		out = v.ValueFloat64()
	case basetypes.Int64Value:
		out = v.ValueInt64()
	default:
		err = fmt.Errorf("a %T value", v)
	}
	return out, unknown, err
}

// DynamicAttributes are the attributes of a known object (or map) inside
// a dynamic value as written; ok is false for anything else.
func DynamicAttributes(v attr.Value) (map[string]attr.Value, bool) {
	if v == nil || v.IsNull() || v.IsUnknown() {
		return nil, false
	}
	switch v := v.(type) {
	case basetypes.DynamicValue:
		return DynamicAttributes(v.UnderlyingValue())
	case basetypes.ObjectValue:
		return v.Attributes(), true
	case basetypes.MapValue:
		return v.Elements(), true
	}
	return nil, false
}

// DynamicElements are the elements of a known tuple, list or set inside a
// dynamic value; ok is false for anything else.
func DynamicElements(v attr.Value) ([]attr.Value, bool) {
	if v == nil || v.IsNull() || v.IsUnknown() {
		return nil, false
	}
	switch v := v.(type) {
	case basetypes.DynamicValue:
		return DynamicElements(v.UnderlyingValue())
	case basetypes.TupleValue:
		return v.Elements(), true
	case basetypes.ListValue:
		return v.Elements(), true
	case basetypes.SetValue:
		return v.Elements(), true
	}
	return nil, false
}

// IsZeroNumber reports a known number equal to 0, of any numeric type: a
// duration_s = 0 means "until the end", the same as not set.
func IsZeroNumber(v attr.Value) bool {
	switch v := v.(type) {
	case basetypes.NumberValue:
		return v.ValueBigFloat() != nil && v.ValueBigFloat().Sign() == 0
	case basetypes.Float64Value:
		return v.ValueFloat64() == 0
	case basetypes.Int64Value:
		return v.ValueInt64() == 0
	}
	return false
}

// ArgumentKeys are the keys of a hand-written argument's declaration,
// sorted.
func ArgumentKeys(name string) []string {
	for _, a := range arguments {
		if a.name != name {
			continue
		}
		var attrs map[string]dschema.Attribute
		switch d := a.decl().(type) {
		case dschema.SingleNestedAttribute:
			attrs = d.Attributes
		case dschema.ListNestedAttribute:
			attrs = d.NestedObject.Attributes
		}
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}
	return nil
}

// ValidateArgument runs the validators of a hand-written argument's
// declaration on the value as written, as the framework runs a nested
// attribute's: required keys, bounds, choices and shapes, with the same
// messages. Unknown parts are skipped, to be checked once known.
func ValidateArgument(ctx context.Context, name string, v types.Dynamic) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, a := range arguments {
		if a.name == name && !v.IsNull() && !v.IsUnknown() {
			validateValue(ctx, a.decl(), v.UnderlyingValue(), path.Root(name), &diags)
		}
	}
	return diags
}

func validateValue(ctx context.Context, a dschema.Attribute, v attr.Value, p path.Path, diags *diag.Diagnostics) {
	if v == nil || v.IsNull() || v.IsUnknown() {
		return
	}
	switch a := a.(type) {
	case dschema.SingleNestedAttribute:
		validateObject(ctx, a.Attributes, a.Validators, v, p, diags)
	case dschema.ListNestedAttribute:
		elems, ok := DynamicElements(v)
		if !ok {
			return
		}
		for i, e := range elems {
			validateObject(ctx, a.NestedObject.Attributes, a.NestedObject.Validators, e, p.AtListIndex(i), diags)
		}
	case dschema.StringAttribute:
		s, ok := v.(basetypes.StringValue)
		if !ok {
			return
		}
		for _, val := range a.Validators {
			resp := &validator.StringResponse{}
			val.ValidateString(ctx, validator.StringRequest{Path: p, ConfigValue: s}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case dschema.Float64Attribute:
		if numberRefused(v, RealTypeFor(a.Validators).bound, p, diags) {
			return
		}
		f, ok := number(v)
		if !ok {
			return
		}
		for _, val := range a.Validators {
			resp := &validator.Float64Response{}
			val.ValidateFloat64(ctx, validator.Float64Request{Path: p, ConfigValue: types.Float64Value(f)}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case dschema.Int64Attribute:
		if numberRefused(v, IntegerTypeFor(a.Validators).bound, p, diags) {
			return
		}
		f, ok := number(v)
		if !ok {
			return
		}
		for _, val := range a.Validators {
			resp := &validator.Int64Response{}
			val.ValidateInt64(ctx, validator.Int64Request{Path: p, ConfigValue: types.Int64Value(int64(f))}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case dschema.ListAttribute:
		elems, ok := DynamicElements(v)
		if !ok {
			return
		}
		list, d := types.ListValue(a.ElementType, elems)
		if d.HasError() {
			return // Elements of another type: decoding reports it.
		}
		for _, val := range a.Validators {
			resp := &validator.ListResponse{}
			val.ValidateList(ctx, validator.ListRequest{Path: p, ConfigValue: list}, resp)
			diags.Append(resp.Diagnostics...)
		}
	}
}

// validateObject runs an object's validators (its required keys) and its
// attributes'.
func validateObject(ctx context.Context, attrs map[string]dschema.Attribute, validators []validator.Object, v attr.Value, p path.Path, diags *diag.Diagnostics) {
	obj, ok := v.(basetypes.ObjectValue)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return
	}
	for _, val := range validators {
		resp := &validator.ObjectResponse{}
		val.ValidateObject(ctx, validator.ObjectRequest{Path: p, ConfigValue: obj}, resp)
		diags.Append(resp.Diagnostics...)
	}
	values := obj.Attributes()
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		if sv, ok := values[name]; ok {
			validateValue(ctx, attrs[name], sv, p.AtName(name), diags)
		}
	}
}

// numberRefused reports a known number that the attribute's Go type
// cannot hold (a fraction for an integer, an infinity, 1e400), as the
// schema's number types do (NumberViolation), and says whether it did.
func numberRefused(v attr.Value, b simulator.Bound, p path.Path, diags *diag.Diagnostics) bool {
	n, ok := v.(basetypes.NumberValue)
	if !ok || n.IsNull() || n.IsUnknown() || n.ValueBigFloat() == nil {
		return false
	}
	f := n.ValueBigFloat()
	var what string
	if b.Integer {
		if f.IsInt() {
			if _, acc := f.Int64(); acc == big.Exact {
				return false
			}
		}
		what = integerViolation(b, f)
	} else {
		w, bad := realViolation(b, f)
		if !bad {
			return false
		}
		what = w
	}
	diags.Append(unrepresentable{raw: f, what: what, fix: b.Fix}.diagnostic(p))
	return true
}

// number is a known number of any numeric type as a float64.
func number(v attr.Value) (float64, bool) {
	switch v := v.(type) {
	case basetypes.NumberValue:
		if v.ValueBigFloat() == nil {
			return 0, false
		}
		f, _ := v.ValueBigFloat().Float64()
		return f, true
	case basetypes.Float64Value:
		return v.ValueFloat64(), true
	case basetypes.Int64Value:
		return float64(v.ValueInt64()), true
	}
	return 0, false
}

// numberJSON writes a Terraform number for DecodeStrict: a whole number of
// up to 18 digits in plain digits, since encoding/json cannot decode
// "1e+06" into an int field (sessions = 1000000 would be refused as not
// whole); any other number in the shortest exact form.
func numberJSON(f *big.Float) json.Number {
	if f == nil {
		return json.Number("0")
	}
	if f.IsInt() && new(big.Float).Abs(f).Cmp(big.NewFloat(1e18)) < 0 {
		return json.Number(f.Text('f', 0))
	}
	return json.Number(f.Text('g', -1))
}
