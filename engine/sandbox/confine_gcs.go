package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
)

// confineGCS refuses, with GCS's JSON error, a request that names a
// bucket or object the sandbox does not accept (see names.go): in its
// path, its "name" parameter, its JSON metadata (bucket insert, resumable
// and multipart uploads, compose), a form upload's key, or any request of
// a batch.
func confineGCS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad, err := gcsBadName(r, true)
		switch {
		case err != nil:
			writeGCSError(w, http.StatusBadRequest, "parseError", "Parse Error: "+err.Error())
		case bad != nil:
			writeGCSError(w, http.StatusBadRequest, "invalid",
				fmt.Sprintf("Invalid %s name: %q (the sandbox refuses a name that %s)", bad.kind, bad.name, bad.reason))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// gcsAPIPrefixes are the path prefixes after which a segment names a
// bucket.
var gcsAPIPrefixes = [][]string{
	{"storage", "v1", "b"},
	{"download", "storage", "v1", "b"},
	{"upload", "storage", "v1", "b"},
}

// gcsBadName returns the first refused name of r, reading (and putting
// back) the parts of its body that hold names. batch allows a batch
// request, whose parts are checked in turn.
func gcsBadName(r *http.Request, batch bool) (*badName, error) {
	segs := pathSegments(r.URL.EscapedPath())
	refs := gcsPathRefs(segs)
	if q := r.URL.Query(); q.Has("name") {
		refs = append(refs, nameRef{objectName, q.Get("name")})
	}
	if bad := checkAll(refs); bad != nil {
		return bad, nil
	}
	if !isMethod(r, http.MethodPost, http.MethodPut) {
		return nil, nil
	}
	mt, params := mediaType(r)
	switch {
	case mt == "multipart/mixed" && len(segs) > 0 && segs[0] == "batch":
		if !batch {
			return nil, fmt.Errorf("%w: a batch inside a batch", errUnreadable)
		}
		return gcsBatchBadName(r, params["boundary"])
	case mt == "multipart/form-data":
		key, err := formKey(r, params)
		if err != nil {
			return nil, err
		}
		return checkAll([]nameRef{{objectName, key}}), nil
	case mt == "multipart/related":
		var meta []byte
		err := firstParts(r, params["boundary"], func(_ string, data []byte) bool {
			meta = data
			return true
		})
		if err != nil {
			return nil, err
		}
		return gcsMetadataBadName(meta, false)
	case mt == "application/json" && gcsMetadataRequest(r, segs):
		body, err := readBody(r)
		if err != nil {
			return nil, err
		}
		return gcsMetadataBadName(body, slices.Equal(segs, gcsAPIPrefixes[0]))
	}
	return nil, nil
}

// gcsPathRefs names the segments of a GCS request path: the segment after
// ".../b" (and after "copyTo/b" or "rewriteTo/b") is a bucket, as is the
// first one of a path-style "/BUCKET/OBJECT" request.
func gcsPathRefs(segs []string) []nameRef {
	for _, p := range gcsAPIPrefixes {
		if len(segs) < len(p) || !slices.Equal(segs[:len(p)], p) {
			continue
		}
		buckets := []int{len(p)}
		for i := len(p) + 1; i+1 < len(segs); i++ {
			if (segs[i] == "copyTo" || segs[i] == "rewriteTo") && segs[i+1] == "b" {
				buckets = append(buckets, i+2)
			}
		}
		return segmentRefs(segs, buckets...)
	}
	if len(segs) > 0 && (segs[0] == "batch" || segs[0] == "_internal" || segs[0] == "upload") {
		return segmentRefs(segs)
	}
	return segmentRefs(segs, 0)
}

// gcsMetadataRequest reports whether r's JSON body is metadata that names
// something: a bucket insert, a resumable upload's start, a compose. The
// JSON body of an upload's content is the object's data, not metadata.
func gcsMetadataRequest(r *http.Request, segs []string) bool {
	switch {
	case slices.Equal(segs, gcsAPIPrefixes[0]):
		return true
	case len(segs) > 0 && segs[len(segs)-1] == "compose":
		return true
	case len(segs) > 0 && segs[0] == "upload" && r.Method == http.MethodPost:
		return r.URL.Query().Get("uploadType") == "resumable"
	}
	return false
}

// gcsMetadata is the part of GCS's JSON metadata that names things.
type gcsMetadata struct {
	Name        string `json:"name"`
	Bucket      string `json:"bucket"`
	Destination *struct {
		Name   string `json:"name"`
		Bucket string `json:"bucket"`
	} `json:"destination"`
	SourceObjects []struct {
		Name string `json:"name"`
	} `json:"sourceObjects"`
}

// gcsMetadataBadName checks the names of a JSON metadata document; its
// "name" is a bucket's for a bucket insert, else an object's.
func gcsMetadataBadName(data []byte, bucketInsert bool) (*badName, error) {
	var m gcsMetadata
	if err := decodeJSON(data, &m); err != nil {
		return nil, err
	}
	kind := objectName
	if bucketInsert {
		kind = bucketName
	}
	refs := []nameRef{{kind, m.Name}, {bucketName, m.Bucket}}
	if d := m.Destination; d != nil {
		refs = append(refs, nameRef{objectName, d.Name}, nameRef{bucketName, d.Bucket})
	}
	for _, s := range m.SourceObjects {
		refs = append(refs, nameRef{objectName, s.Name})
	}
	return checkAll(refs), nil
}

// gcsBatchBadName checks every request of a batch body.
func gcsBatchBadName(r *http.Request, boundary string) (*badName, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	reqs, err := readRequests(body, boundary)
	if err != nil {
		return nil, err
	}
	for _, req := range reqs {
		bad, err := gcsBadName(req, false)
		if bad != nil || err != nil {
			return bad, err
		}
	}
	return nil, nil
}

// writeGCSError writes GCS's JSON error document.
func writeGCSError(w http.ResponseWriter, status int, reason, msg string) {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{
		"code":    status,
		"message": msg,
		"errors":  []map[string]string{{"domain": "global", "reason": reason, "message": msg}},
	}})
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
