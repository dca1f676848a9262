package getmodules

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/trueup/trueup/engine/modsrc"
)

// fetchHTTP downloads an archive and extracts it, or, for any other URL,
// asks it where the package is (go-getter's protocol: GET with
// ?terraform-get=1, answered by an X-Terraform-Get header or a
// <meta name="terraform-get"> tag) and fetches that.
func (f *Fetcher) fetchHTTP(ctx context.Context, raw, dst string, depth int) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL: %v", err)
	}
	format, clean, err := archiveFormat(u)
	if err != nil {
		return err
	}
	if format != "" {
		return f.fetchArchive(ctx, u, clean, format, dst)
	}
	if depth >= maxRedirections {
		return fmt.Errorf("too many X-Terraform-Get redirections at %s", redactURL(u))
	}
	next, err := f.terraformGet(ctx, clean)
	if err != nil {
		return err
	}
	f.logger().Debug("following X-Terraform-Get", "from", redactURL(u), "to", modsrc.Redact(next))
	return f.fetchSubdir(ctx, next, dst, depth+1)
}

// fetchSubdir fetches an address that may hold "//SUBDIR": the whole
// package goes to a scratch directory and only the subdirectory to dst.
func (f *Fetcher) fetchSubdir(ctx context.Context, addr, dst string, depth int) error {
	pkg, subdir := modsrc.SplitSubdir(addr)
	if subdir == "" {
		return f.fetch(ctx, pkg, dst, depth)
	}
	scratch, err := os.MkdirTemp(filepath.Dir(dst), ".fetch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	whole := filepath.Join(scratch, "pkg")
	if err := f.fetch(ctx, pkg, whole, depth); err != nil {
		return err
	}
	rel, err := ExpandSubdir(whole, subdir)
	if err != nil {
		return err
	}
	return os.Rename(filepath.Join(whole, rel), dst)
}

// fetchArchive downloads u to a temporary file, checks its checksum and
// extracts it into dst.
func (f *Fetcher) fetchArchive(ctx context.Context, u, clean *url.URL, format, dst string) error {
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".download-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	f.logger().Debug("downloading archive", "url", redactURL(clean), "format", format)
	resp, err := f.get(ctx, clean)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(tmp, resp.Body); err != nil {
		return fmt.Errorf("downloading %s: %v", redactURL(clean), err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := verifyChecksum(u, tmp.Name()); err != nil {
		return err
	}
	return extract(format, tmp.Name(), dst)
}

// get sends a GET, with netrc credentials when the URL has none, and
// requires a 2xx answer.
func (f *Fetcher) get(ctx context.Context, u *url.URL) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	netrcAuth(req)
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", redactURL(u), scrubURLError(err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		err := fmt.Errorf("GET %s: bad response code: %d", redactURL(u), resp.StatusCode)
		if resp.StatusCode == http.StatusNotFound {
			err = fmt.Errorf("%w: %v", ErrNotFound, err)
		}
		return nil, err
	}
	return resp, nil
}

var metaTag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?is)<meta\s+name="terraform-get"\s+content="([^"]*)"`)
})

// terraformGet asks u where its package is.
func (f *Fetcher) terraformGet(ctx context.Context, u *url.URL) (string, error) {
	ask := *u
	q := ask.Query()
	q.Set("terraform-get", "1")
	ask.RawQuery = q.Encode()
	resp, err := f.get(ctx, &ask)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	loc := resp.Header.Get("X-Terraform-Get")
	if loc == "" {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if m := metaTag().FindSubmatch(body); m != nil {
			loc = string(m[1])
		}
	}
	if loc == "" {
		return "", fmt.Errorf("no source URL was returned by %s: it is not an archive (.zip, .tar.gz, …; or add ?archive=FORMAT) and answered without an X-Terraform-Get header", redactURL(u))
	}
	return resolveRelative(resp.Request.URL, loc)
}

// resolveRelative resolves a location starting with "/", "./" or "../"
// against base, as Terraform does for X-Terraform-Get; other locations
// are go-getter addresses and stand as given.
func resolveRelative(base *url.URL, loc string) (string, error) {
	if !strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "./") && !strings.HasPrefix(loc, "../") {
		return loc, nil
	}
	rel, err := url.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("invalid relative URL %q: %v", loc, err)
	}
	return base.ResolveReference(rel).String(), nil
}

// redactURL drops credentials and the query (which may hold a signed
// token) from a URL shown to the user.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = ""
	return c.String()
}

// scrubURLError drops the URL net/http puts in its errors (it may hold
// credentials), keeping the cause.
func scrubURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
