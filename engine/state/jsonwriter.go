package state

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// docWriter writes JSON laid out exactly as json.MarshalIndent(v, "", "  ")
// lays it out, in one pass: the state document is written by hand so that
// attribute bodies are scanned once (by json.Indent) and nothing else is.
type docWriter struct {
	buf     bytes.Buffer
	indents []string
}

// indent returns the white space of nesting depth d.
func (w *docWriter) indent(d int) string {
	for len(w.indents) <= d {
		w.indents = append(w.indents, strings.Repeat("  ", len(w.indents)))
	}
	return w.indents[d]
}

// container is an object or array being written at some depth.
type container struct {
	w     *docWriter
	depth int
	n     int
	close byte
}

func (w *docWriter) object(depth int) *container {
	w.buf.WriteByte('{')
	return &container{w: w, depth: depth, close: '}'}
}

func (w *docWriter) array(depth int) *container {
	w.buf.WriteByte('[')
	return &container{w: w, depth: depth, close: ']'}
}

// next starts the next element of an array.
func (c *container) next() {
	if c.n > 0 {
		c.w.buf.WriteByte(',')
	}
	c.n++
	c.w.buf.WriteByte('\n')
	c.w.buf.WriteString(c.w.indent(c.depth + 1))
}

// key starts the member name of an object.
func (c *container) key(name string) {
	c.next()
	c.w.str(name)
	c.w.buf.WriteString(": ")
}

func (c *container) end() {
	if c.n > 0 {
		c.w.buf.WriteByte('\n')
		c.w.buf.WriteString(c.w.indent(c.depth))
	}
	c.w.buf.WriteByte(c.close)
}

// inner is the depth of the container's members.
func (c *container) inner() int { return c.depth + 1 }

func (c *container) stringField(name, v string) {
	c.key(name)
	c.w.str(v)
}

func (c *container) uintField(name string, v uint64) {
	c.key(name)
	c.w.buf.Write(strconv.AppendUint(c.w.buf.AvailableBuffer(), v, 10))
}

func (c *container) intField(name string, v int64) {
	c.key(name)
	c.w.buf.Write(strconv.AppendInt(c.w.buf.AvailableBuffer(), v, 10))
}

// rawField writes a JSON value re-indented to the member's depth.
func (c *container) rawField(name string, v json.RawMessage) error {
	c.key(name)
	return c.w.raw(v, c.inner())
}

func (w *docWriter) raw(v json.RawMessage, depth int) error {
	if len(v) == 0 {
		w.buf.WriteString("null")
		return nil
	}
	return json.Indent(&w.buf, bytes.TrimRight(v, " \t\r\n"), w.indent(depth), "  ")
}

// str writes s as a JSON string, escaped as encoding/json escapes it but
// without HTML escaping.
func (w *docWriter) str(s string) {
	b := w.buf.AvailableBuffer()
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscape(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, `\u202`...)
				b = append(b, "0123456789abcdef"[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	b = append(b, '"')
	w.buf.Write(b)
}

func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	}
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
}
