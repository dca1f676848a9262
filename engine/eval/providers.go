package eval

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// Providers holds the provider instances of one operation, keyed by
// provider configuration ("aws", "aws.west"), and their schemas, keyed by
// provider name ("aws").
type Providers struct {
	registry schema.Registry
	// cfg, when set, maps configuration keys to source addresses, under
	// which the registry serves each provider (see registryName).
	cfg *config.Config

	mu        sync.Mutex
	instances map[string]schema.Provider
	// configured holds, by key, the configuration each instance was
	// configured with and what the provider said.
	configured map[string]configured
	schemas    map[string]*schema.ProviderSchema
	life       life
}

// configured is a provider instance's registry name, configuration and
// diagnostics.
type configured struct {
	name   string
	config cty.Value
	diags  schema.Diagnostics
}

// NewProviders returns an empty set drawing on reg.
func NewProviders(reg schema.Registry) *Providers {
	return &Providers{
		registry:   reg,
		instances:  map[string]schema.Provider{},
		configured: map[string]configured{},
		schemas:    map[string]*schema.ProviderSchema{},
	}
}

// SetConfig tells the set the configuration its keys belong to, so that
// each key is served by the provider of its source address: module a's
// `thing` and module b's `thing` may be two providers. Entry points that
// know the configuration (BuildGraph, validation, ConfigureProviders) call
// it.
func (p *Providers) SetConfig(cfg *config.Config) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if cfg != nil {
		p.cfg = cfg.Root()
	}
}

// registryName returns the registry entry serving the configuration key:
// its source address when the registry has one (cmd registers every
// selected provider under it), else its provider name.
func (p *Providers) registryName(key string) string {
	p.mu.Lock()
	cfg := p.cfg
	p.mu.Unlock()
	if cfg != nil {
		if src := KeySource(cfg, key); src != "" {
			if _, ok := p.registry[src]; ok {
				return src
			}
		}
	}
	return ProviderName(key)
}

// KeySchema returns the schema of the provider serving the configuration
// key.
func (p *Providers) KeySchema(ctx context.Context, key string) (*schema.ProviderSchema, error) {
	return p.Schema(ctx, p.registryName(key))
}

// Known reports whether a built-in provider has this name.
func (p *Providers) Known(name string) bool {
	_, ok := p.registry[name]
	return ok
}

// Names returns the registry's provider names, sorted, without the
// source addresses it also serves.
func (p *Providers) Names() []string {
	names := make([]string, 0, len(p.registry))
	for n := range p.registry {
		if !strings.Contains(n, "/") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Schema returns the named provider's schema.
func (p *Providers) Schema(ctx context.Context, name string) (*schema.ProviderSchema, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s, ok := p.schemas[name]; ok {
		return s, nil
	}
	factory, ok := p.registry[name]
	if !ok {
		return nil, fmt.Errorf("provider %q is not built into trueup (built in: %s)", name, strings.Join(p.Names(), ", "))
	}
	inst := factory()
	resp := inst.GetSchema(ctx)
	if err := resp.Diagnostics.Err(); err != nil {
		_ = inst.Close()
		return nil, fmt.Errorf("provider %q schema: %w", name, err)
	}
	s := resp.Schema
	p.schemas[name] = &s
	p.keepSpare(name, inst)
	return &s, nil
}

// ResourceSchema returns the schema of a resource or data source type
// served by the provider configuration key, or nil when the provider has
// no such type.
func (p *Providers) ResourceSchema(ctx context.Context, key string, r addrs.Resource) (*schema.Resource, error) {
	ps, err := p.KeySchema(ctx, key)
	if err != nil {
		return nil, err
	}
	switch r.Mode {
	case addrs.DataResourceMode:
		return ps.DataSources[r.Type], nil
	case addrs.EphemeralResourceMode:
		return ps.EphemeralResources[r.Type], nil
	}
	return ps.Resources[r.Type], nil
}

// Configure creates the provider instance for key and configures it.
// When key's instance was already configured with an equal value (an
// apply that follows its plan in the same operation), that instance is
// kept and its configuration's diagnostics are returned again: its
// process is not started a second time, and no provider is configured
// twice.
func (p *Providers) Configure(ctx context.Context, key string, cfg schema.ConfigureRequest) schema.Diagnostics {
	name := p.registryName(key)
	p.mu.Lock()
	prev, ok := p.configured[key]
	p.mu.Unlock()
	if ok && prev.name == name && cfg.Config.IsWhollyKnown() && prev.config.RawEquals(cfg.Config) {
		return prev.diags
	}
	factory, ok := p.registry[name]
	if !ok {
		return schema.Errorf(nil, "Unknown provider", fmt.Sprintf("provider %q is not built into trueup", name))
	}
	inst := p.takeSpare(name)
	if inst == nil {
		inst = factory()
	}
	p.track(inst)
	p.stopOnCancel(ctx)
	if resp := inst.GetSchema(ctx); resp.Diagnostics.HasErrors() {
		return resp.Diagnostics
	}
	vresp := inst.ValidateProviderConfig(ctx, schema.ValidateProviderConfigRequest{Config: cfg.Config})
	if vresp.Diagnostics.HasErrors() {
		return vresp.Diagnostics
	}
	resp := inst.Configure(ctx, cfg)
	if resp.Diagnostics.HasErrors() {
		return append(vresp.Diagnostics, resp.Diagnostics...)
	}
	diags := append(vresp.Diagnostics, resp.Diagnostics...)
	p.mu.Lock()
	p.instances[key] = inst
	p.configured[key] = configured{name: name, config: cfg.Config, diags: diags}
	p.mu.Unlock()
	return diags
}

// Get returns the configured provider for key, or nil.
func (p *Providers) Get(key string) schema.Provider {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.instances[key]
}
