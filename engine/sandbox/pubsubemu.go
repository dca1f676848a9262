package sandbox

import (
	"fmt"
	"net"
	"strconv"

	"cloud.google.com/go/pubsub/v2/pstest"
)

// pubsubEmulator is the Pub/Sub emulator of the Go client library
// (pstest), a gRPC server on loopback. It keeps topics and subscriptions
// in memory only: they do not survive a restart, even with a data
// directory.
type pubsubEmulator struct {
	server *pstest.Server
}

// newPubsubEmulator listens on host at the port after s3Port (any free
// port when s3Port is 0). pstest panics when it cannot listen; the panic
// is turned back into an error.
func newPubsubEmulator(host string, s3Port int) (e *pubsubEmulator, err error) {
	port := 0
	if s3Port != 0 {
		port = s3Port + 2
	}
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sandbox: Pub/Sub endpoint %s: %v", addr, p)
		}
	}()
	return &pubsubEmulator{server: pstest.NewServerWithAddress(addr)}, nil
}

// host is the emulator's host:port, the form of PUBSUB_EMULATOR_HOST.
func (e *pubsubEmulator) host() string { return e.server.Addr }

func (e *pubsubEmulator) close() error { return e.server.Close() }
