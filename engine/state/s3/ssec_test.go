package s3_test

import (
	"bytes"
	"context"
	"crypto/md5" //nolint:gosec // S3's SSE-C key check is MD5
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

// TestCustomerKeyOnEveryObjectCall: with encrypt and sse_customer_key,
// every object call the backend makes (reads, heads, writes, the copies
// that keep history) carries the SSE-C key and its MD5, as S3 needs them
// to encrypt and decrypt, and none asks for SSE-S3 beside it; the key is
// in no log line. The requests are recorded by a proxy in front of the
// sandbox.
func TestCustomerKeyOnEveryObjectCall(t *testing.T) {
	ctx := context.Background()
	key := bytes.Repeat([]byte{7}, 32)
	encoded := base64.StdEncoding.EncodeToString(key)
	sum := md5.Sum(key) //nolint:gosec
	digest := base64.StdEncoding.EncodeToString(sum[:])

	sb := startSandbox(t, sandbox.Options{})
	bucket := newBucket(t, rawS3(t, sb.S3URL()), false)
	target, _ := url.Parse(sb.S3URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	var seen []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Clone(context.Background()))
		mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()

	var logs bytes.Buffer
	cfg := config(srv.URL, bucket, "env/prod.tfstate")
	cfg.Encrypt, cfg.SSECustomerKey = true, key
	b := mustNew(t, cfg, hclog.New(&hclog.LoggerOptions{Output: &logs, Level: hclog.Trace}))
	lineage := state.New().Lineage
	for serial := uint64(1); serial <= 3; serial++ {
		if err := b.Write(ctx, statetest.Sample(lineage, serial, "ssec")); err != nil {
			t.Fatalf("write serial %d: %v", serial, err)
		}
	}
	if got, err := b.Read(ctx); err != nil || got.Serial != 3 {
		t.Fatalf("read back %v, %v", got, err)
	}

	objectCalls, copies := 0, 0
	for _, r := range seen {
		if _, listing := r.URL.Query()["list-type"]; listing || r.Method == http.MethodDelete || r.URL.Query().Has("versioning") || r.URL.Path == "/"+bucket {
			continue
		}
		objectCalls++
		what := r.Method + " " + r.URL.RequestURI()
		if r.Header.Get("X-Amz-Server-Side-Encryption-Customer-Algorithm") != "AES256" ||
			r.Header.Get("X-Amz-Server-Side-Encryption-Customer-Key") != encoded ||
			r.Header.Get("X-Amz-Server-Side-Encryption-Customer-Key-Md5") != digest {
			t.Errorf("%s lacks the SSE-C key: %v", what, r.Header)
		}
		if r.Header.Get("X-Amz-Server-Side-Encryption") != "" {
			t.Errorf("%s asks for SSE-S3 beside SSE-C", what)
		}
		if r.Header.Get("X-Amz-Copy-Source") != "" {
			copies++
			if r.Header.Get("X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key") != encoded ||
				r.Header.Get("X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key-Md5") != digest {
				t.Errorf("%s copies without the source's SSE-C key", what)
			}
		}
	}
	if objectCalls < 4 || copies == 0 {
		t.Errorf("%d object calls, %d copies recorded: the test saw too little", objectCalls, copies)
	}
	if strings.Contains(logs.String(), encoded) {
		t.Error("the key is in the backend's log")
	}
}

// TestCustomerKeyConfiguration: sse_customer_key, or else
// AWS_SSE_CUSTOMER_KEY, is checked as Terraform checks it, and no error
// quotes it.
func TestCustomerKeyConfiguration(t *testing.T) {
	good := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32))
	obj := func(extra map[string]cty.Value) cty.Value {
		vals := map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "region": cty.StringVal("us-east-1"), "encrypt": cty.True}
		for k, v := range extra {
			vals[k] = v
		}
		return cty.ObjectVal(vals)
	}
	c, err := s3backend.ConfigFromValue(obj(map[string]cty.Value{"sse_customer_key": cty.StringVal(good)}))
	if err != nil || len(c.SSECustomerKey) != 32 || c.SSECustomerKey[0] != 9 {
		t.Fatalf("a good key: %v, %v", c.SSECustomerKey, err)
	}
	t.Setenv("AWS_SSE_CUSTOMER_KEY", good)
	if c, err := s3backend.ConfigFromValue(obj(nil)); err != nil || len(c.SSECustomerKey) != 32 {
		t.Fatalf("AWS_SSE_CUSTOMER_KEY: %v, %v", c.SSECustomerKey, err)
	}
	t.Setenv("AWS_SSE_CUSTOMER_KEY", "")
	for name, tc := range map[string]struct {
		extra map[string]cty.Value
		want  string
	}{
		"short":          {map[string]cty.Value{"sse_customer_key": cty.StringVal("c2hvcnQ=")}, "must be 44 characters in length"},
		"not base64":     {map[string]cty.Value{"sse_customer_key": cty.StringVal(strings.Repeat("!", 44))}, "must be a base64-encoded 256-bit key"},
		"with a KMS key": {map[string]cty.Value{"sse_customer_key": cty.StringVal(good), "kms_key_id": cty.StringVal("alias/state")}, `only one of "kms_key_id" and "sse_customer_key"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s3backend.ConfigFromValue(obj(tc.extra))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), good) || strings.Contains(err.Error(), "!!!!") {
				t.Errorf("the error quotes the key: %v", err)
			}
		})
	}
}
