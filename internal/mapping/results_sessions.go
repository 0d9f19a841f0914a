package mapping

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// sessionsOutput is what client sessions measured (read_your_writes, or
// origins with sessions); nil (null) without sessions.
type sessionsOutput struct {
	OwnWriteStaleReadRatio   types.Float64  `tfsdk:"own_write_stale_read_ratio"`
	OwnWriteStaleReadRatioCI intervalOutput `tfsdk:"own_write_stale_read_ratio_ci"`
	OwnWriteStaleReads       types.Float64  `tfsdk:"own_write_stale_reads"`
	OwnWriteStaleReadsCI     intervalOutput `tfsdk:"own_write_stale_reads_ci"`
	ForwardedReadRatio       types.Float64  `tfsdk:"forwarded_read_ratio"`
	ForwardedReadRatioCI     intervalOutput `tfsdk:"forwarded_read_ratio_ci"`
}

// sessionsFromReport maps the session figures; nil stays nil.
func sessionsFromReport(f *simulator.SessionFigures) *sessionsOutput {
	if f == nil {
		return nil
	}
	o := &sessionsOutput{}
	o.OwnWriteStaleReadRatio, o.OwnWriteStaleReadRatioCI = estimateOf(f.OwnWriteStaleReadRatio)
	o.OwnWriteStaleReads, o.OwnWriteStaleReadsCI = estimateOf(f.OwnWriteStaleReads)
	o.ForwardedReadRatio, o.ForwardedReadRatioCI = estimateOf(f.ForwardedReadRatio)
	return o
}

// sessionsResultAttribute is the session figures of a scenario or of one
// replica set.
func sessionsResultAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "What the client sessions measured (see the workload origins' `sessions`), over the " +
			"successful reads of the replica sets (strong ones included, as for `stale_read_ratio`). Null when no " +
			"origin has sessions. Every figure has its 95% interval in the `_ci` attribute of the same name.",
		Attributes: withEstimates(map[string]schema.Attribute{}, map[string]string{
			"own_write_stale_read_ratio": "Fraction of reads that returned data older than a write their own session had " +
				"committed: 0 with `read_your_writes`, above 0 with `eventual` when sessions write. The rest of " +
				"`stale_read_ratio` is due to other sessions' writes.",
			"own_write_stale_reads": "Those reads, counted per replication.",
			"forwarded_read_ratio": "Fraction of reads that `read_your_writes` sent to the leader because the local " +
				"replica had not applied the session's write; each pays the round trip to the leader instead of the " +
				"local leg. 0 with other consistencies.",
		}),
	}
}
