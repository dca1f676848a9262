package sandbox

import (
	"fmt"
	"net/http"

	"github.com/fsouza/fake-gcs-server/fakestorage"
	"github.com/hashicorp/go-hclog"
)

// gcsEmulator is fake-gcs-server over a directory tree (persistent; the
// versioning setting of buckets is kept by withGCSBucketMeta, but objects
// have only their live generation) or memory (full versioning), with
// bucket locations kept by withGCSBucketMeta.
type gcsEmulator struct {
	server  *fakestorage.Server
	handler http.Handler
}

// newGCSEmulator opens the filesystem store under root, or a memory store
// when root is empty. The server does not listen itself: the sandbox
// serves its handler at host (host:port), which is also its public host,
// so that path-style object reads (GET /BUCKET/OBJECT) work.
func newGCSEmulator(root, host string, log hclog.Logger) (*gcsEmulator, error) {
	srv, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		StorageRoot: root,
		NoListener:  true,
		Scheme:      "http",
		PublicHost:  host,
		ExternalURL: "http://" + host,
		// Real GCS reports a location for every bucket; without one,
		// google_storage_bucket would plan a replacement after each apply.
		BucketsLocation: "US-CENTRAL1",
		Writer:          log.StandardWriter(&hclog.StandardLoggerOptions{ForceLevel: hclog.Debug}),
	})
	if err != nil {
		return nil, fmt.Errorf("sandbox: start GCS emulator: %w", err)
	}
	h := srv.HTTPHandler()
	metaPath := ""
	if root != "" {
		metaPath = root + ".buckets.json"
	}
	metas, err := loadBucketMetas(metaPath)
	if err != nil {
		srv.Stop()
		return nil, err
	}
	h = withGCSBucketMeta(h, metas, root != "")
	// fake-gcs-server takes an unknown Host for a bucket name (virtual
	// hosting); pin it so "localhost:PORT" works like the printed address.
	pinned := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Host = host
		h.ServeHTTP(w, r)
	})
	return &gcsEmulator{server: srv, handler: pinned}, nil
}

// createBucket creates bucket name unless it exists.
// fakestorage.CreateBucketWithOpts panics on a store error; the panic is
// turned back into an error.
func (e *gcsEmulator) createBucket(name string) (err error) {
	if _, gerr := e.server.Backend().GetBucket(name); gerr == nil {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sandbox: create GCS bucket %q: %v", name, p)
		}
	}()
	e.server.CreateBucketWithOpts(fakestorage.CreateBucketOpts{Name: name})
	return nil
}

func (e *gcsEmulator) close() { e.server.Stop() }
