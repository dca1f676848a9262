package promote

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
	"github.com/trueup/trueup/engine/forge"
)

func loadConfig(t *testing.T, src string) *config.Config {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL([]byte(src), "artifacts.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	cfg, _, diags := config.Decode(f.Body)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg
}

func setup(t *testing.T) (host, bare string, cfg *config.Config) {
	host = ocitest.Start(t)
	ocitest.Push(t, host, "web", "1.4.2")
	bare = newRepo(t, map[string]string{
		"envs/dev/terraform.tfvars":  "region = \"eu\"\nimage  = \"" + host + "/web:1.4.2\" # trueup:artifact web\n",
		"envs/prod/terraform.tfvars": "image = \"" + host + "/web:1.4.2\" # trueup:artifact web\n",
	})
	cfg = loadConfig(t, `
artifact "web" {
  oci {
    repository = "`+host+`/web"
  }
  semver = "~1.4"
  link   = "https://git.example.com/web/releases/tag/{tag}"
}
stage "dev" {
  stacks = ["dev"]
}
stage "prod" {
  stacks = ["prod"]
  mode   = "commit"
}
`)
	return host, bare, cfg
}

func TestANewBuildOpensOnePullRequestThatNewerBuildsUpdate(t *testing.T) {
	host, bare, cfg := setup(t)
	prs := newFakePulls(t)
	gh, err := forge.NewGitHub(prs.srv.URL+"/api/v3", "test-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	ledger, _ := OpenLedger(filepath.Join(t.TempDir(), "ledger.json"))
	p := &Promoter{Config: cfg, Open: openOCI, Ledger: ledger}
	target := Target{Stage: cfg.Stage("dev"), Repo: Repo{URL: bare, AuthorName: "trueup", AuthorEmail: "trueup@localhost"},
		Base: "main", Paths: []string{"envs/dev"}, PRs: gh, ForgeRepo: "acme/config"}
	ctx := context.Background()
	web := cfg.Artifact("web")

	// Nothing newer: nothing happens.
	if out, err := p.Promote(ctx, web, target); err != nil || out != nil {
		t.Fatalf("up to date: %+v %v", out, err)
	}
	d143 := ocitest.Push(t, host, "web", "1.4.3")
	ocitest.Push(t, host, "web", "1.5.0") // outside ~1.4
	out, err := p.Promote(ctx, web, target)
	if err != nil {
		t.Fatal(err)
	}
	if out.PR != 1 || !out.Created || !out.Pushed || out.Branch != "trueup/promote-web-dev" {
		t.Fatalf("outcome: %+v", out)
	}
	branch := show(t, bare, "trueup/promote-web-dev", "envs/dev/terraform.tfvars")
	if branch != "region = \"eu\"\nimage  = \""+host+"/web:1.4.3\" # trueup:artifact web" {
		t.Fatalf("promotion branch file:\n%s", branch)
	}
	if !strings.Contains(show(t, bare, "main", "envs/dev/terraform.tfvars"), "web:1.4.2") ||
		!strings.Contains(show(t, bare, "trueup/promote-web-dev", "envs/prod/terraform.tfvars"), "web:1.4.2") {
		t.Fatal("main or another stage's file changed")
	}
	msg := runGit(t, bare, "log", "-1", "--format=%B", "trueup/promote-web-dev")
	if !strings.Contains(msg, "Promote web 1.4.3 to dev") || !strings.Contains(msg, "Digest: "+d143) || !strings.Contains(msg, "Previous: 1.4.2") {
		t.Fatalf("commit message:\n%s", msg)
	}
	pulls, _ := prs.snapshot()
	if len(pulls) != 1 || pulls[0].Title != "Promote web 1.4.3 to dev" || pulls[0].Head.Ref != "trueup/promote-web-dev" || pulls[0].Base.Ref != "main" {
		t.Fatalf("pull requests: %+v", pulls)
	}
	for _, want := range []string{"`" + d143 + "`", "| Previous | `1.4.2` |", "https://git.example.com/web/releases/tag/1.4.3",
		"`envs/dev/terraform.tfvars:2` (`image`): `" + host + "/web:1.4.2` → `" + host + "/web:1.4.3`"} {
		if !strings.Contains(pulls[0].Body, want) {
			t.Fatalf("description lacks %q:\n%s", want, pulls[0].Body)
		}
	}

	// The same build again: no push, no edit.
	_, before := prs.snapshot()
	head := runGit(t, bare, "rev-parse", "trueup/promote-web-dev")
	out, err = p.Promote(ctx, web, target)
	if err != nil || out.Pushed || out.PR != 1 || out.Created {
		t.Fatalf("again: %+v %v", out, err)
	}
	_, after := prs.snapshot()
	if runGit(t, bare, "rev-parse", "trueup/promote-web-dev") != head || strings.Contains(strings.Join(after[len(before):], " "), "PATCH") {
		t.Fatalf("a repeated promotion pushed or edited: %v", after[len(before):])
	}

	// A newer build updates the same pull request.
	ocitest.Push(t, host, "web", "1.4.4")
	out, err = p.Promote(ctx, web, target)
	if err != nil || out.PR != 1 || out.Created {
		t.Fatalf("newer: %+v %v", out, err)
	}
	pulls, _ = prs.snapshot()
	if len(pulls) != 1 || pulls[0].Title != "Promote web 1.4.4 to dev" || !strings.Contains(pulls[0].Body, "| Previous | `1.4.2` |") {
		t.Fatalf("pull requests after a newer build: %+v", pulls)
	}
	if !strings.Contains(show(t, bare, "trueup/promote-web-dev", "envs/dev/terraform.tfvars"), "web:1.4.4") {
		t.Fatal("branch not updated")
	}

	// The tag 1.4.4 moves to another image: the promotion stops.
	head = runGit(t, bare, "rev-parse", "trueup/promote-web-dev")
	ocitest.Push(t, host, "web", "1.4.4")
	_, err = p.Promote(ctx, web, target)
	var moved *MovedError
	if !errors.As(err, &moved) || moved.Tag != "1.4.4" {
		t.Fatalf("moved tag: %v", err)
	}
	if runGit(t, bare, "rev-parse", "trueup/promote-web-dev") != head {
		t.Fatal("the moved tag was pushed")
	}
}

func TestCommitModePushesToTheBranch(t *testing.T) {
	host, bare, cfg := setup(t)
	d := ocitest.Push(t, host, "web", "1.4.9")
	p := &Promoter{Config: cfg, Open: openOCI}
	out, err := p.Promote(context.Background(), cfg.Artifact("web"), Target{Stage: cfg.Stage("prod"),
		Repo: Repo{URL: bare, AuthorName: "trueup", AuthorEmail: "trueup@localhost"}, Base: "main", Paths: []string{"envs/prod"}})
	if err != nil || out.PR != 0 || out.Branch != "main" || out.Build.Digest != d {
		t.Fatalf("%+v %v", out, err)
	}
	if got := show(t, bare, "main", "envs/prod/terraform.tfvars"); got != "image = \""+host+"/web:1.4.9\" # trueup:artifact web" {
		t.Fatalf("main:\n%s", got)
	}
	if runGit(t, bare, "rev-parse", "main") != out.Commit {
		t.Fatal("main is not the promotion commit")
	}
}

func TestAMarkerThatDoesNotFitTheTemplateStopsThePromotion(t *testing.T) {
	host, _, cfg := setup(t)
	bare := newRepo(t, map[string]string{"envs/dev/main.tf": "locals {\n  image = \"web-1.4.2\" # trueup:artifact web\n}\n"})
	ocitest.Push(t, host, "web", "1.4.3")
	p := &Promoter{Config: cfg, Open: openOCI}
	_, err := p.Promote(context.Background(), cfg.Artifact("web"), Target{Stage: cfg.Stage("prod"),
		Repo: Repo{URL: bare, AuthorName: "trueup", AuthorEmail: "trueup@localhost"}, Base: "main", Paths: []string{"envs/dev"}})
	if err == nil || !strings.Contains(err.Error(), `envs/dev/main.tf:2: error: the value "web-1.4.2" does not have the artifact's shape "{location}:{tag}"`) {
		t.Fatalf("error = %v", err)
	}
}
