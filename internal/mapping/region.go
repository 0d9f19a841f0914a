package mapping

import (
	"fmt"
	"maps"
	"slices"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// SortedKeys returns the keys of m in order, so that diagnostics come out in
// the same order on every run.
func SortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// Region is topology_region: the resource's state, and one element of the
// simulation's regions, decoded by the same struct from the same
// declaration (regionSpecs).
type Region struct {
	ID                      types.String  `tfsdk:"id"`
	Name                    types.String  `tfsdk:"name"`
	Location                types.String  `tfsdk:"location"`
	Jurisdiction            types.String  `tfsdk:"jurisdiction"`
	Instances               types.Int64   `tfsdk:"instances"`
	Concurrency             types.Int64   `tfsdk:"concurrency"`
	ServiceTimeMs           types.Float64 `tfsdk:"service_time_ms"`
	ServiceTimeDistribution types.String  `tfsdk:"service_time_distribution"`
	ServiceTimeP99OverP50   types.Float64 `tfsdk:"service_time_p99_over_p50"`
	QueueLimit              types.Int64   `tfsdk:"queue_limit"`
	Latitude                types.Float64 `tfsdk:"latitude"`
	Longitude               types.Float64 `tfsdk:"longitude"`
	CapacityRPS             types.Float64 `tfsdk:"capacity_rps"`
	// Prices is null without prices (cost.go).
	Prices types.Object `tfsdk:"prices"`
	// Autoscaling is null without autoscaling (autoscaling.go).
	Autoscaling types.Object `tfsdk:"autoscaling"`
}

// RegionDescription describes topology_region.
const RegionDescription = "A serving region of the topology: a location, a jurisdiction and a pool of " +
	"`instances × concurrency` servers with a service time distribution and an optional queue limit. " +
	"The simulator treats it as an M/G/c queue with a finite buffer: a request that finds every server " +
	"busy waits, and one that finds the queue full is rejected.\n\n" +
	"The resource is logical: it manages no infrastructure and calls no API. Its computed attributes " +
	"(`latitude`, `longitude`, `capacity_rps`) are known at plan time, so a `topology_simulation` " +
	"data source that reads the region is evaluated during `terraform plan`. Capacity attributes may " +
	"come from real infrastructure, for example `instances = aws_autoscaling_group.web.desired_capacity`."

// regionSpecs declares topology_region's attributes, once.
func regionSpecs() []attrSpec {
	return []attrSpec{
		{name: "id", kind: kindString, role: roleComputed, doc: "The region's `name`."},
		{name: "name", kind: kindString, role: roleRequired, replaces: true,
			doc: "Unique name of the region within the topology, referenced by replica sets, " +
				"cache tiers and faults: 1 to 63 lowercase letters, digits or dashes, starting and ending " +
				"with a letter or digit, for example `us-east-1`. Changing it replaces the region.",
			missing: `Set the region's unique name, for example name = "us-east-1".`},
		{name: "location", kind: kindString, role: roleRequired,
			doc: "Where the region is: a catalog code (`aws:us-east-1`, `gcp:europe-west1`, " +
				"`azure:westeurope`) or coordinates in decimal degrees as `geo:LAT,LON` " +
				"(for example `geo:48.86,2.35`). Round-trip times between two AWS catalog regions are " +
				"measured medians; any other pair is estimated from the great-circle distance.",
			missing: `Set where the region is, for example location = "aws:us-east-1".`},
		{name: "jurisdiction", kind: kindString, role: roleDefaulted,
			doc: "Legal jurisdiction of the data the region holds, checked by sovereignty " +
				"rules: two uppercase letters, `EU` for the European Union, otherwise a country code as the catalog " +
				"spells it (`US`, `UK`, `JP`). " +
				"Defaults to the catalog's jurisdiction of `location`; for a `geo:` location, which has " +
				"none, it defaults to the empty string, which matches no allowed-jurisdiction set. " +
				"Removing the argument restores the default."},
		{name: "instances", kind: kindInt64, role: roleRequired,
			doc:     "Number of instances serving in the region. Must be at least `1`.",
			missing: "Set the number of instances serving in the region, for example instances = 10."},
		{name: "concurrency", kind: kindInt64, role: roleDefaulted,
			int64Default: int64default.StaticInt64(simulator.DefaultConcurrency),
			doc: "Number of requests one instance serves at once (worker threads, " +
				"connections to a backend). Must be at least `1`; defaults to `1`."},
		{name: "service_time_ms", kind: kindFloat64, role: roleRequired,
			doc:     "Mean time in milliseconds one server takes to serve one request, excluding queueing. Must be greater than `0`.",
			missing: "Set the mean service time in milliseconds, for example service_time_ms = 20."},
		{name: "service_time_distribution", kind: kindString, role: roleDefaulted,
			stringDefault: stringdefault.StaticString(simulator.DistExponential),
			doc: "Distribution of the service time around its mean: `exponential` " +
				"(the M/M/c textbook case), `lognormal` (right-skewed, shaped by " +
				"`service_time_p99_over_p50`, closest to real services) or `deterministic` (every " +
				"request takes exactly `service_time_ms`). Defaults to `exponential`."},
		{name: "service_time_p99_over_p50", kind: kindFloat64, role: roleDefaulted,
			doc: "Shape of a `lognormal` service time: the ratio of its 99th percentile " +
				"to its median. Must be greater than `1`; defaults to `3` when " +
				"`service_time_distribution` is `lognormal`. Setting it with any other distribution is " +
				"an error; with them it is null."},
		{name: "queue_limit", kind: kindInt64, role: roleOptional,
			doc: "Admission control: how many requests may wait for a free server; a " +
				"request that arrives to a full queue is rejected at once and counts as a failure. " +
				"Omitted (null) or `0` means an unbounded queue; the state keeps whichever was written. " +
				"To reject every request that finds all servers busy, use `1`, the smallest bounded queue."},
		{name: "latitude", kind: kindFloat64, role: roleComputed,
			doc: "Latitude of `location` in decimal degrees, resolved from the catalog or the coordinates. Known at plan time."},
		{name: "longitude", kind: kindFloat64, role: roleComputed,
			doc: "Longitude of `location` in decimal degrees, resolved from the catalog or the coordinates. Known at plan time."},
		{name: "capacity_rps", kind: kindFloat64, role: roleComputed,
			doc: "Nominal capacity in requests per second: " +
				"`instances × concurrency × 1000 / service_time_ms`. A region offered more than this " +
				"saturates. Known at plan time whenever its inputs are."},
		pricesSpec(),
		autoscalingSpec(),
	}
}

// RegionResourceAttributes is topology_region's resource schema.
func RegionResourceAttributes() map[string]rschema.Attribute {
	return resourceAttributes(regionsPath, regionSpecs())
}

// regionsAttribute is the simulation's regions: topology_region objects.
func regionsAttribute() dschema.ListNestedAttribute {
	return dschema.ListNestedAttribute{
		Required: true,
		MarkdownDescription: "The serving regions. Assign whole `topology_region` resources, through a local " +
			"value so that the simulation runs at plan time (`regions = local.regions` with " +
			"`locals { regions = [topology_region.use1, topology_region.euw1] }`). Literal objects work too, " +
			"with the same defaults as the resource. At least one region; names must be unique.",
		Validators:   []validator.List{ListRule("regions")},
		NestedObject: nestedAttributes(regionsPath, regionSpecs()),
	}
}

// CheckServiceTimeShape reports service_time_p99_over_p50 set together
// with a distribution it does not shape, which the simulator would
// otherwise ignore. A null distribution is the default, exponential;
// unknown values are checked again once they are known.
func CheckServiceTimeShape(r Region, at func(string) path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.ServiceTimeP99OverP50.IsNull() || r.ServiceTimeP99OverP50.IsUnknown() || r.ServiceTimeDistribution.IsUnknown() {
		return diags
	}
	if dist := stringOr(r.ServiceTimeDistribution, simulator.DistExponential); dist != simulator.DistLognormal {
		diags.AddAttributeError(at("service_time_p99_over_p50"), "Service time shape without a lognormal distribution",
			fmt.Sprintf("service_time_p99_over_p50 (%g) shapes a lognormal service time, but service_time_distribution is %q, "+
				"which it cannot shape. Set service_time_distribution = %q, or remove service_time_p99_over_p50.",
				r.ServiceTimeP99OverP50.ValueFloat64(), dist, simulator.DistLognormal))
	}
	return diags
}

// regionJurisdiction is a region's jurisdiction: as given, or, as
// topology_region defaults it, the catalog's jurisdiction of its location
// (none for coordinates, or for a location that does not parse, which
// Check reports).
func regionJurisdiction(r Region) string {
	if !r.Jurisdiction.IsNull() && !r.Jurisdiction.IsUnknown() {
		return r.Jurisdiction.ValueString()
	}
	loc, err := geo.Parse(r.Location.ValueString())
	if err != nil {
		return ""
	}
	return loc.Jurisdiction
}
