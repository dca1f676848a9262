package main

// fake-gcs-server for the cloud end-to-end tests, in-process, behind a
// proxy that keeps the bucket fields it drops.

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fsouza/fake-gcs-server/fakestorage"
)

// keptBucketFields are the bucket fields fake-gcs-server drops and Cloud
// Storage keeps.
var keptBucketFields = []string{"labels", "lifecycle", "iamConfiguration"}

// startGCS starts fake-gcs-server in-process on a loopback listener,
// behind bucketFieldKeeper, and returns its host:port (the form of
// STORAGE_EMULATOR_HOST). Buckets report location US-CENTRAL1.
func startGCS(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening for fake-gcs-server: %v", err)
	}
	host := ln.Addr().String()
	fake, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		NoListener: true, Scheme: "http", PublicHost: host, ExternalURL: "http://" + host,
		BucketsLocation: "US-CENTRAL1", Writer: io.Discard,
	})
	if err != nil {
		_ = ln.Close()
		t.Fatalf("starting fake-gcs-server: %v", err)
	}
	srv := &http.Server{Handler: &bucketFieldKeeper{next: fake.HTTPHandler(), kept: map[string]map[string]json.RawMessage{}}}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Close()
		fake.Stop()
	})
	return host
}

// bucketFieldKeeper stands in front of fake-gcs-server and keeps, per
// bucket, the fields of keptBucketFields that clients last wrote, adding
// them to the bucket resources it returns, as Cloud Storage does. Without
// it every plan after an apply would show labels, lifecycle rules and
// uniform bucket-level access as changes. It proves nothing about them:
// drift tests use what fake-gcs-server really stores (versioning, object
// data).
type bucketFieldKeeper struct {
	next http.Handler
	mu   sync.Mutex
	kept map[string]map[string]json.RawMessage
}

func (k *bucketFieldKeeper) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/storage/v1/b")
	if !ok || strings.Contains(strings.TrimPrefix(rest, "/"), "/") {
		k.next.ServeHTTP(w, r) // objects, uploads, downloads
		return
	}
	bucket := strings.TrimPrefix(rest, "/")
	var sent map[string]json.RawMessage
	if r.Body != nil && (r.Method == http.MethodPost || r.Method == http.MethodPatch || r.Method == http.MethodPut) {
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &sent)
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
	}
	rec := httptest.NewRecorder()
	k.next.ServeHTTP(rec, r)
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode < 300 {
		body = k.update(r.Method, bucket, sent, body)
	}
	for name, values := range resp.Header {
		if name != "Content-Length" {
			w.Header()[name] = values
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(body)
}

// update records what a successful request wrote and returns the response
// body with the kept fields added.
func (k *bucketFieldKeeper) update(method, bucket string, sent map[string]json.RawMessage, body []byte) []byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	if method == http.MethodPost && bucket == "" {
		var name string
		_ = json.Unmarshal(sent["name"], &name)
		bucket, k.kept[name] = name, map[string]json.RawMessage{}
	}
	if method == http.MethodDelete {
		delete(k.kept, bucket)
		return body
	}
	kept := k.kept[bucket]
	for _, f := range keptBucketFields {
		v, ok := sent[f]
		switch {
		case !ok || kept == nil:
		case string(v) == "null":
			delete(kept, f)
		case f == "labels" && method == http.MethodPatch:
			kept[f] = patchLabels(kept[f], v)
		default:
			kept[f] = v
		}
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return body
	}
	if items, ok := doc["items"]; ok && bucket == "" { // a bucket list
		var list []map[string]json.RawMessage
		if json.Unmarshal(items, &list) != nil {
			return body
		}
		for _, b := range list {
			var name string
			_ = json.Unmarshal(b["name"], &name)
			k.addKept(b, name)
		}
		doc["items"], _ = json.Marshal(list)
	} else {
		k.addKept(doc, bucket)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}

func (k *bucketFieldKeeper) addKept(doc map[string]json.RawMessage, bucket string) {
	for f, v := range k.kept[bucket] {
		doc[f] = v
	}
}

// patchLabels applies a PATCH of labels: named keys are set, keys set to
// null are removed, others stay.
func patchLabels(old, patch json.RawMessage) json.RawMessage {
	labels := map[string]*string{}
	_ = json.Unmarshal(old, &labels)
	var changes map[string]*string
	_ = json.Unmarshal(patch, &changes)
	for key, v := range changes {
		if v == nil {
			delete(labels, key)
		} else {
			labels[key] = v
		}
	}
	out, _ := json.Marshal(labels)
	return out
}
