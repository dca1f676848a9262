package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stackConf is one `stack` block of an agent configuration as these tests
// write it: the settings most tests set are fields, anything else goes in
// more (attributes or nested blocks, as HCL).
type stackConf struct {
	name, repo, path string
	paths            []string // path = [...] instead of path
	out              string   // vars = { out = ... }; "" for none
	autoApply        bool
	applyFromPR      bool
	pollInterval     string   // "" for the default
	forgeRepo        string   // "" for none
	dependsOn        []string // stack names
	policies         []string // folders of Rego policies
	requirements     []string // apply_requirements
	more             string
}

// hcl renders the block.
func (s stackConf) hcl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stack %q {\n  repo = %q\n", s.name, s.repo)
	if s.paths != nil {
		fmt.Fprintf(&b, "  path = %s\n", hclList(s.paths))
	} else {
		fmt.Fprintf(&b, "  path = %q\n", s.path)
	}
	if s.out != "" {
		fmt.Fprintf(&b, "  vars = { out = %q }\n", s.out)
	}
	if s.autoApply {
		b.WriteString("  auto_apply = true\n")
	}
	if s.applyFromPR {
		b.WriteString("  apply_from_pr = true\n")
	}
	if s.pollInterval != "" {
		fmt.Fprintf(&b, "  poll_interval = %q\n", s.pollInterval)
	}
	if s.forgeRepo != "" {
		fmt.Fprintf(&b, "  forge_repo = %q\n", s.forgeRepo)
	}
	for _, l := range []struct {
		attr string
		list []string
	}{{"depends_on", s.dependsOn}, {"policies", s.policies}, {"apply_requirements", s.requirements}} {
		if l.list != nil {
			fmt.Fprintf(&b, "  %s = %s\n", l.attr, hclList(l.list))
		}
	}
	b.WriteString(s.more)
	b.WriteString("}\n")
	return b.String()
}

// hclList is list as an HCL tuple of strings.
func hclList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// stacks renders stack blocks one after another.
func stacks(ss ...stackConf) string {
	blocks := make([]string, len(ss))
	for i, s := range ss {
		blocks[i] = s.hcl()
	}
	return strings.Join(blocks, "\n")
}

// startAgentWith writes an agent configuration of body after a server
// block on a free port with a fresh data directory, and starts the agent
// on it (see startAgent).
func startAgentWith(t *testing.T, body string, env ...string) *agent {
	t.Helper()
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, body)
	return startAgent(t, cfg, addr, data, env...)
}

// seedRepo makes a repository whose main branch holds files in one commit
// with message msg, and returns it and that commit.
func seedRepo(t *testing.T, msg string, files map[string]string) (*repo, string) {
	t.Helper()
	r := newRepo(t)
	r.write(files)
	c := r.commit(msg)
	r.push("main")
	return r, c
}

// policyDir writes rego as files.rego in a fresh folder of policies and
// returns the folder.
func policyDir(t *testing.T, rego string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "policies")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "files.rego"), []byte(rego), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// prStack is stack name at stacks/NAME of r, writing to out, linked to
// the pull requests of acme/infra and applied from them.
func prStack(name string, r *repo, out string) stackConf {
	return stackConf{name: name, repo: r.url(), path: "stacks/" + name, out: out, forgeRepo: "acme/infra", applyFromPR: true}
}

// pushStack is stack name at path of r, writing to out, applied on every
// change of its branch; forgeRepo links it to a forge's repository ("":
// none).
func pushStack(name string, r *repo, path, out, forgeRepo string) stackConf {
	return stackConf{name: name, repo: r.url(), path: path, out: out, autoApply: true, forgeRepo: forgeRepo}
}

// envStacks is one file stack per name at envs/NAME/main.tf, writing
// NAME.txt = "1": the directories a stack glob `envs/*` finds.
func envStacks(names ...string) map[string]string {
	files := map[string]string{}
	for _, n := range names {
		files["envs/"+n+"/main.tf"] = fileStack(map[string]string{n: "1"})
	}
	return files
}

// startFleetAgent starts agent id of a fleet whose agents share the
// PostgreSQL database db, on body with a data directory of its own.
func startFleetAgent(t *testing.T, db, id, body string, env ...string) *agent {
	t.Helper()
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, body)
	return startAgentArgs(t, cfg, addr, data, []string{"-store=" + db, "-agent-id=" + id}, env...)
}

// openPR branches pr-N off r's main, writes files and removes the paths
// remove there, commits it with msg and pushes it as pull request n's
// head; gh is told the pull request is open and mergeable onto base. It
// returns the head commit; the work tree stays on the branch.
func openPR(t *testing.T, gh *fakeGitHub, r *repo, n int, base, msg string, files map[string]string, remove ...string) string {
	t.Helper()
	r.git(r.work, "checkout", "-q", "-b", fmt.Sprintf("pr-%d", n), "main")
	r.write(files)
	for _, p := range remove {
		r.git(r.work, "rm", "-q", "-r", p)
	}
	head := r.commit(msg)
	r.push(fmt.Sprintf("refs/pull/%d/head", n))
	gh.setPull(n, ghPR{Head: head, Base: base, State: "open", Mergeable: true})
	return head
}

// prEvent delivers a pull_request event (opened, synchronize, closed...)
// of pull request n of r to the agent, which must accept it.
func (a *agent) prEvent(r *repo, action string, n int, head, base string) {
	a.t.Helper()
	if code := sendGitHubEvent(a.t, a.url, "pull_request", prPayload(r.url(), action, n, head, base), webhookSecret); code != http.StatusAccepted {
		a.t.Fatalf("pull_request %s #%d: status %d", action, n, code)
	}
}

// prCommenter returns a function that posts comment id with body as ann
// on pull request n of r to the agent, which must accept it.
func (a *agent) prCommenter(r *repo, n int) func(id int64, body string) {
	return func(id int64, body string) {
		a.t.Helper()
		if code := sendGitHubEvent(a.t, a.url, "issue_comment", commentPayload(r.url(), n, id, "ann", body), webhookSecret); code != http.StatusAccepted {
			a.t.Fatalf("comment %d: status %d", id, code)
		}
	}
}

// stackComment is the body of the agent's last comment on pull request n
// about stack ("" for none).
func (f *fakeGitHub) stackComment(n int, stack string) string {
	var body string
	for _, c := range f.prComments(n) {
		if strings.Contains(c.Body, "<!-- trueup:stack="+stack+" -->") {
			body = c.Body
		}
	}
	return body
}

// configPosition is ":LINE:COLUMN" of the first text in the file at path.
func configPosition(t *testing.T, path, text string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if col := strings.Index(line, text); col >= 0 {
			return fmt.Sprintf(":%d:%d", i+1, col+1)
		}
	}
	t.Fatalf("%s does not hold %s", path, text)
	return ""
}
