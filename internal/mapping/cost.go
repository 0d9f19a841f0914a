package mapping

// Cost: the declaration of a region's prices, the request and response
// sizes of origins and operations, a replica set's storage and record
// size, the sla.max_cost_per_hour target, and their mapping to the model
// (simulator/model_cost.go holds the rules and the meaning).

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// Descriptions of the cost arguments, shared by the resources and the
// simulation's nested objects.
const (
	DescPrices = "Prices of the region for the cost figures (`results[*].cost`), in your own cost unit: there is " +
		"no price catalog. Every price is required once `prices` is set (`0` when that item is free), and every " +
		"region must have prices or none, so that a forgotten one never reads as free. A GB is 2^30 bytes and a " +
		"month is 730 hours. Without prices there are no cost figures (null)."
	descCurrency = "Label of the cost unit, for example `USD`: 1 to 16 letters, digits, dashes or underscores. " +
		"Every region's must be the same; no conversion is made."
	descInstanceHour = "**Required.** Price of one instance for one hour. Instances are billed as provisioned: " +
		"a `capacity_loss` fault does not reduce them. At least `0`."
	descTransferOut = "**Required.** Price of one GB sent from this region to another region: data operations " +
		"to a replica elsewhere and their answers, and replication to the other replicas. At least `0`."
	descEgress = "**Required.** Price of one GB sent from this region to clients (responses). What clients send " +
		"in is counted (`ingress_gb`) but not priced. At least `0`."
	descStorage = "**Required.** Price of one GB stored for one month, per replica (`storage_gb` of the " +
		"replica sets with a replica here). At least `0`."
	DescRSStorageGB = "Data one replica stores, in GB (2^30 bytes), priced by each replica region's " +
		"`prices.storage_gb_month`. Omitted means no storage is priced (a warning when storage has a price)."
	DescRSRecordBytes = "Bytes one write sends to each other replica, counted as transfer between regions. " +
		"Defaults to the write's `request_bytes`. From `0` to `1073741824`."
)

// pricesSpec declares topology_region's prices.
func pricesSpec() attrSpec {
	return attrSpec{name: "prices", kind: kindObject, role: roleOptional, doc: DescPrices, attrs: []attrSpec{
		{name: "currency", kind: kindString, role: roleOptional, doc: descCurrency},
		{name: "instance_hour", kind: kindFloat64, role: roleRequired, doc: descInstanceHour,
			missing: "Set the price of one instance-hour, for example instance_hour = 0.192, or 0 if it is free."},
		{name: "transfer_out_gb", kind: kindFloat64, role: roleRequired, doc: descTransferOut,
			missing: "Set the price of one GB sent to another region, for example transfer_out_gb = 0.02, or 0 if it is free."},
		{name: "internet_egress_gb", kind: kindFloat64, role: roleRequired, doc: descEgress,
			missing: "Set the price of one GB sent to clients, for example internet_egress_gb = 0.09, or 0 if it is free."},
		{name: "storage_gb_month", kind: kindFloat64, role: roleRequired, doc: descStorage,
			missing: "Set the price of one GB-month of storage, for example storage_gb_month = 0.10, or 0 if it is free."},
	}}
}

// PricesAttrTypes are the attribute types of a region's prices.
var PricesAttrTypes = objectAttrTypes(regionSpecs(), "prices")

// pricesOf maps a region's prices; nil when null or unknown (the
// simulation then runs once they are known).
func pricesOf(o types.Object) *simulator.RegionPrices {
	if o.IsNull() || o.IsUnknown() {
		return nil
	}
	p := &simulator.RegionPrices{
		InstanceHour:     float64Ptr(Float64Attr(o, "instance_hour", PricesAttrTypes)),
		TransferOutGB:    float64Ptr(Float64Attr(o, "transfer_out_gb", PricesAttrTypes)),
		InternetEgressGB: float64Ptr(Float64Attr(o, "internet_egress_gb", PricesAttrTypes)),
		StorageGBMonth:   float64Ptr(Float64Attr(o, "storage_gb_month", PricesAttrTypes)),
	}
	if v, ok := objectAttr(o, "currency", PricesAttrTypes); ok {
		if s, isString := v.(types.String); isString && !s.IsNull() && !s.IsUnknown() {
			p.Currency = s.ValueString()
		}
	}
	return p
}

// int64Ptr maps null (or unknown) to nil, which the simulator reads as
// "not set".
func int64Ptr(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	x := v.ValueInt64()
	return &x
}

// sizeAttribute declares a request or response size of an origin or an
// operation; rule is its model path.
func sizeAttribute(rule, doc string) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, MarkdownDescription: doc, Validators: []validator.Int64{Int64Rule(rule)}}
}

// originSizeAttributes are the size arguments of an origin (operation
// false) or of an operation, which override its origin's.
func originSizeAttributes(operation bool) map[string]schema.Attribute {
	prefix, scope := "workload.origins[].", "origin's requests"
	suffix := " With prices, a missing size counts 0 bytes: a warning, and an error with `sla.max_cost_per_hour`."
	if operation {
		prefix, scope = "workload.origins[].operations[].", "operation's requests"
		suffix = " Overrides the origin's for this operation."
	}
	return map[string]schema.Attribute{
		"request_bytes": sizeAttribute(prefix+"request_bytes", "Bytes of one of the "+scope+", for the cost of "+
			"transfer: sent from the client to the region and, for a data operation on a replica in another region, "+
			"between the regions (a write's also to each other replica, unless the replica set sets `record_bytes`). "+
			"From `0` to `1073741824`."+suffix),
		"response_bytes": sizeAttribute(prefix+"response_bytes", "Bytes of the response to one of the "+scope+", "+
			"for the cost of transfer: sent from the replica back to the serving region when they differ, and from "+
			"the serving region to the client (internet egress). From `0` to `1073741824`."+suffix),
	}
}

// maxCostPerHourTarget declares sla.max_cost_per_hour.
func maxCostPerHourTarget() schema.Float64Attribute {
	return schema.Float64Attribute{
		Optional: true,
		MarkdownDescription: "Upper bound on each scenario's cost per hour (`results[*].cost.per_hour`), in the " +
			"regions' cost unit, judged on its 95% interval like every clause. Needs `prices` on the regions. At least `0`.",
		Validators: []validator.Float64{Float64Rule("sla.max_cost_per_hour")},
	}
}
