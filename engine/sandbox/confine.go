package sandbox

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
)

// maxInspectedBody bounds the request bodies read whole to find names in
// them (JSON metadata, batch requests, S3 multi-object deletes).
const maxInspectedBody = 32 << 20

// errUnreadable is a request whose names cannot be found: refused.
var errUnreadable = errors.New("request body cannot be inspected")

// readBody reads r's body whole (at most maxInspectedBody) and puts a copy
// back, so that the emulator reads it as sent.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxInspectedBody+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errUnreadable, err)
	}
	if len(b) > maxInspectedBody {
		return nil, fmt.Errorf("%w: larger than %d bytes", errUnreadable, maxInspectedBody)
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// firstParts reads the parts of r's multipart body up to the one stop
// returns true for (given its form name and first 1 MiB), and puts every byte
// it consumed back in front of the rest of the body, so that a large
// upload is streamed, not held.
func firstParts(r *http.Request, boundary string, stop func(name string, data []byte) bool) error {
	var consumed bytes.Buffer
	rest := r.Body
	mr := multipart.NewReader(io.TeeReader(rest, &consumed), boundary)
	defer func() {
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(&consumed, rest), rest}
	}()
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %v", errUnreadable, err)
		}
		data, err := io.ReadAll(io.LimitReader(p, 1<<20))
		if err != nil {
			return fmt.Errorf("%w: %v", errUnreadable, err)
		}
		if stop(p.FormName(), data) {
			return nil
		}
		if consumed.Len() > maxInspectedBody {
			return fmt.Errorf("%w: no name in its first %d bytes", errUnreadable, maxInspectedBody)
		}
	}
}

// formKey finds the "key" field of a multipart/form-data body (the object
// name of S3 and GCS browser uploads). Both services take the fields
// before "file"; a key after the file is refused rather than searched for.
func formKey(r *http.Request, params map[string]string) (string, error) {
	var key string
	var found bool
	err := firstParts(r, params["boundary"], func(name string, data []byte) bool {
		switch name {
		case "key":
			key, found = string(data), true
			return true
		case "file":
			return true
		}
		return false
	})
	if err == nil && !found {
		err = fmt.Errorf("%w: no key field before the file", errUnreadable)
	}
	return key, err
}

// mediaType is r's Content-Type without parameters, and its parameters.
func mediaType(r *http.Request) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return "", nil
	}
	return mt, params
}

// readRequests parses the parts of a multipart/mixed batch body, each an
// HTTP request.
func readRequests(body []byte, boundary string) ([]*http.Request, error) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var reqs []*http.Request
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return reqs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errUnreadable, err)
		}
		content, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errUnreadable, err)
		}
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(content)))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errUnreadable, err)
		}
		reqs = append(reqs, req)
	}
}

// decodeJSON decodes a JSON body into v; an empty body is no names.
func decodeJSON(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: %v", errUnreadable, err)
	}
	return nil
}

// deleteKeys are the keys of an S3 DeleteObjects body.
func deleteKeys(data []byte) ([]string, error) {
	var doc struct {
		Objects []struct {
			Key string `xml:"Key"`
		} `xml:"Object"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w: %v", errUnreadable, err)
	}
	keys := make([]string, len(doc.Objects))
	for i, o := range doc.Objects {
		keys[i] = o.Key
	}
	return keys, nil
}

// String is how errors name the kind.
func (k nameKind) String() string {
	if k == bucketName {
		return "bucket"
	}
	return "object"
}

// isMethod reports whether r's method is one of ms.
func isMethod(r *http.Request, ms ...string) bool {
	for _, m := range ms {
		if strings.EqualFold(r.Method, m) {
			return true
		}
	}
	return false
}
