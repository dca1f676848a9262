package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/run"
)

// consoleSession answers what is typed at `console`, as Terraform's
// repl.Session does: an expression's value in Terraform's syntax, "exit",
// "help", and the console-only type() function.
type consoleSession struct {
	console *run.Console
}

// newConsoleSession evaluates in console.
func newConsoleSession(console *run.Console) *consoleSession {
	return &consoleSession{console: console}
}

// handle answers one entry: its output, whether it asked to exit, and
// the errors that stopped it.
func (s *consoleSession) handle(line string) (string, bool, hcl.Diagnostics) {
	switch strings.TrimSpace(line) {
	case "":
		return "", false, nil
	case "exit":
		return "", true, nil
	case "help":
		return consoleHelp, false, nil
	}
	expr, diags := hclsyntax.ParseExpression([]byte(line), "<console-input>", hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return "", false, diags
	}
	// type() is the console's own: the whole expression shows its
	// argument's type; anywhere else it is an error, as in Terraform.
	if call, ok := expr.(*hclsyntax.FunctionCallExpr); ok && call.Name == "type" && len(call.Args) == 1 {
		v, diags := s.console.Eval(call.Args[0])
		if diags.HasErrors() {
			return "", false, diags
		}
		return typeString(v.Type()), false, diags
	}
	if callsType(expr) {
		return "", false, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid use of type function",
			Detail: `The console-only "type" function cannot be used as part of an expression.`}}
	}
	v, diags := s.console.Eval(expr)
	if diags.HasErrors() {
		return "", false, diags
	}
	return consoleValue(v), false, diags
}

// callsType reports whether expr calls type() anywhere.
func callsType(expr hclsyntax.Expression) bool {
	found := false
	hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl.Diagnostics {
		if call, ok := n.(*hclsyntax.FunctionCallExpr); ok && call.Name == "type" {
			found = true
		}
		return nil
	})
	return found
}

// consoleValue writes v as Terraform's console does: an unknown value
// (even a sensitive one) as (known after apply), else as `output` writes
// a value.
func consoleValue(v cty.Value) string {
	if !v.IsKnown() {
		return "(known after apply)"
	}
	return render.OutputValue(v)
}

const consoleHelp = `The trueup console allows you to experiment with trueup interpolations.
You may access resources in the state (if you have one) just as you would
from a configuration. For example: "aws_instance.foo.id" would evaluate
to the ID of "aws_instance.foo" if it exists in your state.

Type in the interpolation to test and hit <enter> to see the result.

To exit the console, type "exit" and hit <enter>, or use Control-C or
Control-D.`

// typeString writes a type as Terraform's console type() shows it: type
// constructors, an object's attributes sorted, four spaces a level.
func typeString(ty cty.Type) string {
	var b strings.Builder
	writeType(&b, ty, 0)
	return b.String()
}

func writeType(b *strings.Builder, ty cty.Type, indent int) {
	pad := func(level int) string { return strings.Repeat("    ", level) }
	switch {
	case ty == cty.NilType:
		b.WriteString("nil")
	case ty.IsObjectType():
		atys := ty.AttributeTypes()
		if len(atys) == 0 {
			b.WriteString("object({})")
			return
		}
		names := make([]string, 0, len(atys))
		for name := range atys {
			names = append(names, name)
		}
		sort.Strings(names)
		b.WriteString("object({\n")
		for _, name := range names {
			fmt.Fprintf(b, "%s%s: ", pad(indent+1), name)
			writeType(b, atys[name], indent+1)
			b.WriteString(",\n")
		}
		b.WriteString(pad(indent) + "})")
	case ty.IsTupleType():
		etys := ty.TupleElementTypes()
		if len(etys) == 0 {
			b.WriteString("tuple([])")
			return
		}
		b.WriteString("tuple([\n")
		for _, ety := range etys {
			b.WriteString(pad(indent + 1))
			writeType(b, ety, indent+1)
			b.WriteString(",\n")
		}
		b.WriteString(pad(indent) + "])")
	case ty.IsListType() || ty.IsMapType() || ty.IsSetType():
		switch {
		case ty.IsListType():
			b.WriteString("list(")
		case ty.IsMapType():
			b.WriteString("map(")
		default:
			b.WriteString("set(")
		}
		ety := ty.ElementType()
		// A structural element type is set apart on lines of its own, as
		// Terraform does.
		structural := ety.IsObjectType() || ety.IsTupleType()
		if structural {
			b.WriteString("\n" + pad(indent+1))
			writeType(b, ety, indent+1)
			b.WriteString(",\n" + pad(indent))
		} else {
			writeType(b, ety, indent)
		}
		b.WriteString(")")
	default:
		b.WriteString(ty.FriendlyName())
	}
}

// entryContinues reports whether the lines typed so far leave a bracket,
// a heredoc or a template sequence open, so that interactive mode asks
// for another line, as Terraform's console does; an empty last line ends
// the entry, and so does input the lexer refuses.
func entryContinues(lines []string) bool {
	if len(lines) == 0 || strings.TrimSpace(lines[len(lines)-1]) == "" {
		return false
	}
	toks, diags := hclsyntax.LexExpression([]byte(strings.Join(lines, "\n")+"\n"), "", hcl.InitialPos)
	if diags.HasErrors() {
		return false
	}
	closes := map[hclsyntax.TokenType][]hclsyntax.TokenType{
		hclsyntax.TokenCBrace:         {hclsyntax.TokenOBrace},
		hclsyntax.TokenCBrack:         {hclsyntax.TokenOBrack},
		hclsyntax.TokenCParen:         {hclsyntax.TokenOParen},
		hclsyntax.TokenCHeredoc:       {hclsyntax.TokenOHeredoc},
		hclsyntax.TokenTemplateSeqEnd: {hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl},
	}
	var open []hclsyntax.TokenType
	for _, tok := range toks {
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenOHeredoc,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			open = append(open, tok.Type)
		default:
			want, ok := closes[tok.Type]
			if !ok {
				continue
			}
			if len(open) == 0 || !slices.Contains(want, open[len(open)-1]) {
				return false // unbalanced: let the parser say so
			}
			open = open[:len(open)-1]
		}
	}
	return len(open) > 0
}
