package config

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// ForgeLogin is dashboard sign-in through a forge's OAuth app (GitHub or
// GitLab), beside OIDC: the user's permission on Repo gives their scope.
type ForgeLogin struct {
	// Kind is GitHub or GitLab.
	Kind     string
	ClientID string
	// ClientSecret is read from the environment variable the file names.
	ClientSecret Secret
	// Repo is the repository whose permission maps to a scope.
	Repo string
	// WebURL is the forge's web address (OAuth's authorize and token
	// endpoints are there); APIURL its REST API root.
	WebURL, APIURL string
	// Roles maps a permission (admin, maintain, write, read) to a scope;
	// nil uses admin → admin, maintain and write → operate, read → read.
	Roles map[string]string
}

type rawForgeLogin struct {
	Kind            string            `hcl:"kind,label"`
	KindRange       hcl.Range         `hcl:"kind,label_range"`
	ClientID        string            `hcl:"client_id"`
	ClientSecretEnv string            `hcl:"client_secret_env"`
	SecretEnvRange  hcl.Range         `hcl:"client_secret_env,attr_value_range"`
	Repo            string            `hcl:"repo"`
	WebURL          string            `hcl:"web_url,optional"`
	WebURLRange     hcl.Range         `hcl:"web_url,attr_value_range"`
	Roles           map[string]string `hcl:"roles,optional"`
	RolesRange      hcl.Range         `hcl:"roles,attr_value_range"`
}

var permissionNames = map[string]bool{"admin": true, "maintain": true, "write": true, "read": true}

func decodeForgeLogins(cfg *Config, blocks []*rawForgeLogin, opts Options) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, rl := range blocks {
		if rl.Kind != GitHub && rl.Kind != GitLab {
			diags = append(diags, errorAt(rl.KindRange, "Unsupported forge login", fmt.Sprintf("%q: forge_login is \"github\" or \"gitlab\".", rl.Kind)))
			continue
		}
		l := &ForgeLogin{Kind: rl.Kind, ClientID: rl.ClientID, Repo: rl.Repo, Roles: rl.Roles}
		for perm, scope := range rl.Roles {
			if !permissionNames[perm] || !scopeNames[scope] {
				diags = append(diags, errorAt(rl.RolesRange, "Invalid role", fmt.Sprintf("roles maps a permission (admin, maintain, write, read) to a scope (read, operate, admin), not %q = %q.", perm, scope)))
			}
		}
		sec, ds := secretFromEnv(opts, rl.ClientSecretEnv, rl.SecretEnvRange, "client_secret_env", "the OAuth client secret")
		diags = append(diags, ds...)
		l.ClientSecret = sec
		var api string
		if f := cfg.Forges[rl.Kind]; f != nil {
			api = f.APIURL
		}
		l.WebURL, l.APIURL = forgeURLs(rl.Kind, rl.WebURL, api)
		if u, err := url.Parse(l.WebURL); rl.WebURL != "" && (err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http")) {
			diags = append(diags, errorAt(rl.WebURLRange, "Invalid web_url", fmt.Sprintf("web_url must be the forge's http(s) address, not %q.", rl.WebURL)))
		}
		cfg.ForgeLogins = append(cfg.ForgeLogins, l)
	}
	return diags
}

// forgeURLs derives the forge's web address and API root from what the
// file gives (web_url, the forge block's api_url), defaulting to the
// public services.
func forgeURLs(kind, web, api string) (string, string) {
	web, api = strings.TrimRight(web, "/"), strings.TrimRight(api, "/")
	if kind == GitHub {
		switch {
		case web == "" && api == "":
			return "https://github.com", "https://api.github.com/"
		case web == "":
			return strings.TrimSuffix(api, "/api/v3"), api + "/"
		case api == "":
			return web, web + "/api/v3/"
		}
		return web, api + "/"
	}
	if api != "" && !strings.HasSuffix(api, "/api/v4") {
		api += "/api/v4"
	}
	switch {
	case web == "" && api == "":
		return "https://gitlab.com", "https://gitlab.com/api/v4/"
	case web == "":
		return strings.TrimSuffix(api, "/api/v4"), api + "/"
	case api == "":
		return web, web + "/api/v4/"
	}
	return web, api + "/"
}
