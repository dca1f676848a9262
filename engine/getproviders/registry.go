package getproviders

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// RegistrySource speaks the provider registry protocol: service discovery
// (/.well-known/terraform.json, "providers.v1"), the versions list and the
// download metadata, whose SHA256SUMS file and its detached GPG signature it
// checks before returning anything.
type RegistrySource struct {
	client *http.Client

	mu    sync.Mutex
	bases map[string]*url.URL
}

// NewRegistrySource returns a registry source using client (nil means
// http.DefaultClient).
func NewRegistrySource(client *http.Client) *RegistrySource {
	if client == nil {
		client = http.DefaultClient
	}
	return &RegistrySource{client: client, bases: map[string]*url.URL{}}
}

func (s *RegistrySource) String() string { return "provider registry" }

// providersBase discovers host's providers.v1 endpoint.
func (s *RegistrySource) providersBase(ctx context.Context, host string) (*url.URL, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.bases[host]; ok {
		return u, nil
	}
	disco := &url.URL{Scheme: "https", Host: host, Path: "/.well-known/terraform.json"}
	var doc map[string]any
	if err := s.getJSON(ctx, disco.String(), &doc); err != nil {
		return nil, fmt.Errorf("service discovery for %s: %w", host, err)
	}
	raw, ok := doc["providers.v1"].(string)
	if !ok {
		return nil, fmt.Errorf("host %s does not offer a provider registry (no providers.v1 in its service discovery document)", host)
	}
	rel, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("host %s: invalid providers.v1 URL %q: %w", host, raw, err)
	}
	base := disco.ResolveReference(rel)
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	s.bases[host] = base
	return base, nil
}

type registryVersions struct {
	Versions []struct {
		Version   string   `json:"version"`
		Protocols []string `json:"protocols"`
		Platforms []struct {
			OS   string `json:"os"`
			Arch string `json:"arch"`
		} `json:"platforms"`
	} `json:"versions"`
	Warnings []string `json:"warnings"`
}

// AvailableVersions lists the registry's versions of p.
func (s *RegistrySource) AvailableVersions(ctx context.Context, p Provider) (VersionList, error) {
	base, err := s.providersBase(ctx, p.Hostname)
	if err != nil {
		return nil, err
	}
	u := base.ResolveReference(&url.URL{Path: p.Namespace + "/" + p.Type + "/versions"})
	var doc registryVersions
	if err := s.getJSON(ctx, u.String(), &doc); err != nil {
		if isNotFound(err) {
			return nil, &ErrProviderNotFound{Provider: p, Sources: []string{p.Hostname}}
		}
		return nil, fmt.Errorf("listing versions of %s: %w", p, err)
	}
	var list VersionList
	for _, v := range doc.Versions {
		if pv, err := ParseVersion(v.Version); err == nil {
			list = append(list, pv)
		}
	}
	list.Sort()
	return list, nil
}

type registryDownload struct {
	Protocols           []string `json:"protocols"`
	OS                  string   `json:"os"`
	Arch                string   `json:"arch"`
	Filename            string   `json:"filename"`
	DownloadURL         string   `json:"download_url"`
	SHASumsURL          string   `json:"shasums_url"`
	SHASumsSignatureURL string   `json:"shasums_signature_url"`
	SHASum              string   `json:"shasum"`
	SigningKeys         struct {
		GPGPublicKeys []SigningKey `json:"gpg_public_keys"`
	} `json:"signing_keys"`
}

// SigningKey is one of the registry's GPG public keys for a provider.
type SigningKey struct {
	KeyID          string `json:"key_id"`
	ASCIIArmor     string `json:"ascii_armor"`
	TrustSignature string `json:"trust_signature"`
}

// PackageMeta fetches the download metadata of p at v for platform, then
// its SHA256SUMS and signature, and checks the signature against the
// registry's keys and the archive's listed checksum against the metadata.
func (s *RegistrySource) PackageMeta(ctx context.Context, p Provider, v Version, platform Platform) (PackageMeta, error) {
	base, err := s.providersBase(ctx, p.Hostname)
	if err != nil {
		return PackageMeta{}, err
	}
	endpoint := base.ResolveReference(&url.URL{Path: fmt.Sprintf("%s/%s/%s/download/%s/%s", p.Namespace, p.Type, v, platform.OS, platform.Arch)})
	var dl registryDownload
	if err := s.getJSON(ctx, endpoint.String(), &dl); err != nil {
		if isNotFound(err) {
			return PackageMeta{}, &ErrVersionNotFound{Provider: p, Version: v, Platform: platform, Source: p.Hostname}
		}
		return PackageMeta{}, fmt.Errorf("download metadata of %s v%s: %w", p, v, err)
	}
	meta := PackageMeta{Provider: p, Version: v, Platform: platform, Filename: dl.Filename}
	want, err := hex.DecodeString(dl.SHASum)
	if err != nil || len(want) != 32 {
		return PackageMeta{}, fmt.Errorf("registry %s gave an invalid shasum %q for %s v%s", p.Hostname, dl.SHASum, p, v)
	}
	meta.SHA256 = want
	abs := func(raw string) (string, error) {
		u, err := url.Parse(raw)
		if err != nil {
			return "", err
		}
		return endpoint.ResolveReference(u).String(), nil
	}
	dlURL, err := abs(dl.DownloadURL)
	if err != nil {
		return PackageMeta{}, fmt.Errorf("invalid download_url for %s v%s: %w", p, v, err)
	}
	meta.Location = Location{Kind: HTTPURL, Path: dlURL}
	sums, auth, err := s.verifiedSums(ctx, abs, dl)
	if err != nil {
		return PackageMeta{}, fmt.Errorf("provider %s v%s: %w", p, v, err)
	}
	if got, ok := sums[dl.Filename]; !ok || got != dl.SHASum {
		return PackageMeta{}, fmt.Errorf("provider %s v%s: the signed SHA256SUMS does not list %s with checksum %s", p, v, dl.Filename, dl.SHASum)
	}
	for _, sum := range sums {
		meta.Hashes = append(meta.Hashes, Hash(SchemeZH+sum))
	}
	meta.Authentication = auth
	return meta, nil
}

// verifiedSums fetches SHA256SUMS and its signature, checks the signature,
// and returns the file name → hex checksum map and the authentication text.
func (s *RegistrySource) verifiedSums(ctx context.Context, abs func(string) (string, error), dl registryDownload) (map[string]string, string, error) {
	sumsURL, err := abs(dl.SHASumsURL)
	if err != nil {
		return nil, "", fmt.Errorf("invalid shasums_url: %w", err)
	}
	sigURL, err := abs(dl.SHASumsSignatureURL)
	if err != nil {
		return nil, "", fmt.Errorf("invalid shasums_signature_url: %w", err)
	}
	sums, err := s.get(ctx, sumsURL)
	if err != nil {
		return nil, "", fmt.Errorf("fetching SHA256SUMS: %w", err)
	}
	sig, err := s.get(ctx, sigURL)
	if err != nil {
		return nil, "", fmt.Errorf("fetching the SHA256SUMS signature: %w", err)
	}
	auth, err := CheckSignature(sums, sig, dl.SigningKeys.GPGPublicKeys)
	if err != nil {
		return nil, "", err
	}
	parsed, err := ParseSHA256SUMS(sums)
	return parsed, auth, err
}

// ParseSHA256SUMS reads a SHA256SUMS file: "HEX  FILENAME" lines.
func ParseSHA256SUMS(data []byte) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 || len(fields[0]) != 64 {
			return nil, fmt.Errorf("malformed SHA256SUMS line %q", sc.Text())
		}
		out[fields[1]] = strings.ToLower(fields[0])
	}
	return out, sc.Err()
}

type httpStatusError struct {
	url    string
	status int
}

func (e *httpStatusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.url, e.status, http.StatusText(e.status))
}

func isNotFound(err error) bool {
	se, ok := err.(*httpStatusError)
	return ok && se.status == http.StatusNotFound
}

func (s *RegistrySource) get(ctx context.Context, u string) ([]byte, error) {
	return httpGet(ctx, s.client, u)
}

func (s *RegistrySource) getJSON(ctx context.Context, u string, v any) error {
	return httpGetJSON(ctx, s.client, u, v)
}

func httpGet(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &httpStatusError{url: u, status: resp.StatusCode}
	}
	return io.ReadAll(io.LimitReader(resp.Body, 16<<20))
}

func httpGetJSON(ctx context.Context, client *http.Client, u string, v any) error {
	body, err := httpGet(ctx, client, u)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("GET %s: invalid JSON: %w", u, err)
	}
	return nil
}
