package main

// fmt -diff prints a unified diff (old/ and new/ labels, hunks with three
// lines of context) as Terraform's does, and -write=false leaves the
// files alone. Compared with terraform on PATH, or with its recording.

import (
	"os"
	"path/filepath"
	"testing"
)

const fmtDiffRecording = "../../testdata/e2e/fmt-diff/terraform-1.11.4.json"

const fmtDiffSource = "resource \"terraform_data\" \"a\" {\ninput=\"x\"\n  triggers_replace = [1,2]\n}\n\nlocals {\n  kept = 1\n  also = 2\n  more = 3\n  last = 4\n}\n\nlocals {\n a=1\n  bbb = 2\n}\n"

// fmtDiffResult is what fmt -check -diff prints and exits with.
type fmtDiffResult struct {
	Code   int    `json:"code"`
	Stdout string `json:"stdout"`
}

func runFmtDiff(t *testing.T, dir string, run runFunc) fmtDiffResult {
	t.Helper()
	path := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(path, []byte(fmtDiffSource), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := run(nil, "fmt", "-check", "-diff", "-no-color")
	if c, _ := run(nil, "fmt", "-write=false"); c != 0 {
		t.Fatalf("fmt -write=false: exit %d", c)
	}
	if got, _ := os.ReadFile(path); string(got) != fmtDiffSource {
		t.Fatal("fmt -check or -write=false changed main.tf")
	}
	return fmtDiffResult{Code: code, Stdout: out}
}

func TestFmtDiffAsTerraform(t *testing.T) {
	t.Parallel()
	compareWithTerraform(t, fmtDiffRecording, runFmtDiff)
}
