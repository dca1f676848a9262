package config

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// tree is a repository tree holding files.
func tree(files ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range files {
		name, src, _ := strings.Cut(f, "=")
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func TestGlobDirsFromATree(t *testing.T) {
	cfg := mustParse(t, globsSrc)
	fsys := tree(
		"network/main.tf=",
		"envs/dev/main.tf=",
		"envs/prod/main.tf.json={}",
		"envs/notes/README.md=",
		"envs/.hidden/main.tf=",
		"envs/shared/main.tf=",
		`envs/prod/mod.tf=module "s" { source = "../shared" }`,
		"regions/eu/west/main.tf=",
		"regions/node_modules/x/main.tf=",
		"extra/main.tf=",
	)
	if got := cfg.Glob("app").Dirs(fsys); !slices.Equal(got, []string{"envs/dev", "envs/prod"}) {
		t.Errorf("app's directories = %v (a module, a hidden directory and one without .tf files are not stacks)", got)
	}
	if got := cfg.Glob("regions").Dirs(fsys); !slices.Equal(got, []string{"extra", "regions/eu/west"}) {
		t.Errorf("regions' directories = %v", got)
	}
}

// TestPullRequestHeadAddsAndRemovesStacks: the configuration expanded
// from the base branch, expanded again from a pull request's head tree,
// gains the new directory's stack under the name it keeps after merge
// and loses the removed one's; the other globs keep their stacks.
func TestPullRequestHeadAddsAndRemovesStacks(t *testing.T) {
	cfg := mustParse(t, globsSrc)
	base, diags := cfg.ExpandTree(tree("envs/dev/main.tf=", "envs/prod/main.tf=", "extra/main.tf="), func(*Glob) bool { return true })
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	head := tree("envs/prod/main.tf=", "envs/new/main.tf=", "extra/main.tf=", "regions/us/main.tf=")
	onlyApp := func(g *Glob) bool { return g.Name() == "app" }
	next, diags := base.ExpandTree(head, onlyApp)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if got := names(next.Stacks); !slices.Equal(got, []string{"network", "app-envs-new", "app-envs-prod", "r-extra"}) {
		t.Errorf("stacks at the head = %v (regions/us is not picked)", got)
	}
	ch := CompareStacks(base, next)
	if got := names(ch.Added); !slices.Equal(got, []string{"app-envs-new"}) {
		t.Errorf("added = %v", got)
	}
	if got := names(ch.Removed); !slices.Equal(got, []string{"app-envs-dev"}) {
		t.Errorf("removed = %v", got)
	}
	added := ch.Added[0]
	if added.Path != "envs/new" || added.Glob != "app" || !added.AutoApply || added.Workspace != "blue" || !slices.Equal(added.DependsOn, []string{"network"}) {
		t.Errorf("the new stack does not inherit the block: %+v", added)
	}
	if got := next.Stack("r-extra").DependsOn; !slices.Equal(got, []string{"app-envs-new", "app-envs-prod"}) {
		t.Errorf("depends_on naming the glob at the head = %v", got)
	}
	if base.Stack("app-envs-new") != nil || base.Stack("app-envs-dev") == nil {
		t.Error("expanding from the head changed the base configuration")
	}
}

// TestPullRequestHeadErrorsAreLocated: a directory new at the head whose
// name clashes with a stack block, or a head where the glob matches
// nothing, is an error at the glob's name_template or path.
func TestPullRequestHeadErrorsAreLocated(t *testing.T) {
	src := depsServer + "stack \"app-envs-new\" {\n  repo = \"x\"\n}\nstack \"app\" {\n  repo = \"x\"\n  path = \"envs/*\"\n}\n"
	cfg := mustParse(t, src)
	all := func(*Glob) bool { return true }
	base, diags := cfg.ExpandTree(tree("envs/dev/main.tf="), all)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	_, diags = base.ExpandTree(tree("envs/dev/main.tf=", "envs/new/main.tf="), all)
	if !diagAt(diags, "Duplicate stack", 7) || !strings.Contains(diags.Error(), `"envs/new"`) {
		t.Errorf("a new directory named like a stack block: %s", diags.Error())
	}
	_, diags = base.ExpandTree(tree("other/main.tf="), all)
	if !diagAt(diags, "Stack path matches nothing", 7) {
		t.Errorf("a head where the glob matches nothing: %s", diags.Error())
	}
}
