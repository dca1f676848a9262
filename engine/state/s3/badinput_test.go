package s3_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

const secret = "SECRET-never-shown-0123456789"

// assertNamed fails unless err names the backend, the bucket and the key
// and says want, and never shows the secret key.
func assertNamed(t *testing.T, err error, bucket, key, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one saying %q", want)
	}
	msg := err.Error()
	t.Logf("error: %s", msg)
	for _, s := range []string{`s3 backend "s3://` + bucket + "/" + key + `"`, want} {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q does not contain %q", msg, s)
		}
	}
	if strings.Contains(msg, secret) {
		t.Errorf("error %q shows the secret key", msg)
	}
}

// rawGet returns the object's content and ETag.
func rawGet(t *testing.T, c *awss3.Client, bucket, key string) (string, string) {
	t.Helper()
	out, err := c.GetObject(context.Background(), &awss3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("raw get %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), aws.ToString(out.ETag)
}

func rawPut(t *testing.T, c *awss3.Client, bucket, key, body string) {
	t.Helper()
	_, err := c.PutObject(context.Background(), &awss3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader(body)})
	if err != nil {
		t.Fatalf("raw put %s/%s: %v", bucket, key, err)
	}
}

// badInputStorage is cfg's state object as the statetest bad-input checks
// reach it; raw reaches it behind the backend's back.
func badInputStorage(t *testing.T, cfg s3backend.Config, raw *awss3.Client) statetest.Storage {
	return statetest.Storage{
		Client: func() state.Backend { return mustNew(t, cfg, nil) },
		AssertNamed: func(t *testing.T, err error, want string) {
			t.Helper()
			assertNamed(t, err, cfg.Bucket, cfg.Key, want)
		},
		Put: func(t *testing.T, body string) { rawPut(t, raw, cfg.Bucket, cfg.Key, body) },
		Get: func(t *testing.T) (string, string) { return rawGet(t, raw, cfg.Bucket, cfg.Key) },
	}
}

func TestBadInputErrorsNameBackendBucketAndKeyAndOverwriteNothing(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	raw := rawS3(t, sb.S3URL())
	const key = "env/prod.tfstate"

	t.Run("missing bucket is named on read, write and lock", func(t *testing.T) {
		cfg := config(sb.S3URL(), "no-such-bucket", key)
		cfg.SecretKey = secret
		statetest.RunEveryCallIsNamed(t, badInputStorage(t, cfg, raw), `bucket "no-such-bucket" does not exist`)
	})

	t.Run("unreachable endpoint is named", func(t *testing.T) {
		cfg := config(statetest.ClosedEndpoint(t), "bucket", key)
		cfg.SecretKey = secret
		cfg.MaxRetries = 2
		statetest.RunReadIsNamed(t, badInputStorage(t, cfg, raw), "the endpoint is unreachable")
	})

	t.Run("invalid state object is refused and left as it is", func(t *testing.T) {
		cfg := config(sb.S3URL(), newBucket(t, raw, false), key)
		statetest.RunInvalidDocumentIsRefusedAndKept(t, badInputStorage(t, cfg, raw))
	})

	t.Run("lineage mismatch is refused and the state left as it is", func(t *testing.T) {
		cfg := config(sb.S3URL(), newBucket(t, raw, false), key)
		statetest.RunForeignLineageIsRefusedAndKept(t, badInputStorage(t, cfg, raw))
	})

	t.Run("access denied is named and the secret is not shown", func(t *testing.T) {
		deny := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>r1</RequestId></Error>`))
		}))
		defer deny.Close()
		cfg := config(deny.URL, "locked-down", key)
		cfg.SecretKey = secret
		statetest.RunReadIsNamed(t, badInputStorage(t, cfg, raw), `access denied to bucket "locked-down"`)
	})
}

func TestMissingLockTableIsNamed(t *testing.T) {
	url := moto.URL(t)
	raw := rawS3(t, url)
	bucket := newBucket(t, raw, false)
	cfg := config(url, bucket, "k.tfstate")
	cfg.DynamoDBTable = "no-such-table"
	cfg.EndpointDynamoDB = url
	_, err := mustNew(t, cfg, nil).Lock(context.Background(), state.NewLockInfo("OperationTypeApply"))
	assertNamed(t, err, bucket, "k.tfstate", `DynamoDB table "no-such-table" does not exist`)
}

func TestConfigurationWithoutRegionOrCredentialsFails(t *testing.T) {
	// Nothing from the machine's AWS configuration may leak in.
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for name, tc := range map[string]struct {
		cfg  s3backend.Config
		want string
	}{
		"no region is refused": {
			cfg:  s3backend.Config{Bucket: "b", Key: "k", AccessKey: "a", SecretKey: secret},
			want: "no region",
		},
		"no credentials are refused at configuration": {
			cfg:  s3backend.Config{Bucket: "b", Key: "k", Region: "us-east-1"},
			want: "no usable AWS credentials",
		},
		"an access key without a secret key is refused": {
			cfg:  s3backend.Config{Bucket: "b", Key: "k", Region: "us-east-1", AccessKey: "a"},
			want: `"access_key" and "secret_key" must be set together`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s3backend.New(ctx, tc.cfg, nil)
			assertNamed(t, err, "b", "k", tc.want)
		})
	}
	// With SkipCredentialsValidation the missing chain is only found by
	// the first request.
	if _, err := s3backend.New(ctx, s3backend.Config{Bucket: "b", Key: "k", Region: "us-east-1", SkipCredentialsValidation: true, EndpointS3: "http://127.0.0.1:1"}, nil); err != nil {
		t.Errorf("skip_credentials_validation still resolved credentials: %v", err)
	}
}
