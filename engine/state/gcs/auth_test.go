package gcs_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// seenRequest is what the recording proxy saw of one storage request.
type seenRequest struct {
	method, path, query, auth, keySHA256, body string
}

// recordingProxy forwards to the sandbox's GCS emulator and records each
// request: the emulator accepts tokens and keys without checking them,
// so what trueup sends is asserted here.
func recordingProxy(t *testing.T, sb *sandbox.Sandbox) (string, func() []seenRequest) {
	t.Helper()
	target, _ := url.Parse(sb.GCSURL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	var seen []seenRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		mu.Lock()
		seen = append(seen, seenRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization"), r.Header.Get("X-Goog-Encryption-Key-Sha256"), string(body)})
		mu.Unlock()
		r.Host = target.Host
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []seenRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]seenRequest(nil), seen...)
	}
}

// TestAccessTokenAndKMSKeyAsTerraform configures the backend with an
// access token and a KMS key: every storage request carries the token,
// and uploads name the key.
func TestAccessTokenAndKMSKeyAsTerraform(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"tfstate"}})
	endpoint, seen := recordingProxy(t, sb)
	cfg := config(endpoint, "tfstate", "kms")
	cfg.AccessToken = "an-access-token"
	cfg.KMSEncryptionKey = "projects/p/locations/global/keyRings/r/cryptoKeys/state"
	b := mustNew(t, cfg, nil)
	if err := b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "kms")); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Read(ctx); err != nil || got.Serial != 1 {
		t.Fatalf("Read = %v, %v", got, err)
	}
	uploadsNamingKey := 0
	for _, r := range seen() {
		if r.auth != "Bearer an-access-token" {
			t.Errorf("%s %s carried %q, not the access token", r.method, r.path, r.auth)
		}
		if strings.HasPrefix(r.path, "/upload/") && strings.Contains(r.query+r.body, "cryptoKeys%2Fstate") {
			uploadsNamingKey++
		}
	}
	if uploadsNamingKey == 0 {
		t.Errorf("no upload named the KMS key:\n%+v", seen())
	}
}

// TestImpersonationAsksTheIAMCredentialsAPI configures the backend to
// impersonate a service account. No IAM Credentials API runs here (and
// the library calls Google's, whose address it does not let callers
// change), so the test checks the wiring it can see: the account's token
// is asked of the IAM Credentials API for that principal, the failure
// says so, and no storage request goes out with the base credentials.
func TestImpersonationAsksTheIAMCredentialsAPI(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"tfstate"}})
	endpoint, seen := recordingProxy(t, sb)
	cfg := config(endpoint, "tfstate", "imp")
	cfg.MaxRetries = -1
	cfg.AccessToken = "base-token"
	cfg.ImpersonateServiceAccount = "state@p.iam.gserviceaccount.com"
	b := mustNew(t, cfg, nil)
	err := b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "imp"))
	if err == nil || !strings.Contains(err.Error(), "serviceAccounts/state@p.iam.gserviceaccount.com:generateAccessToken") {
		t.Fatalf("Write = %v, want the IAM Credentials API asked for the account's token", err)
	}
	if strings.Contains(err.Error(), "base-token") {
		t.Errorf("the error quotes the access token: %v", err)
	}
	for _, r := range seen() {
		if strings.Contains(r.auth, "base-token") {
			t.Errorf("%s %s went out with the base credentials", r.method, r.path)
		}
	}
}

// TestCustomerSuppliedKeyEncryptsTheStateObjects checks encryption_key:
// the state object's requests carry the key (its hash, with the key
// itself), and the lock object's do not, as Terraform's backend does.
func TestCustomerSuppliedKeyEncryptsTheStateObjects(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"tfstate"}})
	endpoint, seen := recordingProxy(t, sb)
	key := bytes.Repeat([]byte{7}, 32)
	sum := sha256.Sum256(key)
	cfg := config(endpoint, "tfstate", "csek")
	cfg.EncryptionKey = base64.StdEncoding.EncodeToString(key)
	b := mustNew(t, cfg, nil)
	if _, err := b.Lock(ctx, &state.LockInfo{Operation: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "csek")); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Read(ctx); err != nil || got.Serial != 1 {
		t.Fatalf("Read = %v, %v", got, err)
	}
	keyed, lockKeyed := 0, 0
	for _, r := range seen() {
		switch {
		case strings.Contains(r.path+r.query+r.body, "csek%2Fdefault.tflock") || strings.Contains(r.path+r.query+r.body, "csek/default.tflock"):
			if r.keySHA256 != "" {
				lockKeyed++
			}
		case strings.Contains(r.path+r.query+r.body, "default.tfstate") && r.keySHA256 == base64.StdEncoding.EncodeToString(sum[:]):
			keyed++
		}
	}
	if keyed == 0 || lockKeyed != 0 {
		t.Errorf("requests with the key: %d of the state object (want some), %d of the lock object (want none):\n%+v", keyed, lockKeyed, seen())
	}
}
