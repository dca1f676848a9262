// Package httpstatetest runs, for tests, an endpoint of Terraform's http
// state backend protocol as GitLab's managed Terraform state serves it:
// the state at /state (GET, POST with the lock's ?ID=, DELETE), its lock
// at /lock (LOCK or POST takes it, UNLOCK or DELETE releases it; 423 with
// the holder's lock information when it is held, 409 for a release or a
// write under another ID), with HTTP basic authentication and Content-MD5
// checked. It records every request, so tests assert what a client sent.
package httpstatetest

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
)

// Request is one request the server received.
type Request struct {
	Method, Path string
	// LockID is the ID query parameter of a state write.
	LockID string
	// MD5 says the request had a body with a Content-MD5 that matched it.
	MD5 bool
	// User is the basic-authentication user name, "" without one.
	User string
	// Status is what the server answered.
	Status int
}

// Server is a running endpoint.
type Server struct {
	// URL is its base: the state is at URL+"/state", the lock at
	// URL+"/lock".
	URL string
	// Username and Password, when set, are required.
	Username, Password string

	mu       sync.Mutex
	state    []byte
	lock     []byte // the holder's lock information, nil when unlocked
	lockID   string
	requests []Request
	// failNext makes the next requests fail with 500 (retries).
	failNext int
	// damaged makes the state read answer a Content-MD5 of other bytes.
	damaged bool
}

// Start runs a server on 127.0.0.1 until t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s := &Server{URL: "http://" + ln.Addr().String()}
	srv := &http.Server{Handler: s}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// State returns the stored document, nil when there is none.
func (s *Server) State() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.state)
}

// SetState replaces the stored document (as another writer would).
func (s *Server) SetState(doc []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = bytes.Clone(doc)
}

// HoldLock makes the lock held by a holder with lock information info.
func (s *Server) HoldLock(id string, info []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lockID, s.lock = id, info
}

// LockHolder returns the held lock's ID, "" when unlocked.
func (s *Server) LockHolder() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lockID
}

// FailNext makes the next n requests fail with 500.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = n
}

// DamageReads makes the state's reads answer a Content-MD5 that does not
// match the body, as a body damaged on the way would arrive.
func (s *Server) DamageReads(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.damaged = on
}

// Requests returns the requests received so far, and forgets them.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.requests
	s.requests = nil
	return out
}

// ServeHTTP answers one request of the protocol.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	user, pass, _ := r.BasicAuth()
	rec := Request{Method: r.Method, Path: r.URL.Path, LockID: r.URL.Query().Get("ID"), User: user}
	if len(body) > 0 {
		sum := md5.Sum(body)
		rec.MD5 = r.Header.Get("Content-MD5") == base64.StdEncoding.EncodeToString(sum[:])
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	status := s.serve(w, r.Method, r.URL.Path, rec, body, user, pass)
	rec.Status = status
	s.requests = append(s.requests, rec)
}

// serve answers with s.mu held and returns the status it wrote.
func (s *Server) serve(w http.ResponseWriter, method, path string, rec Request, body []byte, user, pass string) int {
	reply := func(code int, data []byte) int {
		if data != nil {
			sum := md5.Sum(data)
			if s.damaged {
				sum = md5.Sum(append(bytes.Clone(data), ' '))
			}
			w.Header().Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
		}
		w.WriteHeader(code)
		_, _ = w.Write(data)
		return code
	}
	switch {
	case s.failNext > 0:
		s.failNext--
		return reply(http.StatusInternalServerError, nil)
	case s.Username != "" && (user != s.Username || pass != s.Password):
		if user == "" {
			return reply(http.StatusUnauthorized, nil)
		}
		return reply(http.StatusForbidden, nil)
	case len(body) > 0 && !rec.MD5:
		return reply(http.StatusBadRequest, []byte("Content-MD5 does not match the body"))
	}
	switch path + " " + method {
	case "/state GET":
		if s.state == nil {
			return reply(http.StatusNoContent, nil)
		}
		return reply(http.StatusOK, s.state)
	case "/state POST":
		if s.lock != nil && rec.LockID != s.lockID {
			return reply(http.StatusConflict, s.lock)
		}
		s.state = bytes.Clone(body)
		return reply(http.StatusOK, nil)
	case "/state DELETE":
		s.state = nil
		return reply(http.StatusOK, nil)
	case "/lock LOCK", "/lock POST":
		if s.lock != nil {
			return reply(http.StatusLocked, s.lock)
		}
		var info struct{ ID string }
		if json.Unmarshal(body, &info) != nil || info.ID == "" {
			return reply(http.StatusBadRequest, []byte("lock information without an ID"))
		}
		s.lock, s.lockID = bytes.Clone(body), info.ID
		return reply(http.StatusOK, nil)
	case "/lock UNLOCK", "/lock DELETE":
		var info struct{ ID string }
		_ = json.Unmarshal(body, &info)
		if s.lock != nil && info.ID != "" && info.ID != s.lockID {
			return reply(http.StatusConflict, s.lock)
		}
		s.lock, s.lockID = nil, ""
		return reply(http.StatusOK, nil)
	}
	return reply(http.StatusMethodNotAllowed, nil)
}
