package modsdir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Dir is where remote modules are installed, relative to the stack
// directory.
const Dir = ".terraform/modules"

// FileName is the manifest's name inside Dir.
const FileName = "modules.json"

// Record is one installed module: one entry of modules.json.
type Record struct {
	// Key is the module path joined with "." ("" for the root,
	// "net.subnets" for module "subnets" called from module "net").
	Key string `json:"Key"`
	// Source is the normalised source address (modsrc's String).
	Source string `json:"Source"`
	// Version is the version installed from a registry, "" otherwise.
	Version string `json:"Version,omitempty"`
	// Dir is the module's directory relative to the stack directory.
	Dir string `json:"Dir"`
}

// Manifest maps keys to records.
type Manifest map[string]Record

// snapshot is the file's shape: {"Modules":[...]}.
type snapshot struct {
	Modules []Record `json:"Modules"`
}

// Key is the manifest key of a module path (call names from the root).
func Key(path []string) string { return strings.Join(path, ".") }

// Path returns the manifest path of the stack at stackDir.
func Path(stackDir string) string {
	return filepath.Join(stackDir, filepath.FromSlash(Dir), FileName)
}

// Read reads the manifest of the stack at stackDir. A missing file is an
// empty manifest, not an error.
func Read(stackDir string) (Manifest, error) {
	return ReadFile(Path(stackDir))
}

// ReadFile reads a manifest file; a missing or empty file is an empty
// manifest.
func ReadFile(name string) (Manifest, error) {
	src, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(src, name)
}

// Parse decodes manifest JSON; name is used in errors.
func Parse(src []byte, name string) (Manifest, error) {
	m := Manifest{}
	if len(bytes.TrimSpace(src)) == 0 {
		return m, nil
	}
	var snap snapshot
	if err := json.Unmarshal(src, &snap); err != nil {
		return nil, fmt.Errorf("error reading module manifest %s: %w", name, err)
	}
	for _, r := range snap.Modules {
		if _, dup := m[r.Key]; dup {
			return nil, fmt.Errorf("error reading module manifest %s: duplicate key %q", name, r.Key)
		}
		r.Dir = filepath.FromSlash(r.Dir)
		m[r.Key] = r
	}
	return m, nil
}

// Marshal encodes the manifest as Terraform writes it: compact JSON,
// records sorted by key, no trailing newline, slash-separated dirs.
func (m Manifest) Marshal() []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	snap := snapshot{Modules: []Record{}}
	for _, k := range keys {
		r := m[k]
		r.Dir = filepath.ToSlash(r.Dir)
		snap.Modules = append(snap.Modules, r)
	}
	src, err := json.Marshal(snap)
	if err != nil {
		panic(err) // strings only: cannot fail
	}
	return src
}

// Write writes the manifest of the stack at stackDir atomically (a
// temporary file renamed over the old one), creating .terraform/modules.
func (m Manifest) Write(stackDir string) error { return m.WriteFile(Path(stackDir)) }

// WriteFile writes the manifest to the file name atomically, creating its
// directory.
func (m Manifest) WriteFile(name string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".modules.json-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(m.Marshal()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// Dir returns the recorded directory of the module at path (relative to
// the stack directory, or absolute when modules were installed outside
// it), and whether there is a record.
func (m Manifest) Dir(path []string) (string, bool) {
	r, ok := m[Key(path)]
	return r.Dir, ok
}
