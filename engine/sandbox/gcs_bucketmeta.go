package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// bucketMeta is what the sandbox keeps of a GCS bucket that
// fake-gcs-server does not: its location (the server reports one location
// for every bucket) and, over the filesystem store, its versioning
// setting. That store answers a bucket insert or patch that enables
// versioning with a 500 ("not implemented"), which the Google client
// retries for as long as its context allows: a google_storage_bucket with
// versioning { enabled = true } stayed "Still creating..." for an hour.
type bucketMeta struct {
	Location   string `json:"location,omitempty"`
	Versioning bool   `json:"versioning,omitempty"`
}

// bucketMetas holds bucketMeta by bucket name, in memory, and in a JSON
// file when path is set.
type bucketMetas struct {
	path string
	mu   sync.Mutex
	m    map[string]bucketMeta
}

// loadBucketMetas reads the metadata kept at path (none when the file
// does not exist yet, or path is empty).
func loadBucketMetas(path string) (*bucketMetas, error) {
	s := &bucketMetas{path: path, m: map[string]bucketMeta{}}
	if path == "" {
		return s, nil
	}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sandbox: GCS bucket metadata: %w", err)
	}
	if err := json.Unmarshal(b, &s.m); err != nil {
		return nil, fmt.Errorf("sandbox: GCS bucket metadata %s: %w", path, err)
	}
	return s, nil
}

func (s *bucketMetas) get(bucket string) (bucketMeta, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.m[bucket]
	return m, ok
}

// update applies f to bucket's metadata (remove deletes it) and saves the
// file atomically (temp file and rename).
func (s *bucketMetas) update(bucket string, f func(*bucketMeta), remove bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if remove {
		delete(s.m, bucket)
	} else {
		m := s.m[bucket]
		f(&m)
		s.m[bucket] = m
	}
	if s.path == "" {
		return nil
	}
	b, _ := json.Marshal(s.m)
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".bucketmeta-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), s.path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
	}
	return werr
}

// bucketWrite is what a bucket insert or patch asked for.
type bucketWrite struct {
	name       string
	location   string
	versioning *bool
}

// withGCSBucketMeta keeps bucket metadata in metas in front of the
// emulator: it records the location of bucket inserts and, when
// ownVersioning, takes "versioning" out of inserts and patches (the store
// refuses it) and records it once the store accepted the rest; it puts
// what it keeps into every bucket resource the emulator answers with.
func withGCSBucketMeta(next http.Handler, metas *bucketMetas, ownVersioning bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		segs := pathSegments(r.URL.EscapedPath())
		if len(segs) < 3 || len(segs) > 4 || !slices.Equal(segs[:3], []string{"storage", "v1", "b"}) {
			next.ServeHTTP(w, r)
			return
		}
		bucket := ""
		if len(segs) == 4 {
			bucket = segs[3]
		}
		insert := bucket == "" && isMethod(r, http.MethodPost)
		patch := bucket != "" && (isMethod(r, http.MethodPatch, http.MethodPut) ||
			isMethod(r, http.MethodPost) && r.Header.Get("X-HTTP-Method-Override") != "")
		var bw bucketWrite
		if insert || patch {
			var err error
			if bw, err = readBucketWrite(r, ownVersioning); err != nil {
				writeGCSError(w, http.StatusBadRequest, "parseError", "Parse Error: "+err.Error())
				return
			}
			if bucket == "" {
				bucket = bw.name
			}
		}
		rec := &recordedResponse{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status/100 == 2 && bucket != "" {
			if err := recordBucketMeta(r, metas, bucket, bw, insert, patch); err != nil {
				writeGCSError(w, http.StatusInternalServerError, "backendError", "sandbox: "+err.Error())
				return
			}
		}
		if rec.status/100 == 2 && !isMethod(r, http.MethodDelete) {
			rec.body = addBucketMeta(rec.body, metas, ownVersioning, bucket == "" && isMethod(r, http.MethodGet))
		}
		rec.flush(w)
	})
}

// recordBucketMeta updates metas after the emulator accepted a request on
// bucket.
func recordBucketMeta(r *http.Request, metas *bucketMetas, bucket string, bw bucketWrite, insert, patch bool) error {
	switch {
	case isMethod(r, http.MethodDelete):
		return metas.update(bucket, nil, true)
	case insert || patch:
		return metas.update(bucket, func(m *bucketMeta) {
			if insert && bw.location != "" {
				m.Location = strings.ToUpper(bw.location)
			}
			if bw.versioning != nil {
				m.Versioning = *bw.versioning
			}
		}, false)
	}
	return nil
}

// readBucketWrite reads the name, location and versioning setting of r's
// JSON body, and when takeVersioning removes "versioning" from the body.
// A body that is not a JSON object goes to the emulator as it is.
func readBucketWrite(r *http.Request, takeVersioning bool) (bucketWrite, error) {
	var bw bucketWrite
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return bw, err
	}
	defer func() { putBody(r, body) }()
	var doc map[string]json.RawMessage
	if len(bytes.TrimSpace(body)) == 0 || json.Unmarshal(body, &doc) != nil {
		return bw, nil
	}
	_ = json.Unmarshal(doc["name"], &bw.name)
	_ = json.Unmarshal(doc["location"], &bw.location)
	raw, ok := doc["versioning"]
	if !ok {
		return bw, nil
	}
	var v struct {
		Enabled bool `json:"enabled"`
	}
	if string(raw) != "null" {
		if err := json.Unmarshal(raw, &v); err != nil {
			return bw, fmt.Errorf("versioning: %w", err)
		}
	}
	bw.versioning = &v.Enabled
	if takeVersioning {
		delete(doc, "versioning")
		body, _ = json.Marshal(doc)
	}
	return bw, nil
}

func putBody(r *http.Request, body []byte) {
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.Header.Set("Content-Length", strconv.Itoa(len(body)))
}

// addBucketMeta puts what metas keeps into the bucket resource body (or
// into each of its "items" when list). A body it cannot read is returned
// as it is.
func addBucketMeta(body []byte, metas *bucketMetas, ownVersioning, list bool) []byte {
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return body
	}
	if list {
		var items []map[string]json.RawMessage
		if json.Unmarshal(doc["items"], &items) != nil {
			return body
		}
		for _, it := range items {
			setBucketMeta(it, metas, ownVersioning)
		}
		doc["items"], _ = json.Marshal(items)
	} else {
		setBucketMeta(doc, metas, ownVersioning)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}

func setBucketMeta(bucket map[string]json.RawMessage, metas *bucketMetas, ownVersioning bool) {
	var name string
	if json.Unmarshal(bucket["name"], &name) != nil || name == "" {
		return
	}
	m, ok := metas.get(name)
	if !ok {
		return
	}
	if m.Location != "" {
		bucket["location"], _ = json.Marshal(m.Location)
	}
	if ownVersioning {
		bucket["versioning"] = json.RawMessage(`{"enabled":` + strconv.FormatBool(m.Versioning) + `}`)
	}
}

// recordedResponse holds a response until it is rewritten and flushed.
type recordedResponse struct {
	header http.Header
	status int
	body   []byte
}

func (r *recordedResponse) Header() http.Header { return r.header }

func (r *recordedResponse) WriteHeader(status int) { r.status = status }

func (r *recordedResponse) Write(b []byte) (int, error) {
	r.body = append(r.body, b...)
	return len(b), nil
}

func (r *recordedResponse) flush(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(r.body)))
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body)
}
