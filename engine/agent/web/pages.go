package web

import (
	"io"

	"github.com/trueup/trueup/engine/agent/htmlpage"
)

// pageRenderer renders one of the embedded pages for a viewer (nil: no
// viewer, no forms).
type pageRenderer interface {
	render(w io.Writer, name string, data any, v *Viewer) error
}

// htmlPages renders the pages with htmlpage rather than html/template:
// executing an html/template would make the linker keep every exported
// method in the trueup binary (docs/binary-size.md). The templates are
// html/template's language; a test renders every page with both and
// compares.
type htmlPages struct{ t *htmlpage.Template }

// newPages parses the embedded templates; the package's tests replace it
// with one that renders each page with html/template too and compares.
var newPages = func() pageRenderer {
	return htmlPages{htmlpage.Must(htmlpage.New("").Funcs(funcs).ParseFS(assets, "assets/*.html"))}
}

func (p htmlPages) render(w io.Writer, name string, data any, v *Viewer) error {
	t := p.t
	if v != nil {
		t = htmlpage.Must(p.t.Clone()).Funcs(htmlpage.FuncMap{"viewer": func() *Viewer { return v }})
	}
	return t.ExecuteTemplate(w, name, data)
}
