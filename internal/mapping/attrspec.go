package mapping

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// A topology object (a region, say) is declared once, as a list of
// attrSpecs. Its resource schema (resourceAttributes) and the nested
// attribute through which topology_simulation takes it (nestedAttributes)
// are both derived from that list, and one tfsdk struct decodes both, so
// an attribute added to the object reaches the resource, the simulation,
// the docs and the mapping from one place.

// The topology objects' paths in the model, the prefixes of their
// attributes' rules (simulator.RuleAt).
const (
	regionsPath       = "regions[]"
	replicaSetsPath   = "replica_sets[]"
	cacheTiersPath    = "cache_tiers[]"
	routingPolicyPath = "routing_policy"
)

// attrKind is the Terraform type of an attribute.
type attrKind int

const (
	kindString attrKind = iota
	kindInt64
	kindFloat64
	kindStringList
	kindStringMap
	kindFloat64Map
	// kindObject is a single nested object of attrs.
	kindObject
)

// attrRole says who sets an attribute.
type attrRole int

const (
	// roleOptional is an optional argument.
	roleOptional attrRole = iota
	// roleRequired is a required argument. In the simulation's nested
	// attribute it is Optional with a RequiredAttributes check on the
	// object, because the framework's own Required check misfires on lists
	// of objects that are unknown during validation.
	roleRequired
	// roleDefaulted is an optional argument whose default the resource
	// shows in the plan (Optional+Computed there).
	roleDefaulted
	// roleComputed is worked out by the resource (an id, coordinates).
	// The simulation's nested attribute accepts it, so that a whole
	// resource passes through, and ignores it.
	roleComputed
)

// attrSpec is one attribute of a topology object.
type attrSpec struct {
	name string
	kind attrKind
	role attrRole
	// doc describes the attribute, for both schemas.
	doc string
	// missing says how to set a required attribute that is left out.
	missing string
	// stringDefault, int64Default and float64Default are the resource's
	// static defaults.
	stringDefault  defaults.String
	int64Default   defaults.Int64
	float64Default defaults.Float64
	// replaces marks an argument whose change replaces the resource
	// (a name other objects refer to).
	replaces bool

	// attrs are a kindObject's attributes.
	attrs []attrSpec
	// elemType is a kindFloat64Map's element type, RealTypeOf its
	// elements' rule; RealTypeFor(nil) when not set.
	elemType attr.Type

	strings []validator.String
	ints    []validator.Int64
	floats  []validator.Float64
	lists   []validator.List
	maps    []validator.Map
}

// requiredMark prefixes the doc of a required argument in the nested
// schema, where it is Optional for the framework's sake.
const requiredMark = "**Required.** "

// computedNote is appended to the doc of a computed attribute in the
// nested schema.
const computedNote = " Set by the resource; ignored when given in a literal object."

// resourceAttributes derives a resource schema's attributes; prefix is
// the object's path in the model ("regions[]", "routing_policy").
func resourceAttributes(prefix string, specs []attrSpec) map[string]rschema.Attribute {
	out := make(map[string]rschema.Attribute, len(specs))
	for _, s := range specs {
		s = withRule(prefix, s)
		required := s.role == roleRequired
		optional := s.role == roleOptional || s.role == roleDefaulted
		computed := s.role == roleDefaulted || s.role == roleComputed
		switch s.kind {
		case kindString:
			a := rschema.StringAttribute{Required: required, Optional: optional, Computed: computed,
				MarkdownDescription: s.doc, Validators: s.strings, Default: s.stringDefault}
			if s.replaces {
				// Other objects refer to it by this value, so a change is
				// a different object, not an edit of this one.
				a.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
			}
			out[s.name] = a
		case kindInt64:
			out[s.name] = rschema.Int64Attribute{Required: required, Optional: optional, Computed: computed,
				CustomType: IntegerTypeFor(s.ints), MarkdownDescription: s.doc, Validators: s.ints, Default: s.int64Default}
		case kindFloat64:
			out[s.name] = rschema.Float64Attribute{Required: required, Optional: optional, Computed: computed,
				CustomType: RealTypeFor(s.floats), MarkdownDescription: s.doc, Validators: s.floats, Default: s.float64Default}
		case kindStringList:
			out[s.name] = rschema.ListAttribute{Required: required, Optional: optional, Computed: computed,
				ElementType: types.StringType, MarkdownDescription: s.doc, Validators: s.lists}
		case kindStringMap, kindFloat64Map:
			out[s.name] = rschema.MapAttribute{Required: required, Optional: optional, Computed: computed,
				ElementType: s.elementType(), MarkdownDescription: s.doc, Validators: s.mapValidators()}
		case kindObject:
			out[s.name] = rschema.SingleNestedAttribute{Required: required, Optional: optional, Computed: computed,
				MarkdownDescription: s.doc, Attributes: resourceAttributes(prefix+"."+s.name, s.attrs)}
		default:
			panic(fmt.Sprintf("mapping: attribute %s has no kind", s.name))
		}
	}
	return out
}

// nestedAttributes derives the simulation's nested object for the same
// object: every attribute Optional (required ones checked by the object
// validator it returns), computed ones accepted and ignored.
func nestedAttributes(prefix string, specs []attrSpec) dschema.NestedAttributeObject {
	attrs := make(map[string]dschema.Attribute, len(specs))
	missing := map[string]string{}
	for _, s := range specs {
		s = withRule(prefix, s)
		doc := s.doc
		switch s.role {
		case roleRequired:
			doc = requiredMark + doc
			missing[s.name] = s.missing
		case roleComputed:
			doc += computedNote
		}
		switch s.kind {
		case kindString:
			attrs[s.name] = dschema.StringAttribute{Optional: true, MarkdownDescription: doc, Validators: s.strings}
		case kindInt64:
			attrs[s.name] = dschema.Int64Attribute{Optional: true, CustomType: IntegerTypeFor(s.ints),
				MarkdownDescription: doc, Validators: s.ints}
		case kindFloat64:
			attrs[s.name] = dschema.Float64Attribute{Optional: true, CustomType: RealTypeFor(s.floats),
				MarkdownDescription: doc, Validators: s.floats}
		case kindStringList:
			attrs[s.name] = dschema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: doc, Validators: s.lists}
		case kindStringMap, kindFloat64Map:
			attrs[s.name] = dschema.MapAttribute{Optional: true, ElementType: s.elementType(),
				MarkdownDescription: doc, Validators: s.mapValidators()}
		case kindObject:
			sub := nestedAttributes(prefix+"."+s.name, s.attrs)
			attrs[s.name] = dschema.SingleNestedAttribute{Optional: true, MarkdownDescription: doc,
				Attributes: sub.Attributes, Validators: sub.Validators}
		default:
			panic(fmt.Sprintf("mapping: attribute %s has no kind", s.name))
		}
	}
	obj := dschema.NestedAttributeObject{Attributes: attrs}
	if len(missing) > 0 {
		obj.Validators = []validator.Object{RequiredAttributes(missing)}
	}
	return obj
}

// elementType is a map's element type.
func (s attrSpec) elementType() attr.Type {
	if s.kind == kindFloat64Map {
		if s.elemType != nil {
			return s.elemType
		}
		return RealTypeFor(nil)
	}
	return types.StringType
}

// mapValidators are a map's validators: a map of numbers first refuses
// the numbers it cannot hold (RepresentableElements).
func (s attrSpec) mapValidators() []validator.Map {
	if s.kind == kindFloat64Map {
		return append([]validator.Map{RepresentableElements()}, s.maps...)
	}
	return s.maps
}

// objectAttrTypes are the attribute types of a kindObject, for the
// framework values that hold it.
func objectAttrTypes(specs []attrSpec, name string) map[string]attr.Type {
	for _, s := range specs {
		if s.name == name {
			return rschema.SingleNestedAttribute{Attributes: resourceAttributes("", s.attrs)}.GetType().(basetypes.ObjectType).AttrTypes
		}
	}
	panic("mapping: no object attribute " + name)
}

// withRule gives an attribute that declares no validators of its own the
// validator of the simulator's rule for its model field (prefix.name), so
// that the provider refuses a value with the simulator's words. A list
// also gets its elements' rule (path[]) when the simulator has one.
func withRule(prefix string, s attrSpec) attrSpec {
	path := prefix + "." + s.name
	_, has := simulator.RuleAt(path)
	switch s.kind {
	case kindString:
		if has && s.strings == nil {
			s.strings = []validator.String{StringRule(path)}
		}
	case kindInt64:
		if has && s.ints == nil {
			s.ints = []validator.Int64{Int64Rule(path)}
		}
	case kindFloat64:
		if has && s.floats == nil {
			s.floats = []validator.Float64{Float64Rule(path)}
		}
	case kindStringList:
		if s.lists != nil {
			break
		}
		if has {
			s.lists = append(s.lists, ListRule(path))
		}
		if _, ok := simulator.RuleAt(path + "[]"); ok {
			s.lists = append(s.lists, listvalidator.ValueStringsAre(StringRule(path+"[]")))
		}
	}
	return s
}
