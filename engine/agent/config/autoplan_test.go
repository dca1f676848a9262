package config

import (
	"strings"
	"testing"
)

func TestAutoplanPatternErrorsAreLocated(t *testing.T) {
	tests := []struct {
		name, block string
		summary     string
	}{
		{"a pattern leaving the repository", `when_modified = ["../../../x/*.tf"]`, "Invalid when_modified pattern"},
		{"an absolute pattern", `when_modified = ["/etc/*.tf"]`, "Invalid when_modified pattern"},
		{"a pattern that does not parse", `when_modified = ["[a-"]`, "Invalid when_modified pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := depsServer + "stack \"app\" {\n  repo = \"x\"\n  path = \"envs/dev\"\n  autoplan {\n    " + tt.block + "\n  }\n}\n"
			_, _, diags := Parse([]byte(src), "agent.hcl", Options{})
			for _, d := range diags {
				if d.Summary == tt.summary && d.Subject != nil && d.Subject.Start.Line == 6 {
					return
				}
			}
			t.Errorf("want %q at line 6, got: %s", tt.summary, diags.Error())
		})
	}
}

func TestStackTouchedByItsPatternsAndModules(t *testing.T) {
	src := depsServer + `
stack "dev" {
  repo = "x"
  path = "envs/dev"
}
stack "picky" {
  repo = "x"
  path = "envs/prod"
  autoplan {
    enabled       = false
    when_modified = ["*.tf", "../common/*.tfvars", "../../modules/**/*.tf"]
  }
}
`
	cfg, _, diags := Parse([]byte(src), "agent.hcl", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	dev, picky := cfg.Stack("dev"), cfg.Stack("picky")
	if !picky.Autoplan.Disabled || dev.Autoplan.Disabled {
		t.Errorf("autoplan disabled: dev %v, picky %v; want only picky", dev.Autoplan.Disabled, picky.Autoplan.Disabled)
	}
	tests := []struct {
		name    string
		stack   *Stack
		changed []string
		modules []string
		want    bool
	}{
		{"any file under the default stack's directory", dev, []string{"envs/dev/README.md"}, nil, true},
		{"a sibling directory with a shared prefix is not the stack's", dev, []string{"envs/dev2/main.tf"}, nil, false},
		{"a file of a local module the stack calls", dev, []string{"modules/net/main.tf"}, []string{"modules/net"}, true},
		{"a file of another module", dev, []string{"modules/db/main.tf"}, []string{"modules/net"}, false},
		{"a .tf file matches *.tf", picky, []string{"envs/prod/main.tf"}, nil, true},
		{"a README is not among the patterns", picky, []string{"envs/prod/README.md"}, nil, false},
		{"a shared tfvars outside the directory matches ../common/*.tfvars", picky, []string{"envs/common/prod.tfvars"}, nil, true},
		{"** matches nested module files", picky, []string{"modules/a/b/c.tf"}, nil, true},
		{"** does not match other extensions", picky, []string{"modules/a/b/c.md"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.stack.Touched(tt.changed, tt.modules); got != tt.want {
				t.Errorf("Touched(%v, %v) = %v, want %v", tt.changed, tt.modules, got, tt.want)
			}
		})
	}
}

func TestInferredDependencyClosingACycleIsRefused(t *testing.T) {
	src := depsServer + "stack \"a\" {\n  repo = \"x\"\n  depends_on = [\"b\"]\n}\nstack \"b\" {\n  repo = \"x\"\n}\nstack \"c\" {\n  repo = \"x\"\n}\n"
	cfg, _, diags := Parse([]byte(src), "agent.hcl", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if err := cfg.AddInferred("b", "a", "data.terraform_remote_state.a"); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("b -> a closing a cycle: err = %v", err)
	}
	if err := cfg.AddInferred("c", "b", "data.terraform_remote_state.b"); err != nil {
		t.Fatal(err)
	}
	if got := cfg.InDependencyOrder(cfg.Stacks); got[0].Name != "b" || got[2].Name != "c" && got[1].Name != "c" {
		t.Errorf("order %s %s %s: b must come first", got[0].Name, got[1].Name, got[2].Name)
	}
	if up := cfg.Stack("b").Upstream(); len(up) != 0 {
		t.Errorf("the refused edge stayed: b's upstream = %v", up)
	}
}
