package kit

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// goroutineID is the calling goroutine's number, from its stack header.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := bytes.Cut(bytes.TrimPrefix(buf, []byte("goroutine ")), []byte(" "))
	return string(id)
}

// deep recurses n frames with a frame of about 1 KB each, as a cloud
// SDK's middleware stack does.
func deep(n int) int {
	var pad [128]int
	pad[n%128] = n
	if n == 0 {
		return pad[0]
	}
	return deep(n-1) + pad[n%128] - n
}

func TestOnWarmStackRunsCallsOneAfterAnotherOnOneKeptGoroutine(t *testing.T) {
	// A worker signals its call done before it is back waiting for the
	// next one, and a call that finds no worker waiting starts one: so a
	// call right after another may start a new worker on a loaded
	// machine. What must hold is that workers are kept: among calls a
	// moment apart, one runs on a goroutine an earlier call ran on.
	seen := map[string]bool{}
	for range 50 {
		var id string
		onWarmStack(func() { id = goroutineID(); deep(200) })
		if id == goroutineID() {
			t.Fatalf("the call ran on the calling goroutine %s", id)
		}
		if seen[id] {
			return
		}
		seen[id] = true
		time.Sleep(time.Millisecond)
	}
	t.Errorf("50 calls one after another ran on 50 goroutines: none was kept")
}

func TestOnWarmStackRunsParallelCallsAtOnce(t *testing.T) {
	// Each call waits for all others to start: calls that queued behind
	// one goroutine would never finish.
	const n = 20
	var started sync.WaitGroup
	started.Add(n)
	var wg sync.WaitGroup
	ids := make([]string, n)
	for i := range n {
		wg.Go(func() {
			onWarmStack(func() {
				ids[i] = goroutineID()
				started.Done()
				started.Wait()
			})
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("20 parallel calls did not all run at once")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	if len(seen) != n {
		t.Errorf("20 parallel calls ran on %d goroutines", len(seen))
	}
}

func TestOnWarmStackRaisesAPanicAgainInTheCaller(t *testing.T) {
	cause := errors.New("nil map in read")
	var got any
	func() {
		defer func() { got = recover() }()
		onWarmStack(func() { panic(cause) })
	}()
	p, ok := got.(*WarmPanic)
	if !ok {
		t.Fatalf("recovered %#v, want a *WarmPanic", got)
	}
	if fmt.Sprint(p) != cause.Error() || !errors.Is(p, cause) {
		t.Errorf("the panic prints as %q (errors.Is %v), want the value %q", fmt.Sprint(p), errors.Is(p, cause), cause)
	}
	if !strings.Contains(string(p.Stack), "TestOnWarmStackRaisesAPanicAgainInTheCaller") {
		t.Errorf("the panic's stack does not show where it happened:\n%s", p.Stack)
	}
	// The pool still serves calls after a panic.
	ran := false
	onWarmStack(func() { ran = true })
	if !ran {
		t.Error("a call after a panic did not run")
	}
}

func TestOnWarmStackExitsTheCallerOnGoexit(t *testing.T) {
	after := make(chan bool, 2)
	go func() {
		defer func() { after <- false }()
		onWarmStack(runtime.Goexit)
		after <- true
	}()
	select {
	case reached := <-after:
		if reached {
			t.Error("the caller went on after its call called runtime.Goexit")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the caller of a call that called runtime.Goexit never returned")
	}
}
