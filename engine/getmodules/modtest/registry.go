package modtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Registry is a module registry over TLS: service discovery at
// /.well-known/terraform.json (modules.v1 = /api/modules/v1/), the versions
// endpoint, the download endpoint answering 204 with X-Terraform-Get, and
// the archives it points to under /files/. It records every request.
type Registry struct {
	*httptest.Server
	// Host is "127.0.0.1:PORT", the host part of registry addresses.
	Host string

	mu       sync.Mutex
	modules  map[string]map[string]string // "ns/name/prov" → version → location
	files    map[string][]byte            // path under /files/ → body
	requests []Request
}

// Request is a request the registry received.
type Request struct {
	Path, Authorization string
}

// StartRegistry starts an empty registry.
func StartRegistry(t testing.TB) *Registry {
	t.Helper()
	r := &Registry{modules: map[string]map[string]string{}, files: map[string][]byte{}}
	r.Server = httptest.NewTLSServer(http.HandlerFunc(r.serve))
	r.Host = strings.TrimPrefix(r.URL, "https://")
	t.Cleanup(r.Close)
	return r
}

// AddArchive publishes a .tar.gz of files as version of module
// ("ns/name/prov"); the download endpoint points at it with a relative
// X-Terraform-Get, with subdir appended as "//SUBDIR" when given.
func (r *Registry) AddArchive(t testing.TB, module, version, subdir string, files map[string]string) {
	name := strings.ReplaceAll(module, "/", "-") + "-" + version + ".tar.gz"
	loc := "/files/" + name
	if subdir != "" {
		loc = r.URL + loc + "//" + subdir
	}
	r.mu.Lock()
	r.files[name] = TarGz(t, files)
	r.mu.Unlock()
	r.AddLocation(module, version, loc)
}

// AddLocation publishes version of module with any X-Terraform-Get value.
func (r *Registry) AddLocation(module, version, location string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.modules[module] == nil {
		r.modules[module] = map[string]string{}
	}
	r.modules[module][version] = location
}

// ServeFile serves body at /files/name.
func (r *Registry) ServeFile(name string, body []byte) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files[name] = body
	return r.URL + "/files/" + name
}

// Requests returns the requests received so far.
func (r *Registry) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.requests...)
}

// serve implements the protocol.
func (r *Registry) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests = append(r.requests, Request{Path: req.URL.RequestURI(), Authorization: req.Header.Get("Authorization")})
	r.mu.Unlock()
	p := req.URL.Path
	switch {
	case p == "/.well-known/terraform.json":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"modules.v1":"/api/modules/v1/","providers.v1":"/api/providers/v1/"}`)
	case strings.HasPrefix(p, "/api/modules/v1/"):
		r.serveModules(w, strings.Split(strings.TrimPrefix(p, "/api/modules/v1/"), "/"))
	case strings.HasPrefix(p, "/files/"):
		r.mu.Lock()
		body, ok := r.files[strings.TrimPrefix(p, "/files/")]
		r.mu.Unlock()
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Write(body)
	default:
		http.NotFound(w, req)
	}
}

// serveModules answers .../NS/NAME/PROV/versions and .../VERSION/download.
func (r *Registry) serveModules(w http.ResponseWriter, parts []string) {
	if len(parts) < 4 {
		http.NotFound(w, nil)
		return
	}
	r.mu.Lock()
	versions, ok := r.modules[strings.Join(parts[:3], "/")]
	r.mu.Unlock()
	switch {
	case !ok:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"errors":["Not Found"]}`)
	case len(parts) == 4 && parts[3] == "versions":
		var list []map[string]string
		for v := range versions {
			list = append(list, map[string]string{"version": v})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"modules": []any{map[string]any{"versions": list}}})
	case len(parts) == 5 && parts[4] == "download" && versions[parts[3]] != "":
		w.Header().Set("X-Terraform-Get", versions[parts[3]])
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}
