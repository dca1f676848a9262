package plugin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/trueup/trueup/providers/plugin/internal/tfplugin5"
	"github.com/trueup/trueup/providers/plugin/internal/tfplugin6"
	"google.golang.org/protobuf/proto"
)

// The schema cache keeps each provider version's GetProviderSchema
// response (protobuf bytes after one byte of protocol version), so that
// an operation starts no process just to learn schemas. The key is the
// address, the version and the executable's size and modification time,
// so a rebuilt binary of the same version is not mistaken for the old.

func (m Meta) cachePath() (string, bool) {
	if m.SchemaCacheDir == "-" {
		return "", false
	}
	fi, err := os.Stat(m.Executable)
	if err != nil {
		return "", false
	}
	dir := m.SchemaCacheDir
	if dir == "" {
		dir = DefaultSchemaCacheDir()
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d\x00%d", m.Addr, m.Version, fi.Size(), fi.ModTime().UnixNano()))
	return filepath.Join(dir, hex.EncodeToString(h[:16])+".pb"), true
}

// loadCachedSchema returns the cached schemas, or nil.
func (m Meta) loadCachedSchema() *schemas {
	path, ok := m.cachePath()
	if !ok {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 1 {
		return nil
	}
	s, err := parseCached(b[0], b[1:])
	if err != nil {
		return nil
	}
	return s
}

func parseCached(version byte, raw []byte) (*schemas, error) {
	switch version {
	case 5:
		var resp tfplugin5.GetProviderSchema_Response
		if err := proto.Unmarshal(raw, &resp); err != nil {
			return nil, err
		}
		return schemas5(&resp)
	case 6:
		var resp tfplugin6.GetProviderSchema_Response
		if err := proto.Unmarshal(raw, &resp); err != nil {
			return nil, err
		}
		return schemas6(&resp)
	}
	return nil, errors.New("unknown protocol version in schema cache")
}

// storeSchema writes the cache file atomically; failures only cost speed.
func (m Meta) storeSchema(version int, raw []byte) {
	path, ok := m.cachePath()
	if !ok || raw == nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".schema-*")
	if err != nil {
		return
	}
	_, werr := f.Write(append([]byte{byte(version)}, raw...))
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		_ = os.Remove(f.Name())
	}
}
