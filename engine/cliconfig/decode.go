package cliconfig

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/trueup/trueup/engine/getproviders"
)

// fileSchema names what trueup reads; other CLI settings (credentials,
// host, disable_checkpoint, ...) are Terraform's and left alone.
var fileSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "plugin_cache_dir"},
		{Name: "plugin_cache_may_break_dependency_lock_file"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "provider_installation"}},
}

var installationSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: string(Direct)},
		{Type: string(FilesystemMirror)},
		{Type: string(NetworkMirror)},
	},
}

func (cfg *Config) decodeFile(f *hcl.File, overrides []devOverridesBody) hcl.Diagnostics {
	content, _, diags := f.Body.PartialContent(fileSchema)
	if attr, ok := content.Attributes["plugin_cache_dir"]; ok {
		diags = append(diags, decodeAttr(attr, &cfg.PluginCacheDir)...)
	}
	if attr, ok := content.Attributes["plugin_cache_may_break_dependency_lock_file"]; ok {
		diags = append(diags, decodeAttr(attr, &cfg.PluginCacheMayBreakLockFile)...)
	}
	for _, b := range content.Blocks {
		if prev := cfg.ProviderInstallation; prev != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Duplicate provider_installation block",
				Detail:  fmt.Sprintf("The CLI configuration may have only one provider_installation block; another is at %s.", prev.DeclRange),
				Subject: b.DefRange.Ptr(),
			})
			continue
		}
		pi, piDiags := decodeInstallation(b)
		diags = append(diags, piDiags...)
		for _, o := range overrides {
			if rangeContains(blockRange(b), o.declRange) {
				diags = append(diags, pi.decodeDevOverrides(o)...)
			}
		}
		cfg.ProviderInstallation = pi
	}
	return diags
}

// blockRange is the whole range of a block, braces included.
func blockRange(b *hcl.Block) hcl.Range {
	if sb, ok := b.Body.(*hclsyntax.Body); ok {
		return hcl.RangeBetween(b.DefRange, sb.SrcRange)
	}
	return b.DefRange
}

func rangeContains(outer, inner hcl.Range) bool {
	return inner.Start.Byte >= outer.Start.Byte && inner.End.Byte <= outer.End.Byte
}

func decodeInstallation(block *hcl.Block) (*ProviderInstallation, hcl.Diagnostics) {
	pi := &ProviderInstallation{DevOverrides: map[getproviders.Provider]string{}, DeclRange: block.DefRange}
	content, diags := block.Body.Content(installationSchema)
	for _, b := range content.Blocks {
		m, mDiags := decodeMethod(b)
		diags = append(diags, mDiags...)
		if m != nil {
			pi.Methods = append(pi.Methods, *m)
		}
	}
	return pi, diags
}

func methodSchema(kind MethodKind) *hcl.BodySchema {
	s := &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "include"}, {Name: "exclude"}}}
	switch kind {
	case FilesystemMirror:
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: "path", Required: true})
	case NetworkMirror:
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: "url", Required: true})
	}
	return s
}

func decodeMethod(b *hcl.Block) (*Method, hcl.Diagnostics) {
	m := &Method{Kind: MethodKind(b.Type), DeclRange: b.DefRange}
	content, diags := b.Body.Content(methodSchema(m.Kind))
	if diags.HasErrors() {
		return nil, diags
	}
	for _, name := range []string{"path", "url"} {
		if attr, ok := content.Attributes[name]; ok {
			diags = append(diags, decodeAttr(attr, &m.Location)...)
		}
	}
	if m.Kind == NetworkMirror && m.Location != "" {
		if _, err := getproviders.NewNetworkMirror(m.Location, nil); err != nil {
			diags = append(diags, attrDiag(content.Attributes["url"], "Invalid network_mirror URL", err.Error()))
		}
	}
	var d hcl.Diagnostics
	m.Include, d = decodePatterns(content.Attributes["include"])
	diags = append(diags, d...)
	m.Exclude, d = decodePatterns(content.Attributes["exclude"])
	diags = append(diags, d...)
	return m, diags
}

func decodePatterns(attr *hcl.Attribute) (getproviders.Patterns, hcl.Diagnostics) {
	if attr == nil {
		return nil, nil
	}
	var raw []string
	diags := decodeAttr(attr, &raw)
	var out getproviders.Patterns
	for _, s := range raw {
		p, err := getproviders.ParsePattern(s)
		if err != nil {
			diags = append(diags, attrDiag(attr, "Invalid provider pattern", err.Error()))
			continue
		}
		out = append(out, p)
	}
	return out, diags
}

func (pi *ProviderInstallation) decodeDevOverrides(o devOverridesBody) hcl.Diagnostics {
	pairs, diags := hcl.ExprMap(o.expr)
	for _, kv := range pairs {
		var name, dir string
		keyDiags := decodeExpr(kv.Key, "dev_overrides key", &name)
		diags = append(diags, keyDiags...)
		diags = append(diags, decodeExpr(kv.Value, "dev_overrides path", &dir)...)
		if keyDiags.HasErrors() {
			continue
		}
		addr, err := getproviders.ParseProvider(name)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid provider source address", Detail: err.Error(), Subject: kv.Key.Range().Ptr()})
			continue
		}
		pi.DevOverrides[addr] = dir
	}
	return diags
}

func decodeAttr(attr *hcl.Attribute, target any) hcl.Diagnostics {
	return decodeExpr(attr.Expr, "The "+attr.Name+" argument", target)
}

func decodeExpr(expr hcl.Expression, what string, target any) hcl.Diagnostics {
	val, diags := expr.Value(nil)
	if diags.HasErrors() {
		return diags
	}
	ty, _ := gocty.ImpliedType(target)
	if val.IsNull() {
		return hcl.Diagnostics{exprDiag(expr, "Invalid CLI configuration value", what+" must not be null.")}
	}
	conv, err := convert.Convert(val, ty)
	if err == nil {
		err = gocty.FromCtyValue(conv, target)
	}
	if err != nil {
		return hcl.Diagnostics{exprDiag(expr, "Invalid CLI configuration value", fmt.Sprintf("%s must be a %s: %s.", what, ty.FriendlyName(), err))}
	}
	return nil
}

func attrDiag(attr *hcl.Attribute, summary, detail string) *hcl.Diagnostic {
	return exprDiag(attr.Expr, summary, detail)
}

func exprDiag(expr hcl.Expression, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: expr.Range().Ptr()}
}
