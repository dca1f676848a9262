package state

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestDocWriterEscapesStringsLikeEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"plain", `quote " and \ backslash`, "new\nline\ttab\rcr", "\b\f\x00\x1f",
		"<html> & stays", "ünïcödé ✓", "bad utf8 \xff\xfe", "line sep \u2028 para \u2029",
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		var w docWriter
		w.str(s)
		if got := w.buf.String(); got != string(bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Errorf("str(%q) = %s, encoding/json writes %s", s, got, want.Bytes())
		}
	}
}

func TestDocWriterLaysOutLikeMarshalIndent(t *testing.T) {
	var w docWriter
	top := w.object(0)
	top.stringField("a", "x")
	top.key("empty")
	w.object(top.inner()).end()
	top.key("list")
	arr := w.array(top.inner())
	arr.next()
	if err := w.raw(json.RawMessage(`{"k":[1,2,{}],"e":[]}`), arr.inner()); err != nil {
		t.Fatal(err)
	}
	arr.end()
	top.key("none")
	w.array(top.inner()).end()
	top.end()

	// json.Indent's layout is json.MarshalIndent's: re-indenting what the
	// writer wrote must change nothing.
	var reindented bytes.Buffer
	if err := json.Indent(&reindented, w.buf.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	if reindented.String() != w.buf.String() {
		t.Errorf("writer layout differs from json.Indent's:\n%s\nwant\n%s", w.buf.Bytes(), reindented.Bytes())
	}
}
