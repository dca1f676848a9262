package plugin

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// TestRedactorHidesEverySecretSentSoFar: the strings under sensitive
// attributes, nested blocks included, marked or not, and as %q writes
// them, are replaced in every line redacted after they were sent, also
// after the set grew since the last line; plain attributes are not.
func TestRedactorHidesEverySecretSentSoFar(t *testing.T) {
	block := redactBenchBlock()
	r := newRedactor()
	if got := r.text("nothing sent yet"); got != "nothing sent yet" {
		t.Fatalf("text before any add = %q", got)
	}
	v := redactBenchValue(1, true)
	r.add(block, v)
	if got := r.text(`password s3cr3t-0001, token tok-s3cr3t-0001, user ann`); got != "password (sensitive value), token (sensitive value), user ann" {
		t.Errorf("after the first object: %q", got)
	}
	// A second object, its password marked and holding a quote.
	attrs := redactBenchValue(2, true).AsValueMap()
	attrs["password"] = cty.StringVal(`pa"ss`).Mark("sensitive")
	r.add(block, cty.ObjectVal(attrs).Mark("sensitive"))
	for in, want := range map[string]string{
		`quoted "pa\"ss" and raw pa"ss`:         `quoted "(sensitive value)" and raw (sensitive value)`,
		"tok-s3cr3t-0002 and s3cr3t-0001 still": "(sensitive value) and (sensitive value) still",
		"value 3 of object 2":                   "value 3 of object 2",
	} {
		if got := r.text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}
