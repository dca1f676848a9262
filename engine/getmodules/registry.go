package getmodules

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/engine/modsrc"
)

// Registry is a client of the module registry protocol: service discovery
// (/.well-known/terraform.json → "modules.v1"), the versions endpoint and
// the download endpoint. It caches discovery per host. Safe for
// concurrent use.
type Registry struct {
	// HTTP sends the requests; nil means a client whose timeout is
	// TF_REGISTRY_CLIENT_TIMEOUT seconds (default 10), as in Terraform.
	HTTP *http.Client
	// Token returns the API token for a host ("" for none); nil reads
	// TF_TOKEN_<host> as Terraform does (dots as "_", dashes as "__").
	Token func(host string) string

	mu       sync.Mutex
	services map[string]*url.URL
}

// Versions lists the versions the registry has of the module. A module the
// registry does not know is ErrNotFound; a host without modules.v1 is
// ErrNoRegistry.
func (r *Registry) Versions(ctx context.Context, addr modsrc.Registry) ([]string, error) {
	base, err := r.service(ctx, addr.Host)
	if err != nil {
		return nil, err
	}
	u := base.ResolveReference(&url.URL{Path: path.Join(addr.Namespace, addr.Name, addr.Provider, "versions")})
	resp, err := r.do(ctx, addr.Host, u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, fmt.Errorf("module %s/%s/%s %w in the registry at %s", addr.Namespace, addr.Name, addr.Provider, ErrNotFound, addr.Host)
	default:
		return nil, fmt.Errorf("error looking up module versions: %s", resp.Status)
	}
	var body struct {
		Modules []struct {
			Versions []struct {
				Version string `json:"version"`
			} `json:"versions"`
		} `json:"modules"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&body); err != nil {
		return nil, fmt.Errorf("invalid versions response from %s: %v", addr.Host, err)
	}
	if len(body.Modules) < 1 {
		return nil, fmt.Errorf("invalid versions response from %s: no modules", addr.Host)
	}
	var vs []string
	for _, v := range body.Modules[0].Versions {
		vs = append(vs, v.Version)
	}
	return vs, nil
}

// Location asks the registry where version of the module can be
// downloaded: the X-Terraform-Get header of a 204 (or 200) answer, or the
// "location" of a JSON body. Relative locations are resolved against the
// download URL.
func (r *Registry) Location(ctx context.Context, addr modsrc.Registry, version string) (string, error) {
	base, err := r.service(ctx, addr.Host)
	if err != nil {
		return "", err
	}
	u := base.ResolveReference(&url.URL{Path: path.Join(addr.Namespace, addr.Name, addr.Provider, version, "download")})
	resp, err := r.do(ctx, addr.Host, u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent:
	case http.StatusNotFound:
		return "", fmt.Errorf("module %s %s %w in the registry at %s", addr.Package(), version, ErrNotFound, addr.Host)
	default:
		return "", fmt.Errorf("error getting download location for %q: %s", addr.Package(), resp.Status)
	}
	loc := resp.Header.Get("X-Terraform-Get")
	if loc == "" && resp.StatusCode == http.StatusOK {
		var body struct {
			Location string `json:"location"`
		}
		if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err == nil {
			loc = body.Location
		}
	}
	if loc == "" {
		return "", fmt.Errorf("failed to get download URL for %q: %s; no X-Terraform-Get header or location", addr.Package(), resp.Status)
	}
	return resolveRelative(resp.Request.URL, loc)
}

// service discovers the modules.v1 base URL of host, once per host.
func (r *Registry) service(ctx context.Context, host string) (*url.URL, error) {
	r.mu.Lock()
	cached := r.services[host]
	r.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	disco := &url.URL{Scheme: "https", Host: host, Path: "/.well-known/terraform.json"}
	resp, err := r.do(ctx, host, disco)
	if err != nil {
		return nil, fmt.Errorf("failed to request discovery document: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, fmt.Errorf("host %s does not provide a module registry (no %s): %w", host, disco.Path, ErrNoRegistry)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("failed to request discovery document: %s", resp.Status)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return nil, fmt.Errorf("discovery URL %s returned an unsupported content type %q", disco, mt)
	}
	var doc map[string]any
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("failed to decode discovery document: %v", err)
	}
	raw, ok := doc["modules.v1"].(string)
	if !ok {
		return nil, fmt.Errorf("host %s does not provide a module registry: %w", host, ErrNoRegistry)
	}
	rel, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("host %s gives an invalid modules.v1 URL %q: %v", host, raw, err)
	}
	svc := resp.Request.URL.ResolveReference(rel)
	if !strings.HasSuffix(svc.Path, "/") {
		svc.Path += "/"
	}
	r.mu.Lock()
	if r.services == nil {
		r.services = map[string]*url.URL{}
	}
	r.services[host] = svc
	r.mu.Unlock()
	return svc, nil
}

// do GETs u, with the host's token when u is on that host.
func (r *Registry) do(ctx context.Context, host string, u *url.URL) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if tok := r.token(host); tok != "" && strings.EqualFold(u.Host, host) {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	client := r.HTTP
	if client == nil {
		client = &http.Client{Timeout: registryTimeout()}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", redactURL(u), scrubURLError(err))
	}
	return resp, nil
}

// token returns the API token for host.
func (r *Registry) token(host string) string {
	if r.Token != nil {
		return r.Token(host)
	}
	return os.Getenv(TokenEnv(host))
}

// TokenEnv is the environment variable Terraform reads a host's token
// from: TF_TOKEN_ followed by the hostname (without port) with "-" as
// "__" and "." as "_".
func TokenEnv(host string) string {
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	host = strings.ReplaceAll(host, "-", "__")
	return "TF_TOKEN_" + strings.ReplaceAll(host, ".", "_")
}

// registryTimeout is TF_REGISTRY_CLIENT_TIMEOUT (seconds), default 10.
func registryTimeout() time.Duration {
	if n, err := strconv.Atoi(os.Getenv("TF_REGISTRY_CLIENT_TIMEOUT")); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 10 * time.Second
}
