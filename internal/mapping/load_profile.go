package mapping

// Load profiles: the declaration of workload.origins[].load_profile and
// workload.start_hour_utc, their typed input and their mapping to the
// model (simulator/model_load.go holds the rules and the meaning).

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multiregion/terraform-provider-topology/simulator"
)

// LoadProfileInput is an origin's load over time.
type LoadProfileInput struct {
	Diurnal *DiurnalLoadInput `tfsdk:"diurnal"`
	Steps   []LoadStepInput   `tfsdk:"steps"`
}

// DiurnalLoadInput is a profile's daily curve.
type DiurnalLoadInput struct {
	PeakMultiplier   types.Float64 `tfsdk:"peak_multiplier"`
	TroughMultiplier types.Float64 `tfsdk:"trough_multiplier"`
	PeakHourUTC      types.Float64 `tfsdk:"peak_hour_utc"`
}

// LoadStepInput is one step of a campaign.
type LoadStepInput struct {
	AtS        types.Float64 `tfsdk:"at_s"`
	Multiplier types.Float64 `tfsdk:"multiplier"`
	RampS      types.Float64 `tfsdk:"ramp_s"`
}

// loadProfileOf maps an origin's profile; none is nil (a constant rate).
// A list of steps given empty stays empty, so that Check refuses it.
func loadProfileOf(in *LoadProfileInput) *simulator.LoadProfile {
	if in == nil {
		return nil
	}
	out := &simulator.LoadProfile{}
	if d := in.Diurnal; d != nil {
		out.Diurnal = &simulator.DiurnalLoad{
			PeakMultiplier:   d.PeakMultiplier.ValueFloat64(),
			TroughMultiplier: d.TroughMultiplier.ValueFloat64(),
			PeakHourUTC:      d.PeakHourUTC.ValueFloat64(),
		}
	}
	if in.Steps != nil {
		out.Steps = make([]simulator.LoadStep, len(in.Steps))
		for i, s := range in.Steps {
			out.Steps[i] = simulator.LoadStep{
				AtS:        s.AtS.ValueFloat64(),
				Multiplier: s.Multiplier.ValueFloat64(),
				RampS:      s.RampS.ValueFloat64(), // null is 0, a sudden step
			}
		}
	}
	return out
}

// startHourAttribute declares workload.start_hour_utc.
func startHourAttribute() schema.Float64Attribute {
	return schema.Float64Attribute{
		Optional: true,
		MarkdownDescription: "UTC hour of day at which the simulated clock starts, from `0` to `24` (fractions are " +
			"minutes: `13.5` is 13:30): the clock of every origin's `load_profile.diurnal`. Defaults to `0`, midnight.",
		Validators: []validator.Float64{Float64Rule("workload.start_hour_utc")},
	}
}

// loadProfileAttribute declares workload.origins[].load_profile.
func loadProfileAttribute() schema.SingleNestedAttribute {
	rule := func(field string) string { return "workload.origins[].load_profile." + field }
	number := func(field, what string) schema.Float64Attribute {
		return schema.Float64Attribute{
			Optional:            true, // Required where RequiredAttributes says so.
			MarkdownDescription: what,
			Validators:          []validator.Float64{Float64Rule(rule(field))},
		}
	}
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "The origin's load over time: its rate at `t` seconds into the run is `rps` times the " +
			"`diurnal` factor times the `steps` factor, and its arrivals are a non-homogeneous Poisson process of " +
			"that rate (drawn exactly, by thinning). `rps` is then the base rate the multipliers scale. A " +
			"`traffic_surge` multiplies the profiled rate; operations and sessions of the origin follow it. The " +
			"static checks plan capacity, headroom and utilization for the peak rate over the run, refuse an " +
			"unbounded region whose mean rate over the run reaches its capacity, and count the rate's integral " +
			"against `max_simulated_requests`; `results[*].timeline[*].offered_rps` shows the rate. Set " +
			"`diurnal`, `steps` or both.",
		Attributes: map[string]schema.Attribute{
			"diurnal": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "A daily cycle: a raised cosine of period 24 hours, " +
					"`trough + (peak - trough) x (1 + cos(2 pi (h - peak_hour_utc) / 24)) / 2` at UTC hour `h` " +
					"(`workload.start_hour_utc` plus the simulated hours), from `trough_multiplier` twelve hours from " +
					"the peak to `peak_multiplier` at `peak_hour_utc`; its mean over a day is `(peak + trough) / 2`.",
				Validators: []validator.Object{RequiredAttributes(map[string]string{
					"peak_multiplier":   "Set the factor on rps at the daily peak, for example peak_multiplier = 2.",
					"trough_multiplier": "Set the factor on rps at the daily trough, for example trough_multiplier = 0.3.",
					"peak_hour_utc":     "Set the UTC hour of the peak, for example peak_hour_utc = 14.",
				})},
				Attributes: map[string]schema.Attribute{
					"peak_multiplier": number("diurnal.peak_multiplier", requiredMark+fmt.Sprintf("Factor on `rps` at "+
						"the peak; at least `trough_multiplier`, at most `%g`.", simulator.MaxLoadMultiplier)),
					"trough_multiplier": number("diurnal.trough_multiplier", requiredMark+fmt.Sprintf("Factor on "+
						"`rps` at the trough; greater than `0`, at most `%g`.", simulator.MaxLoadMultiplier)),
					"peak_hour_utc": number("diurnal.peak_hour_utc", requiredMark+"UTC hour of day of the peak, "+
						"from `0` to `24`."),
				},
			},
			"steps": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("A campaign: from `at_s`, the factor moves linearly from the one "+
					"held before (`1` before the first step) to the step's `multiplier` over `ramp_s` seconds, then "+
					"holds until the next step. Steps are in time order, each starting once the previous ramp is "+
					"over, and before `duration_s`. From 1 to %d steps.", simulator.MaxLoadSteps),
				Validators: []validator.List{ListRule(rule("steps"))},
				NestedObject: schema.NestedAttributeObject{
					Validators: []validator.Object{RequiredAttributes(map[string]string{
						"at_s":       "Set when the step starts, in seconds into the run, for example at_s = 600.",
						"multiplier": "Set the factor on rps the step moves to, for example multiplier = 3.",
					})},
					Attributes: map[string]schema.Attribute{
						"at_s": number("steps[].at_s", requiredMark+"Start of the step, in seconds into the run; "+
							"at least `0`."),
						"multiplier": number("steps[].multiplier", requiredMark+fmt.Sprintf("Factor on `rps` the "+
							"step moves to; greater than `0`, at most `%g`.", simulator.MaxLoadMultiplier)),
						"ramp_s": number("steps[].ramp_s", "Seconds over which the factor moves linearly to "+
							"`multiplier`; `0` (the default) is a sudden step."),
					},
				},
			},
		},
	}
}
