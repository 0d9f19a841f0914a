package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const testRoutingPolicyAddress = "topology_routing_policy.test"

// routingPolicyConfig returns a valid routing policy (name only: every
// other argument at its default) with the given arguments replaced or
// added (one "key = value" per line; an empty value removes the argument).
func routingPolicyConfig(overrides string) string {
	args := map[string]string{"name": `"global"`}
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
	b.WriteString("resource \"topology_routing_policy\" \"test\" {\n")
	for _, k := range mapping.SortedKeys(args) {
		fmt.Fprintf(&b, "  %s = %s\n", k, args[k])
	}
	b.WriteString("}\n")
	return b.String()
}

func routingPolicyPlanChecks(action plancheck.ResourceActionType, values map[string]knownvalue.Check) []plancheck.PlanCheck {
	checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(testRoutingPolicyAddress, action)}
	for _, name := range mapping.SortedKeys(values) {
		checks = append(checks, plancheck.ExpectKnownValue(testRoutingPolicyAddress, tfjsonpath.New(name), values[name]))
	}
	return checks
}

// healthCheck, retryValue and breakerValue are exact checks of the nested
// objects.
func healthCheck(interval float64, threshold int64, timeout float64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"interval_s": knownvalue.Float64Exact(interval), "failure_threshold": knownvalue.Int64Exact(threshold),
		"timeout_ms":             knownvalue.Float64Exact(timeout),
		"max_replication_lag_ms": knownvalue.Null(), "max_queue_backlog": knownvalue.Null(),
	})
}

func retryValue(attempts int64, base, maxBackoff float64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"max_attempts": knownvalue.Int64Exact(attempts), "backoff_base_ms": knownvalue.Float64Exact(base),
		"backoff_max_ms": knownvalue.Float64Exact(maxBackoff),
	})
}

func breakerValue(threshold int64, open float64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"failure_threshold": knownvalue.Int64Exact(threshold), "open_s": knownvalue.Float64Exact(open),
	})
}

func TestAccRoutingPolicyResource_lifecycle(t *testing.T) {
	failover := "strategy = \"failover\"\nfailover = [\"eu-west-1\", \"us-east-1\"]\nhealth_check = { interval_s = 1 }\n" +
		"dns_ttl_s = 0\nrequest_timeout_ms = 500\nretry = { max_attempts = 3, backoff_base_ms = 5000 }\ncircuit_breaker = {}"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Create: every default known in the plan.
			{
				Config: routingPolicyConfig(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: routingPolicyPlanChecks(plancheck.ResourceActionCreate,
					map[string]knownvalue.Check{
						"id":                 knownvalue.StringExact("global"),
						"strategy":           knownvalue.StringExact("latency"),
						"dns_ttl_s":          knownvalue.Float64Exact(60),
						"health_check":       healthCheck(10, 3, 2000),
						"retry":              retryValue(1, 50, 2000),
						"circuit_breaker":    knownvalue.Null(),
						"request_timeout_ms": knownvalue.Null(),
						"geo_routes":         knownvalue.Null(),
						"weights":            knownvalue.Null(),
						"failover":           knownvalue.Null(),
					})},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testRoutingPolicyAddress, tfjsonpath.New("health_check"), healthCheck(10, 3, 2000)),
				},
			},
			{
				ResourceName:      testRoutingPolicyAddress,
				ImportState:       true,
				ImportStateId:     "name=global",
				ImportStateVerify: true,
			},
			// Failover with partial nested objects: the attributes left out
			// take their defaults, which follow the ones set (a 1 s interval
			// caps the probe timeout at 1000 ms, a 5 s backoff base raises
			// the cap), and an empty circuit_breaker is one with defaults.
			{
				Config: routingPolicyConfig(failover),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: routingPolicyPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"strategy": knownvalue.StringExact("failover"),
						"failover": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("eu-west-1"), knownvalue.StringExact("us-east-1"),
						}),
						"health_check":       healthCheck(1, 3, 1000),
						"dns_ttl_s":          knownvalue.Float64Exact(0),
						"request_timeout_ms": knownvalue.Float64Exact(500),
						"retry":              retryValue(3, 5000, 5000),
						"circuit_breaker":    breakerValue(5, 30),
					})},
			},
			{
				ResourceName: testRoutingPolicyAddress,
				ImportState:  true,
				ImportStateId: "name=global,strategy=failover,failover=eu-west-1;us-east-1,health_check.interval_s=1," +
					"dns_ttl_s=0,request_timeout_ms=500,retry.max_attempts=3,retry.backoff_base_ms=5000,circuit_breaker.open_s=30",
				ImportStateVerify: true,
			},
			// Weighted, with every nested attribute set.
			{
				Config: routingPolicyConfig("strategy = \"weighted\"\nweights = { \"us-east-1\" = 3, \"eu-west-1\" = 1, \"ap-northeast-1\" = 0 }\n" +
					"health_check = { interval_s = 5, failure_threshold = 2, timeout_ms = 500 }\n" +
					"retry = { max_attempts = 10, backoff_base_ms = 20, backoff_max_ms = 100 }\n" +
					"circuit_breaker = { failure_threshold = 1, open_s = 2.5 }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: routingPolicyPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"weights": knownvalue.MapExact(map[string]knownvalue.Check{
							"us-east-1": knownvalue.Float64Exact(3), "eu-west-1": knownvalue.Float64Exact(1),
							"ap-northeast-1": knownvalue.Float64Exact(0),
						}),
						"failover":        knownvalue.Null(),
						"health_check":    healthCheck(5, 2, 500),
						"retry":           retryValue(10, 20, 100),
						"circuit_breaker": breakerValue(1, 2.5),
						"dns_ttl_s":       knownvalue.Float64Exact(60),
					})},
			},
			{
				ResourceName: testRoutingPolicyAddress,
				ImportState:  true,
				ImportStateId: "name=global,strategy=weighted,weights=us-east-1=3;eu-west-1=1;ap-northeast-1=0," +
					"health_check.interval_s=5,health_check.failure_threshold=2,health_check.timeout_ms=500," +
					"retry.max_attempts=10,retry.backoff_base_ms=20,retry.backoff_max_ms=100," +
					"circuit_breaker.failure_threshold=1,circuit_breaker.open_s=2.5",
				ImportStateVerify: true,
			},
			// Geo, keyed by an origin's name and by an unnamed origin's
			// location; removing the breaker removes it.
			{
				Config: routingPolicyConfig("strategy = \"geo\"\ngeo_routes = { virginia = \"us-east-1\", \"aws:eu-central-1\" = \"eu-west-1\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: routingPolicyPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"geo_routes": knownvalue.MapExact(map[string]knownvalue.Check{
							"virginia": knownvalue.StringExact("us-east-1"), "aws:eu-central-1": knownvalue.StringExact("eu-west-1"),
						}),
						"weights":         knownvalue.Null(),
						"circuit_breaker": knownvalue.Null(),
						"health_check":    healthCheck(10, 3, 2000),
						"retry":           retryValue(1, 50, 2000),
					})},
			},
			{
				ResourceName:      testRoutingPolicyAddress,
				ImportState:       true,
				ImportStateId:     "name=global,strategy=geo,geo_routes=virginia=us-east-1;aws:eu-central-1=eu-west-1",
				ImportStateVerify: true,
			},
			// A rename replaces the policy.
			{
				Config: routingPolicyConfig("name = \"edge\"\nstrategy = \"geo\"\ngeo_routes = { virginia = \"us-east-1\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: routingPolicyPlanChecks(plancheck.ResourceActionDestroyBeforeCreate,
					map[string]knownvalue.Check{"id": knownvalue.StringExact("edge")})},
			},
			// Import errors say what is wrong and show the format.
			{
				ResourceName:  testRoutingPolicyAddress,
				ImportState:   true,
				ImportStateId: "name=edge,strategy=failover",
				ExpectError: regexp.MustCompile(`(?s)Invalid\s+import\s+ID.*strategy\s+is\s+"failover"\s+but\s+failover\s+is\s+not\s+set.*` +
					`name=global,strategy=failover,failover=eu-west-1;us-east-1`),
			},
			{
				ResourceName:  testRoutingPolicyAddress,
				ImportState:   true,
				ImportStateId: "strategy=latency",
				ExpectError:   regexp.MustCompile(`missing\s+required\s+key\(s\):\s+name`),
			},
			{
				ResourceName:  testRoutingPolicyAddress,
				ImportState:   true,
				ImportStateId: "name=edge,retry.max_attempts=11",
				ExpectError:   regexp.MustCompile(`retry\.max_attempts\s+must\s+be\s+between\s+1\s+and\s+10,\s+got\s+11`),
			},
		},
	})
}

func TestAccRoutingPolicyResource_validation(t *testing.T) {
	cases := []struct {
		overrides string
		err       string
	}{
		{`name = "Global"`, `name\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{`name = `, `The\s+argument\s+"name"\s+is\s+required`},
		{`strategy = "nearest"`, `strategy\s+must\s+be\s+one\s+of\s+"latency",\s+"geo",\s+"weighted"\s+or\s+"failover",\s+got\s+"nearest".\s+Pick\s+latency`},
		// Each strategy's own attribute: needed with it, refused with the others.
		{`strategy = "geo"`, `(?s)Missing\s+geo_routes.*strategy\s+is\s+"geo"\s+but\s+geo_routes\s+is\s+not\s+set,\s+so\s+no\s+origin\s+is\s+pinned.*Set\s+geo_routes\s+=\s+\{`},
		{"strategy = \"geo\"\ngeo_routes = {}", `geo_routes\s+is\s+empty`},
		{`strategy = "weighted"`, `strategy\s+is\s+"weighted"\s+but\s+weights\s+is\s+not\s+set,\s+so\s+there\s+is\s+no\s+share`},
		{`strategy = "failover"`, `strategy\s+is\s+"failover"\s+but\s+failover\s+is\s+not\s+set,\s+so\s+there\s+is\s+no\s+primary\s+region`},
		{`geo_routes = { virginia = "us-east-1" }`, `(?s)Setting\s+of\s+another\s+routing\s+strategy.*geo_routes\s+only\s+applies\s+to\s+strategy\s+=\s+"geo",\s+but\s+strategy\s+is\s+not\s+set,\s+so\s+it\s+is\s+"latency".*Remove\s+geo_routes,\s+or\s+set\s+strategy\s+=\s+"geo"`},
		{"strategy = \"failover\"\nfailover = [\"a\"]\nweights = { a = 1 }", `weights\s+only\s+applies\s+to\s+strategy\s+=\s+"weighted",\s+but\s+strategy\s+is\s+"failover"`},
		{"strategy = \"weighted\"\nweights = { a = 1 }\nfailover = [\"a\"]", `failover\s+only\s+applies\s+to\s+strategy\s+=\s+"failover",\s+but\s+strategy\s+is\s+"weighted"`},
		{"strategy = \"geo\"\ngeo_routes = { virginia = \"US_East\" }", `geo_routes\["virginia"\]\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{"strategy = \"weighted\"\nweights = { \"us-east-1\" = -1, \"eu-west-1\" = 1 }", `weights\["us-east-1"\]\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1.\s+Set\s+each\s+region's\s+share`},
		{"strategy = \"weighted\"\nweights = { \"US\" = 1 }", `weights\["US"\]\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{"strategy = \"weighted\"\nweights = { \"us-east-1\" = 0, \"eu-west-1\" = 0 }", `(?s)No\s+region\s+has\s+a\s+weight.*every\s+weight\s+in\s+weights\s+is\s+0\s+\("eu-west-1"\s+=\s+0,\s+"us-east-1"\s+=\s+0\).*weights\s+=\s+\{\s+"eu-west-1"\s+=\s+1\s+\}`},
		{"strategy = \"failover\"\nfailover = []", `failover\s+is\s+empty,\s+but\s+at\s+least\s+one\s+element\s+is\s+needed.\s+List\s+the\s+regions\s+in\s+order\s+of\s+preference`},
		{"strategy = \"failover\"\nfailover = [\"eu-west-1\", \"us-east-1\", \"eu-west-1\"]", `failover\s+lists\s+region\s+"eu-west-1"\s+twice,\s+at\s+indexes\s+0\s+and\s+2.*one\s+place\s+in\s+the\s+order`},
		{"strategy = \"failover\"\nfailover = [\"eu-west-1\", \"Us East\"]", `failover\[1\]\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		// Health checks.
		{`health_check = { interval_s = 0 }`, `health_check\.interval_s\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0.\s+Set\s+the\s+seconds\s+between\s+two\s+probes`},
		{`health_check = { failure_threshold = 0 }`, `health_check\.failure_threshold\s+must\s+be\s+at\s+least\s+1,\s+got\s+0.\s+Set\s+how\s+many\s+consecutive\s+failed\s+probes`},
		{`health_check = { timeout_ms = 0 }`, `health_check\.timeout_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{`health_check = { interval_s = 2, timeout_ms = 5000 }`, `(?s)Health-check\s+timeout\s+longer\s+than\s+its\s+interval.*timeout_ms\s+is\s+5000\s+ms\s+but\s+health_check\.interval_s\s+is\s+2\s+s\s+\(2000\s+ms\).*Lower\s+timeout_ms\s+to\s+at\s+most\s+2000,\s+or\s+raise\s+interval_s\s+to\s+at\s+least\s+5`},
		{`health_check = { timeout_ms = 15000 }`, `health_check\.interval_s\s+is\s+not\s+set,\s+so\s+it\s+is\s+10\s+s`},
		// DNS, timeout, retries, breaker.
		{`dns_ttl_s = -1`, `dns_ttl_s\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1.\s+Set\s+how\s+long\s+clients\s+cache`},
		{`request_timeout_ms = 0`, `request_timeout_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0.*remove\s+request_timeout_ms\s+for\s+no\s+timeout`},
		{`retry = { max_attempts = 0 }`, `retry\.max_attempts\s+must\s+be\s+between\s+1\s+and\s+10,\s+got\s+0.\s+Set\s+the\s+attempts\s+per\s+request`},
		{`retry = { max_attempts = 11 }`, `retry\.max_attempts\s+must\s+be\s+between\s+1\s+and\s+10,\s+got\s+11`},
		{`retry = { backoff_base_ms = 0 }`, `retry\.backoff_base_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0.*such\s+as\s+1\s+for\s+retries\s+with\s+almost\s+no\s+wait`},
		{`retry = { backoff_max_ms = -5 }`, `retry\.backoff_max_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+-5`},
		{`retry = { backoff_base_ms = 500, backoff_max_ms = 100 }`, `(?s)Retry\s+backoff\s+cap\s+below\s+its\s+base.*backoff_max_ms\s+is\s+100\s+ms\s+but\s+retry\.backoff_base_ms\s+is\s+500\s+ms.*Raise\s+backoff_max_ms\s+to\s+at\s+least\s+500`},
		{`retry = { backoff_max_ms = 10 }`, `retry\.backoff_base_ms\s+is\s+not\s+set,\s+so\s+it\s+is\s+50\s+ms`},
		{`circuit_breaker = { failure_threshold = 0 }`, `circuit_breaker\.failure_threshold\s+must\s+be\s+at\s+least\s+1,\s+got\s+0.\s+Set\s+how\s+many\s+consecutive\s+failed\s+attempts`},
		{`circuit_breaker = { open_s = 0 }`, `circuit_breaker\.open_s\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0.\s+Set\s+how\s+long\s+an\s+open\s+breaker`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      routingPolicyConfig(c.overrides),
			ExpectError: regexp.MustCompile(`(?s)` + c.err),
		})
	}
	steps = append(steps, resource.TestStep{Config: routingPolicyConfig("")})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccRoutingPolicyResource_knownFromReferences checks that a policy
// built from regions created in the same plan is known at plan time,
// defaults included.
func TestAccRoutingPolicyResource_knownFromReferences(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "topology_region" "a" {
  name            = "eu-west-1"
  location        = "aws:eu-west-1"
  instances       = 2
  service_time_ms = 10
}

resource "topology_routing_policy" "test" {
  name         = "global"
  strategy     = "failover"
  failover     = [topology_region.a.name]
  health_check = { interval_s = topology_region.a.instances }
}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: routingPolicyPlanChecks(plancheck.ResourceActionCreate,
				map[string]knownvalue.Check{
					"failover":     knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("eu-west-1")}),
					"health_check": healthCheck(2, 3, 2000),
				})},
		}},
	})
}

func TestRoutingPolicyImportID(t *testing.T) {
	m, diags := parseRoutingPolicyImportID("name=edge, strategy=geo,geo_routes=geo:48.9,2.4=eu-west-1;virginia = us-east-1," +
		"retry.backoff_base_ms=10,circuit_breaker.failure_threshold=2")
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	routes := m.GeoRoutes.Elements()
	if len(routes) != 2 || !routes["geo:48.9,2.4"].Equal(types.StringValue("eu-west-1")) || !routes["virginia"].Equal(types.StringValue("us-east-1")) {
		t.Errorf("geo_routes = %s", m.GeoRoutes)
	}
	if !m.HealthCheck.IsNull() || m.Strategy.ValueString() != "geo" || m.DNSTTLS.ValueFloat64() != mapping.DefaultDNSTTLS {
		t.Errorf("parsed %+v", m)
	}
	if b := mapping.Float64Attr(m.Retry, "backoff_base_ms", mapping.RetryAttrTypes); b.ValueFloat64() != 10 {
		t.Errorf("retry = %s", m.Retry)
	}
	if n := mapping.Int64Attr(m.CircuitBreaker, "failure_threshold", mapping.BreakerAttrTypes); n.ValueInt64() != 2 {
		t.Errorf("circuit_breaker = %s", m.CircuitBreaker)
	}
	for id, want := range map[string]string{
		"strategy=geo":                        "missing required key(s): name",
		"name=a,strategy":                     `"strategy" is not a key=value pair`,
		"name=a,name=b":                       `key "name" is given more than once`,
		"name=a,zone=b":                       `unknown key "zone"`,
		"name=a,health_check=1":               `unknown key "health_check"`,
		"name=a,weights=us-east-1":            `weights entry "us-east-1" is not a key=value pair with a new key`,
		"name=a,weights=a=1;a=2":              `weights entry "a=2" is not a key=value pair with a new key`,
		"name=a,weights=a=heavy":              "weights entry a=heavy is not a finite number",
		"name=a,retry.max_attempts=many":      "retry.max_attempts=many is not a whole number",
		"name=a,health_check.interval_s=NaN":  "health_check.interval_s=NaN is not a finite number",
		"name=a,dns_ttl_s=+Inf":               "dns_ttl_s=+Inf is not a finite number",
		"name=a,circuit_breaker.open_s=short": "circuit_breaker.open_s=short is not a finite number",
	} {
		_, diags := parseRoutingPolicyImportID(id)
		if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), want) {
			t.Errorf("parseRoutingPolicyImportID(%q) = %v; want an error containing %q", id, diags, want)
		}
	}
}

// TestResolveRoutingPolicy checks the nested defaults, including the two
// that follow another attribute, and that unknown inputs stay unknown.
func TestResolveRoutingPolicy(t *testing.T) {
	obj := func(attrTypes map[string]attr.Type, vals map[string]attr.Value) types.Object {
		for name, typ := range attrTypes {
			if _, ok := vals[name]; !ok {
				vals[name] = mapping.NullOf(typ)
			}
		}
		return types.ObjectValueMust(attrTypes, vals)
	}
	hc := mapping.ResolveHealthCheck(obj(mapping.HealthCheckAttrTypes, map[string]attr.Value{"interval_s": types.Float64Value(0.5)}))
	if got := mapping.Float64Attr(hc, "timeout_ms", mapping.HealthCheckAttrTypes); !got.Equal(types.Float64Value(500)) {
		t.Errorf("timeout for a 0.5 s interval = %s, want 500", got)
	}
	hc = mapping.ResolveHealthCheck(obj(mapping.HealthCheckAttrTypes, map[string]attr.Value{"interval_s": types.Float64Unknown()}))
	if got := mapping.Float64Attr(hc, "timeout_ms", mapping.HealthCheckAttrTypes); !got.IsUnknown() {
		t.Errorf("timeout for an unknown interval = %s, want unknown", got)
	}
	if got := mapping.ResolveHealthCheck(types.ObjectUnknown(mapping.HealthCheckAttrTypes)); !got.IsUnknown() {
		t.Errorf("unknown health_check resolved to %s", got)
	}
	retry := mapping.ResolveRetry(obj(mapping.RetryAttrTypes, map[string]attr.Value{"backoff_base_ms": types.Float64Value(3000)}))
	if got := mapping.Float64Attr(retry, "backoff_max_ms", mapping.RetryAttrTypes); !got.Equal(types.Float64Value(3000)) {
		t.Errorf("backoff cap for a 3000 ms base = %s, want 3000", got)
	}
	if got := mapping.Int64Attr(retry, "max_attempts", mapping.RetryAttrTypes); !got.Equal(types.Int64Value(1)) {
		t.Errorf("max_attempts = %s, want 1", got)
	}
	if got := mapping.ResolveBreaker(types.ObjectNull(mapping.BreakerAttrTypes)); !got.IsNull() {
		t.Errorf("no breaker resolved to %s", got)
	}
	breaker := mapping.ResolveBreaker(obj(mapping.BreakerAttrTypes, map[string]attr.Value{"open_s": types.Float64Value(5)}))
	if got := mapping.Int64Attr(breaker, "failure_threshold", mapping.BreakerAttrTypes); !got.Equal(types.Int64Value(mapping.DefaultBreakerThreshold)) {
		t.Errorf("breaker threshold = %s", got)
	}
}

func TestCheckRoutingPolicy_unknownSkipped(t *testing.T) {
	f := mapping.RoutingPolicy{
		Strategy:  types.StringUnknown(),
		GeoRoutes: types.MapValueMust(types.StringType, map[string]attr.Value{"a": types.StringValue("b")}),
		Weights:   types.MapValueMust(types.Float64Type, map[string]attr.Value{"a": types.Float64Value(0), "b": types.Float64Unknown()}),
		Failover:  types.ListUnknown(types.StringType),
		HealthCheck: types.ObjectValueMust(mapping.HealthCheckAttrTypes, map[string]attr.Value{
			"interval_s": types.Float64Unknown(), "failure_threshold": types.Int64Null(), "timeout_ms": types.Float64Value(1e9),
			"max_replication_lag_ms": types.Float64Null(), "max_queue_backlog": types.Int64Null(),
		}),
		Retry: types.ObjectValueMust(mapping.RetryAttrTypes, map[string]attr.Value{
			"max_attempts": types.Int64Null(), "backoff_base_ms": types.Float64Unknown(), "backoff_max_ms": types.Float64Value(1),
		}),
		CircuitBreaker: types.ObjectUnknown(mapping.BreakerAttrTypes),
	}
	if diags := mapping.CheckRoutingPolicy(f, path.Root); diags.HasError() {
		t.Errorf("unknown inputs must not be judged yet: %v", diags)
	}
}

// TestRoutingPolicyImport_neverPanics runs the whole import path over odd
// IDs: each gives error diagnostics or a state whose id is the name.
func TestRoutingPolicyImport_neverPanics(t *testing.T) {
	for _, id := range []string{
		routingPolicyImportExample,
		"name=a",
		"name=a,strategy=weighted,weights=",
		"name=a,strategy=geo,geo_routes=;;",
		"name=a,weights=x=1e400,failover=;",
		"name=a,retry.max_attempts=99999999999999999999,circuit_breaker.open_s=-0",
		",,=,name==",
	} {
		resp := importState(t, &routingPolicyResource{}, id)
		if resp.Diagnostics.HasError() {
			continue
		}
		var gotID, name types.String
		resp.Diagnostics.Append(resp.State.GetAttribute(context.Background(), path.Root("id"), &gotID)...)
		resp.Diagnostics.Append(resp.State.GetAttribute(context.Background(), path.Root("name"), &name)...)
		if name.ValueString() == "" || gotID.ValueString() != name.ValueString() {
			t.Errorf("import %q succeeded with id %q and name %q (%v)", id, gotID.ValueString(), name.ValueString(), resp.Diagnostics)
		}
	}
}
