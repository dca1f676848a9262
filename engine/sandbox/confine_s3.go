package sandbox

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// confineS3 refuses, with S3's XML error, a request that names a bucket or
// key the sandbox does not accept (see names.go): in its path, its copy
// source, a DeleteObjects body or a browser upload's key. It stands in
// front of the store, whichever store that is.
func confineS3(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad, err := s3BadName(r)
		switch {
		case err != nil:
			writeS3Error(w, http.StatusBadRequest, "MalformedXML", err.Error())
		case bad != nil && bad.kind == bucketName:
			writeS3Error(w, http.StatusBadRequest, "InvalidBucketName",
				fmt.Sprintf("The specified bucket is not valid: %q (the sandbox refuses a name that %s).", bad.name, bad.reason))
		case bad != nil:
			writeS3Error(w, http.StatusBadRequest, "InvalidArgument",
				fmt.Sprintf("Object key %q is not valid (the sandbox refuses a key that %s).", bad.name, bad.reason))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// s3BadName returns the first refused name of r: bucket and key from the
// path-style URL, the copy source, then names in the body.
func s3BadName(r *http.Request) (*badName, error) {
	refs := segmentRefs(pathSegments(r.URL.EscapedPath()), 0)
	if src := r.Header.Get("X-Amz-Copy-Source"); src != "" {
		src, _, _ = strings.Cut(src, "?")
		refs = append(refs, segmentRefs(pathSegments("/"+strings.TrimPrefix(src, "/")), 0)...)
	}
	if bad := checkAll(refs); bad != nil {
		return bad, nil
	}
	if r.Method != http.MethodPost {
		return nil, nil
	}
	if r.URL.Query().Has("delete") {
		body, err := readBody(r)
		if err != nil {
			return nil, err
		}
		keys, err := deleteKeys(body)
		if err != nil {
			return nil, err
		}
		refs = refs[:0]
		for _, k := range keys {
			refs = append(refs, nameRef{objectName, k})
		}
		return checkAll(refs), nil
	}
	if mt, params := mediaType(r); mt == "multipart/form-data" {
		key, err := formKey(r, params)
		if err != nil {
			return nil, err
		}
		return checkAll([]nameRef{{objectName, key}}), nil
	}
	return nil, nil
}

// writeS3Error writes S3's XML error document.
func writeS3Error(w http.ResponseWriter, status int, code, msg string) {
	body, _ := xml.Marshal(s3Error{Code: code, Message: msg, RequestID: "sandbox"})
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(body)
}
