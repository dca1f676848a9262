package source

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Options says which repository, ref and subdirectory to fetch, where to
// cache clones and how to authenticate.
type Options struct {
	// URL is the repository: file://, a plain path to a local repository,
	// https://, http://, ssh://, scp-like git@host:path, or git://.
	URL string
	// Ref is a branch, a tag, a full ref (refs/pull/12/head), or a full or
	// abbreviated commit SHA. Empty means the remote's HEAD.
	Ref string
	// Path is the stack's subdirectory inside the repository ("" is the
	// root). It must stay inside the checkout.
	Path string
	// CacheDir holds the clones and checkouts. Empty means
	// $XDG_CACHE_HOME/trueup/git, or ~/.cache/trueup/git.
	CacheDir string
	// Auth holds the credentials for https and ssh.
	Auth Auth
	// Log receives progress; nil discards it. Credentials are never logged.
	Log hclog.Logger
}

// Auth holds credentials. Only the ones that fit the URL's transport are
// used: the HTTPS fields for http(s) URLs, the SSH fields for ssh URLs.
type Auth struct {
	// TokenEnv names an environment variable holding an HTTPS token. It is
	// sent as basic auth with the user Username, or "x-access-token" (which
	// GitHub and GitLab personal/app tokens accept) when Username is empty.
	TokenEnv string
	// Username and Password are HTTPS basic auth. The password is never
	// logged.
	Username, Password string
	// SSHKeyFile is a private key file (PEM or OpenSSH format).
	SSHKeyFile string
	// SSHKeyPassphraseEnv names an environment variable holding the key's
	// passphrase.
	SSHKeyPassphraseEnv string
	// SSHAgent authenticates through the agent at $SSH_AUTH_SOCK.
	SSHAgent bool
	// SSHKnownHosts is a known_hosts file to verify the server's host key
	// against. Empty means $SSH_KNOWN_HOSTS or ~/.ssh/known_hosts.
	SSHKnownHosts string
	// SSHInsecureIgnoreHostKey accepts any host key. For tests only.
	SSHInsecureIgnoreHostKey bool
}

// Checkout is a fetched commit materialised on disk.
type Checkout struct {
	// Dir is the directory holding the stack: Root joined with Path.
	Dir string
	// Root is the whole tree of the commit. Runs at the same commit share
	// it: treat it as read-only.
	Root string
	// Commit is the resolved commit SHA (40 hex digits).
	Commit string
	// Ref is the full ref the commit was resolved from (refs/heads/main),
	// or "" when Options.Ref was a commit SHA.
	Ref string
	// Author is the commit's author as "Name <email>".
	Author string
	// Message is the commit message without its trailing newlines.
	Message string
	// When is the author date of the commit.
	When time.Time
	// Source is "URL//PATH@REF" (credentials stripped) for display and state
	// metadata; "//PATH" is left out when Path is empty and REF is "HEAD"
	// when Options.Ref is empty.
	Source string
}

// cacheRoot returns the directory the cache lives in.
func (o Options) cacheRoot() (string, error) {
	if o.CacheDir != "" {
		return filepath.Abs(o.CacheDir)
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set XDG_CACHE_HOME or HOME, or give a cache directory): %w", err)
	}
	return filepath.Join(dir, "trueup", "git"), nil
}

// logger returns the logger to use, never nil.
func (o Options) logger() hclog.Logger {
	if o.Log == nil {
		return hclog.NewNullLogger()
	}
	return o.Log.Named("source")
}

// displayRef is the ref as shown in Source and errors.
func displayRef(ref string) string {
	if ref == "" {
		return "HEAD"
	}
	return ref
}

// sourceString formats "URL//PATH@REF".
func sourceString(url, path, ref string) string {
	s := url
	if path != "" {
		s += "//" + path
	}
	return s + "@" + displayRef(ref)
}
