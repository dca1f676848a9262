package policy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Error is one parse or compile error of a policy, at its location.
type Error struct {
	File      string
	Line, Col int
	Message   string
}

func (e Error) Error() string {
	if e.File == "" {
		return e.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Message)
}

// Errors is every error of a policy set that does not compile.
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// locate turns OPA's errors into located Errors.
func locate(err error) Errors {
	var astErrs ast.Errors
	if !errors.As(err, &astErrs) {
		var one *ast.Error
		if errors.As(err, &one) {
			astErrs = ast.Errors{one}
		} else {
			return Errors{{Message: err.Error()}}
		}
	}
	out := make(Errors, 0, len(astErrs))
	for _, e := range astErrs {
		pe := Error{Message: e.Message}
		if e.Location != nil {
			pe.File, pe.Line, pe.Col = e.Location.File, e.Location.Row, e.Location.Col
		}
		out = append(out, pe)
	}
	return out
}
