package htmlpage

import (
	"fmt"
	"strings"
)

// escapeHTML escapes s for HTML text and quoted attribute values with the
// replacements html/template makes.
func escapeHTML(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// urlAttrs are the attributes whose value is a URL, as html/template
// classifies them.
var urlAttrs = map[string]bool{
	"action": true, "archive": true, "background": true, "cite": true, "classid": true,
	"codebase": true, "data": true, "formaction": true, "href": true, "icon": true,
	"longdesc": true, "manifest": true, "poster": true, "profile": true, "src": true,
	"usemap": true, "xmlns": true,
}

// isURLAttr reports whether attribute name holds a URL: a known one, or
// (as html/template guesses for custom ones) a name with src, uri or url.
func isURLAttr(name string) bool {
	if n, ok := strings.CutPrefix(name, "data-"); ok {
		name = n
	} else if prefix, short, ok := strings.Cut(name, ":"); ok {
		if prefix == "xmlns" {
			return true
		}
		name = short
	}
	if urlAttrs[name] {
		return true
	}
	return !strings.HasPrefix(name, "on") &&
		(strings.Contains(name, "src") || strings.Contains(name, "uri") || strings.Contains(name, "url"))
}

// unsafeAttr reports whether attribute name holds script (an event
// handler) or style, or a srcset, where html/template would escape for a
// language htmlpage does not: a value there is an error, never escaped as
// plain text.
func unsafeAttr(name string) bool {
	if n, ok := strings.CutPrefix(name, "data-"); ok {
		name = n
	} else if _, short, ok := strings.Cut(name, ":"); ok {
		name = short
	}
	return strings.HasPrefix(name, "on") || name == "style" || name == "srcset"
}

// safeURL reports whether s is relative or has a scheme a link may use.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// escapeURL percent-encodes the bytes of s that a URL may not hold. With
// normalize, it keeps RFC 3986's reserved characters and valid escapes (a
// URL's path); without, it encodes them too (a query parameter).
func escapeURL(s string, normalize bool) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case normalize && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case normalize && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		b.WriteString(s[last:i])
		fmt.Fprintf(&b, "%%%02x", c)
		last = i + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
