package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/testproviders/build"
	"github.com/trueup/trueup/internal/testproviders/floor"
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

// BenchmarkPluginVsTerraform plans from nothing, applies, and then plans
// with no changes (refreshing, and with -refresh=false) 1,000 chained
// fw_null resources with the trueup binary and,
// when terraform is on PATH, with Terraform, both installing the same
// provider binary from the same filesystem mirror; one iteration runs
// both tools side by side. It reports each tool's seconds and the ratios.
func BenchmarkPluginVsTerraform(b *testing.B) {
	tools := []string{"trueup"}
	if _, err := exec.LookPath("terraform"); err == nil {
		tools = append(tools, "terraform")
	}
	// secs holds, per tool: apply, no-op plan, plan from nothing, no-op
	// plan with -refresh=false.
	secs := map[string][4]float64{}
	for b.Loop() {
		for _, tool := range tools {
			dir := b.TempDir()
			writeFwNullStack(b, dir, pluginBenchResources)
			env := pluginBenchMirrorEnv(b, dir)
			exe := trueupBin
			if tool == "terraform" {
				exe = "terraform"
			}
			run := func(args ...string) time.Duration {
				start := time.Now()
				cmd := exec.Command(exe, args...)
				cmd.Dir, cmd.Env = dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%s %v: %v\n%s", tool, args, err, out)
				}
				return time.Since(start)
			}
			run("init", "-input=false")
			planCreate := run("plan", "-input=false", "-parallelism=10")
			apply := run("apply", "-auto-approve", "-input=false", "-parallelism=10")
			plan := run("plan", "-input=false", "-parallelism=10")
			planNoRefresh := run("plan", "-input=false", "-parallelism=10", "-refresh=false")
			s := secs[tool]
			secs[tool] = [4]float64{s[0] + apply.Seconds(), s[1] + plan.Seconds(),
				s[2] + planCreate.Seconds(), s[3] + planNoRefresh.Seconds()}
		}
	}
	n := float64(b.N)
	for _, tool := range tools {
		b.ReportMetric(secs[tool][0]/n, tool+"-apply-s")
		b.ReportMetric(secs[tool][1]/n, tool+"-plan-s")
		b.ReportMetric(secs[tool][2]/n, tool+"-plan-create-s")
		b.ReportMetric(secs[tool][3]/n, tool+"-plan-norefresh-s")
	}
	// The provider's own share of a no-op plan, measured in the same run:
	// the process start and the calls any client must send, with no
	// engine. No tool's plan of this stack can be faster than that.
	var floorSecs float64
	for range b.N {
		start := time.Now()
		p := floor.Provider(b)
		floor.Plan(b, p, floor.Objects(b, p, pluginBenchResources), 10, floor.Minimal)
		_ = p.Close()
		floorSecs += time.Since(start).Seconds()
	}
	b.ReportMetric(floorSecs/n, "provider-floor-plan-s")
	if tf, ok := secs["terraform"]; ok {
		b.ReportMetric(tf[0]/secs["trueup"][0], "apply-speedup-x")
		b.ReportMetric(tf[1]/secs["trueup"][1], "plan-speedup-x")
		b.ReportMetric(tf[1]/floorSecs, "plan-speedup-ceiling-x")
		b.ReportMetric(tf[2]/secs["trueup"][2], "plan-create-speedup-x")
		b.ReportMetric(tf[3]/secs["trueup"][3], "plan-norefresh-speedup-x")
	}
}

// pluginBenchMirrorEnv writes a CLI configuration installing the fw test
// provider from a filesystem mirror, and returns the environment both
// tools run with.
func pluginBenchMirrorEnv(b *testing.B, dir string) []string {
	bin := build.Provider(b, "fw")
	mirror := b.TempDir()
	pdir := filepath.Join(mirror, "registry.terraform.io", "trueup", "fw", bin.Version, "linux_amd64")
	if err := os.MkdirAll(pdir, 0o755); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(bin.Path)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pdir, filepath.Base(bin.Path)), data, 0o755); err != nil {
		b.Fatal(err)
	}
	home := b.TempDir()
	cli := filepath.Join(home, "cli.tfrc")
	conf := "provider_installation {\n  filesystem_mirror {\n    path = \"" + mirror + "\"\n    include = [\"registry.terraform.io/trueup/*\"]\n  }\n}\n"
	if err := os.WriteFile(cli, []byte(conf), 0o644); err != nil {
		b.Fatal(err)
	}
	req := "terraform {\n  required_providers {\n    fw = { source = \"trueup/fw\" }\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "versions.tf"), []byte(req), 0o644); err != nil {
		b.Fatal(err)
	}
	return append(cleanEnv(), "HOME="+home, "TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "FW_DIR="+b.TempDir())
}
