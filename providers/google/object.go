package google

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"cloud.google.com/go/storage"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/gcpretry"
	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func objectResource(p *Provider) kit.Resource {
	pl := &planner{p: p, block: objectBlock, known: planObjectKnown, replaceIf: objectContentChanged}
	o := &objectOps{p: p}
	return kit.Resource{
		Schema:   &schema.Resource{Block: objectBlock},
		Timeouts: &kit.Timeouts{Create: 4 * time.Minute, Update: 4 * time.Minute, Delete: 4 * time.Minute},
		Validate: validateObject,
		Plan:     pl.plan,
		Create:   o.create,
		Read:     o.read,
		Delete:   o.delete,
		Import:   o.importObject,
	}
}

type objectOps struct{ p *Provider }

func validateObject(config cty.Value) schema.Diagnostics {
	content, source := config.GetAttr("content"), config.GetAttr("source")
	if !content.IsKnown() || !source.IsKnown() {
		return nil
	}
	if content.IsNull() == source.IsNull() {
		return schema.Errorf(attrPath("content"), "Exactly one of content and source",
			"Set content (the data) or source (a local file path), not both and not neither.")
	}
	return nil
}

// data returns the object's data from content or the source file; ok is
// false when it is not known yet.
func objectData(v cty.Value) (data []byte, ok bool, diags schema.Diagnostics) {
	content, source := v.GetAttr("content"), v.GetAttr("source")
	switch {
	case !content.IsKnown() || !source.IsKnown():
		return nil, false, nil
	case !content.IsNull():
		return []byte(content.AsString()), true, nil
	case !source.IsNull():
		b, err := os.ReadFile(source.AsString())
		if err != nil {
			return nil, false, schema.Errorf(attrPath("source"), "Cannot read source file", err.Error())
		}
		return b, true, nil
	}
	return nil, false, nil
}

func checksums(data []byte) (md5b64, crc32cb64 string) {
	sum := md5.Sum(data)
	var crc [4]byte
	binary.BigEndian.PutUint32(crc[:], crc32.Checksum(data, castagnoli))
	return base64.StdEncoding.EncodeToString(sum[:]), base64.StdEncoding.EncodeToString(crc[:])
}

// planObjectKnown plans what the object's names and data tell: id,
// output_name, self_link and, when the data is known, its checksums.
func planObjectKnown(v cty.Value) cty.Value {
	if kit.Known(v, "bucket", "name") && !v.GetAttr("bucket").IsNull() && !v.GetAttr("name").IsNull() {
		bucket, name := v.GetAttr("bucket").AsString(), v.GetAttr("name").AsString()
		v = setIfUnknown(v, "id", cty.StringVal(bucket+"-"+name))
		v = setIfUnknown(v, "output_name", cty.StringVal(name))
		v = setIfUnknown(v, "self_link", cty.StringVal(objectSelfLink(bucket, name)))
	}
	if data, ok, _ := objectData(v); ok {
		m, c := checksums(data)
		v = kit.SetAll(v, map[string]cty.Value{"md5hash": cty.StringVal(m), "crc32c": cty.StringVal(c)})
	}
	return v
}

func objectSelfLink(bucket, name string) string {
	return storageAPIBase + url.PathEscape(bucket) + "/o/" + url.PathEscape(name)
}

// objectContentChanged forces a replacement when the data to upload no
// longer matches the object's (the source file changed, or the object was
// overwritten out of band).
func objectContentChanged(prior, planned cty.Value) []cty.Path {
	pm, nm := prior.GetAttr("md5hash"), planned.GetAttr("md5hash")
	if !kit.Usable(pm) || !nm.IsKnown() || pm.RawEquals(nm) {
		return nil
	}
	if !planned.GetAttr("source").IsNull() {
		return []cty.Path{attrPath("source")}
	}
	return []cty.Path{attrPath("content")}
}

func (o *objectOps) client() (*storage.Client, schema.Diagnostics) {
	c, diags := o.p.client()
	if diags.HasErrors() {
		return nil, diags
	}
	return c.storageClient()
}

func (o *objectOps) create(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	sc, diags := o.client()
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	data, _, diags := objectData(planned)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	bucket, name := kit.String(planned, "bucket"), kit.String(planned, "name")
	what := fmt.Sprintf("object %s in bucket %s", name, bucket)
	// Writing the whole object by name is idempotent in effect: a retry
	// after a lost response writes the same content again.
	var written *storage.ObjectAttrs
	err := gcpretry.Do(ctx, func(ctx context.Context) error {
		w := sc.Bucket(bucket).Object(name).NewWriter(ctx)
		w.ContentType = kit.String(planned, "content_type")
		w.CacheControl = kit.String(planned, "cache_control")
		w.ContentDisposition = kit.String(planned, "content_disposition")
		w.ContentEncoding = kit.String(planned, "content_encoding")
		w.ContentLanguage = kit.String(planned, "content_language")
		w.Metadata = kit.Obj(planned).StrMap("metadata")
		if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
			_ = w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		written = w.Attrs()
		return nil
	})
	if err != nil {
		return cty.NilVal, apiDiag(err, nil, "Cannot upload Cloud Storage object", what)
	}
	attrs, err := objectAttrs(ctx, sc, bucket, name)
	if err != nil {
		attrs = written
	}
	live := flattenObject(planned, attrs)
	if !live.GetAttr("md5hash").RawEquals(planned.GetAttr("md5hash")) && planned.GetAttr("md5hash").IsKnown() {
		return live, schema.Errorf(attrPath("md5hash"), "Upload checksum mismatch",
			what+" was stored with another MD5 than the data sent; it may have been overwritten concurrently.")
	}
	return live, nil
}

func (o *objectOps) read(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics) {
	sc, diags := o.client()
	if diags.HasErrors() {
		return prior, diags
	}
	bucket, name := kit.String(prior, "bucket"), kit.String(prior, "name")
	attrs, err := objectAttrs(ctx, sc, bucket, name)
	if isNotFound(err) {
		return objectBlock.Null(), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read Cloud Storage object", fmt.Sprintf("object %s in bucket %s", name, bucket))
	}
	return flattenObject(prior, attrs), nil
}

// flattenObject is the object's value from its attributes. content and
// source are not readable back and are carried over from prior.
func flattenObject(prior cty.Value, a *storage.ObjectAttrs) cty.Value {
	m, c := "", ""
	if len(a.MD5) > 0 {
		m = base64.StdEncoding.EncodeToString(a.MD5)
	}
	var crc [4]byte
	binary.BigEndian.PutUint32(crc[:], a.CRC32C)
	c = base64.StdEncoding.EncodeToString(crc[:])
	metadata := cty.NullVal(cty.Map(cty.String))
	if len(a.Metadata) > 0 {
		metadata = kit.MapVal(a.Metadata)
	}
	carried := func(name string) cty.Value {
		if prior.IsNull() || !prior.GetAttr(name).IsKnown() {
			return cty.NullVal(cty.String)
		}
		return prior.GetAttr(name)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"id":                  cty.StringVal(a.Bucket + "-" + a.Name),
		"bucket":              cty.StringVal(a.Bucket),
		"name":                cty.StringVal(a.Name),
		"content":             carried("content"),
		"source":              carried("source"),
		"content_type":        kit.StrOrNull(a.ContentType),
		"cache_control":       kit.StrOrNull(a.CacheControl),
		"content_disposition": kit.StrOrNull(a.ContentDisposition),
		"content_encoding":    kit.StrOrNull(a.ContentEncoding),
		"content_language":    kit.StrOrNull(a.ContentLanguage),
		"metadata":            metadata,
		"md5hash":             cty.StringVal(m),
		"crc32c":              cty.StringVal(c),
		"generation":          cty.NumberIntVal(a.Generation),
		"output_name":         cty.StringVal(a.Name),
		"self_link":           cty.StringVal(objectSelfLink(a.Bucket, a.Name)),
		"media_link":          cty.StringVal(a.MediaLink),
	})
}

func (o *objectOps) delete(ctx context.Context, prior cty.Value) schema.Diagnostics {
	sc, diags := o.client()
	if diags.HasErrors() {
		return diags
	}
	bucket, name := kit.String(prior, "bucket"), kit.String(prior, "name")
	// A retried delete whose first try went through hears 404: done.
	err := gcpretry.Do(ctx, func(ctx context.Context) error { return sc.Bucket(bucket).Object(name).Delete(ctx) })
	if err == nil || isNotFound(err) {
		return nil
	}
	return apiDiag(err, nil, "Cannot delete Cloud Storage object", fmt.Sprintf("object %s in bucket %s", name, bucket))
}

// objectAttrs reads an object's attributes, retried.
func objectAttrs(ctx context.Context, sc *storage.Client, bucket, name string) (a *storage.ObjectAttrs, err error) {
	err = gcpretry.Do(ctx, func(ctx context.Context) error {
		a, err = sc.Bucket(bucket).Object(name).Attrs(ctx)
		return err
	})
	return a, err
}

// importObject accepts "{{bucket}}/{{name}}"; the name may hold slashes.
func (o *objectOps) importObject(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	bucket, name, ok := strings.Cut(id, "/")
	if !ok || bucket == "" || name == "" {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID",
			"google_storage_bucket_object import IDs are {{bucket}}/{{name}}, not "+id+".")
	}
	return stubOf(objectBlock, map[string]cty.Value{"bucket": cty.StringVal(bucket), "name": cty.StringVal(name)}), nil
}
