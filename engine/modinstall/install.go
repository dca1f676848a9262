package modinstall

import (
	"context"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/modsdir"
	"github.com/trueup/trueup/engine/modsrc"
)

// Options configure one installation.
type Options struct {
	// StackDir is the root module's directory; the manifest's paths are
	// relative to it.
	StackDir string
	// ModulesDir is where remote modules and modules.json go: "" means
	// StackDir/.terraform/modules. A relative path is relative to
	// StackDir; an absolute one (for a read-only checkout, as the agent
	// has) is recorded as such, like terraform with an absolute
	// TF_DATA_DIR.
	ModulesDir string
	// Upgrade re-resolves every remote and registry module (newest
	// matching version, branch tips) instead of reusing what is installed.
	Upgrade bool
	// Calls lists the module calls of a directory; nil means ReadCalls.
	Calls CallsFunc
	// Fetcher fetches remote packages; nil means a zero Fetcher.
	Fetcher *getmodules.Fetcher
	// Registry resolves registry addresses; nil means a zero Registry.
	Registry *getmodules.Registry
	// Hooks receives progress; nil means NoHooks.
	Hooks Hooks
	// Log receives debug detail; nil discards it.
	Log hclog.Logger
}

// maxDepth bounds module nesting, as a backstop to the cycle check.
const maxDepth = 64

// Install installs every module the stack at opts.StackDir calls, writes
// the manifest and returns it. A stack that calls no module is left as it
// is (no .terraform is made), as terraform init does. With errors in the diagnostics nothing on
// disk has changed (and the manifest returned is nil). Cancelling ctx
// stops a download in progress; it is reported as an error diagnostic.
func Install(ctx context.Context, opts Options) (modsdir.Manifest, hcl.Diagnostics) {
	in, err := newInstaller(opts)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Failed to read module manifest",
			Detail: "Error reading the module manifest: " + err.Error() + "."}}
	}
	defer in.cleanup()
	in.next[""] = modsdir.Record{Key: "", Source: "", Dir: "."}
	in.walk(ctx, node{readDir: in.opts.StackDir, finalDir: ".", chain: []string{absPath(in.opts.StackDir)}})
	in.unstageFilenames()
	if in.diags.HasErrors() {
		return nil, in.diags
	}
	if len(in.next) == 1 {
		return in.next, in.diags // no module calls: like terraform, touch nothing
	}
	if err := in.commit(); err != nil {
		return nil, append(in.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Failed to update module manifest",
			Detail: "Unable to install the modules and write the module manifest: " + err.Error()})
	}
	return in.next, in.diags
}

// installer is the state of one Install.
type installer struct {
	opts      Options
	log       hclog.Logger
	prev      modsdir.Manifest
	next      modsdir.Manifest
	diags     hcl.Diagnostics
	stage     string            // staging directory, made on first fetch
	staged    []string          // keys fetched into stage/KEY
	created   []string          // directories made for the stage
	fetched   map[string]string // package address → staged copy
	versions  map[string][]string
	locations map[string]string
}

// newInstaller reads the current manifest and fills in defaults.
func newInstaller(opts Options) (*installer, error) {
	if opts.ModulesDir == "" {
		opts.ModulesDir = filepath.FromSlash(modsdir.Dir)
	}
	opts.ModulesDir = filepath.Clean(opts.ModulesDir)
	prev, err := modsdir.ReadFile(filepath.Join(onDisk(opts.StackDir, opts.ModulesDir), modsdir.FileName))
	if err != nil {
		return nil, err
	}
	if opts.Calls == nil {
		opts.Calls = ReadCalls
	}
	if opts.Fetcher == nil {
		opts.Fetcher = &getmodules.Fetcher{}
	}
	if opts.Registry == nil {
		opts.Registry = &getmodules.Registry{}
	}
	if opts.Hooks == nil {
		opts.Hooks = NoHooks{}
	}
	log := opts.Log
	if log == nil {
		log = hclog.NewNullLogger()
	}
	return &installer{opts: opts, log: log.Named("modinstall"), prev: prev, next: modsdir.Manifest{},
		fetched: map[string]string{}, versions: map[string][]string{}, locations: map[string]string{}}, nil
}

// node is a module being walked.
type node struct {
	path     []string
	readDir  string // where its files are now (staged or installed)
	finalDir string // where they will be, relative to the stack: recorded
	// pkgFinal is the final root of the remote package holding it ("" in
	// the stack's own files), which local paths must not leave.
	pkgFinal, pkgRead string
	// fresh is true when it was (re)fetched now: its remote descendants
	// are fetched again too, as Terraform does.
	fresh bool
	chain []string // absolute directories from the root, for cycles
}

// walk installs the calls of the module at n, then theirs.
func (in *installer) walk(ctx context.Context, n node) {
	calls, diags := in.opts.Calls(n.readDir)
	in.diags = append(in.diags, diags...)
	sort.SliceStable(calls, func(i, j int) bool { return calls[i].Name < calls[j].Name })
	seen := map[string]bool{}
	for _, c := range calls {
		if seen[c.Name] || c.SourceRange.Empty() || !hclsyntax.ValidIdentifier(c.Name) {
			continue // reported by the call reader or the config loader
		}
		seen[c.Name] = true
		child, ok := in.install(ctx, n, c)
		if !ok {
			continue
		}
		if d := checkCycle(n, child, c); d != nil {
			in.diags = append(in.diags, d)
			continue
		}
		in.walk(ctx, child)
	}
}

// install resolves one call into the child node to walk.
func (in *installer) install(ctx context.Context, parent node, c Call) (node, bool) {
	src, diags := modsrc.ParseCall(c.Source, c.Version != "", c.SourceRange)
	if diags.HasErrors() {
		in.diags = append(in.diags, diags...)
		return node{}, false
	}
	path := append(append([]string{}, parent.path...), c.Name)
	var child node
	var ok bool
	switch s := src.(type) {
	case modsrc.Local:
		child, ok = in.installLocal(parent, path, c, s)
	case modsrc.Registry:
		child, ok = in.installRegistry(ctx, parent, path, c, s)
	case modsrc.Remote:
		child, ok = in.installRemote(ctx, parent, path, c, s)
	}
	child.path = path
	child.chain = append(append([]string{}, parent.chain...), absPath(child.readDir))
	return child, ok
}

// checkCycle refuses a module whose directory is already on the path
// from the root: it would call itself forever.
func checkCycle(parent, child node, c Call) *hcl.Diagnostic {
	if len(child.path) > maxDepth {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module nesting too deep",
			Detail:  "Module " + modsdir.Key(child.path) + " is nested more than 64 levels deep; module calls probably form a cycle.",
			Subject: c.SourceRange.Ptr()}
	}
	here := child.chain[len(child.chain)-1]
	for _, dir := range parent.chain {
		if dir == here {
			return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module calls form a cycle",
				Detail:  "Module " + modsdir.Key(child.path) + " has the directory " + child.finalDir + ", which is also the directory of one of its calling modules: it would call itself forever.",
				Subject: c.SourceRange.Ptr()}
		}
	}
	return nil
}

// onDisk is a manifest directory as a path: dir itself when absolute,
// else joined to the stack directory.
func onDisk(stackDir, dir string) string {
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(stackDir, dir)
}

// absPath is p made absolute and cleaned (p itself when that fails).
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// cleanup removes the staging directory, and after a failure the
// directories made for it, so that a failed run leaves nothing behind.
func (in *installer) cleanup() {
	if in.stage != "" {
		os.RemoveAll(in.stage)
	}
	for i := len(in.created) - 1; i >= 0; i-- {
		os.Remove(in.created[i])
	}
}
