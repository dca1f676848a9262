package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// thingResource is fw_thing, schema version 1 (version 0 called name
// "label"). It keeps a private token equal to its id and refuses to read
// an object whose private data was lost.
type thingResource struct{ s *store }

type thingModel struct {
	ID       types.String   `tfsdk:"id"`
	Name     types.String   `tfsdk:"name"`
	Size     types.Int64    `tfsdk:"size"`
	Secret   types.String   `tfsdk:"secret"`
	Tags     types.Map      `tfsdk:"tags"`
	Endpoint *endpointModel `tfsdk:"endpoint"`
	Rule     []ruleModel    `tfsdk:"rule"`
	Member   []memberModel  `tfsdk:"member"`
	Created  types.String   `tfsdk:"created"`
}

type endpointModel struct {
	Host string `tfsdk:"host" json:"host"`
	Port *int64 `tfsdk:"port" json:"port"`
}

type ruleModel struct {
	Port  int64  `tfsdk:"port" json:"port"`
	Proto string `tfsdk:"proto" json:"proto"`
}

type memberModel struct {
	Name string `tfsdk:"name" json:"name"`
}

// thingRecord is the stored object.
type thingRecord struct {
	Name     string            `json:"name"`
	Size     int64             `json:"size"`
	Secret   *string           `json:"secret"`
	Tags     map[string]string `json:"tags"`
	Endpoint *endpointModel    `json:"endpoint"`
	Rule     []ruleModel       `json:"rule"`
	Member   []memberModel     `json:"member"`
	Created  string            `json:"created"`
}

var (
	_ resource.ResourceWithImportState  = (*thingResource)(nil)
	_ resource.ResourceWithUpgradeState = (*thingResource)(nil)
)

func (*thingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (r *thingResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	r.s = storeOf(req.ProviderData)
}

func (*thingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = rschema.Schema{
		Version: 1,
		Attributes: map[string]rschema.Attribute{
			"id":      rschema.StringAttribute{Computed: true, PlanModifiers: keep},
			"name":    rschema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"size":    rschema.Int64Attribute{Optional: true, Computed: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"secret":  rschema.StringAttribute{Optional: true, Sensitive: true},
			"tags":    rschema.MapAttribute{ElementType: types.StringType, Optional: true},
			"created": rschema.StringAttribute{Computed: true, PlanModifiers: keep},
			"endpoint": rschema.SingleNestedAttribute{Optional: true, Attributes: map[string]rschema.Attribute{
				"host": rschema.StringAttribute{Required: true},
				"port": rschema.Int64Attribute{Optional: true},
			}},
		},
		Blocks: map[string]rschema.Block{
			"rule": rschema.ListNestedBlock{NestedObject: rschema.NestedBlockObject{Attributes: map[string]rschema.Attribute{
				"port":  rschema.Int64Attribute{Required: true},
				"proto": rschema.StringAttribute{Required: true},
			}}},
			"member": rschema.SetNestedBlock{NestedObject: rschema.NestedBlockObject{Attributes: map[string]rschema.Attribute{
				"name": rschema.StringAttribute{Required: true},
			}}},
		},
	}
}

func (r *thingResource) record(ctx context.Context, m *thingModel) (thingRecord, error) {
	rec := thingRecord{Name: m.Name.ValueString(), Size: m.Size.ValueInt64(), Endpoint: m.Endpoint,
		Rule: m.Rule, Member: m.Member, Created: m.Created.ValueString()}
	if !m.Secret.IsNull() {
		s := m.Secret.ValueString()
		rec.Secret = &s
	}
	if !m.Tags.IsNull() {
		rec.Tags = map[string]string{}
		if d := m.Tags.ElementsAs(ctx, &rec.Tags, false); d.HasError() {
			return rec, fmt.Errorf("tags: %v", d)
		}
	}
	return rec, nil
}

func (rec *thingRecord) model(id string) (thingModel, error) {
	m := thingModel{ID: types.StringValue(id), Name: types.StringValue(rec.Name), Size: types.Int64Value(rec.Size),
		Secret: types.StringPointerValue(rec.Secret), Endpoint: rec.Endpoint, Rule: rec.Rule, Member: rec.Member,
		Created: types.StringValue(rec.Created), Tags: types.MapNull(types.StringType)}
	if m.Rule == nil {
		m.Rule = []ruleModel{}
	}
	if m.Member == nil {
		m.Member = []memberModel{}
	}
	if rec.Tags != nil {
		tags, d := types.MapValueFrom(context.Background(), types.StringType, rec.Tags)
		if d.HasError() {
			return m, fmt.Errorf("tags: %v", d)
		}
		m.Tags = tags
	}
	return m, nil
}

func privateToken(id string) []byte {
	b, _ := json.Marshal(map[string]string{"id": id})
	return b
}

func (r *thingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || refuseSecret(&m, &resp.Diagnostics) {
		return
	}
	id := newID()
	m.ID = types.StringValue(id)
	m.Created = types.StringValue("created-" + id)
	if m.Size.IsUnknown() || m.Size.IsNull() {
		m.Size = types.Int64Value(int64(len(m.Name.ValueString())))
	}
	r.save(ctx, id, &m, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, "token", privateToken(id))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *thingResource) save(ctx context.Context, id string, m *thingModel, diags interface{ AddError(string, string) }) {
	rec, err := r.record(ctx, m)
	if err == nil {
		err = r.s.put("fw_thing", id, rec)
	}
	if err != nil {
		diags.AddError("Cannot store fw_thing", err.Error())
	}
}

func (r *thingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	tok, d := req.Private.GetKey(ctx, "token")
	resp.Diagnostics.Append(d...)
	if string(tok) != string(privateToken(id.ValueString())) {
		resp.Diagnostics.AddError("Private state lost", fmt.Sprintf("fw_thing %s: private token is %q", id.ValueString(), tok))
		return
	}
	var rec thingRecord
	found, err := r.s.get("fw_thing", id.ValueString(), &rec)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read fw_thing", err.Error())
		return
	}
	if !found {
		resp.State.RemoveResource(ctx)
		return
	}
	m, err := rec.model(id.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Cannot read fw_thing", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *thingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Size.IsUnknown() || m.Size.IsNull() {
		m.Size = types.Int64Value(int64(len(m.Name.ValueString())))
	}
	r.save(ctx, m.ID.ValueString(), &m, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *thingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if err := r.s.remove("fw_thing", id.ValueString()); err != nil {
		resp.Diagnostics.AddError("Cannot delete fw_thing", err.Error())
	}
}

func (r *thingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, "token", privateToken(req.ID))...)
}

// UpgradeState turns a version-0 object ({id, label, size}) into version 1.
func (r *thingResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgradeThing0}}
}

func upgradeThing0(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var v0 struct {
		ID    string `json:"id"`
		Label string `json:"label"`
		Size  int64  `json:"size"`
	}
	if err := json.Unmarshal(req.RawState.JSON, &v0); err != nil {
		resp.Diagnostics.AddError("Cannot upgrade fw_thing", err.Error())
		return
	}
	b, _ := json.Marshal(map[string]any{
		"id": v0.ID, "name": v0.Label, "size": v0.Size, "secret": nil, "tags": nil, "endpoint": nil,
		"rule": []any{}, "member": []any{}, "created": "upgraded-" + v0.ID,
	})
	resp.DynamicValue = &tfprotov6.DynamicValue{JSON: b}
}
