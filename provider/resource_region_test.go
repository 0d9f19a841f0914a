package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const testRegionAddress = "topology_region.test"

// expectKnownAtPlan checks planned attribute values, which the simulation
// data source relies on: they must be known before apply, not only after.
func expectKnownAtPlan(values map[string]knownvalue.Check) []plancheck.PlanCheck {
	checks := make([]plancheck.PlanCheck, 0, len(values))
	for _, name := range mapping.SortedKeys(values) {
		checks = append(checks, plancheck.ExpectKnownValue(testRegionAddress, tfjsonpath.New(name), values[name]))
	}
	return checks
}

// expectState checks attribute values in state.
func expectState(values map[string]knownvalue.Check) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, len(values))
	for _, name := range mapping.SortedKeys(values) {
		checks = append(checks, statecheck.ExpectKnownValue(testRegionAddress, tfjsonpath.New(name), values[name]))
	}
	return checks
}

func TestAccRegionResource_lifecycle(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Create: every computed attribute is known in the plan.
			{
				Config: `
resource "topology_region" "test" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 10
  concurrency     = 8
  service_time_ms = 20
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(expectKnownAtPlan(map[string]knownvalue.Check{
						"id":           knownvalue.StringExact("us-east-1"),
						"latitude":     knownvalue.Float64Exact(39.04),
						"longitude":    knownvalue.Float64Exact(-77.49),
						"jurisdiction": knownvalue.StringExact("US"),
						"capacity_rps": knownvalue.Float64Exact(4000),
					}), plancheck.ExpectResourceAction(testRegionAddress, plancheck.ResourceActionCreate)),
				},
				ConfigStateChecks: expectState(map[string]knownvalue.Check{
					"id":                        knownvalue.StringExact("us-east-1"),
					"concurrency":               knownvalue.Int64Exact(8),
					"service_time_distribution": knownvalue.StringExact("exponential"),
					"service_time_p99_over_p50": knownvalue.Null(),
					"queue_limit":               knownvalue.Null(),
					"capacity_rps":              knownvalue.Float64Exact(4000),
				}),
			},
			// More instances: an in-place update whose new capacity shows in
			// the plan.
			{
				Config: `
resource "topology_region" "test" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 25
  concurrency     = 8
  service_time_ms = 20
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(expectKnownAtPlan(map[string]knownvalue.Check{
						"capacity_rps": knownvalue.Float64Exact(10000),
					}), plancheck.ExpectResourceAction(testRegionAddress, plancheck.ResourceActionUpdate)),
				},
				ConfigStateChecks: expectState(map[string]knownvalue.Check{
					"instances":    knownvalue.Int64Exact(25),
					"capacity_rps": knownvalue.Float64Exact(10000),
				}),
			},
			// The import ID carries the arguments; the imported state must
			// equal the applied one.
			{
				ResourceName:      testRegionAddress,
				ImportState:       true,
				ImportStateId:     "name=us-east-1,location=aws:us-east-1,instances=25,concurrency=8,service_time_ms=20",
				ImportStateVerify: true,
			},
			// Moving to coordinates: in place, new coordinates known at plan,
			// and no catalog jurisdiction to default to.
			{
				Config: `
resource "topology_region" "test" {
  name            = "us-east-1"
  location        = "geo:40.71,-74.01"
  instances       = 25
  concurrency     = 8
  service_time_ms = 20
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(expectKnownAtPlan(map[string]knownvalue.Check{
						"latitude":     knownvalue.Float64Exact(40.71),
						"longitude":    knownvalue.Float64Exact(-74.01),
						"jurisdiction": knownvalue.StringExact(""),
					}), plancheck.ExpectResourceAction(testRegionAddress, plancheck.ResourceActionUpdate)),
				},
			},
			// A rename is a different region: replace.
			{
				Config: `
resource "topology_region" "test" {
  name            = "us-east-2"
  location        = "aws:us-east-2"
  instances       = 25
  concurrency     = 8
  service_time_ms = 20
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(expectKnownAtPlan(map[string]knownvalue.Check{
						"id": knownvalue.StringExact("us-east-2"),
					}), plancheck.ExpectResourceAction(testRegionAddress, plancheck.ResourceActionReplace)),
				},
				ConfigStateChecks: expectState(map[string]knownvalue.Check{
					"id":   knownvalue.StringExact("us-east-2"),
					"name": knownvalue.StringExact("us-east-2"),
				}),
			},
		},
	})
}

func TestAccRegionResource_lognormalAndOverrides(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// A lognormal service time without a shape gets the default 3.
			{
				Config: `
resource "topology_region" "test" {
  name                      = "paris"
  location                  = "geo:48.86,2.35"
  jurisdiction              = "EU"
  instances                 = 4
  service_time_ms           = 12.5
  service_time_distribution = "lognormal"
  queue_limit               = 0
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: expectKnownAtPlan(map[string]knownvalue.Check{
						"service_time_p99_over_p50": knownvalue.Float64Exact(3),
						"capacity_rps":              knownvalue.Float64Exact(320),
						"jurisdiction":              knownvalue.StringExact("EU"),
					}),
				},
				ConfigStateChecks: expectState(map[string]knownvalue.Check{
					"concurrency": knownvalue.Int64Exact(1),
					"queue_limit": knownvalue.Int64Exact(0),
				}),
			},
			// An explicit shape, a bounded queue, and no jurisdiction: it
			// falls back to the default, which coordinates do not have.
			{
				Config: `
resource "topology_region" "test" {
  name                      = "paris"
  location                  = "geo:48.86,2.35"
  instances                 = 4
  service_time_ms           = 12.5
  service_time_distribution = "lognormal"
  service_time_p99_over_p50 = 5
  queue_limit               = 200
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(expectKnownAtPlan(map[string]knownvalue.Check{
						"service_time_p99_over_p50": knownvalue.Float64Exact(5),
						"jurisdiction":              knownvalue.StringExact(""),
					}), plancheck.ExpectResourceAction(testRegionAddress, plancheck.ResourceActionUpdate)),
				},
			},
			{
				ResourceName:      testRegionAddress,
				ImportState:       true,
				ImportStateId:     "name=paris,location=geo:48.86,2.35,instances=4,service_time_ms=12.5,service_time_distribution=lognormal,service_time_p99_over_p50=5,queue_limit=200",
				ImportStateVerify: true,
			},
			{
				ResourceName:  testRegionAddress,
				ImportState:   true,
				ImportStateId: "name=paris,location=geo:48.86,2.35,instances=0,service_time_ms=12.5",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*instances\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`),
			},
			{
				ResourceName:  testRegionAddress,
				ImportState:   true,
				ImportStateId: "paris",
				ExpectError:   regexp.MustCompile(`"paris"\s+is\s+not\s+a\s+key=value\s+pair`),
			},
			// Back to exponential without a shape: the shape becomes null.
			{
				Config: `
resource "topology_region" "test" {
  name            = "paris"
  location        = "azure:westeurope"
  instances       = 4
  service_time_ms = 12.5
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: expectKnownAtPlan(map[string]knownvalue.Check{
						"service_time_p99_over_p50": knownvalue.Null(),
						"service_time_distribution": knownvalue.StringExact("exponential"),
						"jurisdiction":              knownvalue.StringExact("EU"),
						"queue_limit":               knownvalue.Null(),
					}),
				},
			},
		},
	})
}

// TestAccRegionResource_validation holds one failing step per validation
// rule, each matched on the part of the message that says what is wrong.
func TestAccRegionResource_validation(t *testing.T) {
	// regionConfig returns a valid region with the given arguments replaced
	// or added.
	regionConfig := func(overrides string) string {
		args := map[string]string{
			"name":            `"validation"`,
			"location":        `"aws:eu-west-1"`,
			"instances":       "2",
			"service_time_ms": "10",
		}
		for _, line := range strings.Split(strings.TrimSpace(overrides), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				args[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		var b strings.Builder
		b.WriteString("resource \"topology_region\" \"test\" {\n")
		for _, k := range mapping.SortedKeys(args) {
			fmt.Fprintf(&b, "  %s = %s\n", k, args[k])
		}
		b.WriteString("}\n")
		return b.String()
	}

	cases := []struct {
		overrides string
		err       string
	}{
		{`location = "aws:us-nowhere-1"`, `"aws:us-nowhere-1"\s+is\s+not\s+in\s+the\s+aws\s+catalog;\s+known\s+aws\s+regions:`},
		{`location = "mars:olympus"`, `unknown\s+provider\s+"mars"`},
		{`location = "geo:91,0"`, `latitude\s+91\s+outside\s+\[-90,\s+90\]`},
		{`location = "geo:0,181"`, `longitude\s+181\s+outside\s+\[-180,\s+180\]`},
		{`location = "geo:north,west"`, `must\s+give\s+latitude\s+and\s+longitude\s+as\s+decimal\s+degrees`},
		{`instances = 0`, `instances\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`},
		{`instances = -3`, `instances\s+must\s+be\s+at\s+least\s+1,\s+got\s+-3`},
		{`concurrency = 0`, `concurrency\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`},
		{`service_time_ms = 0`, `service_time_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{`service_time_ms = -5`, `service_time_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+-5`},
		{`service_time_distribution = "gamma"`, `(?s)service_time_distribution\s+value\s+must\s+be\s+one\s+of:.*got:\s+"gamma"`},
		{`service_time_p99_over_p50 = 4`, `service_time_p99_over_p50\s+\(4\)\s+shapes\s+a\s+lognormal\s+service\s+time,\s+but\s+service_time_distribution\s+is\s+"exponential"`},
		{"service_time_distribution = \"deterministic\"\nservice_time_p99_over_p50 = 4", `service_time_distribution\s+is\s+"deterministic"`},
		{"service_time_distribution = \"lognormal\"\nservice_time_p99_over_p50 = 0.5", `service_time_p99_over_p50\s+must\s+be\s+greater\s+than\s+1,\s+got\s+0.5`},
		{`queue_limit = -1`, `queue_limit\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
		{`name = "US_East"`, `name\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{`name = "-edge"`, `name\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{`jurisdiction = "eu"`, `jurisdiction\s+must\s+be\s+two\s+uppercase\s+letters`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      regionConfig(c.overrides),
			ExpectError: regexp.MustCompile(c.err),
		})
	}
	// The last step is valid, so the test also proves the base config is.
	steps = append(steps, resource.TestStep{Config: regionConfig("")})

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccRegionResource_knownFromReferences checks that a region built from
// another region's attributes is still fully known at plan time on create.
func TestAccRegionResource_knownFromReferences(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "topology_region" "primary" {
  name            = "eu-west-1"
  location        = "aws:eu-west-1"
  instances       = 6
  concurrency     = 4
  service_time_ms = 8
}

resource "topology_region" "test" {
  name            = "eu-west-1-standby"
  location        = topology_region.primary.location
  instances       = topology_region.primary.instances / 2
  concurrency     = topology_region.primary.concurrency
  service_time_ms = topology_region.primary.service_time_ms
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: expectKnownAtPlan(map[string]knownvalue.Check{
						"capacity_rps": knownvalue.Float64Exact(1500),
						"latitude":     knownvalue.Float64Exact(53.35),
						"jurisdiction": knownvalue.StringExact("EU"),
					}),
				},
			},
		},
	})
}

func TestRegionImportID(t *testing.T) {
	t.Parallel()
	m, diags := parseRegionImportID("name=paris, location=geo:48.86, 2.35,instances=3,service_time_ms=7.5,queue_limit=0")
	if diags.HasError() {
		t.Fatalf("unexpected error: %v", diags)
	}
	want := regionResourceModel{
		Name:                    types.StringValue("paris"),
		Location:                types.StringValue("geo:48.86,2.35"),
		Jurisdiction:            types.StringNull(),
		Instances:               types.Int64Value(3),
		Concurrency:             types.Int64Value(1),
		ServiceTimeMs:           types.Float64Value(7.5),
		ServiceTimeDistribution: types.StringValue("exponential"),
		ServiceTimeP99OverP50:   types.Float64Null(),
		QueueLimit:              types.Int64Value(0),
	}
	got := []attr.Value{m.Name, m.Location, m.Jurisdiction, m.Instances, m.Concurrency, m.ServiceTimeMs,
		m.ServiceTimeDistribution, m.ServiceTimeP99OverP50, m.QueueLimit}
	for i, w := range []attr.Value{want.Name, want.Location, want.Jurisdiction, want.Instances, want.Concurrency,
		want.ServiceTimeMs, want.ServiceTimeDistribution, want.ServiceTimeP99OverP50, want.QueueLimit} {
		if !got[i].Equal(w) {
			t.Errorf("got %+v, want %+v", m, want)
			break
		}
	}
}

func TestRegionImportID_errors(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		id   string
		want string
	}{
		"empty":              {"", `"" is not a key=value pair`},
		"bare value":         {"us-east-1", `"us-east-1" is not a key=value pair`},
		"unknown key":        {"name=a,location=aws:us-east-1,instances=1,service_time_ms=2,zone=b", `unknown key "zone"`},
		"duplicate key":      {"name=a,name=b,location=aws:us-east-1,instances=1,service_time_ms=2", `key "name" is given more than once`},
		"missing keys":       {"name=a,location=aws:us-east-1", `missing required key(s): instances, service_time_ms`},
		"integer":            {"name=a,location=aws:us-east-1,instances=ten,service_time_ms=2", `instances=ten is not a whole number`},
		"float":              {"name=a,location=aws:us-east-1,instances=1,service_time_ms=fast", `service_time_ms=fast is not a finite number`},
		"shape without dist": {"name=a,location=aws:us-east-1,instances=1,service_time_ms=2,service_time_p99_over_p50=3", `service_time_distribution is "exponential"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, diags := parseRegionImportID(c.id)
			if !diags.HasError() {
				t.Fatalf("parseRegionImportID(%q) succeeded, want an error containing %q", c.id, c.want)
			}
			detail := diags.Errors()[0].Detail()
			if !strings.Contains(detail, c.want) || !strings.Contains(detail, regionImportExample) {
				t.Errorf("error %q does not contain %q and the example ID", detail, c.want)
			}
		})
	}
}

func TestRegionResolve(t *testing.T) {
	t.Parallel()
	m := regionResourceModel{
		Name:                    types.StringValue("tokyo"),
		Location:                types.StringUnknown(),
		Instances:               types.Int64Value(3),
		Concurrency:             types.Int64Value(2),
		ServiceTimeMs:           types.Float64Unknown(),
		ServiceTimeDistribution: types.StringValue("lognormal"),
	}
	if diags := resolveRegion(&m, true, true); diags.HasError() {
		t.Fatalf("unexpected error: %v", diags)
	}
	// Unknown inputs make exactly the attributes that depend on them unknown.
	if !m.Latitude.IsUnknown() || !m.Jurisdiction.IsUnknown() || !m.CapacityRPS.IsUnknown() {
		t.Errorf("want latitude, jurisdiction and capacity unknown, got %+v", m)
	}
	if m.ID.ValueString() != "tokyo" || m.ServiceTimeP99OverP50.ValueFloat64() != defaultP99OverP50 {
		t.Errorf("want id tokyo and default shape, got %+v", m)
	}

	m.Location = types.StringValue("aws:ap-northeast-1")
	m.ServiceTimeMs = types.Float64Value(4)
	m.Jurisdiction = types.StringValue("US")
	if diags := resolveRegion(&m, false, true); diags.HasError() {
		t.Fatalf("unexpected error: %v", diags)
	}
	if m.CapacityRPS.ValueFloat64() != 1500 || m.Jurisdiction.ValueString() != "US" || m.Latitude.IsUnknown() {
		t.Errorf("want capacity 1500, the configured jurisdiction kept and a latitude, got %+v", m)
	}

	m.Location = types.StringValue("aws:nowhere")
	if diags := resolveRegion(&m, true, true); !diags.HasError() {
		t.Error("want an error for a location outside the catalog")
	}
}

func TestRegionResource_numericValidators(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := path.Root("instances")

	intResp := &validator.Int64Response{}
	mapping.Int64AtLeast(1, "Add an instance.").ValidateInt64(ctx,
		validator.Int64Request{Path: p, ConfigValue: types.Int64Value(0)}, intResp)
	assertDetail(t, intResp.Diagnostics, "instances must be at least 1, got 0. Add an instance.")

	intResp = &validator.Int64Response{}
	mapping.Int64AtLeast(1, "").ValidateInt64(ctx, validator.Int64Request{Path: p, ConfigValue: types.Int64Unknown()}, intResp)
	assertDetail(t, intResp.Diagnostics, "")

	p = path.Root("service_time_ms")
	floatResp := &validator.Float64Response{}
	mapping.Float64GreaterThan(0, "Use a positive time.").ValidateFloat64(ctx,
		validator.Float64Request{Path: p, ConfigValue: types.Float64Value(0)}, floatResp)
	assertDetail(t, floatResp.Diagnostics, "service_time_ms must be greater than 0, got 0. Use a positive time.")

	floatResp = &validator.Float64Response{}
	mapping.Float64GreaterThan(0, "").ValidateFloat64(ctx, validator.Float64Request{Path: p, ConfigValue: types.Float64Value(0.001)}, floatResp)
	assertDetail(t, floatResp.Diagnostics, "")
}

// assertDetail checks that diags holds exactly one error with the given
// detail, or none when want is empty.
func assertDetail(t *testing.T, diags diag.Diagnostics, want string) {
	t.Helper()
	switch {
	case want == "" && diags.HasError():
		t.Errorf("unexpected error: %v", diags)
	case want != "" && (len(diags) != 1 || diags[0].Detail() != want):
		t.Errorf("got %v, want one error %q", diags, want)
	}
}
