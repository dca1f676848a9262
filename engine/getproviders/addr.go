package getproviders

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// DefaultRegistryHost is the host of a source address written without one.
const DefaultRegistryHost = "registry.terraform.io"

// Provider is a fully-qualified provider source address.
type Provider struct {
	Hostname  string
	Namespace string
	Type      string
}

// NewDefaultProvider returns registry.terraform.io/hashicorp/TYPE, the
// address implied by a provider used without a required_providers entry.
func NewDefaultProvider(typ string) Provider {
	return Provider{Hostname: DefaultRegistryHost, Namespace: "hashicorp", Type: typ}
}

// ParseProvider parses [HOSTNAME/]NAMESPACE/TYPE. A bare TYPE is the legacy
// form and means hashicorp/TYPE. Names are case-insensitive and normalized to
// lower case; a hostname may carry a port ("127.0.0.1:8443").
func ParseProvider(s string) (Provider, error) {
	parts := strings.Split(s, "/")
	var p Provider
	switch len(parts) {
	case 1:
		p = NewDefaultProvider(parts[0])
	case 2:
		p = Provider{Hostname: DefaultRegistryHost, Namespace: parts[0], Type: parts[1]}
	case 3:
		p = Provider{Hostname: parts[0], Namespace: parts[1], Type: parts[2]}
	default:
		return Provider{}, fmt.Errorf("invalid provider source %q: a source is [HOSTNAME/]NAMESPACE/TYPE, like hashicorp/aws", s)
	}
	p.Hostname = strings.ToLower(p.Hostname)
	p.Namespace = strings.ToLower(p.Namespace)
	p.Type = strings.ToLower(p.Type)
	if p.Hostname == "" || strings.ContainsAny(p.Hostname, " \t/\\") {
		return Provider{}, fmt.Errorf("invalid provider source %q: the hostname is malformed", s)
	}
	for _, part := range []string{p.Namespace, p.Type} {
		if !hclsyntax.ValidIdentifier(part) {
			return Provider{}, fmt.Errorf("invalid provider source %q: %q is not a valid namespace or type name", s, part)
		}
	}
	return p, nil
}

// String returns the fully-qualified form, as the lock file writes it.
func (p Provider) String() string {
	return p.Hostname + "/" + p.Namespace + "/" + p.Type
}

// ForDisplay returns the address without the default registry host, as
// Terraform prints it in init's output ("hashicorp/null").
func (p Provider) ForDisplay() string {
	if p.Hostname == DefaultRegistryHost {
		return p.Namespace + "/" + p.Type
	}
	return p.String()
}

// IsZero reports whether p is the zero value.
func (p Provider) IsZero() bool { return p == Provider{} }

// LessThan orders providers by host, namespace, then type.
func (p Provider) LessThan(o Provider) bool {
	if p.Hostname != o.Hostname {
		return p.Hostname < o.Hostname
	}
	if p.Namespace != o.Namespace {
		return p.Namespace < o.Namespace
	}
	return p.Type < o.Type
}
