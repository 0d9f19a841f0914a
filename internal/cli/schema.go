package cli

import (
	"context"
	_ "embed" // the model's JSON Schema
	"fmt"
)

// ModelSchema is the JSON Schema (draft 2020-12) of the model file that
// `-f` reads: simulator.Model as JSON. It is generated from the Go types
// (see TestModelSchemaUpToDate) and embedded.
//
//go:embed model.schema.json
var ModelSchema string

func runSchema(_ context.Context, e *env, args []string) int {
	fs := newFlags(e, "schema", "schema")
	if code := parseFlags(fs, e, args); code >= 0 {
		return code
	}
	fmt.Fprint(e.stdout, ModelSchema)
	return ExitOK
}
