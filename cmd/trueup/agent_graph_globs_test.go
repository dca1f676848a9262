package main

import (
	"os/exec"
	"strings"
	"testing"
)

// gitCommitAll commits everything in dir on branch main.
func gitCommitAll(t *testing.T, dir string) {
	t.Helper()
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "stacks"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// TestAgentGraphExpandsStackGlobs: `trueup agent graph` expands
// path = "envs/*" from a real repository into one stack per directory
// holding .tf files (envs/docs has none; envs/modules/vpc is called as a
// module and envs/* does not match it anyway; regions/** does match
// regions/modules/x but it is a module of regions/eu), named
// STACK-dir-with-dashes; depends_on naming the glob means all its
// stacks; terraform_remote_state between expansions is inferred.
func TestAgentGraphExpandsStackGlobs(t *testing.T) {
	t.Parallel()
	backend := func(key string) string {
		return "terraform {\n  backend \"s3\" {\n    bucket = \"st\"\n    key    = \"" + key + "\"\n  }\n}\n"
	}
	repo := newStack(t, map[string]string{
		"network/main.tf":         backend("network"),
		"envs/dev/main.tf":        backend("dev"),
		"envs/prod/main.tf":       backend("prod") + "data \"terraform_remote_state\" \"dev\" {\n  backend = \"s3\"\n  config = { bucket = \"st\", key = \"dev\" }\n}\n",
		"envs/docs/README.md":     "no terraform here\n",
		"regions/eu/main.tf":      "module \"x\" {\n  source = \"../modules/x\"\n}\n",
		"regions/modules/x/x.tf":  "variable \"a\" {\n  default = 1\n}\n",
		"regions/us/east/main.tf": "locals {}\n",
	})
	gitCommitAll(t, repo.dir)
	s := newStack(t, map[string]string{"agent.hcl": `
server {
  data_dir = "data"
}
stack "network" {
  repo = "` + repo.dir + `"
  path = "network"
}
stack "app" {
  repo       = "` + repo.dir + `"
  path       = "envs/*"
  depends_on = ["network"]
}
stack "regions" {
  repo          = "` + repo.dir + `"
  path          = ["regions/**"]
  name_template = "region-${base}"
  depends_on    = ["app"]
}
`})
	r := s.must(0, "agent", "graph", "-config=agent.hcl")
	want := `digraph stacks {
  rankdir = "RL"
  "network"
  subgraph "cluster_app" {
    label = "app (envs/*)"
    "app-envs-dev"
    "app-envs-prod"
  }
  subgraph "cluster_regions" {
    label = "regions (regions/**)"
    "region-eu"
    "region-east"
  }
  "app-envs-dev" -> "network"
  "app-envs-prod" -> "network"
  "app-envs-prod" -> "app-envs-dev" [style = "dashed", label = "data.terraform_remote_state.dev reads its state (s3 bucket \"st\", key \"dev\")"]
  "region-eu" -> "app-envs-dev"
  "region-eu" -> "app-envs-prod"
  "region-east" -> "app-envs-dev"
  "region-east" -> "app-envs-prod"
}
`
	if r.stdout != want {
		t.Errorf("graph:\n%s\nwant:\n%s\nstderr: %s", r.stdout, want, r.stderr)
	}
}

// TestAgentGlobErrorsAreLocated: a glob matching no directory, and two
// directories giving one stack name, stop `trueup agent graph` and
// `trueup agent` with file:line:column.
func TestAgentGlobErrorsAreLocated(t *testing.T) {
	t.Parallel()
	repo := newStack(t, map[string]string{"envs/eu/prod/main.tf": "locals {}\n", "envs/us/prod/main.tf": "locals {}\n"})
	gitCommitAll(t, repo.dir)
	s := newStack(t, map[string]string{
		"none.hcl": "server {\n  data_dir = \"data\"\n}\nstack \"app\" {\n  repo = \"" + repo.dir + "\"\n  path = \"stacks/*\"\n}\n",
		"dup.hcl":  "server {\n  data_dir = \"data\"\n}\nstack \"app\" {\n  repo = \"" + repo.dir + "\"\n  path = \"envs/*/prod\"\n  name_template = \"${base}\"\n}\n",
	})
	for _, tt := range []struct{ file, want string }{
		{"none.hcl", "on none.hcl line 6"},
		{"dup.hcl", "on dup.hcl line 7"},
	} {
		for _, cmd := range [][]string{{"agent", "graph", "-config=" + tt.file}, {"agent", "-config=" + tt.file}} {
			r := s.run(cmd...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("%v: exit %d, want 1 and %s in:\n%s", cmd, r.code, tt.want, r.stderr)
			}
		}
	}
	if r := s.run("agent", "graph", "-config=none.hcl"); !strings.Contains(r.stderr, "Stack path matches nothing") {
		t.Errorf("no summary: %s", r.stderr)
	}
	if r := s.run("agent", "graph", "-config=dup.hcl"); !strings.Contains(strings.Join(strings.Fields(r.stderr), " "), `gives the stack name "prod", which is already declared`) {
		t.Errorf("no detail: %s", r.stderr)
	}
}
