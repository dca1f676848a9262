package forge

import (
	"os"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	// Retries wait milliseconds in tests, not seconds.
	defaultRetry = retryPolicy{Attempts: 4, Backoff: time.Millisecond, MaxWait: 5 * time.Millisecond}
	os.Exit(m.Run())
}
