package addrs

import "fmt"

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

// Resource is the address of a resource or data block in the root module.
// It is comparable and may be used as a map key.
type Resource struct {
	Mode ResourceMode
	Type string
	Name string
}

// String returns "null_resource.a" or "data.local_file.x".
func (r Resource) String() string {
	if r.Mode == DataResourceMode {
		return fmt.Sprintf("data.%s.%s", r.Type, r.Name)
	}
	return fmt.Sprintf("%s.%s", r.Type, r.Name)
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
