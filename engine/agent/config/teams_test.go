package config

import (
	"testing"
	"time"
)

func TestDeployWindowsAndPolicyOwners(t *testing.T) {
	src := `server { data_dir = "/d" }
policy_owners {
  users = ["alice"]
  teams = ["acme/platform"]
}
stack "a" {
  repo               = "x"
  apply_from_pr      = true
  automerge          = true
  apply_requirements = ["approved", "undiverged", "not_stale", "status_checks"]
  deploy_window "allow" {
    schedule = "0 9 * * 1-5"
    duration = "8h"
  }
  deploy_window "deny" {
    schedule = "TZ=UTC 0 12 * * *"
    duration = "1h"
  }
}
`
	cfg, _, diags := Parse([]byte(src), "agent.hcl", Options{Getenv: env(nil)})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if o := cfg.PolicyOwners; o == nil || o.Users[0] != "alice" || o.Teams[0] != "acme/platform" {
		t.Errorf("policy owners = %+v", o)
	}
	s := cfg.Stack("a")
	if !s.Automerge || len(s.ApplyRequirements) != 4 || len(s.DeployWindows) != 2 {
		t.Fatalf("stack = %+v", s)
	}
	wed := func(h, m int) time.Time { return time.Date(2026, 12, 2, h, m, 0, 0, time.UTC) } // a Wednesday
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{wed(8, 59), false},  // before the allow window
		{wed(9, 0), true},    // it opens
		{wed(11, 59), true},  // open
		{wed(12, 30), false}, // the daily deny window
		{wed(13, 0), true},   // the deny window closed
		{wed(17, 0), false},  // the allow window closed after 8h
		{time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), false}, // Saturday
	} {
		if got, why := s.DeployWindows.Allowed(tt.at); got != tt.want || (!got && why == "") {
			t.Errorf("Allowed(%s) = %v %q, want %v", tt.at.Format(time.RFC3339), got, why, tt.want)
		}
	}
	if ok, _ := Windows(nil).Allowed(wed(3, 0)); !ok {
		t.Error("no windows must allow")
	}
}

func TestApplyRuleErrorsAreLocated(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		line      int
		summary   string
	}{
		{"bad window kind", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  deploy_window \"maybe\" {\n    schedule = \"@daily\"\n    duration = \"1h\"\n  }\n}", 4, "Unknown deploy window kind"},
		{"bad window schedule", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  deploy_window \"deny\" {\n    schedule = \"every day\"\n    duration = \"1h\"\n  }\n}", 5, "Invalid deploy window schedule"},
		{"bad window duration", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  deploy_window \"deny\" {\n    schedule = \"@daily\"\n    duration = \"long\"\n  }\n}", 6, "Invalid duration"},
		{"unknown forge login", "server { data_dir = \"/d\" }\nforge_login \"bitbucket\" {\n  client_id = \"c\"\n  client_secret_env = \"TOK\"\n  repo = \"a/b\"\n}", 2, "Unsupported forge login"},
		{"bad forge login role", "server { data_dir = \"/d\" }\nforge_login \"github\" {\n  client_id = \"c\"\n  client_secret_env = \"TOK\"\n  repo = \"a/b\"\n  roles = { write = \"root\" }\n}", 6, "Invalid role"},
		{"empty policy owners", "server { data_dir = \"/d\" }\npolicy_owners {\n}", 2, "Empty policy_owners block"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, diags := Parse([]byte(tt.src), "agent.hcl", Options{Getenv: env(map[string]string{"TOK": "t"})})
			for _, d := range diags {
				if d.Summary == tt.summary && d.Subject != nil && d.Subject.Start.Line == tt.line {
					return
				}
			}
			t.Errorf("want %q at line %d, got: %s", tt.summary, tt.line, diags.Error())
		})
	}
}

func TestForgeURLs(t *testing.T) {
	for _, tt := range []struct{ kind, web, api, wantWeb, wantAPI string }{
		{GitHub, "", "", "https://github.com", "https://api.github.com/"},
		{GitHub, "", "https://ghe.example/api/v3/", "https://ghe.example", "https://ghe.example/api/v3/"},
		{GitHub, "https://ghe.example", "", "https://ghe.example", "https://ghe.example/api/v3/"},
		{GitLab, "", "", "https://gitlab.com", "https://gitlab.com/api/v4/"},
		{GitLab, "", "https://gl.example", "https://gl.example", "https://gl.example/api/v4/"},
	} {
		if web, api := forgeURLs(tt.kind, tt.web, tt.api); web != tt.wantWeb || api != tt.wantAPI {
			t.Errorf("forgeURLs(%s, %q, %q) = %q, %q", tt.kind, tt.web, tt.api, web, api)
		}
	}
}
