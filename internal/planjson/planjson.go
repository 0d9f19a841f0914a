// Package planjson reads the JSON that `terraform show -json` writes for a
// saved plan or for the state, and finds the topology_simulation resources
// and data sources in it (root and child modules) with their attribute
// values.
//
// It knows only the shape of Terraform's JSON output format (format_version
// 1.x); what the values mean is the mapping's business
// (mapping.ModelFromSimulationJSON).
package planjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
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

type document struct {
	FormatVersion    *string  `json:"format_version"`
	TerraformVersion string   `json:"terraform_version"`
	Values           *values  `json:"values"`         // state
	PlannedValues    *values  `json:"planned_values"` // plan
	PriorState       *state   `json:"prior_state"`    // plan
	ResourceChanges  []change `json:"resource_changes"`
	Configuration    *config  `json:"configuration"`
}

type state struct {
	Values *values `json:"values"`
}

type values struct {
	RootModule *module `json:"root_module"`
}

type module struct {
	Address      string     `json:"address"`
	Resources    []resource `json:"resources"`
	ChildModules []module   `json:"child_modules"`
}

type resource struct {
	Address      string          `json:"address"`
	Mode         string          `json:"mode"`
	Type         string          `json:"type"`
	ProviderName string          `json:"provider_name"`
	Values       json.RawMessage `json:"values"`
}

type change struct {
	Address      string `json:"address"`
	Mode         string `json:"mode"`
	Type         string `json:"type"`
	ActionReason string `json:"action_reason"`
	Change       struct {
		Actions []string `json:"actions"`
		// AfterUnknown marks the planned values known only after apply.
		AfterUnknown json.RawMessage `json:"after_unknown"`
	} `json:"change"`
}

type config struct {
	ProviderConfig map[string]struct {
		Name        string                     `json:"name"`
		FullName    string                     `json:"full_name"`
		ModuleAddr  string                     `json:"module_address"`
		Expressions map[string]json.RawMessage `json:"expressions"`
	} `json:"provider_config"`
}

// Parse reads a plan or state document. It fails with an error wrapping
// ErrInvalid when data is not JSON or not Terraform's output format.
func Parse(data []byte) (*Document, error) {
	var d document
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: more than one JSON value in the file", ErrInvalid)
	}
	if d.FormatVersion == nil {
		return nil, fmt.Errorf("%w: no format_version (expected the output of `terraform show -json plan.out` or `terraform show -json`)", ErrInvalid)
	}
	if !strings.HasPrefix(*d.FormatVersion, "1.") && *d.FormatVersion != "1" {
		return nil, fmt.Errorf("%w: format_version %q is not supported (1.x is)", ErrInvalid, *d.FormatVersion)
	}
	out := &Document{FormatVersion: *d.FormatVersion, TerraformVersion: d.TerraformVersion}
	switch {
	case d.PlannedValues != nil || d.PriorState != nil || d.ResourceChanges != nil:
		out.Kind = KindPlan
		// A managed topology_simulation's results are in planned_values
		// (its prior state holds the old ones).
		if d.PlannedValues != nil {
			collect(d.PlannedValues.RootModule, &out.Simulations, 0, "managed")
		}
		if d.PriorState != nil && d.PriorState.Values != nil {
			collect(d.PriorState.Values.RootModule, &out.Simulations, 0, "data")
		}
		// A data source read at plan time is also in planned_values in some
		// Terraform versions; keep the first occurrence of each address.
		if d.PlannedValues != nil {
			collect(d.PlannedValues.RootModule, &out.Simulations, 0, "data")
		}
		out.Simulations = dedupe(out.Simulations)
		read := map[string]bool{}
		unknownOf := map[string][]string{}
		for _, s := range out.Simulations {
			read[s.Address] = true
		}
		for _, c := range d.ResourceChanges {
			if c.Type != SimulationType {
				continue
			}
			unknown := UnknownPaths(c.Change.AfterUnknown)
			switch {
			case c.Mode == "data" && contains(c.Change.Actions, "read"):
				out.Deferred = append(out.Deferred, Deferred{Address: c.Address, Reason: c.ActionReason, Unknown: unknown})
				delete(read, c.Address)
			case c.Mode == "managed" && len(unknown) > 0:
				// An input known only after apply: the provider simulates
				// during apply, and the plan holds no results.
				out.Deferred = append(out.Deferred, Deferred{Address: c.Address, Reason: "input_known_after_apply", Unknown: unknown})
				delete(read, c.Address)
			default:
				unknownOf[c.Address] = unknown
			}
		}
		// A deferred data source has no results: drop any planned values.
		var kept []Simulation
		for _, s := range out.Simulations {
			if read[s.Address] {
				s.Unknown = unknownOf[s.Address]
				kept = append(kept, s)
			}
		}
		out.Simulations = kept
	case d.Values != nil:
		out.Kind = KindState
		collect(d.Values.RootModule, &out.Simulations, 0, "managed")
		collect(d.Values.RootModule, &out.Simulations, 0, "data")
		out.Simulations = dedupe(out.Simulations)
	default:
		// An empty state (`terraform show -json` with nothing applied)
		// has only format_version.
		out.Kind = KindState
	}
	sort.Slice(out.Deferred, func(i, j int) bool { return out.Deferred[i].Address < out.Deferred[j].Address })
	if d.Configuration != nil {
		for key, pc := range d.Configuration.ProviderConfig {
			if pc.ModuleAddr != "" || (pc.Name != "topology" && !strings.HasSuffix(pc.FullName, "/topology")) || strings.Contains(key, ".") {
				continue // An aliased or module provider: not the default one.
			}
			for name, raw := range pc.Expressions {
				var e struct {
					ConstantValue json.RawMessage `json:"constant_value"`
					References    []string        `json:"references"`
				}
				if json.Unmarshal(raw, &e) != nil {
					continue
				}
				if e.ConstantValue != nil {
					if out.ProviderConfig == nil {
						out.ProviderConfig = map[string]json.RawMessage{}
					}
					out.ProviderConfig[name] = e.ConstantValue
				} else {
					out.ProviderConfigDynamic = append(out.ProviderConfigDynamic, name)
				}
			}
		}
		sort.Strings(out.ProviderConfigDynamic)
	}
	return out, nil
}

// maxDepth bounds module nesting so that hostile input cannot exhaust the
// stack; Terraform itself has no such depth in practice.
const maxDepth = 100

// collect appends the topology_simulation resources of one mode
// ("managed" or "data") of m and its child modules.
func collect(m *module, out *[]Simulation, depth int, mode string) {
	if m == nil || depth > maxDepth {
		return
	}
	for _, r := range m.Resources {
		if r.Mode == mode && r.Type == SimulationType {
			*out = append(*out, Simulation{Address: r.Address, ProviderName: r.ProviderName, Values: r.Values})
		}
	}
	for i := range m.ChildModules {
		collect(&m.ChildModules[i], out, depth+1, mode)
	}
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

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
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
