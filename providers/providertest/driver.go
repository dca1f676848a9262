package providertest

import (
	"context"
	"testing"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/trueup/trueup/schema"
)

// driver plays the engine's part for one resource type. Like the engine,
// it keeps the provider's private data with the object (a case has one
// object at a time) and hands it back on every call about it.
type driver struct {
	t       *testing.T
	p       schema.Provider
	typ     string
	block   *schema.Block
	version int64
	// private is the private data stored with the current object.
	private []byte
}

func (d *driver) validate(config cty.Value) {
	d.t.Helper()
	resp := d.p.ValidateResource(context.Background(), schema.ValidateResourceRequest{TypeName: d.typ, Config: config})
	if resp.Diagnostics.HasErrors() {
		d.t.Fatalf("ValidateResource: %s", resp.Diagnostics.Err())
	}
}

// plan asks for a plan the way the engine does, and checks that the planned
// value has the schema's type and keeps every value configuration sets.
func (d *driver) plan(prior, config cty.Value) schema.PlanResourceResponse {
	d.t.Helper()
	var priv []byte
	if !prior.IsNull() {
		priv = d.private
	}
	resp := d.p.PlanResource(context.Background(), schema.PlanResourceRequest{
		TypeName:         d.typ,
		PriorState:       prior,
		ProposedNewState: schema.ProposedNew(d.block, prior, config),
		Config:           config,
		PriorPrivate:     priv,
	})
	if resp.Diagnostics.HasErrors() {
		d.t.Fatalf("PlanResource: %s", resp.Diagnostics.Err())
	}
	d.checkType("PlanResource", resp.PlannedState)
	if resp.PlannedState.IsNull() {
		d.t.Fatal("PlanResource returned a null plan for a non-null configuration")
	}
	// A provider of the legacy SDK may plan values configuration leaves
	// unset; the engine (as Terraform) tolerates it from such providers.
	if errs := keepsConfig(d.block, config, resp.PlannedState); len(errs) > 0 && !resp.LegacyTypeSystem {
		d.t.Fatalf("PlanResource changed configured values: %v", errs)
	}
	if prior.IsNull() && len(resp.RequiresReplace) > 0 {
		d.t.Fatalf("PlanResource for a create returned RequiresReplace %v", pathStrings(resp.RequiresReplace))
	}
	return resp
}

// apply applies a plan (with the private data PlanResource returned) and
// checks that the new value keeps every known planned value, is wholly
// known, and survives storage.
func (d *driver) apply(prior, planned, config cty.Value, plannedPrivate []byte) cty.Value {
	d.t.Helper()
	resp := d.p.ApplyResource(context.Background(), schema.ApplyResourceRequest{
		TypeName: d.typ, PriorState: prior, PlannedState: planned, Config: config, PlannedPrivate: plannedPrivate,
	})
	if resp.Diagnostics.HasErrors() {
		d.t.Fatalf("ApplyResource: %s", resp.Diagnostics.Err())
	}
	d.checkType("ApplyResource", resp.NewState)
	d.private = resp.Private
	if planned.IsNull() {
		return resp.NewState
	}
	if resp.NewState.IsNull() {
		d.t.Fatal("ApplyResource returned null for a non-null plan")
	}
	if !resp.NewState.IsWhollyKnown() {
		d.t.Fatalf("ApplyResource returned unknown values: %s", d.format(resp.NewState))
	}
	if errs := matchesPlanned(planned, resp.NewState, nil); len(errs) > 0 {
		d.t.Fatalf("ApplyResource returned values that differ from the plan: %v", errs)
	}
	d.stored(resp.NewState)
	return resp.NewState
}

// stored proves that an object survives storage as the engine keeps it:
// encoded as state's JSON attributes and loaded back through
// UpgradeResourceState at the current schema version (cty.NilVal: decoded
// with the schema), it is the same value.
func (d *driver) stored(v cty.Value) {
	d.t.Helper()
	ty := d.block.ImpliedType()
	raw, err := ctyjson.Marshal(v, ty)
	if err != nil {
		d.t.Fatalf("encoding the object as state: %v", err)
	}
	resp := d.p.UpgradeResourceState(context.Background(), schema.UpgradeResourceStateRequest{TypeName: d.typ, Version: d.version, RawJSON: raw})
	if resp.Diagnostics.HasErrors() {
		d.t.Fatalf("UpgradeResourceState of the stored object: %s", resp.Diagnostics.Err())
	}
	got := resp.UpgradedState
	if got == cty.NilVal {
		if got, err = ctyjson.Unmarshal(raw, ty); err != nil {
			d.t.Fatalf("decoding the stored object: %v", err)
		}
	}
	if !got.RawEquals(v) {
		d.t.Fatalf("the stored object loads back as %s, want %s", d.format(got), d.format(v))
	}
}

func (d *driver) read(state cty.Value) cty.Value {
	d.t.Helper()
	resp := d.p.ReadResource(context.Background(), schema.ReadResourceRequest{TypeName: d.typ, PriorState: state, Private: d.private})
	if resp.Diagnostics.HasErrors() {
		d.t.Fatalf("ReadResource: %s", resp.Diagnostics.Err())
	}
	d.checkType("ReadResource", resp.NewState)
	d.private = resp.Private
	return resp.NewState
}

// create validates, plans from a null prior and applies.
func (d *driver) create(config cty.Value) cty.Value {
	d.t.Helper()
	d.validate(config)
	d.private = nil
	resp := d.plan(d.block.Null(), config)
	return d.apply(d.block.Null(), resp.PlannedState, config, resp.PlannedPrivate)
}

// carryOut executes a plan the way the engine does: a replacement is a
// delete then a create; anything else an update in place.
func (d *driver) carryOut(prior, config cty.Value, resp schema.PlanResourceResponse) cty.Value {
	d.t.Helper()
	if len(resp.RequiresReplace) == 0 {
		return d.apply(prior, resp.PlannedState, config, resp.PlannedPrivate)
	}
	if got := d.apply(prior, d.block.Null(), config, d.private); !got.IsNull() {
		d.t.Fatalf("ApplyResource delete (for a replacement) returned %s, want null", d.format(got))
	}
	return d.create(config)
}

// refreshNoop proves that reading the object back returns it unchanged and
// that planning its configuration again is a no-op.
func (d *driver) refreshNoop(state, config cty.Value) {
	d.t.Helper()
	read := d.read(state)
	if read.IsNull() {
		d.t.Fatal("ReadResource returned null for an object just applied")
	}
	if !read.RawEquals(state) {
		d.t.Fatalf("ReadResource after apply returned %s, want the applied %s", d.format(read), d.format(state))
	}
	resp := d.plan(read, config)
	if !resp.PlannedState.RawEquals(read) || len(resp.RequiresReplace) > 0 {
		d.t.Fatalf("plan after apply is not a no-op: planned %s (replace %v), prior %s",
			d.format(resp.PlannedState), pathStrings(resp.RequiresReplace), d.format(read))
	}
}

// update plans step's configuration against prior, checks it is an update
// or a replacement as the step says, and carries it out.
func (d *driver) update(n int, prior cty.Value, step Step) cty.Value {
	d.t.Helper()
	d.validate(step.Config)
	resp := d.plan(prior, step.Config)
	replace := len(resp.RequiresReplace) > 0
	switch {
	case resp.PlannedState.RawEquals(prior) && !replace:
		d.t.Fatalf("step %d: plan is a no-op, want an %s", n, changeName(step.Replace))
	case replace != step.Replace:
		d.t.Fatalf("step %d: plan is an %s (RequiresReplace %v), want an %s",
			n, changeName(replace), pathStrings(resp.RequiresReplace), changeName(step.Replace))
	}
	return d.carryOut(prior, step.Config, resp)
}

// drift makes an out-of-band change and proves that Read sees it and that
// the plan restores the object.
func (d *driver) drift(mutate func(*testing.T, cty.Value), state, config cty.Value) cty.Value {
	d.t.Helper()
	mutate(d.t, state)
	read := d.read(state)
	if read.RawEquals(state) {
		d.t.Fatal("ReadResource after Mutate returned the prior value: drift not detected")
	}
	if read.IsNull() {
		return d.create(config)
	}
	resp := d.plan(read, config)
	if resp.PlannedState.RawEquals(read) && len(resp.RequiresReplace) == 0 {
		d.t.Fatalf("plan after drift is a no-op: %s", d.format(read))
	}
	return d.carryOut(read, config, resp)
}

// importCompare imports by id, reads the result and compares it with state.
func (d *driver) importCompare(id string, state cty.Value, ignore []string) {
	d.t.Helper()
	resp := d.p.ImportResource(context.Background(), schema.ImportResourceRequest{TypeName: d.typ, ID: id})
	if resp.Diagnostics.HasErrors() {
		d.t.Fatalf("ImportResource(%q): %s", id, resp.Diagnostics.Err())
	}
	if len(resp.Imported) != 1 || resp.Imported[0].TypeName != d.typ {
		d.t.Fatalf("ImportResource(%q) returned %d objects, want one %s", id, len(resp.Imported), d.typ)
	}
	imported := resp.Imported[0].State
	d.checkType("ImportResource", imported)
	applied := d.private
	d.private = resp.Imported[0].Private
	read := d.read(imported)
	d.private = applied
	if read.IsNull() {
		d.t.Fatalf("ReadResource of the object imported by %q returned null", id)
	}
	if diff := differingAttrs(d.block, state, read, ignore); len(diff) > 0 {
		d.t.Fatalf("import by %q then read differs from the applied object in %v:\nimported %s\napplied  %s",
			id, diff, d.format(read), d.format(state))
	}
}

func (d *driver) checkType(method string, v cty.Value) {
	d.t.Helper()
	// TestConformance rather than Equals: an attribute of type
	// DynamicPseudoType (terraform_data's input) holds a value of any type.
	if want := d.block.ImpliedType(); len(v.Type().TestConformance(want)) > 0 {
		d.t.Fatalf("%s returned a value of type %s, want the schema's %s", method, v.Type().FriendlyName(), want.FriendlyName())
	}
}

func (d *driver) format(v cty.Value) string {
	return format(d.block, v)
}

func changeName(replace bool) string {
	if replace {
		return "replacement"
	}
	return "update in place"
}
