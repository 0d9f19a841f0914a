package cli

import (
	"context"
	_ "embed" // the model's and the report's JSON Schemas
	"fmt"
)

// ModelSchema is the JSON Schema (draft 2020-12) of the model file that
// `-f` reads: simulator.Model as JSON. It is generated from the Go types
// (see TestModelSchemaUpToDate) and embedded.
//
//go:embed model.schema.json
var ModelSchema string

// ReportSchema is the JSON Schema (draft 2020-12) of the document that
// `check --json` writes: report.JSONDocument as report.WriteJSON writes
// it. It is generated from the Go types (see TestReportSchemaUpToDate)
// and embedded.
//
//go:embed report.schema.json
var ReportSchema string

func runSchema(_ context.Context, e *env, args []string) int {
	fs := newFlags(e, "schema", "schema [--report]")
	reportSchema := fs.Bool("report", false, "print the JSON Schema of the check --json report instead of the model file's")
	if code := parseFlags(fs, e, args); code >= 0 {
		return code
	}
	if *reportSchema {
		fmt.Fprint(e.stdout, ReportSchema)
		return ExitOK
	}
	fmt.Fprint(e.stdout, ModelSchema)
	return ExitOK
}
