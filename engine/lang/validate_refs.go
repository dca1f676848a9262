package lang

import (
	"fmt"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

func (v *validator) checkVariable(ref *addrs.Reference, s addrs.InputVariable) *hcl.Diagnostic {
	if _, ok := v.mod.Variables[s.Name]; ok {
		return nil
	}
	detail := fmt.Sprintf("An input variable with the name %q has not been declared. Declare it with a variable %q {} block.", s.Name, s.Name)
	return refError(ref, "Reference to undeclared input variable", detail+didYouMean(s.Name, sortedKeys(v.mod.Variables), "var."))
}

func (v *validator) checkLocal(ref *addrs.Reference, s addrs.LocalValue) *hcl.Diagnostic {
	if _, ok := v.mod.Locals[s.Name]; ok {
		return nil
	}
	detail := fmt.Sprintf("A local value with the name %q has not been declared.", s.Name)
	return refError(ref, "Reference to undeclared local value", detail+didYouMean(s.Name, sortedKeys(v.mod.Locals), "local."))
}

func (v *validator) checkResource(ref *addrs.Reference, s addrs.Resource) *hcl.Diagnostic {
	if v.mod.ResourceByAddr(s) != nil {
		return nil
	}
	detail := UndeclaredResource(s, v.where)
	if data := (addrs.Resource{Mode: addrs.DataResourceMode, Type: s.Type, Name: s.Name}); s.Mode == addrs.ManagedResourceMode && v.mod.ResourceByAddr(data) != nil {
		// Terraform's hint for the commonest slip: data. left out.
		detail += "\n\nDid you mean the data resource " + data.String() + "?"
	}
	return refError(ref, "Reference to undeclared resource", detail)
}

func (v *validator) checkModuleCall(ref *addrs.Reference, s addrs.ModuleCall) *hcl.Diagnostic {
	if _, ok := v.mod.ModuleCalls[s.Name]; ok {
		return nil
	}
	detail := fmt.Sprintf("No module call named %q is declared in %s.", s.Name, v.where)
	return refError(ref, "Reference to undeclared module", detail+didYouMean(s.Name, sortedKeys(v.mod.ModuleCalls), ""))
}

func checkCount(ref *addrs.Reference, s addrs.CountAttr, ctx refContext) *hcl.Diagnostic {
	if s.Name != "index" {
		return refError(ref, `Invalid "count" attribute`, fmt.Sprintf(`The "count" object does not have an attribute named %q. The only supported attribute is count.index, the index of each instance of a resource block that has the "count" argument set.`, s.Name))
	}
	if !ctx.counted {
		return refError(ref, `Reference to "count" in non-counted context`, `The "count" object can only be used in "resource" and "data" blocks, and only when the "count" argument is set.`)
	}
	return nil
}

func checkEach(ref *addrs.Reference, s addrs.ForEachAttr, ctx refContext) *hcl.Diagnostic {
	if s.Name != "key" && s.Name != "value" {
		return refError(ref, `Invalid "each" attribute`, fmt.Sprintf(`The "each" object does not have an attribute named %q. The supported attributes are each.key and each.value, the current key and value pair of the "for_each" attribute set.`, s.Name))
	}
	if !ctx.forEach {
		return refError(ref, `Reference to "each" in context without for_each`, `The "each" object can be used only in "resource" and "data" blocks, and only when the "for_each" argument is set.`)
	}
	return nil
}

func checkAttrName(ref *addrs.Reference, root, name string, valid ...string) *hcl.Diagnostic {
	for _, n := range valid {
		if n == name {
			return nil
		}
	}
	detail := fmt.Sprintf("The %q object does not have an attribute named %q. Its attributes are %s.", root, name, strings.Join(valid, ", "))
	return refError(ref, fmt.Sprintf("Invalid %q attribute", root), detail+didYouMean(name, valid, root+"."))
}

func refError(ref *addrs.Reference, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail,
		Subject:  ref.SourceRange.Ptr(),
	}
}

// didYouMean returns ` Did you mean "PREFIX+X"?` for the closest of
// candidates within an edit distance of 3 of given (as hcl suggests), or
// "".
func didYouMean(given string, candidates []string, prefix string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := levenshtein.Distance(given, c, nil); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", prefix+best)
}

// UndeclaredResource is Terraform's detail for a reference to a resource
// block that module where does not declare: `A managed resource "T" "N"
// has not been declared in the root module.` ("A data", "An ephemeral").
func UndeclaredResource(r addrs.Resource, where string) string {
	article := "A"
	if r.Mode == addrs.EphemeralResourceMode {
		article = "An"
	}
	return fmt.Sprintf("%s %s resource %q %q has not been declared in %s.", article, r.Mode, r.Type, r.Name, where)
}
