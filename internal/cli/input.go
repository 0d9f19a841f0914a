package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
	"github.com/multiregion/terraform-provider-topology/internal/planjson"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// inputFlags are the flags that choose what to simulate.
type inputFlags struct {
	plan, state, model string
}

func (in *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&in.plan, "plan", "", "`FILE` holding `terraform show -json plan.out` (- for stdin)")
	fs.StringVar(&in.state, "state", "", "`FILE` holding `terraform show -json` of the state (- for stdin)")
	fs.StringVar(&in.model, "f", "", "model `FILE`: a simulator model as JSON (- for stdin)")
}

// target is one model to simulate, with the name it is reported under.
type target struct {
	// Address is the data source's address, or the model file's name.
	Address string
	Model   simulator.Model
	// Resource is true for a resource "topology_simulation" in a plan,
	// whose prior state is the "before" of the comment's comparison; Prior
	// are its prior state's values, nil when the plan creates it.
	Resource bool
	Prior    json.RawMessage
}

// inputError is an input that cannot be used; its message is for the user.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func badInput(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}

// load reads the chosen input and returns the models to simulate, with
// warnings to show.
func (in *inputFlags) load(ctx context.Context, stdin io.Reader) ([]target, []string, error) {
	set := 0
	for _, f := range []string{in.plan, in.state, in.model} {
		if f != "" {
			set++
		}
	}
	if set != 1 {
		return nil, nil, badInput("give exactly one input: --plan FILE, --state FILE or -f FILE")
	}
	switch {
	case in.model != "":
		data, err := readInput(in.model, stdin)
		if err != nil {
			return nil, nil, err
		}
		m, err := DecodeModel(data)
		if err != nil {
			return nil, nil, badInput("%s: %v", in.model, err)
		}
		return []target{{Address: in.model, Model: m}}, nil, nil
	case in.plan != "":
		return loadTerraform(ctx, in.plan, stdin, planjson.KindPlan)
	default:
		return loadTerraform(ctx, in.state, stdin, planjson.KindState)
	}
}

func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, badInput("reading standard input: %v", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, badInput("cannot read %s: %v", name, err)
	}
	return data, nil
}

// DecodeModel reads a model file: simulator.Model as JSON, decoded
// strictly by the simulator (an unknown key is an error naming its path
// and the key meant), with the simulator's defaults applied: the same
// defaults as a topology_simulation, so a model file and a Terraform
// configuration mean the same.
func DecodeModel(data []byte) (simulator.Model, error) {
	m, err := simulator.DecodeModel(data)
	if err != nil {
		return simulator.Model{}, fmt.Errorf("not a valid model: %w", err)
	}
	simulator.ApplyDefaults(&m)
	return m, nil
}

// loadTerraform reads a plan or state document and maps each
// topology_simulation to a model with the provider's mapping.
func loadTerraform(ctx context.Context, name string, stdin io.Reader, want planjson.Kind) ([]target, []string, error) {
	data, err := readInput(name, stdin)
	if err != nil {
		return nil, nil, err
	}
	doc, err := planjson.Parse(data)
	if err != nil {
		return nil, nil, badInput("%s: %v", name, err)
	}
	if doc.Kind != want {
		return nil, nil, badInput("%s holds a Terraform %s, but --%s was given: use --%s %s",
			name, doc.Kind, want, doc.Kind, name)
	}
	var warnings []string
	settings := mapping.DefaultProviderSettings()
	if raw, ok := doc.ProviderConfig["default_seed"]; ok {
		v, err := strconv.ParseUint(strings.TrimSpace(string(raw)), 10, 64)
		if err != nil {
			return nil, nil, badInput("%s: provider default_seed %s is not a non-negative integer", name, raw)
		}
		settings.DefaultSeed = v
	}
	if raw, ok := doc.ProviderConfig["max_simulated_requests"]; ok {
		v, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
		if err != nil {
			return nil, nil, badInput("%s: provider max_simulated_requests %s is not an integer", name, raw)
		}
		settings.MaxSimulatedRequests = v
	}
	dynamicSeed := false
	for _, a := range doc.ProviderConfigDynamic {
		switch a {
		case "default_seed":
			dynamicSeed = true
		case "max_simulated_requests":
			warnings = append(warnings, fmt.Sprintf("the provider's max_simulated_requests is an expression the plan JSON does not evaluate; using the default %d",
				settings.MaxSimulatedRequests))
		}
	}

	if len(doc.Simulations) == 0 {
		if len(doc.Deferred) > 0 {
			var b strings.Builder
			for _, d := range doc.Deferred {
				fmt.Fprintf(&b, "\n  - %s", deferredWhy(d))
			}
			return nil, nil, badInput("%s: Terraform deferred every topology_simulation to apply, so the plan holds no values to simulate:%s\n%s",
				name, b.String(), deferredFix(doc.Deferred))
		}
		return nil, nil, badInput("%s: no data \"topology_simulation\" found in the %s (root and child modules), and no resource \"topology_simulation\": nothing to check", name, doc.Kind)
	}
	for _, d := range doc.Deferred {
		warnings = append(warnings, fmt.Sprintf("%s, so it is not checked. %s", deferredWhy(d), deferredFix([]planjson.Deferred{d})))
	}
	targets := make([]target, 0, len(doc.Simulations))
	for _, s := range doc.Simulations {
		if dynamicSeed && !hasValue(s.Values, "seed") {
			return nil, nil, badInput("%s: %s sets no seed and the provider's default_seed is an expression the plan JSON does not evaluate, "+
				"so the CLI cannot tell which seed the plan used: set seed on the data source", name, s.Address)
		}
		m, err := mapping.ModelFromSimulationJSON(ctx, s.Values, settings)
		if err != nil {
			if errors.Is(err, mapping.ErrUnknownValues) {
				if in := unknownInputs(s.Unknown); len(in) > 0 {
					return nil, nil, badInput("%s: %s: %s known only after apply, so the plan holds no value to simulate (%v).\n%s",
						name, s.Address, pathList(in), err, unknownFix(in))
				}
				return nil, nil, badInput("%s: %s: %v. Terraform's plan JSON leaves out the values known only after apply, and its after_unknown "+
					"names none of this simulation's arguments.\nSet the argument from a literal, a variable or an attribute Terraform knows when planning.",
					name, s.Address, err)
			}
			return nil, nil, badInput("%s: %s: %v", name, s.Address, err)
		}
		targets = append(targets, target{Address: s.Address, Model: m,
			Resource: doc.Kind == planjson.KindPlan && s.Mode == tfjson.ManagedResourceMode, Prior: s.Prior})
	}
	return targets, warnings, nil
}

// hasValue reports whether the JSON object raw has a non-null key.
func hasValue(raw json.RawMessage, key string) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return false
	}
	v, ok := obj[key]
	return ok && string(bytes.TrimSpace(v)) != "null"
}

// deferredWhy says why Terraform left a simulation to apply: the inputs
// known only after apply, by path, or a dependency with changes pending.
func deferredWhy(d planjson.Deferred) string {
	if in := unknownInputs(d.Unknown); len(in) > 0 {
		return fmt.Sprintf("%s: %s known only after apply", d.Address, pathList(in))
	}
	if d.Reason != "" {
		return fmt.Sprintf("%s is deferred to apply (%s)", d.Address, d.Reason)
	}
	return d.Address + " is deferred to apply"
}

// deferredFix is the advice for deferred simulations: with an unknown
// input, make that input known; without one (a data source that refers
// directly to a managed resource with changes pending), the resource or
// the local value.
func deferredFix(ds []planjson.Deferred) string {
	var in []string
	for _, d := range ds {
		in = append(in, unknownInputs(d.Unknown)...)
	}
	if len(in) > 0 {
		return unknownFix(in)
	}
	return "Terraform defers a data source that refers directly to a managed resource with changes pending: use " +
		"resource \"topology_simulation\", which is simulated in the plan whatever it refers to, or pass the regions " +
		"through a local value (locals { regions = [topology_region.a, ...] }, then regions = local.regions). " +
		"A resource is deferred only when one of its inputs is known only after apply; see the README."
}

// unknownFix is the advice for inputs known only after apply.
func unknownFix(in []string) string {
	return fmt.Sprintf("A simulation runs in the plan only when all its inputs are known then: set %s from a literal, a variable "+
		"or an attribute Terraform knows when planning, not one computed during apply. Otherwise it runs during apply, "+
		"and check can judge only a plan made after that apply.", strings.Join(in, ", "))
}

// maxNamedPaths bounds the unknown inputs a message names.
const maxNamedPaths = 5

// pathList names paths for a sentence: "regions[0].instances is",
// "a, b and 3 more are".
func pathList(paths []string) string {
	if len(paths) == 1 {
		return paths[0] + " is"
	}
	shown := paths
	more := ""
	if len(paths) > maxNamedPaths {
		shown = paths[:maxNamedPaths]
		more = fmt.Sprintf(" and %d more", len(paths)-maxNamedPaths)
	}
	return strings.Join(shown, ", ") + more + " are"
}

// unknownInputs keeps the paths of arguments among those a plan marks
// unknown: a simulation's results (results, sla_met, ...) are unknown
// whenever it is deferred, and say nothing about why; and a region's
// computed attributes (capacity_rps, ...) are unknown because another of
// its attributes is, which is the one to name.
func unknownInputs(paths []string) []string {
	attrs := mapping.SimulationSchema().Attributes
	region := mapping.RegionResourceAttributes()
	var out []string
	for _, p := range paths {
		root := p
		if i := strings.IndexAny(p, ".["); i >= 0 {
			root = p[:i]
		}
		a, ok := attrs[root]
		if !ok || a.IsComputed() && !a.IsOptional() && !a.IsRequired() {
			continue
		}
		if root == "regions" {
			if _, leaf, ok := strings.Cut(p, "]."); ok {
				if ra, ok := region[leaf]; ok && ra.IsComputed() && !ra.IsOptional() && !ra.IsRequired() {
					continue
				}
			}
		}
		out = append(out, p)
	}
	return out
}
