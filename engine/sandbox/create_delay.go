package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// createDelay makes each bucket created through an endpoint invisible for
// a while, as S3 and GCS sometimes are just after a create (eventual
// consistency): until delay has passed since the create succeeded, every
// other request that names the bucket is answered as if it did not exist
// (S3 404 NoSuchBucket, GCS 404 notFound). Providers wait for a new bucket
// to be readable, so this is how a test makes a create slow without
// making its request hang.
type createDelay struct {
	delay time.Duration
	gcs   bool
	mu    sync.Mutex
	born  map[string]time.Time
}

// withCreateDelay returns next behind a createDelay, or next when delay
// is zero.
func withCreateDelay(next http.Handler, delay time.Duration, gcs bool) http.Handler {
	if delay <= 0 {
		return next
	}
	cd := &createDelay{delay: delay, gcs: gcs, born: map[string]time.Time{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		segs := pathSegments(r.URL.EscapedPath())
		if name, ok := cd.creates(r, segs); ok {
			rec := &recordedResponse{header: http.Header{}, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			if rec.status/100 == 2 && name != "" {
				cd.mu.Lock()
				cd.born[name] = time.Now()
				cd.mu.Unlock()
			}
			rec.flush(w)
			return
		}
		if b := cd.hiddenBucket(segs); b != "" {
			if cd.gcs {
				writeGCSError(w, http.StatusNotFound, "notFound", "The specified bucket does not exist.")
			} else {
				writeS3Error(w, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

// creates reports whether r creates a bucket, and its name: S3's
// CreateBucket (PUT /BUCKET, no query) or GCS's bucket insert (POST
// /storage/v1/b, the name in the JSON body).
func (cd *createDelay) creates(r *http.Request, segs []string) (string, bool) {
	if !cd.gcs {
		return firstOf(segs), r.Method == http.MethodPut && len(segs) == 1 && r.URL.RawQuery == ""
	}
	if r.Method != http.MethodPost || !slices.Equal(segs, gcsAPIPrefixes[0]) {
		return "", false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	putBody(r, body)
	var meta struct {
		Name string `json:"name"`
	}
	if err != nil || json.Unmarshal(bytes.TrimSpace(body), &meta) != nil {
		return "", true
	}
	return meta.Name, true
}

// hiddenBucket returns the bucket segs name that is still invisible, or "".
func (cd *createDelay) hiddenBucket(segs []string) string {
	var names []string
	if cd.gcs {
		for _, ref := range gcsPathRefs(segs) {
			if ref.kind == bucketName {
				names = append(names, ref.name)
			}
		}
	} else if b := firstOf(segs); b != "" {
		names = append(names, b)
	}
	cd.mu.Lock()
	defer cd.mu.Unlock()
	for _, n := range names {
		born, ok := cd.born[n]
		if !ok {
			continue
		}
		if time.Since(born) < cd.delay {
			return n
		}
		delete(cd.born, n)
	}
	return ""
}

func firstOf(segs []string) string {
	if len(segs) == 0 {
		return ""
	}
	return segs[0]
}
