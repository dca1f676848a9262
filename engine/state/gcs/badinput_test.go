package gcs_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cloud.google.com/go/storage"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	gcsbackend "github.com/trueup/trueup/engine/state/gcs"
	"github.com/trueup/trueup/engine/state/statetest"
)

// assertNamed fails unless err names the backend, the bucket and the
// state object and says want.
func assertNamed(t *testing.T, err error, bucket, object, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one saying %q", want)
	}
	msg := err.Error()
	t.Logf("error: %s", msg)
	for _, s := range []string{`gcs backend "gs://` + bucket + "/" + object + `"`, want} {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q does not contain %q", msg, s)
		}
	}
}

// badInputStorage is cfg's state object as the statetest bad-input checks
// reach it; raw reaches it behind the backend's back.
func badInputStorage(t *testing.T, cfg gcsbackend.Config, object string, raw *storage.Client) statetest.Storage {
	return statetest.Storage{
		Client: func() state.Backend { return mustNew(t, cfg, nil) },
		AssertNamed: func(t *testing.T, err error, want string) {
			t.Helper()
			assertNamed(t, err, cfg.Bucket, object, want)
		},
		Put: func(t *testing.T, body string) { putObject(t, raw, cfg.Bucket, object, body) },
		Get: func(t *testing.T) (string, string) {
			body, gen := getObject(t, raw, cfg.Bucket, object)
			return body, strconv.FormatInt(gen, 10)
		},
	}
}

func TestBadInputErrorsNameBackendBucketAndObjectAndOverwriteNothing(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	raw := rawGCS(t, sb.GCSURL())
	const prefix, object = "env/prod", "env/prod/default.tfstate"

	t.Run("missing bucket is named on read, write and lock", func(t *testing.T) {
		cfg := config(sb.GCSURL(), "no-such-bucket", prefix)
		statetest.RunEveryCallIsNamed(t, badInputStorage(t, cfg, object, raw), `bucket "no-such-bucket" does not exist`)
	})

	t.Run("unreachable endpoint is named", func(t *testing.T) {
		cfg := config(statetest.ClosedEndpoint(t), "bucket", prefix)
		cfg.MaxRetries = 2
		statetest.RunReadIsNamed(t, badInputStorage(t, cfg, object, raw), "the storage endpoint is unreachable")
	})

	t.Run("invalid state object is refused and left as it is", func(t *testing.T) {
		cfg := config(sb.GCSURL(), newBucket(t, raw, false), prefix)
		statetest.RunInvalidDocumentIsRefusedAndKept(t, badInputStorage(t, cfg, object, raw))
	})

	t.Run("lineage mismatch is refused and the state left as it is", func(t *testing.T) {
		cfg := config(sb.GCSURL(), newBucket(t, raw, false), prefix)
		statetest.RunForeignLineageIsRefusedAndKept(t, badInputStorage(t, cfg, object, raw))
	})

	t.Run("access denied is named", func(t *testing.T) {
		deny := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"error":{"code":403,"message":"caller does not have storage.objects.create access","errors":[{"reason":"forbidden"}]}}`))
		}))
		defer deny.Close()
		err := mustNew(t, config(deny.URL, "locked-down", prefix), nil).Write(ctx, statetest.Sample(state.New().Lineage, 1, "x"))
		assertNamed(t, err, "locked-down", object, `access denied to bucket "locked-down"`)
	})
}

func TestCredentialsAreCheckedWithoutShowingThem(t *testing.T) {
	const secretKey = "-----BEGIN PRIVATE KEY-----SECRET"
	dir := t.TempDir()
	notKey := filepath.Join(dir, "not-a-key.json")
	if err := os.WriteFile(notKey, []byte(`{"private_key": "`+secretKey+`", "type": "something_else"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		creds, want string
	}{
		"a missing credentials file is named":       {filepath.Join(dir, "missing.json"), "credentials file"},
		"credentials that are not JSON are refused": {`{"private_key": "` + secretKey, "not a JSON key file"},
		"an unsupported credentials type is named":  {notKey, `credentials of type "something_else" are not supported`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := gcsbackend.New(context.Background(), gcsbackend.Config{Bucket: "b", Credentials: tc.creds}, nil)
			assertNamed(t, err, "b", "default.tfstate", tc.want)
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error %q shows the credentials", err)
			}
		})
	}
}
