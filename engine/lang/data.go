package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// Sensitive is the cty mark of a sensitive value, the single mark used
// across the engine (and by the function library's sensitive()).
const Sensitive = "sensitive"

// Ephemeral is the cty mark of an ephemeral value (funcs.EphemeralMark).
const Ephemeral = "ephemeral"

// Data gives the values an expression may refer to. The planner implements
// it; each method is called only for subjects that the expression being
// evaluated references. The range is the reference's, for diagnostics.
type Data interface {
	// GetResource returns the whole resource: an object (no count or
	// for_each), a tuple (count) or an object keyed by for_each key.
	GetResource(addrs.Resource, hcl.Range) (cty.Value, hcl.Diagnostics)
	GetLocalValue(addrs.LocalValue, hcl.Range) (cty.Value, hcl.Diagnostics)
	GetInputVariable(addrs.InputVariable, hcl.Range) (cty.Value, hcl.Diagnostics)
	GetCountAttr(addrs.CountAttr, hcl.Range) (cty.Value, hcl.Diagnostics)
	GetForEachAttr(addrs.ForEachAttr, hcl.Range) (cty.Value, hcl.Diagnostics)
	GetPathAttr(addrs.PathAttr, hcl.Range) (cty.Value, hcl.Diagnostics)
	GetTerraformAttr(addrs.TerraformAttr, hcl.Range) (cty.Value, hcl.Diagnostics)
	// GetModuleCall returns the outputs of a module call's instances: an
	// object (no count or for_each), a tuple (count) or an object keyed by
	// for_each key.
	GetModuleCall(addrs.ModuleCall, hcl.Range) (cty.Value, hcl.Diagnostics)
}
