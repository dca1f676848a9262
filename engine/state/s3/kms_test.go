package s3_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// kmsProxy stands between a backend and gofakes3 as S3 with SSE-KMS
// would answer: every ETag is opaque (not the MD5 of the bytes; gofakes3
// does not emulate KMS), and, when armed, the next PUT of the state
// object lands but its answer is lost (a 500), so the SDK retries it.
type kmsProxy struct {
	URL string
	key string // the state object's path, /BUCKET/KEY

	mu      sync.Mutex
	real    map[string]string // opaque ETag hex -> gofakes3's
	failPut bool
	failed  int
}

var etagHex = regexp.MustCompile(`[0-9a-f]{32}`)

// opaque is the ETag hex KMS would give instead of gofakes3's MD5.
func (p *kmsProxy) opaque(real string) string {
	sum := sha256.Sum256([]byte("kms:" + real))
	o := hex.EncodeToString(sum[:16])
	p.mu.Lock()
	p.real[o] = real
	p.mu.Unlock()
	return o
}

func (p *kmsProxy) toReal(h string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return etagHex.ReplaceAllStringFunc(h, func(o string) string {
		if r, ok := p.real[o]; ok {
			return r
		}
		return o
	})
}

func startKMSProxy(t *testing.T, target, bucket, key string) *kmsProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &kmsProxy{key: "/" + bucket + "/" + key, real: map[string]string{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(r *http.Response) error {
		if e := r.Header.Get("ETag"); e != "" {
			r.Header.Set("ETag", etagHex.ReplaceAllStringFunc(e, p.opaque))
		}
		if strings.Contains(r.Header.Get("Content-Type"), "xml") {
			b, err := io.ReadAll(r.Body)
			if err != nil {
				return err
			}
			r.Body.Close()
			b = regexp.MustCompile(`<ETag>[^<]*</ETag>`).ReplaceAllFunc(b, func(m []byte) []byte {
				return []byte(etagHex.ReplaceAllStringFunc(string(m), p.opaque))
			})
			r.Body = io.NopCloser(bytes.NewReader(b))
			r.ContentLength = int64(len(b))
			r.Header.Set("Content-Length", strconv.Itoa(len(b)))
		}
		p.mu.Lock()
		lose := p.failPut && r.Request.Method == http.MethodPut && r.Request.URL.Path == p.key && r.StatusCode == http.StatusOK
		if lose {
			p.failPut = false
			p.failed++
		}
		p.mu.Unlock()
		if lose {
			// It landed; the client hears an internal error and retries.
			r.Body.Close()
			r.StatusCode = http.StatusInternalServerError
			b := []byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>`)
			r.Body = io.NopCloser(bytes.NewReader(b))
			r.ContentLength = int64(len(b))
			r.Header = http.Header{"Content-Type": {"application/xml"}, "Content-Length": {strconv.Itoa(len(b))}}
		}
		return nil
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range []string{"If-Match", "If-None-Match", "X-Amz-Copy-Source-If-Match"} {
			if v := r.Header.Get(h); v != "" {
				r.Header.Set(h, p.toReal(v))
			}
		}
		rp.ServeHTTP(w, r)
	})}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	p.URL = "http://" + l.Addr().String()
	return p
}

// Under SSE-KMS an ETag is not the MD5 of the bytes. A whole write
// retried after its first attempt landed (the answer lost) fails its
// condition (If-Match, or If-None-Match: * for the first write): the
// object then holds this client's bytes, which the client must recognise
// by their SHA-256 in the object's metadata, not by an ETag it cannot
// compute. Judged by the ETag alone, the write was refused as stale
// although it landed (the apply's final write failing, its state in
// errored.tfstate).
func TestRetriedWholeWriteThatLandedIsRecognisedUnderKMS(t *testing.T) {
	ctx := t.Context()
	sb := startSandbox(t, sandbox.Options{})
	raw := rawS3(t, sb.S3URL())
	bucket := newBucket(t, raw, false)
	const key = "kms/terraform.tfstate"
	p := startKMSProxy(t, sb.S3URL(), bucket, key)
	cfg := config(p.URL, bucket, key)
	b := mustNew(t, cfg, nil)
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	st := statetest.Sample(state.New().Lineage, 1, "kms")
	for serial := uint64(1); serial <= 3; serial++ {
		st.Serial = serial
		p.mu.Lock()
		p.failPut = serial <= 2 // the creating write, then a replacing one
		p.mu.Unlock()
		if err := b.Write(ctx, st); err != nil {
			if errors.Is(err, state.ErrStale) {
				t.Fatalf("write %d, retried after its first attempt landed, = %v; want it recognised as this client's", serial, err)
			}
			t.Fatalf("write %d: %v", serial, err)
		}
		got, err := mustNew(t, cfg, nil).Read(ctx)
		if err != nil || got == nil || got.Serial != serial {
			t.Fatalf("a fresh client read %v (%v); want serial %d", got, err, serial)
		}
	}
	if p.failed != 2 {
		t.Fatalf("%d writes lost their answer; want 2: the test did not exercise the retry", p.failed)
	}
}
