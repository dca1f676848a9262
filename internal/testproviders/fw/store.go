package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// store keeps objects as JSON files: DIR/TYPE/ID.json.
type store struct{ dir string }

func (s *store) path(typ, id string) string { return filepath.Join(s.dir, typ, id+".json") }

func (s *store) put(typ, id string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(s.dir, typ), 0o755); err != nil {
		return err
	}
	return os.WriteFile(s.path(typ, id), b, 0o644)
}

// get reads an object; found is false when it does not exist.
func (s *store) get(typ, id string, v any) (found bool, err error) {
	b, err := os.ReadFile(s.path(typ, id))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(b, v)
}

func (s *store) remove(typ, id string) error {
	err := os.Remove(s.path(typ, id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func newID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func storeOf(data any) *store {
	s, _ := data.(*store)
	return s
}
