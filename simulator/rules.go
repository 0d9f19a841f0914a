package simulator

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file and rules_table.go are the rule table: every rule on one
// field's value alone (a number's bounds, a string's choices or shape, a
// list that must not be empty or must not repeat a value), declared once
// and keyed by the field's path in the model's JSON, with [] for a list
// index ("regions[].instances", "scenarios[].faults[].multiplier"). The
// kinds of rule are here, the rules in rules_table.go. Each rule holds the
// text that says what is wrong and how to fix it, and both front-ends say
// it: Check reports a violation as a Finding whose Summary is "<model
// path> <what>" and whose Detail is the fix, and the provider's attribute
// validators (internal/mapping) say "<attribute path> <what>. <fix>". So a
// value is refused with the same words whether the model comes from a
// model file or from a Terraform configuration, and a rule changes in one
// place. Rules that read several fields (a leader among the regions, a
// timeout within the interval) are Check's own.

// Rule is one field's rule: a Bound, a Choice, a Shape or a List.
type Rule interface {
	// Requirement says what a valid value is, without the value: "must be
	// at least 1". Front-ends use it to describe their validators.
	Requirement() string
}

// Bound is the rule of a number: a lower bound, an optional upper bound
// and, for what this simulator cannot simulate beyond, a Limit.
type Bound struct {
	// Integer says the field holds whole numbers: they are written as
	// integers, and a fraction is refused.
	Integer bool
	// Min is the lower bound; MinExclusive makes it strict ("greater
	// than").
	Min          float64
	MinExclusive bool
	// Max is the upper bound, +Inf when there is none.
	Max float64
	// Fix tells how to set a value within Min and Max.
	Fix string
	// Limit is the largest value the simulator supports, below Max (+Inf
	// when there is none): what a simulation can do in seconds and what
	// float64 time represents, not what the field means. Check refuses a
	// larger value with LimitFix; the provider's resources accept it (a
	// region of two million instances is a valid description, only
	// simulating it is out of reach), and a simulation of it reports
	// Check's finding.
	Limit    float64
	LimitFix string
}

// Supporting returns the bound with the simulator's Limit and its fix; a
// fault type whose field has a limit of its own (the multiplier of a
// traffic_surge or a service_slowdown) sets it on the shared rule.
func (b Bound) Supporting(limit float64, fix string) Bound {
	b.Limit, b.LimitFix = limit, fix
	return b
}

// format writes a number as the provider's validators always have: %d for
// an integer field, %g otherwise (so 3.1536e+07, and NaN or +Inf spelled
// out).
func (b Bound) format(v float64) string {
	if b.Integer && v == math.Trunc(v) && !math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprintf("%g", v)
}

// Requirement says what the value must be, in the words of the
// provider's validators: "must be at least 1", "must be between 2 and
// 100" (an integer with both bounds), "must be greater than 0 and at most
// 1" (a number with both bounds).
func (b Bound) Requirement() string {
	upper := !math.IsInf(b.Max, 1)
	if b.Integer && upper && !b.MinExclusive {
		return fmt.Sprintf("must be between %s and %s", b.format(b.Min), b.format(b.Max))
	}
	lower := "at least " + b.format(b.Min)
	if b.MinExclusive {
		lower = "greater than " + b.format(b.Min)
	}
	if !upper {
		return "must be " + lower
	}
	return fmt.Sprintf("must be %s and at most %s", lower, b.format(b.Max))
}

// Violation says how v breaks the bound, as in "must be at least 1, got
// 0"; bad is false when v is within it. An infinity or NaN is never
// within a bound: a field that means a count, a time or a ratio has no
// such value. Fix tells how to correct it. Limit is not part of it (see
// Unsupported).
func (b Bound) Violation(v float64) (what string, bad bool) {
	// Written so that NaN, for which every comparison is false, is bad.
	above := v > b.Min || (!b.MinExclusive && v == b.Min)
	if above && v <= b.Max && !math.IsInf(v, 0) {
		if b.Integer && v != math.Trunc(v) {
			return "must be a whole number, got " + b.format(v), true
		}
		return "", false
	}
	return b.Requirement() + ", got " + b.format(v), true
}

// Unsupported says that v, within the bound, is above the simulator's
// Limit, as in "must be at most 1000000, got 2000000"; LimitFix tells
// what to do instead.
func (b Bound) Unsupported(v float64) (what string, bad bool) {
	if v > b.Limit {
		return fmt.Sprintf("must be at most %s, got %s", b.format(b.Limit), b.format(v)), true
	}
	return "", false
}

// Choice is the rule of a string that names one of a few values.
type Choice struct {
	// Values are the choices, in the order messages list them.
	Values []string
	// Fix says what each value means or which to pick.
	Fix string
	// Bracketed lists the choices as the framework's
	// stringvalidator.OneOf does, `value must be one of: ["a" "b"], got:
	// "x"`, instead of in prose: the wording of
	// regions[].service_time_distribution, which configurations and tests
	// have matched since before the other choices had one.
	Bracketed bool
}

// Requirement lists the values: `must be one of "a", "b" or "c"`.
func (c Choice) Requirement() string {
	q := make([]string, len(c.Values))
	for i, s := range c.Values {
		q[i] = strconv.Quote(s)
	}
	switch {
	case c.Bracketed:
		return "value must be one of: [" + strings.Join(q, " ") + "]"
	case len(q) == 1:
		return "must be one of " + q[0]
	}
	return "must be one of " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Violation says that s is none of the values, as in `must be one of
// "lru" or "lfu", got "fifo"`.
func (c Choice) Violation(s string) (what string, bad bool) {
	if slices.Contains(c.Values, s) {
		return "", false
	}
	if c.Bracketed {
		return c.Requirement() + ", got: " + strconv.Quote(s), true
	}
	return c.Requirement() + ", got " + strconv.Quote(s), true
}

// Shape is the rule of a string of a given form: a name, a jurisdiction
// code, a location.
type Shape struct {
	// Pattern is the form, and Says describes it ("must be two uppercase
	// letters").
	Pattern *regexp.Regexp
	Says    string
	// Explain, when set, checks a value instead of Pattern and says what
	// is wrong with it ("" when it is valid): a location, whose parser
	// alone knows its form and says more than Says could.
	Explain func(string) string
	// Fix tells how to write a valid value.
	Fix string
	// Suggest, when set, is a valid value close to the one given (the
	// name "EU West" becomes "eu-west"), which FixFor adds as an example.
	Suggest func(string) string
}

// Requirement describes the form: Says.
func (s Shape) Requirement() string { return s.Says }

// Violation says how v breaks the shape, as in `must be two uppercase
// letters, got "usa"`.
func (s Shape) Violation(v string) (what string, bad bool) {
	if s.Explain != nil {
		what = s.Explain(v)
		return what, what != ""
	}
	if s.Pattern.MatchString(v) {
		return "", false
	}
	return s.Says + ", got " + strconv.Quote(v), true
}

// FixFor is the fix for the value v: Fix, and for a shape that suggests
// one, a valid value close to v.
func (s Shape) FixFor(v string) string {
	if s.Suggest == nil {
		return s.Fix
	}
	return fmt.Sprintf("%s For example %q.", s.Fix, s.Suggest(v))
}

// List is the rule of a list: that it is not empty, that it does not
// repeat a value, or both. The rule of its elements is the Shape at the
// list's path with "[]" added.
type List struct {
	// NotEmpty refuses an empty list; EmptyFix says what to list.
	NotEmpty bool
	EmptyFix string
	// Unique, when set, names what an element is ("region"), each of which
	// may appear once; UniqueFix says how to correct a repeat.
	Unique    string
	UniqueFix string
}

// Requirement says what the list must hold.
func (l List) Requirement() string {
	var parts []string
	if l.NotEmpty {
		parts = append(parts, "list must have at least one element")
	}
	if l.Unique != "" {
		parts = append(parts, fmt.Sprintf("each %s must appear at most once", l.Unique))
	}
	return strings.Join(parts, "; ")
}

// Empty says that a list of n elements is empty when it must not be: "is
// empty, but at least one element is needed".
func (l List) Empty(n int) (what string, bad bool) {
	if l.NotEmpty && n == 0 {
		return "is empty, but at least one element is needed", true
	}
	return "", false
}

// Repeated says that the list repeats value, first at index first and
// again at index at, for a list whose elements are Unique.
func (l List) Repeated(value string, first, at int) string {
	return fmt.Sprintf("lists %s %q twice, at indexes %d and %d; each %s may appear only once", l.Unique, value, first, at, l.Unique)
}

// RuleAt is the rule of the field at path (a model path with [] for list
// indexes, as in "regions[].instances"); ok is false for a field without
// one.
func RuleAt(path string) (rule Rule, ok bool) {
	rule, ok = ruleTable[path]
	return rule, ok
}

// RulePaths are the paths of every rule, sorted.
func RulePaths() []string {
	paths := make([]string, 0, len(ruleTable))
	for p := range ruleTable {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// BoundAt is the Bound at path. It panics when there is none, or a rule of
// another kind: a path is written in the code that declares the field, so
// a mistake is a programming error, which the first test of that field
// finds. ChoiceAt, ShapeAt and ListAt do the same for the other kinds.
func BoundAt(path string) Bound { return ruleOf[Bound](path) }

// ChoiceAt is the Choice at path; it panics as BoundAt does.
func ChoiceAt(path string) Choice { return ruleOf[Choice](path) }

// ShapeAt is the Shape at path; it panics as BoundAt does.
func ShapeAt(path string) Shape { return ruleOf[Shape](path) }

// ListAt is the List at path; it panics as BoundAt does.
func ListAt(path string) List { return ruleOf[List](path) }

// ruleOf is the rule of kind R at path, or a panic.
func ruleOf[R Rule](path string) R {
	r, ok := ruleTable[path].(R)
	if !ok {
		var want R
		panic(fmt.Sprintf("simulator: no %T rule at %q", want, path))
	}
	return r
}
