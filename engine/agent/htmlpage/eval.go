package htmlpage

import (
	"reflect"
	"text/template/parse"
)

// pipeline evaluates pipe's commands, each one's value the last argument
// of the next, and declares or assigns its variables.
func (s *state) pipeline(dot reflect.Value, pipe *parse.PipeNode) reflect.Value {
	var v reflect.Value
	for i, cmd := range pipe.Cmds {
		v = s.command(dot, cmd, v, i > 0)
	}
	for _, d := range pipe.Decl {
		if pipe.IsAssign {
			s.assign(d.Ident[0], v)
		} else {
			s.vars = append(s.vars, variable{d.Ident[0], v})
		}
	}
	return v
}

func (s *state) command(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value, hasFinal bool) reflect.Value {
	s.node = cmd
	if fn, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return s.call(dot, fn.Ident, cmd.Args[1:], final, hasFinal)
	}
	if len(cmd.Args) > 1 || hasFinal {
		s.errorf("%s takes no arguments", cmd.Args[0])
	}
	return s.arg(dot, cmd.Args[0])
}

// arg evaluates one operand.
func (s *state) arg(dot reflect.Value, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.fields(dot, n.Ident)
	case *parse.VariableNode:
		return s.fields(s.variable(n.Ident[0]), n.Ident[1:])
	case *parse.ChainNode:
		return s.fields(s.arg(dot, n.Node), n.Field)
	case *parse.PipeNode:
		mark := len(s.vars)
		v := s.pipeline(dot, n)
		s.vars = s.vars[:mark]
		return v
	case *parse.IdentifierNode:
		return s.call(dot, n.Ident, nil, reflect.Value{}, false)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.NumberNode:
		switch {
		case n.IsInt:
			return reflect.ValueOf(int(n.Int64))
		case n.IsFloat:
			return reflect.ValueOf(n.Float64)
		}
	case *parse.NilNode:
		return reflect.Value{}
	}
	s.errorf("unsupported operand %s", n)
	return reflect.Value{}
}

func (s *state) variable(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	s.errorf("undefined variable %s", name)
	return reflect.Value{}
}

func (s *state) assign(name string, v reflect.Value) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return
		}
	}
	s.errorf("undefined variable %s", name)
}

// fields follows a chain of field names (or map keys, or the methods of
// methods.go) from v.
func (s *state) fields(v reflect.Value, names []string) reflect.Value {
	for _, name := range names {
		v = s.field(v, name)
	}
	return v
}

func (s *state) field(v reflect.Value, name string) reflect.Value {
	if m, ok := method(v, name); ok {
		return m
	}
	v = indirect(v)
	if !v.IsValid() {
		s.errorf("nil value evaluating .%s", name)
	}
	switch v.Kind() {
	case reflect.Struct:
		f, ok := v.Type().FieldByName(name)
		if !ok || !f.IsExported() {
			s.errorf("can't evaluate field %s in type %s", name, v.Type())
		}
		return v.FieldByIndex(f.Index)
	case reflect.Map:
		key := reflect.ValueOf(name)
		if !key.Type().AssignableTo(v.Type().Key()) {
			s.errorf("can't use %q as a key of %s", name, v.Type())
		}
		if e := v.MapIndex(key); e.IsValid() {
			return e
		}
		return reflect.Zero(v.Type().Elem())
	}
	s.errorf("can't evaluate field %s in type %s", name, v.Type())
	return reflect.Value{}
}

// indirect follows pointers and interfaces to the value they hold; a nil
// one gives the invalid Value.
func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// truth is a condition's value: false for zero numbers, empty strings,
// collections and nil; true for any struct.
func truth(v reflect.Value) bool {
	v = indirectInterface(v)
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	}
	return true
}

func indirectInterface(v reflect.Value) reflect.Value {
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}
