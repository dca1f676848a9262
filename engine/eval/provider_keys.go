package eval

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
)

// Provider configuration keys name one provider block of the
// configuration tree: its module's prefix and its local key, as in
// "aws", "aws.west", "module.net.aws". Resources of a child module use
// their module's own provider block, the one their call passes in
// (providers = { aws = aws.west }), or else, for a default (unaliased)
// configuration, their parent's, as Terraform resolves them.

// SplitProviderKey returns the static module and the local key ("aws" or
// "aws.west") of a provider configuration key.
func SplitProviderKey(key string) (addrs.Module, string) {
	var names []string
	for strings.HasPrefix(key, "module.") {
		rest := strings.TrimPrefix(key, "module.")
		name, after, ok := strings.Cut(rest, ".")
		if !ok {
			break
		}
		names = append(names, name)
		key = after
	}
	return addrs.ModuleOf(names...), key
}

// ProviderName returns the provider name of a provider configuration
// key: "aws" for "aws.west" and for "module.net.aws".
func ProviderName(key string) string {
	_, local := SplitProviderKey(key)
	name, _, _ := strings.Cut(local, ".")
	return name
}

// ResolveProviderKey returns the key of the provider configuration that
// resources of module c referring to local (their provider argument or
// implied provider name) use.
func ResolveProviderKey(c *config.Config, local string) (string, hcl.Diagnostics) {
	if _, ok := c.Module.ProviderConfigs[local]; ok || c.Call == nil {
		return c.Path.Prefix() + local, nil
	}
	for _, pp := range c.Call.Providers {
		if pp.InChild.String() == local {
			return ResolveProviderKey(c.Parent, pp.InParent.String())
		}
	}
	if strings.Contains(local, ".") {
		return "", hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Provider configuration not present",
			Detail: fmt.Sprintf("%s refers to provider configuration %q, which is neither declared in it nor passed to it by its call. "+
				"Pass it with providers = { %s = ... } in the module block.", c.Path, local, local),
			Subject: c.Call.DeclRange.Ptr(),
		}}
	}
	// A default configuration is inherited by source address from the
	// nearest ancestor naming it (provider_source.go); an explicit
	// providers map replaces inheritance, and a provider no ancestor names
	// gets an implied configuration, as in Terraform.
	if key, ok := inheritedKey(c, local); ok {
		return key, nil
	}
	if len(c.Call.Providers) == 0 {
		if key, ok := sharedImpliedKey(c.Root(), moduleSource(c, local)); ok {
			return key, nil
		}
	}
	return c.Path.Prefix() + local, nil
}

// ResourceProviderKey returns the provider configuration key of a
// resource of module c.
func ResourceProviderKey(c *config.Config, res *config.Resource) (string, hcl.Diagnostics) {
	return ResolveProviderKey(c, res.ProviderKey())
}
