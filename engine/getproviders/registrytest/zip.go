package registrytest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// PackageZip returns a provider package: a zip holding one executable,
// terraform-provider-TYPE_vVERSION, a shell script that prints its name
// and platform. The file is stored uncompressed, so the bytes (and the zh:
// hash) depend only on the arguments, never on the compressor.
func PackageZip(typ, version, platform string) []byte {
	return zipOf(fmt.Sprintf("terraform-provider-%s_v%s", typ, version), fmt.Sprintf("#!/bin/sh\necho %s %s %s\n", typ, version, platform))
}

// zipOf returns a zip holding one executable file.
func zipOf(name, content string) []byte { return zipBytes(name, []byte(content)) }

// zipBytes returns a zip holding one executable file, stored uncompressed
// with a fixed time, so its bytes depend on name and content only.
func zipBytes(name string, content []byte) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: name, Method: zip.Store, Modified: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.SetMode(0o755)
	f, err := w.CreateHeader(h)
	if err == nil {
		_, err = f.Write(content)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WritePackedMirror writes PackageZip(typ, version) for each platform into
// dir as a packed filesystem mirror entry and returns the zip paths.
func WritePackedMirror(dir, host, namespace, typ, version string, platforms ...string) ([]string, error) {
	typeDir := filepath.Join(dir, host, namespace, typ)
	if err := os.MkdirAll(typeDir, 0o755); err != nil {
		return nil, err
	}
	var out []string
	for _, pl := range platforms {
		path := filepath.Join(typeDir, fmt.Sprintf("terraform-provider-%s_%s_%s.zip", typ, version, pl))
		if err := os.WriteFile(path, PackageZip(typ, version, pl), 0o644); err != nil {
			return nil, err
		}
		out = append(out, path)
	}
	return out, nil
}

// WriteUnpackedMirror writes the executable of typ at version into dir as
// an unpacked filesystem mirror entry (HOST/NS/TYPE/VERSION/PLATFORM/).
func WriteUnpackedMirror(dir, host, namespace, typ, version, platform string) (string, error) {
	pkgDir := filepath.Join(dir, host, namespace, typ, version, platform)
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		return "", err
	}
	exe := filepath.Join(pkgDir, fmt.Sprintf("terraform-provider-%s_v%s", typ, version))
	return exe, os.WriteFile(exe, fmt.Appendf(nil, "#!/bin/sh\necho %s %s\n", typ, version), 0o755)
}
