// Package planjson reads the JSON that `terraform show -json` writes for a
// saved plan or for the state, and finds the topology_simulation resources
// and data sources in it (root and child modules) with their attribute
// values.
//
// The document's types are hashicorp/terraform-json's, which Terraform's
// team maintains with the format (format_version 1.x); this package only
// picks the simulations out. What the values mean is the mapping's
// business (mapping.ModelFromSimulationJSON).
package planjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// SimulationType is the data source type the reader looks for.
const SimulationType = "topology_simulation"

// ErrInvalid is wrapped by every error about input that is not Terraform's
// JSON output.
var ErrInvalid = errors.New("not a Terraform JSON plan or state")

// Kind says what the document holds.
type Kind string

// Kinds of document.
const (
	KindPlan  Kind = "plan"
	KindState Kind = "state"
)

// Simulation is one topology_simulation found in the document.
type Simulation struct {
	// Address is the data source's address, e.g.
	// "module.eu.data.topology_simulation.peak[0]".
	Address string
	// ProviderName is the provider's full name, e.g.
	// "registry.terraform.io/multiregion/topology".
	ProviderName string
	// Values are the attribute values, as Terraform wrote them: arguments
	// and, once read, the computed results.
	Values json.RawMessage
	// Unknown are the paths that the plan's after_unknown marks as known
	// only after apply (see Deferred.Unknown); Terraform leaves them out of
	// Values.
	Unknown []string
	// Mode is "managed" for resource "topology_simulation", "data" for the
	// data source.
	Mode tfjson.ResourceMode
	// Prior are, for a managed simulation in a plan, the values of its
	// prior state: its arguments and the results of the last apply, the
	// "before" of a before-and-after comparison. Nil when the plan creates
	// it (or for a data source, whose prior state is its current read).
	Prior json.RawMessage
}

// Deferred is a topology_simulation that Terraform will only read during
// apply, so the plan holds none of its results.
type Deferred struct {
	Address string
	// Reason is Terraform's action_reason, e.g.
	// "read_because_dependency_pending", or empty.
	Reason string
	// Unknown are the paths, as a user writes them (regions[0].instances),
	// of every value the plan's after_unknown marks as known only after
	// apply, in order: arguments and computed results alike, since this
	// package knows only the JSON's shape. Empty when Terraform deferred a
	// read whose arguments are all known (a dependency with changes
	// pending).
	Unknown []string
}

// Document is what the reader found.
type Document struct {
	Kind             Kind
	FormatVersion    string
	TerraformVersion string
	// Simulations are the data sources read (during plan for a plan), in
	// address order.
	Simulations []Simulation
	// Deferred are the data sources left to apply, in address order.
	Deferred []Deferred
	// ProviderConfig holds the constant values of the topology provider
	// block's arguments (default_seed, max_simulated_requests) by name; an
	// argument set by an expression with references is in
	// ProviderConfigDynamic instead.
	ProviderConfig map[string]json.RawMessage
	// ProviderConfigDynamic names the provider arguments whose value is an
	// expression the JSON does not evaluate.
	ProviderConfigDynamic []string
}

// probe is what the reader needs before and beside terraform-json: the
// format version, to say what is wrong with a document that has none or
// the wrong one (terraform-json accepts 0.x too); the prior state as bytes,
// to decode it with json.Number as the plan is (terraform-json decodes a
// nested state with float64, which cannot hold every seed); and each
// change's action_reason, which terraform-json has no field for.
type probe struct {
	FormatVersion   *string         `json:"format_version"`
	PriorState      json.RawMessage `json:"prior_state"`
	ResourceChanges []struct {
		Address      string `json:"address"`
		ActionReason string `json:"action_reason"`
	} `json:"resource_changes"`
}

// Parse reads a plan or state document. It fails with an error wrapping
// ErrInvalid when data is not JSON or not Terraform's output format.
func Parse(data []byte) (*Document, error) {
	var pr probe
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&pr); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: more than one JSON value in the file", ErrInvalid)
	}
	if pr.FormatVersion == nil {
		return nil, fmt.Errorf("%w: no format_version (expected the output of `terraform show -json plan.out` or `terraform show -json`)", ErrInvalid)
	}
	if !strings.HasPrefix(*pr.FormatVersion, "1.") && *pr.FormatVersion != "1" {
		return nil, fmt.Errorf("%w: format_version %q is not supported (1.x is)", ErrInvalid, *pr.FormatVersion)
	}
	var plan tfjson.Plan
	plan.UseJSONNumber(true)
	if err := json.Unmarshal(data, &plan); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
	}
	out := &Document{FormatVersion: plan.FormatVersion, TerraformVersion: plan.TerraformVersion}
	if plan.PlannedValues != nil || len(pr.PriorState) > 0 || plan.ResourceChanges != nil {
		out.Kind = KindPlan
		var prior *tfjson.State
		if len(pr.PriorState) > 0 && string(bytes.TrimSpace(pr.PriorState)) != "null" {
			prior = &tfjson.State{}
			prior.UseJSONNumber(true)
			if err := json.Unmarshal(pr.PriorState, prior); err != nil {
				return nil, fmt.Errorf("%w: prior_state: %w", ErrInvalid, err)
			}
		}
		if err := readPlan(out, &plan, prior, pr); err != nil {
			return nil, err
		}
	} else {
		out.Kind = KindState
		var st tfjson.State
		st.UseJSONNumber(true)
		if err := json.Unmarshal(data, &st); err != nil {
			return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
		}
		// An empty state (`terraform show -json` with nothing applied)
		// has only format_version.
		if st.Values != nil {
			var sims []Simulation
			if err := collect(st.Values.RootModule, &sims, 0, tfjson.ManagedResourceMode); err != nil {
				return nil, err
			}
			if err := collect(st.Values.RootModule, &sims, 0, tfjson.DataResourceMode); err != nil {
				return nil, err
			}
			out.Simulations = dedupe(sims)
		}
	}
	sort.Slice(out.Deferred, func(i, j int) bool { return out.Deferred[i].Address < out.Deferred[j].Address })
	if plan.Config != nil {
		readProviderConfig(out, plan.Config)
	}
	return out, nil
}

// readPlan finds the simulations of a plan: the managed ones in
// planned_values, with their prior state's values beside them, and the data
// sources read at plan time in the prior state.
func readPlan(out *Document, plan *tfjson.Plan, prior *tfjson.State, pr probe) error {
	var sims []Simulation
	// A managed topology_simulation's results are in planned_values
	// (its prior state holds the old ones).
	if plan.PlannedValues != nil {
		if err := collect(plan.PlannedValues.RootModule, &sims, 0, tfjson.ManagedResourceMode); err != nil {
			return err
		}
	}
	var priorManaged []Simulation
	if prior != nil && prior.Values != nil {
		if err := collect(prior.Values.RootModule, &sims, 0, tfjson.DataResourceMode); err != nil {
			return err
		}
		if err := collect(prior.Values.RootModule, &priorManaged, 0, tfjson.ManagedResourceMode); err != nil {
			return err
		}
	}
	// A data source read at plan time is also in planned_values in some
	// Terraform versions; keep the first occurrence of each address.
	if plan.PlannedValues != nil {
		if err := collect(plan.PlannedValues.RootModule, &sims, 0, tfjson.DataResourceMode); err != nil {
			return err
		}
	}
	sims = dedupe(sims)
	priorOf := map[string]json.RawMessage{}
	for _, p := range priorManaged {
		priorOf[p.Address] = p.Values
	}
	reason := map[string]string{}
	for _, c := range pr.ResourceChanges {
		reason[c.Address] = c.ActionReason
	}
	read := map[string]bool{}
	unknownOf := map[string][]string{}
	for _, s := range sims {
		read[s.Address] = true
	}
	for _, c := range plan.ResourceChanges {
		if c == nil || c.Type != SimulationType || c.Change == nil {
			continue
		}
		unknown := unknownPathsOf(c.Change.AfterUnknown)
		switch {
		case c.Mode == tfjson.DataResourceMode && c.Change.Actions.Read():
			out.Deferred = append(out.Deferred, Deferred{Address: c.Address, Reason: reason[c.Address], Unknown: unknown})
			delete(read, c.Address)
		case c.Mode == tfjson.ManagedResourceMode && len(unknown) > 0:
			// An input known only after apply: the provider simulates
			// during apply, and the plan holds no results.
			out.Deferred = append(out.Deferred, Deferred{Address: c.Address, Reason: "input_known_after_apply", Unknown: unknown})
			delete(read, c.Address)
		default:
			unknownOf[c.Address] = unknown
		}
	}
	// A deferred data source has no results: drop any planned values.
	for _, s := range sims {
		if read[s.Address] {
			s.Unknown = unknownOf[s.Address]
			if s.Mode == tfjson.ManagedResourceMode {
				s.Prior = priorOf[s.Address]
			}
			out.Simulations = append(out.Simulations, s)
		}
	}
	return nil
}

// readProviderConfig keeps the constant arguments of the default topology
// provider block and names those set by expressions.
func readProviderConfig(out *Document, cfg *tfjson.Config) {
	for key, pc := range cfg.ProviderConfigs {
		if pc == nil || pc.ModuleAddress != "" || (pc.Name != "topology" && !strings.HasSuffix(pc.FullName, "/topology")) || strings.Contains(key, ".") {
			continue // An aliased or module provider: not the default one.
		}
		for name, e := range pc.Expressions {
			if e == nil || e.ExpressionData == nil {
				continue
			}
			raw, exact := constantJSON(e.ConstantValue)
			if e.ConstantValue != nil && e.ConstantValue != tfjson.UnknownConstantValue && len(e.References) == 0 && exact {
				if out.ProviderConfig == nil {
					out.ProviderConfig = map[string]json.RawMessage{}
				}
				out.ProviderConfig[name] = raw
			} else if e.ConstantValue != nil || len(e.References) > 0 {
				out.ProviderConfigDynamic = append(out.ProviderConfigDynamic, name)
			}
		}
	}
	sort.Strings(out.ProviderConfigDynamic)
}

// maxExactInteger is 2^53: terraform-json decodes the configuration's
// constants as float64, which holds every integer only up to it.
const maxExactInteger = 1 << 53

// constantJSON encodes a configuration constant back to JSON; exact is
// false for a number float64 may have rounded (a seed beyond 2^53), which
// the reader then treats as a value it cannot evaluate rather than use a
// different seed than Terraform did.
func constantJSON(v any) (raw json.RawMessage, exact bool) {
	if f, ok := v.(float64); ok && math.Abs(f) >= maxExactInteger {
		return nil, false
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	return data, true
}

// maxDepth bounds module nesting so that hostile input cannot exhaust the
// stack; Terraform itself has no such depth in practice.
const maxDepth = 100

// collect appends the topology_simulation resources of one mode of m and
// its child modules, each with its values encoded back to JSON.
func collect(m *tfjson.StateModule, out *[]Simulation, depth int, mode tfjson.ResourceMode) error {
	if m == nil || depth > maxDepth {
		return nil
	}
	for _, r := range m.Resources {
		if r == nil || r.Mode != mode || r.Type != SimulationType {
			continue
		}
		values, err := json.Marshal(r.AttributeValues)
		if err != nil {
			return fmt.Errorf("%w: %s: %w", ErrInvalid, r.Address, err)
		}
		*out = append(*out, Simulation{Address: r.Address, ProviderName: r.ProviderName, Mode: mode, Values: values})
	}
	for _, c := range m.ChildModules {
		if err := collect(c, out, depth+1, mode); err != nil {
			return err
		}
	}
	return nil
}

// unknownPathsOf is UnknownPaths of a decoded after_unknown value.
func unknownPathsOf(v any) []string {
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return UnknownPaths(raw)
}

// UnknownPaths lists the paths that an after_unknown value marks unknown:
// true itself (the path ""), or true anywhere inside its objects and lists,
// as a user writes them (regions[0].instances), attributes in name order.
// Malformed input marks nothing.
func UnknownPaths(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(path string, v any, depth int)
	walk = func(path string, v any, depth int) {
		if depth > maxDepth {
			return
		}
		switch v := v.(type) {
		case bool:
			if v {
				out = append(out, path)
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, v[k], depth+1)
			}
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), e, depth+1)
			}
		}
	}
	walk("", v, 0)
	return out
}

func dedupe(in []Simulation) []Simulation {
	seen := map[string]bool{}
	var out []Simulation
	for _, s := range in {
		if seen[s.Address] {
			continue
		}
		seen[s.Address] = true
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// describeJSONError adds the line and column to a syntax error.
func describeJSONError(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var off int64 = -1
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 || off > int64(len(data)) {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return "the file is empty or truncated"
		}
		return err.Error()
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n') - 1
	return fmt.Sprintf("%s (line %d, column %d)", err, line, col)
}
