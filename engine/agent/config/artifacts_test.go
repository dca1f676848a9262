package config

import (
	"strings"
	"testing"
)

const artifactsExample = `
server {
  data_dir = "data"
}

stack "web-dev" {
  repo = "https://git.example.com/infra.git"
  path = "envs/dev"
}

artifact "web" {
  oci {
    repository = "registry.example.com/web"
  }
  semver = "~1.4"
}

stage "dev" {
  stacks = ["web-dev"]
}
`

func TestAgentConfigCarriesArtifactsAndStages(t *testing.T) {
	cfg, _, diags := Parse([]byte(artifactsExample), "agent.hcl", Options{Getenv: env(nil)})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if cfg.Artifacts.Artifact("web") == nil || cfg.Artifacts.Stage("dev") == nil || cfg.Stack("web-dev") == nil {
		t.Fatalf("artifacts %+v, stacks %+v", cfg.Artifacts, cfg.Stacks)
	}
}

func TestAStageNamingAnUnknownStackIsALocatedError(t *testing.T) {
	src := strings.Replace(artifactsExample, `stacks = ["web-dev"]`, `stacks = ["web-dve"]`, 1)
	_, _, diags := Parse([]byte(src), "agent.hcl", Options{Getenv: env(nil)})
	if len(diags) != 1 || diags[0].Summary != "Unknown stack in stage" || diags[0].Subject.String() != "agent.hcl:19,12-23" {
		t.Fatalf("diagnostics: %v (%v)", diags, diags[0].Subject)
	}
}

func TestArtifactErrorsAndOtherErrorsAreReportedTogether(t *testing.T) {
	src := strings.Replace(artifactsExample, `semver = "~1.4"`, `semver = "~1.x.y.z"`, 1) + "\nbogus {}\n"
	_, _, diags := Parse([]byte(src), "agent.hcl", Options{Getenv: env(nil)})
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary)
	}
	if strings.Join(got, "; ") != "Invalid semver range; Unsupported block type" {
		t.Fatalf("diagnostics: %v", diags)
	}
	line := strings.Count(src[:strings.Index(src, "~1.x.y.z")], "\n") + 1
	if r := diags[0].Subject; r == nil || r.Filename != "agent.hcl" || r.Start.Line != line || r.Start.Column != 12 {
		t.Errorf("the semver range's diagnostic is at %v, want agent.hcl:%d,12", r, line)
	}
}
