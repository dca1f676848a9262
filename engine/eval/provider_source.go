package eval

import (
	"strings"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/state"
)

// Providers are told apart by source address, not by local name, as in
// Terraform: module a's `thing` (acme/thing) and module b's `thing`
// (other/thing) are two providers. A configuration key names a module's
// local name; KeySource gives the address it stands for there, a default
// (unaliased) configuration is inherited from the nearest ancestor that
// names the same address (under any local name), and a provider no
// ancestor names gets one implied empty configuration, keyed in the first
// module that uses it and shared by the others, recorded in state at the root as Terraform records it
// (provider["registry.terraform.io/acme/thing"]). See
// docs/provider-plugins.md, "Local names and source addresses".

// defaultSource is the address a local name stands for when no
// required_providers entry declares it: hashicorp/NAME, or Terraform's
// built-in terraform provider.
func defaultSource(name string) string { return state.ProviderSource(name) }

// moduleSource returns the address that module c's local name stands for.
func moduleSource(c *config.Config, name string) string {
	if rp := c.Module.RequiredProviders[name]; rp != nil && rp.Source != "" {
		return FullSource(rp.Source)
	}
	return defaultSource(name)
}

// KeySource returns the source address of a provider configuration key
// in the tree of cfg ("registry.terraform.io/acme/thing" for
// "module.a.thing" when module a declares thing = { source =
// "acme/thing" }).
func KeySource(cfg *config.Config, key string) string {
	path, local := SplitProviderKey(key)
	name, _, _ := strings.Cut(local, ".")
	if cfg == nil {
		return defaultSource(name)
	}
	c := cfg.Root().Descendant(path)
	if c == nil || c.Module == nil {
		return defaultSource(name)
	}
	return moduleSource(c, name)
}

// localNameFor returns module c's local name for the provider at src:
// the required_providers entry with that source, or the implied name
// when src is its default and c does not give the name another source.
func localNameFor(c *config.Config, src string) (string, bool) {
	for _, name := range sortedNames(c.Module.RequiredProviders) {
		if moduleSource(c, name) == src {
			return name, true
		}
	}
	name := src[strings.LastIndex(src, "/")+1:]
	if _, declared := c.Module.RequiredProviders[name]; !declared && defaultSource(name) == src {
		return name, true
	}
	return "", false
}

// inheritedKey returns the key of the ancestor configuration that module
// c's default configuration for local is inherited from: the nearest
// ancestor naming the same source address, through module calls that
// pass no providers map. ok is false when none names it.
func inheritedKey(c *config.Config, local string) (string, bool) {
	src := moduleSource(c, local)
	for m := c; m.Call != nil && len(m.Call.Providers) == 0; m = m.Parent {
		if name, ok := localNameFor(m.Parent, src); ok {
			key, diags := ResolveProviderKey(m.Parent, name)
			return key, !diags.HasErrors()
		}
	}
	return "", false
}

// sharedImpliedKey returns the key of the implied configuration for the
// provider at src: Terraform gives every module that neither declares nor
// inherits it one configuration at the root, so all of them share the
// key of the first such module (in config.All order), and one provider
// instance serves them. ok is false when no module has one.
func sharedImpliedKey(root *config.Config, src string) (string, bool) {
	for _, m := range root.All() {
		if m.Parent == nil || m.Module == nil || len(m.Call.Providers) > 0 {
			continue
		}
		name, ok := localNameFor(m, src)
		if !ok {
			continue
		}
		if _, declared := m.Module.ProviderConfigs[name]; declared {
			continue
		}
		if _, inherited := inheritedKey(m, name); !inherited {
			return m.Path.Prefix() + name, true
		}
	}
	return "", false
}

// isImplied reports whether key names a configuration no provider block
// declares in a child module that inherits it: Terraform records such a
// configuration at the root.
func isImplied(cfg *config.Config, key string) bool {
	path, local := SplitProviderKey(key)
	if path.IsRoot() || cfg == nil {
		return false
	}
	c := cfg.Root().Descendant(path)
	if c == nil || c.Module == nil {
		return false
	}
	_, declared := c.Module.ProviderConfigs[local]
	return !declared && (c.Call == nil || len(c.Call.Providers) == 0)
}

// ProviderKeyFromStateIn is ProviderKeyFromState within the configuration
// cfg: the provider address recorded in state maps to the configuration
// key of the module that names it, by source address. A root-level
// address that the root does not name belongs to the first module with
// an implied configuration for it. Without a match it is
// ProviderKeyFromState(s).
func ProviderKeyFromStateIn(cfg *config.Config, s string) string {
	fallback := ProviderKeyFromState(s)
	src := ProviderSourceFromState(s)
	if cfg == nil || src == "" {
		return fallback
	}
	path, local := SplitProviderKey(fallback)
	_, alias, _ := strings.Cut(local, ".")
	withAlias := func(k string) string {
		if alias != "" {
			return k + "." + alias
		}
		return k
	}
	root := cfg.Root()
	if c := root.Descendant(path); c != nil && c.Module != nil {
		if name, ok := localNameFor(c, src); ok {
			return withAlias(path.Prefix() + name)
		}
	}
	if !path.IsRoot() || alias != "" {
		return fallback
	}
	for _, c := range root.All() {
		if c.Parent == nil {
			continue
		}
		if name, ok := localNameFor(c, src); ok {
			if key, diags := ResolveProviderKey(c, name); !diags.HasErrors() && isImplied(cfg, key) {
				return key
			}
		}
	}
	return fallback
}
