package getproviders

import "testing"

func TestConstraintsStringIsTerraformsCanonicalForm(t *testing.T) {
	cases := map[string]string{
		"~> 3.0":                   "~> 3.0",
		"~> 3.0.1":                 "~> 3.0.1",
		">= 1.2, < 2":              ">= 1.2.0, < 2.0.0",
		"< 2, >= 1.2":              ">= 1.2.0, < 2.0.0",
		"1.0.0":                    "1.0.0",
		">= 1.0, >= 1.0.0, != 1.5": ">= 1.0.0, != 1.5.0",
		"":                         "",
	}
	for in, want := range cases {
		c, err := ParseConstraints(in)
		if err != nil && in != "" {
			t.Fatalf("%q: %v", in, err)
		}
		if got := ConstraintsString(c); got != want {
			t.Errorf("ConstraintsString(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewestSkipsVersionsOutsideConstraints(t *testing.T) {
	var list VersionList
	for _, s := range []string{"3.2.2", "4.0.0", "3.2.3", "3.3.0-beta1"} {
		v, _ := ParseVersion(s)
		list = append(list, v)
	}
	c, _ := ParseConstraints("~> 3.0")
	v, ok := Newest(list, c)
	if !ok || v.String() != "3.2.3" {
		t.Fatalf("Newest = %v, %v; want 3.2.3 (4.0.0 is outside ~> 3.0, the beta is a prerelease)", v, ok)
	}
	if _, ok := Newest(list, mustConstraints(t, ">= 5")); ok {
		t.Fatal("Newest found a version >= 5")
	}
}

func mustConstraints(t *testing.T, s string) Constraints {
	c, err := ParseConstraints(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseProviderDefaultsHostAndNamespace(t *testing.T) {
	cases := map[string]string{
		"hashicorp/aws":                   "registry.terraform.io/hashicorp/aws",
		"null":                            "registry.terraform.io/hashicorp/null",
		"Registry.Example.com/Acme/Thing": "registry.example.com/acme/thing",
		"127.0.0.1:8443/acme/thing":       "127.0.0.1:8443/acme/thing",
	}
	for in, want := range cases {
		p, err := ParseProvider(in)
		if err != nil || p.String() != want {
			t.Errorf("ParseProvider(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	for _, bad := range []string{"a/b/c/d", "/x/y", "acme/th ing"} {
		if _, err := ParseProvider(bad); err == nil {
			t.Errorf("ParseProvider(%q) accepted it", bad)
		}
	}
}

func TestPatternsFollowIncludeAndExclude(t *testing.T) {
	null := NewDefaultProvider("null")
	thing, _ := ParseProvider("example.com/acme/thing")
	sel := Selector{Include: mustPatterns(t, "hashicorp/*", "example.com/*/*"), Exclude: mustPatterns(t, "example.com/acme/thing")}
	if !sel.CanHandle(null) || sel.CanHandle(thing) {
		t.Fatalf("selector: null %v (want true), thing %v (want false)", sel.CanHandle(null), sel.CanHandle(thing))
	}
	if _, err := ParsePattern("*/aws"); err == nil {
		t.Fatal("a namespace wildcard with a fixed type was accepted")
	}
}

func mustPatterns(t *testing.T, ss ...string) Patterns {
	var out Patterns
	for _, s := range ss {
		p, err := ParsePattern(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
