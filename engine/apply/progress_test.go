package apply

import (
	"testing"
	"time"

	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/plans"
)

// progressHook tells each Progress call on a channel.
type progressHook struct {
	hook.Nop
	calls chan time.Duration
}

func (h progressHook) Progress(addr string, a plans.Action, elapsed time.Duration, _ string) {
	h.calls <- elapsed
}

func TestProgressReportsRepeatedlyUntilStopped(t *testing.T) {
	defer func(d time.Duration) { progressEvery = d }(progressEvery)
	progressEvery = time.Millisecond
	h := progressHook{calls: make(chan time.Duration, 100)}
	x := &executor{opts: Options{Hook: h}}
	start := time.Now()
	stop := x.progress("null_resource.a", plans.Create, "", start)
	var last time.Duration
	for range 3 { // the timer is armed again after each report
		select {
		case e := <-h.calls:
			if e < last {
				t.Errorf("elapsed went back from %s to %s", last, e)
			}
			last = e
		case <-time.After(10 * time.Second):
			t.Fatal("fewer than three progress reports in 10 s at one per millisecond")
		}
	}
	stop()
	// A report that had started when stop was called may still arrive;
	// none after it.
	time.Sleep(50 * progressEvery)
	if n := len(h.calls); n > 1 {
		t.Errorf("%d progress reports after stop, want at most the one in flight", n)
	}
}
