package aws

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
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

// countingConn counts the writes to a connection.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// A PutObject of a few bytes is one socket write: net/http flushed the
// headers on their own before a body wrapped by the SDK.
func TestInMemoryBodiesSendASmallRequestInOneWrite(t *testing.T) {
	var got []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Header.Get("X-Test")+":"+string(b))
		mu.Unlock()
	}))
	defer srv.Close()
	var writes atomic.Int64
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		return countingConn{c, &writes}, err
	}}
	defer tr.CloseIdleConnections()
	send := func(c s3.HTTPClient, body string) int64 {
		t.Helper()
		before := writes.Load()
		// As the SDK sends it: a reader net/http cannot tell is in memory.
		req, err := http.NewRequest(http.MethodPut, srv.URL, struct{ io.Reader }{strings.NewReader(body)})
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = int64(len(body))
		req.Header.Set("X-Test", "h")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return writes.Load() - before
	}
	plain := &http.Client{Transport: tr}
	if n := send(plain, "v1"); n != 2 {
		t.Fatalf("net/http wrote a wrapped body's request in %d writes; this test expects 2", n)
	}
	if n := send(inMemoryBodies{plain}, "v2"); n != 1 {
		t.Errorf("inMemoryBodies wrote a 2-byte request in %d writes, want 1", n)
	}
	large := strings.Repeat("x", maxBufferedBody+1)
	if n := send(inMemoryBodies{plain}, large); n < 2 {
		t.Errorf("a body over %d bytes was sent in %d writes: it should stream as before", maxBufferedBody, n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 3 || got[0] != "h:v1" || got[1] != "h:v2" || got[2] != "h:"+large {
		t.Errorf("the server received %d requests, first two %q", len(got), got[:min(2, len(got))])
	}
}
