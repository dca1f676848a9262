package agent

import (
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/engine/agent/auth"
	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/web"
)

// sessionKeyFile holds the key that signs dashboard session cookies.
const sessionKeyFile = "session.key"

// newGuard builds the access control of the agent's HTTP server.
func (a *Agent) newGuard() (*auth.Guard, error) {
	key, err := sessionKey(a.conf().Server.DataDir)
	if err != nil {
		return nil, err
	}
	srv := a.conf().Server
	return &auth.Guard{
		Store:       a.store,
		Hosts:       auth.NewHosts(srv.PublicURL, srv.AllowedHosts, auth.IsLoopbackAddr(srv.Listen)),
		Sessions:    auth.NewSessions(key, srv.TLSCertFile != "" || httpsURL(srv.PublicURL), a.store),
		Disabled:    srv.AuthOff,
		MetricsAuth: srv.MetricsAuth,
		Log:         a.log.Named("auth"),
	}, nil
}

// newOIDC builds the dashboard's single sign-on, or returns nil.
func (a *Agent) newOIDC() *auth.OIDC {
	o := a.conf().OIDC
	if o == nil {
		return nil
	}
	roles := map[string]auth.Scope{}
	for k, v := range o.Roles {
		roles[k], _ = auth.ParseScope(v)
	}
	def, _ := auth.ParseScope(o.DefaultRole)
	return auth.NewOIDC(a.guard, auth.OIDCOptions{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret.Reveal(),
		Scopes: o.Scopes, RedirectURL: strings.TrimRight(a.conf().Server.PublicURL, "/") + "/auth/oidc/callback",
		RolesClaim: o.RolesClaim, Roles: roles, DefaultRole: def})
}

// sessionKey reads the session signing key from the data directory,
// creating it (random, mode 0600) on first start.
func sessionKey(dataDir string) ([]byte, error) {
	path := filepath.Join(dataDir, sessionKeyFile)
	key, err := os.ReadFile(path)
	if err == nil && len(key) >= 32 {
		return key, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("reading the session key: %w", err)
	}
	key = make([]byte, 32)
	rand.Read(key)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("writing the session key: %w", err)
	}
	return key, nil
}

// checkListen refuses to serve without authentication on an address other
// machines can reach, unless insecure_no_auth says to.
func checkListen(srv config.Server, addr net.Addr) error {
	if !srv.AuthOff || srv.InsecureNoAuth || auth.IsLoopbackAddr(addr.String()) {
		return nil
	}
	where := ""
	if srv.AuthRange.Filename != "" {
		where = fmt.Sprintf(" (auth = false at %s)", srv.AuthRange)
	}
	return fmt.Errorf("refusing to serve without authentication on %s, which is not a loopback address%s: "+
		"remove auth = false, listen on 127.0.0.1, or set insecure_no_auth = true (or -insecure-no-auth) "+
		"if something in front of the agent authenticates every request", addr, where)
}

// tlsConfig loads the configured certificate, or returns nil for HTTP.
func tlsConfig(srv config.Server) (*tls.Config, error) {
	if srv.TLSCertFile == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(srv.TLSCertFile, srv.TLSKeyFile)
	if err != nil {
		return nil, fmt.Errorf("loading tls_cert_file %s and tls_key_file %s: %w", srv.TLSCertFile, srv.TLSKeyFile, err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

func httpsURL(u string) bool { return len(u) > 8 && u[:8] == "https://" }

// hintTokens tells the operator how to get in when authentication is on
// and no token exists yet.
func (a *Agent) hintTokens() {
	if a.conf().Server.AuthOff {
		a.log.Warn("authentication is off (auth = false): anyone who can reach the agent can apply")
		return
	}
	ts, err := a.store.Tokens()
	if err == nil && len(ts) == 0 {
		a.log.Info("no API tokens yet: stop the agent and run `trueup agent token create -config=FILE -scope=admin`, or see docs/agent-security.md")
	}
}

// viewer tells the dashboard who looks at it, from the guard's context.
func viewer(r *http.Request) *web.Viewer {
	p := auth.FromContext(r.Context())
	if p == nil {
		return nil
	}
	csrf := auth.CSRFFromContext(r.Context())
	return &web.Viewer{Name: p.String(), Scope: p.Scope.String(), CSRF: csrf, SignedIn: csrf != "",
		CanOperate: p.Scope.Allows(auth.ScopeOperate) && (csrf != "" || p.Kind == auth.KindAnonymous)}
}
