package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

var _ function.Function = (*locationPairFunction)(nil)

// locationPairFunction is a provider function of two locations returning a
// number. The three network functions differ only in their names, texts and
// the geo computation, so they share one implementation and cannot drift
// apart in how they parse or report bad locations.
type locationPairFunction struct {
	name                string
	summary             string
	markdownDescription string
	compute             func(from, to geo.Location) float64
}

// NewRTTMsFunction returns rtt_ms(from, to): the modelled median round-trip
// time between two locations, as the simulator uses it.
func NewRTTMsFunction() function.Function {
	return &locationPairFunction{
		name:    "rtt_ms",
		summary: "Median round-trip time between two locations, in milliseconds",
		markdownDescription: "Returns the median network round-trip time from `from` to `to` in milliseconds, " +
			"exactly as the simulator models it. When both are AWS catalog regions it is the published " +
			"median from the measured inter-region table (row `from`, column `to`); otherwise it is " +
			"estimated from the great-circle distance as the median within-region round trip plus the " +
			"median ratio of measured to fiber-floor round trips times the floor. It is never below " +
			"`rtt_floor_ms(from, to)`.",
		compute: func(from, to geo.Location) float64 { return geo.RoundTrip(from, to).Ms },
	}
}

// NewRTTFloorMsFunction returns rtt_floor_ms(from, to): the physical lower
// bound of a round trip, useful to reject latency targets no design can meet.
func NewRTTFloorMsFunction() function.Function {
	return &locationPairFunction{
		name:    "rtt_floor_ms",
		summary: "Fiber-floor round-trip time between two locations, in milliseconds",
		markdownDescription: "Returns the physical lower bound of a round trip from `from` to `to` in " +
			"milliseconds: twice the great-circle distance at the speed of light in optical fiber " +
			"(204 km/ms, about two thirds of its speed in vacuum). No network path is faster, so a " +
			"latency target below this figure cannot be met by any topology.",
		compute: geo.FloorRTTMs,
	}
}

// NewDistanceKmFunction returns distance_km(from, to): the great-circle
// distance between two locations.
func NewDistanceKmFunction() function.Function {
	return &locationPairFunction{
		name:    "distance_km",
		summary: "Great-circle distance between two locations, in kilometres",
		markdownDescription: "Returns the great-circle (haversine) distance from `from` to `to` in " +
			"kilometres, on a sphere of the Earth's mean radius (6371 km). Catalog regions are placed " +
			"at the coordinates of their metro area.",
		compute: geo.DistanceKm,
	}
}

// Metadata names the function as Terraform calls it: provider::topology::<name>.
func (f *locationPairFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

// Definition declares the two location parameters and the number returned.
func (f *locationPairFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	const accepted = "A catalog code such as `aws:us-east-1`, `gcp:europe-west1` or `azure:westeurope`, " +
		"or coordinates in decimal degrees as `geo:LAT,LON` (for example `geo:48.86,2.35`)."
	// Plain-text descriptions are the Markdown ones without code marks.
	plain := func(markdown string) string { return strings.ReplaceAll(markdown, "`", "") }
	resp.Definition = function.Definition{
		Summary:             f.summary,
		Description:         plain(f.markdownDescription),
		MarkdownDescription: f.markdownDescription,
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "from",
				Description:         plain("Location the measurement starts from. " + accepted),
				MarkdownDescription: "Location the measurement starts from. " + accepted,
			},
			function.StringParameter{
				Name:                "to",
				Description:         plain("Location the measurement ends at. " + accepted),
				MarkdownDescription: "Location the measurement ends at. " + accepted,
			},
		},
		Return: function.Float64Return{},
	}
}

// Run resolves both locations and computes the result. A location that does
// not resolve is reported against its own argument, with geo.Parse's message
// saying what is accepted.
func (f *locationPairFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var from, to string
	resp.Error = req.Arguments.Get(ctx, &from, &to)
	if resp.Error != nil {
		return
	}
	a, err := geo.Parse(from)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	b, err := geo.Parse(to)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(1, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, f.compute(a, b))
}
