package lang

import (
	"testing"

	"github.com/trueup/trueup/engine/config"
)

// TestUnknownFunctionLocatedAtItsName: the diagnostic's subject is the
// function name (line and columns), its context the whole call.
func TestUnknownFunctionLocatedAtItsName(t *testing.T) {
	src := "locals {\n  x = [\"a\", lenght(\"abc\")]\n}\n"
	mod, diags := config.LoadSources(".", map[string][]byte{"main.tf": []byte(src)})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	diags = ValidateReferences(mod)
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %s", len(diags), diags.Error())
	}
	d := diags[0]
	if d.Subject.Start.Line != 2 || d.Subject.Start.Column != 13 || d.Subject.End.Column != 19 {
		t.Errorf("subject %s, want main.tf:2,13-19 (the name lenght)", d.Subject)
	}
	if d.Context == nil || d.Context.End.Column != 26 {
		t.Errorf("context %v, want the whole call ending at column 26", d.Context)
	}
	if want := `There is no function named "lenght". Did you mean "length"?`; d.Detail != want {
		t.Errorf("detail %q, want %q", d.Detail, want)
	}
}
