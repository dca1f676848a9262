package graph

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file missing (run go test -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func stack() *Graph[string] {
	return build([]string{"var.region"},
		[2]string{"aws_subnet.a", "aws_vpc.main"},
		[2]string{"aws_subnet.b", "aws_vpc.main"},
		[2]string{"aws_instance.web", "aws_subnet.a"},
		[2]string{"aws_instance.web", "aws_subnet.b"},
		[2]string{"output.ip", "aws_instance.web"},
		[2]string{`null_resource.q["a \"quoted\" key"]`, "aws_vpc.main"})
}

func TestStringGolden(t *testing.T) { golden(t, "string.golden", stack().String()) }

func TestDOTGolden(t *testing.T) {
	label := func(k string) string { return strings.ToUpper(k[:1]) + k[1:] }
	golden(t, "dot.golden", stack().DOT("trueup", label))
}

func TestDOTWithoutLabelShowsKeys(t *testing.T) {
	got := build(nil, [2]string{"a", "b"}).DOT("g", nil)
	want := "digraph \"g\" {\n  compound = \"true\"\n  newrank = \"true\"\n" +
		"  \"a\" [label = \"a\", shape = \"box\"]\n  \"b\" [label = \"b\", shape = \"box\"]\n  \"a\" -> \"b\"\n}\n"
	if got != want {
		t.Errorf("DOT:\n%s\nwant:\n%s", got, want)
	}
}
