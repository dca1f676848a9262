package gcptest

import (
	"fmt"
	"os"
	"testing"
)

// Servers are the servers Main started for a test binary.
type Servers struct {
	Pubsub *Pubsub
	GCS    *GCS
}

// Main starts the servers, runs the tests and stops the servers. It exits
// non-zero, naming what is missing, when a server cannot start.
func Main(m *testing.M, into *Servers) {
	os.Exit(run(m, into))
}

func run(m *testing.M, into *Servers) int {
	ps, err := StartPubsub()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FATAL: google provider tests need the Pub/Sub emulator:", err)
		return 1
	}
	defer ps.Stop()
	gcs, err := StartGCS()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FATAL:", err)
		return 1
	}
	defer gcs.Stop()
	into.Pubsub, into.GCS = ps, gcs
	return m.Run()
}
