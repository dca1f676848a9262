package httpbackend_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/httpbackend"
	"github.com/trueup/trueup/engine/state/httpbackend/httpstatetest"
	"github.com/trueup/trueup/engine/state/statetest"
)

// config is the backend block of a GitLab-style endpoint: LOCK and
// UNLOCK on /lock, basic authentication, fast retries.
func config(srv *httpstatetest.Server) httpbackend.Config {
	return httpbackend.Config{
		Address: srv.URL + "/state", UpdateMethod: "POST",
		LockAddress: srv.URL + "/lock", UnlockAddress: srv.URL + "/lock", LockMethod: "LOCK", UnlockMethod: "UNLOCK",
		Username: "ci", Password: "s3cret", RetryMax: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	}
}

func mustNew(t *testing.T, cfg httpbackend.Config) *httpbackend.Backend {
	t.Helper()
	b, err := httpbackend.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestConformance runs the storage and lock conformance tests against
// the endpoint. Two are left out: the protocol cannot ask who holds a
// lock (LockInfo knows only a lock this client holds), which both check
// from another client.
func TestConformance(t *testing.T) {
	statetest.RunWithoutLeases(t, func(t *testing.T) func() state.Backend {
		srv := httpstatetest.Start(t)
		srv.Username, srv.Password = "ci", "s3cret"
		return func() state.Backend { return mustNew(t, config(srv)) }
	}, "unlock with the wrong id fails and keeps the lock", "LockInfo reports the holder and nil after unlock")
}

// TestRequestsAreTerraforms: the writes carry the lock's ID, a body's
// Content-MD5 and basic authentication, and the lock is taken and
// released with the configured methods, as Terraform's client sends them.
func TestRequestsAreTerraforms(t *testing.T) {
	srv := httpstatetest.Start(t)
	srv.Username, srv.Password = "ci", "s3cret"
	b := mustNew(t, config(srv))
	ctx := context.Background()
	id, err := b.Lock(ctx, state.NewLockInfo("OperationTypeApply"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(ctx, statetest.Sample("lin", 1, "a")); err != nil {
		t.Fatal(err)
	}
	if err := b.Unlock(ctx, id); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range srv.Requests() {
		if r.User != "ci" || r.Status >= 300 {
			t.Errorf("request %+v: want user ci and success", r)
		}
		s := r.Method + " " + r.Path
		if r.LockID != "" {
			s += "?ID=" + strings.ReplaceAll(r.LockID, id, "<lock>")
		}
		if r.MD5 {
			s += " md5"
		}
		got = append(got, s)
	}
	want := []string{"LOCK /lock md5", "GET /state", "GET /state", "POST /state?ID=<lock> md5", "UNLOCK /lock md5"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if srv.LockHolder() != "" {
		t.Error("the lock is still held")
	}
}

// TestAuthAndServerErrorsInTerraformsWords: 401, 403 and a 500 that
// outlasts the retries are errors in Terraform's words; a 500 that the
// retries outlast is not.
func TestAuthAndServerErrorsInTerraformsWords(t *testing.T) {
	srv := httpstatetest.Start(t)
	srv.Username, srv.Password = "ci", "s3cret"
	ctx := context.Background()
	cfg := config(srv)
	cfg.Username = ""
	if _, err := mustNew(t, cfg).Read(ctx); err == nil || !strings.Contains(err.Error(), "HTTP remote state endpoint requires auth") {
		t.Errorf("no credentials: %v", err)
	}
	cfg.Username, cfg.Password = "ci", "wrong"
	if _, err := mustNew(t, cfg).Read(ctx); err == nil || !strings.Contains(err.Error(), "HTTP remote state endpoint invalid auth") {
		t.Errorf("wrong password: %v", err)
	}
	if err := mustNew(t, cfg).Write(ctx, statetest.Sample("l", 1, "x")); err == nil || strings.Contains(err.Error(), "wrong") {
		t.Errorf("a write with the wrong password: %v (the error must not quote it)", err)
	}
	srv.FailNext(2)
	if _, err := mustNew(t, config(srv)).Read(ctx); err != nil {
		t.Errorf("two 500s, within the two retries: %v", err)
	}
	srv.FailNext(3)
	if _, err := mustNew(t, config(srv)).Read(ctx); err == nil {
		t.Error("three 500s succeeded")
	}
}

// TestContendedLockNamesTheHolderTheEndpointSent: a 423 carries the
// holder's lock information (GitLab's), which the error names; a force
// unlock with the holder's ID frees it.
func TestContendedLockNamesTheHolderTheEndpointSent(t *testing.T) {
	srv := httpstatetest.Start(t)
	srv.HoldLock("abc-123", []byte(`{"ID":"abc-123","Operation":"OperationTypeApply","Who":"runner@gitlab","Version":"1.11.4","Created":"2026-12-01T10:00:00Z","Path":""}`))
	b := mustNew(t, config(srv))
	ctx := context.Background()
	_, err := b.Lock(ctx, state.NewLockInfo("OperationTypePlan"))
	var le *state.LockError
	if !errors.As(err, &le) || le.Info == nil || le.Info.ID != "abc-123" || le.Info.Who != "runner@gitlab" {
		t.Fatalf("lock error %v, want the holder abc-123", err)
	}
	if err := b.Unlock(ctx, "not-abc"); err == nil || srv.LockHolder() != "abc-123" {
		t.Errorf("unlock with a wrong ID: %v, holder %q", err, srv.LockHolder())
	}
	if err := b.Unlock(ctx, "abc-123"); err != nil || srv.LockHolder() != "" {
		t.Errorf("force unlock: %v, holder %q", err, srv.LockHolder())
	}
}

// TestDamagedReadIsRefused: a document whose Content-MD5 does not match
// is an error, not a state, and a write does not go ahead over it.
func TestDamagedReadIsRefused(t *testing.T) {
	srv := httpstatetest.Start(t)
	b := mustNew(t, config(srv))
	ctx := context.Background()
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(ctx, statetest.Sample("l", 1, "x")); err != nil {
		t.Fatal(err)
	}
	srv.DamageReads(true)
	if _, err := mustNew(t, config(srv)).Read(ctx); err == nil || !strings.Contains(err.Error(), "does not match its Content-MD5") {
		t.Errorf("damaged read: %v", err)
	}
	stored := srv.State()
	if err := b.Write(ctx, statetest.Sample("l", 2, "y")); err == nil || string(srv.State()) != string(stored) {
		t.Errorf("a write over a damaged read: %v", err)
	}
}

// TestConfigFromValueTakesTerraformsEnvironment: settings the block
// leaves out come from TF_HTTP_*, and the block wins over them; what
// Terraform refuses is refused in its words.
func TestConfigFromValueTakesTerraformsEnvironment(t *testing.T) {
	t.Setenv("TF_HTTP_ADDRESS", "https://gitlab.example/api/v4/projects/1/terraform/state/prod")
	t.Setenv("TF_HTTP_LOCK_ADDRESS", "https://gitlab.example/api/v4/projects/1/terraform/state/prod/lock")
	t.Setenv("TF_HTTP_LOCK_METHOD", "POST")
	t.Setenv("TF_HTTP_USERNAME", "gitlab-ci-token")
	t.Setenv("TF_HTTP_PASSWORD", "glpat-secret")
	t.Setenv("TF_HTTP_RETRY_WAIT_MIN", "5")
	v := cty.ObjectVal(map[string]cty.Value{"username": cty.StringVal("block-user"), "retry_max": cty.NumberIntVal(7)})
	c, err := httpbackend.ConfigFromValue(v)
	if err != nil {
		t.Fatal(err)
	}
	if c.Address != "https://gitlab.example/api/v4/projects/1/terraform/state/prod" || c.LockMethod != "POST" || c.UnlockMethod != "UNLOCK" ||
		c.Username != "block-user" || c.Password != "glpat-secret" || c.RetryMax != 7 || c.RetryWaitMin != 5*time.Second || c.RetryWaitMax != 30*time.Second {
		t.Errorf("config %+v", c)
	}
	for _, tc := range []struct {
		v    map[string]cty.Value
		want string
	}{
		{map[string]cty.Value{"address": cty.StringVal("ftp://x/state")}, "address must be HTTP or HTTPS"},
		{map[string]cty.Value{"lock_address": cty.StringVal("ftp://x/lock")}, "lock_address must be HTTP or HTTPS"},
		{map[string]cty.Value{"client_certificate_pem": cty.StringVal("x")}, "client_certificate_pem is set but client_private_key_pem is not"},
		{map[string]cty.Value{"retry_max": cty.NumberFloatVal(1.5)}, "invalid retry_max"},
	} {
		if _, err := httpbackend.ConfigFromValue(cty.ObjectVal(tc.v)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.v, err, tc.want)
		}
	}
	t.Setenv("TF_HTTP_ADDRESS", "")
	if _, err := httpbackend.ConfigFromValue(cty.EmptyObjectVal); err == nil || !strings.Contains(err.Error(), "address argument is required") {
		t.Errorf("no address: %v", err)
	}
}

// TestOneWorkspace: the default workspace alone, as Terraform's.
func TestOneWorkspace(t *testing.T) {
	srv := httpstatetest.Start(t)
	st, err := httpbackend.NewStore(config(srv), nil)
	if err != nil {
		t.Fatal(err)
	}
	ws, _ := st.Workspaces(context.Background())
	if len(ws) != 1 || ws[0] != "default" {
		t.Errorf("workspaces %v", ws)
	}
	if _, err := st.Workspace("staging"); !errors.Is(err, httpbackend.ErrWorkspacesNotSupported) {
		t.Errorf("workspace staging: %v", err)
	}
	if err := st.DeleteWorkspace(context.Background(), "default"); !errors.Is(err, state.ErrDeleteDefault) {
		t.Errorf("delete default: %v", err)
	}
}
