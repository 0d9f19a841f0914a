package provider

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/multiregion/terraform-provider-topology/simulator/geo"
)

// quarterMeridianKm is the great-circle distance from geo:0,0 to geo:0,90, a
// quarter of the Earth's circumference on the 6371 km sphere: a closed form
// the haversine must reproduce.
var quarterMeridianKm = 6371 * math.Pi / 2

// near checks a number to a relative tolerance, for results that go through
// floating-point trigonometry.
func near(want float64) knownvalue.Check {
	return knownvalue.Float64Func(func(got float64) error {
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	})
}

// mustParse resolves a location the tests know to be valid.
func mustParse(t *testing.T, s string) geo.Location {
	t.Helper()
	loc, err := geo.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestAccFunctionRTTMs(t *testing.T) {
	// The estimate for a pair outside the measured table, as the simulator
	// uses it.
	estimate := geo.RoundTrip(mustParse(t, "geo:48.86,2.35"), mustParse(t, "gcp:asia-northeast1")).Ms

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				ExpectError: regexp.MustCompile(`Invalid\s+value\s+for\s+"from"\s+parameter:\s+location\s+"aws:us-nowhere-1"\s+is\s+not\s+in\s+the\s+aws\s+catalog`),
				Config: `
output "rtt" {
  value = provider::topology::rtt_ms("aws:us-nowhere-1", "aws:eu-west-1")
}`,
			},
			{
				ExpectError: regexp.MustCompile(`Invalid\s+value\s+for\s+"to"\s+parameter:\s+location\s+"eu-west-1"\s+is\s+not\s+of\s+the\s+form`),
				Config: `
output "rtt" {
  value = provider::topology::rtt_ms("aws:us-east-1", "eu-west-1")
}`,
			},
			{
				// Measured medians, row = from: the table is not symmetric.
				Config: `
output "use1_to_euw1" {
  value = provider::topology::rtt_ms("aws:us-east-1", "aws:eu-west-1")
}

output "euw1_to_use1" {
  value = provider::topology::rtt_ms("aws:eu-west-1", "aws:us-east-1")
}

output "estimated" {
  value = provider::topology::rtt_ms("geo:48.86,2.35", "gcp:asia-northeast1")
}

output "estimated_above_floor" {
  value = (provider::topology::rtt_ms("geo:48.86,2.35", "gcp:asia-northeast1") >
    provider::topology::rtt_floor_ms("geo:48.86,2.35", "gcp:asia-northeast1"))
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("use1_to_euw1", knownvalue.Float64Exact(70)),
					statecheck.ExpectKnownOutputValue("euw1_to_use1", knownvalue.Float64Exact(69)),
					statecheck.ExpectKnownOutputValue("estimated", near(estimate)),
					statecheck.ExpectKnownOutputValue("estimated_above_floor", knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccFunctionRTTFloorMs(t *testing.T) {
	catalogFloor := geo.FloorRTTMs(mustParse(t, "aws:us-east-1"), mustParse(t, "aws:eu-west-1"))

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				ExpectError: regexp.MustCompile(`Invalid\s+value\s+for\s+"to"\s+parameter:\s+location\s+"geo:0,200"\s+has\s+longitude\s+200\s+outside\s+\[-180,\s+180\]`),
				Config: `
output "floor" {
  value = provider::topology::rtt_floor_ms("geo:0,0", "geo:0,200")
}`,
			},
			{
				Config: `
output "catalog" {
  value = provider::topology::rtt_floor_ms("aws:us-east-1", "aws:eu-west-1")
}

output "quarter_meridian" {
  value = provider::topology::rtt_floor_ms("geo:0,0", "geo:0,90")
}

output "same_place" {
  value = provider::topology::rtt_floor_ms("aws:eu-west-3", "geo:48.86,2.35")
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("catalog", near(catalogFloor)),
					statecheck.ExpectKnownOutputValue("quarter_meridian", near(2*quarterMeridianKm/204)),
					statecheck.ExpectKnownOutputValue("same_place", knownvalue.Float64Exact(0)),
				},
			},
		},
	})
}

func TestAccFunctionDistanceKm(t *testing.T) {
	catalogKm := geo.DistanceKm(mustParse(t, "aws:us-east-1"), mustParse(t, "aws:eu-west-1"))

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				ExpectError: regexp.MustCompile(`Invalid\s+value\s+for\s+"from"\s+parameter:\s+location\s+"geo:48.86"\s+must\s+give\s+latitude\s+and\s+longitude`),
				Config: `
output "distance" {
  value = provider::topology::distance_km("geo:48.86", "aws:eu-west-1")
}`,
			},
			{
				Config: `
output "catalog" {
  value = provider::topology::distance_km("aws:us-east-1", "aws:eu-west-1")
}

output "quarter_meridian" {
  value = provider::topology::distance_km("geo:0,0", "geo:0,90")
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("catalog", near(catalogKm)),
					statecheck.ExpectKnownOutputValue("quarter_meridian", near(quarterMeridianKm)),
				},
			},
		},
	})
}

// TestFunctionRun calls the functions directly, without Terraform, so that
// their results and argument errors are checked on every go test run.
func TestFunctionRun(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		fn       function.Function
		from, to string
		want     float64
		errArg   int64 // index of the argument at fault, -1 for none
	}{
		{"rtt measured", NewRTTMsFunction(), "aws:us-east-1", "aws:eu-west-1", 70, -1},
		{"rtt within region", NewRTTMsFunction(), "aws:us-east-1", "aws:us-east-1", 4, -1},
		{"floor antipodes", NewRTTFloorMsFunction(), "geo:0,0", "geo:0,180", 2 * 2 * quarterMeridianKm / 204, -1},
		{"distance", NewDistanceKmFunction(), "geo:0,0", "geo:0,90", quarterMeridianKm, -1},
		{"bad from", NewDistanceKmFunction(), "aws:nowhere", "geo:0,0", 0, 0},
		{"bad to", NewRTTMsFunction(), "geo:0,0", "geo:95,0", 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			resp := &function.RunResponse{Result: function.NewResultData(types.Float64Unknown())}
			c.fn.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{
				types.StringValue(c.from), types.StringValue(c.to),
			})}, resp)
			if c.errArg >= 0 {
				if resp.Error == nil || resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != c.errArg {
					t.Fatalf("want an error on argument %d, got %v", c.errArg, resp.Error)
				}
				return
			}
			if resp.Error != nil {
				t.Fatalf("unexpected error: %v", resp.Error)
			}
			got, ok := resp.Result.Value().(types.Float64)
			if !ok || math.Abs(got.ValueFloat64()-c.want) > 1e-9*math.Max(1, c.want) {
				t.Errorf("got %v, want %v", resp.Result.Value(), c.want)
			}
		})
	}
}

// TestFunctionDefinitions checks that every function documents itself and
// its parameters, which tfplugindocs turns into the function's page.
func TestFunctionDefinitions(t *testing.T) {
	t.Parallel()
	for _, newFn := range []func() function.Function{NewRTTMsFunction, NewRTTFloorMsFunction, NewDistanceKmFunction} {
		fn := newFn()
		var meta function.MetadataResponse
		fn.Metadata(context.Background(), function.MetadataRequest{}, &meta)
		var def function.DefinitionResponse
		fn.Definition(context.Background(), function.DefinitionRequest{}, &def)
		d := def.Definition
		if d.Summary == "" || d.Description == "" || d.MarkdownDescription == "" {
			t.Errorf("%s: missing summary or description", meta.Name)
		}
		for _, p := range d.Parameters {
			if p.GetDescription() == "" || p.GetMarkdownDescription() == "" {
				t.Errorf("%s: parameter %s has no description", meta.Name, p.GetName())
			}
		}
		var valid function.DefinitionValidateResponse
		d.ValidateImplementation(context.Background(), function.DefinitionValidateRequest{FuncName: meta.Name}, &valid)
		if valid.Diagnostics.HasError() {
			t.Errorf("%s: invalid definition: %v", meta.Name, valid.Diagnostics)
		}
	}
}
