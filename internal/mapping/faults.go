package mapping

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// The fault types, what each needs and refuses, the hints and the docs
// all come from the simulator's fault registry (simulator.FaultTypes), so
// a fault type added there reaches the schema, its validation and the
// registry docs with no change here.

// faultFieldDocs say what each fault argument means, whatever the type;
// faultArgDoc adds which types require, allow or refuse it.
var faultFieldDocs = map[string]string{
	"region": "The region the fault hits, one of `regions` (for `latency_spike` and `partition`, the region end of " +
		"the pair; for `cache_flush`, the one region whose cache of the tier is flushed, every region's when not set).",
	"origin": "The origin the fault hits, by its label: its `name`, or its `location` when it has none (for " +
		"`latency_spike` and `partition`, the client end of the pair, unless `region_b` is set instead).",
	"region_b": "For a fault between two regions: the other region, one of `regions` and not `region`. Set it or " +
		"`origin`, not both.",
	"tier":       "The cache tier a `cache_flush` empties: the name of one of `cache_tiers`.",
	"fraction":   "The share of the region's servers lost, greater than `0` and at most `1`.",
	"multiplier": "How many times its usual rate the origin sends (`traffic_surge`), or how many times its usual service time the region takes (`service_slowdown`); greater than `1`.",
	"extra_ms":   "The round-trip time added between the two ends, in milliseconds, greater than `0`.",
	"at_s": "When the fault starts, in simulated seconds from the start of the run (warm-up included). At least " +
		"`0` and less than `duration_s`.",
	"duration_s": "How long the fault lasts, in seconds. Omitted or `0` means until the end of the run.",
}

// faultArgDoc is an argument's doc: its meaning, then the types that need,
// allow and refuse it, from the registry.
func faultArgDoc(field string) string {
	var needs, allows []string
	refusedByAll := true
	for _, t := range simulator.FaultTypes() {
		a, _ := t.Arg(field)
		switch a.Need {
		case simulator.ArgRequired, simulator.ArgOneOf:
			needs = append(needs, "`"+t.Name+"`")
			refusedByAll = false
		case simulator.ArgOptional:
			allows = append(allows, "`"+t.Name+"`")
			refusedByAll = false
		}
	}
	doc := faultFieldDocs[field]
	if len(needs) > 0 {
		doc += " Required by " + strings.Join(needs, ", ") + "."
	}
	if len(allows) > 0 {
		doc += " Optional for " + strings.Join(allows, ", ") + "."
	}
	if !refusedByAll {
		doc += " Not allowed with the other types."
	}
	return doc
}

// faultTypeDoc lists every fault type with its doc, for the type attribute.
func faultTypeDoc() string {
	var b strings.Builder
	b.WriteString("The fault, each with the arguments it needs besides `at_s`:\n")
	for _, t := range simulator.FaultTypes() {
		b.WriteString("  - " + t.Doc + "\n")
	}
	b.WriteString("\nEvery fault but `cache_flush` lasts `duration_s`.")
	return b.String()
}

// FaultRule is what one fault type needs and refuses of the fault
// arguments besides type and at_s, with the hint for each.
type FaultRule struct {
	// Needs are the arguments the type requires.
	Needs []string
	// Refuses are the arguments the type does not take.
	Refuses []string
	// Pair is true for a fault between region and exactly one other end:
	// origin (an origin's clients) or region_b (another region).
	Pair  bool
	hints map[string]string
}

// Hint says how to set an argument the type needs, or why it refuses one
// and what to do instead.
func (r FaultRule) Hint(field string) string { return r.hints[field] }

// FaultRuleOf is the rule of a fault type; ok is false for a type the
// simulator does not know (the type attribute's validator reports it).
func FaultRuleOf(typ string) (rule FaultRule, ok bool) {
	for _, t := range simulator.FaultTypes() {
		if t.Name != typ {
			continue
		}
		rule.hints = map[string]string{}
		for _, a := range t.Args {
			rule.hints[a.Field] = a.Hint
			switch {
			case a.Field == "at_s":
				// Required of every type: the object validator checks it.
			case a.Need == simulator.ArgRequired:
				rule.Needs = append(rule.Needs, a.Field)
			case a.Need == simulator.ArgRefused:
				rule.Refuses = append(rule.Refuses, a.Field)
			case a.Need == simulator.ArgOneOf:
				rule.Pair = true
			}
		}
		return rule, true
	}
	return FaultRule{}, false
}

// scenariosAttribute is the data source's scenarios: named lists of timed
// faults, each simulated like the baseline.
func scenariosAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "Fault scenarios, each simulated with the same workload and seed as the `baseline` (no " +
			"faults), which always runs first. Every SLA clause is checked in every scenario. Names must be unique " +
			"and not `baseline`.",
		NestedObject: schema.NestedAttributeObject{
			Validators: []validator.Object{RequiredAttributes(map[string]string{
				"name":   `Set the scenario's name, for example name = "leader-down".`,
				"faults": `Set the scenario's faults, for example faults = [{ type = "region_outage", region = "us-east-1", at_s = 60 }].`,
			})},
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** Name of the scenario in the results, for example `leader-down`.",
					Validators:          []validator.String{StringRule("scenarios[].name")},
				},
				"faults": schema.ListNestedAttribute{
					Optional:            true, // Required, see RequiredAttributes.
					MarkdownDescription: "**Required.** The timed faults of the scenario. At least one.",
					Validators:          []validator.List{ListRule("scenarios[].faults")},
					NestedObject: schema.NestedAttributeObject{
						Validators: []validator.Object{RequiredAttributes(map[string]string{
							"type": `Set the fault type, for example type = "region_outage".`,
							"at_s": "Set when the fault starts, in seconds from the start of the run, for example at_s = 60.",
						})},
						Attributes: map[string]schema.Attribute{
							"type": schema.StringAttribute{
								Optional:            true, // Required, see RequiredAttributes.
								MarkdownDescription: requiredMark + faultTypeDoc(),
								Validators:          []validator.String{StringRule("scenarios[].faults[].type")},
							},
							"region": schema.StringAttribute{
								Optional:            true,
								MarkdownDescription: faultArgDoc("region"),
								Validators:          []validator.String{StringRule("scenarios[].faults[].region")},
							},
							"origin": schema.StringAttribute{
								Optional:            true,
								MarkdownDescription: faultArgDoc("origin"),
							},
							"region_b": schema.StringAttribute{
								Optional:            true,
								MarkdownDescription: faultArgDoc("region_b"),
								Validators:          []validator.String{StringRule("scenarios[].faults[].region_b")},
							},
							"fraction": schema.Float64Attribute{
								Optional:            true,
								MarkdownDescription: faultArgDoc("fraction"),
								Validators:          []validator.Float64{Float64Rule("scenarios[].faults[].fraction")},
							},
							"multiplier": schema.Float64Attribute{
								Optional:            true,
								MarkdownDescription: faultArgDoc("multiplier"),
								Validators:          []validator.Float64{Float64Rule("scenarios[].faults[].multiplier")},
							},
							"extra_ms": schema.Float64Attribute{
								Optional:            true,
								MarkdownDescription: faultArgDoc("extra_ms"),
								Validators:          []validator.Float64{Float64Rule("scenarios[].faults[].extra_ms")},
							},
							"tier": schema.StringAttribute{
								Optional:            true,
								MarkdownDescription: faultArgDoc("tier"),
								Validators:          []validator.String{StringRule("scenarios[].faults[].tier")},
							},
							"at_s": schema.Float64Attribute{
								Optional: true, // Required, see RequiredAttributes.
								MarkdownDescription: "**Required.** When the fault starts, in simulated seconds from the start " +
									"of the run (warm-up included). At least `0` and less than `duration_s`.",
								Validators: []validator.Float64{Float64Rule("scenarios[].faults[].at_s")},
							},
							"duration_s": schema.Float64Attribute{
								Optional:            true,
								MarkdownDescription: faultArgDoc("duration_s"),
								Validators:          []validator.Float64{Float64Rule("scenarios[].faults[].duration_s")},
							},
						},
					},
				},
			},
		},
	}
}

// ScenarioInput is one of the simulation's scenarios: a name and its
// timed faults.
type ScenarioInput struct {
	Name   types.String `tfsdk:"name"`
	Faults []FaultInput `tfsdk:"faults"`
}

// FaultInput is one timed fault; which arguments apply depends on its
// type (FaultRuleOf).
type FaultInput struct {
	Type       types.String  `tfsdk:"type"`
	Region     types.String  `tfsdk:"region"`
	Origin     types.String  `tfsdk:"origin"`
	RegionB    types.String  `tfsdk:"region_b"`
	Tier       types.String  `tfsdk:"tier"`
	Fraction   types.Float64 `tfsdk:"fraction"`
	Multiplier types.Float64 `tfsdk:"multiplier"`
	ExtraMs    types.Float64 `tfsdk:"extra_ms"`
	AtS        types.Float64 `tfsdk:"at_s"`
	DurationS  types.Float64 `tfsdk:"duration_s"`
}
