package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/artifacts"
	artconfig "github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/release"
	"github.com/trueup/trueup/engine/forge"
)

// releaseForge is where `trueup artifacts list` reads a forge's releases:
// a forge block of the configuration file (the agent's, when it serves),
// or else the variables CI jobs already have.
type releaseForge struct {
	apiURL, tokenEnv string
}

// ciForges are the defaults without a forge block: GitHub Actions sets
// GITHUB_API_URL (and a GITHUB_TOKEN secret is the custom), GitLab CI sets
// CI_API_V4_URL (GITLAB_TOKEN as glab reads it).
var ciForges = map[string]struct{ apiURLEnv, tokenEnv string }{
	"github": {"GITHUB_API_URL", "GITHUB_TOKEN"},
	"gitlab": {"CI_API_V4_URL", "GITLAB_TOKEN"},
}

// forgeBlocks reads the forge blocks of body (api_url, token_env; other
// attributes, such as an agent's webhook_secret_env, are left alone).
func forgeBlocks(body hcl.Body) (map[string]releaseForge, hcl.Diagnostics) {
	out := map[string]releaseForge{}
	content, _, diags := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "forge", LabelNames: []string{"kind"}}}})
	for _, b := range content.Blocks {
		attrs, _, ds := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "api_url"}, {Name: "token_env"}}})
		diags = append(diags, ds...)
		var f releaseForge
		for name, dst := range map[string]*string{"api_url": &f.apiURL, "token_env": &f.tokenEnv} {
			a := attrs.Attributes[name]
			if a == nil {
				continue
			}
			v, ds := a.Expr.Value(nil)
			diags = append(diags, ds...)
			if !ds.HasErrors() && (v.Type() != cty.String || v.IsNull()) {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid " + name,
					Detail: name + " is a string.", Subject: a.Expr.Range().Ptr()})
				continue
			}
			if !ds.HasErrors() {
				*dst = v.AsString()
			}
		}
		out[b.Labels[0]] = f
	}
	return out, diags
}

// releaseOpener opens release sources through the forges configured in
// cfgPath, or the CI defaults; a forge without a token is an error of the
// artifacts that use it, reported on their markers.
func releaseOpener(cfgPath string, forges map[string]releaseForge) func(r *artconfig.Release) (artifacts.Source, error) {
	return func(r *artconfig.Release) (artifacts.Source, error) {
		f, configured := forges[r.Forge]
		if !configured {
			ci := ciForges[r.Forge]
			f = releaseForge{apiURL: os.Getenv(ci.apiURLEnv), tokenEnv: ci.tokenEnv}
		}
		token := os.Getenv(f.tokenEnv)
		if token == "" {
			where := fmt.Sprintf("set %s, or token_env in a forge %q block of %s", f.tokenEnv, r.Forge, cfgPath)
			if configured {
				where = fmt.Sprintf("set %s (token_env of the forge %q block of %s)", f.tokenEnv, r.Forge, cfgPath)
			}
			return nil, fmt.Errorf("reading the releases of %s on %s needs an API token: %s", r.Repo, r.Forge, where)
		}
		var client release.Forge
		var err error
		switch r.Forge {
		case "github":
			client, err = forge.NewGitHub(f.apiURL, token, nil)
		default:
			client, err = forge.NewGitLab(f.apiURL, token, nil)
		}
		if err != nil {
			return nil, err
		}
		return release.New(client, r.Repo), nil
	}
}
