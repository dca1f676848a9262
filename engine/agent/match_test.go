package agent

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/forge"
)

func TestRepoURLsMatchAfterNormalising(t *testing.T) {
	tests := []struct {
		name, repo, event string
		want              bool
	}{
		{"scheme and host case are ignored", "https://github.com/acme/infra", "HTTPS://GitHub.COM/acme/infra", true},
		{"trailing .git is ignored", "https://github.com/acme/infra.git", "https://github.com/acme/infra", true},
		{"trailing slash is ignored", "https://github.com/acme/infra/", "https://github.com/acme/infra.git", true},
		{"scp-like equals ssh URL", "git@github.com:acme/infra.git", "ssh://git@github.com/acme/infra", true},
		{"another repository does not match", "https://github.com/acme/infra", "https://github.com/acme/other", false},
		{"another host does not match", "https://github.com/acme/infra", "https://gitlab.com/acme/infra", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameRepo(tt.repo, []string{"", tt.event}); got != tt.want {
				t.Errorf("sameRepo(%q, %q) = %v, want %v", tt.repo, tt.event, got, tt.want)
			}
		})
	}
}

func TestEventsMatchStacksByRepoAndBranch(t *testing.T) {
	stacks := []*config.Stack{
		{Name: "prod", Repo: "git@github.com:acme/infra.git", Branch: "main"},
		{Name: "staging", Repo: "https://github.com/acme/infra", Branch: "staging"},
		{Name: "other", Repo: "https://github.com/acme/other", Branch: "main"},
	}
	ev := &forge.Event{Kind: forge.KindPullRequest, Branch: "main",
		RepoURLs: []string{"https://github.com/acme/infra.git", "git@github.com:acme/infra.git"}}
	var names []string
	for _, s := range matchStacks(stacks, ev) {
		names = append(names, s.Name)
	}
	if !slices.Equal(names, []string{"prod"}) {
		t.Errorf("matched %v, want [prod]", names)
	}
}

func TestStackDirsFollowLocalModules(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"stacks/app/main.tf":     `module "net" { source = "../../modules/net" }` + "\n" + `module "reg" { source = "hashicorp/consul/aws" }`,
		"modules/net/main.tf":    `module "sub" { source = "./sub" }`,
		"modules/net/sub/x.tf":   `module "loop" { source = "../" }`,
		"modules/escape/main.tf": ``,
		"stacks/app/bad.tf":      `module "up" { source = "../../../outside" }`,
	}
	for name, src := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := stackDirs(root, "stacks/app")
	slices.Sort(got)
	want := []string{"modules/net", "modules/net/sub", "stacks/app"}
	if !slices.Equal(got, want) {
		t.Errorf("stackDirs = %v, want %v", got, want)
	}
}
