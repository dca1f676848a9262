package config

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

// fileSchema lists every top-level block type. Blocks of types trueup
// does not support yet are listed so that they get a clear error rather
// than hcl's generic "Unsupported block type".
var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "terraform"},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "ephemeral", LabelNames: []string{"type", "name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "moved"},
		{Type: "import"},
		{Type: "removed"},
		{Type: "check", LabelNames: []string{"name"}},
	},
}

// appendFile decodes one file's top-level blocks into m.
func (m *Module) appendFile(file *hcl.File) hcl.Diagnostics {
	content, diags := file.Body.Content(fileSchema)
	for _, block := range content.Blocks {
		diags = append(diags, m.appendBlock(block)...)
	}
	return diags
}

func (m *Module) appendBlock(block *hcl.Block) hcl.Diagnostics {
	switch block.Type {
	case "terraform":
		return m.decodeTerraformBlock(block)
	case "provider":
		p, diags := decodeProvider(block)
		return append(diags, m.addProvider(p)...)
	case "variable":
		v, diags := decodeVariable(block)
		return append(diags, m.addVariable(v)...)
	case "locals":
		locals, diags := decodeLocals(block)
		for _, l := range locals {
			diags = append(diags, m.addLocal(l)...)
		}
		return diags
	case "output":
		o, diags := decodeOutput(block)
		return append(diags, m.addOutput(o)...)
	case "resource":
		r, diags := decodeResource(block, addrs.ManagedResourceMode)
		return append(diags, m.addResource(r)...)
	case "data":
		r, diags := decodeResource(block, addrs.DataResourceMode)
		return append(diags, m.addResource(r)...)
	case "ephemeral":
		r, diags := decodeResource(block, addrs.EphemeralResourceMode)
		return append(diags, m.addResource(r)...)
	case "module":
		c, diags := decodeModuleCall(block)
		return append(diags, m.addModuleCall(c)...)
	case "moved":
		mv, diags := decodeMoved(block)
		if mv != nil {
			m.Moved = append(m.Moved, mv)
		}
		return diags
	case "removed":
		r, diags := decodeRemoved(block)
		if r != nil {
			m.Removed = append(m.Removed, r)
		}
		return diags
	case "import":
		im, diags := decodeImport(block)
		if im != nil {
			m.Imports = append(m.Imports, im)
		}
		return diags
	case "check":
		c, diags := decodeCheck(block)
		return append(diags, m.addCheck(c)...)
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Unsupported %q block", block.Type),
		Detail:   fmt.Sprintf("trueup does not support %s blocks yet; they are planned for a later release. Remove the block to use this configuration with trueup.", block.Type),
		Subject:  block.DefRange.Ptr(),
	}}
}

func (m *Module) addProvider(p *Provider) hcl.Diagnostics {
	if prev, ok := m.ProviderConfigs[p.Key()]; ok {
		detail := fmt.Sprintf("A configuration for provider %q was already given at %s. Each provider configuration needs a unique alias.", p.Key(), prev.DeclRange)
		return duplicate("Duplicate provider configuration", detail, p.DeclRange)
	}
	m.ProviderConfigs[p.Key()] = p
	return nil
}

func (m *Module) addVariable(v *Variable) hcl.Diagnostics {
	if prev, ok := m.Variables[v.Name]; ok {
		detail := fmt.Sprintf("A variable named %q was already declared at %s. Variable names must be unique within a module.", v.Name, prev.DeclRange)
		return duplicate("Duplicate variable declaration", detail, v.DeclRange)
	}
	m.Variables[v.Name] = v
	return nil
}

func (m *Module) addLocal(l *Local) hcl.Diagnostics {
	if prev, ok := m.Locals[l.Name]; ok {
		detail := fmt.Sprintf("A local value named %q was already defined at %s. Local value names must be unique within a module.", l.Name, prev.DeclRange)
		return duplicate("Duplicate local value definition", detail, l.DeclRange)
	}
	m.Locals[l.Name] = l
	return nil
}

func (m *Module) addOutput(o *Output) hcl.Diagnostics {
	if prev, ok := m.Outputs[o.Name]; ok {
		detail := fmt.Sprintf("An output named %q was already defined at %s. Output names must be unique within a module.", o.Name, prev.DeclRange)
		return duplicate("Duplicate output definition", detail, o.DeclRange)
	}
	m.Outputs[o.Name] = o
	return nil
}

func (m *Module) addResource(r *Resource) hcl.Diagnostics {
	key := r.Addr().String()
	table, kind, noun := m.ResourcesOf(r.Mode), "resource", "resource"
	switch r.Mode {
	case addrs.DataResourceMode:
		kind, noun = "data", "data source"
	case addrs.EphemeralResourceMode:
		kind, noun = "ephemeral", "ephemeral resource"
	}
	if prev, ok := table[key]; ok {
		detail := fmt.Sprintf("A %s %s named %q was already declared at %s. Names must be unique per type in each module.", r.Type, noun, r.Name, prev.DeclRange)
		return duplicate(fmt.Sprintf("Duplicate %s %q configuration", kind, r.Type), detail, r.DeclRange)
	}
	table[key] = r
	return nil
}

func duplicate(summary, detail string, rng hcl.Range) hcl.Diagnostics {
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}}
}

// sortedAttributes returns attrs in source order, for deterministic
// diagnostics.
func sortedAttributes(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Range.Filename != out[j].Range.Filename {
			return out[i].Range.Filename < out[j].Range.Filename
		}
		return out[i].Range.Start.Byte < out[j].Range.Start.Byte
	})
	return out
}
