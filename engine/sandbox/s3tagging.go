package sandbox

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/johannesboyne/gofakes3"
)

// taggingMeta is the object metadata key that holds an object's tags, as
// the URL-encoded x-amz-tagging header of its upload (gofakes3 keeps every
// X-Amz-* request header as metadata, and echoes all metadata as response
// headers; withObjectTagging hides it and answers as S3 does).
const taggingMeta = "X-Amz-Tagging"

// withObjectTagging adds S3's object tagging to gofakes3, which has none:
// GET, PUT and DELETE /bucket/key?tagging read and change the tags; an
// upload's tags are those of its x-amz-tagging header, or none (never the
// replaced object's); GET and HEAD of an object answer x-amz-tagging-count
// when it has tags, instead of the stored header.
//
// As in S3, changing the tags of an object never makes a new version: in
// an unversioned bucket the object is stored again with its new tags
// (gofakes3 has no metadata-only change); in a bucket that has had
// versioning, whose versions must stay as they are, the tags set after
// upload are kept beside the objects, per version (versionTags).
func withObjectTagging(next http.Handler, backend gofakes3.Backend) http.Handler {
	vt := &versionTags{m: map[string]string{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bucket, key, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if !ok || bucket == "" || key == "" {
			next.ServeHTTP(w, r)
			return
		}
		query := r.URL.Query()
		if _, tagging := query["tagging"]; tagging {
			serveObjectTagging(w, r, backend, vt, bucket, key)
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			tw := &tagCountWriter{ResponseWriter: w, tags: vt, bucket: bucket, key: key}
			next.ServeHTTP(tw, r)
			tw.fix() // a HEAD answer may write nothing: net/http sends the headers
		case http.MethodPut:
			if _, upload := query["uploadId"]; !upload && r.Header.Get("X-Amz-Copy-Source") == "" {
				// Present, even empty, so that gofakes3's metadata merge
				// does not carry the replaced object's tags over.
				r.Header.Set(taggingMeta, r.Header.Get(taggingMeta))
			}
			next.ServeHTTP(w, r)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// tagCountWriter turns the stored tagging header of a GET or HEAD answer
// into S3's x-amz-tagging-count, sent only when the object has tags.
type tagCountWriter struct {
	http.ResponseWriter
	tags        *versionTags
	bucket, key string
	done        bool
}

func (w *tagCountWriter) fix() {
	if w.done {
		return
	}
	w.done = true
	h := w.Header()
	stored := h.Get(taggingMeta)
	h.Del(taggingMeta)
	if v := h.Get("X-Amz-Version-Id"); v != "" {
		if set, ok := w.tags.get(w.bucket, w.key, v); ok {
			stored = set
		}
	}
	if n := len(parseTagging(stored)); n > 0 {
		h.Set("X-Amz-Tagging-Count", strconv.Itoa(n))
	}
}

// WriteHeader implements http.ResponseWriter.
func (w *tagCountWriter) WriteHeader(code int) {
	w.fix()
	w.ResponseWriter.WriteHeader(code)
}

// Write implements http.ResponseWriter.
func (w *tagCountWriter) Write(b []byte) (int, error) {
	w.fix()
	return w.ResponseWriter.Write(b)
}

// parseTagging reads a stored tagging header; nil when empty or invalid.
func parseTagging(s string) url.Values {
	if s == "" {
		return nil
	}
	q, err := url.ParseQuery(s)
	if err != nil {
		return nil
	}
	return q
}

// tagging is the XML body of GetObjectTagging and PutObjectTagging.
type tagging struct {
	XMLName xml.Name `xml:"Tagging"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	TagSet  []s3Tag  `xml:"TagSet>Tag"`
}

type s3Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

func serveObjectTagging(w http.ResponseWriter, r *http.Request, backend gofakes3.Backend, vt *versionTags, bucket, key string) {
	versionID := r.URL.Query().Get("versionId")
	obj, err := headVersion(backend, bucket, key, versionID)
	if err != nil {
		writeFakeS3Error(w, err)
		return
	}
	if obj.VersionID != "" && obj.VersionID != "null" {
		w.Header().Set("X-Amz-Version-Id", string(obj.VersionID))
	}
	switch r.Method {
	case http.MethodGet:
		stored := obj.Metadata[taggingMeta]
		if set, ok := vt.get(bucket, key, string(obj.VersionID)); ok {
			stored = set
		}
		out := tagging{Xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", TagSet: []s3Tag{}}
		q := parseTagging(stored)
		for _, k := range slices.Sorted(maps.Keys(q)) {
			out.TagSet = append(out.TagSet, s3Tag{Key: k, Value: q.Get(k)})
		}
		body, _ := xml.Marshal(out) // strings only: always marshals
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write(append([]byte(xml.Header), body...))
	case http.MethodPut:
		var in tagging
		if err := xml.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil {
			writeFakeS3Error(w, gofakes3.ErrMalformedXML)
			return
		}
		q := url.Values{}
		for _, t := range in.TagSet {
			q.Set(t.Key, t.Value)
		}
		if err := retag(backend, vt, bucket, key, obj, q.Encode()); err != nil {
			writeFakeS3Error(w, err)
			return
		}
		w.WriteHeader(http.StatusOK)
	case http.MethodDelete:
		if err := retag(backend, vt, bucket, key, obj, ""); err != nil {
			writeFakeS3Error(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeFakeS3Error(w, gofakes3.ErrMethodNotAllowed)
	}
}

// headVersion is the object's version versionID, or its current version
// when versionID is empty.
func headVersion(backend gofakes3.Backend, bucket, key, versionID string) (*gofakes3.Object, error) {
	var (
		obj *gofakes3.Object
		err error
	)
	if vb, ok := backend.(gofakes3.VersionedBackend); ok && versionID != "" {
		obj, err = vb.HeadObjectVersion(bucket, key, gofakes3.VersionID(versionID))
	} else if versionID != "" {
		return nil, gofakes3.ErrNoSuchVersion
	} else {
		obj, err = backend.HeadObject(bucket, key)
	}
	if err != nil {
		return nil, err
	}
	_ = obj.Contents.Close()
	return obj, nil
}

// retag sets the tags of obj, a version of bucket/key: beside it when the
// bucket has had versioning, else by storing the object again.
func retag(backend gofakes3.Backend, vt *versionTags, bucket, key string, obj *gofakes3.Object, tags string) error {
	versioned := false
	if vb, ok := backend.(gofakes3.VersionedBackend); ok {
		cfg, err := vb.VersioningConfiguration(bucket)
		if err != nil {
			return err
		}
		versioned = cfg.Status != ""
	}
	if versioned {
		vt.set(bucket, key, string(obj.VersionID), tags)
		return nil
	}
	return retagObject(backend, bucket, key, tags)
}

// versionTags are the tags set on object versions after their upload, by
// bucket, key and version ID (version IDs are never reused).
type versionTags struct {
	mu sync.Mutex
	m  map[string]string
}

func versionTagKey(bucket, key, version string) string {
	return bucket + "\x00" + key + "\x00" + version
}

func (v *versionTags) get(bucket, key, version string) (string, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	s, ok := v.m[versionTagKey(bucket, key, version)]
	return s, ok
}

func (v *versionTags) set(bucket, key, version, tags string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.m[versionTagKey(bucket, key, version)] = tags
}

// retagObject stores an unversioned object again with new tags: the body
// and the rest of its metadata are kept (gofakes3's Backend has no
// metadata-only change).
func retagObject(backend gofakes3.Backend, bucket, key, tags string) error {
	obj, err := backend.GetObject(bucket, key, nil)
	if err != nil {
		return err
	}
	defer obj.Contents.Close()
	body, err := io.ReadAll(obj.Contents)
	if err != nil {
		return err
	}
	meta := make(map[string]string, len(obj.Metadata)+1)
	for k, v := range obj.Metadata {
		meta[k] = v
	}
	meta[taggingMeta] = tags
	_, err = backend.PutObject(bucket, key, meta, bytes.NewReader(body), int64(len(body)), nil)
	return err
}

// writeFakeS3Error answers S3's error document for a gofakes3 error.
func writeFakeS3Error(w http.ResponseWriter, err error) {
	code := gofakes3.ErrInternal
	var e gofakes3.Error
	if errors.As(err, &e) {
		code = e.ErrorCode()
	}
	writeS3Error(w, code.Status(), string(code), err.Error())
}
