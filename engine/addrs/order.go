package addrs

import (
	"cmp"
	"strings"
)

// CompareKeys orders instance keys as Terraform does: no key first, then
// integer keys by value, then string keys.
func CompareKeys(a, b InstanceKey) int {
	switch {
	case a == b:
		return 0
	case a == NoKey:
		return -1
	case b == NoKey:
		return 1
	}
	ai, aInt := a.(IntKey)
	bi, bInt := b.(IntKey)
	switch {
	case aInt && bInt:
		return cmp.Compare(ai, bi)
	case aInt:
		return -1
	case bInt:
		return 1
	}
	return strings.Compare(string(a.(StringKey)), string(b.(StringKey)))
}

// CompareModuleInstances orders module instances as Terraform lists
// them: shallower first, then step by step by call name and key.
func CompareModuleInstances(a, b ModuleInstance) int {
	as, bs := a.Steps(), b.Steps()
	if c := cmp.Compare(len(as), len(bs)); c != 0 {
		return c
	}
	for i := range as {
		if c := strings.Compare(as[i].Name, bs[i].Name); c != 0 {
			return c
		}
		if c := CompareKeys(as[i].Key, bs[i].Key); c != 0 {
			return c
		}
	}
	return 0
}

// CompareResourceInstances orders resource instances as Terraform lists
// them in plans: by module instance, then data sources before managed
// resources, then type, name and key — so that x[2] comes before x[10]
// and root resources before those of modules.
func CompareResourceInstances(a, b ResourceInstance) int {
	if c := CompareModuleInstances(a.Resource.Module, b.Resource.Module); c != 0 {
		return c
	}
	if a.Resource.Mode != b.Resource.Mode {
		return modeRank(a.Resource.Mode) - modeRank(b.Resource.Mode)
	}
	if c := strings.Compare(a.Resource.Type, b.Resource.Type); c != 0 {
		return c
	}
	if c := strings.Compare(a.Resource.Name, b.Resource.Name); c != 0 {
		return c
	}
	return CompareKeys(a.Key, b.Key)
}

// modeRank orders modes: data sources, ephemeral resources, managed ones.
func modeRank(m ResourceMode) int {
	switch m {
	case DataResourceMode:
		return 0
	case EphemeralResourceMode:
		return 1
	}
	return 2
}
