package plan_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/enginetest"
)

const secretThing = "resource \"test_thing\" \"a\" {\n  name   = \"a\"\n  secret = \"hunter2-refresh\"\n}\n"

// TestRefreshErrorsRedactTheObjectsSecrets: a provider error raised while
// refreshing an object that quotes its sensitive value does not carry
// the value into the diagnostics.
func TestRefreshErrorsRedactTheObjectsSecrets(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": secretThing})
	s.MustApply()
	changeOutOfBand(s, "test_thing.a", "fail", cty.StringVal("read"))

	_, diags := s.Plan()
	if !diags.HasErrors() {
		t.Fatal("the refresh of an unreadable object succeeded")
	}
	text := diags.Error()
	if !strings.Contains(text, "Read failed") {
		t.Fatalf("diagnostics %q, want the provider's read error", text)
	}
	if d := diags[0]; d.Subject == nil || filepath.Base(d.Subject.Filename) != "main.tf" || d.Subject.Start.Line != 1 {
		t.Errorf("the refresh error is located at %v, want the resource block at main.tf:1", d.Subject)
	}
	if strings.Contains(text, "hunter2-refresh") {
		t.Errorf("the refresh error carries the sensitive value: %s", text)
	}
}
