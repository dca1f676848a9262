package promote

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
)

func TestRollbackRevertsThePromotionAndHoldsTheBuildBack(t *testing.T) {
	host, bare, cfg := setup(t)
	ctx := context.Background()
	repo := Repo{URL: bare, AuthorName: "trueup", AuthorEmail: "trueup@localhost"}
	p := &Promoter{Config: cfg, Open: openOCI}
	target := Target{Stage: cfg.Stage("prod"), Repo: repo, Base: "main", Paths: []string{"envs/prod"}}
	ocitest.Push(t, host, "web", "1.4.9")
	promoted, err := p.Promote(ctx, cfg.Artifact("web"), target)
	if err != nil {
		t.Fatal(err)
	}
	// An unrelated change after the promotion stays.
	work := t.TempDir()
	runGit(t, work, "clone", "-q", bare, ".")
	runGit(t, work, "checkout", "-q", "main")
	writeFile(t, work+"/envs/prod/extra.tf", "# unrelated\n")
	runGit(t, work, "add", "-A")
	runGit(t, work, "commit", "-q", "-m", "unrelated")
	runGit(t, work, "push", "-q", "origin", "main")

	rb, err := repo.Rollback(ctx, "main", "prod", "")
	if err != nil {
		t.Fatal(err)
	}
	if rb.Artifact != "web" || rb.Build != "1.4.9" || rb.Reverted != promoted.Commit || rb.Values["envs/prod/terraform.tfvars:1"] != host+"/web:1.4.2" {
		t.Fatalf("rollback: %+v", rb)
	}
	if got := show(t, bare, "main", "envs/prod/terraform.tfvars"); got != "image = \""+host+"/web:1.4.2\" # trueup:artifact web" {
		t.Fatalf("after rollback:\n%s", got)
	}
	if show(t, bare, "main", "envs/prod/extra.tf") != "# unrelated" {
		t.Fatal("the unrelated change was lost")
	}
	msg := runGit(t, bare, "log", "-1", "--format=%B", "main")
	if !strings.HasPrefix(msg, "Roll back web 1.4.9 in prod") || !strings.Contains(msg, "This reverts commit "+promoted.Commit) {
		t.Fatalf("rollback message:\n%s", msg)
	}

	// The rolled-back build is not promoted again; a newer one is.
	if out, err := p.Promote(ctx, cfg.Artifact("web"), target); err != nil || out == nil || out.Held != "1.4.9" || out.Commit != "" {
		t.Fatalf("re-promotion of a rolled-back build: %+v %v", out, err)
	}
	if _, err := repo.Rollback(ctx, "main", "prod", ""); !errors.Is(err, ErrNothingToRollBack) {
		t.Fatalf("second rollback: %v", err)
	}
	ocitest.Push(t, host, "web", "1.4.10")
	out, err := p.Promote(ctx, cfg.Artifact("web"), target)
	if err != nil || out == nil || out.Build.Tag != "1.4.10" {
		t.Fatalf("newer build after a rollback: %+v %v", out, err)
	}
}
