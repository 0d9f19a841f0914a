package provider

import (
	"context"
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

const testReplicaSetAddress = "topology_replica_set.test"

// replicaSetConfig returns a valid sync_quorum replica set with the given
// arguments replaced or added (one "key = value" per line; an empty value
// removes the argument).
func replicaSetConfig(overrides string) string {
	args := map[string]string{
		"name":        `"orders"`,
		"regions":     `["us-east-1", "eu-west-1", "ap-northeast-1"]`,
		"leader":      `"us-east-1"`,
		"replication": `"sync_quorum"`,
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
	b.WriteString("resource \"topology_replica_set\" \"test\" {\n")
	for _, k := range mapping.SortedKeys(args) {
		fmt.Fprintf(&b, "  %s = %s\n", k, args[k])
	}
	b.WriteString("}\n")
	return b.String()
}

// replicaSetPlanChecks checks planned values of the test replica set.
func replicaSetPlanChecks(action plancheck.ResourceActionType, values map[string]knownvalue.Check) []plancheck.PlanCheck {
	checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(testReplicaSetAddress, action)}
	for _, name := range mapping.SortedKeys(values) {
		checks = append(checks, plancheck.ExpectKnownValue(testReplicaSetAddress, tfjsonpath.New(name), values[name]))
	}
	return checks
}

func replicaSetStateChecks(values map[string]knownvalue.Check) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for _, name := range mapping.SortedKeys(values) {
		checks = append(checks, statecheck.ExpectKnownValue(testReplicaSetAddress, tfjsonpath.New(name), values[name]))
	}
	return checks
}

func TestAccReplicaSetResource_lifecycle(t *testing.T) {
	strs := func(xs ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, len(xs))
		for i, x := range xs {
			checks[i] = knownvalue.StringExact(x)
		}
		return knownvalue.ListExact(checks)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Create: defaults and computed values known in the plan.
			{
				Config: replicaSetConfig(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replicaSetPlanChecks(plancheck.ResourceActionCreate,
					map[string]knownvalue.Check{
						"id":                  knownvalue.StringExact("orders"),
						"quorum":              knownvalue.Int64Exact(2),
						"replicas":            knownvalue.Int64Exact(3),
						"write_regions":       strs("us-east-1"),
						"read_consistency":    knownvalue.StringExact("strong"),
						"apply_time_ms":       knownvalue.Float64Exact(mapping.DefaultApplyTimeMs),
						"election_timeout_ms": knownvalue.Float64Exact(mapping.DefaultElectionTimeoutMs),
						"promotion_delay_ms":  knownvalue.Null(),
						"conflict_resolution": knownvalue.Null(),
						"staleness_bound_ms":  knownvalue.Null(),
					})},
				ConfigStateChecks: replicaSetStateChecks(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("orders"), "quorum": knownvalue.Int64Exact(2),
				}),
			},
			{
				ResourceName:      testReplicaSetAddress,
				ImportState:       true,
				ImportStateId:     "name=orders,regions=us-east-1;eu-west-1;ap-northeast-1,leader=us-east-1,replication=sync_quorum",
				ImportStateVerify: true,
			},
			// Switching to async_primary with bounded staleness: in place, the
			// sync settings go null and the async ones take their defaults.
			{
				Config: replicaSetConfig("replication = \"async_primary\"\nread_consistency = \"bounded_staleness\"\nstaleness_bound_ms = 500"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replicaSetPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"quorum":              knownvalue.Null(),
						"election_timeout_ms": knownvalue.Null(),
						"promotion_delay_ms":  knownvalue.Float64Exact(mapping.DefaultPromotionDelayMs),
						"write_regions":       strs("us-east-1"),
						"staleness_bound_ms":  knownvalue.Float64Exact(500),
					})},
			},
			{
				ResourceName: testReplicaSetAddress,
				ImportState:  true,
				ImportStateId: "name=orders,regions=us-east-1;eu-west-1;ap-northeast-1,leader=us-east-1,replication=async_primary," +
					"read_consistency=bounded_staleness,staleness_bound_ms=500",
				ImportStateVerify: true,
			},
			// multi_leader: every region writes; conflict resolution set.
			{
				Config: replicaSetConfig("replication = \"multi_leader\"\nconflict_resolution = \"crdt\"\nread_consistency = \"eventual\"\napply_time_ms = 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replicaSetPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"promotion_delay_ms":  knownvalue.Null(),
						"conflict_resolution": knownvalue.StringExact("crdt"),
						"write_regions":       strs("us-east-1", "eu-west-1", "ap-northeast-1"),
						"apply_time_ms":       knownvalue.Float64Exact(2),
					})},
			},
			{
				ResourceName: testReplicaSetAddress,
				ImportState:  true,
				ImportStateId: "name=orders,regions=us-east-1;eu-west-1;ap-northeast-1,leader=us-east-1,replication=multi_leader," +
					"conflict_resolution=crdt,read_consistency=eventual,apply_time_ms=2",
				ImportStateVerify: true,
			},
			// Back to sync_quorum with an explicit quorum, then a rename,
			// which replaces the replica set.
			{
				Config: replicaSetConfig("quorum = 3\nelection_timeout_ms = 300"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replicaSetPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"quorum":              knownvalue.Int64Exact(3),
						"election_timeout_ms": knownvalue.Float64Exact(300),
						"conflict_resolution": knownvalue.Null(),
					})},
			},
			{
				Config: replicaSetConfig("name = \"payments\"\nquorum = 3\nelection_timeout_ms = 300"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replicaSetPlanChecks(plancheck.ResourceActionDestroyBeforeCreate,
					map[string]knownvalue.Check{"id": knownvalue.StringExact("payments")})},
			},
			// Import errors say what is wrong and show the format.
			{
				ResourceName:  testReplicaSetAddress,
				ImportState:   true,
				ImportStateId: "name=payments,regions=us-east-1;eu-west-1,leader=ap-northeast-1,replication=sync_quorum",
				ExpectError:   regexp.MustCompile(`(?s)Invalid\s+import\s+ID.*leader\s+"ap-northeast-1"\s+is\s+not\s+one\s+of\s+regions`),
			},
			{
				ResourceName:  testReplicaSetAddress,
				ImportState:   true,
				ImportStateId: "name=payments,leader=us-east-1",
				ExpectError:   regexp.MustCompile(`missing\s+required\s+key\(s\):\s+regions,\s+replication`),
			},
			// Adding a region is in place and moves the majority.
			{
				Config: replicaSetConfig("name = \"payments\"\nregions = [\"us-east-1\", \"eu-west-1\", \"ap-northeast-1\", \"us-west-2\", \"eu-central-1\"]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replicaSetPlanChecks(plancheck.ResourceActionUpdate,
					map[string]knownvalue.Check{
						"quorum":   knownvalue.Int64Exact(3),
						"replicas": knownvalue.Int64Exact(5),
					})},
			},
		},
	})
}

func TestAccReplicaSetResource_validation(t *testing.T) {
	cases := []struct {
		overrides string
		err       string
	}{
		{`leader = "eu-central-1"`, `leader\s+"eu-central-1"\s+is\s+not\s+one\s+of\s+regions\s+\["us-east-1",\s+"eu-west-1",\s+"ap-northeast-1"\].*Set\s+leader\s+to\s+one\s+of`},
		{`quorum = 4`, `quorum\s+is\s+4\s+but\s+the\s+replica\s+set\s+has\s+3\s+replicas.*Set\s+quorum\s+between\s+1\s+and\s+3,\s+omit\s+it\s+for\s+a\s+majority\s+\(2\)`},
		{`quorum = 0`, `quorum\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`},
		{"replication = \"async_primary\"\nquorum = 2", `quorum\s+\(2\)\s+only\s+applies\s+to\s+replication\s+=\s+"sync_quorum",\s+but\s+replication\s+is\s+"async_primary"`},
		{"replication = \"multi_leader\"\nelection_timeout_ms = 500", `election_timeout_ms\s+\(500\s+ms\)\s+only\s+applies\s+to\s+replication\s+=\s+"sync_quorum"`},
		{`promotion_delay_ms = 1000`, `promotion_delay_ms\s+\(1000\s+ms\)\s+only\s+applies\s+to\s+replication\s+=\s+"async_primary",\s+but\s+replication\s+is\s+"sync_quorum"`},
		{`conflict_resolution = "lww"`, `conflict_resolution\s+\("lww"\)\s+only\s+applies\s+to\s+replication\s+=\s+"multi_leader",\s+but\s+replication\s+is\s+"sync_quorum".*Remove\s+conflict_resolution`},
		{`read_consistency = "bounded_staleness"`, `read_consistency\s+is\s+"bounded_staleness"\s+but\s+staleness_bound_ms\s+is\s+not\s+set.*Set\s+staleness_bound_ms`},
		{`staleness_bound_ms = 200`, `staleness_bound_ms\s+\(200\s+ms\)\s+only\s+applies\s+to\s+read_consistency\s+=\s+"bounded_staleness",\s+but\s+read_consistency\s+is\s+not\s+set,\s+so\s+it\s+is\s+"strong"`},
		{"read_consistency = \"eventual\"\nstaleness_bound_ms = 200", `but\s+read_consistency\s+is\s+"eventual"`},
		{"read_consistency = \"bounded_staleness\"\nstaleness_bound_ms = 0", `staleness_bound_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{`name = "Orders"`, `name\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{`regions = []`, `regions\s+is\s+empty,\s+but\s+at\s+least\s+one\s+element\s+is\s+needed.*Add\s+the\s+regions`},
		{`regions = ["us-east-1", "eu-west-1", "us-east-1"]`, `regions\s+lists\s+region\s+"us-east-1"\s+twice,\s+at\s+indexes\s+0\s+and\s+2`},
		{`regions = ["us-east-1", "EU_West"]`, `regions\[1\]\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{`replication = "raft"`, `replication\s+must\s+be\s+one\s+of\s+"sync_quorum",\s+"async_primary"\s+or\s+"multi_leader",\s+got\s+"raft".\s+Pick\s+sync_quorum`},
		{`read_consistency = "linearizable"`, `read_consistency\s+must\s+be\s+one\s+of\s+"strong",\s+"bounded_staleness",\s+"eventual"\s+or\s+"read_your_writes",\s+got\s+"linearizable"`},
		{"replication = \"multi_leader\"\nconflict_resolution = \"vector\"", `conflict_resolution\s+must\s+be\s+one\s+of\s+"lww"\s+or\s+"crdt",\s+got\s+"vector"`},
		{`apply_time_ms = 0`, `apply_time_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{`election_timeout_ms = -1`, `election_timeout_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+-1`},
		{"replication = \"async_primary\"\npromotion_delay_ms = -1", `promotion_delay_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+-1`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      replicaSetConfig(c.overrides),
			ExpectError: regexp.MustCompile(`(?s)` + c.err),
		})
	}
	steps = append(steps, resource.TestStep{Config: replicaSetConfig("")})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccReplicaSetResource_knownFromReferences checks that a replica set
// built from regions that are created in the same plan has its computed
// values known at plan time.
func TestAccReplicaSetResource_knownFromReferences(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "topology_region" "a" {
  name            = "us-east-1"
  location        = "aws:us-east-1"
  instances       = 2
  service_time_ms = 10
}

resource "topology_region" "b" {
  name            = "eu-west-1"
  location        = "aws:eu-west-1"
  instances       = 2
  service_time_ms = 10
}

resource "topology_replica_set" "test" {
  name        = "orders"
  regions     = [topology_region.a.name, topology_region.b.name]
  leader      = topology_region.a.name
  replication = "sync_quorum"
}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replicaSetPlanChecks(plancheck.ResourceActionCreate,
				map[string]knownvalue.Check{"quorum": knownvalue.Int64Exact(2), "replicas": knownvalue.Int64Exact(2)})},
		}},
	})
}

func TestReplicaSetImportID(t *testing.T) {
	m, diags := parseReplicaSetImportID("name=orders, regions=us-east-1; eu-west-1,leader=us-east-1,replication=sync_quorum,quorum=1,apply_time_ms=0.5")
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	names, ok := mapping.RegionNames(m.Regions)
	if !ok || strings.Join(names, ",") != "us-east-1,eu-west-1" {
		t.Errorf("regions = %v, %v", names, ok)
	}
	if m.Quorum.ValueInt64() != 1 || m.ApplyTimeMs.ValueFloat64() != 0.5 || m.ReadConsistency.ValueString() != "strong" {
		t.Errorf("parsed %+v", m)
	}
	for id, want := range map[string]string{
		"name=orders":                                   "missing required key(s): regions, leader, replication",
		"name=orders,regions":                           `"regions" is not a key=value pair`,
		"name=a,name=b":                                 `key "name" is given more than once`,
		"name=a,zone=b":                                 `unknown key "zone"`,
		replicaSetImportExample + ",quorum=two":         "quorum=two is not a whole number",
		replicaSetImportExample + ",apply_time_ms=fast": "apply_time_ms=fast is not a finite number",
	} {
		_, diags := parseReplicaSetImportID(id)
		if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), want) {
			t.Errorf("parseReplicaSetImportID(%q) = %v; want an error containing %q", id, diags, want)
		}
	}
}

func TestResolveReplicaSet(t *testing.T) {
	list := func(xs ...string) types.List {
		var l []string
		l = append(l, xs...)
		v, _ := types.ListValueFrom(context.Background(), types.StringType, l)
		return v
	}
	all := replicaSetDefaults{quorum: true, election: true, promote: true, conflict: true}
	for _, tc := range []struct {
		regions types.List
		mode    types.String
		quorum  types.Int64
		replica types.Int64
	}{
		{list("a"), types.StringValue("sync_quorum"), types.Int64Value(1), types.Int64Value(1)},
		{list("a", "b"), types.StringValue("sync_quorum"), types.Int64Value(2), types.Int64Value(2)},
		{list("a", "b", "c", "d"), types.StringValue("sync_quorum"), types.Int64Value(3), types.Int64Value(4)},
		{list("a", "b", "c"), types.StringValue("async_primary"), types.Int64Null(), types.Int64Value(3)},
		{list("a", "b", "c"), types.StringUnknown(), types.Int64Unknown(), types.Int64Value(3)},
		{types.ListUnknown(types.StringType), types.StringValue("sync_quorum"), types.Int64Unknown(), types.Int64Unknown()},
	} {
		m := replicaSetResourceModel{Name: types.StringValue("x"), Regions: tc.regions, Leader: types.StringValue("a"), Replication: tc.mode}
		resolveReplicaSet(&m, all)
		if !m.Quorum.Equal(tc.quorum) || !m.Replicas.Equal(tc.replica) {
			t.Errorf("regions %s mode %s: quorum %s replicas %s; want %s %s", tc.regions, tc.mode, m.Quorum, m.Replicas, tc.quorum, tc.replica)
		}
	}
}

func TestCheckReplicaSet_unknownSkipped(t *testing.T) {
	f := mapping.ReplicaSet{
		Regions: types.ListUnknown(types.StringType), Leader: types.StringValue("zz"), Replication: types.StringUnknown(),
		ReadConsistency: types.StringUnknown(), Quorum: types.Int64Value(9), StalenessBoundMs: types.Float64Value(1),
		ElectionTimeoutMs: types.Float64Value(1), PromotionDelayMs: types.Float64Value(1), ConflictResolution: types.StringValue("lww"),
	}
	if diags := mapping.CheckReplicaSet(f, path.Root); diags.HasError() {
		t.Errorf("unknown inputs must not be judged yet: %v", diags)
	}
}
