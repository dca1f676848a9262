package providertest

import (
	"context"
	"slices"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Case is one resource's journey through the contract.
type Case struct {
	// Name names the subtest; it defaults to Type.
	Name string
	// Type is the resource type.
	Type string
	// Steps are the configurations applied in turn: Steps[0] creates the
	// object, each later step updates or replaces it.
	Steps []Step
	// Mutate, when set, changes the real object out of band (edits or
	// deletes a file, say). Run then expects Read to report drift and a
	// plan that restores the object.
	Mutate func(t *testing.T, state cty.Value)
	// ImportID, when set, gives the ID to import the final object by. Run
	// expects import followed by Read to yield the same object.
	ImportID func(state cty.Value) string
	// ImportIgnore names attributes that import cannot recover (keepers,
	// triggers), left out of the import comparison.
	ImportIgnore []string
	// StateOnly says the object exists only in state (a random value, a
	// timestamp): Read cannot tell that it was deleted, so the check that
	// Read returns null after delete is not made.
	StateOnly bool
}

// Step is one configuration of a Case.
type Step struct {
	// Config is the resource configuration (see Config).
	Config cty.Value
	// Replace says whether this step, when not the first, must plan a
	// replacement (true) or an update in place (false).
	Replace bool
	// Check, when set, asserts on the applied object.
	Check func(t *testing.T, state cty.Value)
}

// Run checks the provider's schemas, then runs each case as a parallel
// subtest of one "conformance" subtest (so it has finished when Run
// returns). p must be configured already (see Configure).
//
// For each case it proves: create via PlanResource and ApplyResource, the
// applied value matching every known planned value; ReadResource then
// returns the applied value and PlanResource from it is a no-op; each later
// step plans an update or a replacement as the step says and converges to a
// no-op again; after Mutate, Read reports drift, the plan is not a no-op, and
// carrying it out converges; import by ImportID then Read yields the same
// object; delete via ApplyResource with a null plan returns null, and Read
// then returns null. Every applied object must load back unchanged from its
// stored form through UpgradeResourceState, and the provider's private data
// travels with the object through read, plan and apply, as in the engine.
func Run(t *testing.T, p schema.Provider, cases []Case) {
	t.Helper()
	resp := p.GetSchema(context.Background())
	if resp.Diagnostics.HasErrors() {
		t.Fatalf("GetSchema: %s", resp.Diagnostics.Err())
	}
	t.Run("schema", func(t *testing.T) { checkSchema(t, resp.Schema) })
	t.Run("conformance", func(t *testing.T) {
		for _, c := range cases {
			name := c.Name
			if name == "" {
				name = c.Type
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				r, ok := resp.Schema.Resources[c.Type]
				if !ok {
					t.Fatalf("provider has no resource type %q", c.Type)
				}
				if len(c.Steps) == 0 {
					t.Fatal("case has no steps")
				}
				d := &driver{t: t, p: p, typ: c.Type, block: r.Block, version: r.Version}
				runCase(d, c)
			})
		}
	})
}

func runCase(d *driver, c Case) {
	t := d.t
	c.Steps = slices.Clone(c.Steps)
	for i := range c.Steps {
		c.Steps[i].Config = complete(d.block, c.Steps[i].Config)
	}
	first := c.Steps[0]
	state := d.create(first.Config)
	check(t, first, state)
	d.refreshNoop(state, first.Config)

	cfg := first.Config
	for i, step := range c.Steps[1:] {
		state = d.update(i+1, state, step)
		check(t, step, state)
		cfg = step.Config
		d.refreshNoop(state, cfg)
	}

	if c.Mutate != nil {
		state = d.drift(c.Mutate, state, cfg)
		d.refreshNoop(state, cfg)
	}
	if c.ImportID != nil {
		d.importCompare(c.ImportID(state), state, c.ImportIgnore)
	}

	priv := d.private
	if got := d.apply(state, d.block.Null(), cfg, d.private); !got.IsNull() {
		t.Fatalf("ApplyResource with a null plan (delete) returned %s, want null", d.format(got))
	}
	if !c.StateOnly {
		d.private = priv // the deleted object's, as state held it
		if got := d.read(state); !got.IsNull() {
			t.Fatalf("ReadResource after delete returned %s, want null", d.format(got))
		}
	}
}

func check(t *testing.T, step Step, state cty.Value) {
	t.Helper()
	if step.Check != nil {
		step.Check(t, state)
	}
}
