package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/testproviders/build"
	"github.com/trueup/trueup/providers/plugin"
	"github.com/trueup/trueup/schema"
)

// pluginStack is a stack directory whose fw and sdk providers are the test
// plugins, run through the engine as the commands run it.
type pluginStack struct {
	t        *testing.T
	dir      string
	objects  string // where the test providers keep their objects
	env      run.Env
	binaries []string
}

func newPluginStack(t *testing.T, mainTF string) *pluginStack {
	t.Helper()
	s := &pluginStack{t: t, dir: t.TempDir(), objects: t.TempDir()}
	reg := builtinProviders()
	cache := t.TempDir()
	// The providers find their directory in their own environment, not
	// the test process's, so that stacks can run in parallel.
	env := []string{"FW_DIR=" + s.objects, "SDK_DIR=" + s.objects}
	for _, typ := range []string{"fw", "sdk"} {
		bin := build.Provider(t, typ)
		reg[typ] = plugin.NewFactory(plugin.Meta{Addr: bin.Addr, Version: bin.Version, Executable: bin.Path, SchemaCacheDir: cache, Env: env})
		s.binaries = append(s.binaries, bin.Path)
	}
	s.env = run.Env{
		Providers: reg,
		OpenBackend: func(context.Context, string, *config.Module) (state.Backend, error) {
			return state.NewLocal(filepath.Join(s.dir, "terraform.tfstate")), nil
		},
		Log: hclog.NewNullLogger(),
	}
	s.write("main.tf", mainTF)
	t.Cleanup(func() { s.wantNoPluginProcess() })
	return s
}

func (s *pluginStack) write(rel, content string) {
	s.t.Helper()
	p := filepath.Join(s.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *pluginStack) req() run.Request {
	return run.Request{Dir: s.dir, Parallelism: 10, Operation: "apply"}
}

func (s *pluginStack) plan() *run.Result {
	s.t.Helper()
	return run.Plan(context.Background(), s.env, s.req())
}

func (s *pluginStack) apply() *run.Result {
	s.t.Helper()
	return run.PlanAndApply(context.Background(), s.env, s.req(), nil)
}

func (s *pluginStack) mustApply() *run.Result {
	s.t.Helper()
	res := s.apply()
	if res.Diagnostics.HasErrors() {
		s.t.Fatalf("apply: %s", res.Diagnostics.Error())
	}
	return res
}

// mustNoop plans and fails unless nothing would change.
func (s *pluginStack) mustNoop() {
	s.t.Helper()
	res := s.plan()
	if res.Diagnostics.HasErrors() {
		s.t.Fatalf("plan: %s", res.Diagnostics.Error())
	}
	if res.Plan.HasChanges() {
		var acts []string
		for _, rc := range res.Plan.Changes {
			if rc.Action != plans.NoOp {
				acts = append(acts, rc.Addr.String()+": "+rc.Action.String())
			}
		}
		s.t.Fatalf("plan after apply has changes: %v", acts)
	}
}

func (s *pluginStack) state() *state.State {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dir, "terraform.tfstate"))
	if err != nil {
		s.t.Fatal(err)
	}
	st, err := state.Decode(b)
	if err != nil {
		s.t.Fatal(err)
	}
	return st
}

// instance returns the state instance of a single-instance resource.
func (s *pluginStack) instance(typ, name string) *state.Instance {
	s.t.Helper()
	for _, r := range s.state().Resources {
		if r.Addr.Type == typ && r.Addr.Name == name && len(r.Instances) == 1 {
			return r.Instances[0]
		}
	}
	s.t.Fatalf("state has no %s.%s", typ, name)
	return nil
}

// wantNoPluginProcess fails when a test plugin process of this stack
// outlived its operation. The plugin binaries are shared by every test of
// the package: a process is this stack's when its environment holds the
// stack's object directory.
func (s *pluginStack) wantNoPluginProcess() {
	s.t.Helper()
	mark := []byte("FW_DIR=" + s.objects + "\x00")
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil {
			continue
		}
		for _, bin := range s.binaries {
			if strings.TrimSuffix(exe, " (deleted)") != bin {
				continue
			}
			environ, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
			if err != nil || !bytes.Contains(environ, mark) {
				continue // gone since, or another test's
			}
			s.t.Errorf("plugin process %s (%s) is still running after the operation", e.Name(), bin)
		}
	}
}

func diagText(res *run.Result) string {
	return res.Diagnostics.Error()
}

var _ schema.Registry = builtinProviders()

func importRun(s *pluginStack, addr, id string) *run.Result {
	req := s.req()
	req.Operation = "import"
	return run.Import(context.Background(), s.env, req, addr, id)
}

func applySavedRun(s *pluginStack, p *plans.Plan) *run.Result {
	return run.ApplySaved(context.Background(), s.env, s.req(), p)
}
