package config

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

const globsSrc = `server { data_dir = "/d" }
stack "network" {
  repo = "file:///r"
  path = "network"
}
stack "app" {
  repo          = "file:///r"
  path          = "envs/*"
  auto_apply    = true
  workspace     = "blue"
  depends_on    = ["network"]
  autoplan {
    when_modified = ["*.tf", "../common/*.tf"]
  }
}
stack "regions" {
  repo          = "file:///r"
  path          = ["regions/**", "extra"]
  name_template = "r-${base}"
  depends_on    = ["app"]
}
`

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	cfg, _, diags := Parse([]byte(src), "agent.hcl", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return cfg
}

func names(stacks []*Stack) []string {
	var out []string
	for _, s := range stacks {
		out = append(out, s.Name)
	}
	return out
}

func TestGlobExpandsIntoStacksInheritingTheBlock(t *testing.T) {
	cfg := mustParse(t, globsSrc)
	if got := names(cfg.Stacks); !slices.Equal(got, []string{"network"}) {
		t.Fatalf("stacks before expansion = %v", got)
	}
	if len(cfg.Globs) != 2 || !cfg.Globs[0].Match("envs/prod") || cfg.Globs[0].Match("envs/prod/x") || !cfg.Globs[1].Match("regions/eu/west") {
		t.Fatalf("globs = %+v", cfg.Globs)
	}
	out, diags := cfg.Expand(map[string][]string{"app": {"envs/dev", "envs/prod"}, "regions": {"extra", "regions/eu/west"}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	want := []string{"network", "app-envs-dev", "app-envs-prod", "r-extra", "r-west"}
	if got := names(out.Stacks); !slices.Equal(got, want) {
		t.Fatalf("stacks = %v, want %v", got, want)
	}
	prod := out.Stack("app-envs-prod")
	if prod.Path != "envs/prod" || prod.Glob != "app" || !prod.AutoApply || prod.Workspace != "blue" || !slices.Equal(prod.DependsOn, []string{"network"}) {
		t.Errorf("app-envs-prod = %+v", prod)
	}
	if !slices.Equal(prod.Autoplan.Patterns, []string{"envs/prod/*.tf", "envs/common/*.tf"}) {
		t.Errorf("autoplan patterns = %v", prod.Autoplan.Patterns)
	}
	if !prod.Touched([]string{"envs/common/x.tf"}, nil) || prod.Touched([]string{"envs/dev/main.tf"}, nil) {
		t.Error("autoplan of the expansion does not follow its directory")
	}
	if got := out.Stack("r-west").DependsOn; !slices.Equal(got, []string{"app-envs-dev", "app-envs-prod"}) {
		t.Errorf("depends_on naming a glob = %v, want its stacks", got)
	}
	order := names(out.InDependencyOrder(out.Stacks))
	if slices.Index(order, "r-west") < slices.Index(order, "app-envs-prod") || slices.Index(order, "app-envs-dev") < slices.Index(order, "network") {
		t.Errorf("dependency order = %v", order)
	}
	if cfg.Stack("app-envs-prod") != nil || len(cfg.Stacks) != 1 {
		t.Error("Expand changed the configuration it expands")
	}
	dot := out.GraphDOT()
	for _, w := range []string{`subgraph "cluster_app"`, `label = "app (envs/*)"`, `"r-west" -> "app-envs-dev"`, `"app-envs-prod" -> "network"`} {
		if !strings.Contains(dot, w) {
			t.Errorf("graph lacks %s:\n%s", w, dot)
		}
	}
	again, diags := out.Expand(map[string][]string{"app": {"envs/prod"}, "regions": {"extra"}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if got := names(again.Stacks); !slices.Equal(got, []string{"network", "app-envs-prod", "r-extra"}) {
		t.Errorf("expanded again with a directory removed: %v", got)
	}
	if got := again.Stack("r-extra").DependsOn; !slices.Equal(got, []string{"app-envs-prod"}) {
		t.Errorf("depends_on after the glob shrank = %v", got)
	}
}

// diagAt reports whether diags hold summary at line.
func diagAt(diags hcl.Diagnostics, summary string, line int) bool {
	for _, d := range diags {
		if d.Summary == summary && d.Subject != nil && d.Subject.Start.Line == line && d.Subject.Filename == "agent.hcl" {
			return true
		}
	}
	return false
}

func TestGlobErrorsAreLocated(t *testing.T) {
	cfg := mustParse(t, globsSrc)
	tests := []struct {
		name    string
		found   map[string][]string
		summary string
		line    int
	}{
		{"a glob matching nothing points at its path", map[string][]string{"regions": {"extra"}}, "Stack path matches nothing", 8},
		{"two directories with one name point at name_template", map[string][]string{"app": {"envs/a"}, "regions": {"regions/eu/x", "regions/us/x"}}, "Duplicate stack", 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := cfg.Expand(tt.found)
			if !diagAt(diags, tt.summary, tt.line) {
				t.Errorf("want %q at line %d, got: %s", tt.summary, tt.line, diags.Error())
			}
		})
	}
}

func TestGlobDeclarationErrors(t *testing.T) {
	tests := []struct {
		name, src, summary string
		line               int
	}{
		{"name_template on one directory", "stack \"a\" {\n  repo = \"x\"\n  path = \"envs/a\"\n  name_template = \"${base}\"\n}", "Unexpected name_template", 5},
		{"name_template with an unknown variable", "stack \"a\" {\n  repo = \"x\"\n  path = \"envs/*\"\n  name_template = \"${nope}\"\n}", "Unknown variable", 5},
		{"a pattern leaving the repository", "stack \"a\" {\n  repo = \"x\"\n  path = [\"../*\"]\n}", "Invalid path", 4},
		{"a glob depending on itself", "stack \"a\" {\n  repo = \"x\"\n  path = \"envs/*\"\n  depends_on = [\"a\"]\n}", "Stack depends on itself", 5},
		{"an expansion named like a stack block", "stack \"a-envs-b\" {\n  repo = \"x\"\n}\nstack \"a\" {\n  repo = \"x\"\n  path = \"envs/*\"\n}", "Duplicate stack", 7},
		{"a path that is not a string", "stack \"a\" {\n  repo = \"x\"\n  path = 3\n}", "Invalid path", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, diags := Parse([]byte(depsServer+tt.src), "agent.hcl", Options{})
			if cfg != nil && !diags.HasErrors() {
				_, diags = cfg.Expand(map[string][]string{"a": {"envs/a", "envs/b"}})
			}
			if !diagAt(diags, tt.summary, tt.line) {
				t.Errorf("want %q at line %d, got: %s", tt.summary, tt.line, diags.Error())
			}
		})
	}
}

func TestUnknownDependsOnIsCheckedAfterExpansion(t *testing.T) {
	src := depsServer + "stack \"a\" {\n  repo = \"x\"\n  path = \"envs/*\"\n}\nstack \"b\" {\n  repo = \"x\"\n  depends_on = [\"a-envs-prod\", \"a-envs-gone\"]\n}\n"
	cfg := mustParse(t, src)
	_, diags := cfg.Expand(map[string][]string{"a": {"envs/prod"}})
	if !diagAt(diags, "Unknown stack in depends_on", 8) || !strings.Contains(diags.Error(), `"a-envs-gone"`) || strings.Contains(diags.Error(), `"a-envs-prod", but`) {
		t.Errorf("got: %s", diags.Error())
	}
}
