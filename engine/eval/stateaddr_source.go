package eval

import (
	"strings"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
)

// StateProviderIn is StateProvider with the source address that the
// required_providers of the key's module declare for its local name, as
// Terraform records it: provider["registry.terraform.io/acme/thing"] for
// source = "acme/thing". Without a declared source (or without cfg) it is
// StateProvider(key).
func StateProviderIn(cfg *config.Config, key string) string {
	path, local := SplitProviderKey(key)
	name, alias, _ := strings.Cut(local, ".")
	src := declaredSource(cfg, path, name)
	if src == "" {
		return StateProvider(key)
	}
	s := path.Prefix() + `provider["` + src + `"]`
	if alias != "" {
		s += "." + alias
	}
	return s
}

// declaredSource returns the full source address that the module at path
// declares for local name, "" when it declares none.
func declaredSource(cfg *config.Config, path addrs.Module, name string) string {
	if cfg == nil {
		return ""
	}
	c := cfg.Root().Descendant(path)
	if c == nil || c.Module == nil {
		return ""
	}
	rp := c.Module.RequiredProviders[name]
	if rp == nil || rp.Source == "" {
		return ""
	}
	return FullSource(rp.Source)
}

// FullSource returns a provider source address with its defaults filled
// in, as Terraform normalises it: "aws" and "hashicorp/aws" become
// "registry.terraform.io/hashicorp/aws"; the host and namespace are
// lowercased.
func FullSource(src string) string {
	parts := strings.Split(strings.ToLower(src), "/")
	switch len(parts) {
	case 1:
		return DefaultProviderHost + "/hashicorp/" + parts[0]
	case 2:
		return DefaultProviderHost + "/" + parts[0] + "/" + parts[1]
	}
	return strings.Join(parts, "/")
}
