package main

import (
	"context"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type fwProvider struct{}

var (
	_ provider.ProviderWithFunctions          = fwProvider{}
	_ provider.ProviderWithEphemeralResources = fwProvider{}
)

func newProvider() provider.Provider { return fwProvider{} }

func (fwProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName, resp.Version = "fw", "1.0.0"
}

func (fwProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"dir": pschema.StringAttribute{Optional: true, Description: "Where objects are stored; FW_DIR when unset."},
	}}
}

func (fwProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg struct {
		Dir types.String `tfsdk:"dir"`
	}
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	dir := cfg.Dir.ValueString()
	if dir == "" {
		dir = os.Getenv("FW_DIR")
	}
	if dir == "" {
		resp.Diagnostics.AddError("No directory", "Set dir in the provider block or FW_DIR.")
		return
	}
	s := &store{dir: dir}
	resp.ResourceData, resp.DataSourceData, resp.EphemeralResourceData = s, s, s
}

func (fwProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return &nullResource{} },
		func() resource.Resource { return &thingResource{} },
		func() resource.Resource { return &inconsistentResource{} },
		func() resource.Resource { return &crashResource{} },
		func() resource.Resource { return &docResource{} },
		func() resource.Resource { return &secretResource{} },
	}
}

func (fwProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{func() ephemeral.EphemeralResource { return &tokenEphemeral{} }}
}

func (fwProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &echoData{} }}
}

func (fwProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{func() function.Function { return upperFunc{} }}
}

// upperFunc is provider::fw::upper(s).
type upperFunc struct{}

func (upperFunc) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "upper"
}

func (upperFunc) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary:    "Upper-cases a string.",
		Parameters: []function.Parameter{function.StringParameter{Name: "s"}},
		Return:     function.StringReturn{},
	}
}

func (upperFunc) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &s))
	if resp.Error != nil {
		return
	}
	if s == "fail" {
		resp.Error = function.NewArgumentFuncError(0, "upper refuses the string \"fail\"")
		return
	}
	resp.Error = resp.Result.Set(ctx, strings.ToUpper(s))
}
