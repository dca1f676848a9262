package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// startRegistry serves the OCI distribution protocol on loopback.
func startRegistry(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// pushImage pushes a random image as repo:tag and returns its digest.
func pushImage(t *testing.T, host, repo, tag string) string {
	t.Helper()
	img, err := random.Image(128, 1)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := name.NewTag(host + "/" + repo + ":" + tag)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(ref, img); err != nil {
		t.Fatal(err)
	}
	d, _ := img.Digest()
	return d.String()
}

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
	host := startRegistry(t)
	pushImage(t, host, "web", "1.4.2")
	newest := pushImage(t, host, "web", "1.4.3")
	pushImage(t, host, "web", "1.5.0")
	pinned := pushImage(t, host, "pinned", "1.0.0")
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
	moved := pushImage(t, host, "pinned", "1.0.0")
	r = s.must(1, "artifacts", "list")
	if !strings.Contains(r.stdout, "tag moved: 1.0.0 now names "+moved+", not the pinned "+pinned) {
		t.Fatalf("moved tag not reported:\n%s", r.stdout)
	}
}

func TestArtifactsListRejectsBadMarkersAndBadConfiguration(t *testing.T) {
	host := startRegistry(t)
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
