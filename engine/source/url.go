package source

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// endpoint is a parsed repository location.
type endpoint struct {
	// raw is what go-git is given; it may hold credentials.
	raw string
	// display is raw with credentials stripped: for errors, logs and Source.
	display string
	// key is the normalised URL the cache is keyed by.
	key string
	// scheme is file, http, https, ssh or git.
	scheme string
	// user and password come from the URL; they are scrubbed from errors.
	user, password string
	// host and port are the server's (empty for local paths).
	host, port string
}

// hostPort is "host:port" with the scheme's default port filled in.
func (ep *endpoint) hostPort() string {
	port := ep.port
	if port == "" {
		port = defaultPorts[ep.scheme]
	}
	return net.JoinHostPort(ep.host, port)
}

// scpLike matches git's scp-like syntax: [user@]host:path, where the colon
// comes before any slash.
var scpLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:([^@/]+)@)?([^@/:]+):(.*)$`) })

// defaultPorts are dropped from normalised URLs.
var defaultPorts = map[string]string{"http": "80", "https": "443", "ssh": "22", "git": "9418"}

// errBadURL is wrapped by every URL parsing error.
var errBadURL = errors.New("invalid repository URL")

// parseEndpoint parses a repository URL or a plain path.
func parseEndpoint(raw string) (*endpoint, error) {
	switch {
	case raw == "":
		return nil, fmt.Errorf("%w: empty", errBadURL)
	case strings.Contains(raw, "://"):
		return parseURL(raw)
	case isSCPLike(raw):
		return parseSCP(raw), nil
	default:
		return parseLocal(raw)
	}
}

// isSCPLike reports whether raw is [user@]host:path rather than a local path
// (a Windows drive letter such as C:\ is a path).
func isSCPLike(raw string) bool {
	m := scpLike().FindStringSubmatch(raw)
	return m != nil && len(m[2]) > 1
}

func parseURL(raw string) (*endpoint, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the URL, credentials included: drop it.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w: %v", errBadURL, err)
	}
	scheme := strings.ToLower(u.Scheme)
	switch scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("%w: file URL with a host (%s); use file:///path", errBadURL, u.Host)
		}
		return parseLocal(u.Path)
	case "http", "https", "ssh", "git":
	default:
		return nil, fmt.Errorf("%w: unsupported scheme %q (use file, https, http, ssh or git)", errBadURL, u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%w: no host", errBadURL)
	}
	ep := &endpoint{raw: raw, scheme: scheme, host: u.Hostname(), port: u.Port()}
	if u.User != nil {
		ep.user = u.User.Username()
		ep.password, _ = u.User.Password()
	}
	shown := *u
	shown.User = nil
	if scheme == "ssh" && ep.user != "" {
		// An ssh user name is not a secret; a password is.
		shown.User = url.User(ep.user)
	}
	ep.display = shown.String()
	ep.key = normalKey(scheme, u.Hostname(), u.Port(), u.Path)
	return ep, nil
}

func parseSCP(raw string) *endpoint {
	m := scpLike().FindStringSubmatch(raw)
	user, host, path := m[1], m[2], m[3]
	ep := &endpoint{raw: raw, scheme: "ssh", user: user, host: host}
	if i := strings.IndexByte(user, ':'); i >= 0 {
		ep.user, ep.password = user[:i], user[i+1:]
	}
	ep.display = host + ":" + path
	if ep.user != "" {
		ep.display = ep.user + "@" + ep.display
	}
	ep.key = normalKey("ssh", host, "", path)
	return ep
}

// parseLocal accepts a local path (plain or from a file URL). The path must
// be a git repository (its work tree root or a bare repository).
func parseLocal(p string) (*endpoint, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadURL, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return &endpoint{
		raw:     abs,
		display: abs,
		key:     "file://" + filepath.ToSlash(abs),
		scheme:  "file",
	}, nil
}

// normalKey lowercases scheme and host, drops user, default port, trailing
// slashes and a trailing ".git".
func normalKey(scheme, host, port, path string) string {
	host = strings.ToLower(host)
	if port != "" && port != defaultPorts[scheme] {
		host += ":" + port
	}
	path = strings.TrimRight(path, "/")
	path = strings.TrimSuffix(path, ".git")
	path = strings.TrimRight(path, "/")
	return scheme + "://" + host + "/" + strings.TrimLeft(path, "/")
}

// NormalizeURL returns the form of a repository URL that trueup compares
// and keys its cache by: scheme and host lowercased, user, credentials,
// default port, trailing slash and ".git" removed; scp-like URLs become
// ssh:// URLs and local paths absolute file:// URLs.
func NormalizeURL(raw string) (string, error) {
	ep, err := parseEndpoint(raw)
	if err != nil {
		return "", err
	}
	return ep.key, nil
}

// RedactURL returns raw with any credentials stripped, for display. An
// unparsable URL is returned as "(invalid URL)" because it may hold secrets.
func RedactURL(raw string) string {
	ep, err := parseEndpoint(raw)
	if err == nil {
		return ep.display
	}
	if u, err := url.Parse(raw); err == nil && strings.Contains(raw, "://") {
		u.User = nil
		return u.String()
	}
	return "(invalid URL)"
}

// cacheName is the directory name of the endpoint's cache entry: a readable
// prefix and a hash of the normalised URL.
func (ep *endpoint) cacheName() string {
	sum := sha256.Sum256([]byte(ep.key))
	readable := ep.key[strings.Index(ep.key, "://")+3:]
	readable = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			return r
		}
		return '_'
	}, readable)
	readable = strings.Trim(readable, "_.")
	if len(readable) > 60 {
		readable = readable[len(readable)-60:]
	}
	return readable + "-" + hex.EncodeToString(sum[:8])
}

// checkLocalRepo returns an error unless a local endpoint is a git
// repository; other endpoints are checked by the fetch.
func (ep *endpoint) checkLocalRepo() error {
	if ep.scheme != "file" {
		return nil
	}
	fi, err := os.Stat(ep.raw)
	if err != nil {
		return fmt.Errorf("%w: %s does not exist", ErrRepoNotFound, ep.display)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%w: %s is a file", ErrNotRepository, ep.display)
	}
	if isGitDir(ep.raw) || isGitDir(filepath.Join(ep.raw, ".git")) {
		return nil
	}
	if top := enclosingRepo(ep.raw); top != "" {
		rel, _ := filepath.Rel(top, ep.raw)
		return fmt.Errorf("%w: %s is inside the repository %s; use the repository as the URL and %q as the path",
			ErrNotRepository, ep.display, top, filepath.ToSlash(rel))
	}
	return fmt.Errorf("%w: %s", ErrNotRepository, ep.display)
}

// isGitDir reports whether dir looks like a git directory (bare repository
// or .git): it has HEAD, objects and refs. A .git file (worktree, submodule)
// counts too.
func isGitDir(dir string) bool {
	fi, err := os.Stat(dir)
	if err != nil {
		return false
	}
	if !fi.IsDir() {
		return filepath.Base(dir) == ".git"
	}
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}

// enclosingRepo returns the work tree of a repository that contains dir, or "".
func enclosingRepo(dir string) string {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if isGitDir(filepath.Join(d, ".git")) {
			return d
		}
		if d == filepath.Dir(d) {
			return ""
		}
	}
}
