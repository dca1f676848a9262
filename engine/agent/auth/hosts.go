package auth

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// Hosts decides which Host headers and which Origins the agent accepts:
// the Host check stops DNS rebinding (a hostile name resolving to the
// agent's address), the Origin check stops pages of other sites from
// driving the API through a browser.
type Hosts struct {
	// allowed are lower-case "host" (any port) or "host:port" entries.
	allowed  []string
	loopback bool
	// public is the origin of public_url ("https://trueup.example.com").
	public string
}

// NewHosts accepts the host of publicURL and the allowed entries ("host"
// for any port, "host:port"), and, when loopback is set, localhost and
// loopback addresses on any port.
func NewHosts(publicURL string, allowed []string, loopback bool) *Hosts {
	h := &Hosts{loopback: loopback}
	if u, err := url.Parse(publicURL); err == nil && u.Host != "" {
		h.public = originOf(u)
		h.allowed = append(h.allowed, strings.ToLower(u.Host))
	}
	for _, a := range allowed {
		h.allowed = append(h.allowed, strings.ToLower(a))
	}
	return h
}

// HostAllowed reports whether a request's Host header names this agent.
func (h *Hosts) HostAllowed(hostport string) bool {
	hostport = strings.ToLower(hostport)
	host := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		host = hh
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if host == "" {
		return false
	}
	if h.loopback && isLoopbackHost(host) {
		return true
	}
	for _, a := range h.allowed {
		if a == hostport || a == host || strings.Trim(a, "[]") == host {
			return true
		}
	}
	return false
}

// OriginAllowed reports whether a request comes from the agent's own
// pages: its Origin (or, without one, its Referer) is the public URL's
// origin or the request's own. Requests with neither header (curl, CI, the
// forges' webhooks) are not from a browser page and pass.
func (h *Hosts) OriginAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		ref := r.Header.Get("Referer")
		if ref == "" {
			return true
		}
		u, err := url.Parse(ref)
		if err != nil || u.Host == "" {
			return false
		}
		origin = originOf(u)
	} else {
		u, err := url.Parse(origin)
		if err != nil || u.Host == "" {
			return false // includes "null"
		}
		origin = originOf(u)
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	own := originOf(&url.URL{Scheme: scheme, Host: r.Host})
	return origin == own || (h.public != "" && origin == h.public)
}

// originOf is scheme://host[:port] in lower case, without a default port.
func originOf(u *url.URL) string {
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if (scheme == "http" && strings.HasSuffix(host, ":80")) || (scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	return scheme + "://" + host
}

func isLoopbackHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// IsLoopbackAddr reports whether a listen address ("127.0.0.1:8080",
// "[::1]:80", "localhost:8080") accepts connections from this machine only.
func IsLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return host != "" && isLoopbackHost(strings.ToLower(host))
}
