package state

import (
	"fmt"
	"strconv"
)

// ResourceAddr identifies a resource in state: its module, mode, type and
// name.
type ResourceAddr struct {
	// Module is the module instance address; empty for the root module.
	Module string
	Mode   Mode
	Type   string
	Name   string
}

// String returns the address as Terraform writes it:
// "null_resource.a", "data.http.x", "module.net.aws_vpc.main".
func (a ResourceAddr) String() string {
	s := a.Type + "." + a.Name
	if a.Mode == DataMode {
		s = "data." + s
	}
	if a.Module != "" {
		s = a.Module + "." + s
	}
	return s
}

// Addr returns the resource's address.
func (r *Resource) Addr() ResourceAddr {
	return ResourceAddr{Module: r.Module, Mode: r.Mode, Type: r.Type, Name: r.Name}
}

// InstanceString returns the address of the instance with key in resource
// a, as Terraform writes it: `a.b`, `a.b[0]`, `a.b["k"]`.
func InstanceString(a ResourceAddr, key any) string {
	switch k := normalizeKey(key).(type) {
	case nil:
		return a.String()
	case int:
		return a.String() + "[" + strconv.Itoa(k) + "]"
	case string:
		return a.String() + "[" + strconv.Quote(k) + "]"
	default:
		return fmt.Sprintf("%s[%v]", a, k)
	}
}

// normalizeKey turns every integer kind into int, so that keys compare
// equal whatever integer type the engine used.
func normalizeKey(key any) any {
	switch k := key.(type) {
	case int8:
		return int(k)
	case int16:
		return int(k)
	case int32:
		return int(k)
	case int64:
		return int(k)
	case uint8:
		return int(k)
	case uint16:
		return int(k)
	case uint32:
		return int(k)
	case uint64:
		return int(k)
	case uint:
		return int(k)
	}
	return key
}

// keyLess orders instance keys as Terraform does: no key first, then
// integers in numeric order, then strings.
func keyLess(a, b any) bool {
	a, b = normalizeKey(a), normalizeKey(b)
	if (a == nil) != (b == nil) {
		return a == nil
	}
	ai, aInt := a.(int)
	bi, bInt := b.(int)
	if aInt && bInt {
		return ai < bi
	}
	if aInt != bInt {
		return aInt
	}
	as, _ := a.(string)
	bs, _ := b.(string)
	return as < bs
}

// resourceLess orders resources by module, mode, type and name.
func resourceLess(a, b *Resource) bool {
	switch {
	case a.Module != b.Module:
		return a.Module < b.Module
	case a.Mode != b.Mode:
		return a.Mode < b.Mode
	case a.Type != b.Type:
		return a.Type < b.Type
	default:
		return a.Name < b.Name
	}
}

// instanceLess orders instances by key, the current object before deposed
// ones.
func instanceLess(a, b *Instance) bool {
	ka, kb := normalizeKey(a.IndexKey), normalizeKey(b.IndexKey)
	if ka != kb {
		return keyLess(ka, kb)
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
