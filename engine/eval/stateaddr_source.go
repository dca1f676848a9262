package eval

import (
	"strings"
	"unique"

	"github.com/trueup/trueup/engine/config"
)

// StateProviderIn is StateProvider with the source address that the
// required_providers of the key's module declare for its local name, as
// Terraform records it: provider["registry.terraform.io/acme/thing"] for
// source = "acme/thing". An implied configuration of a child module (one
// no provider block declares and no ancestor names) is recorded at the
// root, as Terraform records it. Without cfg it is StateProvider(key).
func StateProviderIn(cfg *config.Config, key string) string {
	if cfg == nil {
		return StateProvider(key)
	}
	path, local := SplitProviderKey(key)
	_, alias, _ := strings.Cut(local, ".")
	prefix := path.Prefix()
	if isImplied(cfg, key) {
		prefix = ""
	}
	s := prefix + `provider["` + KeySource(cfg, key) + `"]`
	if alias != "" {
		s += "." + alias
	}
	// The state keeps it for every resource, most of them with one of a
	// few providers: one copy each instead of one per resource.
	return unique.Make(s).Value()
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

// WithStateProviderSource returns the state provider address s with its
// source address replaced by src, keeping its module prefix and alias:
// module.m.provider["registry.terraform.io/acme/aws"].west for
// module.m.provider["registry.terraform.io/-/aws"].west and src
// "registry.terraform.io/acme/aws". An s that names no source is
// returned as it is.
func WithStateProviderSource(s, src string) string {
	prefix, rest, ok := strings.Cut(s, `provider["`)
	if !ok {
		return s
	}
	_, suffix, ok := strings.Cut(rest, `"]`)
	if !ok {
		return s
	}
	return prefix + `provider["` + src + `"]` + suffix
}
