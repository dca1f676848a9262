package funcs

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// evalCase is one expression evaluated with the function table: it either
// yields want or fails with a diagnostic containing wantErr.
type evalCase struct {
	name    string
	expr    string
	want    cty.Value
	wantErr string
}

// eval evaluates src as an HCL expression, as engine/lang will, with the
// given functions and variables.
func eval(t *testing.T, funcs map[string]function.Function, vars map[string]cty.Value, src string) (cty.Value, hcl.Diagnostics) {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %s: %s", src, diags)
	}
	return expr.Value(&hcl.EvalContext{Functions: funcs, Variables: vars})
}

// runCases checks every case against a table for baseDir, with vars.
func runCases(t *testing.T, baseDir string, vars map[string]cty.Value, cases []evalCase) {
	t.Helper()
	funcs := Table(baseDir, false)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, diags := eval(t, funcs, vars, c.expr)
			if c.wantErr != "" {
				if !diags.HasErrors() {
					t.Fatalf("%s = %#v, want error containing %q", c.expr, got, c.wantErr)
				}
				if msg := diags.Error(); !strings.Contains(msg, c.wantErr) {
					t.Fatalf("%s: error %q does not contain %q", c.expr, msg, c.wantErr)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatalf("%s: %s", c.expr, diags.Error())
			}
			if !got.RawEquals(c.want) {
				t.Fatalf("%s\n got %#v\nwant %#v", c.expr, got, c.want)
			}
		})
	}
}

func strs(ss ...string) []cty.Value {
	out := make([]cty.Value, len(ss))
	for i, s := range ss {
		out[i] = cty.StringVal(s)
	}
	return out
}
