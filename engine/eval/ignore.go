package eval

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/zclconf/go-cty/cty"
)

// IgnoreChanges returns cfg with the values at lifecycle.ignore_changes
// paths (or every attribute, for ignore_changes = all) taken from prior, so
// that changes to them never cause an update.
func IgnoreChanges(cfg, prior cty.Value, m *config.ManagedResource) cty.Value {
	if m.IgnoreAllChanges {
		attrs := cfg.AsValueMap()
		for name := range attrs {
			attrs[name] = prior.GetAttr(name)
		}
		return cty.ObjectVal(attrs)
	}
	if len(m.IgnoreChanges) == 0 {
		return cfg
	}
	paths := make([]cty.Path, 0, len(m.IgnoreChanges))
	for _, tr := range m.IgnoreChanges {
		paths = append(paths, traversalPath(tr))
	}
	v, err := cty.Transform(cfg, func(p cty.Path, v cty.Value) (cty.Value, error) {
		for _, ip := range paths {
			if p.Equals(ip) {
				if pv, err := ip.Apply(prior); err == nil {
					return pv, nil
				}
				return v, nil
			}
		}
		return v, nil
	})
	if err != nil {
		return cfg
	}
	return v
}

// traversalPath converts a relative traversal (tags["Name"]) to a path.
func traversalPath(tr hcl.Traversal) cty.Path {
	var p cty.Path
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			p = p.GetAttr(s.Name)
		case hcl.TraverseAttr:
			p = p.GetAttr(s.Name)
		case hcl.TraverseIndex:
			p = p.Index(s.Key)
		}
	}
	return p
}
