package mapping

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// This file lets the CLI build a simulator.Model from a topology_simulation
// as Terraform writes it in `terraform show -json` output, through the same
// schema and the same toModel mapping as the data source's Read, so that
// the CLI and a plan can never disagree on what a configuration means.

// ProviderSettings are the provider-level defaults that apply to a
// simulation that does not set them itself (default_seed and
// max_simulated_requests of the provider block).
type ProviderSettings struct {
	// DefaultSeed is the seed of a simulation that sets no seed.
	DefaultSeed uint64
	// MaxSimulatedRequests bounds the work of one simulation; 0 means the
	// simulator's default.
	MaxSimulatedRequests int64
}

// DefaultProviderSettings are the settings of an unconfigured provider
// block (provider "topology" {}).
func DefaultProviderSettings() ProviderSettings {
	return ProviderSettings{DefaultSeed: DefaultSeed, MaxSimulatedRequests: simulator.DefaultMaxSimulatedRequests}
}

// ErrUnknownValues is returned (wrapped) by ModelFromSimulationJSON when a
// value the simulation needs is not known; plan JSON leaves unknown values
// out, so this shows up as a required attribute that is missing.
var ErrUnknownValues = errors.New("simulation arguments not known")

// ModelFromSimulationJSON decodes the attribute values of one
// topology_simulation data source, as found under "values" in the JSON of
// `terraform show -json`, and maps them to a simulator.Model with the data
// source's own mapping. Attributes the schema does not know are ignored (a
// newer or older provider may have written them) and missing ones are null.
// The model is returned with simulator.ApplyDefaults applied, as Read does
// before Check and Run.
func ModelFromSimulationJSON(ctx context.Context, raw json.RawMessage, settings ProviderSettings) (simulator.Model, error) {
	if err := checkNumbers(raw); err != nil {
		return simulator.Model{}, fmt.Errorf("decoding topology_simulation values: %w", err)
	}
	s := SimulationSchema()
	raw, err := withoutComputed(raw, s)
	if err != nil {
		return simulator.Model{}, fmt.Errorf("decoding topology_simulation values: %w", err)
	}
	// The hand-written arguments are dynamic: Terraform's JSON holds them
	// as written, which the strict decoder reads directly; the rest goes
	// through the schema's type.
	raw, sections, err := splitArguments(raw)
	if err != nil {
		return simulator.Model{}, fmt.Errorf("decoding topology_simulation values: %w", err)
	}
	typ := s.Type().TerraformType(ctx)
	val, err := tftypes.ValueFromJSONWithOpts(raw, typ, tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true})
	if err != nil {
		return simulator.Model{}, fmt.Errorf("decoding topology_simulation values: %w", err)
	}
	if val.IsNull() {
		return simulator.Model{}, errors.New("decoding topology_simulation values: the data source has no values (null)")
	}
	if err := requireKnown(val); err != nil {
		return simulator.Model{}, err
	}
	if _, ok := sections["workload"]; !ok {
		return simulator.Model{}, fmt.Errorf("%w: workload has no value (it is unknown until apply, or not set)", ErrUnknownValues)
	}
	cfg := tfsdk.Config{Schema: s, Raw: val}
	var c Simulation
	if diags := cfg.Get(ctx, &c); diags.HasError() {
		var msgs []string
		for _, d := range diags.Errors() {
			msgs = append(msgs, d.Summary()+": "+d.Detail())
		}
		return simulator.Model{}, fmt.Errorf("reading topology_simulation values: %s", strings.Join(msgs, "; "))
	}
	for _, a := range arguments {
		data, ok := sections[a.name]
		if !ok {
			continue
		}
		if diags := c.decodeSection(ctx, a, data); diags.HasError() {
			var msgs []string
			for _, d := range diags.Errors() {
				msgs = append(msgs, d.Detail())
			}
			return simulator.Model{}, fmt.Errorf("reading topology_simulation values: %s", strings.Join(msgs, "; "))
		}
	}
	m := c.ToModel(&settings)
	simulator.ApplyDefaults(&m)
	return m, nil
}

// withoutComputed drops the computed-only attributes (results, sla_met,
// ...) from the values: the model needs only the arguments, and results
// written by another version of the provider may lack attributes that this
// version's result types cannot leave null.
func withoutComputed(raw json.RawMessage, s schema.Schema) (json.RawMessage, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("the data source has no values (null)")
	}
	for name, a := range s.Attributes {
		if a.IsComputed() && !a.IsOptional() && !a.IsRequired() {
			delete(obj, name)
		}
	}
	return json.Marshal(obj)
}

// maxNumberLength bounds a number literal; float64 needs at most 24
// characters, and a longer literal is either an error or an attack.
const maxNumberLength = 100

// checkNumbers refuses a number that no attribute can hold (beyond float64
// or absurdly long) before tftypes parses it: tftypes parses numbers as
// arbitrary-precision big.Float, which takes seconds for an exponent such
// as 1e10000000, so hostile or corrupt input would stall the CLI.
func checkNumbers(raw json.RawMessage) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		n, ok := tok.(json.Number)
		if !ok {
			continue
		}
		if len(n) > maxNumberLength {
			return fmt.Errorf("number %.20s... is %d characters long, more than any attribute can hold", n, len(n))
		}
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return fmt.Errorf("number %s is out of range for a 64-bit float", n)
		}
	}
}

// requireKnown reports the first argument the simulation needs that is null
// where the data source requires it: Terraform's JSON omits unknown values,
// so a required argument that is missing was most likely unknown at plan
// time.
func requireKnown(val tftypes.Value) error {
	var attrs map[string]tftypes.Value
	if err := val.As(&attrs); err != nil {
		return fmt.Errorf("decoding topology_simulation values: %w", err)
	}
	for _, name := range []string{"regions"} {
		if v, ok := attrs[name]; !ok || v.IsNull() || !v.IsKnown() {
			return fmt.Errorf("%w: %s has no value (it is unknown until apply, or not set)", ErrUnknownValues, name)
		}
	}
	return nil
}

// splitArguments takes the hand-written arguments out of a simulation's
// values; a null one is left out, as not set.
func splitArguments(raw json.RawMessage) (json.RawMessage, map[string][]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, nil, err
	}
	sections := map[string][]byte{}
	for _, a := range arguments {
		v, ok := obj[a.name]
		if !ok {
			continue
		}
		delete(obj, a.name)
		if string(bytes.TrimSpace(v)) != "null" {
			sections[a.name] = v
		}
	}
	rest, err := json.Marshal(obj)
	return rest, sections, err
}

// ConfigValueFromJSON is the configuration value Terraform sends the
// provider for a simulation whose values `terraform show -json` wrote as
// raw: the schema's object, each hand-written argument a dynamic value of
// the type HCL gives its literal (objects and tuples). Keys the schema
// lacks are ignored. Tests build configurations from JSON with it.
func ConfigValueFromJSON(ctx context.Context, raw json.RawMessage) (tftypes.Value, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return tftypes.Value{}, err
	}
	typ, ok := SimulationSchema().Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		return tftypes.Value{}, errors.New("the simulation's schema is not an object")
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		data, ok := obj[name]
		if !ok {
			vals[name] = tftypes.NewValue(at, nil)
			continue
		}
		if at.Is(tftypes.DynamicPseudoType) {
			var tree any
			if err := json.Unmarshal(data, &tree); err != nil {
				return tftypes.Value{}, err
			}
			at = literalType(tree)
		}
		v, err := tftypes.ValueFromJSONWithOpts(data, at, tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true})
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
		}
		vals[name] = v
	}
	return tftypes.NewValue(typ, vals), nil
}

// literalType is the type HCL gives a literal of this JSON value: objects
// and tuples of their elements' types.
func literalType(v any) tftypes.Type {
	switch v := v.(type) {
	case map[string]any:
		attrs := map[string]tftypes.Type{}
		for k, e := range v {
			attrs[k] = literalType(e)
		}
		return tftypes.Object{AttributeTypes: attrs}
	case []any:
		elems := make([]tftypes.Type, len(v))
		for i, e := range v {
			elems[i] = literalType(e)
		}
		return tftypes.Tuple{ElementTypes: elems}
	case string:
		return tftypes.String
	case bool:
		return tftypes.Bool
	case float64:
		return tftypes.Number
	}
	return tftypes.DynamicPseudoType
}
