package config

import (
	"fmt"

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
		for _, name := range st.Stacks {
			if cfg.Stack(name) == nil {
				diags = append(diags, errorAt(st.StacksRange, "Unknown stack in stage",
					fmt.Sprintf("The stage %q names the stack %q, but no stack %q block is configured.", st.Name, name, name)))
			}
		}
	}
	return diags
}
