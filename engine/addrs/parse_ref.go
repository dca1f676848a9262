package addrs

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Reference is one reference found in an expression: the thing referred
// to, the source range of the part of the traversal that names it, and the
// rest of the traversal (attribute and index steps into its value).
type Reference struct {
	Subject     Referenceable
	SourceRange hcl.Range
	Remaining   hcl.Traversal
}

// String returns the subject's address.
func (r *Reference) String() string { return r.Subject.String() }

// ParseRef turns an absolute traversal found in an expression into a
// Reference. It reports an error for a traversal that cannot be a
// reference at all (var without a name, data with one label, reserved
// names); whether the subject is declared is checked elsewhere.
func ParseRef(traversal hcl.Traversal) (*Reference, hcl.Diagnostics) {
	if len(traversal) == 0 || traversal.IsRelative() {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid reference",
			Detail:   "A reference must begin with a name.",
			Subject:  traversal.SourceRange().Ptr(),
		}}
	}
	root := traversal.RootName()
	rootRange := traversal[0].SourceRange()
	switch root {
	case "var":
		return parseNamedRef(traversal, func(n string) Referenceable { return InputVariable{Name: n} })
	case "local":
		return parseNamedRef(traversal, func(n string) Referenceable { return LocalValue{Name: n} })
	case "count":
		return parseNamedRef(traversal, func(n string) Referenceable { return CountAttr{Name: n} })
	case "each":
		return parseNamedRef(traversal, func(n string) Referenceable { return ForEachAttr{Name: n} })
	case "path":
		return parseNamedRef(traversal, func(n string) Referenceable { return PathAttr{Name: n} })
	case "terraform":
		return parseNamedRef(traversal, func(n string) Referenceable { return TerraformAttr{Name: n} })
	case "data":
		if len(traversal) < 3 {
			return nil, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference",
				Detail:   `The "data" object must be followed by two attribute names: the data source type and the resource name.`,
				Subject:  traversal.SourceRange().Ptr(),
			}}
		}
		return parseResourceRef(DataResourceMode, rootRange, traversal[1:])
	case "ephemeral":
		if len(traversal) < 3 {
			return nil, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference",
				Detail:   `The "ephemeral" object must be followed by two attribute names: the ephemeral resource type and its name.`,
				Subject:  traversal.SourceRange().Ptr(),
			}}
		}
		return parseResourceRef(EphemeralResourceMode, rootRange, traversal[1:])
	case "module":
		return parseNamedRef(traversal, func(n string) Referenceable { return ModuleCall{Name: n} })
	case "self", "resource", "template", "lazy", "arg":
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Reserved symbol name",
			Detail:   fmt.Sprintf("The symbol name %q is reserved and cannot be used as a reference here.", root),
			Subject:  rootRange.Ptr(),
		}}
	}
	return parseResourceRef(ManagedResourceMode, rootRange, traversal)
}

// parseNamedRef parses ROOT.NAME references (var.x, count.index, ...).
func parseNamedRef(traversal hcl.Traversal, mk func(string) Referenceable) (*Reference, hcl.Diagnostics) {
	root := traversal.RootName()
	if len(traversal) < 2 {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid reference",
			Detail:   fmt.Sprintf("The %q object cannot be accessed directly. Instead, access one of its attributes.", root),
			Subject:  traversal.SourceRange().Ptr(),
		}}
	}
	attr, ok := traversal[1].(hcl.TraverseAttr)
	if !ok {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid reference",
			Detail:   fmt.Sprintf("The %q object does not support this operation; access one of its attributes by name.", root),
			Subject:  traversal[1].SourceRange().Ptr(),
		}}
	}
	return &Reference{
		Subject:     mk(attr.Name),
		SourceRange: hcl.RangeBetween(traversal[0].SourceRange(), attr.SrcRange),
		Remaining:   traversal[2:],
	}, nil
}

// parseResourceRef parses TYPE.NAME[KEY] (after "data." for data
// resources); rootRange is where the reference begins.
func parseResourceRef(mode ResourceMode, rootRange hcl.Range, traversal hcl.Traversal) (*Reference, hcl.Diagnostics) {
	var typeName string
	switch tt := traversal[0].(type) {
	case hcl.TraverseRoot:
		typeName = tt.Name
	case hcl.TraverseAttr:
		typeName = tt.Name
	default:
		return nil, invalidResourceRef(mode, traversal.SourceRange())
	}
	if len(traversal) < 2 {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid reference",
			Detail:   "A reference to a resource type must be followed by at least one attribute access, specifying the resource name.",
			Subject:  traversal.SourceRange().Ptr(),
		}}
	}
	nameStep, ok := traversal[1].(hcl.TraverseAttr)
	if !ok {
		return nil, invalidResourceRef(mode, traversal[1].SourceRange())
	}
	res := Resource{Mode: mode, Type: typeName, Name: nameStep.Name}
	rng := hcl.RangeBetween(rootRange, nameStep.SrcRange)
	remain := traversal[2:]
	if len(remain) > 0 {
		if idx, ok := remain[0].(hcl.TraverseIndex); ok {
			key, err := KeyFromValue(idx.Key)
			if err != nil {
				return nil, hcl.Diagnostics{{
					Severity: hcl.DiagError,
					Summary:  "Invalid index",
					Detail:   fmt.Sprintf("Invalid resource instance key: %s.", err),
					Subject:  idx.SrcRange.Ptr(),
				}}
			}
			return &Reference{
				Subject:     res.Instance(key),
				SourceRange: hcl.RangeBetween(rng, idx.SrcRange),
				Remaining:   remain[1:],
			}, nil
		}
	}
	return &Reference{Subject: res, SourceRange: rng, Remaining: remain}, nil
}

func invalidResourceRef(mode ResourceMode, rng hcl.Range) hcl.Diagnostics {
	detail := "A resource reference is a resource type followed by a resource name, separated by a dot."
	if mode == DataResourceMode {
		detail = `A data source reference is "data." followed by the data source type and the resource name, separated by dots.`
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid reference",
		Detail:   detail,
		Subject:  rng.Ptr(),
	}}
}
