package config

import (
	"bytes"
	"path/filepath"
	"testing"
)

// FuzzLoadSources feeds arbitrary bytes to the configuration loader, as a
// native-syntax or JSON file, with an override file beside it. Loading
// must never panic, and every diagnostic that has a location must name one
// of the files loaded, with a line and column, as users read them.
func FuzzLoadSources(f *testing.F) {
	// The seed corpus in testdata/fuzz/FuzzLoadSources holds the
	// repository's configuration fixtures (valid and erroneous).
	f.Add([]byte("resource \"a_b\" \"c\" {\n  x = 1\n}\n"), false, []byte("resource \"a_b\" \"c\" {\n  x = 2\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte, asJSON bool, override []byte) {
		name := "main.tf"
		if asJSON {
			name = "main.tf.json"
		}
		sources := map[string][]byte{name: src}
		if len(override) > 0 {
			sources["override.tf"] = override
		}
		dir := "stack"
		mod, diags := LoadSources(dir, sources)
		if mod == nil {
			t.Fatal("LoadSources returned no module")
		}
		for _, d := range diags {
			if d.Subject == nil {
				continue
			}
			var body []byte
			switch d.Subject.Filename {
			case filepath.Join(dir, name):
				body = src
			case filepath.Join(dir, "override.tf"):
				body = override
			default:
				t.Fatalf("diagnostic %q names file %q", d.Summary, d.Subject.Filename)
			}
			if d.Subject.Start.Line < 1 || d.Subject.Start.Column < 1 {
				t.Fatalf("diagnostic %q at %s has no line and column", d.Summary, d.Subject)
			}
			// HCL's JSON scanner may end a range one byte past the end of
			// the file (an unterminated string); where it starts must be
			// in the file, on a line that exists.
			if d.Subject.Start.Byte > len(body) || d.Subject.Start.Line > bytes.Count(body, []byte("\n"))+1 {
				t.Fatalf("diagnostic %q at %s (byte %d) lies outside its %d-byte file", d.Summary, d.Subject, d.Subject.Start.Byte, len(body))
			}
		}
	})
}
