package main

import (
	"regexp"
	"strings"
	"testing"
)

func TestFmtCheckExitsThreeOnAnUnformattedFileAndFmtFixesIt(t *testing.T) {
	t.Parallel()
	const unformatted = "resource \"null_resource\" \"a\" {\ntriggers={a=\"b\"}\n    }\nvariable \"long_name\" {\ndefault=1\n}\n"
	const formatted = "resource \"null_resource\" \"a\" {\n  triggers = { a = \"b\" }\n}\nvariable \"long_name\" {\n  default = 1\n}\n"
	s := newStack(t, map[string]string{"main.tf": unformatted, "ok.tf": "output \"ok\" {\n  value = 1\n}\n", "terraform.tfvars": "x   =  1\n"})

	r := s.must(3, "fmt", "-check")
	lines := strings.Fields(r.stdout)
	if strings.Join(lines, " ") != "main.tf terraform.tfvars" {
		t.Fatalf("fmt -check listed %v, want the two unformatted files", lines)
	}
	if s.read("main.tf") != unformatted {
		t.Fatal("fmt -check changed main.tf")
	}

	s.must(0, "fmt")
	if got := s.read("main.tf"); got != formatted {
		t.Fatalf("fmt wrote\n%s\nwant\n%s", got, formatted)
	}
	if got := s.read("terraform.tfvars"); got != "x = 1\n" {
		t.Fatalf("fmt wrote terraform.tfvars as %q", got)
	}
	if got := s.must(0, "fmt", "-check").stdout; got != "" {
		t.Fatalf("fmt -check after fmt listed %q", got)
	}
	s.must(0, "validate")
}

func TestFmtRefusesAFileWithASyntaxErrorAndLeavesItAlone(t *testing.T) {
	t.Parallel()
	const broken = "resource \"null_resource\" \"a\" {\n  triggers = {\n"
	s := newStack(t, map[string]string{"main.tf": broken})
	r := s.run("fmt")
	if r.code == 0 || r.code == 3 {
		t.Fatalf("want an error exit code, got:\n%s", r)
	}
	wantContains(t, r, "main.tf")
	if s.read("main.tf") != broken {
		t.Fatal("fmt changed a file it could not parse")
	}
}

func TestGraphPrintsTheDependencyEdgesAsDOT(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "random_pet" "name" {}

locals {
  path = "${path.module}/${random_pet.name.id}.txt"
}

resource "local_file" "f" {
  filename = local.path
  content  = "x"
}

resource "null_resource" "after" {
  depends_on = [local_file.f]
}

output "file" {
  value = local_file.f.filename
}
`})
	r := s.must(0, "graph")
	if !regexp.MustCompile(`(?s)^\s*digraph\b.*\{.*\}\s*$`).MatchString(r.stdout) {
		t.Fatalf("graph did not print a DOT digraph:\n%s", r)
	}
	edges := map[string]bool{}
	for _, m := range regexp.MustCompile(`"([^"]+)"\s*->\s*"([^"]+)"`).FindAllStringSubmatch(r.stdout, -1) {
		edges[m[1]+" -> "+m[2]] = true
	}
	for _, want := range []string{
		"local.path -> random_pet.name",
		"local_file.f -> local.path",
		"null_resource.after -> local_file.f",
		"output.file -> local_file.f",
	} {
		if !edges[want] {
			t.Errorf("graph lacks the edge %s; it has %v", want, edges)
		}
	}
	if len(edges) != 4 {
		t.Errorf("graph has %d edges, want exactly 4: %v", len(edges), edges)
	}
}
