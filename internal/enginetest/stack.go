package enginetest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/testprovider"
)

// Stack is one stack under test: its directory, the platform its objects
// live on, and its state file.
type Stack struct {
	T       testing.TB
	Dir     string
	Store   *testprovider.Store
	Backend *state.Local
}

// New returns a stack whose configuration is files (name → content).
func New(t testing.TB, files map[string]string) *Stack {
	t.Helper()
	s := &Stack{T: t, Dir: t.TempDir(), Store: testprovider.NewStore()}
	s.Backend = state.NewLocal(filepath.Join(s.Dir, "terraform.tfstate"))
	s.SetConfig(files)
	return s
}

// SetConfig replaces the root module's configuration files; names may
// hold a directory ("m/main.tf") for a local module.
func (s *Stack) SetConfig(files map[string]string) {
	s.T.Helper()
	old, _ := filepath.Glob(filepath.Join(s.Dir, "*.tf"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			s.T.Fatal(err)
		}
	}
	for name, src := range files {
		path := filepath.Join(s.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			s.T.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			s.T.Fatal(err)
		}
	}
}

// Config loads the configuration, failing the test on errors.
func (s *Stack) Config() *config.Config {
	s.T.Helper()
	mod, diags := config.Load(s.Dir)
	if diags.HasErrors() {
		s.T.Fatalf("loading configuration: %s", diags.Error())
	}
	cfg, diags := config.BuildTree(mod, config.DirSource{RootDir: s.Dir})
	if diags.HasErrors() {
		s.T.Fatalf("building the module tree: %s", diags.Error())
	}
	return cfg
}

// State returns the stored state (nil when none was written).
func (s *Stack) State() *state.State {
	s.T.Helper()
	st, err := s.Backend.Read(context.Background())
	if err != nil {
		s.T.Fatal(err)
	}
	return st
}

// Plan plans the stack against its stored state; opts may change the
// options (Mode, Targets, Replace, Vars, ...).
func (s *Stack) Plan(opts ...func(*plan.Options)) (*plans.Plan, hcl.Diagnostics) {
	s.T.Helper()
	provs := eval.NewProviders(s.Store.Registry())
	defer provs.Close()
	o := plan.Options{Config: s.Config(), State: s.State(), Providers: provs, Vars: map[string]cty.Value{}}
	for _, f := range opts {
		f(&o)
	}
	return plan.Plan(context.Background(), o)
}

// MustPlan plans and fails the test on errors.
func (s *Stack) MustPlan(opts ...func(*plan.Options)) *plans.Plan {
	s.T.Helper()
	p, diags := s.Plan(opts...)
	if diags.HasErrors() {
		s.T.Fatalf("plan: %s", diags.Error())
	}
	return p
}

// Apply applies p to the stack's backend; opts may change the options
// (Hook, Parallelism, ...).
func (s *Stack) Apply(p *plans.Plan, opts ...func(*apply.Options)) (*apply.Result, hcl.Diagnostics) {
	s.T.Helper()
	return s.ApplyContext(context.Background(), p, opts...)
}

// ApplyContext is Apply under ctx, which a test may cancel (interrupt).
func (s *Stack) ApplyContext(ctx context.Context, p *plans.Plan, opts ...func(*apply.Options)) (*apply.Result, hcl.Diagnostics) {
	s.T.Helper()
	provs := eval.NewProviders(s.Store.Registry())
	defer provs.Close()
	o := apply.Options{Plan: p, Config: s.Config(), Providers: provs, Backend: s.Backend, Stored: s.State()}
	for _, f := range opts {
		f(&o)
	}
	return apply.Apply(ctx, o)
}

// MustApply plans and applies, failing the test on errors.
func (s *Stack) MustApply(opts ...func(*plan.Options)) *apply.Result {
	s.T.Helper()
	res, diags := s.Apply(s.MustPlan(opts...))
	if diags.HasErrors() {
		s.T.Fatalf("apply: %s", diags.Error())
	}
	return res
}

// Change returns the planned change of the instance at addr, or nil.
func Change(p *plans.Plan, addr string) *plans.ResourceChange {
	for _, rc := range p.Changes {
		if rc.Addr.String() == addr && rc.Deposed == "" {
			return rc
		}
	}
	return nil
}

// Actions maps every instance address of p to its action's name.
func Actions(p *plans.Plan) map[string]string {
	out := map[string]string{}
	for _, rc := range p.Changes {
		key := rc.Addr.String()
		if rc.Deposed != "" {
			key += " (deposed)"
		}
		out[key] = rc.Action.String()
	}
	return out
}

// Instance returns the state instance at addr ("test_thing.a[1]"), or nil.
func Instance(st *state.State, addr string) *state.Instance {
	ri, diags := addrs.ParseResourceInstance(addr)
	if diags.HasErrors() || st == nil {
		return nil
	}
	r := st.FindResource(ri.Resource)
	if r == nil {
		return nil
	}
	return r.Instance(ri.Key, "")
}

// ID returns the id attribute of the object at addr in the stored state,
// failing the test when there is none.
func (s *Stack) ID(addr string) string {
	s.T.Helper()
	inst := Instance(s.State(), addr)
	if inst == nil {
		s.T.Fatalf("no %s in state", addr)
	}
	var attrs struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(inst.Attributes, &attrs); err != nil || attrs.ID == "" {
		s.T.Fatalf("%s has no id in state: %s (%v)", addr, inst.Attributes, err)
	}
	return attrs.ID
}
