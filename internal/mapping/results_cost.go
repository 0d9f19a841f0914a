package mapping

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// costOutput is what a scenario costs (simulator.CostResult); nil (null)
// without prices.
type costOutput struct {
	Currency      types.String       `tfsdk:"currency"`
	WindowHours   types.Float64      `tfsdk:"window_hours"`
	HoursPerMonth types.Float64      `tfsdk:"hours_per_month"`
	PerHour       costBreakdownOut   `tfsdk:"per_hour"`
	PerMonth      costBreakdownOut   `tfsdk:"per_month"`
	Regions       []regionCostOutput `tfsdk:"regions"`
}

// costBreakdownOut is a cost and its components, each with its interval.
type costBreakdownOut struct {
	Total                 types.Float64  `tfsdk:"total"`
	TotalCI               intervalOutput `tfsdk:"total_ci"`
	Compute               types.Float64  `tfsdk:"compute"`
	ComputeCI             intervalOutput `tfsdk:"compute_ci"`
	InterRegionTransfer   types.Float64  `tfsdk:"inter_region_transfer"`
	InterRegionTransferCI intervalOutput `tfsdk:"inter_region_transfer_ci"`
	InternetEgress        types.Float64  `tfsdk:"internet_egress"`
	InternetEgressCI      intervalOutput `tfsdk:"internet_egress_ci"`
	Storage               types.Float64  `tfsdk:"storage"`
	StorageCI             intervalOutput `tfsdk:"storage_ci"`
}

// regionCostOutput is one region's cost and the quantities behind it.
type regionCostOutput struct {
	Region             string           `tfsdk:"region"`
	InstanceHours      types.Float64    `tfsdk:"instance_hours"`
	InterRegionGB      types.Float64    `tfsdk:"inter_region_gb"`
	InterRegionGBCI    intervalOutput   `tfsdk:"inter_region_gb_ci"`
	InternetEgressGB   types.Float64    `tfsdk:"internet_egress_gb"`
	InternetEgressGBCI intervalOutput   `tfsdk:"internet_egress_gb_ci"`
	IngressGB          types.Float64    `tfsdk:"ingress_gb"`
	IngressGBCI        intervalOutput   `tfsdk:"ingress_gb_ci"`
	StorageGB          types.Float64    `tfsdk:"storage_gb"`
	PerHour            costBreakdownOut `tfsdk:"per_hour"`
}

// costFromReport maps a scenario's cost; nil stays nil.
func costFromReport(c *simulator.CostResult) *costOutput {
	if c == nil {
		return nil
	}
	out := &costOutput{
		Currency:      stringOrNull(c.Currency),
		WindowHours:   float64OrNull(c.WindowHours),
		HoursPerMonth: float64OrNull(c.HoursPerMonth),
		PerHour:       breakdownOf(c.PerHour),
		PerMonth:      breakdownOf(c.PerMonth),
		Regions:       make([]regionCostOutput, len(c.Regions)),
	}
	for i, r := range c.Regions {
		o := regionCostOutput{Region: r.Region, InstanceHours: float64OrNull(r.InstanceHours),
			StorageGB: float64OrNull(r.StorageGB), PerHour: breakdownOf(r.PerHour)}
		o.InterRegionGB, o.InterRegionGBCI = estimateOf(r.InterRegionGB)
		o.InternetEgressGB, o.InternetEgressGBCI = estimateOf(r.InternetEgressGB)
		o.IngressGB, o.IngressGBCI = estimateOf(r.IngressGB)
		out.Regions[i] = o
	}
	return out
}

func breakdownOf(b simulator.CostBreakdown) costBreakdownOut {
	var o costBreakdownOut
	o.Total, o.TotalCI = estimateOf(b.Total)
	o.Compute, o.ComputeCI = estimateOf(b.Compute)
	o.InterRegionTransfer, o.InterRegionTransferCI = estimateOf(b.InterRegionTransfer)
	o.InternetEgress, o.InternetEgressCI = estimateOf(b.InternetEgress)
	o.Storage, o.StorageCI = estimateOf(b.Storage)
	return o
}

// costBreakdownAttribute is a cost and its components; per says over
// what ("hour", "month").
func costBreakdownAttribute(per string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: "Cost per " + per + ", in the prices' cost unit, and its components; each has its 95% interval in the `_ci` attribute of the same name.",
		Attributes: withEstimates(map[string]schema.Attribute{}, map[string]string{
			"total":                 "The sum of the components, `max_cost_per_hour`'s figure (per hour).",
			"compute":               "Instance-hours × `prices.instance_hour`.",
			"inter_region_transfer": "GB sent between regions × the sending region's `prices.transfer_out_gb`.",
			"internet_egress":       "GB sent to clients × the serving region's `prices.internet_egress_gb`.",
			"storage":               "GB stored per replica × `prices.storage_gb_month`, pro rata (a month is 730 hours).",
		}),
	}
}

// costResultAttribute is a scenario's cost figures.
func costResultAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "What the scenario costs from the regions' `prices`: null without prices (never a 0 " +
			"that would read as free). Transfer counts the bytes of the measured requests (`request_bytes`, " +
			"`response_bytes`, `record_bytes`), so it varies across replications; compute and storage do not. " +
			"A GB is 2^30 bytes, a month 730 hours.",
		Attributes: map[string]schema.Attribute{
			"currency":        computedString("The cost unit's label (`prices.currency`); null when none was given."),
			"window_hours":    computedFloat64("The measured window of one replication (duration minus warm-up), in hours."),
			"hours_per_month": computedFloat64("The hours in a month, `730`."),
			"per_hour":        costBreakdownAttribute("hour"),
			"per_month":       costBreakdownAttribute("month (per hour × 730)"),
			"regions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Each region's share and the quantities behind it, over one replication's measured window.",
				NestedObject: schema.NestedAttributeObject{Attributes: withEstimates(map[string]schema.Attribute{
					"region":         computedString("The region's name."),
					"instance_hours": computedFloat64("Instance-hours provisioned over the measured window (a `capacity_loss` does not reduce them; with `autoscaling`, the integral of the instances provisioned, warming and draining ones included, mean over replications)."),
					"storage_gb":     computedFloat64("GB stored by the region's replicas."),
					"per_hour":       costBreakdownAttribute("hour"),
				}, map[string]string{
					"inter_region_gb":    "GB the region sent to other regions.",
					"internet_egress_gb": "GB the region sent to clients.",
					"ingress_gb":         "GB clients sent to the region (not priced).",
				})},
			},
		},
	}
}
