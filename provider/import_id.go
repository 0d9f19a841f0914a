package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// importIDSpec describes the import ID of one resource: comma-separated
// key=value pairs.
type importIDSpec struct {
	// keys are the keys the ID may hold, required those it must.
	keys, required []string
	// continues, when set, reports whether a piece that is not a pair with
	// a known key (hasEquals says whether it had an "=") continues the
	// value of the key before it: a value with a comma of its own, as in
	// "geo:LAT,LON".
	continues func(last string, hasEquals bool) bool
	// errorf turns a problem into the resource's import diagnostic.
	errorf func(problem string) diag.Diagnostic
}

// parseImportPairs splits an import ID into its values by key, refusing a
// piece that is not a pair, an unknown or repeated key, and missing
// required keys (one diagnostic, for the first problem found).
func parseImportPairs(id string, spec importIDSpec) (map[string]string, diag.Diagnostics) {
	var diags diag.Diagnostics
	values := map[string]string{}
	last := ""
	for _, part := range strings.Split(id, ",") {
		key, value, hasEquals := strings.Cut(part, "=")
		key = strings.TrimSpace(key)
		if !hasEquals || !slices.Contains(spec.keys, key) {
			if last != "" && spec.continues != nil && spec.continues(last, hasEquals) {
				values[last] += "," + strings.TrimSpace(part)
				continue
			}
			if !hasEquals {
				diags.Append(spec.errorf(fmt.Sprintf("%q is not a key=value pair", strings.TrimSpace(part))))
			} else {
				diags.Append(spec.errorf(fmt.Sprintf("unknown key %q", key)))
			}
			return nil, diags
		}
		if _, seen := values[key]; seen {
			diags.Append(spec.errorf(fmt.Sprintf("key %q is given more than once", key)))
			return nil, diags
		}
		values[key] = strings.TrimSpace(value)
		last = key
	}
	var missing []string
	for _, k := range spec.required {
		if values[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		diags.Append(spec.errorf("missing required key(s): " + strings.Join(missing, ", ")))
		return nil, diags
	}
	return values, diags
}

// listImportError is the import diagnostic of a resource whose ID lists its
// regions separated by semicolons (replica sets, cache tiers): the
// problem, the format, an example, and the required and optional keys.
func listImportError(resourceType, problem, example string, keys, required []string) diag.Diagnostic {
	var optional []string
	for _, k := range keys {
		if !slices.Contains(required, k) {
			optional = append(optional, k)
		}
	}
	return diag.NewErrorDiagnostic("Invalid import ID", fmt.Sprintf(
		"%s.\n\nThe import ID of a %s lists its arguments as comma-separated key=value pairs, "+
			"with the regions separated by semicolons, for example %q. Required keys: %s. Optional keys: %s.",
		strings.TrimSuffix(problem, "."), resourceType, example, strings.Join(required, ", "), strings.Join(optional, ", ")))
}
