package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// JSONSchemaVersion is the version of the document JSON writes. It is bumped
// when a field changes meaning or is removed; adding a field does not bump
// it. The embedded reports carry their own simulator.ReportSchemaVersion.
const JSONSchemaVersion = 1

// JSONDocument is the machine-readable output of the CLI: one entry per
// simulation with its verdict and the simulator's whole report.
type JSONDocument struct {
	// SchemaVersion is JSONSchemaVersion.
	SchemaVersion int `json:"schema_version"`
	// Tool and ToolVersion name the program that wrote the document.
	Tool        string `json:"tool"`
	ToolVersion string `json:"tool_version"`
	// Verdict is the worst verdict over every simulation: pass, marginal,
	// fail, or none when no SLA clause was declared.
	Verdict     string           `json:"verdict"`
	Simulations []JSONSimulation `json:"simulations"`
}

// JSONSimulation is one simulated topology.
type JSONSimulation struct {
	// Address is the data source's address in a plan or state, or the
	// model file's name.
	Address string `json:"address"`
	// Verdict is Verdict(Report).
	Verdict string `json:"verdict"`
	// Report is the simulator's report. Figures that cannot be measured
	// (NaN) are null.
	Report *simulator.Report `json:"report"`
}

// NewJSONDocument builds the document for the given simulations, filling
// in each verdict and the overall one.
func NewJSONDocument(tool, toolVersion string, sims []JSONSimulation) JSONDocument {
	d := JSONDocument{SchemaVersion: JSONSchemaVersion, Tool: tool, ToolVersion: toolVersion, Verdict: VerdictNone,
		Simulations: make([]JSONSimulation, len(sims))}
	for i, s := range sims {
		s.Verdict = Verdict(s.Report)
		d.Simulations[i] = s
		d.Verdict = worse(d.Verdict, s.Verdict)
	}
	return d
}

// WriteJSON writes v as indented JSON. Unlike encoding/json it does not
// fail on NaN or infinite floats, which a report holds for figures that
// cannot be measured: they are written as null.
func WriteJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	if err := encodeFinite(&b, reflect.ValueOf(v)); err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// encodeFinite is encoding/json for the plain data types of reports
// (structs with json tags, slices, string-keyed maps, pointers and
// scalars), with non-finite floats as null.
func encodeFinite(b *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		b.WriteString("null")
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeFinite(b, v.Elem())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b.WriteString("null")
			return nil
		}
	case reflect.Struct:
		b.WriteByte('{')
		first := true
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if strings.Contains(","+opts+",", ",omitempty,") && fv.IsZero() {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			key, _ := json.Marshal(name)
			b.Write(key)
			b.WriteByte(':')
			if err := encodeFinite(b, fv); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeFinite(b, v.Index(i)); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		// Map values may hold NaN too: encode each, keys sorted as
		// encoding/json does.
		keys := v.MapKeys()
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("report: cannot encode a map keyed by %s", v.Type().Key())
		}
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		slices.Sort(names)
		b.WriteByte('{')
		for i, n := range names {
			if i > 0 {
				b.WriteByte(',')
			}
			key, _ := json.Marshal(n)
			b.Write(key)
			b.WriteByte(':')
			if err := encodeFinite(b, v.MapIndex(reflect.ValueOf(n).Convert(v.Type().Key()))); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	b.Write(data)
	return nil
}
