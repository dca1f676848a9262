package modinstall

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/trueup/trueup/engine/modsdir"
)

// Call is one module block: its name, literal source and version, and
// where they are written.
type Call = modsdir.Call

// CallsFunc lists the module calls of the module in dir.
type CallsFunc func(dir string) ([]Call, hcl.Diagnostics)

var (
	moduleBlocks = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}
	callSchema   = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}, {Name: "version"}}}
)

// ReadCalls reads the module blocks of the .tf and .tf.json files in dir
// (only their source and version arguments), with override files
// (override.tf, *_override.tf) applied last as Terraform merges them.
func ReadCalls(dir string) ([]Call, hcl.Diagnostics) {
	primary, overrides, diags := configFiles(dir)
	if diags.HasErrors() {
		return nil, diags
	}
	parser := hclparse.NewParser()
	byName := map[string]int{}
	var calls []Call
	for _, name := range primary {
		fileCalls, d := readFile(parser, name)
		diags = append(diags, d...)
		for _, c := range fileCalls {
			if prev, dup := byName[c.Name]; dup {
				diags = append(diags, duplicateCall(c, calls[prev]))
				continue
			}
			byName[c.Name] = len(calls)
			calls = append(calls, c)
		}
	}
	for _, name := range overrides {
		fileCalls, d := readFile(parser, name)
		diags = append(diags, d...)
		for _, o := range fileCalls {
			diags = append(diags, applyOverride(calls, byName, o)...)
		}
	}
	for _, c := range calls {
		if c.SourceRange.Empty() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing required argument",
				Detail: `The argument "source" is required, but no definition was found.`, Subject: c.DeclRange.Ptr()})
		}
	}
	return calls, diags
}

// configFiles lists dir's configuration files, primary and override,
// leaving out the files Terraform ignores (editor backups, dotfiles).
func configFiles(dir string) (primary, overrides []string, diags hcl.Diagnostics) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Failed to read module directory",
			Detail: "Module directory " + dir + " does not exist or cannot be read."}}
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || ignored(name) || !(strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")) {
			continue
		}
		base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
		if base == "override" || strings.HasSuffix(base, "_override") {
			overrides = append(overrides, filepath.Join(dir, name))
		} else {
			primary = append(primary, filepath.Join(dir, name))
		}
	}
	sort.Strings(primary)
	sort.Strings(overrides)
	return primary, overrides, nil
}

// ignored reports files Terraform skips: dotfiles and editor backups.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"))
}

// readFile decodes the module blocks of one file.
func readFile(parser *hclparse.Parser, name string) ([]Call, hcl.Diagnostics) {
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(name, ".json") {
		f, diags = parser.ParseJSONFile(name)
	} else {
		f, diags = parser.ParseHCLFile(name)
	}
	if f == nil || diags.HasErrors() {
		return nil, diags
	}
	content, _, d := f.Body.PartialContent(moduleBlocks)
	diags = append(diags, d...)
	var calls []Call
	for _, b := range content.Blocks {
		c, d := decodeCall(b)
		diags = append(diags, d...)
		if !d.HasErrors() {
			calls = append(calls, c) // a call whose source is not a literal is not installed
		}
	}
	return calls, diags
}

// decodeCall reads the literal source and version of a module block.
func decodeCall(b *hcl.Block) (Call, hcl.Diagnostics) {
	c := Call{Name: b.Labels[0], DeclRange: b.DefRange}
	content, _, diags := b.Body.PartialContent(callSchema)
	if a, ok := content.Attributes["source"]; ok {
		c.SourceRange = a.Expr.Range()
		diags = append(diags, gohcl.DecodeExpression(a.Expr, nil, &c.Source)...)
	}
	if a, ok := content.Attributes["version"]; ok {
		c.VersionRange = a.Expr.Range()
		diags = append(diags, gohcl.DecodeExpression(a.Expr, nil, &c.Version)...)
	}
	return c, diags
}

// applyOverride merges an override file's module block into the call of
// the same name: the arguments it sets replace the original ones.
func applyOverride(calls []Call, byName map[string]int, o Call) hcl.Diagnostics {
	i, ok := byName[o.Name]
	if !ok {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Missing module call to override",
			Detail:  "There is no module call named \"" + o.Name + "\". An override file can only override a module call that was already defined in a primary configuration file.",
			Subject: o.DeclRange.Ptr()}}
	}
	if !o.SourceRange.Empty() {
		calls[i].Source, calls[i].SourceRange = o.Source, o.SourceRange
	}
	if !o.VersionRange.Empty() {
		calls[i].Version, calls[i].VersionRange = o.Version, o.VersionRange
	}
	return nil
}

// duplicateCall is Terraform's error for two module blocks of one name.
func duplicateCall(c, prev Call) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate module call",
		Detail:  "A module call named \"" + c.Name + "\" was already defined at " + prev.DeclRange.String() + ". Module calls must have unique names within a module.",
		Subject: c.DeclRange.Ptr()}
}
