package addrs

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// TraversalString writes a traversal as Terraform writes references and
// addresses: `a.b[0]["k"]`. An index that is not a known primitive value
// is written `[...]`, as Terraform's JSON configuration writes it.
func TraversalString(tr hcl.Traversal) string {
	var b strings.Builder
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString(".")
			b.WriteString(s.Name)
		case hcl.TraverseIndex:
			b.WriteString("[")
			b.WriteString(indexText(s.Key))
			b.WriteString("]")
		case hcl.TraverseSplat:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

func indexText(k cty.Value) string {
	switch {
	case k.IsNull() || !k.IsKnown():
		return "..."
	case k.Type() == cty.String:
		return strconv.Quote(k.AsString())
	case k.Type() == cty.Number:
		return k.AsBigFloat().Text('f', -1)
	case k.Type() == cty.Bool:
		return strconv.FormatBool(k.True())
	}
	return "..."
}
