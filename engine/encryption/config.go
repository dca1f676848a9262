package encryption

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

// EnvVar is the environment variable that holds encryption configuration
// (the body of an encryption block, in HCL or JSON), merged over the
// configuration's, as in OpenTofu.
const EnvVar = "TF_ENCRYPTION"

// Config is one encryption block: its key providers, methods and targets.
type Config struct {
	KeyProviders []*KeyProviderConfig
	Methods      []*MethodConfig
	State        *TargetConfig
	Plan         *TargetConfig
	Remote       *RemoteConfig
	// DeclRange is the encryption block's header (or the environment
	// variable's name).
	DeclRange hcl.Range
}

// KeyProviderConfig is key_provider "TYPE" "NAME" { ... }.
type KeyProviderConfig struct {
	Type, Name string
	// Alias is encrypted_metadata_alias: the key its metadata is stored
	// under instead of key_provider.TYPE.NAME.
	Alias     string
	Body      hcl.Body
	DeclRange hcl.Range
}

// Addr is key_provider.TYPE.NAME.
func (k *KeyProviderConfig) Addr() string { return "key_provider." + k.Type + "." + k.Name }

// metaKey is where the provider's metadata is stored in the envelope.
func (k *KeyProviderConfig) metaKey() string {
	if k.Alias != "" {
		return k.Alias
	}
	return k.Addr()
}

// MethodConfig is method "TYPE" "NAME" { ... }.
type MethodConfig struct {
	Type, Name string
	Body       hcl.Body
	DeclRange  hcl.Range
}

// Addr is method.TYPE.NAME.
func (m *MethodConfig) Addr() string { return "method." + m.Type + "." + m.Name }

// TargetConfig is a state, plan, default or remote_state_data_source
// block: the method to encrypt with and, in fallback blocks, methods that
// may also decrypt.
type TargetConfig struct {
	Method   hcl.Expression
	Fallback *TargetConfig
	Enforced bool
	// DeclRange is the block's header.
	DeclRange hcl.Range
}

// RemoteConfig is remote_state_data_sources { default { ... }
// remote_state_data_source "NAME" { ... } }.
type RemoteConfig struct {
	Default *TargetConfig
	Targets map[string]*TargetConfig
}

var encryptionSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "key_provider", LabelNames: []string{"type", "name"}},
		{Type: "method", LabelNames: []string{"type", "name"}},
		{Type: "state"},
		{Type: "plan"},
		{Type: "remote_state_data_sources"},
	},
}

// Decode reads the body of an encryption block declared at rng.
func Decode(body hcl.Body, rng hcl.Range) (*Config, hcl.Diagnostics) {
	cfg := &Config{DeclRange: rng}
	content, diags := body.Content(encryptionSchema)
	for _, b := range content.Blocks {
		switch b.Type {
		case "key_provider":
			diags = append(diags, cfg.addKeyProvider(b)...)
		case "method":
			diags = append(diags, cfg.addMethod(b)...)
		case "state", "plan":
			t, d := decodeTarget(b, true)
			diags = append(diags, d...)
			if prev := cfg.target(b.Type); *prev != nil {
				diags = append(diags, duplicate(b.Type+" block", b.DefRange, (*prev).DeclRange))
				continue
			}
			*cfg.target(b.Type) = t
		case "remote_state_data_sources":
			if cfg.Remote != nil {
				diags = append(diags, duplicate("remote_state_data_sources block", b.DefRange, b.DefRange))
				continue
			}
			r, d := decodeRemote(b)
			diags = append(diags, d...)
			cfg.Remote = r
		}
	}
	return cfg, diags
}

func (c *Config) target(name string) **TargetConfig {
	if name == "plan" {
		return &c.Plan
	}
	return &c.State
}

func (c *Config) addKeyProvider(b *hcl.Block) hcl.Diagnostics {
	content, rest, diags := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "encrypted_metadata_alias"}}})
	kp := &KeyProviderConfig{Type: b.Labels[0], Name: b.Labels[1], Body: rest, DeclRange: b.DefRange}
	if attr, ok := content.Attributes["encrypted_metadata_alias"]; ok {
		v, d := attr.Expr.Value(nil)
		diags = append(diags, d...)
		if !d.HasErrors() && v.Type().FriendlyName() == "string" && !v.IsNull() {
			kp.Alias = v.AsString()
		}
	}
	diags = append(diags, checkLabels(b)...)
	if prev := c.KeyProvider(kp.Type, kp.Name); prev != nil {
		return append(diags, duplicate(kp.Addr(), b.DefRange, prev.DeclRange))
	}
	c.KeyProviders = append(c.KeyProviders, kp)
	return diags
}

func (c *Config) addMethod(b *hcl.Block) hcl.Diagnostics {
	m := &MethodConfig{Type: b.Labels[0], Name: b.Labels[1], Body: b.Body, DeclRange: b.DefRange}
	diags := checkLabels(b)
	if prev := c.Method(m.Type, m.Name); prev != nil {
		return append(diags, duplicate(m.Addr(), b.DefRange, prev.DeclRange))
	}
	c.Methods = append(c.Methods, m)
	return diags
}

// KeyProvider returns key_provider.TYPE.NAME, or nil.
func (c *Config) KeyProvider(typ, name string) *KeyProviderConfig {
	for _, kp := range c.KeyProviders {
		if kp.Type == typ && kp.Name == name {
			return kp
		}
	}
	return nil
}

// Method returns method.TYPE.NAME, or nil.
func (c *Config) Method(typ, name string) *MethodConfig {
	for _, m := range c.Methods {
		if m.Type == typ && m.Name == name {
			return m
		}
	}
	return nil
}

func checkLabels(b *hcl.Block) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for i, l := range b.Labels {
		if !hclsyntax.ValidIdentifier(l) {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid " + b.Type + " name",
				Detail:   fmt.Sprintf("%q is not a valid name: a name starts with a letter or underscore and holds letters, digits, underscores and dashes.", l),
				Subject:  b.LabelRanges[i].Ptr(),
			})
		}
	}
	return diags
}

func duplicate(what string, at, prev hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Duplicate " + what,
		Detail:   fmt.Sprintf("The %s was already declared at %s.", what, prev),
		Subject:  at.Ptr(),
	}
}

func decodeTarget(b *hcl.Block, enforceable bool) (*TargetConfig, hcl.Diagnostics) {
	schema := &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "method", Required: true}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "fallback"}},
	}
	if enforceable {
		schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: "enforced"})
	}
	content, diags := b.Body.Content(schema)
	t := &TargetConfig{DeclRange: b.DefRange}
	if attr, ok := content.Attributes["method"]; ok {
		t.Method = attr.Expr
	}
	if attr, ok := content.Attributes["enforced"]; ok {
		v, d := attr.Expr.Value(nil)
		diags = append(diags, d...)
		if !d.HasErrors() {
			if v.IsNull() || v.Type().FriendlyName() != "bool" {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid enforced value",
					Detail: "enforced must be true or false, written literally.", Subject: attr.Expr.Range().Ptr()})
			} else {
				t.Enforced = v.True()
			}
		}
	}
	for _, fb := range content.Blocks {
		if t.Fallback != nil {
			diags = append(diags, duplicate("fallback block", fb.DefRange, t.Fallback.DeclRange))
			continue
		}
		f, d := decodeTarget(fb, false)
		diags = append(diags, d...)
		t.Fallback = f
	}
	return t, diags
}

func decodeRemote(b *hcl.Block) (*RemoteConfig, hcl.Diagnostics) {
	content, diags := b.Body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "default"},
		{Type: "remote_state_data_source", LabelNames: []string{"name"}},
	}})
	r := &RemoteConfig{Targets: map[string]*TargetConfig{}}
	for _, rb := range content.Blocks {
		t, d := decodeTarget(rb, false)
		diags = append(diags, d...)
		if rb.Type == "default" {
			if r.Default != nil {
				diags = append(diags, duplicate("default block", rb.DefRange, r.Default.DeclRange))
			}
			r.Default = t
			continue
		}
		if prev, ok := r.Targets[rb.Labels[0]]; ok {
			diags = append(diags, duplicate("remote_state_data_source "+rb.Labels[0], rb.DefRange, prev.DeclRange))
		}
		r.Targets[rb.Labels[0]] = t
	}
	return r, diags
}

// LoadEnv reads encryption configuration given as text (TF_ENCRYPTION's
// value): the body of an encryption block in HCL, or in JSON when it
// starts with "{".
func LoadEnv(name, text string) (*Config, hcl.Diagnostics) {
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.HasPrefix(strings.TrimSpace(text), "{") {
		file, diags = hcljson.Parse([]byte(text), name)
	} else {
		file, diags = hclsyntax.ParseConfig([]byte(text), name, hcl.InitialPos)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	cfg, d := Decode(file.Body, hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos})
	return cfg, append(diags, d...)
}

// Merge returns base with override merged over it, as OpenTofu merges
// TF_ENCRYPTION over the configuration: a key provider or method of the
// same type and name in override replaces the whole block's arguments
// given there, targets are replaced, enforced is kept when either sets
// it. Either may be nil.
func Merge(base, override *Config) *Config {
	if base == nil {
		return override
	}
	if override == nil {
		return base
	}
	out := *base
	out.KeyProviders = append([]*KeyProviderConfig(nil), base.KeyProviders...)
	for _, kp := range override.KeyProviders {
		if i := indexKP(out.KeyProviders, kp); i >= 0 {
			merged := *out.KeyProviders[i]
			merged.Body = overrideBody{merged.Body, kp.Body}
			if kp.Alias != "" {
				merged.Alias = kp.Alias
			}
			out.KeyProviders[i] = &merged
			continue
		}
		out.KeyProviders = append(out.KeyProviders, kp)
	}
	out.Methods = append([]*MethodConfig(nil), base.Methods...)
	for _, m := range override.Methods {
		if i := indexMethod(out.Methods, m); i >= 0 {
			merged := *out.Methods[i]
			merged.Body = overrideBody{merged.Body, m.Body}
			out.Methods[i] = &merged
			continue
		}
		out.Methods = append(out.Methods, m)
	}
	out.State = mergeTarget(base.State, override.State)
	out.Plan = mergeTarget(base.Plan, override.Plan)
	out.Remote = mergeRemote(base.Remote, override.Remote)
	return &out
}

func indexKP(list []*KeyProviderConfig, kp *KeyProviderConfig) int {
	for i, k := range list {
		if k.Type == kp.Type && k.Name == kp.Name {
			return i
		}
	}
	return -1
}

func indexMethod(list []*MethodConfig, m *MethodConfig) int {
	for i, k := range list {
		if k.Type == m.Type && k.Name == m.Name {
			return i
		}
	}
	return -1
}

func mergeTarget(base, override *TargetConfig) *TargetConfig {
	if base == nil || override == nil {
		if base == nil {
			return override
		}
		return base
	}
	out := *override
	if out.Fallback == nil {
		out.Fallback = base.Fallback
	}
	out.Enforced = base.Enforced || override.Enforced
	return &out
}

func mergeRemote(base, override *RemoteConfig) *RemoteConfig {
	if base == nil || override == nil {
		if base == nil {
			return override
		}
		return base
	}
	out := &RemoteConfig{Default: mergeTarget(base.Default, override.Default), Targets: map[string]*TargetConfig{}}
	for k, v := range base.Targets {
		out.Targets[k] = v
	}
	for k, v := range override.Targets {
		out.Targets[k] = mergeTarget(out.Targets[k], v)
	}
	return out
}
