package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const testCacheTierAddress = "topology_cache_tier.test"

// cacheTierConfig returns a valid cache tier with the given arguments
// replaced or added (one "key = value" per line; an empty value removes the
// argument).
func cacheTierConfig(overrides string) string {
	args := map[string]string{
		"name":          `"hot"`,
		"replica_set":   `"orders"`,
		"regions":       `["us-east-1", "eu-west-1"]`,
		"capacity_keys": `10000`,
		"ttl_s":         `60`,
	}
	for _, line := range strings.Split(strings.TrimSpace(overrides), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if v == "" {
				delete(args, k)
				continue
			}
			args[k] = v
		}
	}
	var b strings.Builder
	b.WriteString("resource \"topology_cache_tier\" \"test\" {\n")
	for _, k := range mapping.SortedKeys(args) {
		fmt.Fprintf(&b, "  %s = %s\n", k, args[k])
	}
	b.WriteString("}\n")
	return b.String()
}

func cacheTierPlanChecks(action plancheck.ResourceActionType, values map[string]knownvalue.Check) []plancheck.PlanCheck {
	checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(testCacheTierAddress, action)}
	for _, name := range mapping.SortedKeys(values) {
		checks = append(checks, plancheck.ExpectKnownValue(testCacheTierAddress, tfjsonpath.New(name), values[name]))
	}
	return checks
}

func TestAccCacheTierResource_lifecycle(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Create: defaults and the id known in the plan.
			{
				Config: cacheTierConfig(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: cacheTierPlanChecks(plancheck.ResourceActionCreate,
					map[string]knownvalue.Check{
						"id":             knownvalue.StringExact("hot"),
						"eviction":       knownvalue.StringExact("lru"),
						"write_policy":   knownvalue.StringExact("invalidate"),
						"hit_latency_ms": knownvalue.Float64Exact(mapping.DefaultCacheHitLatencyMs),
						"capacity_keys":  knownvalue.Int64Exact(10000),
						"ttl_s":          knownvalue.Float64Exact(60),
						"regions": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("us-east-1"), knownvalue.StringExact("eu-west-1"),
						}),
					})},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testCacheTierAddress, tfjsonpath.New("id"), knownvalue.StringExact("hot")),
				},
			},
			{
				ResourceName:      testCacheTierAddress,
				ImportState:       true,
				ImportStateId:     "name=hot,replica_set=orders,regions=us-east-1;eu-west-1,capacity_keys=10000,ttl_s=60",
				ImportStateVerify: true,
			},
			// Every other argument changes in place.
			{
				Config: cacheTierConfig("write_policy = \"ttl_only\"\nttl_s = 300\neviction = \"lfu\"\nhit_latency_ms = 0.5\n" +
					"capacity_keys = 500\nregions = [\"us-east-1\", \"eu-west-1\", \"ap-northeast-1\"]\nreplica_set = \"carts\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: cacheTierPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"id":             knownvalue.StringExact("hot"),
						"write_policy":   knownvalue.StringExact("ttl_only"),
						"eviction":       knownvalue.StringExact("lfu"),
						"hit_latency_ms": knownvalue.Float64Exact(0.5),
						"ttl_s":          knownvalue.Float64Exact(300),
						"capacity_keys":  knownvalue.Int64Exact(500),
						"replica_set":    knownvalue.StringExact("carts"),
					})},
			},
			{
				ResourceName: testCacheTierAddress,
				ImportState:  true,
				ImportStateId: "name=hot,replica_set=carts,regions=us-east-1;eu-west-1;ap-northeast-1,capacity_keys=500,ttl_s=300," +
					"eviction=lfu,hit_latency_ms=0.5,write_policy=ttl_only",
				ImportStateVerify: true,
			},
			// No expiry with write_through: in place.
			{
				Config: cacheTierConfig("write_policy = \"write_through\"\nttl_s = 0"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: cacheTierPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"write_policy":   knownvalue.StringExact("write_through"),
						"ttl_s":          knownvalue.Float64Exact(0),
						"eviction":       knownvalue.StringExact("lru"),
						"hit_latency_ms": knownvalue.Float64Exact(mapping.DefaultCacheHitLatencyMs),
					})},
			},
			// A rename replaces the tier.
			{
				Config: cacheTierConfig("name = \"warm\"\nwrite_policy = \"write_through\"\nttl_s = 0"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: cacheTierPlanChecks(plancheck.ResourceActionDestroyBeforeCreate,
					map[string]knownvalue.Check{"id": knownvalue.StringExact("warm")})},
			},
			// Import errors say what is wrong and show the format.
			{
				ResourceName:  testCacheTierAddress,
				ImportState:   true,
				ImportStateId: "name=warm,replica_set=orders,regions=us-east-1,capacity_keys=10,ttl_s=0,write_policy=ttl_only",
				ExpectError:   regexp.MustCompile(`(?s)Invalid\s+import\s+ID.*write_policy\s+is\s+"ttl_only".*ttl_s\s+is\s+0.*name=hot,replica_set=orders`),
			},
			{
				ResourceName:  testCacheTierAddress,
				ImportState:   true,
				ImportStateId: "name=warm,replica_set=orders",
				ExpectError:   regexp.MustCompile(`missing\s+required\s+key\(s\):\s+regions,\s+capacity_keys,\s+ttl_s`),
			},
			{
				ResourceName:  testCacheTierAddress,
				ImportState:   true,
				ImportStateId: "name=warm,replica_set=orders,regions=us-east-1,capacity_keys=0,ttl_s=1",
				ExpectError:   regexp.MustCompile(`capacity_keys\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`),
			},
		},
	})
}

func TestAccCacheTierResource_validation(t *testing.T) {
	cases := []struct {
		overrides string
		err       string
	}{
		{`name = "Hot"`, `name\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{`replica_set = "Orders_DB"`, `replica_set\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{`regions = []`, `regions\s+is\s+empty,\s+but\s+at\s+least\s+one\s+element\s+is\s+needed.*Add\s+the\s+regions\s+that\s+run\s+a\s+cache`},
		{`regions = ["us-east-1", "eu-west-1", "us-east-1"]`, `regions\s+lists\s+region\s+"us-east-1"\s+twice,\s+at\s+indexes\s+0\s+and\s+2.*runs\s+at\s+most\s+one\s+cache`},
		{`regions = ["us-east-1", "EU_West"]`, `regions\[1\]\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{`capacity_keys = 0`, `capacity_keys\s+must\s+be\s+at\s+least\s+1,\s+got\s+0.*capacity_keys\s+=\s+10000`},
		{`ttl_s = -5`, `ttl_s\s+must\s+be\s+at\s+least\s+0\s+and\s+at\s+most\s+3\.1536e\+07,\s+got\s+-5.*or\s+0\s+for\s+no\s+expiry`},
		{`eviction = "fifo"`, `eviction\s+must\s+be\s+one\s+of\s+"lru"\s+or\s+"lfu",\s+got\s+"fifo".*omit\s+it\s+for\s+lru`},
		{`hit_latency_ms = 0`, `hit_latency_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0.*omit\s+it\s+for\s+1`},
		{`write_policy = "write_back"`, `write_policy\s+must\s+be\s+one\s+of\s+"write_through",\s+"invalidate"\s+or\s+"ttl_only",\s+got\s+"write_back".*omit\s+it\s+for\s+invalidate`},
		{"write_policy = \"ttl_only\"\nttl_s = 0", `TTL-only\s+cache\s+without\s+a\s+TTL.*ttl_s\s+is\s+0.*Set\s+ttl_s\s+above\s+0`},
		{`capacity_keys = `, `The\s+argument\s+"capacity_keys"\s+is\s+required`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      cacheTierConfig(c.overrides),
			ExpectError: regexp.MustCompile(`(?s)` + c.err),
		})
	}
	steps = append(steps, resource.TestStep{Config: cacheTierConfig("")})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

func TestCacheTierImportID(t *testing.T) {
	m, diags := parseCacheTierImportID("name=hot, replica_set=orders,regions=us-east-1; eu-west-1,capacity_keys=5,ttl_s=1.5,eviction=lfu")
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	names, ok := mapping.RegionNames(m.Regions)
	if !ok || strings.Join(names, ",") != "us-east-1,eu-west-1" {
		t.Errorf("regions = %v, %v", names, ok)
	}
	if m.CapacityKeys.ValueInt64() != 5 || m.TTLS.ValueFloat64() != 1.5 || m.Eviction.ValueString() != "lfu" ||
		m.WritePolicy.ValueString() != mapping.DefaultCacheWritePolicy || m.HitLatencyMs.ValueFloat64() != mapping.DefaultCacheHitLatencyMs {
		t.Errorf("parsed %+v", m)
	}
	for id, want := range map[string]string{
		"name=hot":         "missing required key(s): replica_set, regions, capacity_keys, ttl_s",
		"name=hot,regions": `"regions" is not a key=value pair`,
		"name=a,name=b":    `key "name" is given more than once`,
		"name=a,zone=b":    `unknown key "zone"`,
		strings.Replace(cacheTierImportExample, "capacity_keys=100000", "capacity_keys=lots", 1): "capacity_keys=lots is not a whole number",
		strings.Replace(cacheTierImportExample, "ttl_s=60", "ttl_s=long", 1):                     "ttl_s=long is not a finite number",
		strings.Replace(cacheTierImportExample, "ttl_s=60", "ttl_s=NaN", 1):                      "ttl_s=NaN is not a finite number",
		cacheTierImportExample + ",hit_latency_ms=+Inf":                                          "hit_latency_ms=+Inf is not a finite number",
	} {
		_, diags := parseCacheTierImportID(id)
		if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), want) {
			t.Errorf("parseCacheTierImportID(%q) = %v; want an error containing %q", id, diags, want)
		}
	}
}

func TestCheckCacheTier(t *testing.T) {
	for _, tc := range []struct {
		ttl    types.Float64
		policy types.String
		err    bool
	}{
		{types.Float64Value(0), types.StringValue("ttl_only"), true},
		{types.Float64Value(1), types.StringValue("ttl_only"), false},
		{types.Float64Value(0), types.StringNull(), false}, // invalidate by default
		{types.Float64Value(0), types.StringValue("write_through"), false},
		{types.Float64Unknown(), types.StringValue("ttl_only"), false},
		{types.Float64Value(0), types.StringUnknown(), false},
	} {
		diags := mapping.CheckCacheTier(tc.ttl, tc.policy, path.Root)
		if diags.HasError() != tc.err {
			t.Errorf("ttl %s policy %s: errors %v, want %v", tc.ttl, tc.policy, diags, tc.err)
		}
	}
}

// TestCacheTierImport_neverPanics runs the whole import path over odd IDs:
// each gives error diagnostics or a state whose id is the imported name.
func TestCacheTierImport_neverPanics(t *testing.T) {
	for _, id := range []string{
		cacheTierImportExample,
		"name=a,replica_set=b,regions=c,capacity_keys=1,ttl_s=0",
		"name=a,replica_set=b,regions=c,capacity_keys=-1,ttl_s=NaN,hit_latency_ms=-0",
		"name=a,replica_set=b,regions=;;,capacity_keys=99999999999999999999,ttl_s=1e400",
		",,=,name==",
	} {
		resp := importState(t, &cacheTierResource{}, id)
		if resp.Diagnostics.HasError() {
			continue
		}
		var gotID, name types.String
		resp.Diagnostics.Append(resp.State.GetAttribute(t.Context(), path.Root("id"), &gotID)...)
		resp.Diagnostics.Append(resp.State.GetAttribute(t.Context(), path.Root("name"), &name)...)
		if name.ValueString() == "" || gotID.ValueString() != name.ValueString() {
			t.Errorf("import %q succeeded with id %q and name %q (%v)", id, gotID.ValueString(), name.ValueString(), resp.Diagnostics)
		}
	}
}
