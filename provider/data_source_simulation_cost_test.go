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

// testPrices is a full price list.
const testPrices = `{ currency = "USD", instance_hour = 0.5, transfer_out_gb = 0.02, internet_egress_gb = 0.09, storage_gb_month = 0.1 }`

// testCostConfig is a simulation of two priced regions (use1's prices
// replaced by prices when not empty), a replica set over both, and an
// origin with sizes; origin and set replace theirs when not empty, extra
// adds arguments.
func testCostConfig(prices, origin, set, extra string) string {
	if prices == "" {
		prices = testPrices
	}
	if origin == "" {
		origin = `{ name = "shop", location = "aws:us-east-1", rps = 100, read_ratio = 0.5, request_bytes = 800, response_bytes = 4000 }`
	}
	if set == "" {
		set = `{ name = "db", regions = ["us-east-1", "eu-west-1"], leader = "us-east-1", replication = "async_primary", storage_gb = 50, record_bytes = 600 }`
	}
	return fmt.Sprintf(`
data "topology_simulation" "test" {
  regions = [
    { name = "us-east-1", location = "aws:us-east-1", instances = 2, concurrency = 4, service_time_ms = 10, prices = %s },
    { name = "eu-west-1", location = "aws:eu-west-1", instances = 2, concurrency = 4, service_time_ms = 10, prices = %s },
  ]
  replica_sets = [%s]
  workload     = { keys = 100, origins = [%s] }
  %s
  %s
}
`, prices, testPrices, set, origin, testQuickRun, extra)
}

// TestAccSimulationDataSource_cost checks every cost argument (prices,
// request/response sizes of origins and operations, a replica set's
// storage and record size, sla.max_cost_per_hour): each bad value is
// refused at plan time at the attribute at fault, with the number and the
// fix, and a valid configuration plans with its cost figures.
func TestAccSimulationDataSource_cost(t *testing.T) {
	withPrice := func(field, v string) string {
		return `{ currency = "USD", instance_hour = 0.5, transfer_out_gb = 0.02, internet_egress_gb = 0.09, storage_gb_month = 0.1, ` + field + ` = ` + v + ` }`
	}
	p := `regions\[0\]\.prices\.`
	cases := []struct{ config, err string }{
		{testCostConfig(withPrice("instance_hour", "-1"), "", "", ""), p + `instance_hour\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
		{testCostConfig(withPrice("transfer_out_gb", "-0.5"), "", "", ""), p + `transfer_out_gb\s+must\s+be\s+at\s+least\s+0,\s+got\s+-0\.5`},
		{testCostConfig(withPrice("internet_egress_gb", "-2"), "", "", ""), p + `internet_egress_gb\s+must\s+be\s+at\s+least\s+0,\s+got\s+-2`},
		{testCostConfig(withPrice("storage_gb_month", "-3"), "", "", ""), p + `storage_gb_month\s+must\s+be\s+at\s+least\s+0,\s+got\s+-3`},
		{testCostConfig(withPrice("currency", `"US Dollar"`), "", "", ""), p + `currency\s+must\s+be\s+1\s+to\s+16\s+letters`},
		{testCostConfig(withPrice("currency", `"EUR"`), "", "", ""), `region\s+"eu-west-1"\s+prices\s+in\s+"USD",\s+but\s+region\s+"us-east-1"\s+in\s+"EUR".*convert\s+them\s+to\s+one\s+currency`},
		{testCostConfig(`{ instance_hour = 0.5, transfer_out_gb = 0.02, internet_egress_gb = 0.09 }`, "", "", ""),
			`storage_gb_month\s+is\s+required\s+but\s+not\s+set.*or\s+0\s+if\s+it\s+is\s+free`},
		{testCostConfig(`null`, "", "", ""), `region\s+"us-east-1"\s+has\s+no\s+prices,\s+but\s+region\s+"eu-west-1"\s+has.*give\s+every\s+region\s+prices`},
		{testCostConfig("", `{ location = "aws:us-east-1", rps = 100, read_ratio = 0.5, request_bytes = -1, response_bytes = 10 }`, "", ""),
			`workload\.origins\[0\]\.request_bytes\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
		{testCostConfig("", `{ location = "aws:us-east-1", rps = 100, read_ratio = 0.5, request_bytes = 1, response_bytes = 2000000000 }`, "", ""),
			`workload\.origins\[0\]\.response_bytes\s+must\s+be\s+at\s+most\s+1073741824,\s+got\s+2000000000`},
		{testCostConfig("", `{ name = "shop", location = "aws:us-east-1", rps = 100, request_bytes = 1, response_bytes = 1, operations = [
			{ name = "get", share = 1, kind = "read", request_bytes = -5 }] }`, "", ""),
			`workload\.origins\[0\]\.operations\[0\]\.request_bytes\s+must\s+be\s+at\s+least\s+0,\s+got\s+-5`},
		{testCostConfig("", `{ name = "shop", location = "aws:us-east-1", rps = 100, request_bytes = 1, response_bytes = 1, operations = [
			{ name = "get", share = 1, kind = "read", response_bytes = -6 }] }`, "", ""),
			`workload\.origins\[0\]\.operations\[0\]\.response_bytes\s+must\s+be\s+at\s+least\s+0,\s+got\s+-6`},
		{testCostConfig("", "", `{ name = "db", regions = ["us-east-1", "eu-west-1"], leader = "us-east-1", replication = "async_primary", storage_gb = -1 }`, ""),
			`replica_sets\[0\]\.storage_gb\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
		{testCostConfig("", "", `{ name = "db", regions = ["us-east-1", "eu-west-1"], leader = "us-east-1", replication = "async_primary", storage_gb = 1, record_bytes = -2 }`, ""),
			`replica_sets\[0\]\.record_bytes\s+must\s+be\s+at\s+least\s+0,\s+got\s+-2`},
		{testCostConfig("", "", "", `sla = { max_cost_per_hour = -1 }`), `sla\.max_cost_per_hour\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`},
		{testCostConfig("", `{ name = "shop", location = "aws:us-east-1", rps = 100, read_ratio = 0.5, request_bytes = 800 }`, "", `sla = { max_cost_per_hour = 100 }`),
			`origin\s+shop\s+has\s+no\s+response_bytes,\s+but\s+internet\s+egress\s+is\s+priced.*max_cost_per_hour\s+would\s+be\s+judged`},
		{testCostConfig("", "", `{ name = "db", regions = ["us-east-1", "eu-west-1"], leader = "us-east-1", replication = "async_primary" }`, `sla = { max_cost_per_hour = 100 }`),
			`replica\s+set\s+"db"\s+has\s+no\s+storage_gb,\s+but\s+storage\s+is\s+priced`},
		{fmt.Sprintf(`
data "topology_simulation" "test" {
  regions  = [{ name = "us-east-1", location = "aws:us-east-1", %s }]
  workload = { origins = [%s] }
  sla      = { max_cost_per_hour = 10 }
  %s
}`, testLiteralRegion, testLiteralOrigin, testQuickRun), `sla\.max_cost_per_hour\s+=\s+10\s+needs\s+prices,\s+but\s+no\s+region\s+has\s+any`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	ds := "data.topology_simulation.test"
	// A new path each time: AtMapKey appends to the path it is called on.
	cost := func() tfjsonpath.Path { return tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("cost") }
	// 2 instances over the 18 s measured window, priced 0.5 an hour.
	ih := 2 * ((20.0 - 2) / 3600)
	steps = append(steps, resource.TestStep{
		Config: testCostConfig("", "", "", `sla = { max_cost_per_hour = 1000 }`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(ds, cost().AtMapKey("currency"), knownvalue.StringExact("USD")),
			statecheck.ExpectKnownValue(ds, cost().AtMapKey("hours_per_month"), knownvalue.Float64Exact(730)),
			statecheck.ExpectKnownValue(ds, cost().AtMapKey("regions").AtSliceIndex(0).AtMapKey("instance_hours"), knownvalue.Float64Exact(ih)),
			statecheck.ExpectKnownValue(ds, cost().AtMapKey("regions").AtSliceIndex(0).AtMapKey("storage_gb"), knownvalue.Float64Exact(50)),
			statecheck.ExpectKnownValue(ds, cost().AtMapKey("per_hour").AtMapKey("total"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("sla"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"clause": knownvalue.StringExact("max_cost_per_hour"), "status": knownvalue.StringExact("pass")}),
			})),
		},
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// TestAccSimulationDataSource_noPricesNoCost: without prices the cost is
// null, not 0.
func TestAccSimulationDataSource_noPricesNoCost(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testSimulationConfig(`sla = { availability = 0.9 }`, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.topology_simulation.test", tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("cost"), knownvalue.Null()),
			},
		}},
	})
}

// TestAccCostResources: topology_region takes prices and
// topology_replica_set storage_gb and record_bytes, each validated at
// validate time, and whole resources carry them into a simulation.
func TestAccCostResources(t *testing.T) {
	config := func(prices, set string) string {
		return fmt.Sprintf(`
resource "topology_region" "use1" {
  name            = "use1"
  location        = "aws:us-east-1"
  instances       = 3
  service_time_ms = 10
  prices          = %s
}
resource "topology_replica_set" "db" {
  name        = "db"
  regions     = [topology_region.use1.name]
  leader      = topology_region.use1.name
  replication = "async_primary"
  %s
}
`, prices, set)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(`{ instance_hour = -1, transfer_out_gb = 0, internet_egress_gb = 0, storage_gb_month = 0 }`, ""),
				ExpectError: regexp.MustCompile(`prices\.instance_hour\s+must\s+be\s+at\s+least\s+0,\s+got\s+-1`)},
			{Config: config(`{ instance_hour = 1 }`, ""),
				ExpectError: regexp.MustCompile(`(?s)attributes\s+"internet_egress_gb",.*"transfer_out_gb"\s+are\s+required`)},
			{Config: config(testPrices, `storage_gb = -4`),
				ExpectError: regexp.MustCompile(`storage_gb\s+must\s+be\s+at\s+least\s+0,\s+got\s+-4`)},
			{Config: config(testPrices, `record_bytes = 1.5`),
				ExpectError: regexp.MustCompile(`record_bytes`)},
			{
				Config: config(testPrices, "storage_gb = 20\n  record_bytes = 512"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("topology_region.use1", tfjsonpath.New("prices").AtMapKey("instance_hour"), knownvalue.Float64Exact(0.5)),
					statecheck.ExpectKnownValue("topology_region.use1", tfjsonpath.New("prices").AtMapKey("currency"), knownvalue.StringExact("USD")),
					statecheck.ExpectKnownValue("topology_replica_set.db", tfjsonpath.New("storage_gb"), knownvalue.Float64Exact(20)),
					statecheck.ExpectKnownValue("topology_replica_set.db", tfjsonpath.New("record_bytes"), knownvalue.Int64Exact(512)),
				},
			},
			{
				Config: config(testPrices, "storage_gb = 20\n  record_bytes = 512") + fmt.Sprintf(`
locals {
  regions = [topology_region.use1]
  sets    = [topology_replica_set.db]
}
data "topology_simulation" "test" {
  regions      = local.regions
  replica_sets = local.sets
  workload     = { keys = 100, origins = [{ location = "aws:us-east-1", rps = 50, read_ratio = 0.5, request_bytes = 100, response_bytes = 100 }] }
  %s
}`, testQuickRun),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.topology_simulation.test",
						tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("cost").AtMapKey("regions").AtSliceIndex(0).AtMapKey("storage_gb"), knownvalue.Float64Exact(20)),
					statecheck.ExpectKnownValue("data.topology_simulation.test",
						tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("cost").AtMapKey("per_hour").AtMapKey("compute"), knownvalue.NotNull()),
				},
			},
		},
	})
}
