package sandbox

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// The sandbox confines every bucket and object name to its data
// directory: fake-gcs-server's directory store joins object names to its
// root as they are (an upload named "../../tmp/x" wrote outside it) and a
// bucket named ".." would be the data directory's parent. The emulators
// are therefore fronted by a check (confineS3, confineGCS) that refuses,
// with the service's own error, any name that could leave a directory:
//
//   - a "." or ".." segment (split on "/" and "\"),
//   - an absolute path (a leading "/" or "\", an empty path segment),
//   - a NUL byte or a backslash,
//   - a separator or dot still percent-encoded after decoding ("%2F",
//     "%5C", "%2E", "%00"), which a later layer might decode again.
//
// Real S3 and GCS accept some of these names; the sandbox is stricter on
// purpose. docs/reliability.md records the rule.

// encodedSeparator matches a percent-encoded "/", "\", "." or NUL.
var encodedSeparator = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)%(2f|5c|2e|00)`) })

// nameKind says whether a name is a bucket's or an object's.
type nameKind int

const (
	objectName nameKind = iota
	bucketName
)

// badName is a name the sandbox refuses, with the reason.
type badName struct {
	kind   nameKind
	name   string
	reason string
}

// checkName returns why name cannot be a bucket or object name (by kind)
// in the sandbox, or "" when it can.
func checkName(kind nameKind, name string) string {
	switch {
	case strings.ContainsRune(name, 0):
		return "holds a NUL byte"
	case strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`):
		return "is an absolute path"
	case strings.Contains(name, `\`):
		return "holds a backslash"
	case encodedSeparator().MatchString(name):
		return "holds an encoded separator"
	case kind == bucketName && strings.Contains(name, "/"):
		return "holds a separator"
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "." || seg == ".." {
			return `has a "` + seg + `" segment`
		}
	}
	return ""
}

// pathSegments splits a request's escaped path into decoded segments,
// without the leading empty one. An empty segment anywhere but last means
// a name that starts with "/" (for example S3's "/bkt//tmp/x"), and is
// kept as "/" so that checkName refuses it as absolute; a segment that
// does not decode is kept as it is, and refused for its "%".
func pathSegments(escaped string) []string {
	parts := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	segs := make([]string, 0, len(parts))
	for i, p := range parts {
		if p == "" && i < len(parts)-1 {
			p = "/"
		}
		if d, err := url.PathUnescape(p); err == nil {
			p = d
		}
		segs = append(segs, p)
	}
	if n := len(segs); n > 0 && segs[n-1] == "" {
		segs = segs[:n-1]
	}
	return segs
}

// checkAll returns the first refused name of names (with kinds), or nil.
func checkAll(refs []nameRef) *badName {
	for _, r := range refs {
		if reason := checkName(r.kind, r.name); reason != "" {
			return &badName{kind: r.kind, name: r.name, reason: reason}
		}
	}
	return nil
}

// nameRef is a name found in a request.
type nameRef struct {
	kind nameKind
	name string
}

// segmentRefs names each path segment: those at the indices in buckets
// are bucket names, the others object-name segments.
func segmentRefs(segs []string, buckets ...int) []nameRef {
	refs := make([]nameRef, len(segs))
	for i, s := range segs {
		refs[i] = nameRef{kind: objectName, name: s}
	}
	for _, b := range buckets {
		if b >= 0 && b < len(segs) {
			refs[b].kind = bucketName
		}
	}
	return refs
}
