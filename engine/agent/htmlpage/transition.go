package htmlpage

import (
	"bytes"
	"fmt"
	"strings"
)

// The transition functions of html/template's escaper (transition.go
// there) for the HTML states: each takes a context and template text and
// returns the context after the front of the text and how much it took.

func transition(c context, s []byte) (context, int) {
	switch c.state {
	case stText:
		return tText(c, s)
	case stTag:
		return tTag(c, s)
	case stAttrName:
		return tAttrName(c, s)
	case stAfterName:
		return tAfterName(c, s)
	case stBeforeValue:
		return tBeforeValue(c, s)
	case stHTMLCmt:
		return tHTMLCmt(c, s)
	case stRCDATA:
		return specialTagEnd(c, s)
	case stURL:
		return tURL(c, s)
	case stRaw, stRawAttr:
		return tRaw(c, s)
	}
	return c, len(s) // stAttr, stError
}

func tText(c context, s []byte) (context, int) {
	k := 0
	for {
		i := k + bytes.IndexByte(s[k:], '<')
		if i < k || i+1 == len(s) {
			return c, len(s)
		} else if i+4 <= len(s) && bytes.Equal([]byte("<!--"), s[i:i+4]) {
			return context{state: stHTMLCmt}, i + 4
		}
		i++
		end := false
		if s[i] == '/' {
			if i+1 == len(s) {
				return c, len(s)
			}
			end, i = true, i+1
		}
		j, e := tagName(s, i)
		if j != i {
			if end {
				e = elementNone
			}
			return context{state: stTag, element: e}, j
		}
		k = j
	}
}

func tTag(c context, s []byte) (context, int) {
	i := eatSpace(s, 0)
	if i == len(s) {
		return c, len(s)
	}
	if s[i] == '>' {
		if c.element == elementMeta {
			return context{state: stText}, i + 1
		}
		return context{state: elementContent[c.element], element: c.element}, i + 1
	}
	j, err := attrName(s, i)
	if err != "" {
		return errorContext("%s", err), len(s)
	}
	if i == j {
		return errorContext("expected space, attr name, or end of tag, but got %q", s[i:]), len(s)
	}
	name := strings.ToLower(string(s[i:j]))
	a := attrNone
	switch {
	case c.element == elementScript && name == "type":
		a = attrScriptType
	case c.element == elementMeta && name == "content":
		a = attrRaw
	default:
		a = attrKind(name)
	}
	st := stAfterName
	if j == len(s) {
		st = stAttrName
	}
	return context{state: st, element: c.element, attr: a}, j
}

func tAttrName(c context, s []byte) (context, int) {
	i, err := attrName(s, 0)
	if err != "" {
		return errorContext("%s", err), len(s)
	} else if i != len(s) {
		c.state = stAfterName
	}
	return c, i
}

func tAfterName(c context, s []byte) (context, int) {
	i := eatSpace(s, 0)
	if i == len(s) {
		return c, len(s)
	} else if s[i] != '=' {
		c.state = stTag
		return c, i
	}
	c.state = stBeforeValue
	return c, i + 1
}

func tBeforeValue(c context, s []byte) (context, int) {
	i := eatSpace(s, 0)
	if i == len(s) {
		return c, len(s)
	}
	d := delimSpaceOrTagEnd
	switch s[i] {
	case '\'':
		d, i = delimSingleQuote, i+1
	case '"':
		d, i = delimDoubleQuote, i+1
	}
	c.state, c.delim = attrStart[c.attr], d
	return c, i
}

func tHTMLCmt(c context, s []byte) (context, int) {
	if i := bytes.Index(s, []byte("-->")); i != -1 {
		return context{}, i + 3
	}
	return c, len(s)
}

func tURL(c context, s []byte) (context, int) {
	if bytes.ContainsAny(s, "#?") {
		c.url = urlPartQueryOrFrag
	} else if len(s) != eatSpace(s, 0) && c.url == urlPartNone {
		c.url = urlPartPreQuery
	}
	return c, len(s)
}

// rawSpecials are the bytes that can change html/template's JavaScript or
// CSS state (strings, comments, regular expressions, template literals,
// url(...)), or make it rewrite the text. htmlpage does not follow those
// languages, so script or style text that holds one is an error.
const rawSpecials = "\"'`/\\<>#(-!{}"

// tRaw is the transition for script and style text (before any end tag):
// text that html/template would read as it is, or an error.
func tRaw(c context, s []byte) (context, int) {
	if i := bytes.IndexAny(s, rawSpecials); i >= 0 {
		return errorContext("%q in script or style, which htmlpage does not follow: %.32q", s[i:i+1], s), len(s)
	}
	return c, len(s)
}

// specialTagEnd finds the end tag of a script, style, title or textarea
// element: the context after it and the bytes before it.
func specialTagEnd(c context, s []byte) (context, int) {
	if c.element != elementNone {
		if i := indexTagEnd(s, elementEnds[c.element]); i != -1 {
			return context{}, i
		}
	}
	return c, len(s)
}

// indexTagEnd finds "</" tag (any case) followed by a separator.
func indexTagEnd(s []byte, tag []byte) int {
	res := 0
	for len(s) > 0 {
		i := bytes.Index(s, []byte("</"))
		if i == -1 {
			return i
		}
		s = s[i+2:]
		if len(tag) <= len(s) && bytes.EqualFold(tag, s[:len(tag)]) {
			s = s[len(tag):]
			if len(s) > 0 && bytes.IndexByte([]byte("> \t\n\f/"), s[0]) != -1 {
				return res + i
			}
			res += len(tag)
		}
		res += i + 2
	}
	return -1
}

func attrName(s []byte, i int) (int, string) {
	for j := i; j < len(s); j++ {
		switch s[j] {
		case ' ', '\t', '\n', '\f', '\r', '=', '>':
			return j, ""
		case '\'', '"', '<':
			return -1, fmt.Sprintf("%q in attribute name: %.32q", s[j:j+1], s)
		}
	}
	return len(s), ""
}

func isAlpha(c byte) bool    { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }
func isAlphaNum(c byte) bool { return isAlpha(c) || '0' <= c && c <= '9' }

func tagName(s []byte, i int) (int, element) {
	if i == len(s) || !isAlpha(s[i]) {
		return i, elementNone
	}
	j := i + 1
	for j < len(s) {
		x := s[j]
		if isAlphaNum(x) {
			j++
			continue
		}
		if (x == ':' || x == '-') && j+1 < len(s) && isAlphaNum(s[j+1]) {
			j += 2
			continue
		}
		break
	}
	return j, elementNames[strings.ToLower(string(s[i:j]))]
}

func eatSpace(s []byte, i int) int {
	for j := i; j < len(s); j++ {
		switch s[j] {
		case ' ', '\t', '\n', '\f', '\r':
		default:
			return j
		}
	}
	return len(s)
}

// isJSType reports whether a script element's type makes its content
// script, as html/template decides.
func isJSType(mime string) bool {
	mime, _, _ = strings.Cut(mime, ";")
	switch strings.TrimSpace(strings.ToLower(mime)) {
	case "", "application/ecmascript", "application/javascript", "application/json",
		"application/ld+json", "application/x-ecmascript", "application/x-javascript",
		"module", "text/ecmascript", "text/javascript", "text/javascript1.0",
		"text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
		"text/javascript1.4", "text/javascript1.5", "text/jscript",
		"text/livescript", "text/x-ecmascript", "text/x-javascript":
		return true
	}
	return false
}
