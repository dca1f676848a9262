package run_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/testprovider"
	"github.com/trueup/trueup/schema"
)

// configureHook is the test provider with its Configure replaced.
type configureHook struct {
	schema.Provider
	configure func(context.Context) schema.Diagnostics
}

func (p configureHook) Configure(ctx context.Context, req schema.ConfigureRequest) schema.ConfigureResponse {
	if diags := p.configure(ctx); diags.HasErrors() {
		return schema.ConfigureResponse{Diagnostics: diags}
	}
	return p.Provider.Configure(ctx, req)
}

// hookedEnv is newStack's environment with the provider's Configure and
// the backend wrapped.
func hookedEnv(env run.Env, store *testprovider.Store, configure func(context.Context) schema.Diagnostics, backend func(state.Backend) state.Backend) run.Env {
	env.Providers = schema.Registry{"test": func() schema.Provider {
		return configureHook{Provider: store.Factory()(), configure: configure}
	}}
	open := env.OpenBackend
	env.OpenBackend = func(ctx context.Context, dir string, mod *config.Module) (state.Backend, error) {
		b, err := open(ctx, dir, mod)
		if err != nil || backend == nil {
			return b, err
		}
		return backend(b), nil
	}
	return env
}

// readHook is a backend whose Read and Lock run a function first.
type readHook struct {
	state.Backend
	read, lock func() error
}

func (b readHook) Read(ctx context.Context) (*state.State, error) {
	if b.read != nil {
		if err := b.read(); err != nil {
			return nil, err
		}
	}
	return b.Backend.Read(ctx)
}

func (b readHook) Lock(ctx context.Context, info *state.LockInfo) (string, error) {
	if b.lock != nil {
		if err := b.lock(); err != nil {
			return "", err
		}
	}
	return b.Backend.Lock(ctx, info)
}

// The providers the configuration names are configured while the state is
// read: the backend's Read waits until the provider was configured, which
// never happens when configuration follows the read.
func TestProvidersAreConfiguredWhileTheStateIsRead(t *testing.T) {
	store := testprovider.NewStore()
	dir, env := newStack(t, store)
	configured := make(chan struct{})
	var once atomic.Bool
	env = hookedEnv(env, store, func(context.Context) schema.Diagnostics {
		if once.CompareAndSwap(false, true) {
			close(configured)
		}
		return nil
	}, func(b state.Backend) state.Backend {
		return readHook{Backend: b, read: func() error {
			select {
			case <-configured:
				return nil
			case <-time.After(20 * time.Second):
				return errors.New("the state was read before any provider was configured")
			}
		}}
	})
	res := run.PlanAndApply(context.Background(), env, run.Request{Dir: dir, Vars: names(`["a","b"]`), Operation: "apply"}, nil)
	if res.Diagnostics.HasErrors() || !res.Applied {
		t.Fatalf("apply: applied %v, %v", res.Applied, res.Diagnostics)
	}
	if got := store.Names(); len(got) != 2 {
		t.Errorf("objects %v, want a and b", got)
	}
}

// A provider that fails to configure (bad credentials) fails the run with
// its own diagnostics alone, before anything is planned, applied or
// written, as when it was configured after the state was read.
func TestBadCredentialsFailTheRunBeforeAnythingIsPlanned(t *testing.T) {
	store := testprovider.NewStore()
	dir, env := newStack(t, store)
	env = hookedEnv(env, store, func(context.Context) schema.Diagnostics {
		return schema.Errorf(nil, "Invalid credentials", "the test provider refuses them")
	}, nil)
	res := run.PlanAndApply(context.Background(), env, run.Request{Dir: dir, Vars: names(`["a"]`), Operation: "apply"}, nil)
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Summary != "Invalid credentials" || res.Diagnostics[0].Detail != "the test provider refuses them" ||
		addrs.DiagnosticObject(res.Diagnostics[0]) != `provider["registry.terraform.io/hashicorp/test"]` {
		t.Fatalf("diagnostics %v, want the provider's one error", res.Diagnostics)
	}
	if res.Applied || res.Plan == nil || !res.Plan.Errored || len(res.Plan.Changes) != 0 {
		t.Errorf("applied %v, plan %+v: want an errored plan with no changes", res.Applied, res.Plan)
	}
	if ids := store.IDs(); len(ids) != 0 {
		t.Errorf("objects %v were created", ids)
	}
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("state was written (%v)", err)
	}
}

// A run that stops before it plans (the state cannot be locked or read)
// reports why, and nothing of the providers configured meanwhile, even
// when their configuration failed.
func TestStateErrorsComeBeforeTheProvidersErrors(t *testing.T) {
	for _, tc := range []struct {
		name, summary string
		hook          readHook
	}{
		{"lock", "Failed to lock the state", readHook{lock: func() error { return errors.New("held elsewhere") }}},
		{"read", "Failed to read the state", readHook{read: func() error { return errors.New("unreadable") }}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := testprovider.NewStore()
			dir, env := newStack(t, store)
			env = hookedEnv(env, store, func(context.Context) schema.Diagnostics {
				return schema.Errorf(nil, "Invalid credentials", "the test provider refuses them")
			}, func(b state.Backend) state.Backend {
				h := tc.hook
				h.Backend = b
				return h
			})
			res := run.PlanAndApply(context.Background(), env, run.Request{Dir: dir, Vars: names(`["a"]`), Operation: "apply"}, nil)
			if len(res.Diagnostics) != 1 || res.Diagnostics[0].Summary != tc.summary {
				t.Fatalf("diagnostics %v, want only %q", res.Diagnostics, tc.summary)
			}
			if res.Plan != nil || res.Applied {
				t.Errorf("planned or applied after the state failed")
			}
		})
	}
}

// A run that stops before it plans cuts the providers' configuration
// short (cancels its context) and waits for it before returning, so that
// no provider is configured after the run returned.
func TestAStoppedRunCancelsTheProvidersConfiguration(t *testing.T) {
	store := testprovider.NewStore()
	dir, env := newStack(t, store)
	started := make(chan struct{})
	var returned atomic.Bool
	var cancelled atomic.Bool
	env = hookedEnv(env, store, func(ctx context.Context) schema.Diagnostics {
		close(started)
		select {
		case <-ctx.Done():
			cancelled.Store(true)
		case <-time.After(20 * time.Second):
		}
		if returned.Load() {
			t.Error("the provider was still being configured after the run returned")
		}
		return schema.Errorf(nil, "Cancelled", "configuration cut short")
	}, func(b state.Backend) state.Backend {
		return readHook{Backend: b, lock: func() error {
			select {
			case <-started:
			case <-time.After(20 * time.Second):
				t.Error("no provider was configured while the state was locked")
			}
			return errors.New("held elsewhere")
		}}
	})
	res := run.PlanAndApply(context.Background(), env, run.Request{Dir: dir, Vars: names(`["a"]`), Operation: "apply"}, nil)
	returned.Store(true)
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Summary != "Failed to lock the state" {
		t.Fatalf("diagnostics %v, want only the lock's", res.Diagnostics)
	}
	if !cancelled.Load() {
		t.Error("the providers' configuration was not cancelled")
	}
}
