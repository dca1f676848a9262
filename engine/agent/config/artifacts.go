package config

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	artconfig "github.com/trueup/trueup/engine/artifacts/config"
)

// decodeArtifacts reads the artifact and stage blocks (artifact
// promotion, see engine/artifacts/config) into cfg.Artifacts and returns
// the rest of the body.
func decodeArtifacts(cfg *Config, body hcl.Body) (hcl.Body, hcl.Diagnostics) {
	a, remain, diags := artconfig.Decode(body)
	cfg.Artifacts = a
	return remain, diags
}

// checkStages checks that each stage's stacks are configured stacks.
func checkStages(cfg *Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, st := range cfg.Artifacts.Stages {
		var first *Stack
		for _, name := range st.Stacks {
			s := cfg.Stack(name)
			switch {
			case s == nil:
				diags = append(diags, errorAt(st.StacksRange, "Unknown stack in stage",
					fmt.Sprintf("The stage %q names the stack %q, but no stack %q block is configured.", st.Name, name, name)))
			case first == nil:
				first = s
			case normalizeURL(s.Repo) != normalizeURL(first.Repo) || s.Branch != first.Branch:
				diags = append(diags, errorAt(st.StacksRange, "Stage stacks in different places",
					fmt.Sprintf("The stacks of stage %q must share one repository and branch, so that one change promotes them: %q and %q do not.", st.Name, first.Name, s.Name)))
			}
		}
	}
	return diags
}

func normalizeURL(u string) string { return strings.TrimSuffix(strings.TrimRight(u, "/"), ".git") }
