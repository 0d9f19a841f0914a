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
				fmt.Fprintf(&b, "\n  - %s", d.Address)
				if d.Reason != "" {
					fmt.Fprintf(&b, " (%s)", d.Reason)
				}
			}
			return nil, nil, badInput("%s: Terraform deferred every topology_simulation to apply, so the plan holds no values to simulate:%s\n"+
				"Terraform defers a data source that refers directly to a managed resource with changes pending: use "+
				"resource \"topology_simulation\", which is simulated in the plan whatever it refers to, or pass the regions "+
				"through a local value (locals { regions = [topology_region.a, ...] }, then regions = local.regions). "+
				"A resource is deferred only when one of its inputs is known only after apply; see the README.", name, b.String())
		}
		return nil, nil, badInput("%s: no data \"topology_simulation\" found in the %s (root and child modules), and no resource \"topology_simulation\": nothing to check", name, doc.Kind)
	}
	for _, d := range doc.Deferred {
		warnings = append(warnings, fmt.Sprintf("%s is deferred to apply (%s) and is not checked: use resource \"topology_simulation\", or pass its regions through a local value, so that it runs at plan time",
			d.Address, d.Reason))
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
				return nil, nil, badInput("%s: %s: %v.\nPass the regions through a local value so that Terraform reads the simulation at plan time; see the README.",
					name, s.Address, err)
			}
			return nil, nil, badInput("%s: %s: %v", name, s.Address, err)
		}
		targets = append(targets, target{Address: s.Address, Model: m})
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
