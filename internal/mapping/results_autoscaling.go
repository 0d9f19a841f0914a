package mapping

// The autoscaling results (simulator/aggregate_autoscaling.go): each
// point's instances, the scale events and each autoscaled region's
// summary; null without autoscaling.

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

type timelineInstancesOutput struct {
	Region      string        `tfsdk:"region"`
	Provisioned types.Float64 `tfsdk:"provisioned"`
	Serving     types.Float64 `tfsdk:"serving"`
}

type scaleEventOutput struct {
	TS     types.Float64 `tfsdk:"t_s"`
	Region string        `tfsdk:"region"`
	From   int64         `tfsdk:"from"`
	To     int64         `tfsdk:"to"`
	Reason string        `tfsdk:"reason"`
}

type regionAutoscalingOutput struct {
	ScaleOuts       types.Float64  `tfsdk:"scale_outs"`
	ScaleOutsCI     intervalOutput `tfsdk:"scale_outs_ci"`
	ScaleIns        types.Float64  `tfsdk:"scale_ins"`
	ScaleInsCI      intervalOutput `tfsdk:"scale_ins_ci"`
	MeanInstances   types.Float64  `tfsdk:"mean_instances"`
	MeanInstancesCI intervalOutput `tfsdk:"mean_instances_ci"`
	PeakInstances   int64          `tfsdk:"peak_instances"`
}

// timelineInstancesOf is a point's instances; nil (null) without
// autoscaling.
func timelineInstancesOf(p simulator.TimelinePoint) []timelineInstancesOutput {
	if p.Instances == nil {
		return nil
	}
	out := make([]timelineInstancesOutput, len(p.Instances))
	for i, x := range p.Instances {
		out[i] = timelineInstancesOutput{Region: x.Region, Provisioned: float64OrNull(x.Provisioned), Serving: float64OrNull(x.Serving)}
	}
	return out
}

// scaleEventsOf is the scenario's scale events; nil (null) without
// autoscaling.
func scaleEventsOf(es []simulator.ScaleEvent) []scaleEventOutput {
	if es == nil {
		return nil
	}
	out := make([]scaleEventOutput, len(es))
	for i, e := range es {
		out[i] = scaleEventOutput{TS: float64OrNull(e.TimeS), Region: e.Region, From: int64(e.From), To: int64(e.To), Reason: e.Reason}
	}
	return out
}

// regionAutoscalingOf is a region's autoscaling summary; nil without.
func regionAutoscalingOf(a *simulator.AutoscalingResult) *regionAutoscalingOutput {
	if a == nil {
		return nil
	}
	out := &regionAutoscalingOutput{PeakInstances: int64(a.PeakInstances)}
	out.ScaleOuts, out.ScaleOutsCI = estimateOf(a.ScaleOuts)
	out.ScaleIns, out.ScaleInsCI = estimateOf(a.ScaleIns)
	out.MeanInstances, out.MeanInstancesCI = estimateOf(a.MeanInstances)
	return out
}

// timelineInstancesAttribute is a timeline point's instances.
func timelineInstancesAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "When some region has `autoscaling`: every region's instances at the step's start, in " +
			"the order of `regions`, means over replications (a fixed region's `instances`); null without " +
			"autoscaling. For example `[for p in results[0].timeline : p.instances[0].serving]`.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"region":      computedString("Region name."),
			"provisioned": computedFloat64("Instances provisioned (paid): serving, warming up and draining."),
			"serving":     computedFloat64("Instances taking work."),
		}},
	}
}

// scaleEventsAttribute is a scenario's scale events.
func scaleEventsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "The autoscalers' decisions in the scenario's first replication, in time order; null " +
			"without autoscaling. Added instances serve from `t_s + warmup_s`; removed ones drain from `t_s`.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"t_s":    computedFloat64("Time of the decision, in seconds from the start of the run."),
			"region": computedString("Region name."),
			"from":   computedInt64("Desired instances (serving and warming) before the decision."),
			"to":     computedInt64("Desired instances after it."),
			"reason": computedString("The signal measured over the interval against its target and tolerance."),
		}},
	}
}

// regionAutoscalingAttribute is an autoscaled region's summary.
func regionAutoscalingAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "What the region's autoscaler did; null without `autoscaling`. Counts are per " +
			"replication, with 95% intervals in the `_ci` attributes.",
		Attributes: withEstimates(map[string]schema.Attribute{
			"peak_instances": computedInt64("Most instances provisioned at once in any replication (warming and draining included)."),
		}, map[string]string{
			"scale_outs":     "Scale-out decisions per replication.",
			"scale_ins":      "Scale-in decisions per replication.",
			"mean_instances": "Time-average of the instances provisioned over the measured window (instance-hours / window hours).",
		}),
	}
}
