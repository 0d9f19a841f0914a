package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/agext/levenshtein"
)

// UnknownKeyError reports a key that the model has no field for. A typo in
// a hand-written argument (latency_p99ms for latency_p99_ms) would
// otherwise drop the value silently: an SLA clause that is never checked,
// a fault that lasts to the end of the run.
type UnknownKeyError struct {
	// Path is where the key is, in the model's JSON names ("sla",
	// "scenarios[0].faults[1]"); empty at the top level.
	Path string
	// Key is the unknown key.
	Key string
	// Suggestion is the nearest valid key, empty when none is near.
	Suggestion string
	// Valid are the keys valid at Path, sorted.
	Valid []string
}

// Error says where the key is, and the nearest valid key or the valid ones.
func (e *UnknownKeyError) Error() string {
	where := e.Path
	if where == "" {
		where = "model"
	}
	if e.Suggestion != "" {
		return fmt.Sprintf("%s: unknown argument %s; did you mean %s?", where, e.Key, e.Suggestion)
	}
	return fmt.Sprintf("%s: unknown argument %s; valid arguments are %s", where, e.Key, strings.Join(e.Valid, ", "))
}

// DecodeModel reads a model from JSON strictly: an unknown key anywhere is
// an *UnknownKeyError naming its path and the nearest valid key, and a
// value of the wrong type is an error naming its field. Defaults are not
// applied: Run and Check apply them.
func DecodeModel(data []byte) (Model, error) {
	var m Model
	if err := DecodeStrict(data, &m, ""); err != nil {
		return Model{}, err
	}
	return m, nil
}

// DecodeStrict decodes JSON into v, a pointer to a model type (Model, or
// a part of it such as SLA, Workload or []Scenario), refusing unknown
// keys. path is the JSON path of that part, for the errors ("sla").
func DecodeStrict(data []byte, v any, path string) error {
	var tree any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return fmt.Errorf("simulator: DecodeStrict needs a pointer, got %T", v)
	}
	if err := checkJSONKeys(tree, t.Elem(), path); err != nil {
		return err
	}
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("%s: a %s where a %s is needed", joinPath(path, te.Field), te.Value, jsonKind(te.Type))
		}
		return err
	}
	return nil
}

// checkJSONKeys walks the decoded tree beside the Go type and reports the
// first key that the type has no field for, in key order so that the
// error does not depend on map iteration.
func checkJSONKeys(node any, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch n := node.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return nil // A type mismatch, which json reports.
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				return unknownKey(path, k, fields)
			}
			if err := checkJSONKeys(n[k], ft, joinPath(path, k)); err != nil {
				return err
			}
		}
	case []any:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return nil
		}
		for i, e := range n {
			if err := checkJSONKeys(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonFields are a struct's JSON keys and their types; fields tagged "-"
// are not keys.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}

// maxSuggestionDistance is the largest edit distance at which a valid key
// is offered as the one meant: two edits catch a dropped underscore plus
// a transposition, without suggesting unrelated keys.
const maxSuggestionDistance = 3

// unknownKey builds the error for key at path, with the nearest valid key.
func unknownKey(path, key string, fields map[string]reflect.Type) *UnknownKeyError {
	valid := make([]string, 0, len(fields))
	for k := range fields {
		valid = append(valid, k)
	}
	slices.Sort(valid)
	best, bestDist := "", maxSuggestionDistance+1
	for _, k := range valid {
		if d := levenshtein.Distance(key, k, nil); d < bestDist {
			best, bestDist = k, d
		}
	}
	return &UnknownKeyError{Path: path, Key: key, Suggestion: best, Valid: valid}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonKind names a Go type the way a JSON document's author knows it.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "whole number"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return t.String()
}
