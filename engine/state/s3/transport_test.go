package s3_test

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

// TestCustomCABundleAndInsecureReachATLSServer puts the sandbox behind a
// TLS server with a certificate of its own: without custom_ca_bundle or
// insecure the backend refuses it; with either it writes the state.
func TestCustomCABundleAndInsecureReachATLSServer(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"tfstate"}})
	target, _ := url.Parse(sb.S3URL())
	tlsSrv := httptest.NewTLSServer(httputil.NewSingleHostReverseProxy(target))
	defer tlsSrv.Close()
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw})
	if err := os.WriteFile(bundle, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	write := func(key string, edit func(*s3backend.Config)) error {
		cfg := config(tlsSrv.URL, "tfstate", key)
		cfg.MaxRetries = -1
		edit(&cfg)
		return mustNew(t, cfg, nil).Write(ctx, statetest.Sample(state.New().Lineage, 1, "tls"))
	}
	if err := write("plain", func(*s3backend.Config) {}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a server of an unknown authority: write = %v, want a certificate error", err)
	}
	if err := write("bundle", func(c *s3backend.Config) { c.CustomCABundle = bundle }); err != nil {
		t.Errorf("with custom_ca_bundle: %v", err)
	}
	if err := write("insecure", func(c *s3backend.Config) { c.Insecure = true }); err != nil {
		t.Errorf("with insecure: %v", err)
	}
}

// TestHTTPProxyCarriesTheRequests names the endpoint by a host that does
// not resolve, and an HTTP proxy that forwards to the sandbox: the state
// is written only through the proxy, which saw every request.
func TestHTTPProxyCarriesTheRequests(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"tfstate"}})
	target, _ := url.Parse(sb.S3URL())
	var proxied atomic.Int64
	forward := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Host != "s3.sandbox.invalid" {
			http.Error(w, "not the endpoint: "+r.URL.Host, http.StatusBadGateway)
			return
		}
		proxied.Add(1)
		r.Host = target.Host
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	cfg := config("http://s3.sandbox.invalid", "tfstate", "proxied")
	cfg.HTTPProxy = proxy.URL
	b := mustNew(t, cfg, nil)
	if err := b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "proxy")); err != nil {
		t.Fatalf("write through http_proxy: %v", err)
	}
	if got, err := b.Read(ctx); err != nil || got.Serial != 1 {
		t.Fatalf("read through http_proxy = %v, %v", got, err)
	}
	if proxied.Load() == 0 {
		t.Error("no request went through the proxy")
	}
	cfg.NoProxy = "s3.sandbox.invalid"
	cfg.MaxRetries = -1
	if err := mustNew(t, cfg, nil).Write(ctx, statetest.Sample(state.New().Lineage, 1, "proxy")); err == nil {
		t.Error("with no_proxy naming the endpoint, the unresolvable host was reached")
	}
}
