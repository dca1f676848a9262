package funcs

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// secretVars are variables as the engine hands them over: sensitive ones
// carry the plain "sensitive" mark.
func secretVars() map[string]cty.Value {
	return map[string]cty.Value{
		"secret": cty.StringVal("hunter2").Mark(SensitiveMark),
		"plain":  cty.StringVal("hello"),
		"creds": cty.MapVal(map[string]cty.Value{
			"user": cty.StringVal("admin"),
			"pass": cty.StringVal("hunter2").Mark(SensitiveMark),
		}),
		"list": cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("hunter2").Mark(SensitiveMark)}),
	}
}

func TestSensitiveMarks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"t.tpl": "${a}", "u.tpl": "${b}", "hunter2.txt": "file body"})
	funcs := Table(dir, false)
	tests := []struct {
		name      string
		expr      string
		sensitive bool
	}{
		{"sensitive marks a value", `sensitive("x")`, true},
		{"nonsensitive removes the mark", `nonsensitive(secret)`, false},
		{"nonsensitive of a plain value is a no-op", `nonsensitive(plain)`, false},
		{"a string function keeps the mark", `upper(secret)`, true},
		{"a hash of a secret is sensitive", `sha256(secret)`, true},
		{"an interpolation keeps the mark", `"pw=${secret}"`, true},
		{"jsonencode of an object with a secret inside is sensitive", `jsonencode({p = secret})`, true},
		{"lookup of a sensitive element is sensitive", `lookup(creds, "pass")`, true},
		{"lookup of a plain element with a sensitive sibling is not", `lookup(creds, "user", "x")`, false},
		{"lookup with a sensitive key is sensitive", `lookup(creds, sensitive("user"))`, true},
		{"length of a list with a sensitive element is not sensitive", `length(list)`, false},
		{"an element taken from that list keeps its mark", `element(tolist(list), 1)`, true},
		{"tolist keeps the mark on the element only", `tolist(list)[0]`, false},
		{"a file read through a sensitive path is sensitive", `file(sensitive("hunter2.txt"))`, true},
		{"a template using a secret is sensitive", `templatefile("t.tpl", {a = secret, b = plain})`, true},
		{"a template not using the secret is not", `templatefile("u.tpl", {a = secret, b = plain})`, false},
		{"try passes the mark through", `try(tonumber(secret), secret)`, true},
		{"coalesce keeps the mark", `coalesce("", secret)`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := eval(t, funcs, secretVars(), tt.expr)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got.HasMark(SensitiveMark) != tt.sensitive {
				t.Fatalf("%s = %#v: sensitive %v, want %v", tt.expr, got, got.HasMark(SensitiveMark), tt.sensitive)
			}
		})
	}
}

func TestIsSensitive(t *testing.T) {
	runCases(t, t.TempDir(), secretVars(), []evalCase{
		{"issensitive of a secret", `issensitive(secret)`, cty.True, ""},
		{"issensitive of a plain value", `issensitive(plain)`, cty.False, ""},
		{"issensitive of sensitive()", `issensitive(sensitive(1))`, cty.True, ""},
		{"issensitive after nonsensitive", `issensitive(nonsensitive(secret))`, cty.False, ""},
	})
}

func TestErrorsNeverRevealSensitiveArguments(t *testing.T) {
	dir := t.TempDir()
	funcs := Table(dir, false)
	tests := []struct{ name, expr string }{
		{"tonumber of a secret", `tonumber(secret)`},
		{"tobool of a secret", `tobool(secret)`},
		{"base64decode of a secret", `base64decode(sensitive("hunter2!"))`},
		{"jsondecode of a secret", `jsondecode(sensitive("{hunter2"))`},
		{"yamldecode of a secret", `yamldecode(sensitive("a: [hunter2"))`},
		{"cidrsubnet of a secret prefix", `cidrsubnet(sensitive("hunter2/8"), 8, 1)`},
		{"lookup of a missing secret key", `lookup(creds, sensitive("hunter2"))`},
		{"file of a secret path", `file(sensitive("hunter2.txt"))`},
		{"templatefile of a secret path", `templatefile(sensitive("hunter2.tpl"), {})`},
		{"regex over a secret", `regex("zzz", secret)`},
		{"index of a secret", `index(["a"], secret)`},
		{"uuidv5 with a secret namespace", `uuidv5(secret, "x")`},
		{"a secret inside a list argument", `tolist(["x", {a = secret}])`},
	}
	for _, tt := range tests {
		t.Run(tt.name+" hides the value", func(t *testing.T) {
			_, diags := eval(t, funcs, secretVars(), tt.expr)
			if !diags.HasErrors() {
				t.Fatalf("%s succeeded, want an error", tt.expr)
			}
			msg := diags.Error()
			if strings.Contains(msg, "hunter2") {
				t.Fatalf("error reveals the secret: %s", msg)
			}
			if !strings.Contains(msg, "sensitive") {
				t.Fatalf("error does not say the value is sensitive: %s", msg)
			}
		})
	}
}

func TestSensitiveArgumentErrorPointsAtTheArgument(t *testing.T) {
	_, diags := eval(t, Table(t.TempDir(), false), secretVars(), `cidrsubnet("10.0.0.0/16", 8, sensitive(999))`)
	if len(diags) != 1 {
		t.Fatalf("diags = %v", diags)
	}
	d := diags[0]
	if d.Summary != "Invalid function argument" || d.Subject == nil || d.Subject.Start.Column != 30 {
		t.Fatalf("diagnostic %q at %v, want Invalid function argument at column 30 (the netnum argument)", d.Summary, d.Subject)
	}
	if !strings.Contains(d.Detail, `"netnum"`) || strings.Contains(d.Detail, "999") {
		t.Fatalf("detail = %q, want the parameter named and the value hidden", d.Detail)
	}
}

func TestErrorsOfPlainArgumentsStayDetailed(t *testing.T) {
	_, diags := eval(t, Table(t.TempDir(), false), secretVars(), `tonumber(plain)`)
	if !strings.Contains(diags.Error(), `cannot convert "hello" to number`) {
		t.Fatalf("error = %s", diags.Error())
	}
}
