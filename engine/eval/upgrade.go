package eval

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// UpgradeInstance returns a stored object's value in the current schema of
// its resource type, marked sensitive where state recorded it so. As
// Terraform does, it always asks the provider (UpgradeResourceState, with
// the stored schema_version and the raw JSON or legacy flatmap); a
// provider that leaves decoding to the engine (the built-ins) gets the
// stored JSON decoded with the current schema. prov may be nil (no
// configured provider): the JSON is then decoded directly.
//
// The value's type is the evaluator's one for the block (ImpliedType):
// built anew for each object, a plan from a 10,000-instance state held
// 10,000 copies of it (4.5 MB).
func (ev *Evaluator) UpgradeInstance(ctx context.Context, prov schema.Provider, typeName string, rs *schema.Resource, inst *state.Instance) (cty.Value, error) {
	ty := ev.ImpliedType(rs.Block)
	if prov != nil {
		resp := prov.UpgradeResourceState(ctx, schema.UpgradeResourceStateRequest{
			TypeName: typeName, Version: inst.SchemaVersion, RawJSON: inst.Attributes, RawFlatmap: inst.AttributesFlat,
		})
		if err := resp.Diagnostics.Err(); err != nil {
			return cty.NilVal, fmt.Errorf("upgrading the object from schema version %d: %w", inst.SchemaVersion, err)
		}
		if v := resp.UpgradedState; v != cty.NilVal {
			if !v.Type().Equals(ty) {
				return cty.NilVal, fmt.Errorf("the provider upgraded the object to a value that does not conform to its schema")
			}
			return MarkPaths(v, inst.SensitiveAttributes), nil
		}
	}
	if inst.Attributes == nil && inst.AttributesFlat != nil {
		return cty.NilVal, fmt.Errorf("the object is stored in the legacy flatmap form, which only its provider can upgrade")
	}
	if inst.SchemaVersion > rs.Version {
		return cty.NilVal, fmt.Errorf("the object was stored with schema version %d, newer than the provider's %d: use a provider version at least as new as the one that wrote it", inst.SchemaVersion, rs.Version)
	}
	return DecodeInstance(inst, ty)
}
