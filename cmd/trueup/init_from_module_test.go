package main

import (
	"os"
	"testing"
)

// TestInitFromModuleCopiesAModuleIntoAnEmptyDirectory copies a git module
// at a tag (with a local child module) and a registry module's newest
// version into empty directories with `init -from-module`, which then
// plan and apply as their own root; a directory that already holds
// configuration is refused and left as it was.
func TestInitFromModuleCopiesAModuleIntoAnEmptyDirectory(t *testing.T) {
	t.Parallel()
	w := newRemoteModules(t)
	for _, c := range []struct {
		name, src, file, output string
	}{
		{"a git subdirectory at a tag", "git::" + w.repo.FileURL() + "//label?ref=v1.0.0", "sub/main.tf", ""},
		{"a registry module's newest version", w.reg.Host + "/acme/vpc/aws", "main.tf", "vpc 2.0.0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStack(t, map[string]string{"README.md": "kept\n"})
			s.env = append(s.env, w.env...)
			r := s.must(0, "init", "-no-color", "-from-module="+c.src)
			wantContains(t, r, `Copying configuration from "`+c.src+`"...`)
			if !s.exists(c.file) || s.read("README.md") != "kept\n" {
				t.Fatalf("after init -from-module: %s missing or README.md changed", c.file)
			}
			vars := []string{"-var", "name=x"}
			if c.output != "" {
				vars = []string{"-var", "cidr=10.0.0.0/16"}
			}
			s.must(0, append([]string{"apply", "-auto-approve", "-no-color"}, vars...)...)
			if c.output != "" {
				if got := s.outputs()["id"]; got != c.output+" 10.0.0.0/16" {
					t.Fatalf("output id = %v", got)
				}
			}
		})
	}
	t.Run("a directory with configuration is refused", func(t *testing.T) {
		s := newStack(t, map[string]string{"main.tf": "# mine\n"})
		r := s.must(1, "init", "-no-color", "-from-module=git::"+w.repo.FileURL()+"//label?ref=v1.0.0")
		wantContains(t, r, "The working directory already contains files")
		if s.read("main.tf") != "# mine\n" || s.exists("sub") {
			t.Fatal("a refused init -from-module changed the directory")
		}
		if _, err := os.Stat(s.path(".terraform")); err == nil {
			t.Fatal("a refused init -from-module created .terraform")
		}
	})
}
