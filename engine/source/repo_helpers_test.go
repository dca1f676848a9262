package source

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
)

// gitEnv isolates the git CLI from the machine's configuration and fixes
// the identity of commits.
func gitEnv() []string {
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada Lovelace", "GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada Lovelace", "GIT_COMMITTER_EMAIL=ada@example.com",
		"GIT_TERMINAL_PROMPT=0",
	)
}

// runGit runs the git CLI in dir and returns its trimmed output.
func runGit(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// gitRepo is a repository made with the git CLI.
type gitRepo struct {
	t   testing.TB
	dir string
}

// newGitRepo creates an empty repository on branch main under a new
// temporary directory, in a subdirectory called name.
func newGitRepo(t testing.TB, name string) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("these tests need the git CLI on PATH: %v", err)
	}
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "init", "-q", "-b", "main")
	return &gitRepo{t: t, dir: dir}
}

// git runs the git CLI in the repository.
func (r *gitRepo) git(args ...string) string {
	r.t.Helper()
	return runGit(r.t, r.dir, args...)
}

// commit writes files (content "" deletes the file), commits them and
// returns the commit SHA.
func (r *gitRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if content == "" {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// fixture is a repository with history on several kinds of refs:
//
//	c1 (tags v1 annotated, v0-light) ── c2 (main, HEAD)
//	  ├── feat (branch feature)
//	  ├── pr   (only on refs/pull/1/head)
//	  └── mr   (only on refs/merge-requests/2/head)
type fixture struct {
	*gitRepo
	c1, c2, feat, pr, mr string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{gitRepo: newGitRepo(t, "origin")}
	f.c1 = f.commit("first stack\n\nwith a body", map[string]string{
		"stack/main.tf":           "# v1\n",
		"modules/net/main.tf":     "# module\n",
		"README.md":               "readme\n",
		"stack/scripts/run.sh":    "#!/bin/sh\necho hi\n",
		"stack/terraform.tfvars":  "x = 1\n",
		"docs/guide/index.md":     "guide\n",
		"stack/scripts/README.md": "scripts\n",
	})
	if err := os.Chmod(filepath.Join(f.dir, "stack", "scripts", "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	f.git("add", "-A")
	f.git("commit", "-q", "--amend", "--no-edit")
	f.c1 = f.git("rev-parse", "HEAD")
	f.git("tag", "-a", "v1", "-m", "release 1")
	f.git("tag", "v0-light")
	f.git("checkout", "-q", "-b", "feature")
	f.feat = f.commit("feature", map[string]string{"stack/feature.tf": "# feature\n"})
	f.git("checkout", "-q", "-b", "pr", f.c1)
	f.pr = f.commit("pull request", map[string]string{"stack/pr.tf": "# pr\n"})
	f.git("update-ref", "refs/pull/1/head", f.pr)
	f.git("checkout", "-q", "-b", "mr", f.c1)
	f.mr = f.commit("merge request", map[string]string{"stack/mr.tf": "# mr\n"})
	f.git("update-ref", "refs/merge-requests/2/head", f.mr)
	f.git("checkout", "-q", "main")
	f.git("branch", "-q", "-D", "pr", "mr")
	f.c2 = f.commit("second", map[string]string{"stack/main.tf": "# v2\n"})
	return f
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// captureLog returns a logger at trace level writing into a buffer.
func captureLog() (hclog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return hclog.New(&hclog.LoggerOptions{Name: "test", Output: buf, Level: hclog.Trace}), buf
}

// readFile returns a file's content, failing the test when it is missing.
func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return string(b)
}

// captureLogger is a logger whose output the test does not need.
func captureLogger() hclog.Logger {
	log, _ := captureLog()
	return log
}
