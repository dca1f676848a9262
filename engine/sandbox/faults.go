package sandbox

import (
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Faults are what the sandbox injects into the requests of both
// endpoints. Each rate is the fraction (0 to 1) of requests that get the
// fault; the rates add up to at most 1 and the kinds never combine. Which
// request gets which fault is drawn from Seed and the request's number, so
// that a run with the same requests in the same order is replayed.
type Faults struct {
	// Latency is added to every request before it is served.
	Latency time.Duration
	// FailRate requests are answered with a throttling or a server error
	// (alternately) before they reach the emulator: S3 503 SlowDown or
	// 500 InternalError, GCS 429 rateLimitExceeded or 503 backendError.
	FailRate float64
	// ThrottleRate requests are answered with throttling and a
	// Retry-After of RetryAfter, before they reach the emulator: S3
	// SlowDown (429 and 503 alternately), GCS 429 rateLimitExceeded.
	ThrottleRate float64
	// RetryAfter is the throttling's Retry-After (whole seconds, at
	// least one; default one second).
	RetryAfter time.Duration
	// DropRate requests lose their connection: half before they reach
	// the emulator, half after it served them, in the middle of the
	// response (the status line and half the body are sent), so that a
	// retried write meets its own first attempt.
	DropRate float64
	// SlowRate requests are served after SlowDelay (default two seconds).
	SlowRate  float64
	SlowDelay time.Duration
	// Seed draws the faults; 0 means a random seed, logged.
	Seed uint64
}

// check reports rates out of range.
func (f Faults) check() error {
	sum := 0.0
	for _, r := range []struct {
		name string
		v    float64
	}{{"fail rate", f.FailRate}, {"throttle rate", f.ThrottleRate}, {"drop rate", f.DropRate}, {"slow rate", f.SlowRate}} {
		if r.v < 0 || r.v > 1 {
			return fmt.Errorf("sandbox: %s %v is not between 0 and 1", r.name, r.v)
		}
		sum += r.v
	}
	if sum > 1 {
		return fmt.Errorf("sandbox: the fault rates add up to %v, more than 1", sum)
	}
	if f.Latency < 0 || f.SlowDelay < 0 || f.RetryAfter < 0 {
		return fmt.Errorf("sandbox: latency, slow delay and retry-after must not be negative")
	}
	return nil
}

// fault is the kind of fault drawn for one request.
type fault int

const (
	faultNone fault = iota
	faultFail
	faultThrottle
	faultDropBefore
	faultDropAfter
	faultSlow
)

var faultNames = [...]string{"none", "fail", "throttle", "drop-before", "drop-after", "slow"}

// String names the fault in logs.
func (k fault) String() string { return faultNames[k] }

// draw picks the fault of request n.
func (f Faults) draw(n uint64) fault {
	rng := rand.New(rand.NewPCG(f.Seed, n))
	u := rng.Float64()
	switch {
	case u < f.FailRate:
		return faultFail
	case u < f.FailRate+f.ThrottleRate:
		return faultThrottle
	case u < f.FailRate+f.ThrottleRate+f.DropRate:
		if n%2 == 0 {
			return faultDropAfter
		}
		return faultDropBefore
	case u < f.FailRate+f.ThrottleRate+f.DropRate+f.SlowRate:
		return faultSlow
	}
	return faultNone
}

// faultSwitch holds the faults both endpoints inject now; SetFaults
// changes them while the sandbox runs.
type faultSwitch struct {
	cur atomic.Pointer[Faults]
	n   atomic.Uint64 // requests seen, both endpoints
	log hclog.Logger
}

func newFaultSwitch(f Faults, log hclog.Logger) *faultSwitch {
	s := &faultSwitch{log: log}
	s.set(f)
	return s
}

func (s *faultSwitch) set(f Faults) {
	if f.Seed == 0 {
		f.Seed = rand.Uint64()
	}
	if f.RetryAfter < time.Second {
		f.RetryAfter = time.Second
	}
	if f.SlowDelay == 0 {
		f.SlowDelay = 2 * time.Second
	}
	s.cur.Store(&f)
	s.log.Info("faults", "latency", f.Latency, "fail_rate", f.FailRate, "throttle_rate", f.ThrottleRate,
		"drop_rate", f.DropRate, "slow_rate", f.SlowRate, "seed", f.Seed)
}

// SetFaults replaces the faults the sandbox injects, e.g. to switch them
// off; requests under way keep theirs. Rates out of range are refused.
func (sb *Sandbox) SetFaults(f Faults) error {
	if err := f.check(); err != nil {
		return err
	}
	sb.faults.set(f)
	return nil
}

// withFaults injects the current faults in front of next, in the format
// of the service the endpoint serves (gcs: GCS's JSON, else S3's XML).
func withFaults(next http.Handler, sw *faultSwitch, gcs bool) http.Handler {
	var alternate atomic.Uint64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := sw.cur.Load()
		if f.Latency > 0 && !sleepFor(r, f.Latency) {
			return
		}
		n := sw.n.Add(1)
		kind := f.draw(n)
		if kind != faultNone {
			sw.log.Debug("injected fault", "request", n, "kind", kind, "method", r.Method, "path", r.URL.Path)
		}
		switch kind {
		case faultFail, faultThrottle:
			// Read the body so the client sees the error, not a reset.
			_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 64<<20))
			odd := alternate.Add(1)%2 == 1
			if kind == faultThrottle {
				w.Header().Set("Retry-After", strconv.Itoa(int(f.RetryAfter/time.Second)))
			}
			switch {
			case gcs:
				writeGCSFault(w, kind == faultThrottle || odd)
			case kind == faultThrottle:
				writeS3SlowDown(w, map[bool]int{true: http.StatusTooManyRequests, false: http.StatusServiceUnavailable}[odd])
			default:
				writeS3Fault(w, odd)
			}
		case faultDropBefore:
			dropConnection(w, nil, 0)
		case faultDropAfter:
			rec := newRecorder()
			next.ServeHTTP(rec, r)
			dropConnection(w, rec, rec.code)
		case faultSlow:
			if sleepFor(r, f.SlowDelay) {
				next.ServeHTTP(w, r)
			}
		default:
			next.ServeHTTP(w, r)
		}
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
	if throttle {
		writeS3SlowDown(w, http.StatusServiceUnavailable)
		return
	}
	writeS3Error(w, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
}

func writeS3SlowDown(w http.ResponseWriter, status int) {
	writeS3Error(w, status, "SlowDown", "Please reduce your request rate.")
}

func writeGCSFault(w http.ResponseWriter, throttle bool) {
	status, reason, msg := http.StatusServiceUnavailable, "backendError", "Backend Error"
	if throttle {
		status, reason, msg = http.StatusTooManyRequests, "rateLimitExceeded", "The rate of requests is too high."
	}
	writeGCSError(w, status, reason, msg)
}
