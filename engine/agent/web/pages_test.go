package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"os"
	"sync"
	"testing"
	"time"
)

// stdPages renders the pages with html/template, the engine htmlpage
// stands in for.
type stdPages struct{ t *template.Template }

func (p stdPages) render(w io.Writer, name string, data any, v *Viewer) error {
	t := template.Must(p.t.Clone()).Funcs(template.FuncMap{"viewer": func() *Viewer { return v }})
	return t.ExecuteTemplate(w, name, data)
}

// comparingPages renders every page with both engines, serves htmlpage's
// and records where the two differ.
type comparingPages struct{ ours, std pageRenderer }

var (
	renderMu   sync.Mutex
	mismatchMu sync.Mutex
	mismatches []string
	rendered   = map[string]int{}
)

func (p comparingPages) render(w io.Writer, name string, data any, v *Viewer) error {
	var a, b bytes.Buffer
	// Both renderings read one instant: "3s ago" against "2s ago" is a
	// second that passed between them, not a difference of the engines.
	// Every page the tests render comes here, so holding renderMu keeps
	// the clock still for exactly one comparison.
	renderMu.Lock()
	at := time.Now()
	now = func() time.Time { return at }
	errA := p.ours.render(&a, name, data, v)
	errB := p.std.render(&b, name, data, v)
	now = time.Now
	renderMu.Unlock()
	mismatchMu.Lock()
	rendered[name]++
	if (errA == nil) != (errB == nil) || a.String() != b.String() {
		mismatches = append(mismatches, fmt.Sprintf("%s (viewer %v): htmlpage (error %v):\n%s\nhtml/template (error %v):\n%s\n%s",
			name, v != nil, errA, a.String(), errB, b.String(), firstDifference(a.String(), b.String())))
	}
	mismatchMu.Unlock()
	_, err := w.Write(a.Bytes())
	if errA != nil {
		return errA
	}
	return err
}

func firstDifference(a, b string) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("first difference at byte %d: %q vs %q", i, a[i:min(len(a), i+60)], b[i:min(len(b), i+60)])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(a), len(b))
}

// TestMain renders every page the package's tests request with htmlpage
// and with html/template, and fails when any differs: the dashboard must
// look exactly as it did with html/template.
func TestMain(m *testing.M) {
	ours := newPages
	newPages = func() pageRenderer {
		std := template.Must(template.New("").Funcs(template.FuncMap(funcs)).ParseFS(assets, "assets/*.html"))
		return comparingPages{ours: ours(), std: stdPages{std}}
	}
	code := m.Run()
	for _, mm := range mismatches {
		fmt.Fprintln(os.Stderr, "htmlpage and html/template differ:", mm)
		code = 1
	}
	if code == 0 && len(rendered) < 5 {
		fmt.Fprintf(os.Stderr, "only %d pages were compared: %v\n", len(rendered), rendered)
		code = 1
	}
	os.Exit(code)
}
