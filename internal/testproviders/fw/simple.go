package main

import (
	"context"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// nullResource is fw_null: like null_resource, state only.
type nullResource struct{}

type nullModel struct {
	ID       types.String `tfsdk:"id"`
	Triggers types.Map    `tfsdk:"triggers"`
}

func (*nullResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_null"
}

func (*nullResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{Attributes: map[string]rschema.Attribute{
		"id": rschema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"triggers": rschema.MapAttribute{ElementType: types.StringType, Optional: true,
			PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}},
	}}
}

func (*nullResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m nullModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(newID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (*nullResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (*nullResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m nullModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (*nullResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// inconsistentResource is fw_inconsistent. With mode = "result" its apply
// returns another value than planned; with mode = "plan" its computed
// "planned" attribute is the content of DIR/planned at plan time, so a
// test that changes that file between plan and apply gets a final plan
// that differs from the saved one.
type inconsistentResource struct{ s *store }

type inconsistentModel struct {
	ID      types.String `tfsdk:"id"`
	Value   types.String `tfsdk:"value"`
	Mode    types.String `tfsdk:"mode"`
	Planned types.String `tfsdk:"planned"`
}

func (*inconsistentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_inconsistent"
}

func (r *inconsistentResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	r.s = storeOf(req.ProviderData)
}

func (*inconsistentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{Attributes: map[string]rschema.Attribute{
		"id":      rschema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"value":   rschema.StringAttribute{Required: true},
		"mode":    rschema.StringAttribute{Optional: true},
		"planned": rschema.StringAttribute{Computed: true},
	}}
}

func (r *inconsistentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.s == nil {
		return
	}
	var m inconsistentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	b, err := os.ReadFile(r.s.dir + "/planned")
	if err != nil {
		m.Planned = types.StringValue("none")
	} else {
		m.Planned = types.StringValue(strings.TrimSpace(string(b)))
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &m)...)
}

func (*inconsistentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m inconsistentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(newID())
	if m.Mode.ValueString() == "result" {
		m.Value = types.StringValue(m.Value.ValueString() + "-changed")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (*inconsistentResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (*inconsistentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m inconsistentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (*inconsistentResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// crashResource is fw_crash: its create writes a line to stderr and ends
// the process when crash = true.
type crashResource struct{}

type crashModel struct {
	ID    types.String `tfsdk:"id"`
	Crash types.Bool   `tfsdk:"crash"`
}

func (*crashResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_crash"
}

func (*crashResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{Attributes: map[string]rschema.Attribute{
		"id":    rschema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"crash": rschema.BoolAttribute{Optional: true},
	}}
}

func (*crashResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m crashModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if m.Crash.ValueBool() {
		stderr := os.NewFile(2, "stderr")
		_, _ = stderr.WriteString("fw_crash: crashing as asked\n")
		os.Exit(3)
	}
	m.ID = types.StringValue(newID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (*crashResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (*crashResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m crashModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (*crashResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// echoData is the data source fw_echo: upper-cases input; its secret
// output is sensitive.
type echoData struct{}

type echoModel struct {
	Input  types.String `tfsdk:"input"`
	Output types.String `tfsdk:"output"`
	Secret types.String `tfsdk:"secret"`
}

func (*echoData) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_echo"
}

func (*echoData) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{Attributes: map[string]dschema.Attribute{
		"input":  dschema.StringAttribute{Required: true},
		"output": dschema.StringAttribute{Computed: true},
		"secret": dschema.StringAttribute{Computed: true, Sensitive: true},
	}}
}

func (*echoData) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m echoModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	m.Output = types.StringValue(strings.ToUpper(m.Input.ValueString()))
	m.Secret = types.StringValue("s3cr3t-" + m.Input.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
