package funcs

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// writeFiles creates files (slash-separated relative names) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFileFunctions(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"hello.txt":         "hello world",
		"binary.bin":        "\xff\xfe",
		"conf/a.tf":         "a",
		"conf/b.tf":         "b",
		"conf/sub/c.tf":     "c",
		"conf/sub/d.json":   "{}",
		"conf/dir.tf/x.txt": "not a file match",
	})
	abs := filepath.ToSlash(filepath.Join(dir, "hello.txt"))
	runCases(t, dir, nil, []evalCase{
		{"file reads relative to the module directory", `file("hello.txt")`, cty.StringVal("hello world"), ""},
		{"file reads an absolute path", `file("` + abs + `")`, cty.StringVal("hello world"), ""},
		{"file of a missing file names it", `file("nope.txt")`, cty.NilVal, "no file exists at " + filepath.Join(dir, "nope.txt")},
		{"file of binary data fails", `file("binary.bin")`, cty.NilVal, "not valid UTF-8; use the filebase64 function"},
		{"file of a directory fails", `file("conf")`, cty.NilVal, "failed to read"},
		{"filebase64 reads any bytes", `filebase64("binary.bin")`, cty.StringVal("//4="), ""},
		{"fileexists of a file", `fileexists("hello.txt")`, cty.True, ""},
		{"fileexists of nothing", `fileexists("nope.txt")`, cty.False, ""},
		{"fileexists of a directory fails", `fileexists("conf")`, cty.NilVal, "is a directory, not a file"},
		{"filemd5", `filemd5("hello.txt")`, cty.StringVal("5eb63bbbe01eeed093cb22bb8f5acdc3"), ""},
		{"filesha1", `filesha1("hello.txt")`, cty.StringVal("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"), ""},
		{"filesha256", `filesha256("hello.txt")`, cty.StringVal("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"), ""},
		{"filebase64sha256", `filebase64sha256("hello.txt")`, cty.StringVal("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="), ""},
		{"filesha256 of a binary file", `filesha256("binary.bin")`, cty.StringVal(sha256Hex("\xff\xfe")), ""},
		{"fileset matches one directory level", `fileset("conf", "*.tf")`, cty.SetVal(strs("a.tf", "b.tf")), ""},
		{"fileset matches recursively with **", `fileset("conf", "**/*.tf")`, cty.SetVal(strs("a.tf", "b.tf", "sub/c.tf")), ""},
		{"fileset with alternatives", `fileset("conf/sub", "*.{tf,json}")`, cty.SetVal(strs("c.tf", "d.json")), ""},
		{"fileset with no match is empty", `fileset("conf", "*.md")`, cty.SetValEmpty(cty.String), ""},
		{"fileset of an invalid pattern fails", `fileset("conf", "[")`, cty.NilVal, "syntax error in pattern"},
		{"fileset with a pattern leaving the directory fails", `fileset("conf", "../*.txt")`, cty.NilVal, "leaves the directory"},
		{"fileset with ./ in the pattern", `fileset(".", "./conf/*.tf")`, cty.SetVal(strs("conf/a.tf", "conf/b.tf")), ""},
		{"basename", `basename("foo/bar/baz.txt")`, cty.StringVal("baz.txt"), ""},
		{"dirname", `dirname("foo/bar/baz.txt")`, cty.StringVal("foo/bar"), ""},
		{"abspath keeps an absolute path", `abspath("/a/b/../c")`, cty.StringVal("/a/c"), ""},
		{"pathexpand leaves other paths alone", `pathexpand("/etc/x")`, cty.StringVal("/etc/x"), ""},
		{"pathexpand refuses another user's home", `pathexpand("~bob/x")`, cty.NilVal, "cannot expand user-specific home directory"},
	})
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestPathExpandUsesHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	writeFiles(t, home, map[string]string{"cfg.txt": "from home"})
	funcs := Table(t.TempDir(), false)
	if got := mustEval(t, funcs, `pathexpand("~/x/y")`); got.AsString() != filepath.Join(home, "x/y") {
		t.Errorf("pathexpand = %s, want under %s", got.AsString(), home)
	}
	if got := mustEval(t, funcs, `file("~/cfg.txt")`); got.AsString() != "from home" {
		t.Errorf("file(~/...) = %q", got.AsString())
	}
}

func TestAbsPathIsRelativeToWorkingDirectory(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	got := mustEval(t, Table(t.TempDir(), false), `abspath("x")`).AsString()
	if want := filepath.ToSlash(filepath.Join(wd, "x")); got != want || !strings.HasPrefix(got, "/") {
		t.Errorf("abspath(x) = %s, want %s", got, want)
	}
}

// TestFileFunctionsRefuseEndlessAndOversizedInput: a device, a FIFO and a
// file over MaxFileBytes are refused with an error naming the file, before
// anything is read (length(file("/dev/zero")) used to read until killed,
// and a FIFO without a writer blocked forever).
func TestFileFunctionsRefuseEndlessAndOversizedInput(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"big.txt": strings.Repeat("x", 100), "small.txt": "ok"})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := MaxFileBytes
	MaxFileBytes = 50
	t.Cleanup(func() { MaxFileBytes = old })
	runCases(t, dir, nil, []evalCase{
		{"file of a device is refused", `length(file("/dev/zero"))`, cty.NilVal, "/dev/zero is not a regular file (it is a device)"},
		{"filebase64 of a device is refused", `filebase64("/dev/urandom")`, cty.NilVal, "is not a regular file (it is a device)"},
		{"file of a FIFO is refused, not waited on", `file("pipe")`, cty.NilVal, "is not a regular file (it is a named pipe (FIFO))"},
		{"templatefile of a FIFO is refused", `templatefile("pipe", {})`, cty.NilVal, "is not a regular file"},
		{"filesha256 over the limit is refused", `filesha256("big.txt")`, cty.NilVal, "is 100 bytes, over the limit of 50 bytes"},
		{"a file under the limit is read", `file("small.txt")`, cty.StringVal("ok"), ""},
	})
}
