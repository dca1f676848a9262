package htmlpage

import (
	"bytes"
	"fmt"
	"reflect"
	"text/template/parse"
)

// maxDepth bounds nested {{template}} calls, as text/template does.
const maxDepth = 100

type variable struct {
	name  string
	value reflect.Value
}

// state is one rendering: the output, the escaper following it, and the
// variables in scope.
type state struct {
	t     *Template
	out   *bytes.Buffer
	esc   escaper
	vars  []variable
	depth int
	tree  *parse.Tree // the template being walked
	node  parse.Node
}

// failure carries a rendering error up through the walk.
type failure struct{ err error }

func (s *state) errorf(format string, args ...any) {
	if s.node != nil && s.tree != nil {
		loc, _ := s.tree.ErrorContext(s.node)
		format = "%s: " + format
		args = append([]any{loc}, args...)
	}
	panic(failure{fmt.Errorf("htmlpage: "+format, args...)})
}

func (s *state) run(tree *parse.Tree, data any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(failure)
			if !ok {
				panic(r)
			}
			err = f.err
		}
	}()
	dot := reflect.ValueOf(data)
	s.vars = []variable{{"$", dot}}
	s.tree = tree
	s.walk(dot, tree.Root)
	if s.esc.c.state != stText {
		s.node = nil
		s.errorf("%s ends in a non-text context", tree.Name)
	}
	return nil
}

func (s *state) walk(dot reflect.Value, node parse.Node) {
	s.node = node
	switch n := node.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			s.walk(dot, c)
		}
	case *parse.TextNode:
		text, err := s.esc.text(n.Text)
		if err != nil {
			s.errorf("%v", err)
		}
		s.out.Write(text)
	case *parse.CommentNode:
	case *parse.ActionNode:
		v := s.pipeline(dot, n.Pipe)
		if len(n.Pipe.Decl) == 0 {
			s.print(v)
		}
	case *parse.IfNode:
		s.branch(dot, n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		s.branch(dot, n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		s.rangeOver(dot, n)
	case *parse.TemplateNode:
		s.include(dot, n)
	default:
		s.errorf("unsupported %s", node)
	}
}

// branch runs list when pipe is true (with dot set to its value for with),
// else elseList, each with its own variables.
func (s *state) branch(dot reflect.Value, pipe *parse.PipeNode, list, elseList *parse.ListNode, with bool) {
	mark := len(s.vars)
	v := s.pipeline(dot, pipe)
	if truth(v) {
		if with {
			dot = v
		}
		s.walk(dot, list)
	} else if elseList != nil {
		s.walk(dot, elseList)
	}
	s.vars = s.vars[:mark]
}

func (s *state) rangeOver(dot reflect.Value, n *parse.RangeNode) {
	mark := len(s.vars)
	val := indirect(s.pipeline(dot, &parse.PipeNode{NodeType: parse.NodePipe, Pos: n.Pipe.Pos, Cmds: n.Pipe.Cmds}))
	each := func(k, v reflect.Value) {
		switch len(n.Pipe.Decl) {
		case 1:
			s.vars = append(s.vars, variable{n.Pipe.Decl[0].Ident[0], v})
		case 2:
			s.vars = append(s.vars, variable{n.Pipe.Decl[0].Ident[0], k}, variable{n.Pipe.Decl[1].Ident[0], v})
		}
		s.walk(v, n.List)
		s.vars = s.vars[:mark]
	}
	count := 0
	if val.IsValid() {
		switch val.Kind() {
		case reflect.Slice, reflect.Array:
			for i := 0; i < val.Len(); i++ {
				each(reflect.ValueOf(i), val.Index(i))
			}
			count = val.Len()
		case reflect.Map:
			keys := val.MapKeys()
			sortKeys(keys)
			for _, k := range keys {
				each(k, val.MapIndex(k))
			}
			count = len(keys)
		default:
			s.errorf("range over %s", val.Type())
		}
	}
	if count == 0 && n.ElseList != nil {
		s.walk(dot, n.ElseList)
	}
}

func (s *state) include(dot reflect.Value, n *parse.TemplateNode) {
	tree := s.t.trees[n.Name]
	if tree == nil {
		s.errorf("no template %q", n.Name)
	}
	if n.Pipe != nil {
		dot = s.pipeline(dot, n.Pipe)
	}
	if s.depth++; s.depth > maxDepth {
		s.errorf("templates nested more than %d deep", maxDepth)
	}
	vars, caller := s.vars, s.tree
	s.vars, s.tree = []variable{{"$", dot}}, tree
	s.walk(dot, tree.Root)
	s.vars, s.depth, s.tree = vars, s.depth-1, caller
}

// print writes v escaped for where the output is.
func (s *state) print(v reflect.Value) {
	out, err := s.esc.value(v)
	if err != nil {
		s.errorf("%v", err)
	}
	s.out.WriteString(out)
}

// printable is what html/template prints for v: pointers followed to the
// value unless they are a Stringer or an error.
func printable(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	for v.Kind() == reflect.Pointer && !v.IsNil() && !v.Type().Implements(stringerType) && !v.Type().Implements(errorType) {
		v = v.Elem()
	}
	if !v.CanInterface() {
		return nil
	}
	return v.Interface()
}

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)
