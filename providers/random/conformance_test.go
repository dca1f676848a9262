package random

import (
	"encoding/base64"
	"encoding/hex"
	"slices"
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
		{
			Name: "random_uuid4 replaced when keepers change, imported by uuid",
			Type: "random_uuid4",
			Steps: []providertest.Step{
				{Config: cfg("random_uuid4", nil), Check: wantUUIDVersion(4)},
				{Config: cfg("random_uuid4", map[string]cty.Value{"keepers": keep("a")}), Replace: true, Check: wantUUIDVersion(4)},
			},
			ImportID:     func(s cty.Value) string { return kit.String(s, "id") },
			ImportIgnore: []string{"keepers"},
			StateOnly:    true,
		},
		{
			Name: "random_uuid7 replaced when keepers change, imported by upper-case uuid",
			Type: "random_uuid7",
			Steps: []providertest.Step{
				{Config: cfg("random_uuid7", nil), Check: wantUUIDVersion(7)},
				{Config: cfg("random_uuid7", map[string]cty.Value{"keepers": keep("a")}), Replace: true, Check: wantUUIDVersion(7)},
			},
			ImportID:     func(s cty.Value) string { return strings.ToUpper(kit.String(s, "id")) },
			ImportIgnore: []string{"keepers"},
			StateOnly:    true,
		},
		{
			Name: "random_shuffle replaced when input changes, seeded permutation reproducible",
			Type: "random_shuffle",
			Steps: []providertest.Step{
				{Config: cfg("random_shuffle", map[string]cty.Value{"input": letters("a", "b", "c", "d")}),
					Check: wantPermutation(4, "a", "b", "c", "d")},
				{Config: cfg("random_shuffle", map[string]cty.Value{"input": letters("a", "b", "c"), "result_count": cty.NumberIntVal(7),
					"seed": cty.StringVal("s")}), Replace: true, Check: wantPermutation(7, "a", "b", "c")},
				{Config: cfg("random_shuffle", map[string]cty.Value{"input": letters("a", "b", "c"), "result_count": cty.NumberIntVal(2),
					"seed": cty.StringVal("s")}), Replace: true, Check: wantPermutation(2, "a", "b", "c")},
			},
			StateOnly: true,
		},
		{
			Name: "random_bytes replaced when length changes, imported by base64",
			Type: "random_bytes",
			Steps: []providertest.Step{
				{Config: cfg("random_bytes", map[string]cty.Value{"length": cty.NumberIntVal(16)}), Check: wantBytes(16)},
				{Config: cfg("random_bytes", map[string]cty.Value{"length": cty.NumberIntVal(32)}), Replace: true, Check: wantBytes(32)},
			},
			ImportID:     func(s cty.Value) string { return kit.String(s, "base64") },
			ImportIgnore: []string{"keepers"},
			StateOnly:    true,
		},
	})
}

func letters(ls ...string) cty.Value {
	vals := make([]cty.Value, len(ls))
	for i, l := range ls {
		vals[i] = cty.StringVal(l)
	}
	return cty.ListVal(vals)
}

func wantUUIDVersion(version uuid.Version) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		u, err := uuid.Parse(kit.String(s, "result"))
		if err != nil || u.Version() != version || kit.String(s, "id") != u.String() {
			t.Errorf("result %q is not a version %d UUID equal to id: %v", kit.String(s, "result"), version, err)
		}
	}
}

// wantPermutation checks the result has n items, each from input, and that
// every run of len(input) items is a permutation of input.
func wantPermutation(n int, input ...string) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		var got []string
		for _, v := range s.GetAttr("result").AsValueSlice() {
			got = append(got, v.AsString())
		}
		if len(got) != n || kit.String(s, "id") != "-" {
			t.Fatalf("result %q (id %q), want %d items and id \"-\"", got, kit.String(s, "id"), n)
		}
		for start := 0; start < n; start += len(input) {
			seen := map[string]bool{}
			for _, g := range got[start:min(n, start+len(input))] {
				if seen[g] || !slices.Contains(input, g) {
					t.Fatalf("result %q: %q repeated within one permutation or not in input %q", got, g, input)
				}
				seen[g] = true
			}
		}
	}
}

func wantBytes(n int) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		b, err := base64.StdEncoding.DecodeString(kit.String(s, "base64"))
		if err != nil || len(b) != n || hex.EncodeToString(b) != kit.String(s, "hex") {
			t.Errorf("base64 %q and hex %q are not the same %d bytes: %v", kit.String(s, "base64"), kit.String(s, "hex"), n, err)
		}
	}
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
