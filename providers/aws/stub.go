package aws

import (
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// idStub is the import stub of an object: its id and the attributes the
// id names; read fills in the rest.
func idStub(b *schema.Block, id string, attrs map[string]cty.Value) (cty.Value, schema.Diagnostics) {
	if strings.TrimSpace(id) == "" {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID", "The import ID is empty.")
	}
	if attrs == nil {
		attrs = map[string]cty.Value{}
	}
	attrs["id"] = cty.StringVal(id)
	return kit.ObjectVal(b, attrs), nil
}
