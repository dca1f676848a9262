package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
)

// ghPull is a pull request as the GitHub stand-in keeps it.
type ghPull struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	Body   string `json:"body"`
	State  string `json:"state"`
	Head   ghRef  `json:"head"`
	Base   ghRef  `json:"base"`
}

type ghRef struct {
	Ref string `json:"ref"`
}

func (f *fakeGitHub) listPulls(w http.ResponseWriter, r *http.Request) {
	head := strings.TrimPrefix(r.URL.Query().Get("head"), r.PathValue("owner")+":")
	f.mu.Lock()
	out := []ghPull{}
	for _, p := range f.promoPulls {
		if p.State == "open" && p.Head.Ref == head && p.Base.Ref == r.URL.Query().Get("base") {
			out = append(out, *p)
		}
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (f *fakeGitHub) createPull(w http.ResponseWriter, r *http.Request) {
	var in struct{ Title, Body, Head, Base string }
	json.NewDecoder(r.Body).Decode(&in)
	f.mu.Lock()
	p := &ghPull{Number: 100 + len(f.promoPulls), Title: in.Title, Body: in.Body, State: "open", Head: ghRef{in.Head}, Base: ghRef{in.Base}}
	f.promoPulls = append(f.promoPulls, p)
	out := *p
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (f *fakeGitHub) editPull(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PathValue("n"))
	var in struct{ Title, Body string }
	json.NewDecoder(r.Body).Decode(&in)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.promoPulls {
		if p.Number == n {
			p.Title, p.Body = in.Title, in.Body
			writeJSON(w, http.StatusOK, *p)
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
}

func (f *fakeGitHub) pullList() []ghPull {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []ghPull
	for _, p := range f.promoPulls {
		out = append(out, *p)
	}
	return out
}

// imageStack writes its image variable, which a marker ties to "web", to
// ${var.out}/image.txt.
func imageStack(image string) string {
	return `variable "out" {
  type = string
}

variable "image" {
  type    = string
  default = "` + image + `" # trueup:artifact web
}

resource "local_file" "image" {
  filename = "${var.out}/image.txt"
  content  = var.image
}
`
}

type position struct {
	Artifact, Stage, State, Running, Build, Digest, Commit, Branch, Waiting, Error, Stack string
	PR                                                                                    int
	Run                                                                                   uint64
	Until                                                                                 time.Time
}

func (a *agent) promote() map[string]position {
	a.t.Helper()
	resp := a.do("POST", "/api/artifacts/check", nil)
	defer resp.Body.Close()
	var out struct{ Positions []position }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		a.t.Fatalf("promotion pass: %s %v", resp.Status, err)
	}
	m := map[string]position{}
	for _, p := range out.Positions {
		m[p.Stage] = p
	}
	return m
}

// TestANewBuildIsPromotedByPullRequestThenToTheNextStage: a build pushed
// to the registry becomes one pull request on the config repository (with
// the usual plan comment), a newer build updates it; once merged and
// applied in dev, the build moves on to staging by commit and is applied
// there.
func TestANewBuildIsPromotedByPullRequestThenToTheNextStage(t *testing.T) {
	t.Parallel()
	host := ocitest.Start(t)
	ocitest.Push(t, host, "web", "1.4.2")
	gh := newFakeGitHub(t)
	r := newRepo(t)
	r.write(map[string]string{
		"envs/dev/main.tf":     imageStack(host + "/web:1.4.2"),
		"envs/staging/main.tf": imageStack(host + "/web:1.4.2"),
	})
	r.commit("two stages")
	r.push("main")
	devOut, stagingOut := t.TempDir(), t.TempDir()
	var body strings.Builder
	body.WriteString(forgeBlock(gh))
	for _, s := range []struct{ name, out string }{{"dev", devOut}, {"staging", stagingOut}} {
		fmt.Fprintf(&body, "stack %q {\n  repo = %q\n  path = \"envs/%s\"\n  vars = { out = %q }\n  auto_apply = true\n  poll_interval = \"1s\"\n  forge_repo = \"acme/config\"\n}\n",
			s.name, r.url(), s.name, s.out)
	}
	fmt.Fprintf(&body, `
artifact "web" {
  oci {
    repository = %q
  }
  semver        = "~1.4"
  poll_interval = "1h"
}

stage "dev" {
  stacks = ["dev"]
}

stage "staging" {
  stacks = ["staging"]
  mode   = "commit"
}
`, host+"/web")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, body.String())
	a := startAgent(t, cfg, addr, data)
	a.waitRun("dev", "the first apply of dev", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })
	a.waitRun("staging", "the first apply of staging", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })

	// A new build: one pull request, planned.
	d143 := ocitest.Push(t, host, "web", "1.4.3")
	pos := a.promote()
	if pos["dev"].PR != 100 || pos["dev"].Build != "1.4.3" || pos["dev"].Digest != d143 || pos["dev"].Error != "" ||
		pos["dev"].State != "in-review" || pos["dev"].Running != "1.4.2" {
		t.Fatalf("dev position: %+v", pos["dev"])
	}
	pulls := gh.pullList()
	if len(pulls) != 1 || pulls[0].Title != "Promote web 1.4.3 to dev" || pulls[0].Head.Ref != "trueup/promote-web-dev" ||
		!strings.Contains(pulls[0].Body, d143) || !strings.Contains(pulls[0].Body, "| Previous | `1.4.2` |") {
		t.Fatalf("pull requests: %+v", pulls)
	}
	plan := a.waitRun("dev", "the plan of the promotion pull request", func(x run) bool { return x.Kind == "pr-plan" && x.PR == 100 })
	if plan.Outcome != "succeeded" || plan.Trigger != "promotion" {
		t.Fatalf("pull-request plan: %+v", plan)
	}
	waitFor(t, "the plan comment on the pull request", 30*time.Second, func() bool {
		cs := gh.prComments(100)
		return len(cs) == 1 && strings.Contains(cs[0].Body, "1.4.3")
	})
	if st := pos["staging"]; st.Build != "" || st.Error != "" {
		t.Fatalf("staging moved before dev applied: %+v", st)
	}

	// A newer build updates the same pull request.
	ocitest.Push(t, host, "web", "1.4.4")
	pos = a.promote()
	if pulls = gh.pullList(); len(pulls) != 1 || pulls[0].Title != "Promote web 1.4.4 to dev" || pos["dev"].PR != 100 {
		t.Fatalf("after a newer build: %+v %+v", pulls, pos["dev"])
	}

	// Merge: main takes the promotion branch; dev applies it.
	r.git(r.work, "fetch", "-q", "origin", "trueup/promote-web-dev")
	r.git(r.work, "merge", "-q", "--ff-only", "FETCH_HEAD")
	merged := r.head()
	r.push("main")
	a.waitRun("dev", "the apply of the merge", func(x run) bool { return x.Kind == "apply" && x.Commit == merged && x.Outcome == "succeeded" })
	if got, _ := readFile(t, filepath.Join(devOut, "image.txt")); got != host+"/web:1.4.4" {
		t.Fatalf("dev runs %q", got)
	}

	// The next pass moves 1.4.4 on to staging by a commit on main.
	pos = a.promote()
	if st := pos["staging"]; st.Build != "1.4.4" || st.Branch != "main" || st.Error != "" || st.Waiting != "" {
		t.Fatalf("staging position: %+v", st)
	}
	msg := r.git(r.origin, "log", "-1", "--format=%s", "main")
	if msg != "Promote web 1.4.4 to staging" {
		t.Fatalf("main's head: %s", msg)
	}
	a.waitRun("staging", "the apply of the staging promotion", func(x run) bool {
		return x.Kind == "apply" && x.Commit == pos["staging"].Commit && x.Outcome == "succeeded"
	})
	if got, _ := readFile(t, filepath.Join(stagingOut, "image.txt")); got != host+"/web:1.4.4" {
		t.Fatalf("staging runs %q", got)
	}
	if len(gh.pullList()) != 1 {
		t.Fatalf("pull requests at the end: %+v", gh.pullList())
	}
}

// TestAFailedApplyStopsThePromotionAndSaysWhere: a build waits out
// staging's soak time (the positions say until when); a build whose apply
// fails in dev does not move on to staging; the position names the failed
// run, over the API and on the dashboard in a real browser.
func TestAFailedApplyStopsThePromotionAndSaysWhere(t *testing.T) {
	host := ocitest.Start(t)
	ocitest.Push(t, host, "web", "2.0.0")
	gh := newFakeGitHub(t)
	r := newRepo(t)
	r.write(map[string]string{
		"envs/dev/main.tf":     imageStack(host + "/web:2.0.0"),
		"envs/staging/main.tf": imageStack(host + "/web:2.0.0"),
	})
	r.commit("two stages")
	r.push("main")
	devOut, stagingOut := t.TempDir(), t.TempDir()
	var body strings.Builder
	body.WriteString(forgeBlock(gh))
	for _, s := range []struct{ name, out string }{{"dev", devOut}, {"staging", stagingOut}} {
		fmt.Fprintf(&body, "stack %q {\n  repo = %q\n  path = \"envs/%s\"\n  vars = { out = %q }\n  auto_apply = true\n  poll_interval = \"1s\"\n  forge_repo = \"acme/config\"\n}\n",
			s.name, r.url(), s.name, s.out)
	}
	fmt.Fprintf(&body, "artifact \"web\" {\n  oci {\n    repository = %q\n  }\n  semver = \">=2.0.0 <3\"\n  poll_interval = \"1h\"\n}\n"+
		"stage \"dev\" {\n  stacks = [\"dev\"]\n  mode = \"commit\"\n}\nstage \"staging\" {\n  stacks = [\"staging\"]\n  mode = \"commit\"\n  soak = \"1h\"\n}\n", host+"/web")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, body.String())
	a := startAgent(t, cfg, addr, data)
	a.waitRun("dev", "the first apply of dev", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })
	a.waitRun("staging", "the first apply of staging", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })

	// Both stages run 2.0.0; staging would take dev's build after an hour.
	pos := a.promote()
	if d := pos["dev"]; d.State != "running" || d.Running != "2.0.0" {
		t.Fatalf("dev position: %+v", d)
	}
	st := pos["staging"]
	if st.State != "waiting" || st.Running != "2.0.0" || !strings.HasPrefix(st.Waiting, "soaking in dev for another ") ||
		time.Until(st.Until) < 58*time.Minute || time.Until(st.Until) > time.Hour {
		t.Fatalf("staging position while soaking: %+v", st)
	}

	// dev's output directory becomes a file: its next apply fails.
	if err := os.RemoveAll(devOut); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(devOut, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	ocitest.Push(t, host, "web", "2.1.0")
	pos = a.promote()
	if pos["dev"].Build != "2.1.0" || pos["dev"].Branch != "main" {
		t.Fatalf("dev position: %+v", pos["dev"])
	}
	failed := a.waitRun("dev", "the failing apply", func(x run) bool { return x.Kind == "apply" && x.Commit == pos["dev"].Commit })
	if failed.Outcome != "failed" {
		t.Fatalf("the apply of 2.1.0 in dev: %+v", failed)
	}
	before := r.git(r.origin, "rev-parse", "main")
	pos = a.promote()
	want := fmt.Sprintf("the last apply of stack dev in stage dev failed (run %d)", failed.ID)
	if st := pos["staging"]; !strings.Contains(st.Error, want) || st.Build != "" || st.State != "stopped" || st.Stack != "dev" || st.Run != failed.ID {
		t.Fatalf("staging position: %+v, want an error containing %q", st, want)
	}
	if d := pos["dev"]; d.State != "applying" || d.Build != "2.1.0" || d.Running != "2.0.0" {
		t.Fatalf("dev position after the failed apply: %+v", d)
	}
	assertPositionsPage(t, a, failed.ID, want)
	if r.git(r.origin, "rev-parse", "main") != before {
		t.Fatal("something was promoted after the failed apply")
	}
	if got, _ := readFile(t, filepath.Join(stagingOut, "image.txt")); got != host+"/web:2.0.0" {
		t.Fatalf("staging runs %q", got)
	}
}
