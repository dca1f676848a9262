package sandbox

import (
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
)

// faultOptions configures withFaults.
type faultOptions struct {
	latency  time.Duration
	failRate float64
	// gcs selects GCS's error format, else S3's.
	gcs bool
	log hclog.Logger
}

// withFaults delays every request by latency and answers a failRate
// fraction of them with an error before they reach next, so a client may
// retry them without risk of a double write. The errors alternate between
// a throttling and a server error, in the format of the service the
// request is for: S3 503 SlowDown / 500 InternalError, GCS 429
// rateLimitExceeded / 503 backendError.
func withFaults(next http.Handler, o faultOptions) http.Handler {
	if o.latency == 0 && o.failRate == 0 {
		return next
	}
	var n atomic.Uint64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o.latency > 0 {
			t := time.NewTimer(o.latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if o.failRate > 0 && rand.Float64() < o.failRate {
			// Read the body so the client sees the error, not a reset.
			_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 64<<20))
			throttle := n.Add(1)%2 == 1
			o.log.Debug("injected fault", "method", r.Method, "path", r.URL.Path, "throttle", throttle)
			if o.gcs {
				writeGCSFault(w, throttle)
			} else {
				writeS3Fault(w, throttle)
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

// s3Error is S3's XML error document.
type s3Error struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	RequestID string   `xml:"RequestId"`
}

func writeS3Fault(w http.ResponseWriter, throttle bool) {
	e := s3Error{Code: "InternalError", Message: "We encountered an internal error. Please try again.", RequestID: "sandbox-fault"}
	status := http.StatusInternalServerError
	if throttle {
		e = s3Error{Code: "SlowDown", Message: "Please reduce your request rate.", RequestID: "sandbox-fault"}
		status = http.StatusServiceUnavailable
	}
	body, _ := xml.Marshal(e)
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", fmt.Sprint(len(xml.Header)+len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(body)
}

func writeGCSFault(w http.ResponseWriter, throttle bool) {
	status, reason, msg := http.StatusServiceUnavailable, "backendError", "Backend Error"
	if throttle {
		status, reason, msg = http.StatusTooManyRequests, "rateLimitExceeded", "The rate of requests is too high."
	}
	writeGCSError(w, status, reason, msg)
}
