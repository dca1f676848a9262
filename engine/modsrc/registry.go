package modsrc

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

var (
	registryName     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9A-Za-z](?:[0-9A-Za-z-_]{0,62}[0-9A-Za-z])?$`) })
	registryProvider = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-z]{1,64}$`) })
	hostLabel        = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$`) })
)

// ParseRegistry parses "[HOST/]NAMESPACE/NAME/PROVIDER[//SUBDIR]" with
// Terraform's rules and error texts. A module block with a version
// argument must have such a source.
func ParseRegistry(raw string) (Registry, error) {
	raw, subdir := SplitSubdir(raw)
	if strings.HasPrefix(subdir, "../") {
		return Registry{}, fmt.Errorf("subdirectory path %q leads outside of the module package", subdir)
	}
	if isLocal(raw) {
		return Registry{}, fmt.Errorf("can't use local directory %q as a module registry address", raw)
	}
	parts := strings.Split(raw, "/")
	if len(parts) != 3 && len(parts) != 4 {
		return Registry{}, fmt.Errorf("a module registry source address must have either three or four slash-separated components")
	}
	ret := Registry{Host: DefaultRegistryHost, Subdir: subdir}
	if len(parts) == 4 {
		host, err := normalizeHost(parts[0])
		if err != nil {
			return Registry{}, err
		}
		if host == "github.com" || host == "bitbucket.org" {
			return Registry{}, fmt.Errorf("can't use %q as a module registry host, because it's reserved for installing directly from version control repositories", host)
		}
		ret.Host, parts = host, parts[1:]
	}
	if !registryName().MatchString(parts[0]) {
		if strings.Contains(parts[0], ".") {
			return Registry{}, fmt.Errorf("source address must have three more components after the hostname: the namespace, the name, and the target system")
		}
		return Registry{}, fmt.Errorf("invalid namespace %q: %s", parts[0], nameRule)
	}
	if !registryName().MatchString(parts[1]) {
		return Registry{}, fmt.Errorf("invalid module name %q: %s", parts[1], nameRule)
	}
	if !registryProvider().MatchString(parts[2]) {
		if strings.Contains(parts[2], "?") {
			return Registry{}, fmt.Errorf("module registry addresses may not include a query string portion")
		}
		return Registry{}, fmt.Errorf("invalid target system %q: must be between one and 64 ASCII letters or digits", parts[2])
	}
	ret.Namespace, ret.Name, ret.Provider = parts[0], parts[1], parts[2]
	return ret, nil
}

const nameRule = "must be between one and 64 characters, including ASCII letters, digits, dashes, and underscores, where dashes and underscores may not be the prefix or suffix"

// normalizeHost lower-cases a registry hostname and drops the default
// port, as Terraform's svchost.ForComparison does.
func normalizeHost(given string) (string, error) {
	host, port := given, ""
	if h, p, err := net.SplitHostPort(given); err == nil {
		host, port = h, p
		if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
			return "", fmt.Errorf("invalid module registry hostname %q", given)
		}
	}
	if strings.Contains(host, "--") {
		return "", fmt.Errorf("invalid module registry hostname %q; internationalized domain names must be given as direct unicode characters, not in punycode", given)
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, label := range strings.Split(host, ".") {
		if !hostLabel().MatchString(label) {
			return "", fmt.Errorf("invalid module registry hostname %q", given)
		}
	}
	if !strings.Contains(host, ".") {
		return "", fmt.Errorf("invalid module registry hostname: must contain at least one dot")
	}
	if port != "" && port != "443" {
		host = net.JoinHostPort(host, port)
	}
	return host, nil
}
