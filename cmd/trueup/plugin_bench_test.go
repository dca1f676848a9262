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
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/testproviders/build"
	"github.com/trueup/trueup/providers/plugin"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// The plugin benchmarks run the same chained stacks as the built-in ones,
// with fw_null of the framework test provider (protocol 6, a real plugin
// process per operation) in place of null_resource.

const pluginBenchResources = 1000

func writeFwNullStack(tb testing.TB, dir string, n int) {
	tb.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i%chainLength == 0 {
			fmt.Fprintf(&b, "resource \"fw_null\" \"r%d\" {\n  triggers = { n = \"%d\" }\n}\n", i, i)
			continue
		}
		fmt.Fprintf(&b, "resource \"fw_null\" \"r%d\" {\n  triggers = { n = \"%d\", prev = fw_null.r%d.id }\n}\n", i, i, i-1)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func pluginBenchRegistry(tb testing.TB) schema.Registry {
	bin := build.Provider(tb, "fw")
	reg := builtinProviders()
	reg["fw"] = plugin.NewFactory(plugin.Meta{Addr: bin.Addr, Version: bin.Version, Executable: bin.Path, SchemaCacheDir: tb.TempDir()})
	tb.Setenv("FW_DIR", tb.TempDir())
	return reg
}

func pluginBenchPlan(tb testing.TB, reg schema.Registry, mod *config.Config, st *state.State) *plans.Plan {
	tb.Helper()
	provs := eval.NewProviders(reg)
	defer provs.Close()
	p, diags := plan.Plan(context.Background(), plan.Options{
		Config: mod, Vars: map[string]cty.Value{}, State: st, Providers: provs, Parallelism: 10,
	})
	if diags.HasErrors() {
		tb.Fatal(diags.Error())
	}
	return p
}

func pluginBenchApply(tb testing.TB, reg schema.Registry, mod *config.Config, p *plans.Plan, b state.Backend) *state.State {
	tb.Helper()
	if _, err := b.Read(context.Background()); err != nil {
		tb.Fatal(err)
	}
	provs := eval.NewProviders(reg)
	defer provs.Close()
	res, diags := apply.Apply(context.Background(), apply.Options{
		Plan: p, Config: mod, Providers: provs, Backend: b, Parallelism: 10,
	})
	if diags.HasErrors() {
		tb.Fatal(diags.Error())
	}
	return res.State
}

// BenchmarkPluginPlanNoop is BenchmarkPlanNoop through a plugin: start the
// process, refresh and plan every object over gRPC, stop the process.
func BenchmarkPluginPlanNoop(b *testing.B) {
	reg := pluginBenchRegistry(b)
	dir := b.TempDir()
	writeFwNullStack(b, dir, pluginBenchResources)
	mod := loadBenchModule(b, dir)
	back := state.NewLocal(filepath.Join(dir, "terraform.tfstate"))
	st := pluginBenchApply(b, reg, mod, pluginBenchPlan(b, reg, mod, nil), back)
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		if p := pluginBenchPlan(b, reg, mod, st); p.HasChanges() {
			b.Fatal("expected a no-op plan")
		}
	}
	reportHeap(b)
}

// BenchmarkPluginApplyCreate is BenchmarkApplyCreate through a plugin.
func BenchmarkPluginApplyCreate(b *testing.B) {
	reg := pluginBenchRegistry(b)
	dir := b.TempDir()
	writeFwNullStack(b, dir, pluginBenchResources)
	mod := loadBenchModule(b, dir)
	b.ResetTimer()
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "terraform.tfstate")
		st := pluginBenchApply(b, reg, mod, pluginBenchPlan(b, reg, mod, nil), state.NewLocal(path))
		if got := len(st.Resources); got != pluginBenchResources {
			b.Fatalf("state holds %d resources, want %d", got, pluginBenchResources)
		}
	}
	reportHeap(b)
}
