package aws

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"hash/crc32"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// leanPutFields are the fields of a PutObjectInput the lean PutObject
// sends; an input with any other field set goes through the SDK.
var leanPutFields = map[string]bool{
	"Bucket": true, "Key": true, "Body": true, "ContentType": true, "ContentEncoding": true,
	"ContentLanguage": true, "ContentDisposition": true, "CacheControl": true, "WebsiteRedirectLocation": true,
	"Metadata": true, "SSEKMSKeyId": true, "StorageClass": true, "ServerSideEncryption": true, "Tagging": true,
}

// otherPutFields are the indexes of PutObjectInput's exported fields that
// are not leanPutFields, found once: looking each field up by name for
// every upload was a tenth of the lean path's CPU.
var otherPutFields = sync.OnceValue(func() []int {
	t := reflect.TypeFor[s3.PutObjectInput]()
	var out []int
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && !leanPutFields[f.Name] {
			out = append(out, i)
		}
	}
	return out
})

// onlyLeanFields reports whether in sets no field but leanPutFields.
func onlyLeanFields(in *s3.PutObjectInput) bool {
	v := reflect.ValueOf(in).Elem()
	for _, i := range otherPutFields() {
		if !v.Field(i).IsZero() {
			return false
		}
	}
	return true
}

// put uploads body as in says and returns what S3 answered, or ok=false
// when the call must go through the SDK.
func (l *s3Lean) put(ctx context.Context, in *s3.PutObjectInput, body []byte) (out objectWritten, ok bool) {
	if len(body) == 0 || len(body) > leanMaxBody || !onlyLeanFields(in) {
		return out, false
	}
	ep := l.ready(ctx, aws.ToString(in.Bucket), aws.ToString(in.Key))
	if ep == nil {
		return out, false
	}
	tls := ep.base.Scheme == "https"
	if tls && in.ContentEncoding != nil {
		// The SDK adds aws-chunked to it as a second header line.
		return out, false
	}
	h := http.Header{}
	set := func(name string, v *string) {
		if v != nil {
			h[name] = []string{*v}
		}
	}
	set("Cache-Control", in.CacheControl)
	set("Content-Disposition", in.ContentDisposition)
	set("Content-Encoding", in.ContentEncoding)
	set("Content-Language", in.ContentLanguage)
	contentType := in.ContentType
	if contentType == nil {
		contentType = aws.String("application/octet-stream")
	}
	set("Content-Type", contentType)
	for k, v := range in.Metadata {
		h["X-Amz-Meta-"+strings.TrimSpace(http.CanonicalHeaderKey(k))] = []string{v}
	}
	if in.ServerSideEncryption != "" {
		h["X-Amz-Server-Side-Encryption"] = []string{string(in.ServerSideEncryption)}
	}
	set("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id", in.SSEKMSKeyId)
	if in.StorageClass != "" {
		h["X-Amz-Storage-Class"] = []string{string(in.StorageClass)}
	}
	set("X-Amz-Tagging", in.Tagging)
	set("X-Amz-Website-Redirect-Location", in.WebsiteRedirectLocation)

	sum := crc32.ChecksumIEEE(body)
	checksum := base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, sum))
	var payloadHash string
	sent := body
	if tls {
		// As the SDK over TLS: the body aws-chunked in one chunk, its CRC32
		// in a trailer, the payload unsigned.
		h["Content-Encoding"] = []string{"aws-chunked"}
		h["X-Amz-Trailer"] = []string{"x-amz-checksum-crc32"}
		h["X-Amz-Decoded-Content-Length"] = []string{strconv.Itoa(len(body))}
		sent = awsChunked(body, "x-amz-checksum-crc32", checksum)
		payloadHash = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
	} else {
		// As the SDK over plain HTTP: the CRC32 in a header, the payload signed.
		h["X-Amz-Checksum-Crc32"] = []string{checksum}
		hash := sha256.Sum256(body)
		payloadHash = hex.EncodeToString(hash[:])
	}
	resp, _, ok := l.send(ctx, ep, http.MethodPut, *in.Key, "x-id=PutObject", h, sent, payloadHash, 0)
	if !ok {
		return out, false
	}
	return objectWritten{
		etag: header(resp, "ETag"), versionID: header(resp, "X-Amz-Version-Id"),
		sse: header(resp, "X-Amz-Server-Side-Encryption"), kmsKeyID: header(resp, "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"),
	}, true
}

// emptyPayloadHash is the SHA-256 of an empty body, a GET's or a HEAD's
// signed payload.
const emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// head reads key's metadata, or ok=false when the call must go through
// the SDK (a missing object included: the SDK says so).
func (l *s3Lean) head(ctx context.Context, bucket, key string) (head objectHead, ok bool) {
	ep := l.ready(ctx, bucket, key)
	if ep == nil {
		return head, false
	}
	resp, _, ok := l.send(ctx, ep, http.MethodHead, key, "", http.Header{}, nil, emptyPayloadHash, 0)
	if !ok {
		return head, false
	}
	head = objectHead{
		contentType: headerPtr(resp, "Content-Type"), contentEncoding: headerPtr(resp, "Content-Encoding"),
		contentLanguage: headerPtr(resp, "Content-Language"), contentDisposition: headerPtr(resp, "Content-Disposition"),
		cacheControl: headerPtr(resp, "Cache-Control"), websiteRedirect: headerPtr(resp, "X-Amz-Website-Redirect-Location"),
		storageClass: header(resp, "X-Amz-Storage-Class"), sse: header(resp, "X-Amz-Server-Side-Encryption"),
		kmsKeyID: header(resp, "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"),
		etag:     header(resp, "ETag"), versionID: header(resp, "X-Amz-Version-Id"),
	}
	if v := headerPtr(resp, "X-Amz-Tagging-Count"); v != nil {
		n, err := strconv.ParseInt(*v, 0, 32)
		if err != nil {
			return head, false // the SDK reports it
		}
		head.tagCount = int32(n)
	}
	for k, v := range resp.Header {
		if len(k) >= len("x-amz-meta-") && strings.EqualFold(k[:len("x-amz-meta-")], "x-amz-meta-") {
			if head.metadata == nil {
				head.metadata = map[string]string{}
			}
			head.metadata[strings.ToLower(k[len("x-amz-meta-"):])] = strings.TrimSpace(v[0])
		}
	}
	return head, true
}

func header(resp *http.Response, name string) string {
	if v := resp.Header.Values(name); len(v) > 0 {
		return strings.TrimSpace(v[0])
	}
	return ""
}

func headerPtr(resp *http.Response, name string) *string {
	if v := resp.Header.Values(name); len(v) > 0 {
		return aws.String(strings.TrimSpace(v[0]))
	}
	return nil
}

// objectWritten is what an aws_s3_object keeps of a PutObject's answer.
type objectWritten struct {
	etag, versionID, sse, kmsKeyID string
}

// objectHead is what a refresh of an aws_s3_object reads of a HeadObject's
// answer; both the SDK's call and the lean one fill it.
type objectHead struct {
	contentType, contentEncoding, contentLanguage, contentDisposition, cacheControl, websiteRedirect *string

	metadata                                     map[string]string
	storageClass, sse, kmsKeyID, etag, versionID string
	tagCount                                     int32
}

func headFromSDK(out *s3.HeadObjectOutput) objectHead {
	return objectHead{
		contentType: out.ContentType, contentEncoding: out.ContentEncoding, contentLanguage: out.ContentLanguage,
		contentDisposition: out.ContentDisposition, cacheControl: out.CacheControl, websiteRedirect: out.WebsiteRedirectLocation,
		metadata: out.Metadata, storageClass: string(out.StorageClass), sse: string(out.ServerSideEncryption),
		kmsKeyID: aws.ToString(out.SSEKMSKeyId), etag: aws.ToString(out.ETag), versionID: aws.ToString(out.VersionId),
		tagCount: aws.ToInt32(out.TagCount),
	}
}

// maxTaggingAnswer is the largest GetObjectTagging answer the lean call
// reads: ten tags (S3's limit) of the longest keys and values are under
// 8 KiB.
const maxTaggingAnswer = 16 << 10

// taggingDocument is S3's Tagging document.
type taggingDocument struct {
	XMLName xml.Name `xml:"Tagging"`
	Tags    []struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	} `xml:"TagSet>Tag"`
}

// tags reads key's tags, or ok=false when the call must go through the
// SDK.
func (l *s3Lean) tags(ctx context.Context, bucket, key string) (tags map[string]string, ok bool) {
	ep := l.ready(ctx, bucket, key)
	if ep == nil {
		return nil, false
	}
	_, answer, ok := l.send(ctx, ep, http.MethodGet, key, "tagging=", http.Header{}, nil, emptyPayloadHash, maxTaggingAnswer)
	if !ok {
		return nil, false
	}
	var doc taggingDocument
	if err := xml.Unmarshal(answer, &doc); err != nil {
		l.off.Store(true) // an error document in a 200, or one it cannot read
		return nil, false
	}
	tags = make(map[string]string, len(doc.Tags))
	for _, t := range doc.Tags {
		tags[t.Key] = t.Value
	}
	return tags, true
}

// putObject uploads body as in says: by the lean call when it can, else
// through the SDK.
func (c *client) putObject(ctx context.Context, in *s3.PutObjectInput, body []byte) (objectWritten, error) {
	if out, ok := c.s3Lean.put(ctx, in, body); ok {
		return out, nil
	}
	out, err := c.s3.PutObject(ctx, in)
	if err != nil {
		return objectWritten{}, err
	}
	return objectWritten{etag: aws.ToString(out.ETag), versionID: aws.ToString(out.VersionId),
		sse: string(out.ServerSideEncryption), kmsKeyID: aws.ToString(out.SSEKMSKeyId)}, nil
}

// headObject reads key's metadata: by the lean call when it can, else
// through the SDK, whose error says when the object is missing.
func (c *client) headObject(ctx context.Context, bucket, key string) (objectHead, error) {
	if head, ok := c.s3Lean.head(ctx, bucket, key); ok {
		return head, nil
	}
	out, err := c.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return objectHead{}, err
	}
	return headFromSDK(out), nil
}

// objectTags reads key's tags: by the lean call when it can, else through
// the SDK.
func (c *client) objectTags(ctx context.Context, bucket, key string) (map[string]string, error) {
	if tags, ok := c.s3Lean.tags(ctx, bucket, key); ok {
		return tags, nil
	}
	out, err := c.s3.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	return fromS3Tags(out.TagSet), nil
}
