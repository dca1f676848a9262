package pg_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/trueup/trueup/internal/pgtest"
)

func TestMain(m *testing.M) {
	s, err := pgtest.StartServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FATAL:", err)
		os.Exit(1)
	}
	server = s
	code := m.Run()
	s.Stop()
	os.Exit(code)
}
