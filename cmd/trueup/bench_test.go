package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// chainLength is how many null_resources depend on each other in a row in
// the generated benchmark stacks.
const chainLength = 10

// writeNullStack writes a stack of n null_resources in chains of
// chainLength: each depends on the previous one through its triggers.
func writeNullStack(tb testing.TB, dir string, n int) {
	tb.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i%chainLength == 0 {
			fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n  triggers = { n = \"%d\" }\n}\n", i, i)
			continue
		}
		fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n  triggers = { n = \"%d\", prev = null_resource.r%d.id }\n}\n", i, i, i-1)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func loadBenchModule(tb testing.TB, dir string) *config.Config {
	tb.Helper()
	mod, diags := run.LoadConfig(dir)
	if diags.HasErrors() {
		tb.Fatal(diags.Error())
	}
	return mod
}

func benchPlan(tb testing.TB, mod *config.Config, st *state.State) *plans.Plan {
	tb.Helper()
	p, diags := plan.Plan(context.Background(), plan.Options{
		Config: mod, Vars: map[string]cty.Value{}, State: st, Providers: newProviders(), Parallelism: 10,
	})
	if diags.HasErrors() {
		tb.Fatal(diags.Error())
	}
	return p
}

func benchApply(tb testing.TB, mod *config.Config, p *plans.Plan, b state.Backend) *state.State {
	tb.Helper()
	if _, err := b.Read(context.Background()); err != nil {
		tb.Fatal(err)
	}
	res, diags := apply.Apply(context.Background(), apply.Options{
		Plan: p, Config: mod, Providers: newProviders(), Backend: b, Parallelism: 10,
	})
	if diags.HasErrors() {
		tb.Fatal(diags.Error())
	}
	return res.State
}

// reportHeap reports the live heap after the measured work, in MB.
func reportHeap(b *testing.B) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap-inuse")
}

// BenchmarkPlanNoop measures a plan of an applied stack with nothing to do:
// refresh of every object, evaluation of every resource, diff.
func BenchmarkPlanNoop(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("resources=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeNullStack(b, dir, n)
			mod := loadBenchModule(b, dir)
			back := state.NewLocal(filepath.Join(dir, "terraform.tfstate"))
			st := benchApply(b, mod, benchPlan(b, mod, nil), back)
			runtime.GC()
			b.ResetTimer()
			for b.Loop() {
				p := benchPlan(b, mod, st)
				if p.HasChanges() {
					b.Fatal("expected a no-op plan")
				}
			}
			reportHeap(b)
		})
	}
}

// BenchmarkApplyCreate measures planning and applying a new stack: every
// resource created, state persisted.
func BenchmarkApplyCreate(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("resources=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeNullStack(b, dir, n)
			mod := loadBenchModule(b, dir)
			b.ResetTimer()
			for b.Loop() {
				path := filepath.Join(b.TempDir(), "terraform.tfstate")
				st := benchApply(b, mod, benchPlan(b, mod, nil), state.NewLocal(path))
				if got := len(st.Resources); got != n {
					b.Fatalf("state holds %d resources, want %d", got, n)
				}
			}
			reportHeap(b)
		})
	}
}

// BenchmarkPlanNoopCounted measures a no-op plan of two counted resources
// of 5,000 instances each, every instance of one referring to the other's
// [count.index]: the evaluator must not rebuild the referenced tuple per
// instance.
func BenchmarkPlanNoopCounted(b *testing.B) {
	dir := b.TempDir()
	src := `
resource "null_resource" "a" {
  count    = 5000
  triggers = { i = count.index }
}

resource "null_resource" "b" {
  count    = 5000
  triggers = { a = null_resource.a[count.index].id }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	mod := loadBenchModule(b, dir)
	st := benchApply(b, mod, benchPlan(b, mod, nil), state.NewLocal(filepath.Join(dir, "terraform.tfstate")))
	b.ResetTimer()
	for b.Loop() {
		if p := benchPlan(b, mod, st); p.HasChanges() {
			b.Fatal("expected a no-op plan")
		}
	}
	reportHeap(b)
}

// newProviders serves the built-in providers to the in-process planner.
func newProviders() *eval.Providers { return eval.NewProviders(builtinProviders()) }
