package aws

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func liveObject(t *testing.T, bucket, key string) string {
	t.Helper()
	out, err := s3Client().GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	defer out.Body.Close()
	b, _ := io.ReadAll(out.Body)
	return string(b)
}

func TestS3ObjectConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	makeBuckets(t, "objects")
	src := filepath.Join(t.TempDir(), "index.html")
	mustNoErr(t, os.WriteFile(src, []byte("<h1>from a file</h1>"), 0o644))
	obj := func(vals map[string]cty.Value) cty.Value {
		vals["bucket"] = cty.StringVal("objects")
		if _, ok := vals["key"]; !ok {
			vals["key"] = cty.StringVal("site/index.html")
		}
		return cfg(t, "aws_s3_object", vals)
	}
	ignore := []string{"content", "content_base64", "source", "source_hash", "force_destroy"}
	providertest.Run(t, p, []providertest.Case{{
		Name: "content changes upload in place; an out-of-band overwrite is drift in etag",
		Type: "aws_s3_object",
		Steps: []providertest.Step{
			{Config: obj(map[string]cty.Value{"content": cty.StringVal("hello"), "content_type": cty.StringVal("text/plain"),
				"tags": tagsVal("env", "dev")}),
				Check: func(t *testing.T, s cty.Value) {
					if got := liveObject(t, "objects", "site/index.html"); got != "hello" {
						t.Errorf("object body = %q", got)
					}
					if got := str(s, "etag"); got != "5d41402abc4b2a76b9719d911017c592" {
						t.Errorf("etag = %q, want md5 of content", got)
					}
				}},
			{Config: obj(map[string]cty.Value{"source": cty.StringVal(src), "content_type": cty.StringVal("text/html"),
				"tags": tagsVal("env", "prod")}),
				Check: func(t *testing.T, s cty.Value) {
					if got := liveObject(t, "objects", "site/index.html"); got != "<h1>from a file</h1>" {
						t.Errorf("object body = %q", got)
					}
				}},
			{Config: obj(map[string]cty.Value{"source": cty.StringVal(src), "content_type": cty.StringVal("text/html"),
				"tags": tagsVal("env", "prod", "owner", "web")})},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := s3Client().PutObject(bg, &s3.PutObjectInput{Bucket: aws.String("objects"), Key: aws.String("site/index.html"),
				Body: strings.NewReader("defaced"), ContentType: aws.String("text/html")})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return "objects/" + str(s, "key") },
		ImportIgnore: ignore,
	}, {
		Name: "binary content, a new key replaces, a deleted object is re-created",
		Type: "aws_s3_object",
		Steps: []providertest.Step{
			{Config: obj(map[string]cty.Value{"key": cty.StringVal("a.bin"), "content_base64": cty.StringVal("AAEC/w==")})},
			{Config: obj(map[string]cty.Value{"key": cty.StringVal("b.bin"), "content_base64": cty.StringVal("AAEC/w==")}), Replace: true},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := s3Client().DeleteObject(bg, &s3.DeleteObjectInput{Bucket: aws.String("objects"), Key: aws.String("b.bin")})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return "s3://objects/" + str(s, "key") },
		ImportIgnore: ignore,
	}})
}
