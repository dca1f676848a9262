package sandbox

import (
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

// TestSleepForKeepsItsKernelTimers checks that the requests' kernel
// timers are used again, not opened for each request and left open: a
// sandbox serves millions of requests.
func TestSleepForKeepsItsKernelTimers(t *testing.T) {
	before := openFiles(t)
	r := httptest.NewRequest("GET", "/", nil)
	for range 200 {
		sleepFor(r, 100*time.Microsecond)
	}
	if after := openFiles(t); after > before+4 {
		t.Fatalf("200 sleeps left %d more files open", after-before)
	}
}

// openFiles counts the test process's open file descriptors.
func openFiles(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(fds)
}
