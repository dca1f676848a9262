package addrs

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
)

// String returns "managed", "data" or "invalid".
func (m ResourceMode) String() string {
	switch m {
	case ManagedResourceMode:
		return "managed"
	case DataResourceMode:
		return "data"
	}
	return "invalid"
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
	s := r.Type + "." + r.Name
	if r.Mode == DataResourceMode {
		s = "data." + s
	}
	if r.Module != RootModuleInstance {
		s = string(r.Module) + "." + s
	}
	return s
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
	if r.Key == NoKey {
		return r.Resource.String()
	}
	return r.Resource.String() + r.Key.String()
}
