package registrytest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"

	"github.com/trueup/trueup/engine/getproviders"
)

// Server is a provider registry (service discovery at
// /.well-known/terraform.json, providers.v1 at /v1/providers/) and a
// network mirror (at /mirror/) over TLS.
type Server struct {
	*httptest.Server
	// Host is "127.0.0.1:PORT", the hostname of provider addresses served.
	Host string

	key *openpgp.Entity

	mu       sync.Mutex
	versions map[string][]string // "ns/type" → versions
	archives map[string][]byte   // file name → zip bytes as published
	protos   map[string]string   // file name → plugin protocol ("6.0"), when not 5.0
	served   map[string][]byte   // file name → bytes actually served (tampering)
	badSig   bool
	requests []string
}

// NewServer starts a server; Close it when done.
func NewServer() *Server {
	key, err := openpgp.NewEntity("trueup test registry", "", "test@example.com", nil)
	if err != nil {
		panic(err)
	}
	s := &Server{key: key, versions: map[string][]string{}, archives: map[string][]byte{}, served: map[string][]byte{}, protos: map[string]string{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(s.handle))
	s.Host = strings.TrimPrefix(s.URL, "https://")
	return s
}

// AddProvider publishes namespace/typ at version for the platforms
// ("linux_amd64").
func (s *Server) AddProvider(namespace, typ, version string, platforms ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := namespace + "/" + typ
	s.versions[key] = append(s.versions[key], version)
	for _, pl := range platforms {
		name := fmt.Sprintf("terraform-provider-%s_%s_%s.zip", typ, version, pl)
		s.archives[name] = PackageZip(typ, version, pl)
	}
}

// AddPackage publishes namespace/typ at version for one platform with the
// given executable (a real provider plugin, served as the registry's
// terraform-provider-TYPE_vVERSION) speaking the plugin protocol given
// ("5.0" or "6.0").
func (s *Server) AddPackage(namespace, typ, version, platform, protocol string, exe []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := namespace + "/" + typ
	s.versions[key] = append(s.versions[key], version)
	name := fmt.Sprintf("terraform-provider-%s_%s_%s.zip", typ, version, platform)
	s.archives[name] = zipBytes(fmt.Sprintf("terraform-provider-%s_v%s", typ, version), exe)
	s.protos[name] = protocol
}

// TamperArchive makes the server send, for one archive, a package whose
// executable has other contents than the one SHA256SUMS and the mirror's
// hashes describe.
func (s *Server) TamperArchive(filename string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	typ, rest, _ := strings.Cut(strings.TrimPrefix(filename, "terraform-provider-"), "_")
	version, _, _ := strings.Cut(rest, "_")
	s.served[filename] = zipOf(fmt.Sprintf("terraform-provider-%s_v%s", typ, version), "#!/bin/sh\necho tampered\n")
}

// BreakSignature makes the server sign SHA256SUMS wrongly.
func (s *Server) BreakSignature() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.badSig = true
}

// KeyID returns the signing key's ID as init prints it.
func (s *Server) KeyID() string { return fmt.Sprintf("%016X", s.key.PrimaryKey.KeyId) }

// Requests returns the paths requested so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// CountRequests returns how many requested paths have the suffix.
func (s *Server) CountRequests(suffix string) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.HasSuffix(r, suffix) {
			n++
		}
	}
	return n
}

// WriteCertFile writes the server's certificate as PEM into dir, for
// SSL_CERT_FILE in processes that must trust it.
func (s *Server) WriteCertFile(dir string) (string, error) {
	path := filepath.Join(dir, "registry-cert.pem")
	block := &pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}
	return path, os.WriteFile(path, pem.EncodeToMemory(block), 0o644)
}

// ZH returns the zh: hash of a published archive.
func (s *Server) ZH(filename string) getproviders.Hash {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := sha256.Sum256(s.archives[filename])
	return getproviders.Hash("zh:" + hex.EncodeToString(sum[:]))
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.Path)
	s.mu.Unlock()
	path := r.URL.Path
	switch {
	case path == "/.well-known/terraform.json":
		writeJSON(w, map[string]string{"providers.v1": "/v1/providers/"})
	case strings.HasPrefix(path, "/v1/providers/"):
		s.registry(w, strings.Split(strings.TrimPrefix(path, "/v1/providers/"), "/"))
	case strings.HasPrefix(path, "/files/"):
		s.file(w, strings.TrimPrefix(path, "/files/"))
	case strings.HasPrefix(path, "/mirror/"):
		s.mirror(w, strings.Split(strings.TrimPrefix(path, "/mirror/"), "/"))
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) registry(w http.ResponseWriter, parts []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(parts) < 3 {
		http.NotFound(w, nil)
		return
	}
	ns, typ := parts[0], parts[1]
	versions, ok := s.versions[ns+"/"+typ]
	switch {
	case !ok:
		http.NotFound(w, nil)
	case len(parts) == 3 && parts[2] == "versions":
		var list []map[string]any
		for _, v := range versions {
			list = append(list, map[string]any{"version": v, "protocols": []string{"5.0"}})
		}
		writeJSON(w, map[string]any{"versions": list})
	case len(parts) == 6 && parts[3] == "download":
		s.download(w, typ, parts[2], parts[4]+"_"+parts[5])
	default:
		http.NotFound(w, nil)
	}
}

func (s *Server) download(w http.ResponseWriter, typ, version, platform string) {
	name := fmt.Sprintf("terraform-provider-%s_%s_%s.zip", typ, version, platform)
	data, ok := s.archives[name]
	if !ok {
		http.NotFound(w, nil)
		return
	}
	sum := sha256.Sum256(data)
	var pub bytes.Buffer
	aw, _ := armor.Encode(&pub, openpgp.PublicKeyType, nil)
	_ = s.key.Serialize(aw)
	_ = aw.Close()
	os, arch, _ := strings.Cut(platform, "_")
	sums := fmt.Sprintf("terraform-provider-%s_%s_SHA256SUMS", typ, version)
	proto := s.protos[name]
	if proto == "" {
		proto = "5.0"
	}
	writeJSON(w, map[string]any{
		"protocols": []string{proto}, "os": os, "arch": arch,
		"filename":              name,
		"download_url":          "/files/" + name,
		"shasums_url":           "/files/" + sums,
		"shasums_signature_url": "/files/" + sums + ".sig",
		"shasum":                hex.EncodeToString(sum[:]),
		"signing_keys": map[string]any{"gpg_public_keys": []map[string]string{{
			"key_id": s.KeyID(), "ascii_armor": pub.String(),
		}}},
	})
}

// sumsFile returns the SHA256SUMS of every archive of typ at version.
func (s *Server) sumsFile(typ, version string) []byte {
	prefix := fmt.Sprintf("terraform-provider-%s_%s_", typ, version)
	var names []string
	for name := range s.archives {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, name := range names {
		sum := sha256.Sum256(s.archives[name])
		fmt.Fprintf(&b, "%x  %s\n", sum, name)
	}
	return b.Bytes()
}

func (s *Server) file(w http.ResponseWriter, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if base, ok := strings.CutSuffix(name, "_SHA256SUMS"); ok {
		typ, version := splitTypeVersion(base)
		_, _ = w.Write(s.sumsFile(typ, version))
		return
	}
	if base, ok := strings.CutSuffix(name, "_SHA256SUMS.sig"); ok {
		typ, version := splitTypeVersion(base)
		sums := s.sumsFile(typ, version)
		if s.badSig {
			sums = append(sums, '\n')
		}
		if err := openpgp.DetachSign(w, s.key, bytes.NewReader(sums), nil); err != nil {
			http.Error(w, err.Error(), 500)
		}
		return
	}
	if data, ok := s.served[name]; ok {
		_, _ = w.Write(data)
		return
	}
	data, ok := s.archives[name]
	if !ok {
		http.NotFound(w, nil)
		return
	}
	_, _ = w.Write(data)
}

// splitTypeVersion splits "terraform-provider-TYPE_VERSION".
func splitTypeVersion(base string) (string, string) {
	base = strings.TrimPrefix(base, "terraform-provider-")
	i := strings.LastIndexByte(base, '_')
	return base[:i], base[i+1:]
}

// mirror serves the network mirror protocol for providers of this host:
// /mirror/HOST/NS/TYPE/index.json and /mirror/HOST/NS/TYPE/VERSION.json.
func (s *Server) mirror(w http.ResponseWriter, parts []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(parts) != 4 {
		http.NotFound(w, nil)
		return
	}
	ns, typ, file := parts[1], parts[2], parts[3]
	versions, ok := s.versions[ns+"/"+typ]
	if !ok {
		http.NotFound(w, nil)
		return
	}
	if file == "index.json" {
		vs := map[string]any{}
		for _, v := range versions {
			vs[v] = map[string]any{}
		}
		writeJSON(w, map[string]any{"versions": vs})
		return
	}
	version := strings.TrimSuffix(file, ".json")
	archives := map[string]any{}
	prefix := fmt.Sprintf("terraform-provider-%s_%s_", typ, version)
	for name, data := range s.archives {
		if pl, ok := strings.CutPrefix(name, prefix); ok {
			h1, err := zipH1(data)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			archives[strings.TrimSuffix(pl, ".zip")] = map[string]any{"url": "../../../../files/" + name, "hashes": []string{string(h1)}}
		}
	}
	writeJSON(w, map[string]any{"archives": archives})
}

func zipH1(data []byte) (getproviders.Hash, error) {
	f, err := os.CreateTemp("", "registrytest-*.zip")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", err
	}
	f.Close()
	return getproviders.HashZipH1(f.Name())
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
