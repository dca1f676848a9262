package config

import (
	"strings"
	"testing"
)

const depsServer = "server { data_dir = \"/d\" }\n"

func TestDependsOnErrorsAreLocated(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		summary   string
	}{
		{"unknown stack", "stack \"app\" {\n  repo = \"x\"\n  depends_on = [\"network\"]\n}", 4, "Unknown stack in depends_on"},
		{"itself", "stack \"app\" {\n  repo = \"x\"\n  depends_on = [\"app\"]\n}", 4, "Stack depends on itself"},
		{"cycle", "stack \"a\" {\n  repo = \"x\"\n  depends_on = [\"b\"]\n}\nstack \"b\" {\n  repo = \"x\"\n  depends_on = [\"c\"]\n}\nstack \"c\" {\n  repo = \"x\"\n  depends_on = [\"a\"]\n}",
			4, "Dependency cycle between stacks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, diags := Parse([]byte(depsServer+tt.src), "agent.hcl", Options{})
			if cfg != nil {
				t.Fatal("config returned despite errors")
			}
			for _, d := range diags {
				if d.Summary == tt.summary && d.Subject != nil && d.Subject.Start.Line == tt.line {
					if tt.name == "cycle" && !strings.Contains(d.Detail, "a -> b -> c -> a") {
						t.Errorf("cycle detail = %q", d.Detail)
					}
					return
				}
			}
			t.Errorf("want %q at line %d, got: %s", tt.summary, tt.line, diags.Error())
		})
	}
}

func TestDependencyOrderAndGraph(t *testing.T) {
	src := depsServer + `stack "app" {
  repo       = "x"
  depends_on = ["network", "db"]
}
stack "db" {
  repo       = "x"
  depends_on = ["network"]
}
stack "network" { repo = "x" }
stack "dns" { repo = "x" }
`
	cfg, _, diags := Parse([]byte(src), "agent.hcl", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	var names []string
	for _, s := range cfg.InDependencyOrder(cfg.Stacks) {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "network,dns,db,app" {
		t.Errorf("order = %s, want network,dns,db,app", got)
	}
	want := `digraph stacks {
  rankdir = "RL"
  "app"
  "db"
  "network"
  "dns"
  "app" -> "network"
  "app" -> "db"
  "db" -> "network"
}
`
	if got := cfg.GraphDOT(); got != want {
		t.Errorf("graph =\n%s\nwant\n%s", got, want)
	}
}
