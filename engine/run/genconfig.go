package run

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/genconfig"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/state"
)

// generatePath is where -generate-config-out writes: relative paths are
// relative to the stack's directory, next to the root module's files.
func generatePath(req Request) string {
	if filepath.IsAbs(req.GenerateConfigOut) {
		return req.GenerateConfigOut
	}
	return filepath.Join(req.Dir, req.GenerateConfigOut)
}

// checkGenerateTarget refuses a -generate-config-out file that exists:
// generated configuration only ever goes into a new file.
func checkGenerateTarget(req Request) hcl.Diagnostics {
	if req.GenerateConfigOut == "" {
		return nil
	}
	if _, err := os.Lstat(generatePath(req)); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Target generated file already exists",
		Detail: "trueup can only write generated config into a new file. Either choose a different target location or move all existing configuration out of the target file, delete it and try again."}}
}

// generation is the outcome of the -generate-config-out pre-pass.
type generation struct {
	// cfg is the configuration with the generated file added.
	cfg *config.Config
	// blocks maps each import target given a resource block to its text.
	blocks map[addrs.ResourceInstance]string
	// path is the file written, "" when nothing was generated.
	path string
}

// generateConfig is the -generate-config-out pre-pass: for every import
// block of the root module whose target has no resource block, it imports
// the object through its provider, writes a resource block generated from
// the object and the resource schema into the target file, and returns
// the configuration reloaded with that file, for the plan that follows.
// The file is written even when some imports fail, so that the user can
// finish it by hand.
func generateConfig(ctx context.Context, env Env, req Request, cfg *config.Config, vals map[string]cty.Value, stored *state.State) (generation, hcl.Diagnostics) {
	gen := generation{cfg: cfg, blocks: map[addrs.ResourceInstance]string{}}
	wanted, diags := generationTargets(cfg, stored)
	if len(wanted) == 0 || diags.HasErrors() {
		return gen, diags
	}
	provs := eval.NewProviders(env.Providers)
	defer provs.Close() // ends the plugin processes the generation started
	ev := eval.NewEvaluator(cfg, eval.MarkVariables(cfg.Module, vals), false)
	ev.Workspace = req.Workspace
	keys := map[string]bool{}
	for _, im := range wanted {
		key, ds := eval.ResolveProviderKey(cfg, importProvider(im))
		if diags = append(diags, ds...); !ds.HasErrors() {
			keys[key] = true
		}
	}
	if diags = append(diags, eval.ConfigureProviders(ctx, ev, provs, sortedKeys(keys))...); diags.HasErrors() {
		return gen, diags
	}
	var entries []genconfig.Entry
	for _, im := range wanted {
		entry, ds := generateOne(ctx, provs, ev, cfg, im)
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		entries = append(entries, entry)
		gen.blocks[im.To.Instance(addrs.NoKey)] = entry.Block
	}
	if len(entries) == 0 {
		return gen, diags
	}
	text := genconfig.File(entries)
	gen.path = generatePath(req)
	if err := os.WriteFile(gen.path, []byte(text), 0o644); err != nil {
		return generation{cfg: cfg}, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Failed to create target generated file",
			Detail: fmt.Sprintf("trueup could not create the generated file (%s): %v.", gen.path, err)})
	}
	reloaded, ds := withGeneratedFile(req, cfg, filepath.Base(gen.path), text)
	if diags = append(diags, ds...); reloaded != nil {
		gen.cfg = reloaded
	}
	return gen, diags
}

// generationTargets returns the root module's import blocks whose target
// has no resource block and is not in state, refusing those Terraform
// cannot generate configuration for: targets in modules, and targets with
// instance keys or for_each.
func generationTargets(cfg *config.Config, stored *state.State) ([]*config.Import, hcl.Diagnostics) {
	var out []*config.Import
	var diags hcl.Diagnostics
	for _, im := range cfg.Module.Imports {
		if !im.To.Module.IsRoot() {
			if c := cfg.Descendant(im.To.Module.Module()); c == nil || c.Module.ResourceByAddr(im.To.Local()) == nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Configuration for import target does not exist",
					Detail:  fmt.Sprintf("Resource %s not found. Only resources within the root module are eligible for config generation.", im.To),
					Subject: im.ToRange.Ptr()})
			}
			continue
		}
		if cfg.Module.ResourceByAddr(im.To) != nil || im.To.Mode != addrs.ManagedResourceMode {
			continue
		}
		if im.ForEach != nil || im.ToKey != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Configuration for import target does not exist",
				Detail:  "The given import block is not compatible with config generation. The -generate-config-out option cannot be used with import blocks which use for_each, or resources which use for_each or count.",
				Subject: im.ToRange.Ptr()})
			continue
		}
		if inState(stored, im.To.Instance(addrs.NoKey)) {
			continue // already managed: nothing to import
		}
		out = append(out, im)
	}
	return out, diags
}

// generateOne imports the object an import block names and generates its
// resource block.
func generateOne(ctx context.Context, provs *eval.Providers, ev *eval.Evaluator, cfg *config.Config, im *config.Import) (genconfig.Entry, hcl.Diagnostics) {
	ri := im.To.Instance(addrs.NoKey)
	idVal, diags := ev.InstanceScope(addrs.RootModuleInstance, addrs.NoKey, cty.NilVal).EvalExpr(im.ID, cty.String)
	if diags.HasErrors() {
		return genconfig.Entry{}, diags
	}
	if !idVal.IsWhollyKnown() || idVal.IsNull() || idVal.IsMarked() || idVal.AsString() == "" {
		return genconfig.Entry{}, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid import id argument",
			Detail: "The import ID must be a non-empty, non-sensitive string known before apply.", Subject: im.ID.Range().Ptr()}}
	}
	id := idVal.AsString()
	key, diags := eval.ResolveProviderKey(cfg, importProvider(im))
	if diags.HasErrors() {
		return genconfig.Entry{}, diags
	}
	rs, err := provs.ResourceSchema(ctx, key, im.To)
	if err != nil || rs == nil {
		return genconfig.Entry{}, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid resource type",
			Detail: fmt.Sprintf("provider %q has no resource type %q", key, im.To.Type), Subject: im.ToRange.Ptr()}}
	}
	// No hook events: the plan that follows imports the object again and
	// reports it then.
	obj, _, sds := plan.ImportObject(ctx, provs.Get(key), rs, ri, id) // generating config needs no private data
	if sds.HasErrors() {
		for _, d := range sds {
			diags = append(diags, eval.ProviderDiag(d, im.DeclRange.Ptr(), ri.String()))
		}
		return genconfig.Entry{}, diags
	}
	provider := ""
	if im.ProviderConfigRef != nil && im.ProviderConfigRef.String() != config.ImpliedProviderName(im.To.Type) {
		provider = im.ProviderConfigRef.String()
	}
	block := genconfig.Resource(im.To.Type, im.To.Name, provider, rs.Block, eval.MarkSchemaSensitive(rs.Block, obj))
	return genconfig.Entry{ImportID: id, Block: block}, diags
}

// importProvider is the local provider configuration an import block's
// target uses: its provider argument, or the type's implied provider.
func importProvider(im *config.Import) string {
	if im.ProviderConfigRef != nil {
		return im.ProviderConfigRef.String()
	}
	return config.ImpliedProviderName(im.To.Type)
}

// withGeneratedFile loads the root module again from its files and the
// generated one (named name, text), and builds the configuration tree:
// the plan sees the generated blocks wherever the file was written.
func withGeneratedFile(req Request, cfg *config.Config, name, text string) (*config.Config, hcl.Diagnostics) {
	sources := maps.Clone(cfg.Module.Sources)
	sources[name] = []byte(text)
	root, diags := config.LoadSources(cfg.Module.SourceDir, sources)
	if root == nil || diags.HasErrors() {
		return nil, diags
	}
	tree, ds := buildTree(req.Dir, req.ModulesDir, root)
	return tree, append(diags, ds...)
}

func inState(st *state.State, ri addrs.ResourceInstance) bool {
	if st == nil {
		return false
	}
	r := st.FindResource(ri.Resource)
	return r != nil && r.Instance(ri.Key, "") != nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out // ConfigureProviders sorts them
}
