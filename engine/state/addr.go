package state

import (
	"strings"

	"github.com/trueup/trueup/engine/addrs"
)

// InstanceAddr returns the address of in, one of r's objects: r's address
// with in's key. Both were set when the state was decoded or the object
// recorded, so this is a copy, not a conversion.
func (r *Resource) InstanceAddr(in *Instance) addrs.ResourceInstance {
	return r.Addr.Instance(in.Key)
}

// parseMode converts a state file's mode ("managed" or "data") to an
// address mode; ok is false for any other text.
func parseMode(s string) (m addrs.ResourceMode, ok bool) {
	switch s {
	case "managed":
		return addrs.ManagedResourceMode, true
	case "data":
		return addrs.DataResourceMode, true
	}
	return addrs.InvalidResourceMode, false
}

// resourceLess orders resources by module, mode, type and name, the mode
// by its text in the file ("data" before "managed"), as Terraform writes
// them.
func resourceLess(a, b *Resource) bool {
	x, y := a.Addr, b.Addr
	switch {
	case x.Module != y.Module:
		return x.Module < y.Module
	case x.Mode != y.Mode:
		return strings.Compare(x.Mode.String(), y.Mode.String()) < 0
	case x.Type != y.Type:
		return x.Type < y.Type
	default:
		return x.Name < y.Name
	}
}

// instanceLess orders instances by key (no key, then integers, then
// strings), the current object before deposed ones.
func instanceLess(a, b *Instance) bool {
	if c := addrs.CompareKeys(a.Key, b.Key); c != 0 {
		return c < 0
	}
	return a.Deposed < b.Deposed
}

// ProviderSource returns the fully qualified source address trueup
// records for the provider with this local name, as Terraform writes it
// in state and in its JSON documents: registry.terraform.io/hashicorp/NAME,
// or terraform.io/builtin/terraform for the built-in provider.
func ProviderSource(name string) string {
	if name == "terraform" {
		return "terraform.io/builtin/terraform"
	}
	return "registry.terraform.io/hashicorp/" + name
}
