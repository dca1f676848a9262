package htmlpage

import (
	"fmt"
	"html/template"
	"strings"
)

// where is the position in the HTML output that decides how a printed value
// is escaped: the states html/template's escaper tracks, for the HTML the
// agent's pages write (no values inside script or style elements, and
// attribute values always quoted).
type where int

const (
	inText      where = iota // element content
	inLT                     // after "<"
	inTagName                // reading an element name
	inEndTag                 // in "</...>"
	inDecl                   // in "<!...>"
	inTag                    // between attributes
	inAttrName               // reading an attribute name
	inAfterName              // after an attribute name
	inBeforeVal              // after "="
	inAttrValue              // in a quoted attribute value
	inRaw                    // in script or style content
	inRCDATA                 // in title or textarea content
)

// urlPart is where in a URL attribute's value the output is.
type urlPart int

const (
	urlStart urlPart = iota // nothing of the URL written yet
	urlPath                 // before any "?" or "#"
	urlQuery                // after "?" or "#"
)

// escaper follows the literal text of a template as it is written, so that
// a value printed at any point is escaped for where it lands.
type escaper struct {
	at    where
	tag   string
	attr  string
	quote byte
	url   urlPart
	tail  string // the last bytes of raw content, to find its end tag
}

func isNameByte(c byte) bool {
	return c == '-' || c == ':' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// feed advances the escaper over literal template text.
func (e *escaper) feed(text []byte) {
	for _, c := range text {
		e.step(c)
	}
}

func (e *escaper) step(c byte) {
	switch e.at {
	case inText:
		if c == '<' {
			e.at = inLT
		}
	case inLT:
		switch {
		case c == '/':
			e.at = inEndTag
		case c == '!':
			e.at = inDecl
		case isNameByte(c):
			e.at, e.tag = inTagName, strings.ToLower(string(c))
		default:
			e.at = inText
		}
	case inTagName:
		switch {
		case isNameByte(c):
			e.tag += strings.ToLower(string(c))
		case c == '>':
			e.content()
		default:
			e.at = inTag
		}
	case inEndTag, inDecl:
		if c == '>' {
			e.at = inText
		}
	case inTag, inAfterName:
		switch {
		case c == '>':
			e.content()
		case c == '=' && e.at == inAfterName:
			e.at = inBeforeVal
		case isNameByte(c):
			e.at, e.attr = inAttrName, strings.ToLower(string(c))
		}
	case inAttrName:
		switch {
		case isNameByte(c):
			e.attr += strings.ToLower(string(c))
		case c == '=':
			e.at = inBeforeVal
		case c == '>':
			e.content()
		default:
			e.at = inAfterName
		}
	case inBeforeVal:
		switch {
		case c == '"' || c == '\'':
			e.at, e.quote, e.url = inAttrValue, c, urlStart
		case c == '>':
			e.content()
		case !isSpace(c):
			e.at, e.quote = inAttrValue, 0
		}
	case inAttrValue:
		switch {
		case c == e.quote || e.quote == 0 && isSpace(c):
			e.at = inTag
		case e.quote == 0 && c == '>':
			e.content()
		case c == '?' || c == '#':
			e.url = urlQuery
		case e.url == urlStart && !isSpace(c):
			e.url = urlPath
		}
	case inRaw, inRCDATA:
		e.tail += string(c)
		if len(e.tail) > len(e.tag)+2 {
			e.tail = e.tail[len(e.tail)-len(e.tag)-2:]
		}
		if strings.EqualFold(e.tail, "</"+e.tag) {
			e.at, e.tail = inEndTag, ""
		}
	}
}

// content is the end of a start tag: what follows is the element's content.
func (e *escaper) content() {
	switch e.tag {
	case "script", "style":
		e.at = inRaw
	case "title", "textarea":
		e.at = inRCDATA
	default:
		e.at = inText
	}
}

// escape returns v (already printed: a string, or trusted template.HTML)
// escaped for where the output is.
func (e *escaper) escape(s string, trusted bool) (string, error) {
	switch e.at {
	case inText:
		if trusted {
			return s, nil
		}
		return escapeHTML(s), nil
	case inRCDATA:
		return escapeHTML(s), nil
	case inAttrValue:
		if e.quote == 0 {
			return "", fmt.Errorf("a value in the unquoted value of attribute %q", e.attr)
		}
		if unsafeAttr(e.attr) {
			return "", fmt.Errorf("a value in attribute %q, which holds script or style: htmlpage does not escape those", e.attr)
		}
		if !isURLAttr(e.attr) {
			return escapeHTML(s), nil
		}
		switch e.url {
		case urlStart:
			if !safeURL(s) {
				s = "#ZgotmplZ"
			}
			return escapeHTML(escapeURL(s, true)), nil
		case urlPath:
			return escapeHTML(escapeURL(s, true)), nil
		}
		return escapeHTML(escapeURL(s, false)), nil
	}
	return "", fmt.Errorf("a value in a context htmlpage does not escape (%d, element %q, attribute %q)", e.at, e.tag, e.attr)
}

// isHTML reports whether v is HTML the page trusts, written as it is.
func isHTML(v any) (string, bool) {
	h, ok := v.(template.HTML)
	return string(h), ok
}
