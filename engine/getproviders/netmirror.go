package getproviders

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// NetworkMirror speaks the provider network mirror protocol:
// BASE/HOST/NAMESPACE/TYPE/index.json lists versions and
// BASE/HOST/NAMESPACE/TYPE/VERSION.json lists each platform's archive URL
// and hashes. The base URL must be https.
type NetworkMirror struct {
	base   *url.URL
	client *http.Client
}

// NewNetworkMirror returns a source for the mirror at baseURL.
func NewNetworkMirror(baseURL string, client *http.Client) (*NetworkMirror, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("invalid network mirror URL %q: it must be an https URL", baseURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if client == nil {
		client = http.DefaultClient
	}
	return &NetworkMirror{base: u, client: client}, nil
}

func (m *NetworkMirror) String() string { return "network mirror " + m.base.String() }

func (m *NetworkMirror) providerURL(p Provider, file string) *url.URL {
	return m.base.ResolveReference(&url.URL{Path: p.Hostname + "/" + p.Namespace + "/" + p.Type + "/" + file})
}

// AvailableVersions reads index.json.
func (m *NetworkMirror) AvailableVersions(ctx context.Context, p Provider) (VersionList, error) {
	var doc struct {
		Versions map[string]any `json:"versions"`
	}
	if err := httpGetJSON(ctx, m.client, m.providerURL(p, "index.json").String(), &doc); err != nil {
		if isNotFound(err) {
			return nil, &ErrProviderNotFound{Provider: p, Sources: []string{m.String()}}
		}
		return nil, fmt.Errorf("%s: %w", m, err)
	}
	var list VersionList
	for raw := range doc.Versions {
		if v, err := ParseVersion(raw); err == nil {
			list = append(list, v)
		}
	}
	list.Sort()
	return list, nil
}

// PackageMeta reads VERSION.json.
func (m *NetworkMirror) PackageMeta(ctx context.Context, p Provider, v Version, platform Platform) (PackageMeta, error) {
	var doc struct {
		Archives map[string]struct {
			URL    string   `json:"url"`
			Hashes []string `json:"hashes"`
		} `json:"archives"`
	}
	u := m.providerURL(p, v.String()+".json")
	if err := httpGetJSON(ctx, m.client, u.String(), &doc); err != nil {
		if isNotFound(err) {
			return PackageMeta{}, &ErrVersionNotFound{Provider: p, Version: v, Platform: platform, Source: m.String()}
		}
		return PackageMeta{}, fmt.Errorf("%s: %w", m, err)
	}
	a, ok := doc.Archives[platform.String()]
	if !ok {
		return PackageMeta{}, &ErrVersionNotFound{Provider: p, Version: v, Platform: platform, Source: m.String()}
	}
	rel, err := url.Parse(a.URL)
	if err != nil {
		return PackageMeta{}, fmt.Errorf("%s: invalid archive URL %q: %w", m, a.URL, err)
	}
	meta := PackageMeta{
		Provider: p, Version: v, Platform: platform,
		Filename:       PackageFileName(p, v, platform),
		Location:       Location{Kind: HTTPURL, Path: u.ResolveReference(rel).String()},
		Authentication: "unauthenticated",
	}
	for _, h := range a.Hashes {
		meta.Hashes = append(meta.Hashes, Hash(h))
	}
	return meta, nil
}
