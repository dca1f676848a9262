package htmlpage

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// fuzzData is what the fuzzed templates print: one fuzzed string as plain
// text, as trusted HTML and as a trusted URL, behind a pointer, in a list
// and a map, and a number.
type fuzzData struct {
	S string
	P *string
	H template.HTML
	U template.URL
	N int
	L []string
	M map[string]string
	A any
	X map[string]any
}

func newFuzzData(s string) fuzzData {
	return fuzzData{S: s, P: &s, H: template.HTML(s), U: template.URL(s), N: len(s),
		L: []string{s, s + s}, M: map[string]string{s: s, "k": s}, A: s, X: map[string]any{"s": &s}}
}

// fuzzContexts are templates that print values in every context htmlpage
// escapes; each must render with htmlpage whatever the data.
var fuzzContexts = []string{
	`<p>{{.S}} {{.P}} {{.H}} {{.U}} {{.N}} {{.A}} {{.M.missing}} {{.X.missing}} {{.X.s}}</p>`,
	`{{range .L}}<li>{{.}}</li>{{end}}{{range $k, $v := .M}}<dt>{{$k}}</dt><dd>{{$v}}</dd>{{end}}`,
	`<title>{{.S}} {{.H}} {{.U}}</title><textarea name="t">{{.S}}{{.H}}</textarea>`,
	`<p title="{{.S}}" class='{{.S}} {{.U}}' data-x="{{.N}}" id="a{{.S}}b">x</p>`,
	`<a href="{{.S}}">a</a><a href='{{.U}}'>b</a><a href="{{.H}}">c</a>`,
	`<a href="/p/{{.S}}/{{.U}}?q={{.S}}&r={{.U}}#{{.S}}">a</a>`,
	`<a href="  {{.S}}">a</a><a href="x{{.S}}">b</a><a href="&#63;{{.S}}">c</a><a href="&amp;{{.S}}">d</a>`,
	`<img src="{{.S}}" alt="{{.S}}"><form action="{{.S}}"></form><blockquote cite="{{.S}}"></blockquote>`,
	`<b data-url="{{.S}}" data-action="{{.S}}" xlink:href="{{.S}}" xmlns:x="{{.S}}" srcdoc="{{.S}}" srclang="{{.S}}" open="{{.S}}" data-src="{{.S}}"></b>`,
	`<!DOCTYPE html><!-- a comment {{.S}} --><p>{{.S}}</p><!-- {{.S}}` + "\n" + ` -->`,
	`<script src="/x.js"></script><script type="text/template"></script>{{.S}}<style></style>{{.S}}`,
	`<meta charset="utf-8"><meta name="x" content="a">{{.S}}<input type="hidden" value="{{.S}}">`,
	`<p>{{printf "%s|%d" .S .N}} {{len .S}} {{print .S .N}} {{index .L 0}} {{index .M "k"}} {{if eq .S "x"}}x{{else}}{{.S}}{{end}}</p>`,
	`{{define "t"}}<i title="{{.}}">{{.}}</i>{{end}}{{template "t" .S}}<a href="/{{.S}}">{{template "t" .N}}</a>`,
	`<P TITLE="{{.S}}"><A HREF="{{.S}}">x</A></P><a	href = "{{.S}}" >y</a>`,
}

// fuzzRefused are templates that print a value where htmlpage does not
// escape; each must fail with htmlpage.
var fuzzRefused = []string{
	`<script>var x = {{.S}};</script>`,
	`<style>p { color: {{.S}} }</style>`,
	`<a onclick="f({{.S}})">x</a>`,
	`<p style="color: {{.S}}">x</p>`,
	`<img srcset="{{.S}}">`,
	`<meta http-equiv="refresh" content="0; url={{.S}}">`,
	`<a title={{.S}}>x</a>`,
	`<a href={{.S}}>x</a>`,
	`<a {{.S}}>x</a>`,
	`<a x{{.S}}="y">x</a>`,
	`<a title="{{.H}}">x</a>`,
	`<a data-onclick="{{.S}}">x</a>`,
}

// render runs text with htmlpage and with html/template.
func render(text string, data any) (ours, std string, oursErr, stdErr error) {
	o, oErr := New("p").Parse(text)
	w, wErr := template.New("p").Parse(text)
	return execute(o, oErr, w, wErr, data)
}

func execute(o *Template, oErr error, w *template.Template, wErr error, data any) (ours, std string, oursErr, stdErr error) {
	var ob, wb bytes.Buffer
	if oErr == nil {
		oErr = o.Execute(&ob, data)
	}
	if wErr == nil {
		wErr = w.Execute(&wb, data)
	}
	return ob.String(), wb.String(), oErr, wErr
}

// parsed is a template parsed by both engines, once per fuzzing process.
type parsed struct {
	text    string
	ours    *Template
	oursErr error
	std     *template.Template
	stdErr  error
}

func parseAll(texts []string) []parsed {
	out := make([]parsed, len(texts))
	for i, text := range texts {
		out[i].text = text
		out[i].ours, out[i].oursErr = New("p").Parse(text)
		out[i].std, out[i].stdErr = template.New("p").Parse(text)
	}
	return out
}

// FuzzRendersAsHTMLTemplate renders templates with fuzzed data, and fuzzed
// template text, with htmlpage and with html/template. Where html/template
// renders, htmlpage renders the same bytes or fails; where html/template
// fails, htmlpage fails. Every template of fuzzContexts renders with
// htmlpage; every template of fuzzRefused fails.
func FuzzRendersAsHTMLTemplate(f *testing.F) {
	for _, s := range []string{
		"", "plain", `<b>&amp;"'+</b>`, "javascript:alert(1)", "JavaScript:x", "data:text/html,<p>",
		"mailto:a@b", "http://x/a b?c=d&e=%zz#f", "/a?b", "ü€\u2028\x00\xff\xfe", "%41%4", "&lt;&#39;",
		"<!-- x -->", "</title><script>", "a\tb\nc", "#x", "?x", "vbscript:x", "\ufdd0\uffff",
	} {
		f.Add(s, "")
	}
	for _, text := range []string{
		`<a href="{{.S}}">`, `<p>a < b {{.S}}</p>`, `<!--`, `<title>{{.S}}`, `<a b"c>`, `<a href=x">`,
		`a<{{.S}}`, `</ {{.S}}`, `<!doctype html><!x>`, `<a b='{{.S}}' c=d>`, `<script>x</script>{{.S}}`,
		`<textarea><b>{{.S}}</b></textarea>`, `<a href="x?{{.S}}">`, `<script type="text/x">{{.S}}</script>`,
	} {
		f.Add("x<y>&'\"", text)
	}
	contexts, refused := parseAll(fuzzContexts), parseAll(fuzzRefused)
	f.Fuzz(func(t *testing.T, s, text string) {
		data := newFuzzData(s)
		for _, p := range contexts {
			tmpl := p.text
			ours, std, oursErr, stdErr := execute(p.ours, p.oursErr, p.std, p.stdErr, data)
			if oursErr != nil {
				t.Fatalf("htmlpage failed on a supported context: %v\ntemplate: %s\ns: %q", oursErr, tmpl, s)
			}
			if stdErr != nil {
				t.Fatalf("html/template failed: %v\ntemplate: %s", stdErr, tmpl)
			}
			if ours != std {
				t.Fatalf("template: %s\ns: %q\nhtmlpage:      %q\nhtml/template: %q", tmpl, s, ours, std)
			}
		}
		for _, p := range refused {
			if ours, _, err, _ := execute(p.ours, p.oursErr, p.std, p.stdErr, data); err == nil {
				t.Fatalf("htmlpage rendered %s as %q, want an error", p.text, ours)
			}
		}
		if text == "" || strings.Contains(text, "{{") && !strings.Contains(text, "}}") {
			return
		}
		ours, std, oursErr, stdErr := render(text, data)
		switch {
		case oursErr == nil && stdErr != nil:
			t.Fatalf("htmlpage rendered what html/template refuses (%v)\ntemplate: %q\ns: %q\nhtmlpage: %q", stdErr, text, s, ours)
		case oursErr == nil && ours != std:
			t.Fatalf("template: %q\ns: %q\nhtmlpage:      %q\nhtml/template: %q", text, s, ours, std)
		}
	})
}
