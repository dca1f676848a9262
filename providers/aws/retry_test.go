package aws

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// flakyProxy answers the first failures requests with 503 and passes the
// rest to moto: a real HTTP server standing in for a throttling endpoint.
func flakyProxy(t *testing.T, failures int32) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	target, err := url.Parse(moto.URL)
	mustNoErr(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= failures {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>slow down</Message></Error></ErrorResponse>`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func TestMaxRetries(t *testing.T) {
	moto.Fresh(t)
	for _, tc := range []struct {
		name       string
		maxRetries int64
		wantErr    bool
	}{
		{"two 503s are retried away with max_retries = 3", 3, false},
		{"two 503s fail the call with max_retries = 1", 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, seen := flakyProxy(t, 2)
			eps := map[string]cty.Value{"sts": cty.StringVal(srv.URL)}
			diags := configureDiags(t, motoProviderConfig(map[string]cty.Value{
				"max_retries": cty.NumberIntVal(tc.maxRetries),
				"endpoints":   nested(providerBlock(), "endpoints", eps),
			}))
			if diags.HasErrors() != tc.wantErr {
				t.Fatalf("Configure errors = %v, want error %v", diags.Err(), tc.wantErr)
			}
			if want := int32(min(tc.maxRetries+1, 3)); seen.Load() != want {
				t.Errorf("STS saw %d requests, want %d", seen.Load(), want)
			}
		})
	}
}
