package random

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/crypto/bcrypt"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
)

func TestConformance(t *testing.T) {
	p := providertest.Configure(t, New(), nil)
	cfg := func(typ string, vals map[string]cty.Value) cty.Value {
		return providertest.ResourceConfig(t, p, typ, vals)
	}
	keep := func(v string) cty.Value { return cty.MapVal(map[string]cty.Value{"k": cty.StringVal(v)}) }

	providertest.Run(t, p, []providertest.Case{
		{
			Name: "random_id replaced when keepers change, imported by prefix and id",
			Type: "random_id",
			Steps: []providertest.Step{
				{Config: cfg("random_id", map[string]cty.Value{"byte_length": cty.NumberIntVal(8),
					"prefix": cty.StringVal("p-"), "keepers": keep("1")}), Check: wantIDBytes(8)},
				{Config: cfg("random_id", map[string]cty.Value{"byte_length": cty.NumberIntVal(8),
					"prefix": cty.StringVal("p-"), "keepers": keep("2")}), Replace: true, Check: wantIDBytes(8)},
			},
			ImportID:     func(s cty.Value) string { return "p-," + kit.String(s, "id") },
			ImportIgnore: []string{"keepers"},
			StateOnly:    true,
		},
		{
			Name: "random_string replaced when length changes, imported by result",
			Type: "random_string",
			Steps: []providertest.Step{
				{Config: cfg("random_string", map[string]cty.Value{"length": cty.NumberIntVal(16)}), Check: wantLength(16)},
				{Config: cfg("random_string", map[string]cty.Value{"length": cty.NumberIntVal(20)}), Replace: true, Check: wantLength(20)},
			},
			ImportID:  func(s cty.Value) string { return kit.String(s, "result") },
			StateOnly: true,
		},
		{
			Name: "random_password hashes its result and is imported by result",
			Type: "random_password",
			Steps: []providertest.Step{
				{Config: cfg("random_password", map[string]cty.Value{"length": cty.NumberIntVal(24)}), Check: wantBcrypt},
				{Config: cfg("random_password", map[string]cty.Value{"length": cty.NumberIntVal(24), "keepers": keep("x")}),
					Replace: true, Check: wantBcrypt},
			},
			ImportID:     func(s cty.Value) string { return kit.String(s, "result") },
			ImportIgnore: []string{"keepers", "bcrypt_hash"},
			StateOnly:    true,
		},
		{
			Name: "random_integer replaced when the range changes, imported with its seed",
			Type: "random_integer",
			Steps: []providertest.Step{
				{Config: cfg("random_integer", map[string]cty.Value{"min": cty.NumberIntVal(1), "max": cty.NumberIntVal(5)}),
					Check: wantInRange(1, 5)},
				{Config: cfg("random_integer", map[string]cty.Value{"min": cty.NumberIntVal(10), "max": cty.NumberIntVal(20),
					"seed": cty.StringVal("s")}), Replace: true, Check: wantInRange(10, 20)},
			},
			ImportID: func(s cty.Value) string {
				return kit.String(s, "id") + ",10,20,s"
			},
			StateOnly: true,
		},
		{
			Name: "random_pet replaced when length changes",
			Type: "random_pet",
			Steps: []providertest.Step{
				{Config: cfg("random_pet", nil), Check: wantWords(2, "-")},
				{Config: cfg("random_pet", map[string]cty.Value{"length": cty.NumberIntVal(4), "separator": cty.StringVal("_"),
					"prefix": cty.StringVal("dev")}), Replace: true, Check: wantWords(5, "_")},
			},
			StateOnly: true,
		},
		{
			Name: "random_uuid replaced when keepers change, imported by uuid",
			Type: "random_uuid",
			Steps: []providertest.Step{
				{Config: cfg("random_uuid", nil), Check: wantUUID},
				{Config: cfg("random_uuid", map[string]cty.Value{"keepers": keep("a")}), Replace: true, Check: wantUUID},
			},
			ImportID:     func(s cty.Value) string { return kit.String(s, "id") },
			ImportIgnore: []string{"keepers"},
			StateOnly:    true,
		},
	})
}

func wantIDBytes(n int) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		if got := kit.String(s, "hex"); len(got) != len("p-")+2*n || !strings.HasPrefix(got, "p-") {
			t.Errorf("hex = %q, want p- and %d hex digits", got, 2*n)
		}
		if got, want := kit.String(s, "b64_url"), "p-"+kit.String(s, "id"); got != want {
			t.Errorf("b64_url = %q, want %q", got, want)
		}
	}
}

func wantLength(n int) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		if got := kit.String(s, "result"); len(got) != n || kit.String(s, "id") != got {
			t.Errorf("result has %d characters (id %q), want %d and id = result", len(got), kit.String(s, "id"), n)
		}
	}
}

func wantBcrypt(t *testing.T, s cty.Value) {
	t.Helper()
	if err := bcrypt.CompareHashAndPassword([]byte(kit.String(s, "bcrypt_hash")), []byte(kit.String(s, "result"))); err != nil {
		t.Errorf("bcrypt_hash does not match result: %v", err)
	}
	if kit.String(s, "id") != "none" {
		t.Errorf("id = %q, want %q: a password never appears in its id", kit.String(s, "id"), "none")
	}
}

func wantInRange(lo, hi int64) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		if got := kit.Int(s, "result"); got < lo || got > hi {
			t.Errorf("result = %d, want within [%d, %d]", got, lo, hi)
		}
	}
}

func wantWords(n int, sep string) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		if got := strings.Split(kit.String(s, "id"), sep); len(got) != n {
			t.Errorf("id = %q, want %d words separated by %q", kit.String(s, "id"), n, sep)
		}
	}
}

func wantUUID(t *testing.T, s cty.Value) {
	t.Helper()
	u, err := uuid.Parse(kit.String(s, "result"))
	if err != nil || u.Version() != 4 || kit.String(s, "id") != u.String() {
		t.Errorf("result %q is not a version 4 UUID equal to id: %v", kit.String(s, "result"), err)
	}
}
