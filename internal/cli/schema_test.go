package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

var update = flag.Bool("update", false, "rewrite model.schema.json from the Go types")

// schemaRequired lists, by Go type and JSON name, the fields a model needs:
// the simulator's static checks reject a model without them. Everything
// else has a default.
var schemaRequired = map[string][]string{
	"Model":      {"regions", "workload"},
	"Region":     {"name", "location", "instances", "service_time_ms"},
	"Workload":   {"origins"},
	"Origin":     {"location", "rps"},
	"ReplicaSet": {"name", "regions", "leader", "replication"},
	"Scenario":   {"name", "faults"},
	"Fault":      {"type", "at_s"},
	"OriginSLA":  {"origin"},
	// Autoscaling's signal and interval have defaults; its range and
	// target do not.
	"Autoscaling": {"min_instances", "max_instances", "target"},
}

// schemaEnums lists the closed sets of string values, by Go type and JSON
// name.
var schemaEnums = map[string]map[string][]string{
	"Region": {"service_time_distribution": {simulator.DistExponential, simulator.DistLognormal, simulator.DistDeterministic}},
	"Autoscaling": {"signal": {string(simulator.SignalUtilization), string(simulator.SignalBacklogPerInstance),
		string(simulator.SignalRPSPerInstance)}},
	"ReplicaSet": {
		"replication":         {simulator.ReplicationSyncQuorum, simulator.ReplicationAsyncPrimary, simulator.ReplicationMultiLeader},
		"read_consistency":    {simulator.ReadStrong, simulator.ReadBoundedStaleness, simulator.ReadEventual},
		"conflict_resolution": {simulator.ConflictLWW, simulator.ConflictCRDT},
	},
}

// generateModelSchema derives the JSON Schema of simulator.Model from its Go
// types by reflection: objects with exactly the JSON fields (no others, as
// DecodeModel refuses unknown fields), integers, numbers, strings, arrays.
func generateModelSchema() ([]byte, error) {
	root := schemaOf(reflect.TypeFor[simulator.Model]())
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://github.com/multiregion/terraform-provider-topology/internal/cli/model.schema.json"
	root["title"] = "terraform-provider-topology model"
	root["description"] = "A topology simulation model (simulator.Model) as read by `terraform-provider-topology simulate -f FILE`. " +
		"Generated from the Go types; omitted optional values take the simulator's defaults (simulator.ApplyDefaults)."
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func schemaOf(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem())
	case reflect.Struct:
		props := map[string]any{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			s := schemaOf(f.Type)
			if enum, ok := schemaEnums[t.Name()][name]; ok {
				s["enum"] = enum
			}
			props[name] = s
		}
		s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if req := schemaRequired[t.Name()]; len(req) > 0 {
			s["required"] = req
		}
		return s
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	}
	if s := scalarSchema(t.Kind()); s != nil {
		return s
	}
	panic(fmt.Sprintf("schema: unsupported type %s", t))
}

// scalarSchema is the JSON Schema of a string, boolean or integer kind,
// the same in the model's schema and the report's; nil for any other kind
// (numbers differ: the report's may be null).
func scalarSchema(k reflect.Kind) map[string]any {
	switch k {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	}
	return nil
}

// TestModelSchemaUpToDate keeps model.schema.json equal to what the Go
// types give; run with -update after changing simulator.Model.
func TestModelSchemaUpToDate(t *testing.T) {
	checkSchemaFile(t, "model.schema.json", ModelSchema, "simulator.Model", generateModelSchema)
}

// checkSchemaFile fails when the embedded schema of file differs from what
// generate gives from the Go types (named by types), or, with -update,
// rewrites file.
func checkSchemaFile(t *testing.T, file, embedded, types string, generate func() ([]byte, error)) {
	t.Helper()
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: rebuild to embed it", file)
		return
	}
	if embedded != string(want) {
		t.Fatalf("%s is out of date with %s: run go test ./internal/cli -run %s -args -update", file, types, t.Name())
	}
}

// validate checks a JSON value against the subset of JSON Schema that
// generateModelSchema writes, returning the first violation.
func validate(schema map[string]any, v any, at string) error {
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		return fmt.Errorf("%s: %v is not one of %v", at, v, enum)
	}
	switch schema["type"] {
	case "object":
		o, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", at, v)
		}
		for _, r := range asList(schema["required"]) {
			if _, ok := o[r.(string)]; !ok {
				return fmt.Errorf("%s: missing required %q", at, r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, val := range o {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if extra, ok := schema["additionalProperties"].(map[string]any); ok {
					ps = extra
				} else {
					return fmt.Errorf("%s: unknown property %q", at, k)
				}
			}
			if err := validate(ps, val, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", at, v)
		}
		for i, e := range a {
			if err := validate(schema["items"].(map[string]any), e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: want a string, got %T", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want a boolean, got %T", at, v)
		}
	case "number", "integer":
		n, ok := v.(float64)
		if !ok {
			return fmt.Errorf("%s: want a number, got %T", at, v)
		}
		if schema["type"] == "integer" && n != float64(int64(n)) {
			return fmt.Errorf("%s: want an integer, got %v", at, n)
		}
		if m, ok := schema["minimum"].(float64); ok && n < m {
			return fmt.Errorf("%s: %v is below %v", at, n, m)
		}
	}
	return nil
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

var modelFile = regexp.MustCompile(`\.model\.json$`)

// TestModelSchemaValidatesExamples: every example model is valid against
// the schema and decodes with DecodeModel; bad models are rejected by both.
func TestModelSchemaValidatesExamples(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal([]byte(ModelSchema), &schema); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !modelFile.MatchString(e.Name()) {
			continue
		}
		n++
		data, err := os.ReadFile("testdata/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		bad := strings.HasPrefix(e.Name(), "bad-")
		schemaErr := validate(schema, v, "$")
		_, decodeErr := DecodeModel(data)
		switch {
		case bad && schemaErr == nil:
			t.Errorf("%s: the schema accepts a bad model", e.Name())
		case !bad && schemaErr != nil:
			t.Errorf("%s: the schema rejects a good model: %v", e.Name(), schemaErr)
		case !bad && decodeErr != nil:
			t.Errorf("%s: DecodeModel: %v", e.Name(), decodeErr)
		}
	}
	if n < 4 {
		t.Fatalf("only %d example models in testdata", n)
	}
}

func TestSchemaCommand(t *testing.T) {
	code, out, _ := run(t, "schema")
	if code != ExitOK || out != ModelSchema || !json.Valid([]byte(out)) {
		t.Fatalf("schema: exit %d, %d bytes", code, len(out))
	}
}
