package promote

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
)

// The bad input, at the promoter: each stops the promotion with
// an error naming the place, and nothing is pushed.
func TestBadInputStopsThePromotionAndPushesNothing(t *testing.T) {
	host, _, cfg := setup(t)
	ocitest.Push(t, host, "web", "1.4.3")
	dead := httptest.NewServer(http.NotFoundHandler())
	deadHost := strings.TrimPrefix(dead.URL, "http://")
	dead.Close()
	unreachable := loadConfig(t, `
artifact "web" {
  oci {
    repository = "`+deadHost+`/web"
  }
  semver = "~1.4"
}
stage "prod" {
  stacks = ["prod"]
  mode   = "commit"
}
`)
	for _, tt := range []struct {
		name  string
		files map[string]string
		cfg   func() *Promoter
		want  []string
	}{
		{"a marker on a number is a located error",
			map[string]string{"envs/prod/main.tf": "variable \"replicas\" {\n  default = 3 # trueup:artifact web\n}\n"},
			func() *Promoter { return &Promoter{Config: cfg, Open: openOCI} },
			[]string{"markers under envs/prod", "main.tf:2", "Artifact marker on a value that is not a string"}},
		{"a marker on an interpolation is a located error",
			map[string]string{"envs/prod/main.tf": "locals {\n  image = \"${var.registry}/web:1.4.2\" # trueup:artifact web\n}\n"},
			func() *Promoter { return &Promoter{Config: cfg, Open: openOCI} },
			[]string{"markers under envs/prod", "main.tf:2"}},
		{"an unreachable registry names the registry and the marker",
			map[string]string{"envs/prod/terraform.tfvars": "image = \"" + deadHost + "/web:1.4.2\" # trueup:artifact web\n"},
			func() *Promoter { return &Promoter{Config: unreachable, Open: openOCI} },
			[]string{"envs/prod/terraform.tfvars:1: error:", "listing the tags of " + deadHost + "/web", "connection refused"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bare := newRepo(t, tt.files)
			before := runGit(t, bare, "rev-parse", "main")
			p := tt.cfg()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			out, err := p.Promote(ctx, p.Config.Artifact("web"), Target{Stage: p.Config.Stage("prod"),
				Repo: Repo{URL: bare, AuthorName: "trueup", AuthorEmail: "trueup@localhost"}, Base: "main", Paths: []string{"envs/prod"}})
			if err == nil {
				t.Fatalf("promoted: %+v", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if got := runGit(t, bare, "rev-parse", "main"); got != before {
				t.Errorf("main moved from %s to %s", before, got)
			}
			if branches := runGit(t, bare, "branch", "--list"); strings.Contains(branches, "trueup/") {
				t.Errorf("a promotion branch was pushed: %s", branches)
			}
		})
	}
}
