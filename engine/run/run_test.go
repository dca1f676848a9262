package run_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/vars"
	"github.com/trueup/trueup/internal/testprovider"
)

const stackTF = `
variable "names" {
  type = list(string)
}
resource "test_thing" "t" {
  count = length(var.names)
  name  = var.names[count.index]
}
output "ids" {
  value = test_thing.t[*].id
}
`

// newStack writes a stack directory and returns it with an environment
// that serves the test provider on store and keeps state in the
// directory's terraform.tfstate.
func newStack(t *testing.T, store *testprovider.Store) (string, run.Env) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(stackTF), 0o644); err != nil {
		t.Fatal(err)
	}
	env := run.Env{
		Providers: store.Registry(),
		OpenBackend: func(_ context.Context, dir string, _ *config.Module) (state.Backend, error) {
			return state.NewLocal(filepath.Join(dir, "terraform.tfstate")), nil
		},
	}
	return dir, env
}

func names(list string) []vars.Arg {
	return []vars.Arg{{Kind: vars.Var, Value: "names=" + list}}
}

func TestPlanThenApplyADirectory(t *testing.T) {
	store := testprovider.NewStore()
	dir, env := newStack(t, store)
	ctx := context.Background()

	res := run.Plan(ctx, env, run.Request{Dir: dir, Vars: names(`["a","b"]`), Operation: "plan"})
	if res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	if c := res.Plan.Counts(); c.Add != 2 || res.Applied {
		t.Fatalf("plan counts %+v (applied %v), want 2 to add and nothing applied", c, res.Applied)
	}
	if len(store.IDs()) != 0 {
		t.Fatalf("plan created objects: %v", store.IDs())
	}
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("plan wrote state: %v", err)
	}

	res = run.PlanAndApply(ctx, env, run.Request{Dir: dir, Vars: names(`["a","b"]`)}, nil)
	if res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	if !res.Applied || res.Counts.Add != 2 || !slices.Equal(store.Names(), []string{"a", "b"}) {
		t.Fatalf("applied %v counts %+v, platform %v", res.Applied, res.Counts, store.Names())
	}
	stored, err := state.NewLocal(filepath.Join(dir, "terraform.tfstate")).Read(ctx)
	if err != nil || stored == nil {
		t.Fatalf("reading state: %v %v", stored, err)
	}
	if ids := stored.Outputs["ids"]; ids == nil || ids.Value.LengthInt() != 2 {
		t.Errorf("output ids %+v, want two ids", ids)
	}

	// Shrinking the list destroys the instance beyond it.
	res = run.PlanAndApply(ctx, env, run.Request{Dir: dir, Vars: names(`["a"]`)}, nil)
	if res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	if res.Counts.Destroy != 1 || !slices.Equal(store.Names(), []string{"a"}) {
		t.Errorf("counts %+v, platform %v, want b destroyed", res.Counts, store.Names())
	}
	if info, err := state.NewLocal(filepath.Join(dir, "terraform.tfstate")).LockInfo(ctx); err != nil || info != nil {
		t.Errorf("the lock is still held after apply: %+v %v", info, err)
	}
}

func TestPlanAndApplyDeclinedChangesNothing(t *testing.T) {
	store := testprovider.NewStore()
	dir, env := newStack(t, store)
	var seen *plans.Plan
	res := run.PlanAndApply(context.Background(), env, run.Request{Dir: dir, Vars: names(`["a"]`)}, func(p *plans.Plan) (bool, error) {
		seen = p
		return false, nil
	})
	if res.Diagnostics.HasErrors() || !res.Cancelled || res.Applied {
		t.Fatalf("diags %v cancelled %v applied %v", res.Diagnostics, res.Cancelled, res.Applied)
	}
	if seen == nil || seen.Counts().Add != 1 || len(store.IDs()) != 0 {
		t.Errorf("the approver saw %+v; the platform holds %v", seen, store.IDs())
	}
}

func TestRunReportsConfigAndVariableErrors(t *testing.T) {
	store := testprovider.NewStore()
	dir, env := newStack(t, store)
	for _, tc := range []struct {
		name    string
		vars    []vars.Arg
		summary string
	}{
		{"a required variable left unset", nil, "No value for required variable"},
		{"a variable of the wrong type", names(`"a"`), "Invalid value for input variable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run.Plan(context.Background(), env, run.Request{Dir: dir, Vars: tc.vars})
			if !res.Diagnostics.HasErrors() || res.Diagnostics[0].Summary != tc.summary {
				t.Errorf("diagnostics %v, want %q", res.Diagnostics, tc.summary)
			}
			if res.Plan != nil {
				t.Errorf("a plan was made despite the error")
			}
		})
	}
}
