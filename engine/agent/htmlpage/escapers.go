package htmlpage

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
)

// escapeHTML escapes s for HTML text and quoted attribute values with the
// replacements html/template makes; with norm it leaves "&" alone, as
// html/template does for trusted HTML in title or textarea content.
func escapeHTML(s string, norm bool) string {
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
			if norm {
				continue
			}
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

// attrKind classifies the value of attribute name (lower case) as
// html/template's attrType does: a URL (a known URL attribute, or a custom
// one whose name has src, uri or url), script or style (event handlers,
// style, srcset), or plain text.
func attrKind(name string) attr {
	if n, ok := strings.CutPrefix(name, "data-"); ok {
		name = n
	} else if prefix, short, ok := strings.Cut(name, ":"); ok {
		if prefix == "xmlns" {
			return attrURL
		}
		name = short
	}
	switch {
	case urlAttrs[name]:
		return attrURL
	case name == "style" || name == "srcset":
		return attrRaw
	case name == "open" || name == "srcdoc" || name == "srclang":
		// Known attributes the guesses below would misread.
		return attrNone
	case strings.HasPrefix(name, "on"):
		return attrRaw
	case strings.Contains(name, "src") || strings.Contains(name, "uri") || strings.Contains(name, "url"):
		return attrURL
	}
	return attrNone
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

// contentKind is what a printed value is to html/template: plain text,
// trusted HTML (template.HTML) or a trusted URL (template.URL).
type contentKind uint8

const (
	plainText contentKind = iota
	trustedHTML
	trustedURL
)

// stringify is a printed value's text and kind, as html/template's: a
// string, template.HTML or template.URL (behind any pointers) as it is,
// nil as nothing, anything else as fmt.Sprint prints it.
func stringify(v reflect.Value) (string, contentKind) {
	e := v
	for e.IsValid() && (e.Kind() == reflect.Interface || e.Kind() == reflect.Pointer) && !e.IsNil() {
		e = e.Elem()
	}
	if e.IsValid() && e.CanInterface() {
		switch x := e.Interface().(type) {
		case string:
			return x, plainText
		case template.HTML:
			return string(x), trustedHTML
		case template.URL:
			return string(x), trustedURL
		}
	}
	x := printable(v)
	if x == nil {
		return "", plainText
	}
	return fmt.Sprint(x), plainText
}

// nudge moves a context where a value would start an attribute, its name
// or its unquoted value into that place, as html/template does.
func nudge(c context) context {
	switch c.state {
	case stTag:
		c.state = stAttrName
	case stBeforeValue:
		c.state, c.delim, c.attr = attrStart[c.attr], delimSpaceOrTagEnd, attrNone
	case stAfterName:
		c.state, c.attr = stAttrName, attrNone
	}
	return c
}

// value returns a printed value escaped for where the output is, or an
// error where htmlpage does not print values (where html/template would
// escape for JavaScript, CSS, a srcset, an attribute name or an unquoted
// value, or strip the tags of trusted HTML in an attribute).
func (e *escaper) value(v reflect.Value) (string, error) {
	c := nudge(e.c)
	s, kind := stringify(v)
	switch c.state {
	case stText:
		if kind == trustedHTML {
			return s, nil
		}
		return escapeHTML(s, false), nil
	case stRCDATA:
		return escapeHTML(s, kind == trustedHTML), nil
	case stHTMLCmt:
		return "", nil // html/template drops comments and what they hold
	case stAttr, stURL:
		if c.delim == delimSpaceOrTagEnd {
			return "", fmt.Errorf("a value in an unquoted attribute value")
		}
		if c.state == stAttr {
			if kind == trustedHTML {
				return "", fmt.Errorf("trusted HTML in an attribute value")
			}
			return escapeHTML(s, false), nil
		}
		norm := kind == trustedURL
		switch c.url {
		case urlPartNone:
			if !norm && !safeURL(s) {
				s = "#ZgotmplZ"
			}
			norm = true
		case urlPartPreQuery:
			norm = true
		}
		return escapeHTML(escapeURL(s, norm), false), nil
	case stRaw, stRawAttr:
		return "", fmt.Errorf("a value in script, style or srcset, which htmlpage does not escape")
	case stError:
		return "", fmt.Errorf("%s", c.err)
	}
	return "", fmt.Errorf("a value in a tag, where html/template would print an attribute or its name")
}
