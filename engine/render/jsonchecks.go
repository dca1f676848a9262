package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// jsonCheck is one checkable object in Terraform's "checks" layout: its
// static address, its aggregate status, and each instance's status.
type jsonCheck struct {
	Address   map[string]any      `json:"address"`
	Status    string              `json:"status"`
	Instances []jsonCheckInstance `json:"instances,omitempty"`
}

type jsonCheckInstance struct {
	Address  map[string]any     `json:"address"`
	Status   string             `json:"status"`
	Problems []jsonCheckProblem `json:"problems,omitempty"`
}

type jsonCheckProblem struct {
	Message string `json:"message"`
}

// checksJSON converts state check_results, ordered by address as
// Terraform orders them.
func checksJSON(results []state.CheckResult) []jsonCheck {
	var out []jsonCheck
	for _, r := range results {
		c := jsonCheck{Address: staticCheckAddr(r.ObjectKind, r.ConfigAddr), Status: r.Status}
		for _, o := range r.Objects {
			inst := jsonCheckInstance{Address: dynamicCheckAddr(o.ObjectAddr), Status: o.Status}
			for _, m := range o.FailureMessages {
				inst.Problems = append(inst.Problems, jsonCheckProblem{Message: m})
			}
			c.Instances = append(c.Instances, inst)
		}
		slices.SortFunc(c.Instances, func(a, b jsonCheckInstance) int {
			return strings.Compare(fmt.Sprint(a.Address["to_display"]), fmt.Sprint(b.Address["to_display"]))
		})
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b jsonCheck) int {
		return strings.Compare(fmt.Sprint(a.Address["to_display"]), fmt.Sprint(b.Address["to_display"]))
	})
	return out
}

// staticCheckAddr describes a configuration address ("module.m.check.x",
// "data.t.n", "output.o") as Terraform's checks do.
func staticCheckAddr(kind, addr string) map[string]any {
	if kind == "output" {
		// State's check_results say "output"; the JSON documents "output_value".
		kind = "output_value"
	}
	out := map[string]any{"kind": kind, "to_display": addr}
	module, rest := splitModule(addr)
	if module != "" {
		out["module"] = module
	}
	parts := strings.Split(rest, ".")
	switch {
	case kind == "resource" && len(parts) == 3 && parts[0] == "data":
		out["mode"], out["type"], out["name"] = "data", parts[1], parts[2]
	case kind == "resource" && len(parts) == 2:
		out["mode"], out["type"], out["name"] = "managed", parts[0], parts[1]
	case len(parts) == 2:
		out["name"] = parts[1]
	}
	return out
}

// dynamicCheckAddr describes an instance address as Terraform's checks
// do: its module instance and its instance key.
func dynamicCheckAddr(addr string) map[string]any {
	out := map[string]any{"to_display": addr}
	module, _ := splitModule(addr)
	if module != "" {
		out["module"] = module
	}
	tr, diags := hclsyntax.ParseTraversalAbs([]byte(addr), "", hcl.InitialPos)
	if diags.HasErrors() || len(tr) <= moduleSteps(tr) {
		return out
	}
	if ix, ok := tr[len(tr)-1].(hcl.TraverseIndex); ok {
		switch ix.Key.Type() {
		case cty.String:
			out["instance_key"] = ix.Key.AsString()
		case cty.Number:
			i, _ := ix.Key.AsBigFloat().Int64()
			out["instance_key"] = i
		}
	}
	return out
}

// splitModule splits an address into its module (instance) prefix and
// the rest: `module.a["x"].module.b.t.n` gives `module.a["x"].module.b`
// and "t.n".
func splitModule(addr string) (module, rest string) {
	tr, diags := hclsyntax.ParseTraversalAbs([]byte(addr), "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", addr
	}
	end := moduleSteps(tr)
	if end == 0 {
		return "", addr
	}
	module = addrs.TraversalString(tr[:end])
	return module, strings.TrimPrefix(addr, module+".")
}

func traverserName(t hcl.Traverser) (string, bool) {
	switch t := t.(type) {
	case hcl.TraverseRoot:
		return t.Name, true
	case hcl.TraverseAttr:
		return t.Name, true
	}
	return "", false
}

// moduleSteps returns how many steps of tr name its module instance.
func moduleSteps(tr hcl.Traversal) int {
	end := 0
	for i := 0; i < len(tr); {
		name, ok := traverserName(tr[i])
		if !ok || name != "module" || i+1 >= len(tr) {
			break
		}
		i += 2
		if i < len(tr) {
			if _, ok := tr[i].(hcl.TraverseIndex); ok {
				i++
			}
		}
		end = i
	}
	return end
}
