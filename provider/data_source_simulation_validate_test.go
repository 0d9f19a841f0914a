package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/multiregion/terraform-provider-topology/internal/mapping"
)

// noWritesConfigJSON is a topology_simulation with a replica set whose
// origin leaves read_ratio out.
const noWritesConfigJSON = `{
  "regions": [{"name": "us-east-1", "location": "aws:us-east-1", "instances": 2, "service_time_ms": 20}],
  "replica_sets": [{"name": "orders", "regions": ["us-east-1"], "leader": "us-east-1", "replication": "async_primary",
                    "read_consistency": "eventual", "promotion_delay_ms": 5000, "apply_time_ms": 1}],
  "workload": {"keys": 50, "origins": [{"location": "aws:us-east-1", "rps": 10, "replica_set": "orders"}]}
}`

// TestSimulationValidateConfig_noWrites checks the warning for an origin
// that sends no writes to a replica set because read_ratio is left out.
func TestSimulationValidateConfig_noWrites(t *testing.T) {
	ctx := context.Background()
	s := mapping.SimulationSchema()
	val, err := mapping.ConfigValueFromJSON(ctx, []byte(noWritesConfigJSON))
	if err != nil {
		t.Fatal(err)
	}
	var resp datasource.ValidateConfigResponse
	(&simulationDataSource{}).ValidateConfig(ctx, datasource.ValidateConfigRequest{Config: tfsdk.Config{Schema: s, Raw: val}}, &resp)
	if resp.Diagnostics.HasError() || len(resp.Diagnostics) != 1 {
		t.Fatalf("want one warning, got %v", resp.Diagnostics)
	}
	d := resp.Diagnostics[0]
	if d.Severity() != diag.SeverityWarning || !strings.Contains(d.Detail(), "workload.origins[0].read_ratio is not set, so it defaults to 1") {
		t.Errorf("warning = %s: %s", d.Summary(), d.Detail())
	}
}
