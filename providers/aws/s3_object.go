package aws

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

func s3ObjectResource() *resourceType {
	return &resourceType{
		schema:   &schema.Resource{Block: s3ObjectBlock},
		defaults: map[string]cty.Value{"force_destroy": cty.False},
		validate: validateS3Object,
		plan:     planS3Object,
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			return putS3Object(ctx, c, planned, true)
		},
		read:          readS3Object,
		update:        updateS3Object,
		delete:        deleteS3Object,
		writeComplete: true,
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			bucket, key, ok := strings.Cut(strings.TrimPrefix(id, "s3://"), "/")
			if !ok || bucket == "" || key == "" {
				return cty.NilVal, schema.Errorf(nil, "Invalid import ID", "Want BUCKET/KEY or s3://BUCKET/KEY, got "+id+".")
			}
			return idStub(s3ObjectBlock, key, map[string]cty.Value{"bucket": cty.StringVal(bucket), "key": cty.StringVal(key)})
		},
	}
}

func validateS3Object(config cty.Value) schema.Diagnostics {
	o := kit.Obj(config)
	n := 0
	for _, name := range []string{"content", "content_base64", "source"} {
		if !o.Null(name) {
			n++
		}
	}
	if n > 1 {
		return schema.Errorf(attrPath("content"), "Conflicting content", "Set only one of content, content_base64 and source.")
	}
	if v := o.Attr("content_base64"); kit.Usable(v) {
		if _, err := base64.StdEncoding.DecodeString(v.AsString()); err != nil {
			return schema.Errorf(attrPath("content_base64"), "Invalid base64", err.Error())
		}
	}
	return nil
}

// objectBody is the bytes an object's configuration uploads; known is
// false while content is unknown.
func objectBody(o kit.Obj) (body []byte, known bool, diags schema.Diagnostics) {
	for _, name := range []string{"content", "content_base64", "source"} {
		if !o.Known(name) {
			return nil, false, nil
		}
	}
	switch {
	case !o.Null("content"):
		return []byte(o.Str("content")), true, nil
	case !o.Null("content_base64"):
		b, err := base64.StdEncoding.DecodeString(o.Str("content_base64"))
		if err != nil {
			return nil, false, schema.Errorf(attrPath("content_base64"), "Invalid base64", err.Error())
		}
		return b, true, nil
	case !o.Null("source"):
		b, err := os.ReadFile(o.Str("source"))
		if err != nil {
			return nil, false, schema.Errorf(attrPath("source"), "Cannot read source file", err.Error())
		}
		return b, true, nil
	}
	return []byte{}, true, nil
}

func kmsEncrypted(o kit.Obj) bool {
	return strings.HasPrefix(o.Str("server_side_encryption"), "aws:kms") || !o.Null("kms_key_id") && o.Known("kms_key_id") && o.Str("kms_key_id") != ""
}

// planS3Object plans the etag (the body's MD5 when S3 will say so) and,
// for a create, an unknown arn, in one copy of the object.
func planS3Object(_ *client, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	set := map[string]cty.Value{}
	if kit.Obj(config).Null("etag") {
		etag := cty.UnknownVal(cty.String)
		body, known, diags := objectBody(o)
		if diags.HasErrors() {
			return planned, diags
		}
		if known && !kmsEncrypted(kit.Obj(config)) {
			sum := md5.Sum(body)
			etag = cty.StringVal(hex.EncodeToString(sum[:]))
		}
		if !ctyobject.GetAttr(planned, "etag").RawEquals(etag) {
			set["etag"] = etag
		}
	}
	if prior.IsNull() {
		set["arn"] = cty.UnknownVal(cty.String)
		return kit.SetAll(planned, set), nil
	}
	planned = kit.SetAll(planned, set)
	if !ctyobject.EqualAttrs(prior, planned, s3ObjectUploadAttrs) {
		return kit.Set(planned, "version_id", cty.UnknownVal(cty.String)), nil
	}
	return planned, nil
}

// defaultContentType is what an upload without content_type sends (the
// SDK's own default for a body), so the object's type is known unread.
const defaultContentType = "application/octet-stream"

// putS3Object uploads the object and returns it as S3 now holds it (see
// uploadedS3Object), with no read after the write.
func putS3Object(ctx context.Context, c *client, planned cty.Value, creating bool) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	body, _, diags := objectBody(o)
	if diags.HasErrors() {
		return failedWrite(planned, creating), diags
	}
	contentType := defaultContentType
	if p := o.StrPtr("content_type"); p != nil {
		contentType = *p
	}
	in := &s3.PutObjectInput{
		Bucket: aws.String(o.Str("bucket")), Key: aws.String(o.Str("key")), Body: bytes.NewReader(body),
		ContentType: aws.String(contentType), ContentEncoding: o.StrPtr("content_encoding"),
		ContentLanguage: o.StrPtr("content_language"), ContentDisposition: o.StrPtr("content_disposition"),
		CacheControl: o.StrPtr("cache_control"), WebsiteRedirectLocation: o.StrPtr("website_redirect"),
		Metadata: o.StrMap("metadata"), SSEKMSKeyId: o.StrPtr("kms_key_id"),
		StorageClass: s3types.StorageClass(o.Str("storage_class")), ServerSideEncryption: s3types.ServerSideEncryption(o.Str("server_side_encryption")),
	}
	if tags := o.StrMap("tags_all"); len(tags) > 0 {
		q := url.Values{}
		for k, v := range tags {
			q.Set(k, v)
		}
		in.Tagging = aws.String(q.Encode())
	}
	out, err := c.putObject(ctx, in, body)
	if err != nil {
		return failedWrite(planned, creating), apiDiag(err, attrPath("key"), "Cannot upload S3 object")
	}
	return uploadedS3Object(c, planned, contentType, out), nil
}

// uploadedS3Object is the object an upload of planned made, as a HEAD and
// a GET ?tagging would read it: what the upload sent, and what S3 answered
// (ETag, version id, encryption; S3 answers those on PUT as on HEAD).
func uploadedS3Object(c *client, planned cty.Value, contentType string, out objectWritten) cty.Value {
	o := kit.Obj(planned)
	bucket, key := o.Str("bucket"), o.Str("key")
	orPlanned := func(answered, name string) cty.Value {
		if answered == "" {
			answered = o.Str(name)
		}
		return cty.StringVal(answered)
	}
	storage := o.Str("storage_class")
	if storage == "" {
		storage = "STANDARD"
	}
	metadata := o.Attr("metadata")
	if kit.Usable(metadata) {
		// S3 keeps user metadata names in lower case.
		lower := map[string]string{}
		for k, v := range o.StrMap("metadata") {
			lower[strings.ToLower(k)] = v
		}
		metadata = kit.MapVal(lower)
	}
	tags, tagsAll := c.readTags(planned, o.StrMap("tags_all"))
	return kit.SetAll(planned, map[string]cty.Value{
		"id": cty.StringVal(key), "arn": cty.StringVal("arn:" + c.partition + ":s3:::" + bucket + "/" + key),
		"content_type": cty.StringVal(contentType), "metadata": metadata, "storage_class": cty.StringVal(storage),
		"server_side_encryption": orPlanned(out.sse, "server_side_encryption"),
		"kms_key_id":             orPlanned(out.kmsKeyID, "kms_key_id"),
		"etag":                   orPlanned(strings.Trim(out.etag, `"`), "etag"),
		"version_id":             cty.StringVal(out.versionID),
		"tags":                   tags, "tags_all": tagsAll,
	})
}

// failedWrite is the state after a failed write: nothing for a create,
// the prior object (passed as planned by callers that have it) otherwise.
func failedWrite(v cty.Value, creating bool) cty.Value {
	if creating {
		return cty.NullVal(v.Type())
	}
	return v
}

func updateS3Object(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	if !ctyobject.EqualAttrs(prior, planned, s3ObjectUploadAttrs) {
		state, diags := putS3Object(ctx, c, planned, false)
		if diags.HasErrors() {
			return prior, diags
		}
		return state, nil
	}
	if tagsChanged(prior, planned) {
		o := kit.Obj(planned)
		var err error
		if tags := o.StrMap("tags_all"); len(tags) > 0 {
			_, err = c.s3.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: aws.String(o.Str("bucket")),
				Key: aws.String(o.Str("key")), Tagging: &s3types.Tagging{TagSet: s3Tags(tags)}})
		} else {
			_, err = c.s3.DeleteObjectTagging(ctx, &s3.DeleteObjectTaggingInput{Bucket: aws.String(o.Str("bucket")), Key: aws.String(o.Str("key"))})
		}
		if err != nil {
			return prior, apiDiag(err, attrPath("tags"), "Cannot tag S3 object")
		}
	}
	return planned, nil
}

func readS3Object(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	bucket, key := o.Str("bucket"), o.Str("key")
	head, err := c.headObject(ctx, bucket, key)
	if isNotFound(err, "NoSuchKey", "NotFound", "NoSuchBucket") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read S3 object")
	}
	live := map[string]string{}
	if head.tagCount > 0 {
		// HEAD answers x-amz-tagging-count only when there are tags.
		if live, err = c.objectTags(ctx, bucket, key); err != nil {
			return prior, apiDiag(err, attrPath("tags"), "Cannot read S3 object tags")
		}
	}
	tags, tagsAll := c.readTags(prior, live)
	storage := head.storageClass
	if storage == "" {
		storage = "STANDARD"
	}
	metadata := cty.NullVal(cty.Map(cty.String))
	if len(head.metadata) > 0 || !o.Null("metadata") {
		metadata = kit.MapVal(head.metadata)
	}
	return kit.ObjectVal(s3ObjectBlock, map[string]cty.Value{
			"id": cty.StringVal(key), "bucket": cty.StringVal(bucket), "key": cty.StringVal(key),
			"arn":     cty.StringVal("arn:" + c.partition + ":s3:::" + bucket + "/" + key),
			"content": o.Attr("content"), "content_base64": o.Attr("content_base64"), "source": o.Attr("source"),
			"source_hash": o.Attr("source_hash"), "force_destroy": o.Attr("force_destroy"),
			"content_type": kit.StrPtrVal(head.contentType), "content_encoding": kit.StrPtrVal(head.contentEncoding),
			"content_language": kit.StrPtrVal(head.contentLanguage), "content_disposition": kit.StrPtrVal(head.contentDisposition),
			"cache_control": kit.StrPtrVal(head.cacheControl), "website_redirect": kit.StrPtrVal(head.websiteRedirect),
			"metadata": metadata, "storage_class": cty.StringVal(storage),
			"server_side_encryption": cty.StringVal(head.sse), "kms_key_id": cty.StringVal(head.kmsKeyID),
			"etag": cty.StringVal(strings.Trim(head.etag, `"`)), "version_id": cty.StringVal(head.versionID),
			"tags": tags, "tags_all": tagsAll,
		}),

		nil
}

func deleteS3Object(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
	o := kit.Obj(prior)
	bucket, key := o.Str("bucket"), o.Str("key")
	pages := s3.NewListObjectVersionsPaginator(c.s3, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)})
	versioned := false
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if isNotFound(err, "NoSuchBucket") {
			return nil
		}
		if err != nil {
			return apiDiag(err, nil, "Cannot list S3 object versions")
		}
		var ids []string
		for _, v := range page.Versions {
			if aws.ToString(v.Key) == key && aws.ToString(v.VersionId) != "" && aws.ToString(v.VersionId) != "null" {
				ids = append(ids, aws.ToString(v.VersionId))
			}
		}
		for _, m := range page.DeleteMarkers {
			if aws.ToString(m.Key) == key {
				ids = append(ids, aws.ToString(m.VersionId))
			}
		}
		for _, id := range ids {
			versioned = true
			if _, err := c.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
				VersionId: aws.String(id), BypassGovernanceRetention: o.BoolPtr("force_destroy")}); err != nil && !isNotFound(err, "NoSuchKey", "NoSuchVersion") {
				return apiDiag(err, nil, "Cannot delete S3 object version")
			}
		}
	}
	if !versioned {
		_, err := c.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil && !isNotFound(err, "NoSuchKey", "NoSuchBucket") {
			return apiDiag(err, nil, "Cannot delete S3 object")
		}
	}
	return nil
}
