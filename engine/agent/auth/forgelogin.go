package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Forge kinds whose OAuth sign-in ForgeLogin speaks.
const (
	ForgeGitHub = "github"
	ForgeGitLab = "gitlab"
)

// Repository permission levels, as GitHub names them; GitLab's access
// levels are mapped to them (owner: admin, maintainer: maintain,
// developer: write, reporter and guest: read).
const (
	LevelAdmin    = "admin"
	LevelMaintain = "maintain"
	LevelWrite    = "write"
	LevelRead     = "read"
)

// DefaultForgeRoles maps repository permissions to scopes when the
// configuration does not.
var DefaultForgeRoles = map[string]Scope{LevelAdmin: ScopeAdmin, LevelMaintain: ScopeOperate, LevelWrite: ScopeOperate, LevelRead: ScopeRead}

// ForgeLoginOptions configure sign-in through a forge's OAuth app.
type ForgeLoginOptions struct {
	// Kind is ForgeGitHub or ForgeGitLab; Label names it on the login page.
	Kind, Label            string
	ClientID, ClientSecret string
	// AuthURL and TokenURL are the forge's OAuth endpoints; APIURL its
	// REST API root (ending in "/").
	AuthURL, TokenURL, APIURL string
	// Repo is the repository ("owner/name", GitLab: the project path)
	// whose permission gives the user's scope through Roles.
	Repo        string
	Roles       map[string]Scope
	RedirectURL string
	// Client is the HTTP client for the forge (nil: the default).
	Client *http.Client
}

// ForgeLogin signs users in with a forge's OAuth authorization-code flow
// (state and PKCE), reads who they are and their permission on Repo with
// their token, and opens a session with the scope Roles gives it.
type ForgeLogin struct {
	opts ForgeLoginOptions
	g    *Guard
}

// NewForgeLogin prepares a forge sign-in.
func NewForgeLogin(g *Guard, opts ForgeLoginOptions) *ForgeLogin {
	if opts.Roles == nil {
		opts.Roles = DefaultForgeRoles
	}
	if !strings.HasSuffix(opts.APIURL, "/") {
		opts.APIURL += "/"
	}
	return &ForgeLogin{opts: opts, g: g}
}

// Register adds GET /auth/KIND/login and GET /auth/KIND/callback, and a
// link on the login page.
func (f *ForgeLogin) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /auth/"+f.opts.Kind+"/login", f.login)
	mux.HandleFunc("GET /auth/"+f.opts.Kind+"/callback", f.callback)
	f.g.loginLinks = append(f.g.loginLinks, loginLink{ID: f.opts.Kind, Href: "/auth/" + f.opts.Kind + "/login", Label: f.opts.Label})
}

func (f *ForgeLogin) cookie() string { return "trueup_" + f.opts.Kind }
func (f *ForgeLogin) path() string   { return "/auth/" + f.opts.Kind + "/" }

func (f *ForgeLogin) oauth() *oauth2.Config {
	scopes := []string{"read:user", "repo"}
	if f.opts.Kind == ForgeGitLab {
		scopes = []string{"read_api"}
	}
	return &oauth2.Config{ClientID: f.opts.ClientID, ClientSecret: f.opts.ClientSecret, RedirectURL: f.opts.RedirectURL, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: f.opts.AuthURL, TokenURL: f.opts.TokenURL}}
}

func (f *ForgeLogin) login(w http.ResponseWriter, r *http.Request) {
	st := oidcState{State: randomString(18), Verifier: oauth2.GenerateVerifier(),
		Next: localPath(r.URL.Query().Get("next")), Expires: f.g.now().Add(10 * time.Minute).Unix()}
	f.g.setSignInState(w, f.cookie(), f.path(), f.opts.Kind, st)
	http.Redirect(w, r, f.oauth().AuthCodeURL(st.State, oauth2.S256ChallengeOption(st.Verifier)), http.StatusFound)
}

func (f *ForgeLogin) readState(r *http.Request) (*oidcState, error) {
	return f.g.readSignInState(r, f.cookie(), f.opts.Kind)
}

func (f *ForgeLogin) callback(w http.ResponseWriter, r *http.Request) {
	fail := func(code int, msg, detail string) {
		f.g.Audit(r.RemoteAddr, nil, "login", f.opts.Kind, "denied", detail, 0)
		f.g.Log.Warn("forge sign-in refused", "forge", f.opts.Kind, "reason", detail, "remote", r.RemoteAddr)
		writeError(w, code, msg)
	}
	http.SetCookie(w, &http.Cookie{Name: f.cookie(), Value: "", Path: f.path(), MaxAge: -1})
	st, err := f.readState(r)
	if err != nil || r.URL.Query().Get("state") != st.State {
		fail(http.StatusBadRequest, "the sign-in did not start here or expired: sign in again", "state mismatch")
		return
	}
	if e := r.URL.Query().Get("error"); e != "" {
		fail(http.StatusUnauthorized, "the forge refused the sign-in: "+e, "forge error "+e)
		return
	}
	ctx := r.Context()
	if f.opts.Client != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, f.opts.Client)
	}
	tok, err := f.oauth().Exchange(ctx, r.URL.Query().Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		fail(http.StatusUnauthorized, "the sign-in code was refused", "code exchange failed")
		return
	}
	client := f.oauth().Client(ctx, tok)
	user, level, err := f.identify(ctx, client)
	if err != nil {
		fail(http.StatusBadGateway, "trueup could not read who you are from the forge", err.Error())
		return
	}
	scope := f.opts.Roles[level]
	if scope == ScopeNone {
		fail(http.StatusForbidden, fmt.Sprintf("%s has no role in trueup: their permission on %s is %q", user, f.opts.Repo, level),
			fmt.Sprintf("%s: permission %q on %s maps to no role", user, level, f.opts.Repo))
		return
	}
	p := &Principal{Kind: KindUser, ID: f.opts.Kind + ":" + user, Name: f.opts.Kind + ":" + user, Scope: scope}
	f.g.Sessions.Issue(w, p)
	f.g.Audit(r.RemoteAddr, p, "login", f.opts.Kind, "ok", fmt.Sprintf("permission %s on %s: scope %s", level, f.opts.Repo, scope), 0)
	http.Redirect(w, r, st.Next, http.StatusSeeOther)
}

// identify returns the signed-in user's name and permission on Repo
// ("" when they have none), asked with their own token.
func (f *ForgeLogin) identify(ctx context.Context, c *http.Client) (string, string, error) {
	if f.opts.Kind == ForgeGitLab {
		var u struct{ Username string }
		if err := f.get(ctx, c, "user", &u); err != nil {
			return "", "", err
		}
		var p struct {
			Permissions struct {
				ProjectAccess *struct {
					AccessLevel int `json:"access_level"`
				} `json:"project_access"`
				GroupAccess *struct {
					AccessLevel int `json:"access_level"`
				} `json:"group_access"`
			}
		}
		if err := f.get(ctx, c, "projects/"+url.PathEscape(f.opts.Repo), &p); err != nil {
			return u.Username, "", nil
		}
		best := 0
		for _, a := range []*struct {
			AccessLevel int `json:"access_level"`
		}{p.Permissions.ProjectAccess, p.Permissions.GroupAccess} {
			if a != nil && a.AccessLevel > best {
				best = a.AccessLevel
			}
		}
		return u.Username, gitlabLevel(best), nil
	}
	var u struct{ Login string }
	if err := f.get(ctx, c, "user", &u); err != nil {
		return "", "", err
	}
	var repo struct {
		Permissions map[string]bool
	}
	if err := f.get(ctx, c, "repos/"+f.opts.Repo, &repo); err != nil {
		return u.Login, "", nil // no access to the repository
	}
	for _, level := range []string{"admin", "maintain", "push", "triage", "pull"} {
		if repo.Permissions[level] {
			switch level {
			case "push":
				return u.Login, LevelWrite, nil
			case "triage", "pull":
				return u.Login, LevelRead, nil
			}
			return u.Login, level, nil
		}
	}
	return u.Login, "", nil
}

func gitlabLevel(n int) string {
	switch {
	case n >= 50:
		return LevelAdmin
	case n >= 40:
		return LevelMaintain
	case n >= 30:
		return LevelWrite
	case n >= 10:
		return LevelRead
	}
	return ""
}

func (f *ForgeLogin) get(ctx context.Context, c *http.Client, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.opts.APIURL+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
