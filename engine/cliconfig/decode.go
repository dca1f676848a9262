package cliconfig

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
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
		{Type: "dev_overrides"},
	},
}

func (cfg *Config) decodeFile(f *hcl.File) hcl.Diagnostics {
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
		cfg.ProviderInstallation = pi
	}
	return diags
}

func decodeInstallation(block *hcl.Block) (*ProviderInstallation, hcl.Diagnostics) {
	pi := &ProviderInstallation{DevOverrides: map[getproviders.Provider]string{}, DeclRange: block.DefRange}
	content, diags := block.Body.Content(installationSchema)
	for _, b := range content.Blocks {
		if b.Type == "dev_overrides" {
			diags = append(diags, pi.decodeDevOverrides(b)...)
			continue
		}
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

func (pi *ProviderInstallation) decodeDevOverrides(b *hcl.Block) hcl.Diagnostics {
	attrs, diags := b.Body.JustAttributes()
	for name, attr := range attrs {
		addr, err := getproviders.ParseProvider(name)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid provider source address", Detail: err.Error(), Subject: attr.NameRange.Ptr()})
			continue
		}
		var dir string
		diags = append(diags, decodeAttr(attr, &dir)...)
		pi.DevOverrides[addr] = dir
	}
	return diags
}

func decodeAttr(attr *hcl.Attribute, target any) hcl.Diagnostics {
	val, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		return diags
	}
	ty, _ := gocty.ImpliedType(target)
	if val.IsNull() {
		return hcl.Diagnostics{attrDiag(attr, "Invalid CLI configuration value", fmt.Sprintf("The %s argument must not be null.", attr.Name))}
	}
	conv, err := convert.Convert(val, ty)
	if err == nil {
		err = gocty.FromCtyValue(conv, target)
	}
	if err != nil {
		return hcl.Diagnostics{attrDiag(attr, "Invalid CLI configuration value", fmt.Sprintf("The %s argument must be a %s: %s.", attr.Name, ty.FriendlyName(), err))}
	}
	return nil
}

func attrDiag(attr *hcl.Attribute, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: attr.Expr.Range().Ptr()}
}
