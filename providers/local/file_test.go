package local

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
)

func TestFileConformance(t *testing.T) {
	p := providertest.Configure(t, New(), nil)
	dir := t.TempDir()
	cfg := func(typ string, vals map[string]cty.Value) cty.Value {
		return providertest.ResourceConfig(t, p, typ, vals)
	}
	binary := []byte{0, 1, 2, 0xff, 0xfe, '\n'}
	source := filepath.Join(dir, "source.txt")
	if err := os.WriteFile(source, []byte("copied\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fileA := filepath.Join(dir, "a.txt")

	providertest.Run(t, p, []providertest.Case{
		{
			Name: "content edited out of band is restored",
			Type: "local_file",
			Steps: []providertest.Step{
				{Config: cfg("local_file", map[string]cty.Value{
					"filename": cty.StringVal(fileA), "content": cty.StringVal("hello\n")}),
					Check: wantFile(fileA, "hello\n", 0)},
				{Config: cfg("local_file", map[string]cty.Value{
					"filename": cty.StringVal(fileA), "content": cty.StringVal("goodbye\n")}),
					Replace: true, Check: wantFile(fileA, "goodbye\n", 0)},
			},
			Mutate: editFile("tampered"),
		},
		{
			Name: "deleted file is re-created",
			Type: "local_file",
			Steps: []providertest.Step{{Config: cfg("local_file", map[string]cty.Value{
				"filename": cty.StringVal(filepath.Join(dir, "b.txt")), "content": cty.StringVal("b")})}},
			Mutate: removeFile,
		},
		{
			Name: "binary content with permissions in new directories",
			Type: "local_file",
			Steps: []providertest.Step{{
				Config: cfg("local_file", map[string]cty.Value{
					"filename":             cty.StringVal(filepath.Join(dir, "x", "y", "bin")),
					"content_base64":       cty.StringVal(base64.StdEncoding.EncodeToString(binary)),
					"file_permission":      cty.StringVal("0600"),
					"directory_permission": cty.StringVal("0750"),
				}),
				Check: func(t *testing.T, state cty.Value) {
					wantFile(filepath.Join(dir, "x", "y", "bin"), string(binary), 0o600)(t, state)
					wantMode(t, filepath.Join(dir, "x", "y"), 0o750)
				},
			}},
			Mutate: editFile("not binary"),
		},
		{
			Name: "copy of a source file changed out of band is re-created",
			Type: "local_file",
			Steps: []providertest.Step{
				{Config: cfg("local_file", map[string]cty.Value{
					"filename": cty.StringVal(filepath.Join(dir, "copy.txt")), "source": cty.StringVal(source)}),
					Check: wantFile(filepath.Join(dir, "copy.txt"), "copied\n", 0)},
				{Config: cfg("local_file", map[string]cty.Value{
					"filename": cty.StringVal(filepath.Join(dir, "copy.txt")), "content": cty.StringVal("inline\n")}),
					Replace: true, Check: wantFile(filepath.Join(dir, "copy.txt"), "inline\n", 0)},
				{Config: cfg("local_file", map[string]cty.Value{
					"filename": cty.StringVal(filepath.Join(dir, "copy.txt")), "source": cty.StringVal(source)}),
					Replace: true, Check: wantFile(filepath.Join(dir, "copy.txt"), "copied\n", 0)},
			},
			Mutate: editFile("changed"),
		},
		{
			Name: "deprecated sensitive_content writes the file",
			Type: "local_file",
			Steps: []providertest.Step{{Config: cfg("local_file", map[string]cty.Value{
				"filename": cty.StringVal(filepath.Join(dir, "s1")), "sensitive_content": cty.StringVal("s3cret")}),
				Check: wantFile(filepath.Join(dir, "s1"), "s3cret", 0)}},
			Mutate: editFile("leaked"),
		},
		{
			Name: "sensitive file defaults to owner-only permissions",
			Type: "local_sensitive_file",
			Steps: []providertest.Step{
				{Config: cfg("local_sensitive_file", map[string]cty.Value{
					"filename": cty.StringVal(filepath.Join(dir, "secret")), "content": cty.StringVal("pw1")}),
					Check: wantFile(filepath.Join(dir, "secret"), "pw1", 0o700)},
				{Config: cfg("local_sensitive_file", map[string]cty.Value{
					"filename": cty.StringVal(filepath.Join(dir, "secret")), "content": cty.StringVal("pw1"),
					"file_permission": cty.StringVal("0600")}),
					Replace: true, Check: wantFile(filepath.Join(dir, "secret"), "pw1", 0o600)},
			},
			Mutate: removeFile,
		},
	})
}

// wantFile checks that the file holds content, that state's checksums
// describe it, and (when mode is not 0) that it has that mode.
func wantFile(filename, content string, mode os.FileMode) func(*testing.T, cty.Value) {
	return func(t *testing.T, state cty.Value) {
		t.Helper()
		got, err := os.ReadFile(filename)
		if err != nil {
			t.Fatalf("file not written: %v", err)
		}
		if !bytes.Equal(got, []byte(content)) {
			t.Fatalf("file %s holds %q, want %q", filename, got, content)
		}
		if id := kit.String(state, "id"); id != sha1Hex(got) {
			t.Errorf("id = %q, want the SHA-1 of the content %q", id, sha1Hex(got))
		}
		for name, want := range checksums(got) {
			if !state.GetAttr(name).RawEquals(want) {
				t.Errorf("%s = %#v, want %#v", name, state.GetAttr(name), want)
			}
		}
		if mode != 0 {
			wantMode(t, filename, mode)
		}
	}
}

func wantMode(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != mode {
		t.Errorf("%s has mode %#o, want %#o", path, got, mode)
	}
}

func editFile(content string) func(*testing.T, cty.Value) {
	return func(t *testing.T, state cty.Value) {
		t.Helper()
		if err := os.WriteFile(kit.String(state, "filename"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func removeFile(t *testing.T, state cty.Value) {
	t.Helper()
	if err := os.Remove(kit.String(state, "filename")); err != nil {
		t.Fatal(err)
	}
}
