package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// logicalCRUD is the Create, Read, Update and Delete of a logical
// resource whose state is model M: ModifyPlan has already computed every
// attribute, so Create and Update record the plan, Read keeps the state
// (nothing outside Terraform changes a logical object), and Delete has
// nothing to release. Embedded by every resource of the provider.
type logicalCRUD[M any] struct{}

// Create records the plan.
func (logicalCRUD[M]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	logResource(ctx, "Create", req.Plan, nil)
}

// Read keeps the state as it is.
func (logicalCRUD[M]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	logResource(ctx, "Read", req.State, nil)
}

// Update records the plan, like Create.
func (logicalCRUD[M]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	logResource(ctx, "Update", req.Plan, nil)
}

// Delete has nothing to release; the framework removes the state.
func (logicalCRUD[M]) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	logResource(ctx, "Delete", req.State, nil)
}
