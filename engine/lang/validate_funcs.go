package lang

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang/funcs"
)

// functionNames returns the names of every function expressions may call,
// sorted; the table does not depend on the module, only its behaviour does.
var functionNames = sync.OnceValue(func() []string {
	table := funcs.Table(".", true)
	names := make([]string, 0, len(table))
	for n := range table {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
})

func isFunction(name string) bool {
	_, found := sort.Find(len(functionNames()), func(i int) int { return strings.Compare(name, functionNames()[i]) })
	return found
}

// functionCalls reports each call in node (an expression or a body of the
// native syntax) to a function that does not exist, at the function's name,
// as Terraform's validate does. Calls to provider-defined functions
// (provider::NAME::FUNC) are left to the provider that defines them. JSON
// bodies are checked when their expressions are evaluated.
func functionCalls(node hclsyntax.Node) hcl.Diagnostics {
	var diags hcl.Diagnostics
	hclsyntax.VisitAll(node, func(n hclsyntax.Node) hcl.Diagnostics {
		call, ok := n.(*hclsyntax.FunctionCallExpr)
		if !ok || strings.HasPrefix(call.Name, "provider::") || isFunction(call.Name) {
			return nil
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Call to unknown function",
			Detail:   fmt.Sprintf("There is no function named %q.%s", call.Name, didYouMean(call.Name, functionNames(), "")),
			Subject:  call.NameRange.Ptr(),
			Context:  call.Range().Ptr(),
		})
		return nil
	})
	return diags
}

// exprFunctionCalls is functionCalls for an expression of any syntax.
func exprFunctionCalls(expr hcl.Expression) hcl.Diagnostics {
	if node, ok := expr.(hclsyntax.Node); ok {
		return functionCalls(node)
	}
	return nil
}

// bodyFunctionCalls is functionCalls for a body of any syntax.
func bodyFunctionCalls(body hcl.Body) hcl.Diagnostics {
	if sb, ok := config.SyntaxBody(body); ok {
		// A resource body's meta-arguments too, as PartialContent's
		// remainder holds them.
		return functionCalls(sb)
	}
	return nil
}
