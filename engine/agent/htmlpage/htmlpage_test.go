package htmlpage

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"time"
)

type item struct {
	Name  string
	When  time.Time
	Count int
	Next  *item
}

// Each case renders with htmlpage and with html/template and expects the
// same bytes: the language subset the pages use and html/template's
// escaping in text, attributes and URLs.
func TestRendersAsHTMLTemplate(t *testing.T) {
	data := map[string]any{
		"Items": []item{{Name: "a<b>&'\"+", Count: 2, Next: &item{Name: "n"}}, {Name: "javascript:x", When: time.Unix(1, 0)}},
		"Empty": []string{},
		"Map":   map[string]int{"b": 2, "a": 1},
		"HTML":  template.HTML("<svg><g/></svg>"),
		"Path":  "/a b/ü?q=1&r=%zz",
		"N":     3,
	}
	funcs := map[string]any{
		"upper": strings.ToUpper,
		"list":  func(s ...string) []string { return s },
		"pair":  func(a, b any) []any { return []any{a, b} },
	}
	cases := map[string]string{
		"fields, variables and pipelines":  `{{range $i, $it := .Items}}{{$i}}:{{$it.Name}} {{.Count}} {{.Name | upper}} {{with .Next}}{{.Name}}{{else}}none{{end}}{{end}}`,
		"range else and maps in key order": `{{range .Empty}}x{{else}}empty{{end}} {{range $k, $v := .Map}}{{$k}}={{$v}};{{end}}`,
		"conditions and comparisons":       `{{if and .N (gt .N 2) (ne .N 4) (eq .N 1 3)}}yes{{end}}{{if or (not .N) (lt .N 0)}}no{{else if le .N 3}}le{{end}}{{if .Path | eq "x"}}x{{end}}`,
		"the zero time's IsZero":           `{{range .Items}}{{if .When.IsZero}}zero{{else}}set{{end}} {{end}}`,
		"builtins":                         `{{len .Items}} {{printf "%d-%s" .N "s"}} {{range $x := list "a" "b"}}{{$x}}{{end}} {{print 1 "a"}}`,
		"trusted HTML in text":             `<div>{{.HTML}}</div>`,
		"escaping in text and attributes":  `<p title="{{(index .Items 0).Name}}" data-x='{{.Path}}'>{{(index .Items 0).Name}}</p>`,
		"URLs: filter, path and query":     `<a href="{{(index .Items 1).Name}}">a</a><a href="{{.Path}}">b</a><a href="/x/{{.Path}}?next={{.Path}}#{{.N}}">c</a><form action="/s/{{.Path}}"></form><b data-action="{{.Path}}"></b>`,
		"title and defined templates":      `{{define "t"}}<title>{{.}}</title>{{end}}{{template "t" (index .Items 0).Name}}{{template "t" printf "%d" .N}}`,
		"assignment and nested data":       `{{$x := 1}}{{range .Items}}{{$x = .Count}}{{end}}{{$x}} {{$y := pair .N .Path}}{{index $y 1}}`,
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			ours := Must(New("p").Funcs(funcs).Parse(text))
			std := template.Must(template.New("p").Funcs(template.FuncMap(funcs)).Parse(text))
			var got, want bytes.Buffer
			if err := ours.Execute(&got, data); err != nil {
				t.Fatal(err)
			}
			if err := std.Execute(&want, data); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("htmlpage:\n%s\nhtml/template:\n%s", got.String(), want.String())
			}
		})
	}
}

// A template that calls a method outside methods.go's list fails to
// render, and writes nothing, rather than printing something else.
func TestUnsupportedMethodFails(t *testing.T) {
	var b bytes.Buffer
	err := Must(New("p").Parse(`x{{.When.Unix}}`)).Execute(&b, item{})
	if err == nil || !strings.Contains(err.Error(), "Unix") {
		t.Fatalf("error %v, want one naming Unix", err)
	}
	if b.Len() != 0 {
		t.Fatalf("wrote %q", b.String())
	}
}

// TestLenErrorNamesTheTypeNotTheValue: len of a value without a length
// fails, naming its type as text/template does; the value (a page's data
// may hold a token) reaches no error the agent logs.
func TestLenErrorNamesTheTypeNotTheValue(t *testing.T) {
	type session struct{ Token string }
	var b bytes.Buffer
	err := Must(New("p").Parse(`{{len .}}`)).Execute(&b, session{Token: "s3cr3t-token"})
	if err == nil || !strings.Contains(err.Error(), "len of type htmlpage.session") {
		t.Fatalf("error %v, want one naming the type", err)
	}
	if strings.Contains(err.Error(), "s3cr3t-token") {
		t.Fatalf("error %q holds the value", err)
	}
}

// A value where html/template would escape for JavaScript or CSS (an
// event handler, a style attribute, a script element) is an error: HTML
// escaping there would let the value run as script.
func TestValuesInScriptOrStyleFail(t *testing.T) {
	for _, text := range []string{
		`<a onclick="f({{.}})">x</a>`,
		`<p style="color: {{.}}">x</p>`,
		`<script>var x = {{.}};</script>`,
		`<style>p { color: {{.}} }</style>`,
	} {
		var b bytes.Buffer
		if err := Must(New("p").Parse(text)).Execute(&b, "x');alert(1);//"); err == nil {
			t.Errorf("%s rendered %q, want an error", text, b.String())
		}
	}
}
