package auth

import (
	"bytes"
	"html/template"
	"testing"
)

// The login page renders with htmlpage exactly as html/template rendered
// it, escaping included: a hostile next path, error and link labels.
func TestLoginPageRendersAsHTMLTemplateDid(t *testing.T) {
	std := template.Must(template.New("login").Parse(loginHTML))
	cases := map[string]map[string]any{
		"plain form": {"CSRF": "abc123", "Next": "/", "Error": "", "SSO": "", "Links": []loginLink(nil)},
		"error, single sign-on and forge links with characters to escape": {
			"CSRF": "a+b/c=", "Next": "/stacks/prod?x=1&y=<b>\"q\" 'r'#frag", "Error": "That <token> is \"invalid\" & 'expired'",
			"SSO":   "Okta & <Co>",
			"Links": []loginLink{{ID: "github", Href: "/auth/github/login", Label: "GitHub <org>"}, {ID: "x\"y", Href: "javascript:alert(1)", Label: "bad"}},
		},
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			var ours, want bytes.Buffer
			if err := loginPage.Execute(&ours, data); err != nil {
				t.Fatal(err)
			}
			if err := std.Execute(&want, data); err != nil {
				t.Fatal(err)
			}
			if ours.String() != want.String() {
				t.Errorf("htmlpage:\n%s\nhtml/template:\n%s", ours.String(), want.String())
			}
		})
	}
}
