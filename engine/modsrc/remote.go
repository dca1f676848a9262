package modsrc

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
)

// SplitSubdir splits "PACKAGE//SUBDIR?QUERY" into "PACKAGE?QUERY" and
// "SUBDIR", by go-getter's rules: the "//" of a URL scheme does not count,
// and the query stays with the package.
func SplitSubdir(src string) (pkg, subdir string) {
	stop := len(src)
	if i := strings.Index(src, "?"); i > -1 {
		stop = i
	}
	offset := 0
	if i := strings.Index(src[:stop], "://"); i > -1 {
		offset = i + 3
	}
	i := strings.Index(src[offset:stop], "//")
	if i == -1 {
		return src, ""
	}
	i += offset
	subdir, pkg = src[i+2:], src[:i]
	if q := strings.Index(subdir, "?"); q > -1 {
		pkg += subdir[q:]
		subdir = subdir[:q]
	}
	return pkg, subdir
}

var forcedRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z0-9]+)::(.+)$`) })

// forcedGetter splits "git::URL" into "git" and "URL".
func forcedGetter(src string) (string, string) {
	if m := forcedRe().FindStringSubmatch(src); m != nil {
		return m[1], m[2]
	}
	return "", src
}

// parseRemote turns raw into a package address and subdirectory, running
// go-getter's detectors as Terraform configures them.
func parseRemote(raw string) (Remote, error) {
	raw, subdir := SplitSubdir(raw)
	if strings.HasPrefix(subdir, "../") {
		return Remote{}, fmt.Errorf("subdirectory path %q leads outside of the module package", subdir)
	}
	norm, err := detect(raw)
	if err != nil {
		return Remote{}, err
	}
	pkg, more := SplitSubdir(norm)
	if more != "" {
		if subdir != "" {
			subdir = path.Join(more, subdir)
		} else {
			subdir = path.Clean(more)
		}
		if strings.HasPrefix(subdir, "../") {
			return Remote{}, fmt.Errorf("detected subdirectory path %q of %q leads outside of the module package", subdir, pkg)
		}
	}
	return Remote{Package: pkg, Subdir: subdir}, nil
}

// detector turns a shorthand into a full address; ok is false when it
// does not apply.
type detector func(src string) (result string, ok bool, err error)

// detectors are go-getter's, in the order Terraform lists them.
var detectors = []detector{detectGitHub, detectGitSSH, detectBitBucket, detectGCS, detectS3, detectFile}

// detect is go-getter's Detect: an address with a URL scheme stands as
// given; otherwise the first detector that applies rewrites it, keeping a
// forced getter and any subdirectory.
func detect(src string) (string, error) {
	force, getSrc := forcedGetter(src)
	getSrc, subdir := SplitSubdir(getSrc)
	if u, err := url.Parse(getSrc); err == nil && u.Scheme != "" && !isWindowsDrive(u.Scheme) {
		return src, nil
	}
	for _, d := range detectors {
		result, ok, err := d(getSrc)
		if err != nil {
			return "", err
		}
		if !ok {
			continue
		}
		detForce, result := forcedGetter(result)
		result, detSub := SplitSubdir(result)
		if detSub != "" {
			if subdir != "" {
				subdir = path.Join(detSub, subdir)
			} else {
				subdir = detSub
			}
		}
		if subdir != "" {
			u, err := url.Parse(result)
			if err != nil {
				return "", fmt.Errorf("Error parsing URL: %s", err)
			}
			u.Path += "//" + subdir
			u.RawPath = u.Path
			result = u.String()
		}
		switch {
		case force != "":
			result = force + "::" + result
		case detForce != "":
			result = detForce + "::" + result
		}
		return result, nil
	}
	return "", fmt.Errorf("invalid source string: %s", src)
}

func isWindowsDrive(scheme string) bool { return len(scheme) == 1 }

// detectGitHub: "github.com/ORG/REPO[/SUBDIR][?QUERY]".
func detectGitHub(src string) (string, bool, error) {
	if !strings.HasPrefix(src, "github.com/") {
		return "", false, nil
	}
	return detectHTTPGit(src, "GitHub URLs should be github.com/username/repo")
}

// detectBitBucket: "bitbucket.org/ORG/REPO": Bitbucket hosts only git
// repositories now, so no API call is needed to tell git from Mercurial.
func detectBitBucket(src string) (string, bool, error) {
	if !strings.HasPrefix(src, "bitbucket.org/") {
		return "", false, nil
	}
	return detectHTTPGit(src, "Bitbucket URLs should be bitbucket.org/username/repo")
}

// detectHTTPGit turns "HOST/ORG/REPO[/SUBDIR]" into a git https URL.
func detectHTTPGit(src, usage string) (string, bool, error) {
	parts := strings.Split(src, "/")
	if len(parts) < 3 {
		return "", false, fmt.Errorf("%s", usage)
	}
	u, err := url.Parse("https://" + strings.Join(parts[:3], "/"))
	if err != nil {
		return "", true, fmt.Errorf("error parsing %s URL: %s", parts[0], err)
	}
	if !strings.HasSuffix(u.Path, ".git") {
		u.Path += ".git"
	}
	if len(parts) > 3 {
		u.Path += "//" + strings.Join(parts[3:], "/")
	}
	return "git::" + u.String(), true, nil
}

var sshPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:([^@]+)@)?([^:]+):/?(.+)$`) })

// detectGitSSH: scp-like "git@HOST:PATH[?QUERY]" (the user must be git).
func detectGitSSH(src string) (string, bool, error) {
	m := sshPattern().FindStringSubmatch(src)
	if m == nil || m[1] != "git" {
		return "", false, nil
	}
	p, query, hasQuery := strings.Cut(m[3], "?")
	u := url.URL{Scheme: "ssh", User: url.User(m[1]), Host: m[2], Path: p}
	if hasQuery {
		q, err := url.ParseQuery(query)
		if err != nil {
			return "", true, fmt.Errorf("error parsing GitHub SSH URL: %s", err)
		}
		u.RawQuery = q.Encode()
	}
	return "git::" + u.String(), true, nil
}

// detectGCS: "www.googleapis.com/storage/v1/BUCKET/PATH".
func detectGCS(src string) (string, bool, error) {
	if strings.Contains(src, "googleapis.com/") {
		return "gcs::https://" + src, true, nil
	}
	return "", false, nil
}

// detectS3 rewrites go-getter's S3 shorthands to path-style URLs, as
// Terraform records them: "BUCKET.s3.amazonaws.com/KEY" and
// "BUCKET.s3-REGION.amazonaws.com/KEY" become
// "s3::https://s3[-REGION].amazonaws.com/BUCKET/KEY",
// "BUCKET.s3.REGION.amazonaws.com/KEY" becomes
// "s3::https://s3.REGION.amazonaws.com/BUCKET/KEY", and a path-style
// "s3[-REGION].amazonaws.com/BUCKET/KEY" stands as written.
func detectS3(src string) (string, bool, error) {
	if !strings.Contains(src, ".amazonaws.com/") {
		return "", false, nil
	}
	host, rest, _ := strings.Cut(src, "/")
	parts := strings.Split(host, ".")
	switch {
	case len(parts) == 3:
		return "s3::https://" + src, true, nil
	case len(parts) == 4:
		return "s3::https://" + parts[1] + ".amazonaws.com/" + parts[0] + "/" + rest, true, nil
	case len(parts) == 5 && parts[1] == "s3":
		return "s3::https://s3." + parts[2] + ".amazonaws.com/" + parts[0] + "/" + rest, true, nil
	}
	return "", false, fmt.Errorf("URL is not a valid S3 URL")
}

// detectFile accepts absolute paths as file:// URLs; anything else left is
// probably a relative path written without "./".
func detectFile(src string) (string, bool, error) {
	if src == "" {
		return "", false, nil
	}
	if !path.IsAbs(src) {
		return "", true, &MaybeRelativePathError{Addr: src}
	}
	return "file://" + src, true, nil
}
