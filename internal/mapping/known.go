package mapping

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// At `terraform validate` a simulation's configuration is partly known:
// its literals are, the values of resources it references (its regions,
// most often) are not. KnownModelDiagnostics runs the simulator's checks on
// the known part (simulator.CheckKnown), so that an error wholly in it is
// refused at validate with the words plan would use, and an error that
// needs an unknown value waits for plan.

// KnownModel is the model of the known sections of config, and which
// they are. A section that does not decode (a misspelled key, a number
// the schema refuses) counts as not known: the validators say why.
func KnownModel(ctx context.Context, config tfsdk.Config) (simulator.Model, simulator.Known) {
	var c Simulation
	var known simulator.Known
	fullyKnown := func(name string) bool {
		v, _, err := tftypes.WalkAttributePath(config.Raw, tftypes.NewAttributePath().WithAttributeName(name))
		tv, ok := v.(tftypes.Value)
		return err == nil && ok && tv.IsFullyKnown()
	}
	get := func(name string, target any) bool {
		return fullyKnown(name) && !config.GetAttribute(ctx, path.Root(name), target).HasError()
	}
	known.Run = get("duration_s", &c.DurationS) && get("warmup_s", &c.WarmupS) && get("replications", &c.Replications) &&
		get("max_replications", &c.MaxReplications) && get("precision", &c.Precision)
	sections := map[string]bool{}
	for _, a := range arguments {
		var v types.Dynamic
		if !get(a.name, &v) {
			continue
		}
		if v.IsNull() || v.IsUnderlyingValueNull() {
			sections[a.name] = true
			continue
		}
		data, unknown, err := valueJSON(v)
		if err != nil || unknown {
			continue
		}
		sections[a.name] = !c.decodeSection(ctx, a, data).HasError()
	}
	known.Workload, known.SLA, known.Scenarios, known.Network =
		sections["workload"], sections["sla"], sections["scenarios"], sections["network"]
	// The topology is one section for CheckKnown: a fault's region is
	// looked up among the regions only when all of it is known.
	known.Topology = get("regions", &c.Regions) && get("replica_sets", &c.ReplicaSets) &&
		get("cache_tiers", &c.CacheTiers) && get("routing_policy", &c.RoutingPolicy)
	if !known.Topology {
		c.Regions, c.ReplicaSets, c.CacheTiers, c.RoutingPolicy = nil, nil, nil, nil
	}
	return c.ToModel(nil), known
}

// modelIndex matches a list index in a finding's path.
var modelIndex = regexp.MustCompile(`\[[0-9]+\]`)

// KnownModelDiagnostics reports the errors of the known part of config,
// as plan reports them (FindingDiagnostics). A finding that only breaks a
// field's rule is left to the attribute's validator, which words it
// alike; a rule's limit (what the simulator cannot simulate beyond, such
// as duration_s = 1e12) has no validator and is reported here.
func KnownModelDiagnostics(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	m, known := KnownModel(ctx, config)
	var findings []simulator.Finding
	for _, f := range simulator.CheckKnown(m, known) {
		if f.Rule {
			r, ok := simulator.RuleAt(modelIndex.ReplaceAllString(f.Path, "[]"))
			if b, isBound := r.(simulator.Bound); !ok || !isBound || f.Detail == b.Fix {
				continue // The attribute's validator reports it.
			}
		}
		findings = append(findings, f)
	}
	return FindingDiagnostics(ctx, SimulationSchema(), findings, m)
}
