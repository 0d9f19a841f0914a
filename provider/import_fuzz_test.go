package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// importState runs a resource's whole import path (parse, the schema's own
// validators over the imported values, resolving computed attributes) the
// way the framework calls it, on an empty state of the resource's schema.
func importState(t *testing.T, r resource.ResourceWithImportState, id string) *resource.ImportStateResponse {
	t.Helper()
	ctx := context.Background()
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	resp := &resource.ImportStateResponse{State: tfsdk.State{
		Schema: s.Schema,
		Raw:    tftypes.NewValue(s.Schema.Type().TerraformType(ctx), nil),
	}}
	r.ImportState(ctx, resource.ImportStateRequest{ID: id}, resp)
	return resp
}

// fuzzImport checks that any import ID gives either error diagnostics or a
// state whose id is the imported name: never a panic, never a state that
// passed without a name.
func fuzzImport(f *testing.F, newResource func() resource.ResourceWithImportState, seeds []string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		resp := importState(t, newResource(), id)
		if resp.Diagnostics.HasError() {
			return
		}
		var gotID, name types.String
		resp.Diagnostics.Append(resp.State.GetAttribute(context.Background(), path.Root("id"), &gotID)...)
		resp.Diagnostics.Append(resp.State.GetAttribute(context.Background(), path.Root("name"), &name)...)
		if resp.Diagnostics.HasError() || name.ValueString() == "" || gotID.ValueString() != name.ValueString() {
			t.Fatalf("import %q succeeded with id %q and name %q (%v)", id, gotID.ValueString(), name.ValueString(), resp.Diagnostics)
		}
	})
}

func FuzzRegionImportID(f *testing.F) {
	fuzzImport(f, func() resource.ResourceWithImportState { return &regionResource{} }, []string{
		regionImportExample,
		"name=paris,location=geo:48.86,2.35,instances=2,service_time_ms=5,queue_limit=0",
		"name=a,location=aws:eu-west-1,instances=1,service_time_ms=1,service_time_distribution=lognormal,service_time_p99_over_p50=4",
		"name=a,location=geo:91,0,instances=-1,service_time_ms=NaN",
		",,=,name==",
	})
}

func FuzzReplicaSetImportID(f *testing.F) {
	fuzzImport(f, func() resource.ResourceWithImportState { return &replicaSetResource{} }, []string{
		"name=orders,regions=us-east-1;eu-west-1,leader=us-east-1,replication=sync_quorum",
		"name=o,regions=a;b;c,leader=b,replication=async_primary,promotion_delay_ms=5000",
		"name=o,regions=a;a,leader=z,replication=multi_leader,quorum=x",
		"regions=;;,name=",
	})
}

func FuzzRoutingPolicyImportID(f *testing.F) {
	fuzzImport(f, func() resource.ResourceWithImportState { return &routingPolicyResource{} }, []string{
		routingPolicyImportExample,
		"name=global,strategy=geo,geo_routes=virginia=us-east-1;geo:48.9,2.4=eu-west-1",
		"name=g,strategy=weighted,weights=a=1;b=0,retry.backoff_base_ms=5000,retry.backoff_max_ms=10",
		"name=g,health_check.interval_s=2,health_check.timeout_ms=5000,circuit_breaker.open_s=0",
		"weights=;;,name=",
	})
}
