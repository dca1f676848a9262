package awstest

import (
	"fmt"
	"os"
	"testing"
)

// Main starts moto_server, stores it in *srv, runs the package's tests and
// stops the server. Call it from TestMain:
//
//	func TestMain(m *testing.M) { awstest.Main(m, &moto) }
//
// When moto_server cannot start, Main prints why and exits 1: tests never
// skip for want of the emulator.
func Main(m *testing.M, srv **Server) {
	s, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "awstest:", err)
		os.Exit(1)
	}
	*srv = s
	code := m.Run()
	s.Stop()
	os.Exit(code)
}

// Fresh resets the server for a test and fails the test if it cannot.
func (s *Server) Fresh(t testing.TB) {
	t.Helper()
	if err := s.Reset(); err != nil {
		t.Fatalf("awstest: %v", err)
	}
}
