package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a running PostgreSQL cluster owned by one test process.
type Server struct {
	// Port is the TCP port on 127.0.0.1.
	Port int
	dir  string
	bin  string
	cred *syscall.Credential
	seq  atomic.Int64
	// watchdog stops the server if this process ends without Stop.
	watchdog *os.Process
}

// Start initialises a cluster in a new temporary directory, starts it,
// and stops it and removes the directory when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := StartServer()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// StartServer is Start for callers without a testing.TB (a TestMain, a
// demo): the caller must call Stop.
func StartServer() (*Server, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: run it as an unprivileged user.
		if s.cred, err = unprivileged(); err != nil {
			return nil, err
		}
	}
	if s.dir, err = os.MkdirTemp("", "trueup-pg-"); err != nil {
		return nil, err
	}
	if err := s.own(s.dir); err != nil {
		s.remove()
		return nil, err
	}
	if err := s.initdb(); err != nil {
		s.remove()
		return nil, err
	}
	if err := s.start(); err != nil {
		s.remove()
		return nil, err
	}
	if err := s.watch(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// URL returns the connection string of database db (the default
// "postgres" when empty) as the superuser postgres.
func (s *Server) URL(db string) string {
	if db == "" {
		db = "postgres"
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.Port, db)
}

// NewDatabase creates an empty database with a fresh name, so that tests
// sharing one server do not see each other's tables, and returns its
// connection string.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), s.seq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL(""))
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	return s.URL(name)
}

// Stop stops the server at once and removes its directory.
func (s *Server) Stop() {
	if s.watchdog != nil {
		_ = s.watchdog.Kill()
	}
	_ = s.run("pg_ctl", "stop", "-D", s.data(), "-m", "immediate", "-w")
	s.remove()
}

// watchdogScript waits for process $1 to end, then stops the server
// whose data directory is $2 at once (SIGQUIT to the postmaster, whose
// pid is the first line of postmaster.pid: pg_ctl refuses to run as
// root) and removes $3.
const watchdogScript = `while kill -0 "$1" 2>/dev/null; do sleep 1; done
pid=$(head -n 1 "$2/postmaster.pid" 2>/dev/null) && kill -QUIT "$pid" 2>/dev/null
sleep 1
rm -rf "$3"`

// watch starts a watchdog that stops the server and removes its
// directory once this process is gone without calling Stop: a test
// binary that go test kills at its timeout, or a kill -9, runs no
// cleanup, and the server pg_ctl started would run on. The watchdog is
// in a process group of its own, so that a signal to the test's group
// (an interrupt) does not end it with the test.
func (s *Server) watch() error {
	cmd := exec.Command("/bin/sh", "-c", watchdogScript, "pgtest-watchdog", strconv.Itoa(os.Getpid()), s.data(), s.dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: start the server's watchdog: %w", err)
	}
	s.watchdog = cmd.Process
	go func() { _ = cmd.Wait() }()
	return nil
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

func (s *Server) remove() { _ = os.RemoveAll(s.dir) }

func (s *Server) initdb() error {
	return s.run("initdb", "-D", s.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C")
}

// start picks a free port and starts the server on it; a port taken
// between the pick and the start is tried again with another.
func (s *Server) start() error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if s.Port, err = freePort(); err != nil {
			return err
		}
		opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
			s.Port, s.dir)
		err = s.run("pg_ctl", "start", "-D", s.data(), "-w", "-t", "60", "-l", filepath.Join(s.dir, "log"), "-o", opts)
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("%w\nserver log:\n%s", err, s.log())
}

func (s *Server) log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "log"))
	return string(b)
}

func (s *Server) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// own gives the directory to the user the server runs as; its parent
// (the temporary directory) is world-traversable.
func (s *Server) own(dir string) error {
	if s.cred == nil {
		return nil
	}
	return os.Chown(dir, int(s.cred.Uid), int(s.cred.Gid))
}

// unprivileged returns the postgres user's credentials, or nobody's.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, fmt.Errorf("running as root and neither a postgres nor a nobody user exists to run PostgreSQL as")
}

// findBin finds the directory of initdb and pg_ctl: $PG_BIN, then PATH,
// then Debian's /usr/lib/postgresql/*/bin.
func findBin() (string, error) {
	if d := os.Getenv("PG_BIN"); d != "" {
		return d, nil
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "initdb")); err == nil {
			return filepath.Dir(p), nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(matches) > 0 {
		return filepath.Dir(matches[len(matches)-1]), nil
	}
	return "", fmt.Errorf("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin; run scripts/test-deps.sh")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
