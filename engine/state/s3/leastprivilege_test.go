package s3_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// A role allowed the state objects but not s3:GetBucketVersioning still
// writes state, and keeps history as KEY.backup.
func TestWithoutBucketVersioningPermissionHistoryUsesBackupObject(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	bucket := newBucket(t, rawS3(t, sb.S3URL()), true)
	target, _ := url.Parse(sb.S3URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	deny := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.URL.Query()["versioning"]; ok {
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer deny.Close()

	b := mustNew(t, config(deny.URL, bucket, "k.tfstate"), nil)
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	lineage := state.New().Lineage
	for serial := uint64(1); serial <= 2; serial++ {
		if err := b.Write(ctx, statetest.Sample(lineage, serial, "lp")); err != nil {
			t.Fatalf("write serial %d without versioning permission: %v", serial, err)
		}
	}
	h, err := b.History(ctx)
	if err != nil || len(h) != 2 || h[1].ID != "backup" || h[1].Serial != 1 {
		t.Fatalf("History = %+v, %v; want current and backup (serial 1)", h, err)
	}
}
