package auth

import (
	"net/http"
	"strings"

	"github.com/trueup/trueup/engine/agent/htmlpage"
)

// loginCSRFCookie holds the login form's CSRF token (double submit: the
// form's field must equal the cookie).
const loginCSRFCookie = "trueup_login_csrf"

// loginPage is rendered with htmlpage, not html/template, for the size of
// the binary (docs/binary-size.md).
var loginPage = htmlpage.Must(htmlpage.New("login").Parse(loginHTML))

const loginHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · trueup</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body><main><h1>trueup</h1>
<section id="login">
{{if .Error}}<p class="error" id="login-error">{{.Error}}</p>{{end}}
{{if .SSO}}<p><a class="button" id="sso" href="/auth/oidc/login?next={{.Next}}">Sign in with {{.SSO}}</a></p>{{end}}
{{range .Links}}<p><a class="button" id="login-{{.ID}}" href="{{.Href}}?next={{$.Next}}">Sign in with {{.Label}}</a></p>{{end}}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<input type="hidden" name="next" value="{{.Next}}">
<label>API token <input type="password" name="token" id="token" autocomplete="off"></label>
<button type="submit" id="sign-in">Sign in</button>
</form>
</section></main></body></html>
`

// Login serves the dashboard's sign-in: GET /login shows the form (and the
// single sign-on link when sso names a provider), POST /login opens a
// session with an API token, POST /logout closes it. Every attempt is in
// the audit trail.
func (g *Guard) Login(mux *http.ServeMux, sso string) {
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		g.showLogin(w, r, sso, "", http.StatusOK)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(loginCSRFCookie)
		if err != nil || !csrfOK(r, c.Value) {
			g.Audit(r.RemoteAddr, nil, "login", "token", "denied", "missing or wrong CSRF token", 0)
			g.showLogin(w, r, sso, "The form expired: sign in again.", http.StatusForbidden)
			return
		}
		p, _, err := Authenticate(g.Store, strings.TrimSpace(r.PostFormValue("token")), g.now())
		if err != nil {
			g.Audit(r.RemoteAddr, nil, "login", "token", "denied", err.Error(), 0)
			g.showLogin(w, r, sso, "That token is invalid, expired or revoked.", http.StatusUnauthorized)
			return
		}
		g.Sessions.Issue(w, p)
		g.Audit(r.RemoteAddr, p, "login", "token", "ok", "", 0)
		http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
	})
	mux.HandleFunc("POST /logout", func(w http.ResponseWriter, r *http.Request) {
		p, csrf := g.Sessions.Principal(r)
		if p != nil && csrfOK(r, csrf) {
			g.Audit(r.RemoteAddr, p, "logout", "", "ok", "", 0)
			g.Sessions.Clear(w)
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	})
}

func (g *Guard) showLogin(w http.ResponseWriter, r *http.Request, sso, msg string, code int) {
	// Reuse the form's token while its cookie lives: a browser loading two
	// login pages (a favicon redirected here) keeps one valid form.
	csrf := ""
	if c, err := r.Cookie(loginCSRFCookie); err == nil && len(c.Value) >= 24 {
		csrf = c.Value
	} else {
		csrf = randomString(18)
		http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: csrf, Path: "/login", HttpOnly: true,
			Secure: g.Sessions.secure, SameSite: http.SameSiteStrictMode})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	next := r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		next = r.PostFormValue("next")
	}
	loginPage.Execute(w, map[string]any{"CSRF": csrf, "Next": localPath(next), "Error": msg, "SSO": sso, "Links": g.loginLinks})
}

// localPath keeps a redirect target on this site: a path, never "//host"
// or a URL.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}
