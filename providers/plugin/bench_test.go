package plugin_test

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

// benchObjects is how many fw_null objects a benchmark iteration refreshes
// and plans: the size of the engine benchmarks' stacks.
const benchObjects = 1000

// BenchmarkPluginCallsNoEngine measures what the provider process itself
// costs: for 1,000 stored fw_null objects, the calls a no-op plan makes
// per object (UpgradeResourceState, ReadResource, ValidateResourceConfig,
// PlanResourceChange), sent straight from Go by 10 workers as
// -parallelism=10 would, with no engine around them. It is the floor
// under BenchmarkPluginVsTerraform's plan for both tools.
func BenchmarkPluginCallsNoEngine(b *testing.B) {
	for _, workers := range []int{1, 10} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			p := benchProvider(b)
			objs := benchStoredObjects(b, p)
			b.ResetTimer()
			for b.Loop() {
				benchCalls(b, p, objs, workers)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*benchObjects), "µs/object")
		})
	}
}

func benchProvider(b *testing.B) schema.Provider {
	bin := build.Provider(b, "fw")
	p := plugin.NewFactory(plugin.Meta{Addr: bin.Addr, Version: bin.Version, Executable: bin.Path, SchemaCacheDir: b.TempDir()})()
	b.Cleanup(func() { _ = p.Close() })
	ctx := context.Background()
	cfg := cty.ObjectVal(map[string]cty.Value{"dir": cty.StringVal(b.TempDir())})
	if d := p.Configure(ctx, schema.ConfigureRequest{Config: cfg}).Diagnostics; d.HasErrors() {
		b.Fatal(d.Err())
	}
	return p
}

type benchObject struct {
	config, state cty.Value
	json          []byte
}

// benchStoredObjects returns fw_null objects as a created stack holds
// them: their configuration, their state and its JSON in state.
func benchStoredObjects(b *testing.B, p schema.Provider) []benchObject {
	block := p.GetSchema(context.Background()).Schema.Resources["fw_null"].Block
	ty := block.ImpliedType()
	objs := make([]benchObject, benchObjects)
	for i := range objs {
		trig := cty.MapVal(map[string]cty.Value{"n": cty.StringVal(fmt.Sprint(i))})
		id := cty.StringVal(fmt.Sprintf("%016x", i))
		objs[i].config = cty.ObjectVal(map[string]cty.Value{"id": cty.NullVal(cty.String), "triggers": trig})
		objs[i].state = cty.ObjectVal(map[string]cty.Value{"id": id, "triggers": trig})
		raw, err := ctyjson.Marshal(objs[i].state, ty)
		if err != nil {
			b.Fatal(err)
		}
		objs[i].json = raw
	}
	return objs
}

func benchCalls(b *testing.B, p schema.Provider, objs []benchObject, workers int) {
	ctx := context.Background()
	next := make(chan benchObject)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for o := range next {
				if err := benchObjectCalls(ctx, p, o); err != nil {
					b.Error(err)
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

func benchObjectCalls(ctx context.Context, p schema.Provider, o benchObject) error {
	pp := p.(schema.ProtocolProvider)
	up := pp.UpgradeResourceState(ctx, schema.UpgradeResourceStateRequest{TypeName: "fw_null", Version: 0, RawJSON: o.json})
	if up.Diagnostics.HasErrors() {
		return up.Diagnostics.Err()
	}
	read := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "fw_null", PriorState: o.state})
	if read.Diagnostics.HasErrors() {
		return read.Diagnostics.Err()
	}
	if d := p.ValidateResource(ctx, schema.ValidateResourceRequest{TypeName: "fw_null", Config: o.config}).Diagnostics; d.HasErrors() {
		return d.Err()
	}
	plan := p.PlanResource(ctx, schema.PlanResourceRequest{TypeName: "fw_null", PriorState: read.NewState,
		ProposedNewState: read.NewState, Config: o.config})
	return plan.Diagnostics.Err()
}
