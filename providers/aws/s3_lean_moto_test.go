package aws

import (
	"bytes"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/providers/aws/internal/awstest"
)

// checkingMoto starts a moto_server that checks the access key and the
// SigV4 signature of every request but the three that create an IAM user
// allowed all of S3, and returns clients signing with that user's key:
// one with its secret, one with a wrong secret.
func checkingMoto(t *testing.T, useTLS bool) (good, bad *client) {
	t.Helper()
	srv, err := awstest.StartWith(awstest.Options{Env: []string{"INITIAL_NO_AUTH_ACTION_COUNT=3"}, TLS: useTLS})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) { tr.TLSClientConfig = awstest.InsecureTLS })
	cfg := srv.Config()
	cfg.HTTPClient = httpClient
	admin := iam.NewFromConfig(cfg)
	if _, err := admin.CreateUser(bg, &iam.CreateUserInput{UserName: aws.String("lean")}); err != nil {
		t.Fatal(err)
	}
	key, err := admin.CreateAccessKey(bg, &iam.CreateAccessKeyInput{UserName: aws.String("lean")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.PutUserPolicy(bg, &iam.PutUserPolicyInput{UserName: aws.String("lean"), PolicyName: aws.String("s3"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)}); err != nil {
		t.Fatal(err)
	}
	clientWith := func(secret string) *client {
		st := settings{region: awstest.Region, accessKey: aws.ToString(key.AccessKey.AccessKeyId), secretKey: secret,
			pathStyle: true, endpoints: map[string]string{"s3": srv.URL}}
		c, err := loadConfig(bg, st)
		if err != nil {
			t.Fatal(err)
		}
		c.HTTPClient = httpClient
		return newClient(c, st)
	}
	good, bad = clientWith(aws.ToString(key.AccessKey.SecretAccessKey)), clientWith("not-the-secret")
	if _, err := good.s3.CreateBucket(bg, &s3.CreateBucketInput{Bucket: aws.String("lean")}); err != nil {
		t.Fatalf("CreateBucket with the user's key: %v", err)
	}
	return good, bad
}

// TestLeanCallsPassMotosSignatureCheck has an independent SigV4
// implementation, botocore's in moto, check what the lean calls sign: each
// upload and read must be accepted (a request it finds badly signed is
// refused, and the lean call leaves it to the SDK), store what was sent
// (over TLS, decoded from aws-chunked with its CRC32 trailer checked),
// and read as the SDK reads it. A client with a wrong secret is refused,
// which shows that moto checks.
func TestLeanCallsPassMotosSignatureCheck(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		name := map[bool]string{false: "HTTP", true: "TLS"}[useTLS]
		t.Run(name, func(t *testing.T) {
			good, bad := checkingMoto(t, useTLS)
			for _, in := range []*s3.PutObjectInput{
				{Bucket: aws.String("lean"), Key: aws.String("plain"), ContentType: aws.String("text/plain")},
				{Bucket: aws.String("lean"), Key: aws.String("a b/c"), ContentType: aws.String("text/plain")},
				{Bucket: aws.String("lean"), Key: aws.String("m1"), Metadata: map[string]string{"Foo": "bar"}},
				{Bucket: aws.String("lean"), Key: aws.String("m2"), Metadata: map[string]string{"mixed-Case": " spaced "}},
				{Bucket: aws.String("lean"), Key: aws.String("t1"), Tagging: aws.String("env=prod&team=a%20b")},
				{Bucket: aws.String("lean"), Key: aws.String("c1"), ContentType: aws.String("text/html; charset=utf-8"), CacheControl: aws.String("max-age=60"), ContentDisposition: aws.String(`attachment; filename="x.html"`)},
				{Bucket: aws.String("lean"), Key: aws.String("c2"), ContentLanguage: aws.String("de-CH"), WebsiteRedirectLocation: aws.String("/elsewhere"), StorageClass: "STANDARD_IA", ServerSideEncryption: "AES256"},
				{Bucket: aws.String("lean"), Key: aws.String("y?z#w"), ContentType: aws.String("text/plain")},
				{Bucket: aws.String("lean"), Key: aws.String("x//y"), ContentType: aws.String("text/plain")},
				func() *s3.PutObjectInput {
					in := everyPutField("lean", "every/field")
					in.SSEKMSKeyId, in.ServerSideEncryption = nil, "AES256" // no KMS key in this moto
					// moto's web server drops a header with "_" in its name.
					in.Metadata = map[string]string{"Foo": "bar", "mixed-Case": " spaced "}
					if useTLS {
						in.ContentEncoding = nil
					}
					return in
				}(),
			} {
				body := []byte("<h1>" + aws.ToString(in.Key) + "</h1>")
				written, ok := good.s3Lean.put(bg, in, body)
				if !ok {
					t.Errorf("%s: moto refused the lean PutObject", aws.ToString(in.Key))
					continue
				}
				got, err := good.s3.GetObject(bg, &s3.GetObjectInput{Bucket: in.Bucket, Key: in.Key})
				if err != nil {
					t.Fatal(err)
				}
				stored, _ := io.ReadAll(got.Body)
				got.Body.Close()
				if !bytes.Equal(stored, body) {
					t.Errorf("%s: stored %q, sent %q", aws.ToString(in.Key), stored, body)
				}
				head, ok := good.s3Lean.head(bg, "lean", aws.ToString(in.Key))
				if !ok {
					t.Fatalf("%s: moto refused the lean HeadObject", aws.ToString(in.Key))
				}
				sdk, err := good.s3.HeadObject(bg, &s3.HeadObjectInput{Bucket: in.Bucket, Key: in.Key})
				if err != nil {
					t.Fatal(err)
				}
				if want := headFromSDK(sdk); !reflect.DeepEqual(head, want) {
					t.Errorf("%s: lean HEAD read\n%+v\nthe SDK's\n%+v", aws.ToString(in.Key), head, want)
				}
				if written.etag != head.etag {
					t.Errorf("%s: the upload answered ETag %s, HEAD %s", aws.ToString(in.Key), written.etag, head.etag)
				}
				if in.Tagging != nil {
					tags, ok := good.s3Lean.tags(bg, "lean", aws.ToString(in.Key))
					if !ok {
						t.Fatalf("%s: moto refused the lean GetObjectTagging", aws.ToString(in.Key))
					}
					sdkTags, err := good.s3.GetObjectTagging(bg, &s3.GetObjectTaggingInput{Bucket: in.Bucket, Key: in.Key})
					if err != nil {
						t.Fatal(err)
					}
					if got, want := tags, fromS3Tags(sdkTags.TagSet); !reflect.DeepEqual(got, want) || got["team"] != "a b" {
						t.Errorf("%s: lean tags %v, the SDK's %v", aws.ToString(in.Key), got, want)
					}
				}
				for k, v := range in.Metadata {
					if got := head.metadata[strings.ToLower(k)]; got != strings.TrimSpace(v) {
						t.Errorf("%s: metadata %s read %q, sent %q", aws.ToString(in.Key), k, got, v)
					}
				}
			}
			if _, ok := bad.s3Lean.put(bg, &s3.PutObjectInput{Bucket: aws.String("lean"), Key: aws.String("bad")}, []byte("x")); ok {
				t.Error("moto accepted an upload signed with a wrong secret")
			}
			if _, ok := bad.s3Lean.head(bg, "lean", "plain"); ok {
				t.Error("moto accepted a HEAD signed with a wrong secret")
			}
			if _, ok := bad.s3Lean.tags(bg, "lean", "t1"); ok {
				t.Error("moto accepted a GetObjectTagging signed with a wrong secret")
			}
			if _, err := bad.s3.HeadObject(bg, &s3.HeadObjectInput{Bucket: aws.String("lean"), Key: aws.String("plain")}); err == nil {
				t.Error("moto accepted the SDK's HEAD signed with a wrong secret")
			}
		})
	}
}
