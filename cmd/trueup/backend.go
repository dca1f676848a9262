package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/gcs"
	"github.com/trueup/trueup/engine/state/httpbackend"
	"github.com/trueup/trueup/engine/state/pg"
	"github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// backendType is one kind of state storage: its configuration schema and
// how to open it, with all its workspaces, from a configuration value.
type backendType struct {
	schema func() *schema.Block
	// open opens the store; codec encodes its states (and may encrypt
	// them).
	open func(ctx context.Context, v cty.Value, codec state.Codec, log hclog.Logger) (state.Store, error)
}

// backendTypes is the one place where trueup's backends are wired in.
func backendTypes() map[string]backendType {
	return map[string]backendType{
		"local": {schema: localSchema, open: openLocal},
		"s3": {schema: s3.Schema, open: func(ctx context.Context, v cty.Value, codec state.Codec, log hclog.Logger) (state.Store, error) {
			cfg, err := s3.ConfigFromValue(v)
			if err != nil {
				return nil, err
			}
			cfg.Codec = codec
			return s3.NewStore(ctx, cfg, log)
		}},
		"gcs": {schema: gcs.Schema, open: func(ctx context.Context, v cty.Value, codec state.Codec, log hclog.Logger) (state.Store, error) {
			cfg, err := gcs.ConfigFromValue(v)
			if err != nil {
				return nil, err
			}
			cfg.Codec = codec
			return gcs.NewStore(ctx, cfg, log)
		}},
		"pg": {schema: pg.Schema, open: openPG},
		"http": {schema: httpbackend.Schema, open: func(_ context.Context, v cty.Value, codec state.Codec, log hclog.Logger) (state.Store, error) {
			cfg, err := httpbackend.ConfigFromValue(v)
			if err != nil {
				return nil, err
			}
			cfg.Codec = codec
			return httpbackend.NewStore(cfg, log)
		}},
	}
}

// pgStores keeps one pg store, with its connection pool, per
// configuration for the life of the process: the agent opens the backend
// for every run and terraform_remote_state for every read, and each would
// otherwise leave a pool of open connections behind.
var pgStores = struct {
	sync.Mutex
	m map[pg.Config]*pg.Store
}{m: map[pg.Config]*pg.Store{}}

func openPG(ctx context.Context, v cty.Value, codec state.Codec, log hclog.Logger) (state.Store, error) {
	cfg, err := pg.ConfigFromValue(v)
	if err != nil {
		return nil, err
	}
	pgStores.Lock()
	defer pgStores.Unlock()
	if st, ok := pgStores.m[cfg]; ok {
		return st.WithCodec(codec), nil
	}
	st, err := pg.NewStore(context.WithoutCancel(ctx), cfg, log)
	if err != nil {
		return nil, err
	}
	pgStores.m[cfg] = st
	return st.WithCodec(codec), nil
}

func localSchema() *schema.Block {
	return &schema.Block{Attributes: map[string]*schema.Attribute{
		"path":          {Type: cty.String, Optional: true, Description: "Path of the default workspace's state file (default terraform.tfstate)."},
		"workspace_dir": {Type: cty.String, Optional: true, Description: "Directory of the other workspaces' states (default terraform.tfstate.d)."},
	}}
}

func openLocal(_ context.Context, v cty.Value, codec state.Codec, _ hclog.Logger) (state.Store, error) {
	setting := func(name, def string) string {
		if v.Type().HasAttribute(name) {
			if p := v.GetAttr(name); !p.IsNull() {
				return p.AsString()
			}
		}
		return def
	}
	st := state.NewLocalStore(setting("path", defaultStatePath), setting("workspace_dir", state.DefaultWorkspaceDir))
	st.Codec = codec
	return st, nil
}

// savedBackendPath is where `trueup init` keeps the backend configuration
// merged from the configuration and -backend-config, as Terraform keeps it
// under .terraform: secrets given on the command line stay out of git.
const savedBackendPath = ".terraform/trueup-backend.json"

type savedBackend struct {
	Type   string          `json:"type"`
	Config json.RawMessage `json:"config"`
	CType  json.RawMessage `json:"config_type"`
	// Block is blockHash of the configuration init read; "" in what
	// older versions saved, which is not checked.
	Block string `json:"block_sha256,omitempty"`
}

// backendSetting is a resolved backend: its type and configuration.
type backendSetting struct {
	Type   string
	Values map[string]cty.Value
	// block is, for a saved setting, the blockHash of the configuration
	// `trueup init` read ("" when unknown).
	block string
}

// resolveBackend merges, in increasing precedence, the configuration's
// backend block, what `trueup init` saved, and -backend-config arguments.
func resolveBackend(mod *config.Module, saved *backendSetting, args []string) (*backendSetting, error) {
	typ := "local"
	if mod != nil && mod.Backend != nil {
		typ = mod.Backend.Type
	}
	bt, ok := backendTypes()[typ]
	if !ok {
		return nil, fmt.Errorf("backend %q is not supported (supported: gcs, local, pg, s3)", typ)
	}
	spec := run.DecoderSpec(relaxed(bt.schema()))
	out := &backendSetting{Type: typ, Values: map[string]cty.Value{}}
	if mod != nil && mod.Backend != nil {
		v, diags := decodeBackendBody(mod.Backend.Config, bt.schema(), spec)
		if diags.HasErrors() {
			return nil, fmt.Errorf("backend %q configuration: %s", typ, diags.Error())
		}
		mergeValues(out.Values, v)
	}
	if saved != nil && saved.Type == typ {
		for k, v := range saved.Values {
			out.Values[k] = v
		}
	}
	for _, arg := range args {
		if err := applyBackendArg(out.Values, bt.schema(), spec, arg); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decodeBackendBody decodes a backend block's body with spec, made from
// block. A nested block of block's (the s3 backend's endpoints) may also
// be written as an attribute, `endpoints = { s3 = "..." }`: Terraform's
// backends declare them so, and stacks written for Terraform use that
// syntax.
func decodeBackendBody(body hcl.Body, block *schema.Block, spec hcldec.Spec) (cty.Value, hcl.Diagnostics) {
	var nested []hcl.AttributeSchema
	for name, nb := range block.BlockTypes {
		if nb.Nesting == schema.NestingSingle {
			nested = append(nested, hcl.AttributeSchema{Name: name})
		}
	}
	content, rest, diags := body.PartialContent(&hcl.BodySchema{Attributes: nested})
	v, ds := hcldec.Decode(rest, spec, nil)
	if diags = append(diags, ds...); diags.HasErrors() || len(content.Attributes) == 0 {
		return v, diags
	}
	vals := v.AsValueMap()
	for name, attr := range content.Attributes {
		if !vals[name].IsNull() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate setting",
				Detail: fmt.Sprintf("%q is set both as an argument and as a block.", name), Subject: attr.NameRange.Ptr()})
			continue
		}
		av, ds := attr.Expr.Value(nil)
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		attrTypes := block.BlockTypes[name].Block.ImpliedType().AttributeTypes() // each may be left out
		converted, err := convert.Convert(av, cty.ObjectWithOptionalAttrs(attrTypes, slices.Collect(maps.Keys(attrTypes))))
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Incorrect attribute value type",
				Detail: fmt.Sprintf("Inappropriate value for attribute %q: %s.", name, err), Subject: attr.Expr.Range().Ptr()})
			continue
		}
		vals[name] = converted
	}
	return cty.ObjectVal(vals), diags
}

// applyBackendArg applies one -backend-config argument: KEY=VALUE (KEY may
// be BLOCK.KEY) or the path of an HCL file of attributes.
func applyBackendArg(into map[string]cty.Value, block *schema.Block, spec hcldec.Spec, arg string) error {
	key, value, isPair := strings.Cut(arg, "=")
	if !isPair {
		src, err := os.ReadFile(arg)
		if err != nil {
			return fmt.Errorf("-backend-config=%s: %w", arg, err)
		}
		f, diags := hclparse.NewParser().ParseHCL(src, arg)
		if diags.HasErrors() {
			return fmt.Errorf("-backend-config=%s: %s", arg, diags.Error())
		}
		v, diags := decodeBackendBody(f.Body, block, spec)
		if diags.HasErrors() {
			return fmt.Errorf("-backend-config=%s: %s", arg, diags.Error())
		}
		mergeValues(into, v)
		return nil
	}
	key = strings.TrimSpace(key)
	path := strings.Split(key, ".")
	attrType, ok := attrTypeAt(block, path)
	if !ok {
		return fmt.Errorf("-backend-config: the backend has no setting %q", key)
	}
	v, err := parseBackendValue(value, attrType)
	if err != nil {
		return fmt.Errorf("-backend-config: %s: %w", key, err)
	}
	if len(path) == 1 {
		into[key] = v
		return nil
	}
	inner := map[string]cty.Value{}
	if cur, ok := into[path[0]]; ok && !cur.IsNull() {
		inner = cur.AsValueMap()
	}
	inner[path[1]] = v
	into[path[0]] = cty.ObjectVal(inner)
	return nil
}

func parseBackendValue(s string, ty cty.Type) (cty.Value, error) {
	if ty == cty.String {
		return cty.StringVal(s), nil
	}
	expr, diags := hclsyntax.ParseExpression([]byte(s), "-backend-config", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return convert.Convert(v, ty)
}

func attrTypeAt(b *schema.Block, path []string) (cty.Type, bool) {
	if len(path) == 1 {
		if a, ok := b.Attributes[path[0]]; ok {
			return a.Type, true
		}
		return cty.NilType, false
	}
	if nb, ok := b.BlockTypes[path[0]]; ok && len(path) == 2 {
		return attrTypeAt(&nb.Block, path[1:])
	}
	return cty.NilType, false
}

// relaxed returns a copy of b with nothing required, so that a partial
// configuration decodes; the backend validates the merged result.
func relaxed(b *schema.Block) *schema.Block {
	out := &schema.Block{Attributes: map[string]*schema.Attribute{}, BlockTypes: map[string]*schema.NestedBlock{}}
	for n, a := range b.Attributes {
		c := *a
		c.Required, c.Optional = false, true
		out.Attributes[n] = &c
	}
	for n, nb := range b.BlockTypes {
		c := *nb
		c.Block = *relaxed(&nb.Block)
		c.MinItems = 0
		out.BlockTypes[n] = &c
	}
	return out
}

func mergeValues(into map[string]cty.Value, v cty.Value) {
	if v.IsNull() {
		return
	}
	for k, av := range v.AsValueMap() {
		if !av.IsNull() {
			into[k] = av
		}
	}
}

// open opens the resolved backend with all its workspaces, its states
// encoded by codec.
func (bs *backendSetting) open(ctx context.Context, codec state.Codec) (state.Store, error) {
	return backendTypes()[bs.Type].open(ctx, cty.ObjectVal(bs.Values), codec, logger())
}

// loadSavedBackend reads what `trueup init` saved, or nil.
func loadSavedBackend() (*backendSetting, error) {
	b, err := os.ReadFile(savedBackendPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var sb savedBackend
	if err := json.Unmarshal(b, &sb); err != nil {
		return nil, fmt.Errorf("%s: %w", savedBackendPath, err)
	}
	ty, err := ctyjson.UnmarshalType(sb.CType)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", savedBackendPath, err)
	}
	v, err := ctyjson.Unmarshal(sb.Config, ty)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", savedBackendPath, err)
	}
	out := &backendSetting{Type: sb.Type, Values: map[string]cty.Value{}, block: sb.Block}
	mergeValues(out.Values, v)
	return out, nil
}

// save records the setting for later commands, with block, the blockHash
// of the configuration it was resolved from, readable only by its owner
// since it may hold credentials.
func (bs *backendSetting) save(block string) error {
	v := bs.value()
	cfg, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return err
	}
	ty, err := ctyjson.MarshalType(v.Type())
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(savedBackend{Type: bs.Type, Config: cfg, CType: ty, Block: block}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(savedBackendPath), 0o700); err != nil {
		return err
	}
	return os.WriteFile(savedBackendPath, b, 0o600)
}
