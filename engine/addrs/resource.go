package addrs

import "strconv"

// ResourceMode says whether a resource is managed (a resource block) or
// read-only (a data block).
type ResourceMode int

const (
	// InvalidResourceMode is the zero value, never a valid mode.
	InvalidResourceMode ResourceMode = iota
	// ManagedResourceMode is a resource block: trueup creates, updates and
	// deletes its objects.
	ManagedResourceMode
	// DataResourceMode is a data block: trueup only reads it.
	DataResourceMode
	// EphemeralResourceMode is an ephemeral block (Terraform 1.10): its
	// provider opens it during each plan and apply, and it is never
	// stored.
	EphemeralResourceMode
)

// String returns "managed", "data", "ephemeral" or "invalid".
func (m ResourceMode) String() string {
	switch m {
	case ManagedResourceMode:
		return "managed"
	case DataResourceMode:
		return "data"
	case EphemeralResourceMode:
		return "ephemeral"
	}
	return "invalid"
}

// prefix is what an address of the mode starts with: "data.",
// "ephemeral.", or nothing for a managed resource.
func (m ResourceMode) prefix() string {
	switch m {
	case DataResourceMode:
		return "data."
	case EphemeralResourceMode:
		return "ephemeral."
	}
	return ""
}

// Resource is the address of a resource or data block in one module
// instance. In configuration (a reference, a block's own address) Module is
// empty: the address is relative to the module it is written in. It is
// comparable and may be used as a map key.
type Resource struct {
	// Module is the module instance holding the resource; empty for the
	// root module and for addresses relative to their module.
	Module ModuleInstance
	Mode   ResourceMode
	Type   string
	Name   string
}

// String returns "null_resource.a", "data.local_file.x" or
// `module.app["eu"].aws_s3_bucket.b`.
func (r Resource) String() string {
	// One concatenation, one allocation: addresses are formatted for
	// every instance of a large plan and apply.
	switch {
	case r.Module == RootModuleInstance && r.Mode == ManagedResourceMode:
		return r.Type + "." + r.Name
	case r.Module == RootModuleInstance:
		return r.Mode.prefix() + r.Type + "." + r.Name
	case r.Mode == ManagedResourceMode:
		return string(r.Module) + "." + r.Type + "." + r.Name
	default:
		return string(r.Module) + "." + r.Mode.prefix() + r.Type + "." + r.Name
	}
}

// appendTo appends r.String() to b.
func (r Resource) appendTo(b []byte) []byte {
	if r.Module != RootModuleInstance {
		b = append(b, r.Module...)
		b = append(b, '.')
	}
	b = append(b, r.Mode.prefix()...)
	b = append(b, r.Type...)
	b = append(b, '.')
	return append(b, r.Name...)
}

// Local returns r without its module: the address as written inside the
// module.
func (r Resource) Local() Resource {
	r.Module = RootModuleInstance
	return r
}

// InModule returns r, relative to its module, placed in module instance m.
func (r Resource) InModule(m ModuleInstance) Resource {
	r.Module = m
	return r
}

// Instance returns the address of r's instance with key k (NoKey for a
// resource without count or for_each).
func (r Resource) Instance(k InstanceKey) ResourceInstance {
	return ResourceInstance{Resource: r, Key: k}
}

// ResourceInstance is the address of one instance of a resource: the only
// one (Key is NoKey), count.index N (IntKey) or for_each key K (StringKey).
// It is comparable and may be used as a map key.
type ResourceInstance struct {
	Resource Resource
	Key      InstanceKey
}

// String returns "null_resource.a", "null_resource.a[0]" or
// `aws_s3_bucket.b["k"]`.
func (r ResourceInstance) String() string {
	switch k := r.Key.(type) {
	case nil:
		return r.Resource.String()
	case IntKey:
		// Built in place: the resource's address, the key and their
		// concatenation were three allocations per instance.
		var buf [128]byte
		b := r.Resource.appendTo(buf[:0])
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(k), 10)
		return string(append(b, ']'))
	}
	return r.Resource.String() + r.Key.String()
}
