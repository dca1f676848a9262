package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestAgentServesHTTPS: with tls_cert_file and tls_key_file the agent
// serves HTTPS only (a plain HTTP request is refused), its public URL
// defaults to https, tokens work over it, and the session cookie is
// Secure.
func TestAgentServesHTTPS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, _, pool := selfSignedCert(t, dir)
	addr := freePort(t)
	data := t.TempDir()
	cfg := filepath.Join(dir, "agent.hcl")
	src := fmt.Sprintf("server {\n  listen        = %q\n  data_dir      = %q\n  tls_cert_file = \"cert.pem\"\n  tls_key_file  = \"key.pem\"\n}\n", addr, data)
	if err := os.WriteFile(cfg, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	a := startAgentAt(t, "https://"+addr, client, cfg, data, nil)

	if code, _, body := a.call("GET", "/api/stacks", a.token, nil, ""); code != 200 {
		t.Errorf("GET /api/stacks over HTTPS with a token: %d %s", code, body)
	}
	if code, _, _ := a.call("GET", "/api/stacks", "", nil, ""); code != 401 {
		t.Errorf("GET /api/stacks over HTTPS without a token: %d, want 401", code)
	}
	resp, err := http.Get("http://" + addr + "/api/stacks")
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(string(b), "stacks") {
			t.Errorf("plain HTTP to the HTTPS agent: %d %s", resp.StatusCode, b)
		}
	}
	if !strings.Contains(a.log.String(), "dashboard=https://"+addr) {
		t.Errorf("the public URL does not default to https://%s:\n%s", addr, a.log.String())
	}

	// Signing in over HTTPS sets a Secure cookie.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: client.Transport}
	resp, err = c.Get(a.url + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no login form:\n%s", page)
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = c.PostForm(a.url+"/login", url.Values{"csrf": {string(m[1])}, "token": {a.token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if sc := resp.Header.Get("Set-Cookie"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(sc, "trueup_session=") || !strings.Contains(sc, "; Secure") {
		t.Errorf("login over HTTPS: %d, Set-Cookie %q, want a Secure session cookie", resp.StatusCode, sc)
	}
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key to dir as
// cert.pem and key.pem, and returns a pool that trusts it.
func selfSignedCert(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "trueup test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
