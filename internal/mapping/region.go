package mapping

import (
	"maps"
	"slices"
)

// SortedKeys returns the keys of m in order, so that diagnostics come out in
// the same order on every run.
func SortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
