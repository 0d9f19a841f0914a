package simulator

import (
	"context"
	"errors"
)

// PLACEHOLDER: the engine helper replaces this file with the real Check and
// Run (it exists only so that the provider compiles in the meantime).

// Check runs the static checks on a model before any simulation. Findings of
// SeverityError mean the model cannot be simulated as it stands.
func Check(m Model) []Finding { return nil }

// Run simulates the model's replications and returns the report. It returns
// an error when Check finds errors or ctx is cancelled.
func Run(ctx context.Context, m Model) (*Report, error) {
	return nil, errors.New("simulator: not implemented yet")
}
