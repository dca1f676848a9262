package plugin

import (
	"fmt"

	"github.com/trueup/trueup/providers/plugin/internal/tfplugin5"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// schemas5 converts a protocol-5 GetProviderSchema response.
func schemas5(resp *tfplugin5.GetProviderSchema_Response) (*schemas, error) {
	s := &schemas{provider: schema.ProviderSchema{
		Resources:   map[string]*schema.Resource{},
		DataSources: map[string]*schema.Resource{},

		EphemeralResources: map[string]*schema.Resource{},
	}}
	var err error
	if s.provider.Provider, err = block5(resp.GetProvider().GetBlock()); err != nil {
		return nil, fmt.Errorf("provider schema: %w", err)
	}
	for name, rs := range resp.GetResourceSchemas() {
		if s.provider.Resources[name], err = resource5(rs); err != nil {
			return nil, fmt.Errorf("resource type %s: %w", name, err)
		}
	}
	for name, rs := range resp.GetDataSourceSchemas() {
		if s.provider.DataSources[name], err = resource5(rs); err != nil {
			return nil, fmt.Errorf("data source %s: %w", name, err)
		}
	}
	for name, rs := range resp.GetEphemeralResourceSchemas() {
		if s.provider.EphemeralResources[name], err = resource5(rs); err != nil {
			return nil, fmt.Errorf("ephemeral resource %s: %w", name, err)
		}
	}
	if s.functions, err = functions5(resp.GetFunctions()); err != nil {
		return nil, err
	}
	s.optional = resp.GetServerCapabilities().GetGetProviderSchemaOptional()
	s.planDestroy = resp.GetServerCapabilities().GetPlanDestroy()
	return s, nil
}

func resource5(rs *tfplugin5.Schema) (*schema.Resource, error) {
	b, err := block5(rs.GetBlock())
	if err != nil {
		return nil, err
	}
	return &schema.Resource{Version: rs.GetVersion(), Block: b}, nil
}

func block5(pb *tfplugin5.Schema_Block) (*schema.Block, error) {
	b := &schema.Block{Attributes: map[string]*schema.Attribute{}, BlockTypes: map[string]*schema.NestedBlock{}}
	if pb == nil {
		return b, nil
	}
	b.Description = pb.GetDescription()
	for _, pa := range pb.GetAttributes() {
		a, err := attribute5(pa)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", pa.GetName(), err)
		}
		b.Attributes[pa.GetName()] = a
	}
	for _, pnb := range pb.GetBlockTypes() {
		inner, err := block5(pnb.GetBlock())
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", pnb.GetTypeName(), err)
		}
		b.BlockTypes[pnb.GetTypeName()] = &schema.NestedBlock{
			Block: *inner, Nesting: nesting5(pnb.GetNesting()),
			MinItems: int(pnb.GetMinItems()), MaxItems: int(pnb.GetMaxItems()),
		}
	}
	return b, nil
}

// attribute5 converts an attribute.
func attribute5(pa *tfplugin5.Schema_Attribute) (*schema.Attribute, error) {
	a := &schema.Attribute{
		Required: pa.GetRequired(), Optional: pa.GetOptional(), Computed: pa.GetComputed(),
		Sensitive: pa.GetSensitive(), WriteOnly: pa.GetWriteOnly(), Description: pa.GetDescription(),
	}
	var err error
	a.Type, err = parseType(pa.GetType())
	return a, err
}

func nesting5(n tfplugin5.Schema_NestedBlock_NestingMode) schema.Nesting {
	switch n {
	case tfplugin5.Schema_NestedBlock_LIST:
		return schema.NestingList
	case tfplugin5.Schema_NestedBlock_SET:
		return schema.NestingSet
	case tfplugin5.Schema_NestedBlock_MAP:
		return schema.NestingMap
	default: // SINGLE, GROUP
		return schema.NestingSingle
	}
}

func functions5(fns map[string]*tfplugin5.Function) (map[string]*schema.Function, error) {
	out := make(map[string]*schema.Function, len(fns))
	for name, f := range fns {
		sf := &schema.Function{Summary: f.GetSummary(), Description: f.GetDescription()}
		for _, p := range f.GetParameters() {
			fp, err := param5(p)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", name, err)
			}
			sf.Parameters = append(sf.Parameters, *fp)
		}
		if vp := f.GetVariadicParameter(); vp != nil {
			fp, err := param5(vp)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", name, err)
			}
			sf.VariadicParameter = fp
		}
		ret, err := parseType(f.GetReturn().GetType())
		if err != nil {
			return nil, fmt.Errorf("function %s: %w", name, err)
		}
		sf.Return = ret
		out[name] = sf
	}
	return out, nil
}

func param5(p *tfplugin5.Function_Parameter) (*schema.FunctionParam, error) {
	ty, err := parseType(p.GetType())
	if err != nil {
		return nil, fmt.Errorf("parameter %s: %w", p.GetName(), err)
	}
	return &schema.FunctionParam{Name: p.GetName(), Type: ty, AllowNull: p.GetAllowNullValue(),
		AllowUnknown: p.GetAllowUnknownValues(), Description: p.GetDescription()}, nil
}

func diags5(in []*tfplugin5.Diagnostic) schema.Diagnostics {
	var out schema.Diagnostics
	for _, d := range in {
		sev := schema.Error
		if d.GetSeverity() == tfplugin5.Diagnostic_WARNING {
			sev = schema.Warning
		}
		out = append(out, schema.Diagnostic{Severity: sev, Summary: d.GetSummary(), Detail: d.GetDetail(), Attribute: path5(d.GetAttribute())})
	}
	return out
}

func path5(p *tfplugin5.AttributePath) cty.Path {
	steps := make([]pathStep, 0, len(p.GetSteps()))
	for _, s := range p.GetSteps() {
		switch sel := s.GetSelector().(type) {
		case *tfplugin5.AttributePath_Step_AttributeName:
			steps = append(steps, pathStep{attr: sel.AttributeName})
		case *tfplugin5.AttributePath_Step_ElementKeyString:
			steps = append(steps, pathStep{keyString: &sel.ElementKeyString})
		case *tfplugin5.AttributePath_Step_ElementKeyInt:
			steps = append(steps, pathStep{keyInt: &sel.ElementKeyInt})
		}
	}
	return toCtyPath(steps)
}

func paths5(in []*tfplugin5.AttributePath) []cty.Path {
	out := make([]cty.Path, 0, len(in))
	for _, p := range in {
		out = append(out, path5(p))
	}
	return out
}
