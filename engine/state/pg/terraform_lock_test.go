package pg_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
)

// slowStack holds Terraform's lock for a few seconds: terraform_data is
// built into Terraform, so nothing is downloaded.
const slowStack = `terraform {
  backend "pg" {}
}

resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "sleep 5"
  }
}
`

// terraformLock runs the statements of Terraform 1.11.4's
// RemoteClient.Lock (internal/backend/remote-state/pg/client.go) on conn,
// verbatim, and reports whether it got the lock.
func terraformLock(t *testing.T, conn *pgx.Conn, name string) bool {
	t.Helper()
	ctx := context.Background()
	var id int64
	var didLock, didLockForCreate bool
	err := conn.QueryRow(ctx, `SELECT states.id, pg_try_advisory_lock(states.id), pg_try_advisory_lock(-1) FROM "terraform_remote_state".states WHERE states.name = $1`, name).
		Scan(&id, &didLock, &didLockForCreate)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(-1)`).Scan(&didLock); err != nil {
			t.Fatal(err)
		}
		return didLock
	case err != nil:
		t.Fatal(err)
	case !didLock:
		_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock(-1)`)
		return false
	case !didLockForCreate:
		_, _ = conn.Exec(ctx, fmt.Sprintf(`SELECT pg_advisory_unlock(%d)`, id))
		return false
	}
	_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock(-1)`)
	return true
}

// lockError returns err as a *state.LockError naming a holder.
func lockError(t *testing.T, err error, what string) *state.LockError {
	t.Helper()
	var le *state.LockError
	if !errors.As(err, &le) || le.Info == nil {
		t.Fatalf("%s: error = %v, want a *state.LockError naming the holder", what, err)
	}
	return le
}

// Terraform's lock statements and trueup's locks exclude each other, on a
// workspace without a row (the creation lock, -1) and with one (its id),
// and a Terraform holder is described from its session.
func TestTerraformsLockStatementsAndTrueupsLocksExcludeEachOther(t *testing.T) {
	t.Parallel()
	url := server.NewDatabase(t)
	ctx := context.Background()
	b := mustNew(t, pg.Config{ConnStr: url}, nil)

	// trueup first, on a workspace without a row: Terraform is kept out.
	id, err := b.Lock(ctx, state.NewLockInfo("apply"))
	if err != nil {
		t.Fatal(err)
	}
	if terraformLock(t, sql(t, url), "default") {
		t.Fatal("Terraform's statements took the creation lock trueup holds")
	}
	// The first write creates the row; the lock moves to its id and
	// still keeps Terraform out.
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(ctx, state.New()); err != nil {
		t.Fatal(err)
	}
	if terraformLock(t, sql(t, url), "default") {
		t.Fatal("Terraform's statements took the lock of the row trueup created under its lock")
	}
	if err := b.Unlock(ctx, id); err != nil {
		t.Fatal(err)
	}

	// Terraform first: trueup is kept out and names Terraform's session.
	tfConn := sql(t, url)
	if !terraformLock(t, tfConn, "default") {
		t.Fatal("Terraform's statements could not take a free lock")
	}
	_, err = mustNew(t, pg.Config{ConnStr: url}, nil).Lock(ctx, state.NewLockInfo("apply"))
	le := lockError(t, err, "trueup locks while Terraform holds the lock")
	if !strings.HasPrefix(le.Info.ID, "pg-session-") || le.Info.Who != "postgres@127.0.0.1" || !strings.Contains(le.Info.Operation, "Terraform") {
		t.Fatalf("Terraform's lock is described as %+v", le.Info)
	}
	info, err := b.LockInfo(ctx)
	if err != nil || info == nil || info.ID != le.Info.ID {
		t.Fatalf("LockInfo = %+v, %v; want Terraform's session %s", info, err, le.Info.ID)
	}
	// A Terraform lock has no lease: it is never taken over, only
	// force-unlocked, which ends Terraform's session.
	if err := b.Unlock(ctx, info.ID); err != nil {
		t.Fatalf("force-unlock of Terraform's lock: %v", err)
	}
	if err := tfConn.Ping(ctx); err == nil {
		t.Fatal("Terraform's session survived a force-unlock")
	}
	id, err = b.Lock(ctx, state.NewLockInfo("apply"))
	if err != nil {
		t.Fatalf("lock after the force-unlock: %v", err)
	}
	_ = b.Unlock(ctx, id)
}

// A real terraform apply holds the lock through a slow provisioner:
// trueup is refused and names it; then trueup holds the lock and
// terraform is refused.
func TestTerraformApplyAndTrueupExcludeEachOther(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform is not on PATH; TestTerraformsLockStatementsAndTrueupsLocksExcludeEachOther runs its statements")
	}
	url := server.NewDatabase(t)
	ctx := context.Background()
	tf := newTFStack(t, url, slowStack)
	tf.must(0, "init", "-input=false")
	apply := tf.command("apply", "-auto-approve", "-input=false", "-no-color")
	var out strings.Builder
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- apply.Wait() }()
	t.Cleanup(func() { _ = apply.Process.Kill() })

	b := mustNew(t, pg.Config{ConnStr: url}, nil)
	waitFor(t, "terraform apply to take the lock", 30*time.Second, func() bool { return advisoryLocks(t, url) > 0 })
	_, err := b.Lock(ctx, state.NewLockInfo("apply"))
	le := lockError(t, err, "trueup locks during terraform apply")
	if !strings.HasPrefix(le.Info.ID, "pg-session-") {
		t.Fatalf("terraform's lock is described as %+v", le.Info)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("terraform apply: %v\n%s", err, out.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("terraform apply did not finish:\n%s", out.String())
	}

	id, err := b.Lock(ctx, state.NewLockInfo("apply"))
	if err != nil {
		t.Fatalf("trueup locks after terraform apply: %v", err)
	}
	got := tf.must(1, "plan", "-lock-timeout=0s", "-input=false", "-no-color")
	if !strings.Contains(got, "Error acquiring the state lock") {
		t.Fatalf("terraform plan while trueup holds the lock:\n%s", got)
	}
	if err := b.Unlock(ctx, id); err != nil {
		t.Fatal(err)
	}
	tf.must(0, "plan", "-lock-timeout=0s", "-input=false", "-no-color")
}
