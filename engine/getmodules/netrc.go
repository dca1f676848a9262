package getmodules

import (
	"net/http"
	"os"
	"path/filepath"

	"github.com/jdx/go-netrc"
)

// netrcAuth sets basic auth on an HTTP(S) request from the netrc file
// ($NETRC, else ~/.netrc) when its URL carries no credentials, as
// go-getter does for terraform: the machine named by the URL's host (with
// port when it has one), else the "default" entry. A missing or unreadable
// file means no credentials.
func netrcAuth(req *http.Request) {
	if req.URL.User != nil {
		return
	}
	if login, password, ok := netrcLookup(req.URL.Host); ok {
		req.SetBasicAuth(login, password)
	}
}

// netrcLookup finds the login and password for host in the netrc file.
func netrcLookup(host string) (login, password string, ok bool) {
	path := os.Getenv("NETRC")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", "", false
		}
		path = filepath.Join(home, ".netrc")
	}
	if info, err := os.Stat(path); err != nil || info.IsDir() || filepath.Ext(path) == ".gpg" {
		return "", "", false
	}
	n, err := netrc.Parse(path)
	if err != nil {
		return "", "", false
	}
	m := n.Machine(host)
	if m == nil {
		m = n.Machine("default")
	}
	if m == nil || m.Get("login") == "" {
		return "", "", false
	}
	return m.Get("login"), m.Get("password"), true
}
