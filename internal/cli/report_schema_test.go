package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// reportSchemaEnums are the closed sets of string values of the JSON
// report, by Go type and JSON name.
var reportSchemaEnums = map[string]map[string][]string{
	"JSONDocument":   {"verdict": {report.VerdictPass, report.VerdictMarginal, report.VerdictFail, report.VerdictNone}},
	"JSONSimulation": {"verdict": {report.VerdictPass, report.VerdictMarginal, report.VerdictFail, report.VerdictNone}},
	"ClauseResult":   {"status": {simulator.StatusPass, simulator.StatusMarginal, simulator.StatusFail}},
}

// reportSchemaConsts pin the schema versions: a document of another
// version does not validate, so a consumer that validates learns of the
// change instead of misreading it.
var reportSchemaConsts = map[string]map[string]any{
	"JSONDocument": {"schema_version": report.JSONSchemaVersion},
	"Report":       {"schema_version": simulator.ReportSchemaVersion},
}

// fieldDocs reads the doc comments of the struct fields declared in the Go
// files of dirs, keyed by "Type.Field", for the schema's descriptions.
func fieldDocs(dirs ...string) (map[string]string, error) {
	docs := map[string]string{}
	for _, dir := range dirs {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			return nil, err
		}
		fset := token.NewFileSet()
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
			if err != nil {
				return nil, err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				ts, ok := n.(*ast.TypeSpec)
				if !ok {
					return true
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					return false
				}
				for _, field := range st.Fields.List {
					text := strings.Join(strings.Fields(field.Doc.Text()+" "+field.Comment.Text()), " ")
					for _, id := range field.Names {
						if text != "" {
							docs[ts.Name.Name+"."+id.Name] = text
						}
					}
				}
				return false
			})
		}
	}
	return docs, nil
}

// reportSchemaGen derives the JSON Schema of report.JSONDocument as
// report.WriteJSON writes it: a struct field tagged omitempty may be
// absent (the others are required), a float, pointer, slice or map may be
// null (non-finite figures and nil values are written as null), every
// object has exactly its fields. Named structs are $defs.
type reportSchemaGen struct {
	defs map[string]any
	// types are the Go types of defs, so that two types of one name
	// (in two packages) are an error, not one silently replacing the
	// other.
	types map[string]reflect.Type
	docs  map[string]string
}

func (g *reportSchemaGen) of(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.of(t.Elem()))
	case reflect.Struct:
		name := t.Name()
		if prev, ok := g.types[name]; ok && prev != t {
			panic(fmt.Sprintf("report schema: %s and %s are both $defs/%s", prev, t, name))
		}
		g.types[name] = t
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = nil // a recursive type refers to itself
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	case reflect.Slice, reflect.Array:
		s := map[string]any{"type": "array", "items": g.of(t.Elem())}
		if t.Kind() == reflect.Slice {
			return nullable(s)
		}
		return s
	case reflect.Map:
		return nullable(map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())})
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": []string{"number", "null"}}
	case reflect.Interface:
		return map[string]any{}
	}
	if s := scalarSchema(t.Kind()); s != nil {
		return s
	}
	panic(fmt.Sprintf("report schema: unsupported type %s", t))
}

func (g *reportSchemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := g.of(f.Type)
		if enum, ok := reportSchemaEnums[t.Name()][name]; ok {
			s["enum"] = enum
		}
		if c, ok := reportSchemaConsts[t.Name()][name]; ok {
			s["const"] = c
		}
		if doc := g.docs[t.Name()+"."+f.Name]; doc != "" {
			if _, isRef := s["$ref"]; isRef {
				// Keywords beside $ref apply in 2020-12; a description
				// there documents the field rather than its type.
				s = map[string]any{"$ref": s["$ref"], "description": doc}
			} else {
				s["description"] = doc
			}
		}
		props[name] = s
		if !strings.Contains(","+opts+",", ",omitempty,") {
			required = append(required, name)
		}
	}
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

// nullable lets a schema also accept null.
func nullable(s map[string]any) map[string]any {
	if typ, ok := s["type"].(string); ok {
		s["type"] = []string{typ, "null"}
		return s
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

// generateReportSchema is the JSON Schema (draft 2020-12) of check --json.
func generateReportSchema() ([]byte, error) {
	docs, err := fieldDocs(filepath.Join("..", "report"), filepath.Join("..", "..", "simulator"))
	if err != nil {
		return nil, err
	}
	g := &reportSchemaGen{defs: map[string]any{}, types: map[string]reflect.Type{}, docs: docs}
	root := g.object(reflect.TypeFor[report.JSONDocument]())
	delete(g.defs, "JSONDocument")
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://github.com/multiregion/terraform-provider-topology/internal/cli/report.schema.json"
	root["title"] = "terraform-provider-topology check --json report"
	root["description"] = fmt.Sprintf("The JSON document of `terraform-provider-topology check --json` and `simulate --json` "+
		"(report.JSONDocument, schema_version %d, with simulator reports of schema_version %d). Generated from the Go types; "+
		"figures that cannot be measured (NaN) are null.", report.JSONSchemaVersion, simulator.ReportSchemaVersion)
	root["$defs"] = g.defs
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// TestReportSchemaUpToDate keeps report.schema.json equal to what the Go
// types give; run with -update after changing the report's types.
func TestReportSchemaUpToDate(t *testing.T) {
	checkSchemaFile(t, "report.schema.json", ReportSchema, "report.JSONDocument", generateReportSchema)
}

// compileReportSchema compiles the embedded report schema.
func compileReportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(ReportSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "report.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compiling the report schema: %v", err)
	}
	return s
}

// validateReport checks a check --json document against the schema.
func validateReport(t *testing.T, s *jsonschema.Schema, data []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := s.Validate(doc); err != nil {
		t.Fatalf("the check --json document does not validate against report.schema.json: %v", err)
	}
}

// TestReportSchemaValidatesCheckJSON validates check --json of the plans
// and models kept as fixtures (the failover example's plan, the quickstart
// example's passing and failing plans, a module's, a model file) against
// the schema, and shows that the schema rejects what the report is not.
// TestCheckLivePlanMatchesProvider validates every example's too.
func TestReportSchemaValidatesCheckJSON(t *testing.T) {
	s := compileReportSchema(t)
	for _, args := range [][]string{
		{"--plan", filepath.Join("testdata", "failover.plan.json")},
		{"--plan", fixture("quickstart.plan.json")},
		{"--plan", fixture("quickstart-fail.plan.json")},
		{"--plan", fixture("module.plan.json")},
		{"-f", filepath.Join("testdata", "quickstart.model.json")},
	} {
		t.Run(filepath.Base(args[1]), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report.json")
			code, _, stderr := run(t, append([]string{"check", "--json", out}, args...)...)
			if code != ExitOK && code != ExitSLAFailed {
				t.Fatalf("check exited %d: %s", code, stderr)
			}
			data := readBytes(t, out)
			validateReport(t, s, data)
			// The schema must be able to fail: the same document with a
			// wrong version, a missing field or an unknown one does not
			// validate.
			for name, edit := range map[string]func(map[string]any){
				"schema_version 99": func(d map[string]any) { d["schema_version"] = 99 },
				"no verdict":        func(d map[string]any) { delete(d, "verdict") },
				"unknown field":     func(d map[string]any) { d["simulations"].([]any)[0].(map[string]any)["extra"] = 1 },
				"report version": func(d map[string]any) {
					d["simulations"].([]any)[0].(map[string]any)["report"].(map[string]any)["schema_version"] = 1
				},
			} {
				var c map[string]any
				if err := json.Unmarshal(data, &c); err != nil {
					t.Fatal(err)
				}
				edit(c)
				if err := s.Validate(c); err == nil {
					t.Errorf("%s: the schema accepts it", name)
				}
			}
		})
	}
}

// checkLiveOutputs validates what check wrote for a live plan of an
// example: the JSON report against report.schema.json, the SARIF log
// against the 2.1.0 schema, and each SARIF result's line, read from the
// .tf file it names under root, declares its clause (the clause's key,
// the sla attribute, or the topology_simulation block). A failed check has
// results, and output (check's, run with --github) has one annotation per
// result.
func checkLiveOutputs(t *testing.T, root, jsonOut, sarifOut, output string, failed bool) {
	t.Helper()
	validateReport(t, compileReportSchema(t), readBytes(t, jsonOut))
	log := validateSARIF(t, readBytes(t, sarifOut))
	results := log.Runs[0].Results
	if failed && len(results) == 0 {
		t.Error("check failed but the SARIF log has no result")
	}
	annotations := 0
	for _, l := range strings.Split(output, "\n") {
		if strings.HasPrefix(l, "::error file=") || strings.HasPrefix(l, "::warning file=") {
			annotations++
		}
	}
	if annotations != len(results) {
		t.Errorf("%d annotations for %d SARIF results", annotations, len(results))
	}
	for i, r := range results {
		pl := r.Locations[0].PhysicalLocation
		file := filepath.Join(root, filepath.FromSlash(*pl.ArtifactLocation.URI))
		if !strings.HasSuffix(file, ".tf") {
			t.Errorf("result %d (%s) is located at %s, not in a .tf file", i, *r.RuleID, file)
			continue
		}
		lines := strings.Split(string(readBytes(t, file)), "\n")
		line := *pl.Region.StartLine
		if line > len(lines) {
			t.Errorf("result %d: line %d is past the end of %s", i, line, file)
			continue
		}
		text := lines[line-1]
		clause, _ := r.Properties.Properties["clause"].(string)
		if !strings.Contains(text, clause) && !strings.Contains(text, "sla") && !strings.Contains(text, `"topology_simulation"`) {
			t.Errorf("result %d (%s): %s line %d is %q, which declares neither the clause, the sla nor the block", i, clause, file, line, text)
		}
	}
}
