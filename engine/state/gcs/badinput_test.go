package gcs_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

func TestBadInputErrorsNameBackendBucketAndObjectAndOverwriteNothing(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	raw := rawGCS(t, sb.GCSURL())
	const prefix, object = "env/prod", "env/prod/default.tfstate"

	t.Run("missing bucket is named on read, write and lock", func(t *testing.T) {
		b := mustNew(t, config(sb.GCSURL(), "no-such-bucket", prefix), nil)
		_, err := b.Read(ctx)
		assertNamed(t, err, "no-such-bucket", object, `bucket "no-such-bucket" does not exist`)
		err = b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "x"))
		assertNamed(t, err, "no-such-bucket", object, `bucket "no-such-bucket" does not exist`)
		_, err = b.Lock(ctx, state.NewLockInfo("OperationTypeApply"))
		assertNamed(t, err, "no-such-bucket", object, `bucket "no-such-bucket" does not exist`)
	})

	t.Run("unreachable endpoint is named", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		closed := "http://" + l.Addr().String()
		l.Close()
		cfg := config(closed, "bucket", prefix)
		cfg.MaxRetries = 2
		_, err = mustNew(t, cfg, nil).Read(ctx)
		assertNamed(t, err, "bucket", object, "the storage endpoint is unreachable")
	})

	t.Run("invalid state object is refused and left as it is", func(t *testing.T) {
		bucket := newBucket(t, raw, false)
		putObject(t, raw, bucket, object, "garbage")
		b := mustNew(t, config(sb.GCSURL(), bucket, prefix), nil)
		_, err := b.Read(ctx)
		assertNamed(t, err, bucket, object, "state object is not valid state")
		err = b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "over-garbage"))
		if !errors.Is(err, state.ErrStale) {
			t.Errorf("write over an unreadable state object: %v, want ErrStale", err)
		}
		if got, _ := getObject(t, raw, bucket, object); got != "garbage" {
			t.Errorf("object after the refused write = %q, want it unchanged", got)
		}
	})

	t.Run("lineage mismatch is refused and the state left as it is", func(t *testing.T) {
		bucket := newBucket(t, raw, false)
		b := mustNew(t, config(sb.GCSURL(), bucket, prefix), nil)
		if _, err := b.Read(ctx); err != nil {
			t.Fatal(err)
		}
		if err := b.Write(ctx, statetest.Sample(state.New().Lineage, 3, "mine")); err != nil {
			t.Fatal(err)
		}
		before, gen := getObject(t, raw, bucket, object)
		other := statetest.Sample(state.New().Lineage, 9, "theirs")
		err := b.Write(ctx, other)
		assertNamed(t, err, bucket, object, "lineage "+other.Lineage)
		if !errors.Is(err, state.ErrStale) {
			t.Errorf("lineage mismatch error %v does not wrap ErrStale", err)
		}
		if got, g := getObject(t, raw, bucket, object); got != before || g != gen {
			t.Error("state object changed after a refused write")
		}
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
