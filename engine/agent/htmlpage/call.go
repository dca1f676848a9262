package htmlpage

import (
	"fmt"
	"reflect"
	"text/template/parse"
)

// call evaluates a call of the builtin or FuncMap function name, with the
// previous command's value (if any) as its last argument.
func (s *state) call(dot reflect.Value, name string, argNodes []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	args := make([]reflect.Value, 0, len(argNodes)+1)
	for _, n := range argNodes {
		args = append(args, s.arg(dot, n))
	}
	if hasFinal {
		args = append(args, final)
	}
	if b, ok := builtins[name]; ok {
		v, err := b(args)
		if err != nil {
			s.errorf("%s: %v", name, err)
		}
		return v
	}
	fn, ok := s.t.funcs[name]
	if !ok {
		s.errorf("function %q not defined", name)
	}
	return s.callFunc(name, reflect.ValueOf(fn), args)
}

func (s *state) callFunc(name string, fn reflect.Value, args []reflect.Value) reflect.Value {
	t := fn.Type()
	if n := t.NumIn(); len(args) != n && !(t.IsVariadic() && len(args) >= n-1) {
		s.errorf("%s takes %d arguments, given %d", name, n, len(args))
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		var want reflect.Type
		if t.IsVariadic() && i >= t.NumIn()-1 {
			want = t.In(t.NumIn() - 1).Elem()
		} else {
			want = t.In(i)
		}
		in[i] = s.convert(name, a, want)
	}
	out := fn.Call(in)
	if len(out) == 2 && !out[1].IsNil() {
		s.errorf("%s: %v", name, out[1].Interface())
	}
	if len(out) == 0 {
		return reflect.Value{}
	}
	return out[0]
}

// convert makes v an argument of type want.
func (s *state) convert(name string, v reflect.Value, want reflect.Type) reflect.Value {
	if !v.IsValid() {
		return reflect.Zero(want)
	}
	if v.Type().AssignableTo(want) {
		return v
	}
	if e := indirectInterface(v); e.IsValid() && e.Type().AssignableTo(want) {
		return e
	}
	if isNumber(v.Kind()) && isNumber(want.Kind()) {
		return v.Convert(want)
	}
	s.errorf("%s: argument of type %s where %s is wanted", name, v.Type(), want)
	return reflect.Value{}
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

// builtins are the functions of the template language the pages use.
var builtins = map[string]func(args []reflect.Value) (reflect.Value, error){
	"and": func(args []reflect.Value) (reflect.Value, error) {
		for i, a := range args {
			if !truth(a) || i == len(args)-1 {
				return a, nil
			}
		}
		return reflect.Value{}, fmt.Errorf("needs arguments")
	},
	"or": func(args []reflect.Value) (reflect.Value, error) {
		for i, a := range args {
			if truth(a) || i == len(args)-1 {
				return a, nil
			}
		}
		return reflect.Value{}, fmt.Errorf("needs arguments")
	},
	"not": func(args []reflect.Value) (reflect.Value, error) {
		if len(args) != 1 {
			return reflect.Value{}, fmt.Errorf("takes one argument")
		}
		return reflect.ValueOf(!truth(args[0])), nil
	},
	"len": func(args []reflect.Value) (reflect.Value, error) {
		if len(args) != 1 {
			return reflect.Value{}, fmt.Errorf("takes one argument")
		}
		v := indirect(args[0])
		switch v.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len()), nil
		}
		// The type, as text/template says it, never the value: a page's
		// data may hold a token.
		if !v.IsValid() {
			return reflect.Value{}, fmt.Errorf("len of untyped nil")
		}
		return reflect.Value{}, fmt.Errorf("len of type %s", v.Type())
	},
	"printf": func(args []reflect.Value) (reflect.Value, error) {
		if len(args) == 0 {
			return reflect.Value{}, fmt.Errorf("needs a format")
		}
		format, ok := indirectInterface(args[0]).Interface().(string)
		if !ok {
			return reflect.Value{}, fmt.Errorf("format is not a string")
		}
		return reflect.ValueOf(fmt.Sprintf(format, interfaces(args[1:])...)), nil
	},
	"print": func(args []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(fmt.Sprint(interfaces(args)...)), nil
	},
	"index": index,
	"eq":    compare(func(c int) bool { return c == 0 }),
	"ne":    compare(func(c int) bool { return c != 0 }),
	"lt":    compare(func(c int) bool { return c < 0 }),
	"le":    compare(func(c int) bool { return c <= 0 }),
	"gt":    compare(func(c int) bool { return c > 0 }),
	"ge":    compare(func(c int) bool { return c >= 0 }),
}

func interfaces(args []reflect.Value) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = printable(a)
	}
	return out
}

// index is the element of a slice, array or map by each key in turn.
func index(args []reflect.Value) (reflect.Value, error) {
	if len(args) == 0 {
		return reflect.Value{}, fmt.Errorf("needs a collection")
	}
	v := args[0]
	for _, k := range args[1:] {
		v, k = indirect(v), indirectInterface(k)
		switch {
		case !v.IsValid() || !k.IsValid():
			return reflect.Value{}, fmt.Errorf("index of nil")
		case (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && isInt(k.Kind()):
			if k.Int() < 0 || int(k.Int()) >= v.Len() {
				return reflect.Value{}, fmt.Errorf("index out of range: %d", k.Int())
			}
			v = v.Index(int(k.Int()))
		case v.Kind() == reflect.Map && k.Type().AssignableTo(v.Type().Key()):
			e := v.MapIndex(k)
			if !e.IsValid() {
				e = reflect.Zero(v.Type().Elem())
			}
			v = e
		default:
			return reflect.Value{}, fmt.Errorf("can't index %s with %s", v.Type(), k.Type())
		}
	}
	return v, nil
}
