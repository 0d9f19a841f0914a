package mapping

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/multiregion/terraform-provider-topology/internal/report"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// findingStep matches one segment of a Finding path: a JSON name followed
// by any number of list indexes, as in "origins[0]".
var findingStep = regexp.MustCompile(`^([a-z0-9_]+)((?:\[[0-9]+\])*)$`)

// FindingPath translates a Finding.Path in the model's JSON names
// ("regions[1].instances", "workload.origins[0].rps", "run.duration_s")
// into the attribute path of the data source. The run settings are root
// attributes here, so "run." is dropped. When the path names something the
// data source has no attribute for (say "run.max_simulated_requests", a
// provider setting), the longest prefix that is an attribute is used; ok is
// false when not even the first segment is, and the finding is then
// reported without a path.
func FindingPath(ctx context.Context, s schema.Schema, modelPath string) (p path.Path, ok bool) {
	segments := strings.Split(modelPath, ".")
	if len(segments) > 1 && segments[0] == "run" {
		segments = segments[1:]
	}
	var steps []func(path.Path) path.Path
	for _, seg := range segments {
		m := findingStep.FindStringSubmatch(seg)
		if m == nil {
			break // Keep what parsed so far: a prefix is better than nothing.
		}
		name := m[1]
		steps = append(steps, func(p path.Path) path.Path {
			if len(p.Steps()) == 0 {
				return path.Root(name)
			}
			return p.AtName(name)
		})
		for _, idx := range strings.Split(strings.Trim(m[2], "[]"), "][") {
			if idx == "" {
				continue
			}
			i, err := strconv.Atoi(idx)
			if err != nil {
				break
			}
			steps = append(steps, func(p path.Path) path.Path { return p.AtListIndex(i) })
		}
	}
	for n := len(steps); n > 0; n-- {
		p := path.Empty()
		for _, step := range steps[:n] {
			p = step(p)
		}
		// A list element is not an attribute, so check the attribute that
		// holds it; the diagnostic still points at the element.
		check := p
		for isElement(check) {
			check = check.ParentPath()
		}
		if _, diags := s.AttributeAtPath(ctx, check); !diags.HasError() {
			return p, true
		}
		// Inside a hand-written argument (a dynamic attribute) the schema
		// has no attributes, but the path names the value as written.
		if root := path.Root(segmentName(segments[0])); len(segments) > 0 {
			if a, diags := s.AttributeAtPath(ctx, root); !diags.HasError() {
				if _, dynamic := a.(schema.DynamicAttribute); dynamic {
					return p, true
				}
			}
		}
	}
	return path.Empty(), false
}

// mapFindingStep matches the model's lists that the data source holds as
// maps: routing_policy.geo_routes (keyed by origin) and
// routing_policy.weights (keyed by region), sorted by key in the model.
var mapFindingStep = regexp.MustCompile(`^routing_policy\.(geo_routes|weights)\[([0-9]+)\]`)

// ModelFindingPath is FindingPath, except that an element of a list the
// data source holds as a map (see mapFindingStep) is pointed at by its key
// in m, the model that was checked; whatever the finding names inside the
// element (its origin, region or weight) is that map entry.
func ModelFindingPath(ctx context.Context, s schema.Schema, modelPath string, m simulator.Model) (path.Path, bool) {
	sub := mapFindingStep.FindStringSubmatch(modelPath)
	if sub == nil {
		return FindingPath(ctx, s, modelPath)
	}
	p := path.Root("routing_policy").AtName(sub[1])
	i, err := strconv.Atoi(sub[2])
	switch rp := m.RoutingPolicy; {
	case err != nil || rp == nil:
	case sub[1] == "geo_routes" && i < len(rp.GeoRoutes):
		return p.AtMapKey(rp.GeoRoutes[i].Origin), true
	case sub[1] == "weights" && i < len(rp.Weights):
		return p.AtMapKey(rp.Weights[i].Region), true
	}
	return p, true
}

func isElement(p path.Path) bool {
	steps := p.Steps()
	if len(steps) == 0 {
		return false
	}
	_, ok := steps[len(steps)-1].(path.PathStepElementKeyInt)
	return ok
}

// FindingDiagnostics turns the simulator's static findings into
// diagnostics on the attributes at fault. A severity other than warning is
// treated as an error, so that a new severity can never let a model the
// simulator refuses slip through.
func FindingDiagnostics(ctx context.Context, s schema.Schema, findings []simulator.Finding, m simulator.Model) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, f := range findings {
		detail := f.Detail
		p, ok := ModelFindingPath(ctx, s, f.Path, m)
		switch {
		case !ok && f.Path != "":
			detail = fmt.Sprintf("%s\n\n(Model path: %s.)", detail, f.Path)
		case ok && len(p.Steps()) > 1 && !strings.Contains(f.Summary+detail, p.String()):
			// Terraform points only at the top-level argument of a nested
			// attribute (often just the block), so name the element.
			detail = fmt.Sprintf("%s\n\n(Attribute: %s.)", detail, p)
		}
		summary := f.Summary
		if f.Rule {
			// A single-field rule: worded as the attribute validators
			// built from the same rule word it.
			summary, detail = "Invalid attribute value", f.Summary+". "+detail
		}
		switch {
		case f.Severity == simulator.SeverityWarning && ok:
			diags.AddAttributeWarning(p, summary, detail)
		case f.Severity == simulator.SeverityWarning:
			diags.AddWarning(summary, detail)
		case ok:
			diags.AddAttributeError(p, summary, detail)
		default:
			diags.AddError(summary, detail)
		}
	}
	return diags
}

// SLADiagnostics reports, per scenario, the failed clauses as one error
// (one warning when enforce is false) and the marginal clauses as one
// warning, all on the sla attribute. The wording comes from internal/report
// so that the CLI says the same.
func SLADiagnostics(r *simulator.Report, enforce bool) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root("sla")
	for _, s := range r.Scenarios {
		if msg, failed := report.SLAFailure(s, r.Replications); failed {
			if enforce {
				diags.AddAttributeError(at, msg.Summary, msg.Detail+
					"\n\nTo see the results without failing the plan, set enforce = false: SLA failures are then warnings.")
			} else {
				diags.AddAttributeWarning(at, msg.Summary, msg.Detail+
					"\n\nenforce = false, so this does not fail the plan.")
			}
		}
		if msg, marginal := report.SLAMarginal(s, r.Replications); marginal {
			diags.AddAttributeWarning(at, msg.Summary, msg.Detail)
		}
	}
	return diags
}

// segmentName is a finding path segment's attribute name: "origins[0]"
// is "origins".
func segmentName(seg string) string {
	name, _, _ := strings.Cut(seg, "[")
	return name
}
