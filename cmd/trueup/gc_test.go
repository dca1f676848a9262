package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
)

// TestTuneGCSetsTheTargetByStackSize loads a stack of a root module and a
// child module and checks the GC percent and memory limit tuneGC leaves,
// with the thresholds at and above the stack's size, with a smaller count
// after a larger one, and with GOGC set.
func TestTuneGCSetsTheTargetByStackSize(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", "resource \"null_resource\" \"a\" {}\ndata \"null_data_source\" \"b\" {}\nmodule \"m\" {\n  source = \"./m\"\n}\n")
	write("m/main.tf", "resource \"null_resource\" \"c\" {}\n")
	cfg, diags := run.LoadConfigModules(dir, "")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if n := resourceBlocks(cfg); n != 3 {
		t.Fatalf("resourceBlocks = %d, want 3 (two in the root module, one in the child)", n)
	}
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOGC")
	os.Unsetenv("GOMEMLIMIT")
	savedLarge, savedHuge := largeStack, hugeStack
	reset := func() {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		gcTuned.resources = 0
	}
	defer func() { largeStack, hugeStack = savedLarge, savedHuge; reset() }()
	percent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	limit := func() int64 { return debug.SetMemoryLimit(-1) }

	// A stored state of many objects (count = 4 is one block) counts too.
	st := &state.State{Resources: []*state.Resource{{Instances: make([]*state.Instance, 3)}, {Instances: make([]*state.Instance, 1)}}}
	// Each case starts from a percent neither tier sets, so that a tier
	// that sets nothing is told apart from one that sets 100.
	const leftAlone = 77
	blocks := func() { tuneGC(resourceBlocks(cfg)) }
	objects := func() { tuneGCForState(st) }
	for _, c := range []struct {
		what        string
		large, huge int
		tune        []func()
		wantPercent int
		wantLimit   int64
	}{
		{"a stack of 3 blocks under the thresholds", 4, 10, []func(){blocks}, leftAlone, math.MaxInt64},
		{"a stack of 3 blocks at the large threshold", 3, 10, []func(){blocks}, largeStackGCPercent, math.MaxInt64},
		{"a state of 4 objects under the thresholds", 5, 10, []func(){objects}, leftAlone, math.MaxInt64},
		{"a state of 4 objects at the large threshold", 4, 10, []func(){objects}, largeStackGCPercent, math.MaxInt64},
		{"a stack of 3 blocks at the huge threshold", 2, 3, []func(){blocks}, hugeStackGCPercent, 3 * hugeStackBytesPerResource},
		{"a state of 4 objects at the huge threshold", 2, 4, []func(){objects}, hugeStackGCPercent, 4 * hugeStackBytesPerResource},
		{"a huge state after a large configuration", 3, 4, []func(){blocks, objects}, hugeStackGCPercent, 4 * hugeStackBytesPerResource},
		{"a large configuration after a huge state", 3, 4, []func(){objects, blocks}, hugeStackGCPercent, 4 * hugeStackBytesPerResource},
	} {
		reset()
		debug.SetGCPercent(leftAlone)
		largeStack, hugeStack = c.large, c.huge
		for _, tune := range c.tune {
			tune()
		}
		if p := percent(); p != c.wantPercent {
			t.Errorf("%s (%d, %d): GC percent %d, want %d", c.what, c.large, c.huge, p, c.wantPercent)
		}
		if l := limit(); l != c.wantLimit {
			t.Errorf("%s (%d, %d): memory limit %d, want %d", c.what, c.large, c.huge, l, c.wantLimit)
		}
	}
	if l := hugeStackMemoryLimit(math.MaxInt); l != math.MaxInt64 {
		t.Errorf("hugeStackMemoryLimit(MaxInt) = %d, want MaxInt64 (no overflow)", l)
	}

	reset()
	largeStack, hugeStack = 2, 3
	t.Setenv("GOGC", "200")
	tuneGC(resourceBlocks(cfg))
	tuneGCForState(st)
	if p := percent(); p != 100 {
		t.Errorf("with GOGC set: GC percent %d, want it left alone (100 here)", p)
	}
	if l := limit(); l != math.MaxInt64 {
		t.Errorf("with GOGC set: memory limit %d, want it left alone", l)
	}
}
