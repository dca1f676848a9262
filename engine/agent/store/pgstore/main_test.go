package pgstore

import (
	"fmt"
	"os"
	"testing"

	"github.com/trueup/trueup/internal/pgtest"
)

// server is one PostgreSQL server for the package's tests, each test in
// a database of its own (server.NewDatabase).
var server *pgtest.Server

func TestMain(m *testing.M) {
	s, err := pgtest.StartServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgstore tests:", err)
		os.Exit(1)
	}
	server = s
	code := m.Run()
	s.Stop()
	os.Exit(code)
}
