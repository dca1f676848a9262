package htmlpage

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"text/template/parse"
)

// FuncMap names the functions a template may call, as in html/template.
type FuncMap map[string]any

// Template is a set of named templates that share a FuncMap.
type Template struct {
	name  string
	trees map[string]*parse.Tree
	funcs FuncMap
}

// New returns an empty template set whose Parse text is named name.
func New(name string) *Template {
	return &Template{name: name, trees: map[string]*parse.Tree{}, funcs: FuncMap{}}
}

// Must panics when err is not nil; it wraps the parse calls of package
// variables, as template.Must does.
func Must(t *Template, err error) *Template {
	if err != nil {
		panic(err)
	}
	return t
}

// Funcs adds fns to the set's functions (replacing those of the same name)
// and returns t. Add functions before parsing templates that call them.
func (t *Template) Funcs(fns FuncMap) *Template {
	maps.Copy(t.funcs, fns)
	return t
}

// Clone returns a copy of t whose Funcs can be changed without changing t's.
func (t *Template) Clone() (*Template, error) {
	return &Template{name: t.name, trees: maps.Clone(t.trees), funcs: maps.Clone(t.funcs)}, nil
}

// Parse adds text, named by t's name, and the templates it defines.
func (t *Template) Parse(text string) (*Template, error) {
	return t, t.add(t.name, text)
}

// ParseFS adds each file of fsys matching one of the patterns, named by
// its base name, and the templates it defines.
func (t *Template) ParseFS(fsys fs.FS, patterns ...string) (*Template, error) {
	for _, pattern := range patterns {
		names, err := fs.Glob(fsys, pattern)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, err
			}
			if err := t.add(path.Base(name), string(b)); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

func (t *Template) add(name, text string) error {
	known := map[string]any{}
	for k := range builtins {
		known[k] = true
	}
	for k := range t.funcs {
		known[k] = true
	}
	trees, err := parse.Parse(name, text, "", "", known)
	if err != nil {
		return err
	}
	for n, tree := range trees {
		if old, ok := t.trees[n]; ok && parse.IsEmptyTree(tree.Root) && old != nil {
			continue
		}
		t.trees[n] = tree
	}
	return nil
}

// Execute renders the template named by t's name with data as dot.
func (t *Template) Execute(w io.Writer, data any) error {
	return t.ExecuteTemplate(w, t.name, data)
}

// ExecuteTemplate renders the template called name with data as dot. It
// writes nothing when rendering fails.
func (t *Template) ExecuteTemplate(w io.Writer, name string, data any) error {
	tree := t.trees[name]
	if tree == nil {
		return fmt.Errorf("htmlpage: no template %q", name)
	}
	s := &state{t: t, out: &bytes.Buffer{}}
	if err := s.run(tree, data); err != nil {
		return err
	}
	_, err := w.Write(s.out.Bytes())
	return err
}
