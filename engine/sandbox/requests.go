package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// requestsPath is where each endpoint reports the API requests it
// served, by operation: GET returns {"OPERATION": count}, DELETE resets
// the counts. No bucket can be named "_trueup" in S3 or GCS, so the path
// never shadows a real request. Benchmarks read it to count the calls
// each resource type makes (docs/performance.md).
const requestsPath = "/_trueup/requests"

// requestCounter counts the requests an endpoint served by operation.
type requestCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

// withRequestCounts counts every request the endpoint receives (one
// answered with an injected fault too: it is an attempt the client made)
// and serves requestsPath.
func withRequestCounts(next http.Handler, operation func(*http.Request) string) http.Handler {
	c := &requestCounter{counts: map[string]int{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == requestsPath {
			c.serve(w, r)
			return
		}
		op := operation(r)
		c.mu.Lock()
		c.counts[op]++
		c.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (c *requestCounter) serve(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch r.Method {
	case http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(c.counts)
	case http.MethodDelete:
		c.counts = map[string]int{}
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, DELETE")
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// s3Operation names an S3 request as "METHOD bucket|object[?subresource]":
// "HEAD object", "GET object?tagging", "PUT bucket?versioning". STS and
// other form-encoded POSTs to the root are "POST /".
func s3Operation(r *http.Request) string {
	path := strings.Trim(r.URL.Path, "/")
	target := "object"
	switch {
	case path == "":
		target = "/"
	case !strings.Contains(path, "/"):
		target = "bucket"
	}
	return r.Method + " " + target + subresource(r)
}

// gcsOperation names a GCS JSON API request by method and path shape:
// "GET /storage/v1/b/{bucket}/o/{object}".
func gcsOperation(r *http.Request) string {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	for i := range parts {
		if i > 0 && (parts[i-1] == "b" || parts[i-1] == "o") {
			parts[i] = "{" + map[string]string{"b": "bucket", "o": "object"}[parts[i-1]] + "}"
		}
	}
	return r.Method + " /" + strings.Join(parts, "/")
}

// subresource returns "?NAME" for the first S3 subresource in the query
// (tagging, versioning, acl, uploads, ...), sorted for a stable name, or "".
func subresource(r *http.Request) string {
	var names []string
	for k := range r.URL.Query() {
		if !strings.HasPrefix(k, "X-Amz-") && !strings.HasPrefix(k, "x-id") && k != "versionId" && k != "prefix" &&
			k != "list-type" && k != "max-keys" && k != "delimiter" && k != "continuation-token" && k != "partNumber" && k != "uploadId" {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return "?" + names[0]
}
