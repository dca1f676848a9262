package aws

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// At -parallelism=50 the requests of a round reuse the connections of the
// round before: the SDK's default kept 10 idle connections per host and
// dialled (and closed) one per request beyond them.
func TestHTTPClientKeepsAConnectionPerParallelRequest(t *testing.T) {
	var dialled atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dialled.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := newHTTPClient()
	const parallel = 50
	for round := 0; round < 3; round++ {
		var start, wg sync.WaitGroup
		start.Add(1)
		for i := 0; i < parallel; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start.Wait()
				resp, err := c.Do(mustRequest(t, srv.URL))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}()
		}
		start.Done()
		wg.Wait()
	}
	// The first round may dial a few more than 50: a request that finds no
	// idle connection starts a dial, and takes a connection another request
	// released meanwhile if that comes first. The SDK's default dialled 96.
	if n, most := dialled.Load(), int64(parallel+parallel/5); n > most {
		t.Errorf("3 rounds of %d parallel requests dialled %d connections, want at most %d", parallel, n, most)
	}
}

func mustRequest(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodHead, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
