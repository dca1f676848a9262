package config

import "testing"

func TestStackWorkspaceIsDecoded(t *testing.T) {
	src := "server { data_dir = \"/d\" }\n" +
		"stack \"staging\" {\n  repo = \"x\"\n  workspace = \"staging\"\n}\n" +
		"stack \"prod\" {\n  repo = \"x\"\n  workspace = \"default\"\n}\n" +
		"stack \"plain\" { repo = \"x\" }\n"
	cfg, _, diags := Parse([]byte(src), "agent.hcl", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	for name, want := range map[string]string{"staging": "staging", "prod": "", "plain": ""} {
		if got := cfg.Stack(name).Workspace; got != want {
			t.Errorf("stack %s: Workspace = %q, want %q", name, got, want)
		}
	}
}

func TestBadStackWorkspaceIsLocated(t *testing.T) {
	for _, name := range []string{"a/b", "..", "with space"} {
		src := "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  workspace = \"" + name + "\"\n}"
		cfg, _, diags := Parse([]byte(src), "agent.hcl", Options{})
		if cfg != nil || !diags.HasErrors() {
			t.Fatalf("workspace %q was accepted", name)
		}
		d := diags[0]
		if d.Summary != "Invalid workspace name" || d.Subject == nil || d.Subject.Start.Line != 4 || d.Subject.Start.Column != 15 {
			t.Errorf("workspace %q: got %s", name, diags.Error())
		}
	}
}
