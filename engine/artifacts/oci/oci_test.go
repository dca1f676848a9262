package oci

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
)

// push writes a random image created at the given time under tag.
func push(t *testing.T, host, repo, tag string, created time.Time) v1.Hash {
	t.Helper()
	img, err := random.Image(256, 1)
	if err != nil {
		t.Fatal(err)
	}
	img, err = mutate.CreatedAt(img, v1.Time{Time: created})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := name.NewTag(host + "/" + repo + ":" + tag)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(ref, img, remote.WithAuthFromKeychain(authn.DefaultKeychain)); err != nil {
		t.Fatal(err)
	}
	d, _ := img.Digest()
	return d
}

func TestPoliciesPickTheNewestMatchingTag(t *testing.T) {
	host := ocitest.Start(t)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	digests := map[string]v1.Hash{}
	for i, tag := range []string{"1.4.0", "1.4.2", "1.5.0", "2.0.0", "2.1.0-rc.1", "main-9", "main-12", "main-x", "latest"} {
		digests[tag] = push(t, host, "team/web", tag, base.Add(time.Duration(i)*time.Hour))
	}
	// "hotfix" is pushed last, so "latest pushed" picks it.
	digests["hotfix"] = push(t, host, "team/web", "hotfix", base.Add(48*time.Hour))

	src, err := New(Options{Repository: host + "/team/web"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		policy *artifacts.Policy
		want   string
	}{
		{"tilde range stays on the minor", semverPolicy(t, "~1.4"), "1.4.2"},
		{"explicit range excludes prereleases", semverPolicy(t, ">=2.0.0 <3"), "2.0.0"},
		{"regexp sorts by its numeric key", &artifacts.Policy{Kind: artifacts.PolicyRegexp,
			TagPattern: regexp.MustCompile(`^main-(?P<build>\d+)$`), SortKey: "build", Sort: artifacts.SortNumeric}, "main-12"},
		{"latest pushed reads creation times", &artifacts.Policy{Kind: artifacts.PolicyLatest}, "hotfix"},
	}
	cands, err := src.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.policy.Matching(context.Background(), src, cands)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || got[0].Tag != c.want {
				t.Fatalf("newest = %+v, want %s", got, c.want)
			}
			r, err := src.Resolve(context.Background(), got[0])
			if err != nil {
				t.Fatal(err)
			}
			if r.Digest != digests[c.want].String() || r.Location != host+"/team/web" {
				t.Fatalf("resolved %+v, want digest %s", r, digests[c.want])
			}
		})
	}
}

func TestAMovedTagResolvesToItsNewDigest(t *testing.T) {
	host := ocitest.Start(t)
	first := push(t, host, "web", "1.0.0", time.Now())
	src, _ := New(Options{Repository: host + "/web"})
	r, err := src.Resolve(context.Background(), artifacts.Candidate{Tag: "1.0.0"})
	if err != nil || r.Digest != first.String() {
		t.Fatalf("first resolve: %+v %v", r, err)
	}
	second := push(t, host, "web", "1.0.0", time.Now())
	r, err = src.Resolve(context.Background(), artifacts.Candidate{Tag: "1.0.0"})
	if err != nil || r.Digest != second.String() || first == second {
		t.Fatalf("after moving the tag: %+v %v (first %s)", r, err, first)
	}
}

func TestCredentialsComeFromTheDockerConfigFileAndTheEnvironment(t *testing.T) {
	reg := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "ci" || p != "s3cret" {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		reg.ServeHTTP(w, r)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	dockerDir := t.TempDir()
	t.Setenv("DOCKER_CONFIG", dockerDir)
	auth := base64.StdEncoding.EncodeToString([]byte("ci:s3cret"))
	cfg := fmt.Sprintf(`{"auths": {%q: {"auth": %q}}}`, host, auth)
	if err := os.WriteFile(filepath.Join(dockerDir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	push(t, host, "web", "1.0.0", time.Now()) // remote.Write uses the default keychain too

	src, _ := New(Options{Repository: host + "/web"})
	cands, err := src.List(context.Background())
	if err != nil || len(cands) != 1 || cands[0].Tag != "1.0.0" {
		t.Fatalf("with the Docker config: %+v %v", cands, err)
	}

	// Explicit credentials win over the file.
	bad, _ := New(Options{Repository: host + "/web", Username: "ci", Password: "wrong"})
	if _, err := bad.List(context.Background()); err == nil || !strings.Contains(err.Error(), "401") && !strings.Contains(strings.ToLower(err.Error()), "unauthorized") {
		t.Fatalf("wrong explicit password: %v", err)
	}
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	good, _ := New(Options{Repository: host + "/web", Username: "ci", Password: "s3cret"})
	if _, err := good.List(context.Background()); err != nil {
		t.Fatalf("explicit credentials: %v", err)
	}
}

func TestAnUnreachableRegistryIsAClearError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	host := strings.TrimPrefix(srv.URL, "http://")
	srv.Close()
	src, _ := New(Options{Repository: host + "/web"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := src.List(ctx)
	if err == nil || !strings.Contains(err.Error(), "listing the tags of "+host+"/web") || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("error = %v", err)
	}
}

func semverPolicy(t *testing.T, rng string) *artifacts.Policy {
	c, err := semver.NewConstraint(rng)
	if err != nil {
		t.Fatal(err)
	}
	return &artifacts.Policy{Kind: artifacts.PolicySemver, Range: rng, Constraint: c}
}
