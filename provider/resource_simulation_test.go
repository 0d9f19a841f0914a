package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
)

// testSimulationResource is a region and a topology_simulation resource
// that refers to it directly (no local value), with a p99 target, a
// duration (an expression, so that a test can make it unknown until
// apply), the region's instances and enforce.
func testSimulationResource(p99 string, duration string, instances int, enforce bool) string {
	return fmt.Sprintf(`
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = %[3]d
  service_time_ms = 10
}

resource "topology_simulation" "peak" {
  regions      = [topology_region.use1]
  workload     = { origins = [{ name = "virginia", location = "aws:us-east-1", rps = 200 }] }
  sla          = { latency_p99_ms = %[1]s }
  duration_s   = %[2]s
  warmup_s     = 1
  replications = 2
  seed         = 1
  enforce      = %[4]t
}
`, p99, duration, instances, enforce)
}

var (
	simAddr  = "topology_simulation.peak"
	slaMet   = tfjsonpath.New("sla_met")
	slaState = tfjsonpath.New("sla_status")
	p99Path  = tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("latency_ms").AtMapKey("p99")
)

// TestAccSimulationResource_planGate: with direct references to a region
// being created, the results are known in the plan, and a failed SLA
// fails the plan.
func TestAccSimulationResource_planGate(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testSimulationResource("1000", "10", 4, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(simAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(simAddr, slaMet, knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(simAddr, slaState, knownvalue.StringExact("pass")),
				}},
			},
			{
				// 1 ms is out of reach of a 10 ms service time.
				Config:      testSimulationResource("1", "10", 4, true),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`SLA not met in scenario "baseline"[\s\S]*latency_p99_ms`),
			},
			{Config: testSimulationResource("1000", "10", 4, true)},
		},
	})
}

// TestAccSimulationResource_unknownInput: an input known only after
// apply leaves the results unknown in the plan, names the input, and the
// simulation runs at apply, where a failed SLA fails the apply.
func TestAccSimulationResource_unknownInput(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	// timestamp() is unknown during plan and known at apply.
	unknown := `10 + 0 * length(timestamp())`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testSimulationResource("1000", unknown, 4, true),
				// timestamp() changes at every plan, so the plan after
				// apply is never empty.
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(simAddr, slaMet),
				}},
			},
			{
				Config:      testSimulationResource("1", unknown, 4, true),
				ExpectError: regexp.MustCompile(`SLA not met in scenario "baseline"`),
			},
			{Config: testSimulationResource("1000", "10", 4, true)},
		},
	})
}

// TestAccSimulationResource_reuse: plan and apply simulate the model once
// (apply's own re-plan finds the plan's report in the cache); after apply,
// a plan with nothing changed is empty and simulates nothing (the count of
// simulations does not move); and changing the region shows the
// simulation as an update with the new results in the plan.
func TestAccSimulationResource_reuse(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	var before, runs int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { runs = simulatorRuns.Load() },
				Config:    testSimulationResource("1000", "10", 4, true),
			},
			{
				PreConfig: func() {
					if n := simulatorRuns.Load() - runs; n != 1 {
						t.Errorf("plan and apply of one model ran the simulator %d times, want 1", n)
					}
					before = simulateCalls.Load()
				},
				Config:   testSimulationResource("1000", "10", 4, true),
				PlanOnly: true,
			},
			{
				PreConfig: func() {
					if n := simulateCalls.Load() - before; n != 0 {
						t.Errorf("a plan with nothing changed simulated %d times", n)
					}
				},
				Config: testSimulationResource("1000", "10", 6, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(simAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(simAddr, slaMet, knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(simAddr, p99Path, knownvalue.NotNull()),
				}},
			},
		},
	})
}

// TestAccSimulationResource_destroyFailing: a simulation whose SLA fails
// (enforce = false, so it applies) is destroyed without simulating and
// without an SLA error; the harness destroys it after the last step.
func TestAccSimulationResource_destroyFailing(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testSimulationResource("1", "10", 4, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(simAddr, slaMet, knownvalue.Bool(false)),
				}},
			},
		},
	})
}

// TestSimulateCacheRoundTrip: results read back from the cache are the
// results of the simulation itself, to the last bit, so a plan and its
// apply agree whether the apply simulated or reused.
func TestSimulateCacheRoundTrip(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	ctx := context.Background()
	var cfg mapping.Simulation
	raw := []byte(`{
	  "regions": [{"name": "a", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 10},
	              {"name": "b", "location": "aws:eu-west-1", "instances": 2, "service_time_ms": 10}],
	  "replica_sets": [{"name": "db", "regions": ["a", "b"], "leader": "a", "replication": "async_primary"}],
	  "workload": {"origins": [{"name": "o", "location": "aws:us-east-1", "rps": 50, "read_ratio": 0.8}]},
	  "scenarios": [{"name": "down", "faults": [{"type": "region_outage", "region": "a", "at_s": 4, "duration_s": 3}]}],
	  "sla": {"latency_p99_ms": 500, "rpo_ms": 0},
	  "duration_s": 10, "warmup_s": 1, "replications": 2, "seed": 3, "enforce": false
	}`)
	s := mapping.SimulationSchema()
	val, err := mapping.ConfigValueFromJSON(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if diags := (tfsdk.Config{Schema: s, Raw: val}).Get(ctx, &cfg); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := cfg.DecodeArguments(ctx); diags.HasError() {
		t.Fatal(diags)
	}
	settings := mapping.DefaultProviderSettings()
	fresh, cached := cfg, cfg
	runs := simulatorRuns.Load()
	if diags := simulate(ctx, &fresh, &settings); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := simulate(ctx, &cached, &settings); diags.HasError() {
		t.Fatal(diags)
	}
	if n := simulatorRuns.Load() - runs; n != 1 {
		t.Fatalf("the second simulation of the same model ran the simulator (%d runs)", n)
	}
	if !reflect.DeepEqual(fresh, cached) {
		t.Errorf("results from the cache differ from the simulation's:\nfresh  %+v\ncached %+v", fresh.Results, cached.Results)
	}
}

// TestAccSimulationResource_misspelledKeys: a misspelled key in any
// hand-written argument fails validation naming the key, its path and the
// key meant, where Terraform would have dropped it without a word; and an
// sla with no target is an error, not a gate that checks nothing.
func TestAccSimulationResource_misspelledKeys(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	base := testSimulationResource("1000", "10", 4, true)
	with := func(old, replacement string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("%q is not in the base configuration", old)
		}
		return strings.Replace(base, old, replacement, 1)
	}
	origins := `workload     = { origins = [{ name = "virginia", location = "aws:us-east-1", rps = 200 }] }`
	sla := `sla          = { latency_p99_ms = 1000 }`
	fault := func(f string) string {
		return with(sla, sla+"\n  scenarios = [{ name = \"down\", faults = ["+f+"] }]")
	}
	cases := []struct{ config, path, key, meant string }{
		{with(sla, `sla = { latency_p99ms = 1000 }`), "sla", "latency_p99ms", "latency_p99_ms"},
		{with(sla, `sla = { latency_p99_ms = 1000, availabilty = 0.99 }`), "sla", "availabilty", "availability"}, //nolint:misspell // the misspelling is the input under test
		{with(sla, `sla = { rpo = 0 }`), "sla", "rpo", "rpo_ms"},
		{with(sla, `sla = { origins = [{ origin = "virginia", latency_p99ms = 5 }] }`), "sla.origins[0]", "latency_p99ms", "latency_p99_ms"},
		{with(origins, `workload = { origin = [] }`), "workload", "origin", "origins"},
		{with(origins, `workload = { origins = [{ name = "virginia", location = "aws:us-east-1", rps = 200 }], key = 10 }`), "workload", "key", "keys"},
		{with(origins, `workload = { origins = [{ name = "virginia", location = "aws:us-east-1", rsp = 200 }] }`), "workload.origins[0]", "rsp", "rps"},
		{with(origins, `workload = { origins = [{ name = "virginia", locaton = "aws:us-east-1", rps = 200 }] }`), "workload.origins[0]", "locaton", "location"},
		{with(origins, `workload = { origins = [{ name = "virginia", location = "aws:us-east-1", rps = 200, read_ration = 0.9 }] }`), "workload.origins[0]", "read_ration", "read_ratio"},
		{fault(`{ type = "region_outage", region = "us-east-1", at_s = 2, duraton_s = 5 }`), "scenarios[0].faults[0]", "duraton_s", "duration_s"},
		{fault(`{ type = "region_outage", regoin = "us-east-1", at_s = 2 }`), "scenarios[0].faults[0]", "regoin", "region"},
		{with(sla, sla+"\n  scenarios = [{ nmae = \"down\", faults = [] }]"), "scenarios[0]", "nmae", "name"}, //nolint:misspell // the misspelling is the input under test
		{with(sla, sla+"\n  network = { jitter = 0.1 }"), "network", "jitter", ""},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		want := `unknown\s+argument\s+` + regexp.QuoteMeta(c.key)
		if c.meant != "" {
			want += `;\s+did\s+you\s+mean\s+` + regexp.QuoteMeta(c.meant) + `\?`
		} else {
			want += `;\s+valid\s+arguments\s+are`
		}
		steps = append(steps, resource.TestStep{
			Config: c.config, PlanOnly: true,
			ExpectError: regexp.MustCompile(regexp.QuoteMeta(c.path) + `:\s+` + want),
		})
	}
	steps = append(steps,
		// The run settings are root arguments: Terraform itself refuses an
		// unknown one.
		resource.TestStep{Config: with("duration_s   = 10", "duration = 10"), PlanOnly: true,
			ExpectError: regexp.MustCompile(`An argument named "duration" is not expected here`)},
		resource.TestStep{Config: with(sla, `sla = {}`), PlanOnly: true, ExpectError: regexp.MustCompile(`SLA without a target[\s\S]*latency_p99_ms`)},
		resource.TestStep{Config: base, PlanOnly: true, ExpectNonEmptyPlan: true},
	)
	if len(cases) < 12 {
		t.Fatalf("only %d cases", len(cases))
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// TestAccSimulationResource_originClause: a target of one origin is a
// clause of its own, reported with the origin it was evaluated on.
func TestAccSimulationResource_originClause(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	config := regexp.MustCompile(`sla\s+= \{ latency_p99_ms = 1000 \}`).ReplaceAllString(
		testSimulationResource("1000", "10", 4, true),
		`sla = { origins = [{ origin = "virginia", latency_p99_ms = 1000, availability = 0.99 }] }`)
	clause := tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("sla").AtSliceIndex(0)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(simAddr, clause.AtMapKey("origin"), knownvalue.StringExact("virginia")),
				plancheck.ExpectKnownValue(simAddr, clause.AtMapKey("clause"), knownvalue.StringExact("latency_p99_ms")),
				plancheck.ExpectKnownValue(simAddr, clause.AtMapKey("status"), knownvalue.StringExact("pass")),
				plancheck.ExpectKnownValue(simAddr, slaMet, knownvalue.Bool(true)),
			}},
		}},
	})
}

// TestAccSimulationResource_fiberFloor: a latency target that light in
// fiber cannot meet fails the plan, naming the floor, whether or not the
// region has a queue limit (admission control cannot make light faster).
func TestAccSimulationResource_fiberFloor(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	config := func(queueLimit string) string {
		return fmt.Sprintf(`
resource "topology_region" "use1" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 4
  service_time_ms = 10
  %s
}

resource "topology_simulation" "peak" {
  regions      = [topology_region.use1]
  workload     = { origins = [{ name = "sydney", location = "geo:-33.87,151.21", rps = 100 }] }
  sla          = { latency_p99_ms = 5 }
  duration_s   = 10
  warmup_s     = 1
  replications = 2
}
`, queueLimit)
	}
	floor := regexp.MustCompile(`latency_p99_ms\s+=\s+5\s+ms\s+is\s+below\s+the\s+physical\s+floor:\s+origin\s+sydney\s+is\s+at\s+least\s+153\.7\s+ms`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(""), PlanOnly: true, ExpectError: floor},
			{Config: config("queue_limit = 100"), PlanOnly: true, ExpectError: floor},
			{Config: regexp.MustCompile(`latency_p99_ms = 5`).ReplaceAllString(config(""), "latency_p99_ms = 1000"), PlanOnly: true, ExpectNonEmptyPlan: true},
		},
	})
}
