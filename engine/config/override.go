package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/addrs"
)

// Override files (override.tf, *_override.tf and their .tf.json forms) are
// merged into the module after every primary file, in name order, by
// Terraform's rules:
//
//   - a top-level block (resource, data, variable, output, provider, module)
//     merges into the primary block of the same type and labels (providers:
//     same name and alias); there must be one, except for a provider without
//     alias, which an override may introduce; a module call's depends_on
//     cannot be overridden;
//   - within it, each argument replaces the same-named argument, and the
//     blocks of a nested type replace every block of that type (lifecycle
//     of resources and data sources merges argument by argument);
//   - locals override value by value; terraform blocks override
//     required_version and backend, and required_providers entry by entry;
//   - moved and import blocks cannot be overridden.
//
// The merged block is decoded again, as if it had been written so, and
// replaces the primary one; its declaration range stays the primary one's.

// overrider merges override files into one module.
type overrider struct {
	m *Module
	// blocks holds the current (primary or merged) block of each
	// overridable top-level block, keyed by blockKey.
	blocks map[string]*hcl.Block
	// seen holds the diagnostics already reported, so that decoding a
	// merged block again does not repeat its primary block's problems.
	seen map[string]bool
}

// applyOverrides merges the override files, in order, into m, whose primary
// files are primaries. reported are the diagnostics loading gave so far.
func (m *Module) applyOverrides(primaries, overrides []*hcl.File, reported hcl.Diagnostics) hcl.Diagnostics {
	o := &overrider{m: m, blocks: map[string]*hcl.Block{}, seen: map[string]bool{}}
	for _, d := range reported {
		o.seen[diagKey(d)] = true
	}
	for _, f := range primaries {
		content, _ := f.Body.Content(fileSchema)
		for _, b := range content.Blocks {
			if key, ok := blockKey(b); ok {
				o.blocks[key] = b
			}
		}
	}
	var diags hcl.Diagnostics
	for _, f := range overrides {
		content, moreDiags := f.Body.Content(fileSchema)
		diags = append(diags, moreDiags...)
		for _, b := range content.Blocks {
			diags = append(diags, o.override(b)...)
		}
	}
	return o.fresh(diags)
}

// fresh drops the diagnostics already reported.
func (o *overrider) fresh(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		k := diagKey(d)
		if !o.seen[k] {
			o.seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

func diagKey(d *hcl.Diagnostic) string {
	return fmt.Sprintf("%d|%s|%s|%v", d.Severity, d.Summary, d.Detail, d.Subject)
}

// blockKey names a top-level block for matching an override to its base:
// "resource.TYPE.NAME", "provider.NAME[.ALIAS]", ...
func blockKey(b *hcl.Block) (string, bool) {
	switch b.Type {
	case "resource", "data":
		return b.Type + "." + b.Labels[0] + "." + b.Labels[1], true
	case "variable", "output", "module":
		return b.Type + "." + b.Labels[0], true
	case "provider":
		p, _ := decodeProvider(b)
		return "provider." + p.Key(), true
	}
	return "", false
}

// override merges one top-level block of an override file.
func (o *overrider) override(ov *hcl.Block) hcl.Diagnostics {
	switch ov.Type {
	case "locals":
		return o.locals(ov)
	case "terraform":
		return o.settings(ov)
	case "moved", "import":
		detail := "Records of moved objects can appear only in normal files, not in override files."
		if ov.Type == "import" {
			detail = "Import blocks can appear only in normal files, not in override files."
		}
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  fmt.Sprintf("Cannot override '%s' blocks", ov.Type),
			Detail:   detail,
			Subject:  ov.DefRange.Ptr(),
		}}
	}
	key, ok := blockKey(ov)
	if !ok {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  fmt.Sprintf("Cannot override %q blocks", ov.Type),
			Detail:   fmt.Sprintf("trueup does not merge %s blocks from override files yet. Move this block into a primary file.", ov.Type),
			Subject:  ov.DefRange.Ptr(),
		}}
	}
	base, ok := o.blocks[key]
	if !ok {
		if ov.Type == "provider" && key == "provider."+ov.Labels[0] {
			// An absent default provider configuration is an empty one,
			// which the override then sets.
			o.blocks[key] = ov
			return o.m.appendBlock(ov)
		}
		return missingBase(ov)
	}
	var diags hcl.Diagnostics
	if ov.Type == "module" {
		diags = dependsOnNotOverridden(ov)
	}
	merged := mergeBlock(base, ov, ov.Type == "resource" || ov.Type == "data")
	o.blocks[key] = merged
	return append(diags, o.replace(merged)...)
}

// replace decodes a merged block and puts it in place of its base.
func (o *overrider) replace(b *hcl.Block) hcl.Diagnostics {
	m := o.m
	switch b.Type {
	case "resource", "data":
		mode := addrs.ManagedResourceMode
		table := m.ManagedResources
		if b.Type == "data" {
			mode, table = addrs.DataResourceMode, m.DataResources
		}
		r, diags := decodeResource(b, mode)
		r.source = mergedSource // not the block in the file: kept
		table[r.Addr().String()] = r
		return diags
	case "variable":
		v, diags := decodeVariable(b)
		m.Variables[v.Name] = v
		return diags
	case "output":
		out, diags := decodeOutput(b)
		m.Outputs[out.Name] = out
		return diags
	case "module":
		c, diags := decodeModuleCall(b)
		m.ModuleCalls[c.Name] = c
		return diags
	default: // provider
		p, diags := decodeProvider(b)
		m.ProviderConfigs[p.Key()] = p
		return diags
	}
}

// dependsOnNotOverridden is Terraform's error for a module call's
// depends_on in an override file, which it does not merge ("likely to
// cause confusing misbehavior").
func dependsOnNotOverridden(ov *hcl.Block) hcl.Diagnostics {
	attrs, _ := ov.Body.JustAttributes()
	a, ok := attrs["depends_on"]
	if !ok {
		return nil
	}
	subject := a.Expr.Range()
	if items, diags := hcl.ExprList(a.Expr); !diags.HasErrors() && len(items) > 0 {
		subject = items[0].Range()
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unsupported override",
		Detail: "The depends_on argument may not be overridden.", Subject: subject.Ptr()}}
}

// missingBase is Terraform's error for an override without a base block.
func missingBase(ov *hcl.Block) hcl.Diagnostics {
	var summary, detail string
	switch ov.Type {
	case "resource":
		summary = "Missing resource to override"
		detail = fmt.Sprintf("There is no %s resource named %q. An override file can only override a resource block defined in a primary configuration file.", ov.Labels[0], ov.Labels[1])
	case "data":
		summary = "Missing data resource to override"
		detail = fmt.Sprintf("There is no %s data resource named %q. An override file can only override a data block defined in a primary configuration file.", ov.Labels[0], ov.Labels[1])
	case "variable":
		summary = "Missing base variable declaration to override"
		detail = fmt.Sprintf("There is no variable named %q. An override file can only override a variable that was already declared in a primary configuration file.", ov.Labels[0])
	case "output":
		summary = "Missing base output definition to override"
		detail = fmt.Sprintf("There is no output named %q. An override file can only override an output that was already defined in a primary configuration file.", ov.Labels[0])
	case "module":
		summary = "Missing module call to override"
		detail = fmt.Sprintf("There is no module call named %q. An override file can only override a module call that was defined in a primary configuration file.", ov.Labels[0])
	default:
		p, _ := decodeProvider(ov)
		summary = "Missing base provider configuration for override"
		detail = fmt.Sprintf("There is no %s provider configuration with the alias %q. An override file can only override an aliased provider configuration that was already defined in a primary configuration file.", p.Name, p.Alias)
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: ov.DefRange.Ptr()}}
}

// locals replaces local values one by one.
func (o *overrider) locals(ov *hcl.Block) hcl.Diagnostics {
	locals, diags := decodeLocals(ov)
	for _, l := range locals {
		if _, ok := o.m.Locals[l.Name]; !ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Missing base local value definition to override",
				Detail:   fmt.Sprintf("There is no local value named %q. An override file can only override a local value that was already defined in a primary configuration file.", l.Name),
				Subject:  l.DeclRange.Ptr(),
			})
			continue
		}
		o.m.Locals[l.Name] = l
	}
	return diags
}

// settings merges a terraform block: required_version and backend replace
// the primary ones, required_providers entries replace theirs one by one.
func (o *overrider) settings(ov *hcl.Block) hcl.Diagnostics {
	m := o.m
	content, diags := ov.Body.Content(terraformSchema)
	if attr, ok := content.Attributes["required_version"]; ok {
		var s string
		if d := decodeString(attr, &s); d.HasErrors() {
			diags = append(diags, d...)
		} else {
			m.RequiredVersion = []string{s}
			m.RequiredVersionRanges = []hcl.Range{attr.Expr.Range()}
		}
	}
	backends := 0
	for _, b := range content.Blocks {
		switch b.Type {
		case "required_providers":
			attrs, d := b.Body.JustAttributes()
			diags = append(diags, d...)
			for _, attr := range sortedAttributes(attrs) {
				rp, d := decodeRequiredProvider(attr)
				diags = append(diags, d...)
				if rp != nil {
					m.RequiredProviders[rp.Name] = rp
				}
			}
		case "backend":
			if backends++; backends > 1 {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Duplicate backend configuration",
					Detail:   fmt.Sprintf("Each override file may have only one backend configuration. A backend was previously configured at %s.", m.Backend.DeclRange),
					Subject:  b.DefRange.Ptr(),
				})
				continue
			}
			m.Backend = nil
			diags = append(diags, m.decodeBackend(b)...)
		case "encryption":
			// An override file's encryption block replaces the primary one.
			m.Encryption = nil
			diags = append(diags, m.decodeEncryption(b)...)
		case "cloud":
			diags = append(diags, cloudUnsupported(b))
		}
	}
	return diags
}

// mergeBlock returns base with ov's arguments and nested blocks merged in.
// When both are native syntax the result is a native-syntax block, so that
// everything that reads such bodies (references, attribute ranges) sees it
// as written; otherwise it is a mergedBody.
func mergeBlock(base, ov *hcl.Block, mergeLifecycle bool) *hcl.Block {
	out := *base
	bs, ok1 := base.Body.(*hclsyntax.Body)
	os, ok2 := ov.Body.(*hclsyntax.Body)
	if ok1 && ok2 {
		out.Body = mergeSyntaxBody(bs, os, mergeLifecycle)
	} else {
		out.Body = &mergedBody{base: base.Body, override: ov.Body, mergeLifecycle: mergeLifecycle}
	}
	return &out
}

func mergeSyntaxBody(base, ov *hclsyntax.Body, mergeLifecycle bool) *hclsyntax.Body {
	out := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: base.SrcRange, EndRange: base.EndRange}
	for name, a := range base.Attributes {
		out.Attributes[name] = a
	}
	for name, a := range ov.Attributes {
		out.Attributes[name] = a
	}
	replaced := map[string]bool{}
	for _, b := range ov.Blocks {
		replaced[b.Type] = true
	}
	for _, b := range base.Blocks {
		if !replaced[b.Type] {
			out.Blocks = append(out.Blocks, b)
		}
	}
	for _, b := range ov.Blocks {
		if mergeLifecycle && b.Type == "lifecycle" {
			if prev := syntaxBlockOfType(base.Blocks, "lifecycle"); prev != nil {
				merged := *prev
				merged.Body = mergeSyntaxBody(prev.Body, b.Body, false)
				out.Blocks = append(out.Blocks, &merged)
				continue
			}
		}
		out.Blocks = append(out.Blocks, b)
	}
	return out
}

func syntaxBlockOfType(blocks hclsyntax.Blocks, typ string) *hclsyntax.Block {
	for _, b := range blocks {
		if b.Type == typ {
			return b
		}
	}
	return nil
}
