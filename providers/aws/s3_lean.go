package aws

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithyauth "github.com/aws/smithy-go/auth"
	"github.com/aws/smithy-go/encoding/httpbinding"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// s3Lean sends the calls an aws_s3_object makes once per object in an
// apply and a refresh, PutObject of a small body, HeadObject and (for an
// object with tags, default_tags' included) GetObjectTagging,
// without the SDK's middleware stack: some forty middlewares built anew
// for each call, a quarter of the CPU of a 10,000-object apply and half
// of its allocations (docs/aws-provider.md, "The lean S3 object calls").
//
// It sends what the SDK sends (the same URL from the client's own endpoint
// resolver, the same headers and body, signed by the SDK's SigV4 signer
// with the same options, over the client's HTTP client) and takes only a
// plain success: anything else (an error status, a 200 with a body, a
// connection error, an answer it cannot read) is left to the SDK, which
// makes the call again and says what went wrong, with its retries. Any of
// those but a 404 (an object deleted outside trueup) also turns the lean
// calls off for the client's life: a throttled or failing service is then
// paced by the SDK's retryer alone, and a refusal, a skewed clock or a
// redirect costs one extra call, not one per object. The three calls are
// idempotent, so making one again is safe. The client's putObject,
// headObject and objectTags choose between the two.
type s3Lean struct {
	options   s3.Options
	endpoints sync.Map // bucket name -> *leanEndpoint; nil when the SDK must serve it
	off       atomic.Bool
}

// leanEndpoint is where a bucket's object calls go and how they are signed,
// as the client's endpoint resolver said.
type leanEndpoint struct {
	base                  url.URL
	headers               http.Header
	signingName           string
	signingRegion         string
	disableDoubleEncoding bool
}

// leanMaxBody is the largest body the lean PutObject sends: below the SDK's
// aws-chunked chunk (64 KiB), so that a body is one chunk over TLS.
const leanMaxBody = 64<<10 - 1

// leanUserAgent is the User-Agent of the lean calls (unsigned, as the SDK's).
const leanUserAgent = "trueup (lean S3 object calls)"

// newS3Lean is the lean calls of client, or nil when its options make
// the SDK's requests differ from what the lean calls send: no or
// anonymous credentials, checksums only when required, request logging.
// The lean calls use the client's own signer and HTTP client.
func newS3Lean(client *s3.Client) *s3Lean {
	o := client.Options()
	switch {
	case o.Credentials == nil, aws.IsCredentialsProvider(o.Credentials, (*aws.AnonymousCredentials)(nil)),
		o.RequestChecksumCalculation != aws.RequestChecksumCalculationWhenSupported,
		o.ClientLogMode != 0, o.HTTPSignerV4 == nil, o.HTTPClient == nil,
		o.EndpointResolverV2 == nil, o.EndpointResolver != nil, o.Region == "":
		return nil
	}
	if in, ok := o.HTTPClient.(inMemoryBodies); ok {
		o.HTTPClient = in.HTTPClient // the lean calls' bodies are in memory
	}
	return &s3Lean{options: o}
}

// endpoint is bucket's endpoint, resolved once as the SDK resolves it for
// an object call (bindEndpointParams), or nil when its calls must go
// through the SDK: an ARN, a directory bucket, an endpoint signed other
// than with SigV4. The resolver does not read the object's key
// (TestLeanEndpointDoesNotDependOnTheKey).
func (l *s3Lean) endpoint(ctx context.Context, bucket string) *leanEndpoint {
	if ep, ok := l.endpoints.Load(bucket); ok {
		return ep.(*leanEndpoint)
	}
	ep := l.resolve(ctx, bucket)
	l.endpoints.Store(bucket, ep)
	return ep
}

func (l *s3Lean) resolve(ctx context.Context, bucket string) *leanEndpoint {
	if bucket == "" || strings.HasPrefix(bucket, "arn:") || strings.HasSuffix(bucket, "--x-s3") || strings.HasSuffix(bucket, "--xa-s3") {
		return nil
	}
	o := l.options
	resolved, err := o.EndpointResolverV2.ResolveEndpoint(ctx, s3.EndpointParameters{
		Region:                         aws.String(o.Region),
		UseFIPS:                        aws.Bool(o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled),
		UseDualStack:                   aws.Bool(o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled),
		Endpoint:                       o.BaseEndpoint,
		ForcePathStyle:                 aws.Bool(o.UsePathStyle),
		Accelerate:                     aws.Bool(o.UseAccelerate),
		DisableMultiRegionAccessPoints: aws.Bool(o.DisableMultiRegionAccessPoints),
		UseArnRegion:                   aws.Bool(o.UseARNRegion),
		DisableS3ExpressSessionAuth:    o.DisableS3ExpressSessionAuth,
		Bucket:                         aws.String(bucket),
	})
	if err != nil {
		return nil
	}
	schemes, _ := smithyauth.GetAuthOptions(&resolved.Properties)
	if len(schemes) != 1 || schemes[0].SchemeID != "sigv4" {
		return nil
	}
	props := &schemes[0].SignerProperties
	ep := &leanEndpoint{base: resolved.URI, headers: resolved.Headers}
	ep.signingName, _ = smithyhttp.GetSigV4SigningName(props)
	ep.signingRegion, _ = smithyhttp.GetSigV4SigningRegion(props)
	ep.disableDoubleEncoding, _ = smithyhttp.GetDisableDoubleEncoding(props)
	if ep.signingName == "" || ep.signingRegion == "" || ep.base.Host == "" {
		return nil
	}
	return ep
}

// objectURL is the URL of key in the bucket at ep, with query, built as
// the SDK's serializer and endpoint middleware build it.
func (ep *leanEndpoint) objectURL(key, query string) *url.URL {
	u := ep.base
	rawBase := u.RawPath
	if rawBase == "" {
		rawBase = u.Path
	}
	u.Path = smithyhttp.JoinPath(u.Path, "/"+key)
	u.RawPath = smithyhttp.JoinPath(rawBase, "/"+httpbinding.EscapePath(key, false))
	u.RawQuery = query
	return &u
}

// ready is where a lean call of key in bucket goes, or nil when the call
// must go through the SDK: the lean calls are off, or that bucket's
// endpoint is not one they serve.
func (l *s3Lean) ready(ctx context.Context, bucket, key string) *leanEndpoint {
	if l == nil || l.off.Load() || key == "" {
		return nil
	}
	return l.endpoint(ctx, bucket)
}

// send signs and sends one request and returns its answer and the answer's
// body when it is a plain success: a 2xx whose body is at most maxAnswer
// bytes (0: none).
func (l *s3Lean) send(ctx context.Context, ep *leanEndpoint, method, key, query string, h http.Header, body []byte, payloadHash string, maxAnswer int) (*http.Response, []byte, bool) {
	creds, err := l.options.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, nil, false
	}
	req, err := http.NewRequestWithContext(ctx, method, "", nil)
	if err != nil {
		return nil, nil, false
	}
	req.URL = ep.objectURL(key, query)
	req.Host = ""
	for k, v := range ep.headers {
		h[http.CanonicalHeaderKey(k)] = v
	}
	h["Accept-Encoding"] = []string{"identity"}
	h["User-Agent"] = []string{leanUserAgent}
	h["X-Amz-Content-Sha256"] = []string{payloadHash}
	req.Header = h
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	err = l.options.HTTPSignerV4.SignHTTP(ctx, creds, req, payloadHash, ep.signingName, ep.signingRegion, time.Now().UTC(),
		func(o *v4.SignerOptions) { o.DisableURIPathEscaping = ep.disableDoubleEncoding })
	if err != nil {
		return nil, nil, false
	}
	resp, err := l.options.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			l.off.Store(true)
		}
		return nil, nil, false
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, int64(maxAnswer)+1))
	switch {
	case err == nil && resp.StatusCode/100 == 2 && len(answer) <= maxAnswer:
		return resp, answer, true
	case resp.StatusCode != http.StatusNotFound:
		l.off.Store(true)
	}
	return nil, nil, false
}

// awsChunked is body in aws-chunked encoding, one chunk and a trailer, as
// the SDK's unsigned streaming encoding writes it.
func awsChunked(body []byte, trailer, value string) []byte {
	var b bytes.Buffer
	b.Grow(len(body) + len(trailer) + len(value) + 24)
	b.WriteString(strconv.FormatInt(int64(len(body)), 16))
	b.WriteString("\r\n")
	b.Write(body)
	b.WriteString("\r\n0\r\n")
	b.WriteString(trailer)
	b.WriteString(":")
	b.WriteString(value)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}
