package addrs

// Referenceable is something an expression may refer to: InputVariable,
// LocalValue, CountAttr, ForEachAttr, PathAttr, TerraformAttr, Resource,
// ResourceInstance or ModuleCall. Every implementation is comparable, so a Referenceable
// may be used as a map key.
type Referenceable interface {
	referenceableSigil()
	// String returns the address as written in configuration ("var.x").
	String() string
}

// InputVariable is a reference to var.NAME.
type InputVariable struct {
	Name string
}

// LocalValue is a reference to local.NAME.
type LocalValue struct {
	Name string
}

// CountAttr is a reference to count.NAME (only count.index is valid).
type CountAttr struct {
	Name string
}

// ForEachAttr is a reference to each.NAME (each.key or each.value).
type ForEachAttr struct {
	Name string
}

// PathAttr is a reference to path.NAME (path.module, path.root, path.cwd).
type PathAttr struct {
	Name string
}

// TerraformAttr is a reference to terraform.NAME (terraform.workspace).
type TerraformAttr struct {
	Name string
}

// ModuleCall is a reference to module.NAME: the outputs of every instance
// of a module call.
type ModuleCall struct {
	Name string
}

// String returns "module.NAME".
func (v ModuleCall) String() string { return "module." + v.Name }

// String returns "var.NAME".
func (v InputVariable) String() string { return "var." + v.Name }

// String returns "local.NAME".
func (v LocalValue) String() string { return "local." + v.Name }

// String returns "count.NAME".
func (v CountAttr) String() string { return "count." + v.Name }

// String returns "each.NAME".
func (v ForEachAttr) String() string { return "each." + v.Name }

// String returns "path.NAME".
func (v PathAttr) String() string { return "path." + v.Name }

// String returns "terraform.NAME".
func (v TerraformAttr) String() string { return "terraform." + v.Name }

func (InputVariable) referenceableSigil()    {}
func (LocalValue) referenceableSigil()       {}
func (CountAttr) referenceableSigil()        {}
func (ForEachAttr) referenceableSigil()      {}
func (PathAttr) referenceableSigil()         {}
func (TerraformAttr) referenceableSigil()    {}
func (Resource) referenceableSigil()         {}
func (ResourceInstance) referenceableSigil() {}
func (ModuleCall) referenceableSigil()       {}
