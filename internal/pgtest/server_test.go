package pgtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestServerRunsQueriesAndIsolatesDatabases(t *testing.T) {
	s := Start(t)
	ctx := context.Background()
	a, b := s.NewDatabase(t), s.NewDatabase(t)
	if a == b {
		t.Fatalf("two databases share a URL: %s", a)
	}
	ca, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close(ctx)
	if _, err := ca.Exec(ctx, "CREATE TABLE x (v int); INSERT INTO x VALUES (41)"); err != nil {
		t.Fatal(err)
	}
	var v int
	if err := ca.QueryRow(ctx, "SELECT v + 1 FROM x").Scan(&v); err != nil || v != 42 {
		t.Fatalf("got %d, %v; want 42", v, err)
	}
	cb, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close(ctx)
	if _, err := cb.Exec(ctx, "SELECT v FROM x"); err == nil {
		t.Fatal("database b sees database a's table")
	}
}

// TestServerStopsWhenItsProcessIsKilled kills (SIGKILL) a process that
// started a server and never stopped it, as go test does at a timeout:
// the server must stop and its directory go.
func TestServerStopsWhenItsProcessIsKilled(t *testing.T) {
	if os.Getenv("PGTEST_ORPHAN") == "1" {
		s, err := StartServer()
		if err != nil {
			fmt.Println("ERROR", err)
			os.Exit(1)
		}
		fmt.Println("SERVER", s.Port, s.dir)
		time.Sleep(time.Hour)
		return
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerStopsWhenItsProcessIsKilled$")
	cmd.Env = append(os.Environ(), "PGTEST_ORPHAN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var port int
	var dir string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if _, err := fmt.Sscanf(sc.Text(), "SERVER %d %s", &port, &dir); err == nil {
			break
		}
		if strings.HasPrefix(sc.Text(), "ERROR") {
			t.Fatal(sc.Text())
		}
	}
	if port == 0 {
		t.Fatal("the child did not report its server")
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if c, err := net.Dial("tcp", addr); err != nil {
		t.Fatalf("the child's server does not answer: %v", err)
	} else {
		c.Close()
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, dialErr := net.Dial("tcp", addr)
		if c != nil {
			c.Close()
		}
		_, statErr := os.Stat(dir)
		if dialErr != nil && errors.Is(statErr, fs.ErrNotExist) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("30 s after its process was killed the server at %s still answers (%v) or its directory %s is there (%v)", addr, dialErr == nil, dir, statErr)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
