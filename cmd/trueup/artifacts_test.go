package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
)

func artifactsConfig(host string) string {
	return `
artifact "web" {
  oci {
    repository = "` + host + `/web"
  }
  semver = "~1.4"
}

artifact "pinned" {
  oci {
    repository = "` + host + `/pinned"
  }
  semver = "^1"
  value  = "{location}:{tag}@{digest}"
}
`
}

func TestArtifactsListShowsEachMarkerAndTheNewestBuild(t *testing.T) {
	t.Parallel()
	host := ocitest.Start(t)
	ocitest.Push(t, host, "web", "1.4.2")
	newest := ocitest.Push(t, host, "web", "1.4.3")
	ocitest.Push(t, host, "web", "1.5.0")
	pinned := ocitest.Push(t, host, "pinned", "1.0.0")
	s := newStack(t, map[string]string{
		"trueup-artifacts.hcl": artifactsConfig(host),
		"envs/dev/main.tf": `variable "image" {
  default = "` + host + `/web:1.4.2" # trueup:artifact web
}
`,
		"envs/prod/terraform.tfvars": `image  = "` + host + `/web:1.4.3" # trueup:artifact web
sidecar = "` + host + `/pinned:1.0.0@` + pinned + `" # trueup:artifact pinned
`,
	})
	r := s.must(0, "artifacts", "list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ARTIFACT") {
		t.Fatalf("table:\n%s", r.stdout)
	}
	for i, want := range [][]string{
		{"web", "envs/dev/main.tf:2", host + "/web:1.4.2", "1.4.3", newest[:19], "update available"},
		{"web", "envs/prod/terraform.tfvars:1", "1.4.3", "up to date"},
		{"pinned", "envs/prod/terraform.tfvars:2", "1.0.0", "up to date"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i+1], w) {
				t.Fatalf("row %d lacks %q:\n%s", i+1, w, r.stdout)
			}
		}
	}

	var out struct {
		Markers []struct {
			Marker struct {
				Artifact, File, Value string
			}
			Newest   struct{ Tag, Digest string }
			NewValue string `json:"new_value"`
			State    string
		}
	}
	r = s.must(0, "artifacts", "list", "-json")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	m := out.Markers[0]
	if m.Marker.Artifact != "web" || m.Marker.File != "envs/dev/main.tf" || m.Newest.Digest != newest ||
		m.NewValue != host+"/web:1.4.3" || m.State != "update available" {
		t.Fatalf("json: %+v", out)
	}

	// The pinned tag moves to another image: list says so and fails.
	moved := ocitest.Push(t, host, "pinned", "1.0.0")
	r = s.must(1, "artifacts", "list")
	if !strings.Contains(r.stdout, "tag moved: 1.0.0 now names "+moved+", not the pinned "+pinned) {
		t.Fatalf("moved tag not reported:\n%s", r.stdout)
	}
}

func TestArtifactsListRejectsBadMarkersAndBadConfiguration(t *testing.T) {
	t.Parallel()
	host := ocitest.Start(t)
	s := newStack(t, map[string]string{
		"trueup-artifacts.hcl": artifactsConfig(host),
		"main.tf":              "variable \"replicas\" {\n  default = 3 # trueup:artifact web\n}\n",
		"other.tf":             "locals {\n  x = \"a\" # trueup:artifact nosuch\n}\n",
	})
	r := s.must(1, "artifacts", "list", "-no-color")
	for _, want := range []string{"Error: Artifact marker on a value that is not a string", "on main.tf line 2", "Error: Unknown artifact", "on other.tf line 2"} {
		if !strings.Contains(r.stderr, want) {
			t.Fatalf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	s.write("trueup-artifacts.hcl", strings.Replace(artifactsConfig(host), `semver = "~1.4"`, `semver = "~1.x.y"`, 1))
	r = s.must(1, "artifacts", "list", "-no-color")
	if !strings.Contains(r.stderr, "Error: Invalid semver range") || !strings.Contains(r.stderr, "on trueup-artifacts.hcl line 6") {
		t.Fatalf("stderr:\n%s", r.stderr)
	}
}

func TestArtifactsListReportsAnUnreachableRegistry(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	host := strings.TrimPrefix(srv.URL, "http://")
	srv.Close()
	s := newStack(t, map[string]string{
		"trueup-artifacts.hcl": artifactsConfig(host),
		"main.tf":              "locals {\n  x = \"" + host + "/web:1.0.0\" # trueup:artifact web\n}\n",
	})
	r := s.must(1, "artifacts", "list")
	if !strings.Contains(r.stdout, "error: listing the tags of "+host+"/web") || !strings.Contains(r.stdout, "connection refused") {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
}

func TestArtifactsRollbackRevertsTheStagesPromotion(t *testing.T) {
	t.Parallel()
	// A configuration repository whose last change is a promotion of web
	// 1.4.4 to staging, as the agent writes it.
	origin := filepath.Join(t.TempDir(), "config.git")
	work := t.TempDir()
	git := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_COMMITTER_NAME=a",
			"GIT_COMMITTER_EMAIL=a@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(name, content string) {
		p := filepath.Join(work, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(".", "init", "-q", "--bare", "-b", "main", origin)
	git(work, "clone", "-q", origin, ".")
	git(work, "checkout", "-q", "-b", "main")
	write("envs/staging/terraform.tfvars", "image = \"reg.example.com/web:1.4.2\" # trueup:artifact web\n")
	git(work, "add", "-A")
	git(work, "commit", "-q", "-m", "initial")
	write("envs/staging/terraform.tfvars", "image = \"reg.example.com/web:1.4.4\" # trueup:artifact web\n")
	git(work, "commit", "-q", "-am", "Promote web 1.4.4 to staging\n\nTrueup-Promotion: web staging 1.4.4")
	promotion := git(work, "rev-parse", "HEAD")
	git(work, "push", "-q", "origin", "main")

	s := newStack(t, map[string]string{"agent.hcl": `
server {
  data_dir = "data"
}
forge "github" {
  token_env = "NOT_SET_IN_THIS_TEST"
}
stack "staging" {
  repo       = "file://` + origin + `"
  path       = "envs/staging"
  forge_repo = "acme/config"
}
artifact "web" {
  oci {
    repository = "reg.example.com/web"
  }
  semver = "~1.4"
}
stage "staging" {
  stacks = ["staging"]
}
`})
	r := s.must(0, "artifacts", "rollback", "-config=agent.hcl", "staging")
	if !strings.Contains(r.stdout, "Rolled back web 1.4.4 in staging") || !strings.Contains(r.stdout, "reverts "+promotion[:12]+" on main") ||
		!strings.Contains(r.stdout, `envs/staging/terraform.tfvars:1 = "reg.example.com/web:1.4.2"`) {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
	if got := git(origin, "show", "main:envs/staging/terraform.tfvars"); got != `image = "reg.example.com/web:1.4.2" # trueup:artifact web` {
		t.Fatalf("after rollback: %s", got)
	}
	r = s.must(1, "artifacts", "rollback", "-config=agent.hcl", "staging")
	if !strings.Contains(r.stderr, "no promotion to roll back") {
		t.Fatalf("second rollback:\n%s", r)
	}
	r = s.must(1, "artifacts", "rollback", "-config=agent.hcl", "prod")
	if !strings.Contains(r.stderr, `no stage "prod"`) {
		t.Fatalf("unknown stage:\n%s", r)
	}
}
