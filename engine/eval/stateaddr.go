package eval

import (
	"strings"

	"github.com/trueup/trueup/engine/state"
)

// DefaultProviderHost is the host of provider source addresses written
// without one ("hashicorp/aws"), as Terraform records them in state.
const DefaultProviderHost = "registry.terraform.io"

// StateProvider returns the provider address recorded in state for a
// provider configuration key, as Terraform writes it:
// provider["registry.terraform.io/hashicorp/aws"], with ".west" for an
// alias and "module.net." before it for a configuration of a child
// module; the built-in terraform provider is
// provider["terraform.io/builtin/terraform"].
func StateProvider(key string) string {
	path, local := SplitProviderKey(key)
	name, alias, _ := strings.Cut(local, ".")
	s := path.Prefix() + `provider["` + state.ProviderSource(name) + `"]`
	if alias != "" {
		s += "." + alias
	}
	return s
}

// ProviderKeyFromState is the inverse of StateProvider. It accepts every
// source address form: provider["HOST/NAMESPACE/NAME"],
// provider["NAMESPACE/NAME"], with a module prefix and an alias.
func ProviderKeyFromState(s string) string {
	prefix := ""
	if i := strings.Index(s, `provider["`); i > 0 {
		prefix, s = s[:i], s[i:]
	}
	rest, ok := strings.CutPrefix(s, `provider["`)
	if !ok {
		return prefix + s
	}
	src, after, _ := strings.Cut(rest, `"]`)
	name := src[strings.LastIndex(src, "/")+1:]
	if alias, ok := strings.CutPrefix(after, "."); ok && alias != "" {
		return prefix + name + "." + alias
	}
	return prefix + name
}

// ProviderSourceFromState returns the source address of a state provider
// address: "registry.terraform.io/trueup/fw" for
// module.a.provider["registry.terraform.io/trueup/fw"].alias, with the
// default host and namespace filled in; "" when s names none.
func ProviderSourceFromState(s string) string {
	_, rest, ok := strings.Cut(s, `provider["`)
	if !ok {
		return ""
	}
	src, _, _ := strings.Cut(rest, `"]`)
	return FullSource(src)
}
