package schema

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// Severity says whether a Diagnostic is an error or a warning.
type Severity int

const (
	// Error diagnostics stop the operation.
	Error Severity = iota
	// Warning diagnostics are reported and the operation goes on.
	Warning
)

// Diagnostic is a problem a provider reports. Attribute, when set, is the
// path of the attribute at fault; the engine turns it into a source range.
type Diagnostic struct {
	Severity  Severity
	Summary   string
	Detail    string
	Attribute cty.Path
}

// Diagnostics is a list of Diagnostic.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns the errors among ds as one error, or nil when there are none.
func (ds Diagnostics) Err() error {
	var msgs []string
	for _, d := range ds {
		if d.Severity != Error {
			continue
		}
		m := d.Summary
		if d.Detail != "" {
			m += ": " + d.Detail
		}
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}

// Errorf returns a one-element Diagnostics holding an error about the
// attribute at path (which may be nil).
func Errorf(path cty.Path, summary, detail string) Diagnostics {
	return Diagnostics{{Severity: Error, Summary: summary, Detail: detail, Attribute: path}}
}

// FromErr returns a one-element Diagnostics holding err, or nil for nil.
func FromErr(err error, summary string) Diagnostics {
	if err == nil {
		return nil
	}
	return Diagnostics{{Severity: Error, Summary: summary, Detail: err.Error()}}
}

// FormatPathError renders err as Terraform prints a value's conversion
// error: a cty.PathError's path as a traversal from the value (.a[0]["k"],
// leading dot included) before its message; any other error as it is.
func FormatPathError(err error) string {
	pe, ok := err.(cty.PathError)
	if !ok || len(pe.Path) == 0 {
		return err.Error()
	}
	path := FormatPath(pe.Path)
	if _, attr := pe.Path[0].(cty.GetAttrStep); attr {
		path = "." + path
	}
	return path + ": " + pe.Error()
}

// FormatPath renders a cty path as in configuration: tags["Name"], rule[0].id.
func FormatPath(p cty.Path) string {
	var b strings.Builder
	for i, step := range p {
		switch s := step.(type) {
		case cty.GetAttrStep:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Name)
		case cty.IndexStep:
			switch {
			case s.Key.Type() == cty.String:
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			case s.Key.Type() == cty.Number:
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			default:
				b.WriteString("[...]")
			}
		}
	}
	return b.String()
}
