package config

import (
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// decodeAccess reads the server block's access settings: auth,
// insecure_no_auth, metrics_auth, allowed_hosts, tls_cert_file and
// tls_key_file.
func decodeAccess(s *Server, rs *rawServer, baseDir string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	s.AuthOff = rs.Auth != nil && !*rs.Auth
	s.AuthRange = rs.AuthRange
	s.InsecureNoAuth, s.MetricsAuth = rs.InsecureNoAuth, rs.MetricsAuth
	for _, h := range rs.AllowedHosts {
		if h == "" || strings.ContainsAny(h, "/ ") || strings.Contains(h, "://") {
			diags = append(diags, errorAt(rs.AllowedHostsRange, "Invalid allowed_hosts",
				"allowed_hosts lists host names as the Host header gives them, \"trueup.example.com\" (any port) or \"trueup.internal:8080\", not URLs; got "+quote(h)+"."))
			continue
		}
		if strings.Count(h, ":") == 1 || strings.HasPrefix(h, "[") {
			_, port, err := net.SplitHostPort(h)
			if _, perr := strconv.ParseUint(port, 10, 16); err != nil || perr != nil {
				diags = append(diags, errorAt(rs.AllowedHostsRange, "Invalid allowed_hosts", "Cannot read "+quote(h)+" as host:port with a port number."))
				continue
			}
		}
		s.AllowedHosts = append(s.AllowedHosts, h)
	}
	if (rs.TLSCertFile == "") != (rs.TLSKeyFile == "") {
		rng := rs.TLSCertRange
		if rs.TLSCertFile == "" {
			rng = rs.TLSKeyRange
		}
		diags = append(diags, errorAt(rng, "Incomplete TLS settings", "HTTPS needs both tls_cert_file (the certificate chain, PEM) and tls_key_file (its private key, PEM)."))
	}
	s.TLSCertFile, s.TLSKeyFile = absPath(rs.TLSCertFile, baseDir), absPath(rs.TLSKeyFile, baseDir)
	if host, _, err := net.SplitHostPort(s.Listen); err == nil && !loopbackHost(host) && rs.PublicURL == "" && len(s.AllowedHosts) == 0 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "No public_url or allowed_hosts",
			Detail: "The agent listens on " + s.Listen + " but knows no host name to answer for: requests for other hosts " +
				"get 421 (this stops DNS rebinding). Set public_url to where people and forges reach the agent, " +
				"or list the names in allowed_hosts.", Subject: rs.DefRange.Ptr()})
	}
	return diags
}

func absPath(p, baseDir string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(baseDir, p)
}

func quote(s string) string { return "\"" + s + "\"" }

// loopbackHost reports a listen host that only this machine reaches.
func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
