package getmodules

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/trueup/trueup/engine/source"
)

// gitTarget is a git package address split into what source.Fetch takes.
type gitTarget struct {
	url, ref string
	sshKey   []byte
}

// parseGitURL splits ref=, depth= and sshkey= off a git URL, as
// go-getter's git getter does. Other query arguments stay in the URL.
// depth= is checked and otherwise ignored: branches and tags are always
// fetched shallow.
func parseGitURL(raw string) (gitTarget, error) {
	base, query, ok := strings.Cut(raw, "?")
	if !ok {
		return gitTarget{url: raw}, nil
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return gitTarget{}, fmt.Errorf("invalid query in git URL: %v", err)
	}
	t := gitTarget{ref: q.Get("ref")}
	if d := q.Get("depth"); d != "" {
		if n, err := strconv.Atoi(d); err != nil || n < 0 {
			return gitTarget{}, fmt.Errorf("invalid depth %q: must be a non-negative number", d)
		}
	}
	if k := q.Get("sshkey"); k != "" {
		key, err := base64.StdEncoding.DecodeString(k)
		if err != nil {
			return gitTarget{}, fmt.Errorf("invalid sshkey: must be a base64-encoded private key")
		}
		t.sshKey = key
	}
	for _, k := range []string{"ref", "depth", "sshkey"} {
		q.Del(k)
	}
	t.url = base
	if len(q) > 0 {
		t.url += "?" + q.Encode()
	}
	return t, nil
}

// fetchGit fetches the commit through engine/source's cache and copies its
// tree into dst.
func (f *Fetcher) fetchGit(ctx context.Context, raw, dst string) error {
	t, err := parseGitURL(raw)
	if err != nil {
		return err
	}
	auth := f.gitAuth(t.url)
	if t.sshKey != nil {
		keyFile, err := writeTempKey(t.sshKey)
		if err != nil {
			return err
		}
		defer os.Remove(keyFile)
		auth.SSHKeyFile, auth.SSHAgent = keyFile, false
	}
	co, err := source.Fetch(ctx, source.Options{URL: t.url, Ref: t.ref, CacheDir: f.GitCacheDir, Auth: auth, Log: f.Log})
	if err != nil {
		return err
	}
	f.logger().Debug("copying git checkout", "commit", co.Commit, "dst", dst)
	return CopyTree(ctx, co.Root, dst)
}

// writeTempKey writes an sshkey= key to a private temporary file.
func writeTempKey(key []byte) (string, error) {
	fh, err := os.CreateTemp("", "trueup-module-key-")
	if err != nil {
		return "", err
	}
	defer fh.Close()
	if err := fh.Chmod(0o600); err != nil {
		return "", err
	}
	_, err = fh.Write(key)
	return fh.Name(), err
}

// gitAuth is f.GitAuth, with netrc credentials for an http(s) URL that
// has none of its own when GitAuth gives none either (git itself reads
// ~/.netrc, which is how CI commonly gives terraform a token).
func (f *Fetcher) gitAuth(raw string) source.Auth {
	auth := f.GitAuth
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || auth.TokenEnv != "" || auth.Username != "" {
		return auth
	}
	if login, password, ok := netrcLookup(u.Host); ok {
		auth.Username, auth.Password = login, password
	}
	return auth
}
