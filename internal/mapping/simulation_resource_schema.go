package mapping

import (
	"fmt"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The managed resource topology_simulation has the data source's arguments
// and results: its schema is derived from SimulationSchema, attribute by
// attribute, so that the two can never disagree on a name, a type, a
// validator or a description.

// SimulationResourceDescription is what the resource adds to the data
// source's description: why it is the SLA gate.
const SimulationResourceDescription = "**The SLA gate.** As a managed resource, the simulation runs in " +
	"`terraform plan` with the planned values of what it references, so its results are known in the plan " +
	"whether the topology resources are referenced directly (`regions = [topology_region.use1]`) or not, new " +
	"or changed, and with `enforce = true` an SLA failure fails the plan before anything is applied. When an " +
	"input is known only after apply (say `instances` from another resource's unknown attribute), the plan " +
	"names that input and shows the results as known after apply; the simulation then runs at apply and a " +
	"failed SLA fails the apply before anything that depends on it. The results are kept in the state: a plan " +
	"whose inputs are unchanged reuses them without simulating, apply reuses what the plan simulated, a changed " +
	"topology shows every result before and after, and destroy never simulates.\n\n"

// SimulationResourceSchema is topology_simulation's resource schema: the
// data source's, with the resource's description.
func SimulationResourceSchema() rschema.Schema {
	d := SimulationSchema()
	return rschema.Schema{
		MarkdownDescription: SimulationResourceDescription + d.MarkdownDescription,
		Attributes:          resourceAttrsOf(d.Attributes),
	}
}

func resourceAttrsOf(attrs map[string]dschema.Attribute) map[string]rschema.Attribute {
	out := make(map[string]rschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = resourceAttrOf(a)
	}
	return out
}

func resourceObjectOf(o dschema.NestedAttributeObject) rschema.NestedAttributeObject {
	return rschema.NestedAttributeObject{Attributes: resourceAttrsOf(o.Attributes), Validators: o.Validators}
}

// resourceAttrOf converts one data source attribute: the same flags, type,
// description and validators. A kind of attribute the simulation does not
// use is a programming error, caught by the schema tests.
func resourceAttrOf(a dschema.Attribute) rschema.Attribute {
	switch a := a.(type) {
	case dschema.StringAttribute:
		return rschema.StringAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.Int64Attribute:
		return rschema.Int64Attribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed, CustomType: a.CustomType,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.Float64Attribute:
		return rschema.Float64Attribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed, CustomType: a.CustomType,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.BoolAttribute:
		return rschema.BoolAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.ListAttribute:
		return rschema.ListAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			ElementType: a.ElementType, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.MapAttribute:
		return rschema.MapAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			ElementType: a.ElementType, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.ListNestedAttribute:
		return rschema.ListNestedAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			NestedObject: resourceObjectOf(a.NestedObject), MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.SingleNestedAttribute:
		return rschema.SingleNestedAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			Attributes: resourceAttrsOf(a.Attributes), MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.DynamicAttribute:
		return rschema.DynamicAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	case dschema.MapNestedAttribute:
		return rschema.MapNestedAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			NestedObject: resourceObjectOf(a.NestedObject), MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
	}
	panic(fmt.Sprintf("mapping: no resource form for a %T", a))
}
