package statetest

import (
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"
)

// Throttler is a proxy on 127.0.0.1 in front of a storage endpoint that
// answers the first request it sees with a throttling status and
// "Retry-After: 2", and passes every other request on.
type Throttler struct {
	// URL is the proxy's base URL, to configure as the endpoint.
	URL string

	mu    sync.Mutex
	times []time.Time
	// reqs are the requests at times: method and URL.
	reqs []string
}

// ThrottleFirst starts a Throttler in front of target, closed at the end
// of the test. Its throttling answer is status with body (the service's
// error document) of content type ctype.
func ThrottleFirst(t *testing.T, target string, status int, ctype, body string) *Throttler {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	th := &Throttler{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		th.mu.Lock()
		th.times = append(th.times, time.Now())
		th.reqs = append(th.reqs, r.Method+" "+r.URL.String())
		first := len(th.times) == 1
		th.mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "2")
			w.Header().Set("Content-Type", ctype)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
			return
		}
		proxy.ServeHTTP(w, r)
	})}
	l := listen(t)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	th.URL = "http://" + l.Addr().String()
	return th
}

// Waited is the time between the throttled request and its retry, and how
// many requests came.
func (th *Throttler) Waited() (time.Duration, int) {
	th.mu.Lock()
	defer th.mu.Unlock()
	// The retry of the throttled request: a client may send others
	// meanwhile (a backend's Read lists its journal while it gets the
	// state).
	for i := 1; i < len(th.times); i++ {
		if th.reqs[i] == th.reqs[0] {
			return th.times[i].Sub(th.times[0]), len(th.times)
		}
	}
	return 0, min(len(th.times), 1)
}

// CheckWaitedRetryAfter fails the test unless the request after the
// throttled one came at least about Retry-After (2 s) later.
func (th *Throttler) CheckWaitedRetryAfter(t *testing.T) {
	t.Helper()
	waited, n := th.Waited()
	if n < 2 {
		t.Fatalf("%d requests reached the throttling proxy, want the throttled one and a retry", n)
	}
	if waited < 1900*time.Millisecond {
		t.Errorf("the retry came %s after a 429/503 with Retry-After: 2, want at least 2s", waited.Round(time.Millisecond))
	}
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}
