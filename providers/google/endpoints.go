package google

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/trueup/trueup/schema"
)

// endpoint is where a service is reached and how.
type endpoint struct {
	// url (storage) or address host:port (pubsub); "" means the
	// service's default, or the emulator the SDK finds in its variable.
	url string
	// emulator means no TLS (pubsub) and no credentials.
	emulator bool
	// fromEnv means the SDK's own emulator variable is set: the SDK
	// configures itself and we pass no endpoint options.
	fromEnv  bool
	warnings schema.Diagnostics
}

func (e endpoint) needsAuth() bool { return !e.emulator }

// storageEndpoint resolves storage_custom_endpoint and
// STORAGE_EMULATOR_HOST. The emulator variable wins, as it does in the SDK.
func storageEndpoint(custom, emulatorHost string) (endpoint, error) {
	if emulatorHost != "" {
		return endpoint{emulator: true, fromEnv: true, warnings: bothSet("storage_custom_endpoint", "STORAGE_EMULATOR_HOST", custom)}, nil
	}
	if custom == "" {
		return endpoint{}, nil
	}
	u, err := url.Parse(custom)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return endpoint{}, fmt.Errorf("%q is not an http:// or https:// URL such as https://storage.googleapis.com/storage/v1/", custom)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/storage/v1/"
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return endpoint{url: u.String(), emulator: u.Scheme == "http"}, nil
}

// pubsubEndpoint resolves pubsub_custom_endpoint and PUBSUB_EMULATOR_HOST.
// The Go client speaks gRPC, so of a Terraform-style REST URL
// (https://pubsub.googleapis.com/v1/) only host and port are used; a bare
// host:port is a TLS endpoint.
func pubsubEndpoint(custom, emulatorHost string) (endpoint, error) {
	if emulatorHost != "" {
		return endpoint{emulator: true, fromEnv: true, warnings: bothSet("pubsub_custom_endpoint", "PUBSUB_EMULATOR_HOST", custom)}, nil
	}
	if custom == "" {
		return endpoint{}, nil
	}
	if !strings.Contains(custom, "://") {
		if _, _, err := net.SplitHostPort(custom); err != nil {
			return endpoint{}, fmt.Errorf("%q is neither a URL nor host:port", custom)
		}
		return endpoint{url: custom}, nil
	}
	u, err := url.Parse(custom)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return endpoint{}, fmt.Errorf("%q is not an http:// or https:// URL such as https://pubsub.googleapis.com/v1/", custom)
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return endpoint{url: net.JoinHostPort(u.Hostname(), port), emulator: u.Scheme == "http"}, nil
}

func bothSet(attr, envVar, custom string) schema.Diagnostics {
	if custom == "" {
		return nil
	}
	return schema.Diagnostics{{Severity: schema.Warning, Summary: "Emulator variable overrides " + attr,
		Detail: envVar + " is set, so the SDK talks to that emulator and " + attr + " is ignored."}}
}
