package pg_test

// trueup and Terraform on one database: the rows one writes the other
// reads, and each one's lock keeps the other out. Where terraform is on
// PATH the tests run it (Terraform's pg backend, built into the binary:
// no provider to download); elsewhere they replay what Terraform 1.11.4
// wrote and ran, recorded in testdata (regenerate with -update-terraform).

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var updateTerraform = flag.Bool("update-terraform", false, "rewrite the recording of Terraform's pg backend")

// terraformRecording is what Terraform 1.11.4 stored in the database.
const terraformRecording = "testdata/terraform-1.11.4.json"

// tfRecording is the part of a Terraform run the tests compare.
type tfRecording struct {
	// State is the default workspace's row after `terraform apply`.
	State string `json:"state"`
	// Workspace is the row `terraform workspace new tfws` made.
	Workspace string `json:"workspace"`
}

// tfStack is a directory with a Terraform configuration using the pg
// backend on a database, for the terraform on PATH.
type tfStack struct {
	t   *testing.T
	dir string
	tf  string
	env []string
}

// newTFStack writes main.tf into a new directory; tf is "" without
// terraform.
func newTFStack(t *testing.T, url, mainTF string) *tfStack {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(mainTF), 0o644); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(dir, ".terraformrc")
	if err := os.WriteFile(rc, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tf, _ := exec.LookPath("terraform")
	return &tfStack{t: t, dir: dir, tf: tf, env: []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TF_CLI_CONFIG_FILE=" + rc,
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "PG_CONN_STR=" + url,
	}}
}

func (s *tfStack) command(args ...string) *exec.Cmd {
	cmd := exec.Command(s.tf, args...)
	cmd.Dir = s.dir
	cmd.Env = s.env
	return cmd
}

// run runs terraform and returns its combined output and exit code.
func (s *tfStack) run(args ...string) (string, int) {
	s.t.Helper()
	out, err := s.command(args...).CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		s.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return string(out), 0
}

// must runs terraform and fails the test unless it exits with code.
func (s *tfStack) must(code int, args ...string) string {
	s.t.Helper()
	out, got := s.run(args...)
	if got != code {
		s.t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), got, code, out)
	}
	return out
}

// readRecording returns the recording in testdata.
func readRecording(t *testing.T) tfRecording {
	t.Helper()
	var r tfRecording
	data, err := os.ReadFile(terraformRecording)
	if err != nil {
		t.Fatalf("%v (run with terraform on PATH and -update-terraform to record it)", err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", terraformRecording, err)
	}
	return r
}

func writeRecording(t *testing.T, r tfRecording) {
	t.Helper()
	data, _ := json.MarshalIndent(r, "", "  ")
	if err := os.MkdirAll(filepath.Dir(terraformRecording), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(terraformRecording, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond until it holds or limit passes.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// advisoryLocks returns how many advisory locks sessions hold in the
// database at url.
func advisoryLocks(t *testing.T, url string) int {
	t.Helper()
	var n int
	err := sql(t, url).QueryRow(context.Background(), `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
