package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
	"github.com/multiregion/terraform-provider-topology/simulator"
)

// validateSimulationConfig checks what single-attribute validators cannot:
// the warm-up against the run's duration, a lognormal shape given to a
// literal region with another distribution, and whatever the simulator's
// checks can judge of the known sections (mapping.KnownModelDiagnostics).
// Unknown values are skipped; the simulation checks them once they are
// known. The data source and the resource share it.
func validateSimulationConfig(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	var duration, warmup types.Float64
	diags.Append(config.GetAttribute(ctx, path.Root("duration_s"), &duration)...)
	diags.Append(config.GetAttribute(ctx, path.Root("warmup_s"), &warmup)...)
	if !duration.IsUnknown() && !warmup.IsUnknown() && !warmup.IsNull() {
		dur, w := mapping.Float64Or(duration, simulator.DefaultDurationS), warmup.ValueFloat64()
		if w >= dur {
			source := "duration_s"
			if duration.IsNull() {
				source = "duration_s (not set, so its default)"
			}
			diags.AddAttributeError(path.Root("warmup_s"), "Warm-up not shorter than the run",
				fmt.Sprintf("warmup_s is %g s but %s is %g s: requests are only measured after the warm-up, so nothing "+
					"would be measured. Lower warmup_s below %g, or raise duration_s above %g.", w, source, dur, dur, w))
		}
	}

	var regions types.List
	diags.Append(config.GetAttribute(ctx, path.Root("regions"), &regions)...)
	for i, elem := range regions.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() || !mapping.Representable(obj) {
			continue // A number the schema refuses at its own path.
		}
		var r mapping.Region
		diags.Append(obj.As(ctx, &r, basetypes.ObjectAsOptions{})...)
		diags.Append(mapping.CheckServiceTimeShape(r, path.Root("regions").AtListIndex(i).AtName)...)
	}
	for _, name := range []string{"network", "scenarios", "sla", "workload"} {
		var v types.Dynamic
		diags.Append(config.GetAttribute(ctx, path.Root(name), &v)...)
		diags.Append(mapping.CheckArgumentKeys(name, v)...)
		diags.Append(mapping.ValidateArgument(ctx, name, v)...)
	}
	if diags.HasError() {
		return diags // An unknown key: the rest would be judged on what the user did not mean.
	}
	diags.Append(validateSLAHasClause(ctx, config)...)
	diags.Append(validateReplicaSetsAndScenarios(ctx, config)...)
	if !diags.HasError() {
		// The simulator's own checks on what is known already (a fault
		// after the run's end, a reserved scenario name), in plan's words;
		// after the checks above, which say the same of their cases first.
		diags.Append(mapping.KnownModelDiagnostics(ctx, config)...)
	}
	return diags
}

// validateSLAHasClause refuses an sla that sets no target (sla = {}, or
// every target null): a gate that would look configured and check
// nothing. Leave sla out to measure without checking.
func validateSLAHasClause(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	var sla types.Dynamic
	diags.Append(config.GetAttribute(ctx, path.Root("sla"), &sla)...)
	if diags.HasError() || sla.IsNull() || sla.IsUnknown() || sla.IsUnderlyingValueNull() || sla.IsUnderlyingValueUnknown() {
		return diags
	}
	attrs, ok := mapping.DynamicAttributes(sla)
	if !ok {
		return diags // Not an object: decoding reports it.
	}
	for _, v := range attrs {
		if !v.IsNull() {
			return diags // A target is set, or not known yet.
		}
	}
	diags.AddAttributeError(path.Root("sla"), "SLA without a target",
		fmt.Sprintf("sla sets no target, so no SLA clause would be checked and the simulation could never fail. "+
			"Set a target (%s), or remove sla to measure without checking.", strings.Join(mapping.ArgumentKeys("sla"), ", ")))
	return diags
}

// validateReplicaSetsAndScenarios applies topology_replica_set's rules to
// each known replica set (and topology_cache_tier's and
// topology_routing_policy's to the cache tiers and the routing policy),
// checks that each known fault has the attributes its type needs, and warns when replica sets are declared but an origin
// sends no writes by default.
func validateReplicaSetsAndScenarios(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	var replicaSets types.List
	diags.Append(config.GetAttribute(ctx, path.Root("replica_sets"), &replicaSets)...)
	for i, elem := range replicaSets.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !mapping.Known(obj) || !mapping.Representable(obj) {
			continue
		}
		var r mapping.ReplicaSet
		diags.Append(obj.As(ctx, &r, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("replica_sets").AtListIndex(i).AtName(name) }
		diags.Append(mapping.CheckReplicaSet(r, at)...)
	}

	var scenarios types.Dynamic
	diags.Append(config.GetAttribute(ctx, path.Root("scenarios"), &scenarios)...)
	scenarioList, _ := mapping.DynamicElements(scenarios)
	for i, elem := range scenarioList {
		scenario, ok := mapping.DynamicAttributes(elem)
		if !ok {
			continue
		}
		faults, _ := mapping.DynamicElements(scenario["faults"])
		for j, fe := range faults {
			attrs, ok := mapping.DynamicAttributes(fe)
			if !ok {
				continue
			}
			typ, ok := attrs["type"].(types.String)
			if !ok || !mapping.Known(typ) {
				continue
			}
			rules, ok := mapping.FaultRuleOf(typ.ValueString())
			if !ok {
				continue // The type attribute's validator reports it.
			}
			at := func(name string) path.Path {
				return path.Root("scenarios").AtListIndex(i).AtName("faults").AtListIndex(j).AtName(name)
			}
			for _, need := range rules.Needs {
				// A key left out of the literal is not in its object.
				if v, ok := attrs[need]; !ok || v.IsNull() {
					p := at(need)
					diags.AddAttributeError(p, "Missing fault argument",
						fmt.Sprintf("%s is required by a %q fault but not set. %s", p, typ.ValueString(), rules.Hint(need)))
				}
			}
			if rules.Pair {
				origin, regionB := attrs["origin"], attrs["region_b"]
				if origin == nil {
					origin = types.StringNull()
				}
				if regionB == nil {
					regionB = types.StringNull()
				}
				switch {
				case origin.IsUnknown() || regionB.IsUnknown():
				case origin.IsNull() && regionB.IsNull():
					p := at("origin")
					diags.AddAttributeError(p, "Missing fault argument",
						fmt.Sprintf("%s is required by a %q fault but not set, and so is its alternative region_b: the fault is "+
							"between region and one other end. Set origin to the clients it hits, for example origin = \"virginia\", "+
							"or region_b to another region for a fault between two regions.", p, typ.ValueString()))
				case !origin.IsNull() && !regionB.IsNull():
					p := at("region_b")
					diags.AddAttributeError(p, "Fault with two other ends",
						fmt.Sprintf("%s (%s) and %s (%s) are both set, but a %q fault is between region and one other end: "+
							"origin for the clients of an origin, or region_b for another region. Remove one of them.",
							at("origin"), mapping.ValueText(origin), p, mapping.ValueText(regionB), typ.ValueString()))
				}
			}
			for _, refused := range rules.Refuses {
				// duration_s = 0 means "until the end", the same as not set.
				if v, ok := attrs[refused]; ok && mapping.Known(v) && !mapping.IsZeroNumber(v) {
					p := at(refused)
					diags.AddAttributeError(p, "Fault argument of another fault type",
						fmt.Sprintf("%s (%s) does not apply to a %q fault. %s", p, mapping.ValueText(v), typ.ValueString(),
							rules.Hint(refused)))
				}
			}
		}
	}

	var policy types.Object
	diags.Append(config.GetAttribute(ctx, path.Root("routing_policy"), &policy)...)
	if mapping.Known(policy) && mapping.Representable(policy) {
		var p mapping.RoutingPolicy
		diags.Append(policy.As(ctx, &p, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("routing_policy").AtName(name) }
		diags.Append(mapping.CheckRoutingPolicy(p, at)...)
	}

	var cacheTiers types.List
	diags.Append(config.GetAttribute(ctx, path.Root("cache_tiers"), &cacheTiers)...)
	for i, elem := range cacheTiers.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || !mapping.Known(obj) || !mapping.Representable(obj) {
			continue
		}
		var t mapping.CacheTier
		diags.Append(obj.As(ctx, &t, basetypes.ObjectAsOptions{})...)
		at := func(name string) path.Path { return path.Root("cache_tiers").AtListIndex(i).AtName(name) }
		diags.Append(mapping.CheckCacheTier(t.TTLS, t.WritePolicy, at)...)
	}

	if len(replicaSets.Elements()) == 0 {
		return diags
	}
	var workload types.Dynamic
	diags.Append(config.GetAttribute(ctx, path.Root("workload"), &workload)...)
	wl, _ := mapping.DynamicAttributes(workload)
	origins, _ := mapping.DynamicElements(wl["origins"])
	for i, elem := range origins {
		obj, ok := mapping.DynamicAttributes(elem)
		if !ok {
			continue
		}
		if ops, ok := obj["operations"]; ok && !ops.IsNull() {
			continue // its operations' kinds make its mix (simulator/operations.go)
		}
		if v, ok := obj["read_ratio"]; !ok || v.IsNull() {
			p := path.Root("workload").AtName("origins").AtListIndex(i).AtName("read_ratio")
			diags.AddAttributeWarning(p, "Origin sends no writes",
				fmt.Sprintf("%s is not set, so it defaults to %g: every request of this origin is a read, and its replica "+
					"set replicates no writes from it (no lag, no lost writes, no conflicts). Set read_ratio, for example "+
					"read_ratio = 0.9 for 10%% writes.", p, mapping.DefaultReadRatio))
		}
	}
	return diags
}
