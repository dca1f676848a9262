package eval

import (
	"strings"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// StateProvider returns the provider address recorded in state for a
// provider configuration key: provider["hashicorp/aws"] or, with an alias,
// provider["hashicorp/aws"].west; the built-in terraform provider is
// provider["terraform.io/builtin/terraform"], as Terraform writes it.
func StateProvider(key string) string {
	name, alias, _ := strings.Cut(key, ".")
	s := `provider["hashicorp/` + name + `"]`
	if name == "terraform" {
		// The built-in provider has its own source address in Terraform.
		s = `provider["terraform.io/builtin/terraform"]`
	}
	if alias != "" {
		s += "." + alias
	}
	return s
}

// ProviderKeyFromState is the inverse of StateProvider. It also accepts
// Terraform's provider["HOST/NAMESPACE/NAME"] form.
func ProviderKeyFromState(s string) string {
	rest, ok := strings.CutPrefix(s, `provider["`)
	if !ok {
		return s
	}
	src, after, _ := strings.Cut(rest, `"]`)
	name := src[strings.LastIndex(src, "/")+1:]
	if alias, ok := strings.CutPrefix(after, "."); ok && alias != "" {
		return name + "." + alias
	}
	return name
}

// StateMode converts an address mode to the state's.
func StateMode(m addrs.ResourceMode) state.Mode {
	if m == addrs.DataResourceMode {
		return state.DataMode
	}
	return state.ManagedMode
}

// ResourceAddr returns the address of a state resource.
func ResourceAddr(r *state.Resource) addrs.Resource {
	mode := addrs.ManagedResourceMode
	if r.Mode == state.DataMode {
		mode = addrs.DataResourceMode
	}
	return addrs.Resource{Mode: mode, Type: r.Type, Name: r.Name}
}

// InstanceKey converts a state index key (nil, a number or a string).
func InstanceKey(k any) addrs.InstanceKey {
	switch k := k.(type) {
	case int:
		return addrs.IntKey(k)
	case int64:
		return addrs.IntKey(int(k))
	case float64:
		return addrs.IntKey(int(k))
	case string:
		return addrs.StringKey(k)
	}
	return addrs.NoKey
}

// StateKey converts an instance key to the state's representation.
func StateKey(k addrs.InstanceKey) any {
	switch k := k.(type) {
	case addrs.IntKey:
		return int(k)
	case addrs.StringKey:
		return string(k)
	}
	return nil
}

// StateAddr converts a resource address to the state's.
func StateAddr(r addrs.Resource) state.ResourceAddr {
	return state.ResourceAddr{Mode: StateMode(r.Mode), Type: r.Type, Name: r.Name}
}
