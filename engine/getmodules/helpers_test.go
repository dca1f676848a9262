package getmodules

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/trueup/trueup/engine/getmodules/modtest"
)

// newTLS serves h over TLS with the same certificate as reg, so that
// reg.Client() trusts both; it returns the base URL.
func newTLS(t *testing.T, h http.Handler, reg *modtest.Registry) string {
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = reg.TLS.Clone()
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.URL
}
