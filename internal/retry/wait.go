package retry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Wait is the wait before the try after attempt (counting from 1) failed,
// for a retry loop that another library runs (an SDK's retryer calls it
// for each retry): the policy's exponential wait with its jitter, and at
// least hint, a server's Retry-After, capped at Max. It is the wait Do
// would make, so that every retry in trueup waits by one rule.
func (p Policy) Wait(attempt int, hint time.Duration) time.Duration {
	b := newBackOff(Policy{First: p.First, Max: p.Max, Multiplier: p.Multiplier, Jitter: p.Jitter})
	if hint > 0 {
		_ = b.take(After(errHint, hint))
	}
	var d time.Duration
	for range max(attempt, 1) {
		d = b.NextBackOff()
	}
	return d
}

var errHint = stringError("hint")

type stringError string

func (e stringError) Error() string { return string(e) }

// RetryAfter reads a response's Retry-After header: a number of seconds
// or an HTTP date. It returns 0 when there is none or it is unreadable.
func RetryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(s)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}
