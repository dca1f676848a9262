package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// Load reads every *.tf and *.tf.json file directly in dir (not in
// subdirectories), in name order, and decodes them into a Module. Hidden
// files and editor backups (*~, #*#) are ignored. Diagnostics name files
// as filepath.Join(dir, name).
func Load(dir string) (*Module, hcl.Diagnostics) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Failed to read configuration directory",
			Detail:   fmt.Sprintf("Cannot read %s: %s.", dir, err),
		}}
	}
	var diags hcl.Diagnostics
	sources := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || !IsConfigFileName(e.Name()) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Failed to read configuration file",
				Detail:   fmt.Sprintf("Cannot read %s: %s.", filepath.Join(dir, e.Name()), err),
			})
			continue
		}
		sources[e.Name()] = src
	}
	mod, moreDiags := LoadSources(dir, sources)
	return mod, append(diags, moreDiags...)
}

// IsConfigFileName reports whether a file name (without directory) is a
// configuration file Load reads: *.tf or *.tf.json, not hidden, not an
// editor backup.
func IsConfigFileName(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) {
		return false
	}
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// isOverrideFileName reports whether name is a Terraform override file.
func isOverrideFileName(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// LoadSources decodes the given files as Load does; sources maps names
// relative to dir to their bytes, and names that Load would skip are
// skipped. It reads nothing from disk: a saved plan's configuration
// snapshot is loaded back with it.
func LoadSources(dir string, sources map[string][]byte) (*Module, hcl.Diagnostics) {
	mod := newModule(dir)
	names := make([]string, 0, len(sources))
	for name := range sources {
		if IsConfigFileName(name) && !strings.ContainsAny(name, `/\`) {
			names = append(names, name)
		}
	}
	sort.Strings(names)

	var diags hcl.Diagnostics
	// Override files are merged after every primary file (see override.go).
	var primaries, overrides []*hcl.File
	parser := hclparse.NewParser()
	for _, name := range names {
		src := sources[name]
		filename := filepath.Join(dir, name)
		mod.Sources[name] = src
		var files []*hcl.File
		var parseDiags hcl.Diagnostics
		if strings.HasSuffix(name, ".json") {
			file, ds := parser.ParseJSON(src, filename)
			if file != nil {
				files = []*hcl.File{file}
			}
			parseDiags = ds
		} else {
			files, parseDiags = parseNative(src, filename)
		}
		diags = append(diags, parseDiags...)
		if len(files) == 0 {
			continue
		}
		mod.Files[filename] = files[0]
		if len(files) > 1 {
			mod.Files[filename] = &hcl.File{Body: files[0].Body, Bytes: src}
		}
		if isOverrideFileName(name) {
			overrides = append(overrides, files...)
			continue
		}
		// A file with syntax errors is still decoded, as far as the
		// parser recovered, so that one pass reports every problem.
		for _, file := range files {
			primaries = append(primaries, file)
			diags = append(diags, mod.appendFile(file)...)
		}
	}
	if len(overrides) > 0 {
		diags = append(diags, mod.applyOverrides(primaries, overrides, diags)...)
	}
	for filename, file := range mod.Files {
		mod.Files[filename] = sourceOnly(file, filename)
	}
	for _, rs := range mod.ResourceTables() {
		for _, r := range rs {
			if f := mod.Files[r.DeclRange.Filename]; f != nil && r.source == nil {
				r.source = f.Bytes
			}
		}
	}
	return mod, diags
}
