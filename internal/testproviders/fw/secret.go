package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// secretResource is fw_secret: a secret whose value is a write-only
// attribute (Terraform 1.11), as aws_db_instance's password_wo. The
// provider keeps only the value's digest, so a test can tell which
// value an apply was given; the value is written again only when
// value_wo_version changes.
type secretResource struct{ s *store }

type secretModel struct {
	ID      types.String `tfsdk:"id"`
	Name    types.String `tfsdk:"name"`
	Value   types.String `tfsdk:"value_wo"`
	Version types.Int64  `tfsdk:"value_wo_version"`
	Digest  types.String `tfsdk:"digest"`
}

type secretRecord struct {
	Name   string `json:"name"`
	Digest string `json:"digest"`
}

func (*secretResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret"
}

func (r *secretResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	r.s = storeOf(req.ProviderData)
}

func (*secretResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{Attributes: map[string]rschema.Attribute{
		"id":               rschema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"name":             rschema.StringAttribute{Required: true},
		"value_wo":         rschema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
		"value_wo_version": rschema.Int64Attribute{Optional: true},
		"digest":           rschema.StringAttribute{Computed: true},
	}}
}

// ModifyPlan keeps the digest while the version stays, and makes it
// unknown when the version changes: the value will be written again.
func (*secretResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var prior, planned secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &planned)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if planned.Version.Equal(prior.Version) {
		planned.Digest = prior.Digest
	} else {
		planned.Digest = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &planned)...)
}

// written reads the write-only value from the configuration (it is never
// in the plan) and returns the model to store, with its digest.
func (r *secretResource) written(ctx context.Context, cfg secretModel, m secretModel) (secretModel, error) {
	digest := "none"
	if !cfg.Value.IsNull() {
		sum := sha256.Sum256([]byte(cfg.Value.ValueString()))
		digest = hex.EncodeToString(sum[:4])
	}
	m.Digest = types.StringValue(digest)
	m.Value = types.StringNull()
	return m, r.s.put("fw_secret", m.ID.ValueString(), secretRecord{Name: m.Name.ValueString(), Digest: digest})
}

func (r *secretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m, cfg secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(newID())
	m, err := r.written(ctx, cfg, m)
	if err != nil {
		resp.Diagnostics.AddError("Writing the secret", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *secretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	var rec secretRecord
	found, err := r.s.get("fw_secret", m.ID.ValueString(), &rec)
	if err != nil {
		resp.Diagnostics.AddError("Reading the secret", err.Error())
		return
	}
	if !found {
		resp.State.RemoveResource(ctx)
		return
	}
	m.Name, m.Digest = types.StringValue(rec.Name), types.StringValue(rec.Digest)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *secretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m, prior, cfg secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Version.Equal(prior.Version) {
		cfg.Value = types.StringNull()
		m.Digest = prior.Digest
		if err := r.s.put("fw_secret", m.ID.ValueString(), secretRecord{Name: m.Name.ValueString(), Digest: prior.Digest.ValueString()}); err != nil {
			resp.Diagnostics.AddError("Writing the secret", err.Error())
			return
		}
	} else {
		var err error
		if m, err = r.written(ctx, cfg, m); err != nil {
			resp.Diagnostics.AddError("Writing the secret", err.Error())
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *secretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if err := r.s.remove("fw_secret", m.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Deleting the secret", err.Error())
	}
}

// tokenEphemeral is the ephemeral resource fw_token (Terraform 1.10): a
// short-lived credential that is never stored. Each open and close is
// counted in DIR/fw_token/NAME.log ("open", "renew", "close" lines), so a
// test can check that every token opened was closed. With renew_in set,
// Terraform is asked to renew it that long after it opens; the renewal of
// the token named "renew-fails" fails.
type tokenEphemeral struct{ s *store }

type tokenModel struct {
	Name    types.String `tfsdk:"name"`
	RenewIn types.String `tfsdk:"renew_in"`
	Token   types.String `tfsdk:"token"`
}

func (*tokenEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_token"
}

func (t *tokenEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, _ *ephemeral.ConfigureResponse) {
	t.s = storeOf(req.ProviderData)
}

func (*tokenEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = eschema.Schema{Attributes: map[string]eschema.Attribute{
		"name":     eschema.StringAttribute{Required: true},
		"renew_in": eschema.StringAttribute{Optional: true},
		"token":    eschema.StringAttribute{Computed: true, Sensitive: true},
	}}
}

func (t *tokenEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m tokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := m.Name.ValueString()
	if name == "fail" {
		resp.Diagnostics.AddError("Token refused", "fw_token refuses the name \"fail\".")
		return
	}
	if !m.RenewIn.IsNull() {
		d, err := time.ParseDuration(m.RenewIn.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("renew_in"), "Invalid duration", err.Error())
			return
		}
		resp.RenewAt = time.Now().Add(d)
	}
	m.Token = types.StringValue("token-for-" + name)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, "name", []byte(strconv.Quote(name)))...)
	t.log(name, "open")
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

func (t *tokenEphemeral) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	name := t.privateName(ctx, req.Private.GetKey)
	t.log(name, "renew")
	if name == "renew-fails" {
		resp.Diagnostics.AddError("Token renewal refused", "fw_token cannot renew the token of \"renew-fails\".")
	}
}

func (t *tokenEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, _ *ephemeral.CloseResponse) {
	t.log(t.privateName(ctx, req.Private.GetKey), "close")
}

func (t *tokenEphemeral) privateName(ctx context.Context, get func(context.Context, string) ([]byte, diag.Diagnostics)) string {
	b, _ := get(ctx, "name")
	name, err := strconv.Unquote(string(b))
	if err != nil {
		return "unknown"
	}
	return name
}

// log appends event to the token's log; a test provider's record, not
// an API, so errors are ignored.
func (t *tokenEphemeral) log(name, event string) {
	dir := filepath.Join(t.s.dir, "fw_token")
	_ = os.MkdirAll(dir, 0o755)
	f, err := os.OpenFile(filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintln(f, event)
}
