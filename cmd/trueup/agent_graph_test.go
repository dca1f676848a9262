package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestAgentGraphShowsRemoteStateDependencies: `trueup agent graph` reads
// the stacks' repository: app's terraform_remote_state reads the state
// network's s3 backend writes, so app depends on network (a dashed edge
// naming the data source); a remote state no managed stack writes, and
// another workspace of network's state, add nothing; depends_on stays a
// plain edge.
func TestAgentGraphShowsRemoteStateDependencies(t *testing.T) {
	t.Parallel()
	repo := newStack(t, map[string]string{
		"network/main.tf": `terraform {
  backend "s3" {
    bucket = "acme-state"
    key    = "network.tfstate"
    region = "eu-west-1"
  }
}
`,
		"app/main.tf": `terraform {
  backend "s3" {
    bucket = "acme-state"
    key    = "app.tfstate"
  }
}

data "terraform_remote_state" "net" {
  backend = "s3"
  config = {
    bucket = "acme-state"
    key    = "network.tfstate"
    region = "us-east-1"
  }
}

data "terraform_remote_state" "vendor" {
  backend = "s3"
  config = {
    bucket = "vendor-state"
    key    = "network.tfstate"
  }
}
`,
		"stage/main.tf": `data "terraform_remote_state" "net_stage" {
  backend   = "s3"
  workspace = "stage"
  config = {
    bucket = "acme-state"
    key    = "network.tfstate"
  }
}
`,
	})
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "stacks"}} {
		if out, err := exec.Command("git", append([]string{"-C", repo.dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	s := newStack(t, map[string]string{"agent.hcl": `
server {
  data_dir = "data"
}
stack "app" {
  repo = "` + repo.dir + `"
  path = "app"
}
stack "network" {
  repo = "` + repo.dir + `"
  path = "network"
}
stack "stage" {
  repo       = "` + repo.dir + `"
  path       = "stage"
  depends_on = ["app"]
}
`})
	r := s.must(0, "agent", "graph", "-config=agent.hcl")
	want := `digraph stacks {
  rankdir = "RL"
  "app"
  "network"
  "stage"
  "app" -> "network" [style = "dashed", label = "data.terraform_remote_state.net reads its state (s3 bucket \"acme-state\", key \"network.tfstate\")"]
  "stage" -> "app"
}
`
	if r.stdout != want {
		t.Errorf("graph:\n%s\nwant:\n%s\nstderr: %s", r.stdout, want, r.stderr)
	}
	if r = s.must(0, "agent", "graph", "-config=agent.hcl", "-infer=false"); strings.Contains(r.stdout, "dashed") {
		t.Errorf("-infer=false still read the repository:\n%s", r.stdout)
	}
}
