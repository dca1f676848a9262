package htmlpage

import "reflect"

// zeroer is a value that can tell whether it is its type's zero value
// (time.Time).
type zeroer interface{ IsZero() bool }

// method evaluates the methods a template may call on v by name. They are
// a fixed list, called through interfaces: looking a method up by a name
// read at run time is what keeps every method in the binary.
func method(v reflect.Value, name string) (reflect.Value, bool) {
	if !v.IsValid() || !v.CanInterface() {
		return reflect.Value{}, false
	}
	switch name {
	case "IsZero":
		if z, ok := v.Interface().(zeroer); ok {
			return reflect.ValueOf(z.IsZero()), true
		}
	}
	return reflect.Value{}, false
}
