package aws

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/zclconf/go-cty/cty"
)

// recorded is one request a leanServer received.
type recorded struct {
	method, uri, host string
	header            http.Header
	body              []byte
}

// leanServer records every request and answers each with answer(n), n
// counting requests from 0, or when answer is nil or returns false with a
// 200 and an ETag.
type leanServer struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []recorded
	answer func(n int, r *http.Request, w http.ResponseWriter) bool
}

func newLeanServer(t *testing.T, useTLS bool) *leanServer {
	s := &leanServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, recorded{r.Method, r.RequestURI, r.Host, r.Header.Clone(), body})
		answer := s.answer
		s.mu.Unlock()
		if answer != nil && answer(n, r, w) {
			return
		}
		w.Header().Set("ETag", `"0123456789abcdef0123456789abcdef"`)
	})
	if useTLS {
		s.Server = httptest.NewTLSServer(h)
	} else {
		s.Server = httptest.NewServer(h)
	}
	t.Cleanup(s.Close)
	return s
}

// take returns the requests received since the last take.
func (s *leanServer) take() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.reqs
	s.reqs = nil
	return r
}

// client is a provider client whose every connection goes to s, whatever
// the host its endpoint names (so that AWS's own endpoints can be used),
// with s's TLS certificate not verified.
func (s *leanServer) client(t *testing.T, st settings) *client {
	t.Helper()
	if st.accessKey == "" {
		st.accessKey, st.secretKey = "AKIDLEAN", "lean-secret"
	}
	cfg, err := loadConfig(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	addr := s.Listener.Addr().String()
	cfg.HTTPClient = awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the test server's certificate
	})
	return newClient(cfg, st)
}

// signedHeaders is the SignedHeaders list of an Authorization header.
func signedHeaders(auth string) []string {
	_, rest, _ := strings.Cut(auth, "SignedHeaders=")
	list, _, _ := strings.Cut(rest, ",")
	return strings.Split(list, ";")
}

// credentialScope is the region/service part of an Authorization header's
// credential scope.
func credentialScope(auth string) string {
	_, rest, _ := strings.Cut(auth, "Credential=")
	cred, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(cred, "/")
	return strings.Join(parts[2:], "/")
}

// sdkOnlyHeaders are what the SDK sends and the lean calls do not: its
// telemetry, and its User-Agent (unsigned), which would name the SDK.
var sdkOnlyHeaders = []string{"Amz-Sdk-Invocation-Id", "Amz-Sdk-Request", "User-Agent"}

// sameRequest fails t unless lean is the request sdk is, but for its time,
// signature and sdkOnlyHeaders.
func sameRequest(t *testing.T, sdk, lean recorded) {
	t.Helper()
	if sdk.method != lean.method || sdk.uri != lean.uri || sdk.host != lean.host {
		t.Errorf("lean request %s %s (host %s), the SDK's %s %s (host %s)", lean.method, lean.uri, lean.host, sdk.method, sdk.uri, sdk.host)
	}
	if !bytes.Equal(sdk.body, lean.body) {
		t.Errorf("lean body %q, the SDK's %q", lean.body, sdk.body)
	}
	if got := lean.header.Get("User-Agent"); got != leanUserAgent {
		t.Errorf("lean User-Agent %q", got)
	}
	var sdkSigned []string
	for _, h := range signedHeaders(sdk.header.Get("Authorization")) {
		if h != "amz-sdk-invocation-id" && h != "amz-sdk-request" {
			sdkSigned = append(sdkSigned, h)
		}
	}
	if got := signedHeaders(lean.header.Get("Authorization")); !reflect.DeepEqual(got, sdkSigned) {
		t.Errorf("lean signed headers %v, the SDK's %v", got, sdkSigned)
	}
	if got, want := credentialScope(lean.header.Get("Authorization")), credentialScope(sdk.header.Get("Authorization")); got != want {
		t.Errorf("lean credential scope %s, the SDK's %s", got, want)
	}
	strip := func(h http.Header) http.Header {
		h = h.Clone()
		for _, name := range append([]string{"X-Amz-Date", "Authorization"}, sdkOnlyHeaders...) {
			h.Del(name)
		}
		return h
	}
	if got, want := strip(lean.header), strip(sdk.header); !reflect.DeepEqual(got, want) {
		t.Errorf("lean headers\n%v\nthe SDK's\n%v", got, want)
	}
}

// everyPutField is a PutObjectInput setting every field the lean
// PutObject sends.
func everyPutField(bucket, key string) *s3.PutObjectInput {
	return &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), ContentType: aws.String("text/html; charset=utf-8"),
		CacheControl: aws.String("max-age=60"), ContentEncoding: aws.String("gzip"), ContentDisposition: aws.String(`attachment; filename="x.html"`),
		ContentLanguage: aws.String("de-CH"), WebsiteRedirectLocation: aws.String("/elsewhere"),
		Metadata:    map[string]string{"Foo": "bar", "lower_case": "x", "mixed-Case": " spaced "},
		SSEKMSKeyId: aws.String("alias/objects"), ServerSideEncryption: s3types.ServerSideEncryptionAwsKms,
		StorageClass: s3types.StorageClassStandardIa, Tagging: aws.String("env=prod&team=a%20b"),
	}
}

// TestLeanPutObjectSendsWhatTheSDKSends compares, request by request, the
// lean PutObject with the SDK's for the same input: URL (path-style at a
// custom endpoint, virtual-hosted at AWS's, a dotted bucket), headers,
// body (aws-chunked with a CRC32 trailer over TLS, a CRC32 header and a
// signed payload over HTTP) and what is signed.
func TestLeanPutObjectSendsWhatTheSDKSends(t *testing.T) {
	cases := []struct {
		name     string
		tls      bool
		settings settings
		in       *s3.PutObjectInput
	}{
		{"path style at a custom endpoint, over HTTP", false, settings{region: "us-east-1", pathStyle: true},
			&s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String("objects/a b/c+d~e=f&g"), ContentType: aws.String("text/plain")}},
		{"every field, with a session token", false, settings{region: "eu-west-1", pathStyle: true, token: "session-token"},
			everyPutField("bench", "site/index.html")},
		{"no content type", false, settings{region: "us-east-1", pathStyle: true}, &s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String("k")}},
		{"virtual-hosted at AWS, over TLS", true, settings{region: "eu-west-1"},
			&s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String("ü/é//x%41 y?z#w"), ContentType: aws.String("text/plain")}},
		{"every field over TLS", true, settings{region: "us-west-2"}, func() *s3.PutObjectInput {
			in := everyPutField("bench", "k")
			in.ContentEncoding = nil // the SDK's second Content-Encoding line is left to it
			return in
		}()},
		{"a dotted bucket over TLS", true, settings{region: "us-east-1"},
			&s3.PutObjectInput{Bucket: aws.String("my.dotted.bucket"), Key: aws.String("k"), ContentType: aws.String("text/plain")}},
		{"path style at a custom endpoint, over TLS", true, settings{region: "ap-southeast-2", pathStyle: true},
			&s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String("/leading/slash"), ContentType: aws.String("text/plain")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newLeanServer(t, tc.tls)
			st := tc.settings
			st.maxRetries = 0
			if st.pathStyle {
				st.endpoints = map[string]string{"s3": srv.URL}
			}
			c := srv.client(t, st)
			body := []byte("<h1>hello</h1>")
			sdkIn := *tc.in
			sdkIn.Body = bytes.NewReader(body)
			if _, err := c.s3.PutObject(bg, &sdkIn); err != nil {
				t.Fatal(err)
			}
			out, ok := c.s3Lean.put(bg, tc.in, body)
			if !ok {
				t.Fatal("the lean PutObject left the call to the SDK")
			}
			if out.etag != `"0123456789abcdef0123456789abcdef"` {
				t.Errorf("etag %q", out.etag)
			}
			reqs := srv.take()
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want 2", len(reqs))
			}
			sameRequest(t, reqs[0], reqs[1])
		})
	}
}

// TestLeanHeadObjectReadsWhatTheSDKReads compares the lean HeadObject's
// request and what it reads of a full answer with the SDK's.
func TestLeanHeadObjectReadsWhatTheSDKReads(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		srv := newLeanServer(t, useTLS)
		srv.answer = func(_ int, _ *http.Request, w http.ResponseWriter) bool {
			for k, v := range map[string]string{
				"Content-Type": "text/html", "Content-Encoding": "gzip", "Content-Language": "fr",
				"Content-Disposition": "inline", "Cache-Control": " no-cache ", "X-Amz-Website-Redirect-Location": "/r",
				"X-Amz-Meta-Foo": "bar", "X-Amz-Meta-Mixed-Case": " v ", "X-Amz-Storage-Class": "GLACIER",
				"X-Amz-Server-Side-Encryption": "aws:kms", "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id": "arn:aws:kms:k",
				"ETag": `"abc"`, "X-Amz-Version-Id": "v1", "X-Amz-Tagging-Count": " 3", "Content-Length": "2",
			} {
				w.Header().Set(k, v)
			}
			w.Header()["x-amz-meta-lower"] = []string{"l"}
			return true
		}
		c := srv.client(t, settings{region: "us-east-1", pathStyle: true, endpoints: map[string]string{"s3": srv.URL}})
		sdk, err := c.s3.HeadObject(bg, &s3.HeadObjectInput{Bucket: aws.String("bench"), Key: aws.String("a b/c")})
		if err != nil {
			t.Fatal(err)
		}
		lean, ok := c.s3Lean.head(bg, "bench", "a b/c")
		if !ok {
			t.Fatal("the lean HeadObject left the call to the SDK")
		}
		if want := headFromSDK(sdk); !reflect.DeepEqual(lean, want) {
			t.Errorf("lean HEAD read\n%+v\nthe SDK's\n%+v", lean, want)
		}
		if lean.metadata["lower"] != "l" || lean.tagCount != 3 {
			t.Errorf("lean HEAD read %+v", lean)
		}
		reqs := srv.take()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		sameRequest(t, reqs[0], reqs[1])
	}
}

// TestLeanObjectTagsReadWhatTheSDKReads compares the lean
// GetObjectTagging's request and its reading of a Tagging document
// (namespaced, with entities, CDATA, spaces, an empty and a missing value)
// with the SDK's, and checks that an error document in a 200 is left to
// the SDK.
func TestLeanObjectTagsReadWhatTheSDKReads(t *testing.T) {
	const doc = `<?xml version="1.0" encoding="UTF-8"?>
<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>
  <Tag><Key>env</Key><Value>prod</Value></Tag>
  <Tag><Key>a &amp; b</Key><Value>&lt;x&gt; ü</Value></Tag>
  <Tag><Key>spaced</Key><Value>  two  </Value></Tag>
  <Tag><Key>cdata</Key><Value><![CDATA[c&d]]></Value></Tag>
  <Tag><Key>empty</Key><Value></Value></Tag>
  <Tag><Key>missing</Key></Tag>
</TagSet></Tagging>`
	for _, useTLS := range []bool{false, true} {
		srv := newLeanServer(t, useTLS)
		srv.answer = func(_ int, _ *http.Request, w http.ResponseWriter) bool {
			w.Header().Set("Content-Type", "application/xml")
			_, _ = io.WriteString(w, doc)
			return true
		}
		c := srv.client(t, settings{region: "us-east-1", pathStyle: true, endpoints: map[string]string{"s3": srv.URL}})
		sdk, err := c.s3.GetObjectTagging(bg, &s3.GetObjectTaggingInput{Bucket: aws.String("bench"), Key: aws.String("a b/c")})
		if err != nil {
			t.Fatal(err)
		}
		lean, ok := c.s3Lean.tags(bg, "bench", "a b/c")
		if !ok {
			t.Fatal("the lean GetObjectTagging left the call to the SDK")
		}
		if got, want := lean, fromS3Tags(sdk.TagSet); !reflect.DeepEqual(got, want) || len(got) != 6 {
			t.Errorf("lean tags\n%q\nthe SDK's\n%q", got, want)
		}
		reqs := srv.take()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		sameRequest(t, reqs[0], reqs[1])
	}
	srv := newLeanServer(t, false)
	srv.answer = func(_ int, _ *http.Request, w http.ResponseWriter) bool {
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>x</Message></Error>`)
		return true
	}
	c := srv.client(t, settings{region: "us-east-1", pathStyle: true, endpoints: map[string]string{"s3": srv.URL}})
	if _, ok := c.s3Lean.tags(bg, "bench", "k"); ok || !c.s3Lean.off.Load() {
		t.Errorf("an error document in a 200: read %v, lean calls off %v", ok, c.s3Lean.off.Load())
	}
}

// TestLeanEndpointDoesNotDependOnTheKey checks what the lean calls rely on
// when they resolve a bucket's endpoint once: the client's resolver,
// given the parameters an object call binds, answers the same for any key.
func TestLeanEndpointDoesNotDependOnTheKey(t *testing.T) {
	for _, st := range []settings{
		{region: "us-east-1"}, {region: "eu-west-1", pathStyle: true}, {region: "us-east-1", endpoints: map[string]string{"s3": "http://127.0.0.1:9000"}},
		{region: "cn-north-1"}, {region: "us-gov-west-1"},
	} {
		st.accessKey, st.secretKey = "a", "b"
		cfg, err := loadConfig(bg, st)
		if err != nil {
			t.Fatal(err)
		}
		c := newClient(cfg, st)
		for _, bucket := range []string{"bench", "my.dotted.bucket", "ap-alias-s3alias"} {
			want := c.s3Lean.resolve(bg, bucket)
			if want == nil {
				t.Fatalf("%s in %s: no lean endpoint", bucket, st.region)
			}
			for _, key := range []string{"k", "a/b/c", "x--x-s3", "arn:aws:s3:::other/k"} {
				o := c.s3.Options()
				got, err := o.EndpointResolverV2.ResolveEndpoint(bg, s3.EndpointParameters{
					Region: aws.String(o.Region), UseFIPS: aws.Bool(false), UseDualStack: aws.Bool(false), Endpoint: o.BaseEndpoint,
					ForcePathStyle: aws.Bool(o.UsePathStyle), Accelerate: aws.Bool(false), DisableMultiRegionAccessPoints: aws.Bool(false),
					UseArnRegion: aws.Bool(false), Bucket: aws.String(bucket), Key: aws.String(key),
				})
				if err != nil {
					t.Fatal(err)
				}
				if got.URI != want.base {
					t.Errorf("%s, key %q: the resolver answers %s with the key, %s without", bucket, key, got.URI.String(), want.base.String())
				}
			}
		}
	}
}

// TestLeanCallsLeaveTheRestToTheSDK checks which calls the lean path does
// not make: anything but the fields it sends, a large or empty body, an
// ARN or a directory bucket, a Content-Encoding over TLS, anonymous
// credentials.
func TestLeanCallsLeaveTheRestToTheSDK(t *testing.T) {
	srv := newLeanServer(t, false)
	c := srv.client(t, settings{region: "us-east-1", pathStyle: true, endpoints: map[string]string{"s3": srv.URL}})
	small := []byte("v1")
	acl := &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"), ACL: s3types.ObjectCannedACLPublicRead}
	for name, put := range map[string]func() bool{
		"an ACL":        func() bool { _, ok := c.s3Lean.put(bg, acl, small); return ok },
		"a 64 KiB body": func() bool { _, ok := c.s3Lean.put(bg, everyPutField("b", "k"), make([]byte, 64<<10)); return ok },
		"an empty body": func() bool { _, ok := c.s3Lean.put(bg, everyPutField("b", "k"), nil); return ok },
		"an access point": func() bool {
			_, ok := c.s3Lean.put(bg, everyPutField("arn:aws:s3:us-east-1:123456789012:accesspoint/ap", "k"), small)
			return ok
		},
		"a directory bucket": func() bool {
			_, ok := c.s3Lean.put(bg, everyPutField("b--use1-az4--x-s3", "k"), small)
			return ok
		},
		"a directory bucket's HEAD": func() bool { _, ok := c.s3Lean.head(bg, "b--use1-az4--x-s3", "k"); return ok },
	} {
		if put() {
			t.Errorf("%s: the lean call was made", name)
		}
	}
	if reqs := srv.take(); len(reqs) != 0 {
		t.Errorf("%d requests sent", len(reqs))
	}
	tlsSrv := newLeanServer(t, true)
	tc := tlsSrv.client(t, settings{region: "us-east-1"})
	if _, ok := tc.s3Lean.put(bg, everyPutField("b", "k"), small); ok {
		t.Error("a Content-Encoding over TLS went the lean way")
	}
	st := settings{region: "us-east-1"}
	cfg, err := loadConfig(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Credentials = aws.AnonymousCredentials{}
	if newClient(cfg, st).s3Lean != nil {
		t.Error("anonymous credentials have lean calls")
	}
}

// s3ObjectConfig is an aws_s3_object's configuration, as its apply is
// given it, with content.
func s3ObjectConfig(t *testing.T, key, content string) cty.Value {
	return cfg(t, "aws_s3_object", map[string]cty.Value{"bucket": cty.StringVal("bench"), "key": cty.StringVal(key),
		"content": cty.StringVal(content)})
}

// fromLean reports, of each request, whether the lean calls sent it.
func fromLean(reqs []recorded) []bool {
	var lean []bool
	for _, r := range reqs {
		lean = append(lean, r.header.Get("User-Agent") == leanUserAgent)
	}
	return lean
}

// TestLeanCallsLeaveFailuresToTheSDK checks that an answer other than a
// plain success has the SDK make the call again, so that its retries,
// its error and its reading of a missing object are what the provider
// gets; and that anything but a missing object turns the lean calls off.
func TestLeanCallsLeaveFailuresToTheSDK(t *testing.T) {
	xmlError := func(w http.ResponseWriter, status int, code string) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>`+code+`</Code><Message>`+code+` said the test</Message></Error>`)
	}
	cases := []struct {
		name     string
		answer   func(n int, r *http.Request, w http.ResponseWriter) bool
		read     bool
		wantErr  string
		wantLean []bool
		wantOff  bool
	}{
		{name: "throttled", answer: func(n int, _ *http.Request, w http.ResponseWriter) bool {
			if n == 0 {
				xmlError(w, http.StatusServiceUnavailable, "SlowDown")
			}
			return n == 0
		}, wantLean: []bool{true, false, false}, wantOff: true},
		{name: "refused", answer: func(_ int, _ *http.Request, w http.ResponseWriter) bool {
			xmlError(w, http.StatusForbidden, "AccessDenied")
			return true
		},
			wantErr: "AccessDenied", wantLean: []bool{true, false, false}, wantOff: true},
		{name: "an error in a 200", answer: func(n int, _ *http.Request, w http.ResponseWriter) bool {
			if n < 2 {
				xmlError(w, http.StatusOK, "InternalError")
			}
			return n < 2
		}, wantLean: []bool{true, false, false, false}, wantOff: true},
		{name: "the connection lost", answer: func(n int, _ *http.Request, w http.ResponseWriter) bool {
			if n == 0 {
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
			}
			return n == 0
		}, wantLean: []bool{true, false, false}, wantOff: true},
		{name: "a missing object read", read: true, answer: func(_ int, _ *http.Request, w http.ResponseWriter) bool {
			w.WriteHeader(http.StatusNotFound)
			return true
		}, wantLean: []bool{true, false, true, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newLeanServer(t, false)
			srv.answer = tc.answer
			c := srv.client(t, settings{region: "us-east-1", pathStyle: true, maxRetries: 1, endpoints: map[string]string{"s3": srv.URL}})
			for i := range 2 {
				if tc.read {
					got, diags := readS3Object(bg, c, s3ObjectConfig(t, "k", "v"))
					if diags.HasErrors() || !got.IsNull() {
						t.Fatalf("read %d: %v, %#v", i, diags, got)
					}
					continue
				}
				got, diags := putS3Object(bg, c, s3ObjectConfig(t, "k", "v"), true)
				switch {
				case tc.wantErr != "" && (!diags.HasErrors() || !strings.Contains(diags.Err().Error(), tc.wantErr)):
					t.Fatalf("put %d: %v, want an error saying %s", i, diags, tc.wantErr)
				case tc.wantErr == "" && diags.HasErrors():
					t.Fatalf("put %d: %v", i, diags)
				case tc.wantErr == "" && str(got, "etag") != "0123456789abcdef0123456789abcdef":
					t.Fatalf("put %d: etag %q", i, str(got, "etag"))
				}
			}
			if got := fromLean(srv.take()); !reflect.DeepEqual(got, tc.wantLean) {
				t.Errorf("requests made by the lean calls: %v, want %v", got, tc.wantLean)
			}
			if got := c.s3Lean.off.Load(); got != tc.wantOff {
				t.Errorf("lean calls off: %v, want %v", got, tc.wantOff)
			}
		})
	}
}
