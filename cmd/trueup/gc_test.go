package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
)

// TestTuneGCLowersTheTargetForLargeStacksOnly loads a stack of a root
// module and a child module and checks the GC percent tuneGC leaves, with
// the threshold at and above the stack's size, and with GOGC set.
func TestTuneGCLowersTheTargetForLargeStacksOnly(t *testing.T) {
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
	saved := largeStack
	defer func() { largeStack = saved; debug.SetGCPercent(100) }()
	percent := func() int { p := debug.SetGCPercent(100); return p }

	// A stored state of many objects (count = 4 is one block) counts too.
	st := &state.State{Resources: []*state.Resource{{Instances: make([]*state.Instance, 3)}, {Instances: make([]*state.Instance, 1)}}}
	for _, c := range []struct {
		what      string
		threshold int
		tune      func()
		want      int
	}{
		{"a stack of 3 blocks under the threshold", 4, func() { tuneGC(resourceBlocks(cfg)) }, 100},
		{"a stack of 3 blocks at the threshold", 3, func() { tuneGC(resourceBlocks(cfg)) }, largeStackGCPercent},
		{"a state of 4 objects under the threshold", 5, func() { tuneGCForState(st) }, 100},
		{"a state of 4 objects at the threshold", 4, func() { tuneGCForState(st) }, largeStackGCPercent},
	} {
		debug.SetGCPercent(100)
		largeStack = c.threshold
		c.tune()
		if p := percent(); p != c.want {
			t.Errorf("%s (%d): GC percent %d, want %d", c.what, c.threshold, p, c.want)
		}
	}
	t.Setenv("GOGC", "200")
	tuneGC(resourceBlocks(cfg))
	tuneGCForState(st)
	if p := percent(); p != 100 {
		t.Errorf("with GOGC set: GC percent %d, want it left alone (100 here)", p)
	}
}
