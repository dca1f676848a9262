package funcs

import (
	"regexp"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"golang.org/x/crypto/bcrypt"
)

func TestHashAndUUIDFunctions(t *testing.T) {
	runCases(t, t.TempDir(), nil, []evalCase{
		{"md5", `md5("hello world")`, cty.StringVal("5eb63bbbe01eeed093cb22bb8f5acdc3"), ""},
		{"sha1", `sha1("hello world")`, cty.StringVal("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"), ""},
		{"sha256", `sha256("hello world")`, cty.StringVal("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"), ""},
		{"sha512", `sha512("hello world")`, cty.StringVal("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"), ""},
		{"base64sha256", `base64sha256("hello world")`, cty.StringVal("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="), ""},
		{"base64sha512", `base64sha512("hello world")`, cty.StringVal("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="), ""},
		{"uuidv5 in the dns namespace", `uuidv5("dns", "www.terraform.io")`, cty.StringVal("a5008fae-b28c-5ba5-96cd-82b4c53552d6"), ""},
		{"uuidv5 in a UUID namespace", `uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")`, cty.StringVal("a5008fae-b28c-5ba5-96cd-82b4c53552d6"), ""},
		{"uuidv5 in an unknown namespace fails", `uuidv5("bogus", "x")`, cty.NilVal, "doesn't support namespace bogus"},
		{"bcrypt with a cost out of range fails", `bcrypt("pw", 99)`, cty.NilVal, "cost 99 is outside allowed"},
		{"bcrypt with two costs fails", `bcrypt("pw", 5, 6)`, cty.NilVal, "no more than two arguments"},
	})
}

func TestImpureFunctionsWhenApplying(t *testing.T) {
	funcs := Table(t.TempDir(), false)
	tests := []struct {
		name  string
		expr  string
		match string
	}{
		{"uuid is a random version 4 UUID", `uuid()`, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`},
		{"timestamp is RFC 3339 in UTC", `timestamp()`, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`},
		{"plantimestamp is RFC 3339 in UTC", `plantimestamp()`, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`},
		{"bcrypt is a bcrypt hash", `bcrypt("pw", 4)`, `^\$2a\$04\$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := eval(t, funcs, nil, tt.expr)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if !got.IsKnown() || !regexp.MustCompile(tt.match).MatchString(got.AsString()) {
				t.Fatalf("%s = %#v, want a known string matching %s", tt.expr, got, tt.match)
			}
		})
	}
	h, _ := eval(t, funcs, nil, `bcrypt("secret")`)
	if err := bcrypt.CompareHashAndPassword([]byte(h.AsString()), []byte("secret")); err != nil {
		t.Errorf("bcrypt hash does not verify: %v", err)
	}
	if a, b := mustEval(t, funcs, `uuid()`), mustEval(t, funcs, `uuid()`); a.RawEquals(b) {
		t.Errorf("two uuid() calls gave the same value %s", a.AsString())
	}
}

func TestPureOnlyMakesImpureFunctionsUnknown(t *testing.T) {
	funcs := Table(t.TempDir(), true)
	for _, expr := range []string{`uuid()`, `timestamp()`, `bcrypt("pw")`, `"id-${uuid()}"`} {
		t.Run(expr+" is unknown during plan", func(t *testing.T) {
			got := mustEval(t, funcs, expr)
			if got.IsKnown() || got.Type() != cty.String {
				t.Fatalf("%s = %#v, want an unknown string", expr, got)
			}
		})
	}
	if got := mustEval(t, funcs, `plantimestamp()`); !got.IsKnown() {
		t.Errorf("plantimestamp() is unknown during plan, want known")
	}
	if got := mustEval(t, funcs, `sha256("x")`); !got.IsKnown() {
		t.Errorf("a pure function became unknown during plan")
	}
}

func mustEval(t *testing.T, funcs map[string]function.Function, src string) cty.Value {
	t.Helper()
	v, diags := eval(t, funcs, nil, src)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", src, diags)
	}
	return v
}
