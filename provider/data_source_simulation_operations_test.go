package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// testOperationsConfig is a simulation of one origin whose requests are
// the given operations, over two literal replica sets: "catalog", whose
// own reads are strong, and "orders"; extra adds arguments.
func testOperationsConfig(origin, extra string) string {
	return fmt.Sprintf(`
data "topology_simulation" "test" {
  regions      = [{ name = "us-east-1", location = "aws:us-east-1", instances = 4, concurrency = 4, service_time_ms = 10 }]
  replica_sets = [
    { name = "catalog", regions = ["us-east-1"], leader = "us-east-1", replication = "async_primary", read_consistency = "strong" },
    { name = "orders", regions = ["us-east-1"], leader = "us-east-1", replication = "sync_quorum", read_consistency = "strong" },
  ]
  workload = { keys = 100, origins = [%s] }
  %s
  %s
}
`, origin, testQuickRun, extra)
}

// testOperationsOrigin is an origin with the given operations.
func testOperationsOrigin(ops string) string {
	return fmt.Sprintf(`{ name = "shop", location = "aws:us-east-1", rps = 100, operations = [%s] }`, ops)
}

const (
	testBrowseOp = `{ name = "browse", share = 0.9, replica_set = "catalog", kind = "read", read_consistency = "eventual" }`
	testOrderOp  = `{ name = "order", share = 0.1, replica_set = "orders", kind = "write" }`
)

// TestAccSimulationDataSource_operations checks every argument of
// workload.origins[].operations and sla.duplicate_write_ratio: each bad
// value is refused at plan time at the attribute at fault, with the
// number and the fix, and a valid mix plans with results per operation
// (an eventual read overriding its set's strong reads, a non-idempotent
// write whose duplicates are 0 without retries).
func TestAccSimulationDataSource_operations(t *testing.T) {
	ops := func(list string) string { return testOperationsConfig(testOperationsOrigin(list), "") }
	one := func(op string) string { return ops(op + ", " + testOrderOp) }
	p := `workload\.origins\[0\]\.operations\[0\]\.`
	cases := []struct{ config, err string }{
		{ops(``), `workload\.origins\[0\]\.operations\s+is\s+empty.*Add\s+the\s+origin's\s+operations`},
		{one(`{ name = "Browse Now", share = 0.9, kind = "read" }`), p + `name\s+must\s+be\s+1\s+to\s+63\s+lowercase\s+letters`},
		{one(`{ share = 0.9, kind = "read" }`), `name\s+is\s+required\s+but\s+not\s+set`},
		{one(`{ name = "browse", kind = "read" }`), `share\s+is\s+required\s+but\s+not\s+set`},
		{one(`{ name = "browse", share = 0.9 }`), `kind\s+is\s+required\s+but\s+not\s+set`},
		{one(`{ name = "browse", share = 0, kind = "read" }`), p + `share\s+must\s+be\s+greater\s+than\s+0\s+and\s+at\s+most\s+1,\s+got\s+0`},
		{one(`{ name = "browse", share = 1.5, kind = "read" }`), p + `share\s+must\s+be\s+greater\s+than\s+0\s+and\s+at\s+most\s+1,\s+got\s+1\.5`},
		{one(`{ name = "browse", share = 0.8, kind = "read" }`),
			`the\s+shares\s+of\s+origin\s+shop's\s+operations\s+sum\s+to\s+0\.9,\s+not\s+1.*browse\s+0\.8,\s+order\s+0\.1.*divide\s+each\s+by\s+0\.9`},
		{one(`{ name = "browse", share = 0.9, kind = "delete" }`), p + `kind\s+must\s+be\s+one\s+of\s+"read"\s+or\s+"write",\s+got\s+"delete"`},
		{one(`{ name = "browse", share = 0.9, kind = "read", replica_set = "products" }`),
			`operation\s+browse\s+of\s+origin\s+shop\s+uses\s+replica\s+set\s+"products",\s+which\s+is\s+not\s+declared.*catalog,\s+orders`},
		{one(`{ name = "browse", share = 0.9, kind = "read", replica_set = "Products" }`), p + `replica_set\s+must\s+be\s+1\s+to\s+63\s+lowercase`},
		{one(`{ name = "browse", share = 0.9, kind = "read", read_consistency = "linearizable" }`),
			p + `read_consistency\s+must\s+be\s+one\s+of\s+"strong",\s+"bounded_staleness",\s+"eventual"\s+or\s+"read_your_writes",\s+got\s+"linearizable"`},
		{one(`{ name = "browse", share = 0.9, kind = "write", read_consistency = "eventual" }`),
			`operation\s+browse\s+of\s+origin\s+shop\s+is\s+a\s+write,\s+and\s+read_consistency\s+applies\s+to\s+reads\s+only`},
		{one(`{ name = "browse", share = 0.9, kind = "read", read_consistency = "bounded_staleness" }`),
			`reads\s+bounded_staleness\s+with\s+no\s+bound.*set\s+staleness_bound_ms\s+on\s+the\s+operation`},
		{one(`{ name = "browse", share = 0.9, kind = "read", read_consistency = "bounded_staleness", staleness_bound_ms = -1 }`),
			p + `staleness_bound_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+-1`},
		{one(`{ name = "browse", share = 0.9, kind = "read", staleness_bound_ms = 100 }`),
			`sets\s+staleness_bound_ms\s+without\s+read_consistency\s+=\s+"bounded_staleness"`},
		{one(`{ name = "browse", share = 0.9, kind = "read", idempotent = false }`),
			`operation\s+browse\s+of\s+origin\s+shop\s+is\s+a\s+read\s+declared\s+idempotent\s+=\s+false.*no\s+duplicate\s+effect`},
		{one(`{ name = "browse", share = 0.9, kind = "read", latency_p99_ms = 0 }`), p + `latency_p99_ms\s+must\s+be\s+greater\s+than\s+0,\s+got\s+0`},
		{one(`{ name = "browse", share = 0.9, kind = "read", availability = 1.5 }`), p + `availability\s+must\s+be\s+greater\s+than\s+0\s+and\s+at\s+most\s+1,\s+got\s+1\.5`},
		{one(`{ name = "browse", share = 0.9, kind = "read", stale_read_ratio = 2 }`), p + `stale_read_ratio\s+must\s+be\s+at\s+least\s+0\s+and\s+at\s+most\s+1,\s+got\s+2`},
		{one(`{ name = "browse", share = 0.9, kind = "write", stale_read_ratio = 0.1 }`), `is\s+a\s+write,\s+and\s+stale_read_ratio\s+is\s+a\s+target\s+on\s+reads`},
		{one(`{ name = "browse", share = 0.9, kind = "write", duplicate_write_ratio = -1 }`), p + `duplicate_write_ratio\s+must\s+be\s+at\s+least\s+0\s+and\s+at\s+most\s+1,\s+got\s+-1`},
		{one(`{ name = "browse", share = 0.9, kind = "read", duplicate_write_ratio = 0 }`), `is\s+a\s+read,\s+and\s+duplicate_write_ratio\s+is\s+a\s+target\s+on\s+writes`},
		{one(`{ name = "order", share = 0.9, kind = "read" }`), `origin\s+shop\s+has\s+two\s+operations\s+named\s+"order",\s+at\s+indexes\s+0\s+and\s+1`},
		{one(`{ name = "browse", share = 0.9, kind = "read", sharee = 1 }`), `sharee.*share`},
		{testOperationsConfig(`{ name = "shop", location = "aws:us-east-1", rps = 100, read_ratio = 0.5, operations = [`+testBrowseOp+`, `+testOrderOp+`] }`, ""),
			`origin\s+shop\s+sets\s+both\s+read_ratio\s+and\s+operations.*remove\s+read_ratio`},
		{testOperationsConfig(`{ name = "shop", location = "aws:us-east-1", rps = 100, replica_set = "orders", operations = [`+testBrowseOp+`, `+testOrderOp+`] }`, ""),
			`origin\s+shop\s+sets\s+both\s+replica_set\s+and\s+operations`},
		{testOperationsConfig(testOperationsOrigin(testBrowseOp+", "+testOrderOp), `sla = { duplicate_write_ratio = 2 }`),
			`sla\.duplicate_write_ratio\s+must\s+be\s+at\s+least\s+0\s+and\s+at\s+most\s+1,\s+got\s+2`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	ds := "data.topology_simulation.test"
	op := func(i int) tfjsonpath.Path {
		return tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("operations").AtSliceIndex(i)
	}
	steps = append(steps, resource.TestStep{
		Config: testOperationsConfig(testOperationsOrigin(
			`{ name = "browse", share = 0.9, replica_set = "catalog", kind = "read", read_consistency = "eventual", latency_p99_ms = 1000, stale_read_ratio = 0.5 },
			 { name = "order", share = 0.1, replica_set = "orders", kind = "write", latency_p99_ms = 1000, duplicate_write_ratio = 0 }`),
			`sla = { duplicate_write_ratio = 0 }`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(ds, op(0).AtMapKey("name"), knownvalue.StringExact("browse")),
			statecheck.ExpectKnownValue(ds, op(0).AtMapKey("origin"), knownvalue.StringExact("shop")),
			statecheck.ExpectKnownValue(ds, op(0).AtMapKey("read_consistency"), knownvalue.StringExact("eventual")),
			statecheck.ExpectKnownValue(ds, op(0).AtMapKey("idempotent"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(ds, op(0).AtMapKey("duplicate_writes"), knownvalue.Null()),
			statecheck.ExpectKnownValue(ds, op(1).AtMapKey("kind"), knownvalue.StringExact("write")),
			statecheck.ExpectKnownValue(ds, op(1).AtMapKey("replica_set"), knownvalue.StringExact("orders")),
			statecheck.ExpectKnownValue(ds, op(1).AtMapKey("idempotent"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue(ds, op(1).AtMapKey("duplicate_writes"), knownvalue.Float64Exact(0)),
			statecheck.ExpectKnownValue(ds, op(1).AtMapKey("stale_read_ratio"), knownvalue.Null()),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("duplicate_writes"), knownvalue.Float64Exact(0)),
			// Clauses: the global duplicate_write_ratio, then browse's two
			// and order's two, each naming its operation.
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("sla"), knownvalue.ListPartial(map[int]knownvalue.Check{
				0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"clause": knownvalue.StringExact("duplicate_write_ratio"), "operation": knownvalue.Null(), "status": knownvalue.StringExact("pass")}),
				1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"clause": knownvalue.StringExact("latency_p99_ms"), "origin": knownvalue.StringExact("shop"), "operation": knownvalue.StringExact("browse")}),
				2: knownvalue.ObjectPartial(map[string]knownvalue.Check{"clause": knownvalue.StringExact("stale_read_ratio"), "operation": knownvalue.StringExact("browse")}),
				4: knownvalue.ObjectPartial(map[string]knownvalue.Check{"clause": knownvalue.StringExact("duplicate_write_ratio"), "operation": knownvalue.StringExact("order"), "status": knownvalue.StringExact("pass")}),
			})),
		},
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
