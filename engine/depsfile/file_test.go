package depsfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTerraformLockFileRoundTrips reads a lock file Terraform wrote and
// writes it back byte for byte.
func TestTerraformLockFileRoundTrips(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	locks, diags := LoadBytes(src, "terraform.lock.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if n := len(locks.AllProviders()); n != 3 {
		t.Fatalf("read %d providers, want 3", n)
	}
	if got := SaveBytes(locks); string(got) != string(src) {
		t.Fatalf("round trip changed the file:\n%s", got)
	}
}

func TestSaveFileIsAtomicAndReadable(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("testdata", "terraform.lock.hcl"))
	locks, _ := LoadBytes(src, "x")
	path := filepath.Join(t.TempDir(), FileName)
	if err := SaveFile(locks, path); err != nil {
		t.Fatal(err)
	}
	again, diags := LoadFile(path)
	if diags.HasErrors() || !again.Equal(locks) {
		t.Fatalf("reloaded: %v", diags)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644 as Terraform writes it", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestBadLockFilesGiveLocatedDiagnostics(t *testing.T) {
	cases := map[string]struct {
		src     string
		summary string
		line    int
	}{
		"short address": {`provider "hashicorp/null" {
  version = "1.0.0"
}
`, "Invalid provider source address", 1},
		"bad version": {`provider "registry.terraform.io/hashicorp/null" {
  version = "one"
}
`, "Invalid provider version", 2},
		"bad constraints": {`provider "registry.terraform.io/hashicorp/null" {
  version     = "1.0.0"
  constraints = "~> banana"
}
`, "Invalid provider version constraints", 3},
		"duplicate": {`provider "registry.terraform.io/hashicorp/null" {
  version = "1.0.0"
}
provider "registry.terraform.io/hashicorp/null" {
  version = "1.0.0"
}
`, "Duplicate provider lock", 4},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, diags := LoadBytes([]byte(tc.src), FileName)
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			d := diags[0]
			if d.Summary != tc.summary || d.Subject == nil || d.Subject.Start.Line != tc.line || !strings.HasSuffix(d.Subject.Filename, FileName) {
				t.Fatalf("got %q at %v, want %q on line %d", d.Summary, d.Subject, tc.summary, tc.line)
			}
		})
	}
}
