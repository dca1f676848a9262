package config

import (
	"fmt"
	"slices"
	"testing"
)

// TestSingleBlocksRepeatedAreErrorsAtTheRepeats: a second server, oidc or
// policy_owners block is an error at that block, after the errors of the
// first one, with the block's name in the summary and the detail.
func TestSingleBlocksRepeatedAreErrorsAtTheRepeats(t *testing.T) {
	src := `server { data_dir = "/d" }
server { data_dir = "/e" }
oidc {
  issuer            = "https://id.example.com"
  client_id         = "c"
  client_secret_env = "OIDC_SECRET"
}
oidc {
  issuer            = "https://id.example.com"
  client_id         = "c"
  client_secret_env = "OIDC_SECRET"
}
policy_owners {}
policy_owners {
  users = ["alice"]
}
`
	_, _, diags := Parse([]byte(src), "agent.hcl", Options{Getenv: env(map[string]string{"OIDC_SECRET": "s"})})
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%d:%d %s: %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Summary, d.Detail))
	}
	want := []string{
		"2:1 Duplicate server block: Only one server block is allowed.",
		"8:1 Duplicate oidc block: Only one oidc block is allowed.",
		"13:1 Empty policy_owners block: Name at least one user or team, or leave the block out.",
		"14:1 Duplicate policy_owners block: Only one policy_owners block is allowed.",
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no diagnostic %q in:\n%q", w, got)
		}
	}
	if i, j := slices.Index(got, want[2]), slices.Index(got, want[3]); i > j {
		t.Errorf("the repeated policy_owners block is reported before the first one's error: %q", got)
	}
}
