package modsdir

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// testdata/terraform-modules.json was written by terraform v1.11.4 init
// for a stack with local modules, git modules with //subdir and a local
// module inside a git one.
func TestManifestRoundTripsTerraformsFileByteForByte(t *testing.T) {
	src, err := os.ReadFile("testdata/terraform-modules.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(src, "terraform-modules.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Marshal(); !bytes.Equal(got, src) {
		t.Errorf("Marshal differs from Terraform's file:\n got %s\nwant %s", got, src)
	}
	if dir, ok := m.Dir([]string{"net", "subnets"}); !ok || dir != filepath.FromSlash(".terraform/modules/net.subnets/modules/sub") {
		t.Errorf("Dir(net.subnets) = %q, %v", dir, ok)
	}
	if dir, ok := m.Dir(nil); !ok || dir != "." {
		t.Errorf("Dir(root) = %q, %v", dir, ok)
	}
	if _, ok := m.Dir([]string{"nope"}); ok {
		t.Error("Dir of an unknown module reported a record")
	}
}

func TestWriteIsAtomicAndReadable(t *testing.T) {
	stack := t.TempDir()
	m := Manifest{
		"":    {Key: "", Dir: "."},
		"vpc": {Key: "vpc", Source: "registry.terraform.io/acme/vpc/aws", Version: "5.1.0", Dir: filepath.FromSlash(".terraform/modules/vpc")},
	}
	if err := m.Write(stack); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(stack, ".terraform", "modules", "modules.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/acme/vpc/aws","Version":"5.1.0","Dir":".terraform/modules/vpc"}]}`
	if string(raw) != want {
		t.Errorf("file = %s\nwant %s", raw, want)
	}
	entries, _ := os.ReadDir(filepath.Join(stack, ".terraform", "modules"))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	back, err := Read(stack)
	if err != nil || back["vpc"] != m["vpc"] {
		t.Errorf("Read back %v, %v", back, err)
	}
	empty, err := Read(t.TempDir())
	if err != nil || len(empty) != 0 {
		t.Errorf("a missing manifest should read as empty: %v %v", empty, err)
	}
	if _, err := Parse([]byte(`{"Modules":[`), "x"); err == nil {
		t.Error("a corrupt manifest was accepted")
	}
}

func rng(line int) hcl.Range {
	return hcl.Range{Filename: "main.tf", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 10}}
}

func TestResolveSaysWhatToDo(t *testing.T) {
	stack := t.TempDir()
	if err := os.MkdirAll(filepath.Join(stack, "modules", "net"), 0o755); err != nil {
		t.Fatal(err)
	}
	m := Manifest{
		"":    {Dir: "."},
		"net": {Key: "net", Source: "./modules/net", Dir: filepath.FromSlash("modules/net")},
		"vpc": {Key: "vpc", Source: "registry.terraform.io/acme/vpc/aws", Version: "5.1.0", Dir: filepath.FromSlash(".terraform/modules/vpc")},
		"old": {Key: "old", Source: "./modules/old", Dir: filepath.FromSlash("modules/old")},
	}
	call := func(name, source, version string) Call {
		return Call{Name: name, Source: source, Version: version, DeclRange: rng(1), SourceRange: rng(2), VersionRange: rng(3)}
	}
	dir, diags := m.Resolve(stack, []string{"net"}, call("net", "./modules//net", ""))
	if diags.HasErrors() || dir != filepath.FromSlash("modules/net") {
		t.Fatalf("Resolve(net) = %q %v", dir, diags)
	}
	cases := []struct {
		name    string
		call    Call
		summary string
		line    int
		detail  string
	}{
		{"not recorded", call("app", "./app", ""), "Module not installed", 1, `Run "trueup init"`},
		{"source changed", call("net", "./modules/net2", ""), "Module source has changed", 2, "source address was changed"},
		{"version no longer acceptable", call("vpc", "acme/vpc/aws", "~> 6.0"), "Module version requirements have changed", 2, "installed version (5.1.0)"},
		{"directory gone", call("old", "./modules/old", ""), "Module not installed", 1, "could not be read"},
		{"bad source", call("net", "modules/net", ""), "Invalid module source address", 2, `use "./modules/net"`},
		{"bad constraint", call("vpc", "acme/vpc/aws", "~> banana"), "Invalid version constraint", 3, "version constraint syntax"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := m.Resolve(stack, []string{c.call.Name}, c.call)
			if len(diags) != 1 {
				t.Fatalf("diags = %v", diags)
			}
			d := diags[0]
			if d.Summary != c.summary || d.Subject == nil || d.Subject.Start.Line != c.line || !strings.Contains(d.Detail, c.detail) {
				t.Errorf("got %q at %v: %s", d.Summary, d.Subject, d.Detail)
			}
		})
	}
}
