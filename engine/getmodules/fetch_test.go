package getmodules

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getmodules/modtest"
	"github.com/trueup/trueup/engine/source"
)

// moduleRepo is a repository with a tag v1.0.0, a later commit on main and
// a branch "next": main.tf says which.
func moduleRepo(t *testing.T, base string) (repo *modtest.Repo, v1, v2, next string) {
	repo = modtest.NewRepo(t, base, "vpc")
	v1 = repo.Commit("v1", map[string]string{"main.tf": "# v1\n", "modules/sub/main.tf": "# sub v1\n"})
	repo.Tag("v1.0.0")
	v2 = repo.Commit("v2", map[string]string{"main.tf": "# v2\n"})
	repo.Checkout("next", true)
	next = repo.Commit("next", map[string]string{"main.tf": "# next\n"})
	repo.Checkout("main", false)
	return repo, v1, v2, next
}

func readBody(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return string(b)
}

func TestFetchGitRefsOverEveryTransport(t *testing.T) {
	base := t.TempDir()
	repo, v1, _, _ := moduleRepo(t, base)
	daemon := modtest.StartGitDaemon(t, base)
	smart := modtest.StartHTTPGit(t, base)
	f := &Fetcher{GitCacheDir: t.TempDir()}
	cases := []struct{ name, pkg, want string }{
		{"file tag", "git::" + repo.FileURL() + "?ref=v1.0.0", "# v1\n"},
		{"file default branch", "git::" + repo.FileURL(), "# v2\n"},
		{"file branch with depth", "git::" + repo.FileURL() + "?ref=next&depth=1", "# next\n"},
		{"file commit", "git::" + repo.FileURL() + "?ref=" + v1, "# v1\n"},
		{"file short commit", "git::" + repo.FileURL() + "?ref=" + v1[:10], "# v1\n"},
		{"git daemon tag", "git::" + daemon + "vpc?ref=v1.0.0", "# v1\n"},
		{"smart http branch", "git::" + smart.URL + "/vpc?ref=next", "# next\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "pkg")
			if err := f.Fetch(context.Background(), c.pkg, dst); err != nil {
				t.Fatal(err)
			}
			if got := readBody(t, filepath.Join(dst, "main.tf")); got != c.want {
				t.Errorf("main.tf = %q, want %q", got, c.want)
			}
			if _, err := os.Stat(filepath.Join(dst, ".git")); err == nil {
				t.Error("the package holds a .git directory")
			}
		})
	}
	if smart.Requests() == 0 {
		t.Error("the smart HTTP server was never asked")
	}
}

func TestFetchGitBadRefOrRepositoryLeavesNothing(t *testing.T) {
	base := t.TempDir()
	repo, _, _, _ := moduleRepo(t, base)
	f := &Fetcher{GitCacheDir: t.TempDir()}
	cases := []struct {
		pkg  string
		kind error
	}{
		{"git::" + repo.FileURL() + "?ref=v9.9.9", source.ErrUnknownRef},
		{"git::file://" + filepath.Join(base, "nothere"), nil},
	}
	for _, c := range cases {
		dst := filepath.Join(t.TempDir(), "pkg")
		err := f.Fetch(context.Background(), c.pkg, dst)
		if err == nil || (c.kind != nil && !errors.Is(err, c.kind)) {
			t.Errorf("Fetch(%s) = %v, want %v", c.pkg, err, c.kind)
		}
		if _, serr := os.Stat(dst); serr == nil {
			t.Errorf("Fetch(%s) left %s behind", c.pkg, dst)
		}
	}
}

func TestFetchArchivesOverHTTPS(t *testing.T) {
	reg := modtest.StartRegistry(t)
	files := map[string]string{"main.tf": "# archived\n", "sub/inner/main.tf": "# inner\n"}
	tgz := modtest.TarGz(t, files)
	sum := sha256.Sum256(tgz)
	tgzURL := reg.ServeFile("vpc.tar.gz", tgz)
	tgzNoExt := reg.ServeFile("vpc-download", tgz)
	zipURL := reg.ServeFile("vpc.zip", modtest.Zip(t, files))
	f := &Fetcher{HTTP: reg.Client()}
	cases := []struct{ name, pkg string }{
		{"tar.gz", tgzURL},
		{"tar.gz with checksum", tgzURL + "?checksum=sha256:" + hex.EncodeToString(sum[:])},
		{"archive argument", tgzNoExt + "?archive=tar.gz"},
		{"zip", zipURL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "pkg")
			if err := f.Fetch(context.Background(), c.pkg, dst); err != nil {
				t.Fatal(err)
			}
			if got := readBody(t, filepath.Join(dst, "sub", "inner", "main.tf")); got != "# inner\n" {
				t.Errorf("sub/inner/main.tf = %q", got)
			}
		})
	}
}

func TestFetchArchiveProblemsAreNamed(t *testing.T) {
	reg := modtest.StartRegistry(t)
	tgz := reg.ServeFile("vpc.tar.gz", modtest.TarGz(t, map[string]string{"main.tf": "x"}))
	var slip bytes.Buffer
	zw := zip.NewWriter(&slip)
	w, _ := zw.Create("../../escaped.tf")
	w.Write([]byte("x"))
	zw.Close()
	slipURL := reg.ServeFile("slip.zip", slip.Bytes())
	garbage := reg.ServeFile("garbage.tgz", []byte("not gzip"))
	f := &Fetcher{HTTP: reg.Client()}
	cases := []struct {
		name, pkg string
		kind      error
	}{
		{"checksum mismatch", tgz + "?checksum=sha256:" + strings.Repeat("0", 64), ErrChecksum},
		{"entry escaping", slipURL, ErrArchive},
		{"not an archive", garbage, ErrArchive},
		{"404", reg.URL + "/files/missing.zip", ErrNotFound},
		{"unknown getter", "svn::https://example.com/vpc", ErrNotSupported},
		{"xz", reg.URL + "/files/x.tar.xz", ErrNotSupported},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			dst := filepath.Join(dir, "pkg")
			err := f.Fetch(context.Background(), c.pkg, dst)
			if !errors.Is(err, c.kind) {
				t.Fatalf("Fetch = %v, want %v", err, c.kind)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("left behind: %v", entries)
			}
			if _, err := os.Stat(filepath.Join(dir, "..", "escaped.tf")); err == nil {
				t.Error("an archive entry escaped the destination")
			}
		})
	}
}

func TestFetchFollowsXTerraformGetWithSubdir(t *testing.T) {
	reg := modtest.StartRegistry(t)
	reg.ServeFile("pkg.zip", modtest.Zip(t, map[string]string{"terraform-vpc-1.0/main.tf": "# vpc\n", "README": "r"}))
	mux := http.NewServeMux()
	mux.HandleFunc("/vpc", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("terraform-get") != "1" {
			http.Error(w, "terraform-get=1 missing", 400)
			return
		}
		w.Header().Set("X-Terraform-Get", reg.URL+"/files/pkg.zip//terraform-vpc-*")
	})
	mux.HandleFunc("/meta", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<html><head><meta name="terraform-get" content="/vpc"></head></html>`))
	})
	srv := newTLS(t, mux, reg)
	f := &Fetcher{HTTP: reg.Client()}
	for _, p := range []string{"/vpc", "/meta"} {
		dst := filepath.Join(t.TempDir(), "pkg")
		if err := f.Fetch(context.Background(), srv+p, dst); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got := readBody(t, filepath.Join(dst, "main.tf")); got != "# vpc\n" {
			t.Errorf("%s: main.tf = %q", p, got)
		}
	}
}

func TestFetchLocalDirectory(t *testing.T) {
	src := t.TempDir()
	modtest.WriteFiles(t, src, map[string]string{"main.tf": "# local\n", ".git/HEAD": "x"})
	dst := filepath.Join(t.TempDir(), "pkg")
	if err := (&Fetcher{}).Fetch(context.Background(), "file://"+src, dst); err != nil {
		t.Fatal(err)
	}
	if readBody(t, filepath.Join(dst, "main.tf")) != "# local\n" {
		t.Error("main.tf not copied")
	}
	if _, err := os.Stat(filepath.Join(dst, ".git")); err == nil {
		t.Error(".git copied")
	}
}

func TestFetchArchiveWithNetrcCredentials(t *testing.T) {
	reg := modtest.StartRegistry(t)
	body := modtest.TarGz(t, map[string]string{"main.tf": "# private\n"})
	var seen []string
	private := newTLS(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		seen = append(seen, u+":"+p)
		if u != "ci" || p != "hunter2" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		w.Write(body)
	}), reg)
	netrcFile := filepath.Join(t.TempDir(), "netrc")
	host := strings.TrimPrefix(private, "https://")
	os.WriteFile(netrcFile, []byte("machine other.example.com login x password y\nmachine "+host+" login ci password hunter2\n"), 0o600)
	f := &Fetcher{HTTP: reg.Client()}

	t.Setenv("NETRC", filepath.Join(t.TempDir(), "none"))
	err := f.Fetch(context.Background(), private+"/m.tar.gz", filepath.Join(t.TempDir(), "pkg"))
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("without netrc: %v", err)
	}
	t.Setenv("NETRC", netrcFile)
	dst := filepath.Join(t.TempDir(), "pkg")
	if err := f.Fetch(context.Background(), private+"/m.tar.gz", dst); err != nil {
		t.Fatal(err)
	}
	if readBody(t, filepath.Join(dst, "main.tf")) != "# private\n" || seen[len(seen)-1] != "ci:hunter2" {
		t.Errorf("credentials seen: %v", seen)
	}
}

func TestFetchGitOverHTTPSWithNetrcCredentials(t *testing.T) {
	base := t.TempDir()
	repo := modtest.NewRepo(t, base, "private")
	repo.Commit("one", map[string]string{"main.tf": "# private git\n"})
	smart := modtest.StartHTTPGit(t, base)
	smart.RequireAuth("ci", "ghp_token")
	netrcFile := filepath.Join(t.TempDir(), "netrc")
	os.WriteFile(netrcFile, []byte("machine "+strings.TrimPrefix(smart.URL, "http://")+" login ci password ghp_token\n"), 0o600)
	f := &Fetcher{GitCacheDir: t.TempDir()}

	t.Setenv("NETRC", filepath.Join(t.TempDir(), "none"))
	err := f.Fetch(context.Background(), "git::"+smart.URL+"/private", filepath.Join(t.TempDir(), "pkg"))
	if !errors.Is(err, source.ErrAuthFailed) {
		t.Fatalf("without credentials: %v", err)
	}
	t.Setenv("NETRC", netrcFile)
	dst := filepath.Join(t.TempDir(), "pkg")
	if err := f.Fetch(context.Background(), "git::"+smart.URL+"/private", dst); err != nil {
		t.Fatal(err)
	}
	if readBody(t, filepath.Join(dst, "main.tf")) != "# private git\n" {
		t.Error("wrong content")
	}
	os.WriteFile(netrcFile, []byte("default login ci password wrong_pw_123\n"), 0o600)
	err = f.Fetch(context.Background(), "git::"+smart.URL+"/private", filepath.Join(t.TempDir(), "pkg"))
	if !errors.Is(err, source.ErrAuthFailed) || strings.Contains(err.Error(), "wrong_pw_123") {
		t.Errorf("wrong netrc password: %v", err)
	}
}
