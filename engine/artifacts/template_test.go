package artifacts

import "testing"

func TestTemplatesFormatAndReadBackMarkedValues(t *testing.T) {
	cases := []struct {
		name, template, value, tag, digest string
	}{
		{"image with tag", "{location}:{tag}", "registry.example.com:5000/web:1.4.2", "1.4.2", ""},
		{"image pinned by digest", "{location}:{tag}@{digest}", "reg/web:1.4.2@sha256:abc123", "1.4.2", "sha256:abc123"},
		{"bare version", "v{version}", "v2.0.0", "2.0.0", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := ParseTemplate(c.template)
			if err != nil {
				t.Fatal(err)
			}
			tag, digest, ok := tpl.Parse(c.value)
			if !ok || tag != c.tag || digest != c.digest {
				t.Fatalf("Parse(%q) = %q, %q, %v", c.value, tag, digest, ok)
			}
			loc := c.value[:len(c.value)-len(c.tag)-1]
			if c.digest != "" {
				loc = "reg/web"
			}
			got := tpl.Format(Candidate{Location: loc, Tag: c.tag, Version: c.tag, Digest: c.digest})
			if c.name != "bare version" && got != c.value {
				t.Fatalf("Format = %q, want %q", got, c.value)
			}
		})
	}
}

func TestTemplateErrorsNameTheProblem(t *testing.T) {
	if _, err := ParseTemplate("{location}:{build}"); err == nil || err.Error() != "unknown placeholder {build}: use {location}, {tag}, {version} and {digest}" {
		t.Fatalf("unknown placeholder: %v", err)
	}
	if _, err := ParseTemplate("{location}"); err == nil {
		t.Fatal("a template without a build was accepted")
	}
}
