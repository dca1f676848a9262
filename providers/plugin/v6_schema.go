package plugin

import (
	"fmt"

	"github.com/trueup/trueup/providers/plugin/internal/tfplugin6"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// schemas6 converts a protocol-6 GetProviderSchema response.
func schemas6(resp *tfplugin6.GetProviderSchema_Response) (*schemas, error) {
	s := &schemas{provider: schema.ProviderSchema{
		Resources:   map[string]*schema.Resource{},
		DataSources: map[string]*schema.Resource{},

		EphemeralResources: map[string]*schema.Resource{},
	}}
	var err error
	if s.provider.Provider, err = block6(resp.GetProvider().GetBlock()); err != nil {
		return nil, fmt.Errorf("provider schema: %w", err)
	}
	for name, rs := range resp.GetResourceSchemas() {
		if s.provider.Resources[name], err = resource6(rs); err != nil {
			return nil, fmt.Errorf("resource type %s: %w", name, err)
		}
	}
	for name, rs := range resp.GetDataSourceSchemas() {
		if s.provider.DataSources[name], err = resource6(rs); err != nil {
			return nil, fmt.Errorf("data source %s: %w", name, err)
		}
	}
	for name, rs := range resp.GetEphemeralResourceSchemas() {
		if s.provider.EphemeralResources[name], err = resource6(rs); err != nil {
			return nil, fmt.Errorf("ephemeral resource %s: %w", name, err)
		}
	}
	if s.functions, err = functions6(resp.GetFunctions()); err != nil {
		return nil, err
	}
	s.optional = resp.GetServerCapabilities().GetGetProviderSchemaOptional()
	s.planDestroy = resp.GetServerCapabilities().GetPlanDestroy()
	return s, nil
}

func resource6(rs *tfplugin6.Schema) (*schema.Resource, error) {
	b, err := block6(rs.GetBlock())
	if err != nil {
		return nil, err
	}
	return &schema.Resource{Version: rs.GetVersion(), Block: b}, nil
}

func block6(pb *tfplugin6.Schema_Block) (*schema.Block, error) {
	b := &schema.Block{Attributes: map[string]*schema.Attribute{}, BlockTypes: map[string]*schema.NestedBlock{}}
	if pb == nil {
		return b, nil
	}
	b.Description = pb.GetDescription()
	for _, pa := range pb.GetAttributes() {
		a, err := attribute6(pa)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", pa.GetName(), err)
		}
		b.Attributes[pa.GetName()] = a
	}
	for _, pnb := range pb.GetBlockTypes() {
		inner, err := block6(pnb.GetBlock())
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", pnb.GetTypeName(), err)
		}
		b.BlockTypes[pnb.GetTypeName()] = &schema.NestedBlock{
			Block: *inner, Nesting: nesting6(pnb.GetNesting()),
			MinItems: int(pnb.GetMinItems()), MaxItems: int(pnb.GetMaxItems()),
		}
	}
	return b, nil
}

// attribute6 converts an attribute; a nested attribute becomes an
// attribute of its implied object type (see docs/provider-plugins.md).
func attribute6(pa *tfplugin6.Schema_Attribute) (*schema.Attribute, error) {
	a := &schema.Attribute{
		Required: pa.GetRequired(), Optional: pa.GetOptional(), Computed: pa.GetComputed(),
		Sensitive: pa.GetSensitive(), WriteOnly: pa.GetWriteOnly(), Description: pa.GetDescription(),
	}
	var err error
	if nt := pa.GetNestedType(); nt != nil {
		a.Type, a.ConfigType, err = objectType6(nt)
	} else {
		a.Type, err = parseType(pa.GetType())
	}
	return a, err
}

// objectType6 returns a nested attribute's value type and the type its
// configuration converts with (its non-required attributes optional).
func objectType6(o *tfplugin6.Schema_Object) (cty.Type, cty.Type, error) {
	attrs, cfgAttrs := map[string]cty.Type{}, map[string]cty.Type{}
	var optional []string
	for _, pa := range o.GetAttributes() {
		a, err := attribute6(pa)
		if err != nil {
			return cty.NilType, cty.NilType, err
		}
		attrs[pa.GetName()] = a.Type
		cfgAttrs[pa.GetName()] = a.Type
		if a.ConfigType != cty.NilType {
			cfgAttrs[pa.GetName()] = a.ConfigType
		}
		if !a.Required {
			optional = append(optional, pa.GetName())
		}
	}
	n := nestSingle
	switch o.GetNesting() {
	case tfplugin6.Schema_Object_LIST:
		n = nestList
	case tfplugin6.Schema_Object_SET:
		n = nestSet
	case tfplugin6.Schema_Object_MAP:
		n = nestMap
	}
	cfg := cty.ObjectWithOptionalAttrs(cfgAttrs, optional)
	return nestedAttrType(attrs, n), collect(cfg, n), nil
}

func nesting6(n tfplugin6.Schema_NestedBlock_NestingMode) schema.Nesting {
	switch n {
	case tfplugin6.Schema_NestedBlock_LIST:
		return schema.NestingList
	case tfplugin6.Schema_NestedBlock_SET:
		return schema.NestingSet
	case tfplugin6.Schema_NestedBlock_MAP:
		return schema.NestingMap
	default: // SINGLE, GROUP
		return schema.NestingSingle
	}
}

func functions6(fns map[string]*tfplugin6.Function) (map[string]*schema.Function, error) {
	out := make(map[string]*schema.Function, len(fns))
	for name, f := range fns {
		sf := &schema.Function{Summary: f.GetSummary(), Description: f.GetDescription()}
		for _, p := range f.GetParameters() {
			fp, err := param6(p)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", name, err)
			}
			sf.Parameters = append(sf.Parameters, *fp)
		}
		if vp := f.GetVariadicParameter(); vp != nil {
			fp, err := param6(vp)
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

func param6(p *tfplugin6.Function_Parameter) (*schema.FunctionParam, error) {
	ty, err := parseType(p.GetType())
	if err != nil {
		return nil, fmt.Errorf("parameter %s: %w", p.GetName(), err)
	}
	return &schema.FunctionParam{Name: p.GetName(), Type: ty, AllowNull: p.GetAllowNullValue(),
		AllowUnknown: p.GetAllowUnknownValues(), Description: p.GetDescription()}, nil
}

func diags6(in []*tfplugin6.Diagnostic) schema.Diagnostics {
	var out schema.Diagnostics
	for _, d := range in {
		sev := schema.Error
		if d.GetSeverity() == tfplugin6.Diagnostic_WARNING {
			sev = schema.Warning
		}
		out = append(out, schema.Diagnostic{Severity: sev, Summary: d.GetSummary(), Detail: d.GetDetail(), Attribute: path6(d.GetAttribute())})
	}
	return out
}

func path6(p *tfplugin6.AttributePath) cty.Path {
	steps := make([]pathStep, 0, len(p.GetSteps()))
	for _, s := range p.GetSteps() {
		switch sel := s.GetSelector().(type) {
		case *tfplugin6.AttributePath_Step_AttributeName:
			steps = append(steps, pathStep{attr: sel.AttributeName})
		case *tfplugin6.AttributePath_Step_ElementKeyString:
			steps = append(steps, pathStep{keyString: &sel.ElementKeyString})
		case *tfplugin6.AttributePath_Step_ElementKeyInt:
			steps = append(steps, pathStep{keyInt: &sel.ElementKeyInt})
		}
	}
	return toCtyPath(steps)
}

func paths6(in []*tfplugin6.AttributePath) []cty.Path {
	out := make([]cty.Path, 0, len(in))
	for _, p := range in {
		out = append(out, path6(p))
	}
	return out
}
