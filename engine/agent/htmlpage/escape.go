package htmlpage

import (
	"bytes"
	"fmt"
	"html"
)

// where is the place in the HTML output the escaper is: the states
// html/template's escaper tracks for HTML, with the JavaScript and CSS ones
// folded into two that htmlpage does not print values in (raw and rawAttr).
type where uint8

const (
	stText        where = iota // element content
	stTag                      // in a tag, between attributes
	stAttrName                 // in an attribute name
	stAfterName                // after an attribute name
	stBeforeValue              // after an attribute's "="
	stHTMLCmt                  // in an HTML comment
	stRCDATA                   // in title or textarea content
	stAttr                     // in a plain attribute value
	stURL                      // in a URL attribute value
	stRaw                      // in script or style content
	stRawAttr                  // in a script, style, srcset or meta content attribute value
	stError                    // past a construct html/template rejects
)

// delim is what ends the current attribute value.
type delim uint8

const (
	delimNone delim = iota
	delimDoubleQuote
	delimSingleQuote
	delimSpaceOrTagEnd
)

// delimEnds are the bytes that end a value of each delim.
var delimEnds = [...]string{
	delimDoubleQuote:   `"`,
	delimSingleQuote:   "'",
	delimSpaceOrTagEnd: " \t\n\f\r>",
}

// element is an element whose content is not plain HTML text.
type element uint8

const (
	elementNone element = iota
	elementScript
	elementStyle
	elementTextarea
	elementTitle
	elementMeta
)

var elementNames = map[string]element{
	"script":   elementScript,
	"style":    elementStyle,
	"textarea": elementTextarea,
	"title":    elementTitle,
	"meta":     elementMeta,
}

var elementContent = [...]where{
	elementNone:     stText,
	elementScript:   stRaw,
	elementStyle:    stRaw,
	elementTextarea: stRCDATA,
	elementTitle:    stRCDATA,
	elementMeta:     stText,
}

var elementEnds = [...][]byte{
	elementScript:   []byte("script"),
	elementStyle:    []byte("style"),
	elementTextarea: []byte("textarea"),
	elementTitle:    []byte("title"),
	elementMeta:     []byte(""),
}

// attr is the kind of the current attribute's value.
type attr uint8

const (
	attrNone       attr = iota // plain text
	attrScriptType             // a script element's type
	attrURL                    // a URL
	attrRaw                    // script, style, a srcset or a meta element's content
)

var attrStart = [...]where{
	attrNone:       stAttr,
	attrScriptType: stAttr,
	attrURL:        stURL,
	attrRaw:        stRawAttr,
}

// urlPart is where in a URL attribute's value the output is.
type urlPart uint8

const (
	urlPartNone        urlPart = iota // nothing of the URL written yet
	urlPartPreQuery                   // before any "?" or "#"
	urlPartQueryOrFrag                // after "?" or "#"
)

// context is the escaper's position, as html/template's context.
type context struct {
	state   where
	delim   delim
	url     urlPart
	element element
	attr    attr
	err     string
}

func errorContext(format string, args ...any) context {
	return context{state: stError, err: fmt.Sprintf(format, args...)}
}

// escaper follows the literal text of a template as it is written, as
// html/template's escaper does, so that a value printed at any point is
// escaped for where it lands and the text is rewritten as html/template
// rewrites it (comments dropped, a "<" that starts no tag escaped).
type escaper struct {
	c context
}

// text returns a template text node's bytes as html/template writes them
// and advances the escaper past them (escapeText in html/template).
func (e *escaper) text(s []byte) ([]byte, error) {
	c, written, i := e.c, 0, 0
	var b []byte
	for i != len(s) {
		c1, n := afterText(c, s[i:])
		i1 := i + n
		if c.state == stText || c.state == stRCDATA {
			end := i1
			if c1.state != c.state {
				for j := end - 1; j >= i; j-- {
					if s[j] == '<' {
						end = j
						break
					}
				}
			}
			for j := i; j < end; j++ {
				if s[j] == '<' && !bytes.HasPrefix(bytes.ToUpper(s[j:]), []byte("<!DOCTYPE")) {
					b = append(b, s[written:j]...)
					b = append(b, "&lt;"...)
					written = j + 1
				}
			}
		} else if c.state == stHTMLCmt && c.delim == delimNone {
			written = i1
		}
		if c.state != c1.state && c1.state == stHTMLCmt && c1.delim == delimNone {
			b = append(b, s[written:i1-len("<!--")]...)
			written = i1
		}
		if c1.state == stError {
			e.c = c1
			return nil, fmt.Errorf("%s", c1.err)
		}
		if i == i1 && c.state == c1.state {
			panic(fmt.Sprintf("htmlpage: no progress at %q", s[i:]))
		}
		c, i = c1, i1
	}
	e.c = c
	if written == 0 {
		return s, nil
	}
	if c.state != stHTMLCmt || c.delim != delimNone {
		b = append(b, s[written:]...)
	}
	return b, nil
}

// afterText is the context after the front of s and how much of s it
// takes (contextAfterText in html/template).
func afterText(c context, s []byte) (context, int) {
	if c.delim == delimNone {
		c1, i := specialTagEnd(c, s)
		if i == 0 {
			return c1, 0
		}
		return transition(c, s[:i])
	}
	i := bytes.IndexAny(s, delimEnds[c.delim])
	if i == -1 {
		i = len(s)
	}
	if c.delim == delimSpaceOrTagEnd {
		if j := bytes.IndexAny(s[:i], "\"'<=`"); j >= 0 {
			return errorContext("%q in unquoted attr: %q", s[j:j+1], s[:i]), len(s)
		}
	}
	if i == len(s) {
		// Still inside the value, which is read as the browser will:
		// entities decoded.
		for u := []byte(html.UnescapeString(string(s))); len(u) != 0; {
			c1, i1 := transition(c, u)
			c, u = c1, u[i1:]
		}
		return c, len(s)
	}
	element := c.element
	if c.state == stAttr && c.element == elementScript && c.attr == attrScriptType && !isJSType(string(s[:i])) {
		element = elementNone
	}
	if c.delim != delimSpaceOrTagEnd {
		i++ // the closing quote
	}
	return context{state: stTag, element: element}, i
}
