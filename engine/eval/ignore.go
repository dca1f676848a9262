package eval

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/zclconf/go-cty/cty"
)

// IgnoreChanges returns cfg with the values at lifecycle.ignore_changes
// paths (or every attribute, for ignore_changes = all) taken from prior, so
// that changes to them never cause an update. A path ending in a map key
// keeps that key as prior has it, as Terraform does: present when prior
// has it even if configuration removed it, absent when prior lacks it.
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
			if mapKeyOf(ip, p) != "" {
				return keepMapKey(v, prior, ip), nil
			}
		}
		return v, nil
	})
	if err != nil {
		return cfg
	}
	return v
}

// mapKeyOf returns the key when ip is p followed by a string index: an
// ignored map key of the map at p.
func mapKeyOf(ip, p cty.Path) string {
	if len(ip) != len(p)+1 || !ip[:len(p)].Equals(p) {
		return ""
	}
	step, ok := ip[len(p)].(cty.IndexStep)
	if !ok || step.Key.Type() != cty.String || step.Key.IsNull() {
		return ""
	}
	return step.Key.AsString()
}

// keepMapKey returns the configured map v with the key that ip ends in set
// as the prior map has it.
func keepMapKey(v, prior cty.Value, ip cty.Path) cty.Value {
	if !v.IsKnown() || !v.Type().IsMapType() {
		return v
	}
	key := ip[len(ip)-1].(cty.IndexStep).Key.AsString()
	pm, err := ip[:len(ip)-1].Apply(prior)
	if err != nil || !pm.IsKnown() || !pm.Type().IsMapType() {
		return v
	}
	elems := map[string]cty.Value{}
	if !v.IsNull() {
		elems = v.AsValueMap()
	}
	if !pm.IsNull() && pm.HasIndex(cty.StringVal(key)).True() {
		elems[key] = pm.Index(cty.StringVal(key))
	} else {
		delete(elems, key)
	}
	if len(elems) == 0 {
		if v.IsNull() {
			return v
		}
		return cty.MapValEmpty(v.Type().ElementType())
	}
	return cty.MapVal(elems)
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
