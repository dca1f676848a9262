package agent

import (
	"net/http"
	"strings"

	"github.com/trueup/trueup/engine/agent/auth"
	"github.com/trueup/trueup/engine/agent/config"
)

// registerForgeLogins adds the dashboard's sign-ins through the forges'
// OAuth apps (forge_login blocks).
func (a *Agent) registerForgeLogins(mux *http.ServeMux) {
	for _, l := range a.conf().ForgeLogins {
		var roles map[string]auth.Scope
		if l.Roles != nil {
			roles = map[string]auth.Scope{}
			for perm, s := range l.Roles {
				roles[perm], _ = auth.ParseScope(s)
			}
		}
		label, authPath, tokenPath := "GitHub", "/login/oauth/authorize", "/login/oauth/access_token"
		if l.Kind == config.GitLab {
			label, authPath, tokenPath = "GitLab", "/oauth/authorize", "/oauth/token"
		}
		auth.NewForgeLogin(a.guard, auth.ForgeLoginOptions{Kind: l.Kind, Label: label, ClientID: l.ClientID,
			ClientSecret: l.ClientSecret.Reveal(), AuthURL: l.WebURL + authPath, TokenURL: l.WebURL + tokenPath,
			APIURL: l.APIURL, Repo: l.Repo, Roles: roles,
			RedirectURL: strings.TrimRight(a.conf().Server.PublicURL, "/") + "/auth/" + l.Kind + "/callback"}).Register(mux)
	}
}
