package gcs_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// A role allowed the state objects but not storage.buckets.get (as
// roles/storage.objectAdmin) still reads and writes state, and keeps
// history as the backup object.
func TestWithoutBucketGetPermissionHistoryUsesBackupObject(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	bucket := newBucket(t, rawGCS(t, sb.GCSURL()), true)
	target, _ := url.Parse(sb.GCSURL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	bucketGet := regexp.MustCompile(`^/storage/v1/b/[^/]+/?$`)
	deny := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && bucketGet.MatchString(r.URL.Path) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"error":{"code":403,"message":"does not have storage.buckets.get access"}}`))
			return
		}
		r.Host = target.Host
		proxy.ServeHTTP(w, r)
	}))
	defer deny.Close()

	b := mustNew(t, config(deny.URL, bucket, "lp"), nil)
	if _, err := b.Read(ctx); err != nil {
		t.Fatalf("read without storage.buckets.get: %v", err)
	}
	lineage := state.New().Lineage
	for serial := uint64(1); serial <= 2; serial++ {
		if err := b.Write(ctx, statetest.Sample(lineage, serial, "lp")); err != nil {
			t.Fatalf("write serial %d without storage.buckets.get: %v", serial, err)
		}
	}
	h, err := b.History(ctx)
	if err != nil || len(h) != 2 || h[1].ID != "backup" || h[1].Serial != 1 {
		t.Fatalf("History = %+v, %v; want current and backup (serial 1)", h, err)
	}
}
