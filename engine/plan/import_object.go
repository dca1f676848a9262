package plan

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// ImportObject asks the provider for the object with import ID id and
// reads it, so that state records its current value.
func ImportObject(ctx context.Context, p schema.Provider, rs *schema.Resource, ri addrs.ResourceInstance, id string) (cty.Value, []byte, schema.Diagnostics) {
	resp := p.ImportResource(ctx, schema.ImportResourceRequest{TypeName: ri.Resource.Type, ID: id})
	if resp.Diagnostics.HasErrors() {
		return cty.NilVal, nil, resp.Diagnostics
	}
	for _, imp := range resp.Imported {
		if imp.TypeName != ri.Resource.Type {
			continue
		}
		read := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: imp.TypeName, PriorState: imp.State, Private: imp.Private})
		if read.Diagnostics.HasErrors() {
			return cty.NilVal, nil, read.Diagnostics
		}
		if read.NewState == cty.NilVal || read.NewState.IsNull() {
			return cty.NilVal, nil, schema.Errorf(nil, "Cannot import non-existent remote object",
				fmt.Sprintf("no %s with import ID %q exists; check the ID and the provider's configuration", ri.Resource.Type, id))
		}
		for _, path := range rs.Block.NonNullWriteOnly(read.NewState) {
			return cty.NilVal, nil, schema.Errorf(nil, "Import returned a non-null value for a write-only attribute",
				fmt.Sprintf("While attempting to import with ID %s, the provider returned a value for the write-only attribute \"%s.%s\". Write-only attributes cannot be read back from the provider. This is a bug in the provider, which should be reported in the provider's own issue tracker.", id, ri, schema.FormatPath(path)))
		}
		return read.NewState, read.Private, nil
	}
	return cty.NilVal, nil, schema.Errorf(nil, "Cannot import", fmt.Sprintf("the provider found no %s with import ID %q", ri.Resource.Type, id))
}
