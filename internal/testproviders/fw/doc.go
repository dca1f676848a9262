package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// docResource is fw_doc: state only, with the typed values whose plan
// text Terraform writes in its own ways: a string that holds JSON, a
// multi-line string, a list of numbers and a set of strings.
type docResource struct{}

type docModel struct {
	ID     types.String `tfsdk:"id"`
	Policy types.String `tfsdk:"policy"`
	Notes  types.String `tfsdk:"notes"`
	Ports  types.List   `tfsdk:"ports"`
	Groups types.Set    `tfsdk:"groups"`
}

func (*docResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_doc"
}

func (*docResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{Attributes: map[string]rschema.Attribute{
		"id":     rschema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"policy": rschema.StringAttribute{Optional: true},
		"notes":  rschema.StringAttribute{Optional: true},
		"ports":  rschema.ListAttribute{ElementType: types.Int64Type, Optional: true},
		"groups": rschema.SetAttribute{ElementType: types.StringType, Optional: true},
	}}
}

func (*docResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m docModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(newID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (*docResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (*docResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m docModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (*docResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
