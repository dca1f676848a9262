// Package floor measures what a provider plugin process itself costs, with
// no engine around it: the protocol calls a no-op plan makes for stored
// fw_null objects, sent straight from Go by a pool of workers as
// -parallelism would. Benchmarks compare a whole tool's plan with it, so
// that the part of a plan's time that belongs to the provider (and that
// every client of that provider pays) is measured, not guessed.
package floor

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/trueup/trueup/internal/testproviders/build"
	"github.com/trueup/trueup/providers/plugin"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Calls says which protocol calls are made per object.
type Calls int

const (
	// Minimal is what any client must send for a refreshing no-op plan:
	// ReadResource and PlanResourceChange.
	Minimal Calls = iota
	// Engine adds UpgradeResourceState and ValidateResourceConfig, as
	// trueup's plan sends them (Terraform sends one validation more).
	Engine
)

// Object is one fw_null object as a created stack holds it: its
// configuration, its state and that state's JSON.
type Object struct {
	Config, State cty.Value
	JSON          []byte
}

// Provider starts the framework test provider's plugin and configures it.
// It is closed when tb ends.
func Provider(tb testing.TB) schema.Provider {
	tb.Helper()
	bin := build.Provider(tb, "fw")
	p := plugin.NewFactory(plugin.Meta{Addr: bin.Addr, Version: bin.Version, Executable: bin.Path, SchemaCacheDir: tb.TempDir()})()
	tb.Cleanup(func() { _ = p.Close() })
	cfg := cty.ObjectVal(map[string]cty.Value{"dir": cty.StringVal(tb.TempDir())})
	if d := p.Configure(context.Background(), schema.ConfigureRequest{Config: cfg}).Diagnostics; d.HasErrors() {
		tb.Fatal(d.Err())
	}
	return p
}

// Objects returns n stored fw_null objects.
func Objects(tb testing.TB, p schema.Provider, n int) []Object {
	tb.Helper()
	ty := p.GetSchema(context.Background()).Schema.Resources["fw_null"].Block.ImpliedType()
	objs := make([]Object, n)
	for i := range objs {
		trig := cty.MapVal(map[string]cty.Value{"n": cty.StringVal(fmt.Sprint(i))})
		id := cty.StringVal(fmt.Sprintf("%016x", i))
		objs[i].Config = cty.ObjectVal(map[string]cty.Value{"id": cty.NullVal(cty.String), "triggers": trig})
		objs[i].State = cty.ObjectVal(map[string]cty.Value{"id": id, "triggers": trig})
		raw, err := ctyjson.Marshal(objs[i].State, ty)
		if err != nil {
			tb.Fatal(err)
		}
		objs[i].JSON = raw
	}
	return objs
}

// Plan sends the calls of a no-op plan for every object, workers at a time.
func Plan(tb testing.TB, p schema.Provider, objs []Object, workers int, calls Calls) {
	next := make(chan Object)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for o := range next {
				if err := objectCalls(context.Background(), p, o, calls); err != nil {
					tb.Error(err)
				}
			}
		})
	}
	for _, o := range objs {
		next <- o
	}
	close(next)
	wg.Wait()
}

func objectCalls(ctx context.Context, p schema.Provider, o Object, calls Calls) error {
	if calls == Engine {
		pp := p.(schema.ProtocolProvider)
		up := pp.UpgradeResourceState(ctx, schema.UpgradeResourceStateRequest{TypeName: "fw_null", Version: 0, RawJSON: o.JSON})
		if up.Diagnostics.HasErrors() {
			return up.Diagnostics.Err()
		}
	}
	read := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "fw_null", PriorState: o.State})
	if read.Diagnostics.HasErrors() {
		return read.Diagnostics.Err()
	}
	if calls == Engine {
		if d := p.ValidateResource(ctx, schema.ValidateResourceRequest{TypeName: "fw_null", Config: o.Config}).Diagnostics; d.HasErrors() {
			return d.Err()
		}
	}
	plan := p.PlanResource(ctx, schema.PlanResourceRequest{TypeName: "fw_null", PriorState: read.NewState,
		ProposedNewState: read.NewState, Config: o.Config})
	return plan.Diagnostics.Err()
}
