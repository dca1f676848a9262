package lang

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/schema"
)

// nullResourceSchema is null_resource's.
var nullResourceSchema = &schema.Block{Attributes: map[string]*schema.Attribute{
	"id":       {Type: cty.String, Computed: true},
	"triggers": {Type: cty.Map(cty.String), Optional: true},
}}

// chainStack is the source of the generated stacks (/tmp/p10): n
// null_resources in chains of ten, each referring to the one before.
func chainStack(n int) []byte {
	var b strings.Builder
	for i := range n {
		if i%10 == 0 {
			fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n  triggers = { n = \"%d\" }\n}\n", i, i)
		} else {
			fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n  triggers = { n = \"%d\", prev = null_resource.r%d.id }\n}\n", i, i, i-1)
		}
	}
	return []byte(b.String())
}

// liveHeap is the heap in use and its objects after a collection.
func liveHeap() (bytes, objects uint64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, m.HeapObjects
}

// BenchmarkPreparedBodyRetained reports what the prepared bodies of a
// 10,000-resource stack keep alive once the parsed bodies are released
// (as the plan releases them; the apply reuses the prepared blocks):
// B/body and objects/body, with hcl's expressions and with compact ones.
// Each figure is measured once per run (use -benchtime=1x).
func BenchmarkPreparedBodyRetained(b *testing.B) {
	const n = 10000
	src := chainStack(n)
	load := func(b *testing.B) *config.Module {
		mod, diags := config.LoadSources(".", map[string][]byte{"main.tf": src})
		if diags.HasErrors() {
			b.Fatal(diags.Error())
		}
		return mod
	}
	release := func(mod *config.Module) {
		for _, r := range mod.ManagedResources {
			r.ReleaseBody()
		}
	}
	for _, compact := range []bool{false, true} {
		b.Run(fmt.Sprintf("compact=%v", compact), func(b *testing.B) {
			for b.Loop() {
				// Without the prepared blocks: the module, bodies released.
				mod := load(b)
				release(mod)
				base, baseObjs := liveHeap()
				runtime.KeepAlive(mod)

				mod = load(b)
				pbs := make([]*PreparedBlock, 0, n)
				for _, r := range mod.ManagedResources {
					pb := prepareCompact(r.Config, nullResourceSchema, compact)
					if pb.decoder == nil {
						b.Fatal("no plain decoder")
					}
					pb.body = nil // as the plan's released body leaves it
					pbs = append(pbs, pb)
				}
				release(mod)
				after, afterObjs := liveHeap()
				runtime.KeepAlive(mod)
				runtime.KeepAlive(pbs)
				b.ReportMetric(float64(after-base)/n, "B/body")
				b.ReportMetric(float64(afterObjs-baseObjs)/n, "objects/body")
			}
		})
	}
}

// BenchmarkEvalPreparedResource evaluates the prepared body of one of the
// generated stack's resources (triggers = { n = "1", prev =
// null_resource.r0.id }), with hcl's expressions and with compact ones.
func BenchmarkEvalPreparedResource(b *testing.B) {
	src := []byte("resource \"null_resource\" \"r1\" {\n  triggers = { n = \"1\", prev = null_resource.r0.id }\n}\n")
	mod, diags := config.LoadSources(".", map[string][]byte{"main.tf": src})
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	res := mod.ManagedResources["null_resource.r1"]
	d := newTestData()
	d.resources[addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "r0"}] = cty.ObjectVal(map[string]cty.Value{
		"id": cty.UnknownVal(cty.String), "triggers": cty.MapVal(map[string]cty.Value{"n": cty.StringVal("0")}),
	})
	table := (&Scope{}).Functions()
	for _, compact := range []bool{false, true} {
		b.Run(fmt.Sprintf("compact=%v", compact), func(b *testing.B) {
			pb := prepareCompact(res.Config, nullResourceSchema, compact)
			if (pb.decoder.code.nodes != nil) != compact {
				b.Fatal("compact expressions:", (pb.decoder.code.nodes != nil))
			}
			scope := &Scope{Data: d, FunctionTable: table}
			b.ReportAllocs()
			for b.Loop() {
				d.asked = d.asked[:0]
				if _, diags := scope.EvalPrepared(pb); diags.HasErrors() {
					b.Fatal(diags.Error())
				}
			}
		})
	}
}
