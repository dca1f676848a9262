package benchdriver

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// BareMeasure is what a bare Go net/http client gets from the same
// sandbox: n HEADs of the objects the cases created, p at a time, with
// nothing else per request (no SDK, no engine). Measured in the same run
// as trueup, it is the floor of this machine at that moment: how far
// above the limit any client lands against the sandbox's timers and
// connections on these cores.
type BareMeasure struct {
	// Seconds is the median round's wall time; Rounds every round's.
	Seconds float64     `json:"seconds"`
	Rounds  []BareRound `json:"rounds,omitempty"`
	// LimitSeconds is n × latency / p.
	LimitSeconds float64 `json:"limit_seconds"`
}

// bareClient makes n HEADs of objects/0 … objects/n-1 in bucket at base,
// p at a time, over connections kept for reuse as the AWS provider keeps
// them, and returns the wall time. Every answer must be 200.
func bareClient(ctx context.Context, base string, n, p int) (time.Duration, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var failed error
	start := time.Now()
	for range min(n, p) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				req, err := http.NewRequestWithContext(ctx, http.MethodHead, fmt.Sprintf("%s/%s/objects/%d", base, sandboxBucket, i), nil)
				if err == nil {
					var resp *http.Response
					if resp, err = client.Do(req); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							err = fmt.Errorf("HEAD objects/%d: %s", i, resp.Status)
						}
					}
				}
				if err != nil {
					once.Do(func() { failed = err })
					return
				}
			}
		})
	}
	wg.Wait()
	if failed == nil {
		failed = ctx.Err() // cut short: not a time to report
	}
	return time.Since(start), failed
}

// BareRound is one round's wall time of the bare client, in seconds.
type BareRound float64

func (r BareRound) wall() float64 { return float64(r) }

// newBareMeasure is the median of rounds, with its limit.
func newBareMeasure(rounds []BareRound, limit float64) *BareMeasure {
	if len(rounds) == 0 {
		return nil
	}
	m := &BareMeasure{Seconds: float64(median(rounds)), LimitSeconds: limit}
	if len(rounds) > 1 {
		m.Rounds = rounds
	}
	return m
}
