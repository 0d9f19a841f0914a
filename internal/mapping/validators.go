package mapping

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// The attribute validators are built from the simulator's rule table
// (simulator.RuleAt): each attribute names the rule of its field by the
// field's model path, and its message is "<attribute path> <what>. <fix>"
// in the rule's words, the same words `check -f` gives after the model
// path. So a model file and a Terraform configuration are refused alike,
// and a bound or its fix changes in the simulator only.
//
// A rule's Limit (what the simulator cannot simulate beyond, such as
// MaxInstances) is not checked here: a resource describes the topology,
// and a simulation of it reports Check's finding at the attribute.

// Int64Rule is the validator of an integer attribute whose model field is
// at path ("regions[].instances", "run.replications"). It panics when the
// simulator has no bound there: the path is a literal of the attribute's
// declaration, so every schema test finds a mistake.
func Int64Rule(path string) validator.Int64 { return boundValidator{simulator.BoundAt(path)} }

// Float64Rule is the validator of a number attribute whose model field is
// at path ("run.duration_s"); it panics as Int64Rule does.
func Float64Rule(path string) validator.Float64 { return boundValidator{simulator.BoundAt(path)} }

// StringRule is the validator of a string attribute whose model field is
// at path: one of a few values (a Choice, "replica_sets[].replication") or
// of a form (a Shape: "regions[].name", "regions[].location"). It panics
// when the simulator has neither there.
func StringRule(path string) validator.String {
	switch r, _ := simulator.RuleAt(path); r := r.(type) {
	case simulator.Choice:
		return choiceValidator{r}
	case simulator.Shape:
		return shapeValidator{r}
	}
	panic(fmt.Sprintf("mapping: no string rule at %q", path))
}

// ListRule is the validator of a list attribute whose model field is at
// path ("replica_sets[].regions"): not empty, each value once, as the
// rule says. Its elements' rule, when it has one, is StringRule(path +
// "[]"). It panics when the simulator has no list rule there.
func ListRule(path string) validator.List { return listValidator{simulator.ListAt(path)} }

// boundValidator checks a number against a simulator.Bound, as an Int64
// or a Float64 validator.
type boundValidator struct{ b simulator.Bound }

// Description states the bound, for documentation generators.
func (v boundValidator) Description(context.Context) string { return "value " + v.b.Requirement() }

// MarkdownDescription is Description: the text has no markup.
func (v boundValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

// ValidateInt64 reports a known value outside the bound.
func (v boundValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if what, bad := v.b.Violation(float64(req.ConfigValue.ValueInt64())); bad {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value", fmt.Sprintf("%s %s. %s", req.Path, what, v.b.Fix))
	}
}

// ValidateFloat64 reports a known value outside the bound.
func (v boundValidator) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if what, bad := v.b.Violation(req.ConfigValue.ValueFloat64()); bad {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value", fmt.Sprintf("%s %s. %s", req.Path, what, v.b.Fix))
	}
}

// choiceValidator checks a string against a simulator.Choice.
type choiceValidator struct{ c simulator.Choice }

// Description lists the accepted values.
func (v choiceValidator) Description(context.Context) string {
	if v.c.Bracketed {
		return v.c.Requirement() // It says "value" already.
	}
	return "value " + v.c.Requirement()
}

// MarkdownDescription is Description; it holds no markup.
func (v choiceValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

// ValidateString reports a known value that is not one of the choices.
func (v choiceValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if what, bad := v.c.Violation(req.ConfigValue.ValueString()); bad {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value", fmt.Sprintf("%s %s. %s", req.Path, what, v.c.Fix))
	}
}

// shapeValidator checks a string against a simulator.Shape.
type shapeValidator struct{ s simulator.Shape }

// Description says what form the value must have.
func (v shapeValidator) Description(context.Context) string { return "value " + v.s.Requirement() }

// MarkdownDescription is Description; it holds no markup.
func (v shapeValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

// ValidateString reports a known value of another form, with the fix for
// that value (for a name, a valid one close to it).
func (v shapeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if what, bad := v.s.Violation(s); bad {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value", fmt.Sprintf("%s %s. %s", req.Path, what, v.s.FixFor(s)))
	}
}

// listValidator checks a list against a simulator.List.
type listValidator struct{ l simulator.List }

// Description says what the list must hold.
func (v listValidator) Description(context.Context) string { return v.l.Requirement() }

// MarkdownDescription is Description; it holds no markup.
func (v listValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

// ValidateList reports a known list that is empty when it must not be,
// and every known value that a known element repeats, at the repeat, with
// the indexes of both elements. Unknown elements are checked once known.
func (v listValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	if what, bad := v.l.Empty(len(elems)); bad {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty list", fmt.Sprintf("%s %s. %s", req.Path, what, v.l.EmptyFix))
	}
	if v.l.Unique == "" {
		return
	}
	first := map[string]int{}
	for i, elem := range elems {
		s, ok := elem.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if j, seen := first[s.ValueString()]; seen {
			resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(i), "Duplicate "+v.l.Unique,
				fmt.Sprintf("%s %s. %s", req.Path, v.l.Repeated(s.ValueString(), j, i), v.l.UniqueFix))
			continue
		}
		first[s.ValueString()] = i
	}
}
