package config

import (
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

// Config is one module of the configuration tree: the root module, or a
// module called from its parent. The tree is built once, when the
// configuration is loaded; the evaluator only sees module paths.
type Config struct {
	Module *Module
	// Path is the static module address ("" for the root).
	Path addrs.Module
	// Dir is the module's directory relative to the root module's,
	// slash-separated: "." for the root, "modules/net",
	// ".terraform/modules/vpc".
	Dir string
	// Parent is nil for the root.
	Parent *Config
	// Call is the module block that calls this module; nil for the root.
	Call *ModuleCall
	// Children maps module call names to the called modules.
	Children map[string]*Config
}

// Root returns the root of c's tree.
func (c *Config) Root() *Config {
	for c.Parent != nil {
		c = c.Parent
	}
	return c
}

// Descendant returns the module at path, or nil.
func (c *Config) Descendant(p addrs.Module) *Config {
	cur := c
	for _, name := range p.Names() {
		cur = cur.Children[name]
		if cur == nil {
			return nil
		}
	}
	return cur
}

// All returns c and every module below it, parents before children and
// siblings by name.
func (c *Config) All() []*Config {
	out := []*Config{c}
	for _, name := range slices.Sorted(maps.Keys(c.Children)) {
		out = append(out, c.Children[name].All()...)
	}
	return out
}

// ModuleDirs maps every module's key (addrs.Module.Key) to its Dir.
func (c *Config) ModuleDirs() map[string]string {
	out := map[string]string{}
	for _, m := range c.All() {
		out[m.Path.Key()] = m.Dir
	}
	return out
}

// Sources returns the configuration files of every module keyed by their
// path relative to the root module's directory ("main.tf",
// "modules/net/main.tf"): the snapshot a saved plan carries.
func (c *Config) Sources() map[string][]byte {
	out := map[string][]byte{}
	for _, m := range c.All() {
		for name, src := range m.Module.Sources {
			out[joinRel(m.Dir, name)] = src
		}
	}
	return out
}

// Files returns the parsed files of every module, by the file name
// diagnostics use.
func (c *Config) Files() map[string]*hcl.File {
	out := map[string]*hcl.File{}
	for _, m := range c.All() {
		maps.Copy(out, m.Module.Files)
	}
	return out
}

// IsExpanded reports whether this module, or a module above it, is
// called with count or for_each.
func (c *Config) IsExpanded() bool {
	for cur := c; cur.Call != nil; cur = cur.Parent {
		if cur.Call.Count != nil || cur.Call.ForEach != nil {
			return true
		}
	}
	return false
}

// ModuleSource finds and loads the module a call names. parentDir is the
// calling module's Dir; the returned dir is relative to the root module's
// directory, slash-separated.
type ModuleSource interface {
	LoadModule(p addrs.Module, call *ModuleCall, parentDir string) (mod *Module, dir string, diags hcl.Diagnostics)
}

// maxModuleDepth bounds the tree, so that a module that calls itself is
// reported instead of recursing forever.
const maxModuleDepth = 64

// BuildTree builds the configuration tree under root, loading each called
// module through src.
func BuildTree(root *Module, src ModuleSource) (*Config, hcl.Diagnostics) {
	c := &Config{Module: root, Path: addrs.RootModule, Dir: "."}
	diags := c.loadChildren(src, 0)
	return c, diags
}

func (c *Config) loadChildren(src ModuleSource, depth int) hcl.Diagnostics {
	var diags hcl.Diagnostics
	c.Children = map[string]*Config{}
	for _, name := range slices.Sorted(maps.Keys(c.Module.ModuleCalls)) {
		call := c.Module.ModuleCalls[name]
		p := c.Path.Child(name)
		if depth >= maxModuleDepth {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module calls nested too deeply",
				Detail:  fmt.Sprintf("%s is more than %d module calls below the root module; a module probably calls itself.", p, maxModuleDepth),
				Subject: call.DeclRange.Ptr()})
			continue
		}
		mod, dir, ds := src.LoadModule(p, call, c.Dir)
		diags = append(diags, ds...)
		if mod == nil {
			continue
		}
		child := &Config{Module: mod, Path: p, Dir: dir, Parent: c, Call: call}
		c.Children[name] = child
		diags = append(diags, child.loadChildren(src, depth+1)...)
	}
	return diags
}

// DirSource loads modules from disk below the root module's directory
// RootDir. Local sources ("./x", "../x") resolve against the calling
// module's directory; other sources are looked up through Resolve (the
// module manifest trueup init writes).
type DirSource struct {
	RootDir string
	// Resolve returns the directory where the module at p was installed
	// for call: slash-separated and relative to RootDir, or absolute when
	// modules were installed outside the stack. It returns diagnostics
	// saying why that installation cannot be used (not installed, source
	// or version changed since). Nil means nothing is installed.
	Resolve func(p addrs.Module, call *ModuleCall) (dir string, diags hcl.Diagnostics)
}

// LoadModule implements ModuleSource.
func (s DirSource) LoadModule(p addrs.Module, call *ModuleCall, parentDir string) (*Module, string, hcl.Diagnostics) {
	var dir string
	var diags hcl.Diagnostics
	switch {
	case call.IsLocalSource():
		dir = path.Clean(path.Join(parentDir, call.SourceAddr))
	case s.Resolve != nil:
		dir, diags = s.Resolve(p, call)
	default:
		diags = notInstalled(p, call)
	}
	if diags.HasErrors() {
		return nil, "", diags
	}
	full := onDisk(s.RootDir, dir)
	if fi, err := os.Stat(full); err != nil || !fi.IsDir() {
		return nil, "", hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unreadable module directory",
			Detail:  fmt.Sprintf("The directory %s of %s (source %q) does not exist.", dir, p, call.SourceAddr),
			Subject: call.SourceAddrRange.Ptr()}}
	}
	mod, ds := Load(full)
	if mod == nil || (len(mod.Files) == 0 && !ds.HasErrors()) {
		return nil, "", append(ds, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unreadable module directory",
			Detail:  fmt.Sprintf("The directory %s of %s (source %q) holds no configuration files.", dir, p, call.SourceAddr),
			Subject: call.SourceAddrRange.Ptr()})
	}
	return mod, dir, ds
}

// SnapshotSource loads modules from a snapshot taken by Config.Sources
// and Config.ModuleDirs: a saved plan's configuration.
type SnapshotSource struct {
	RootDir string
	Sources map[string][]byte
	// Dirs maps module keys to their directories.
	Dirs map[string]string
}

// LoadModule implements ModuleSource.
func (s SnapshotSource) LoadModule(p addrs.Module, call *ModuleCall, parentDir string) (*Module, string, hcl.Diagnostics) {
	dir, ok := s.Dirs[p.Key()]
	if !ok {
		return nil, "", hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Module not in saved plan",
			Detail: fmt.Sprintf("The saved plan's configuration snapshot has no files for %s.", p), Subject: call.DeclRange.Ptr()}}
	}
	files := map[string][]byte{}
	prefix := joinRel(dir, "")
	for name, src := range s.Sources {
		if rest, ok := strings.CutPrefix(name, prefix); ok && !strings.Contains(rest, "/") {
			files[rest] = src
		}
	}
	mod, diags := LoadSources(onDisk(s.RootDir, dir), files)
	return mod, dir, diags
}

// RootSnapshot returns the root module's files of a snapshot.
func RootSnapshot(sources map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for name, src := range sources {
		if !strings.Contains(name, "/") {
			out[name] = src
		}
	}
	return out
}

// notInstalled is the error for a non-local module when nothing is
// installed at all.
func notInstalled(p addrs.Module, call *ModuleCall) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Module not installed",
		Detail:   fmt.Sprintf("This module (%s, source %q) is not yet installed. Run \"trueup init\" to install all modules required by this configuration.", p, call.SourceAddr),
		Subject:  call.DeclRange.Ptr(),
	}}
}

// onDisk is where a module directory (relative to the root module's, or
// absolute) is on disk.
func onDisk(rootDir, dir string) string {
	if path.IsAbs(dir) || filepath.IsAbs(dir) {
		return filepath.FromSlash(dir)
	}
	return filepath.Join(rootDir, filepath.FromSlash(dir))
}

// joinRel joins a module directory and a file name into a snapshot key:
// the root's files have no directory prefix.
func joinRel(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	if name == "" {
		return dir + "/"
	}
	return dir + "/" + name
}
