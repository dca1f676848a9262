package agent

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/agent/config"
	tfconfig "github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/source"
)

// stateIdentity names which state a backend configuration stores or reads:
// the backend type, the settings that locate the state (bucket and key,
// bucket and prefix, connection and schema, path) and the workspace.
// Settings that do not locate it (region, encryption, lock tables) are
// left out; settings a file leaves to the environment compare as empty.
type stateIdentity struct {
	key     string // comparable
	display string // for people: no connection strings
}

// locating are the settings that say where each backend's state is.
var locating = map[string][]string{
	"s3":    {"bucket", "key", "workspace_key_prefix"},
	"gcs":   {"bucket", "prefix"},
	"pg":    {"conn_str", "schema_name"},
	"local": {"path", "workspace_dir"},
	"http":  {"address"},
}

// shown are the locating settings safe to print.
var shown = map[string]bool{"bucket": true, "key": true, "prefix": true, "schema_name": true, "path": true}

// identify builds the identity of the state that backend typ with
// settings attrs (evaluated literals) holds for workspace; dir is the
// repository-relative directory relative local paths are taken from.
func identify(typ string, attrs map[string]cty.Value, workspace, dir string) (stateIdentity, bool) {
	names, ok := locating[typ]
	if !ok {
		return stateIdentity{}, false
	}
	if workspace == "" {
		workspace = "default"
	}
	parts, shownParts := []string{typ}, []string{}
	for _, n := range names {
		v := ""
		if a, ok := attrs[n]; ok && a.IsKnown() && !a.IsNull() && a.Type() == cty.String {
			v = a.AsString()
		}
		if typ == "local" && n == "path" {
			if v == "" {
				v = "terraform.tfstate"
			}
			if !filepath.IsAbs(v) {
				v = path.Join(dir, filepath.ToSlash(v))
			}
		}
		parts = append(parts, n+"="+v)
		if shown[n] && v != "" {
			shownParts = append(shownParts, fmt.Sprintf("%s %q", n, v))
		}
	}
	parts = append(parts, "workspace="+workspace)
	display := typ
	if len(shownParts) > 0 {
		display += " " + strings.Join(shownParts, ", ")
	}
	return stateIdentity{key: strings.Join(parts, "\x00"), display: display}, true
}

// stackStates reads a stack's Terraform configuration in dir (repo-
// relative path stackPath): the identity of the state its backend writes,
// and of each state its terraform_remote_state data sources read, by
// data source address.
func stackStates(dir, stackPath, workspace string) (own stateIdentity, ownOK bool, reads map[string]stateIdentity) {
	mod, _ := tfconfig.Load(dir)
	if mod == nil {
		return stateIdentity{}, false, nil
	}
	if mod.Backend != nil {
		attrs, _ := mod.Backend.Config.JustAttributes()
		own, ownOK = identify(mod.Backend.Type, literals(attrs), workspace, stackPath)
	} else {
		own, ownOK = identify("local", nil, workspace, stackPath)
	}
	reads = map[string]stateIdentity{}
	for addr, r := range mod.DataResources {
		if r.Type != "terraform_remote_state" {
			continue
		}
		content, _, _ := r.Config.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{
			{Name: "backend"}, {Name: "config"}, {Name: "workspace"}}})
		vals := literals(content.Attributes)
		typ, ws := str(vals["backend"]), str(vals["workspace"])
		settings := map[string]cty.Value{}
		if c := vals["config"]; c != cty.NilVal && !c.IsNull() && c.IsKnown() && (c.Type().IsObjectType() || c.Type().IsMapType()) {
			for k, v := range c.AsValueMap() {
				settings[k] = v
			}
		}
		if id, ok := identify(typ, settings, ws, stackPath); ok {
			reads[addr] = id
		}
	}
	return own, ownOK, reads
}

// literals evaluates attributes that need no variables; others are left
// out.
func literals(attrs hcl.Attributes) map[string]cty.Value {
	out := map[string]cty.Value{}
	for n, a := range attrs {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
			out[n] = v
		}
	}
	return out
}

func str(v cty.Value) string {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// InferOptions say how InferDependencies reads the stacks' repositories.
type InferOptions struct {
	// CacheDir is the git cache.
	CacheDir string
	// Auth gives a stack's git credentials.
	Auth func(s *config.Stack) source.Auth
	Log  hclog.Logger
}

// InferDependencies reads each stack's configuration at its branch head
// and records (config.AddInferred) that a stack whose
// terraform_remote_state reads the state another stack's backend writes
// depends on it, as if it said depends_on. A stack that cannot be read
// is logged and skipped: its explicit depends_on still holds.
func InferDependencies(ctx context.Context, cfg *config.Config, opts InferOptions) {
	owner := map[string]string{} // identity key -> stack
	reads := map[string]map[string]stateIdentity{}
	for _, s := range cfg.Stacks {
		co, err := source.Fetch(ctx, source.Options{URL: s.Repo, Ref: s.Branch, Path: s.Path, CacheDir: opts.CacheDir, Auth: opts.Auth(s), Log: opts.Log})
		if err != nil {
			opts.Log.Warn("could not read the stack to find its terraform_remote_state dependencies", "stack", s.Name, "error", err)
			continue
		}
		own, ok, r := stackStates(co.Dir, s.Path, s.Workspace)
		if ok {
			if prev, dup := owner[own.key]; dup {
				opts.Log.Warn("two stacks write the same state", "stacks", prev+", "+s.Name, "state", own.display)
			} else {
				owner[own.key] = s.Name
			}
		}
		reads[s.Name] = r
	}
	for _, s := range cfg.Stacks {
		addrs := make([]string, 0, len(reads[s.Name]))
		for addr := range reads[s.Name] {
			addrs = append(addrs, addr)
		}
		sort.Strings(addrs)
		for _, addr := range addrs {
			id := reads[s.Name][addr]
			up, ok := owner[id.key]
			if !ok || up == s.Name {
				continue
			}
			if err := cfg.AddInferred(s.Name, up, fmt.Sprintf("%s reads its state (%s)", addr, id.display)); err != nil {
				opts.Log.Warn("dependency not inferred", "stack", s.Name, "error", err)
			} else {
				opts.Log.Info("dependency inferred from terraform_remote_state", "stack", s.Name, "upstream", up, "data_source", addr)
			}
		}
	}
}
