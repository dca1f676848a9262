package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestIsConfigFileName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"main.tf", true},
		{"main.tf.json", true},
		{"terraform.tfvars", false},
		{"main.tf~", false},
		{".#main.tf", false},
		{"#main.tf#", false},
		{".hidden.tf", false},
		{"main.json", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsConfigFileName(tt.name); got != tt.want {
				t.Errorf("IsConfigFileName(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestLoadSourcesMatchesLoad(t *testing.T) {
	fromDisk := mustLoad(t, everythingDir)
	fromSnapshot, diags := LoadSources(everythingDir, fromDisk.Sources)
	if diags.HasErrors() {
		t.Fatalf("LoadSources: %s", diags.Error())
	}
	if len(fromSnapshot.ManagedResources) != len(fromDisk.ManagedResources) ||
		len(fromSnapshot.Variables) != len(fromDisk.Variables) ||
		len(fromSnapshot.Files) != len(fromDisk.Files) {
		t.Errorf("snapshot load differs from disk load")
	}
}

func TestLoadSourcesSkipsWhatLoadSkips(t *testing.T) {
	mod, diags := LoadSources("stack", map[string][]byte{
		"main.tf":      []byte(`resource "null_resource" "a" {}`),
		"main.tf~":     []byte(`garbage {{{`),
		"sub/other.tf": []byte(`garbage {{{`),
		"notes.txt":    []byte(`garbage {{{`),
		"vars.tfvars":  []byte(`garbage {{{`),
		".#lock.tf":    []byte(`garbage {{{`),
		"data.tf.json": []byte(`{"data": {"local_file": {"x": {"filename": "f"}}}}`),
	})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors: %s", diags.Error())
	}
	if len(mod.Sources) != 2 || mod.ManagedResources["null_resource.a"] == nil || mod.DataResources["data.local_file.x"] == nil {
		t.Errorf("sources = %d, resources = %v, data = %v", len(mod.Sources), mod.ManagedResources, mod.DataResources)
	}
}

func TestLoadMissingDirectoryIsAnError(t *testing.T) {
	_, diags := Load(filepath.Join(t.TempDir(), "absent"))
	if !diags.HasErrors() || diags[0].Summary != "Failed to read configuration directory" {
		t.Fatalf("got %v", diags)
	}
}

func TestLoadDiagnosticsNameTheFileAsGiven(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.tf"), []byte("resource \"x\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags := Load(dir)
	if !diags.HasErrors() {
		t.Fatal("want an error for a resource block with one label")
	}
	if got, want := diags[0].Subject.Filename, filepath.Join(dir, "bad.tf"); got != want {
		t.Errorf("filename = %q, want %q", got, want)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		wantSummary string
		wantLine    int
		wantDetail  string
	}{
		{"duplicate resource names the previous declaration",
			"resource \"null_resource\" \"a\" {}\nresource \"null_resource\" \"a\" {}\n",
			`Duplicate resource "null_resource" configuration`, 2, "main.tf:1,1-29"},
		{"duplicate variable names the previous declaration",
			"variable \"x\" {}\nvariable \"x\" {}\n", "Duplicate variable declaration", 2, "main.tf:1,1-13"},
		{"duplicate provider without alias",
			"provider \"aws\" {}\nprovider \"aws\" {}\n", "Duplicate provider configuration", 2, "already given"},
		{"duplicate backend", "terraform {\n  backend \"local\" {}\n  backend \"s3\" {}\n}\n", "Duplicate backend configuration", 3, ""},
		{"override of a resource that does not exist", "resource \"a\" \"b\" {}\n", "Missing resource to override", 1, "There is no a resource named \"b\""},
		{"cloud block is refused", "terraform {\n  cloud {}\n}\n", `Unsupported "cloud" block`, 2, ""},
		{"moved block needs from and to", "moved {\n}\n", "Missing required argument", 1, "\"from\" is required"},
		{"provisioner of an unknown type", "resource \"a\" \"b\" {\n  provisioner \"chef\" {}\n}\n", "Invalid provisioner type", 2, "local-exec, file and remote-exec"},
		{"provisioner with a bad when", "resource \"a\" \"b\" {\n  provisioner \"local-exec\" {\n    when = later\n  }\n}\n", `Invalid "when" keyword`, 3, "create or destroy"},
		{"destroy provisioner referring to another resource", "resource \"a\" \"b\" {\n  provisioner \"local-exec\" {\n    when = destroy\n    command = a.c.id\n  }\n}\n", "Invalid reference from destroy provisioner", 4, "self"},
		{"replace_triggered_by a variable is refused", "resource \"a\" \"b\" {\n  lifecycle {\n    replace_triggered_by = [var.x]\n  }\n}\n", "Invalid reference in replace_triggered_by expression", 3, "Only resources"},
		{"depends_on an attribute is refused", "resource \"a\" \"b\" {\n  depends_on = [a.c.id]\n}\n", "Invalid depends_on reference", 2, "whole resource"},
		{"depends_on a variable is refused", "resource \"a\" \"b\" {\n  depends_on = [var.x]\n}\n", "Invalid depends_on reference", 2, "var.x"},
		{"provider as a string is refused", "resource \"a\" \"b\" {\n  provider = \"aws\"\n}\n", "Invalid provider configuration reference", 2, ""},
		{"quoted type is refused", "variable \"x\" {\n  type = \"string\"\n}\n", "Invalid quoted type constraints", 2, ""},
		{"default of the wrong type", "variable \"x\" {\n  type = number\n  default = \"abc\"\n}\n", "Invalid default value for variable", 3, "a number is required"},
		{"null default with nullable false", "variable \"x\" {\n  nullable = false\n  default = null\n}\n", "Invalid default value for variable", 3, "nullable = false"},
		{"reserved variable name", "variable \"count\" {}\n", "Invalid variable name", 1, "reserved"},
		{"required_providers with a reference", "terraform {\n  required_providers {\n    aws = { source = var.x }\n  }\n}\n", "Invalid required_providers entry", 3, ""},
		{"malformed provider source", "terraform {\n  required_providers {\n    aws = { source = \"a/b/c/d\" }\n  }\n}\n", "Invalid required_providers entry", 3, "[HOSTNAME/]NAMESPACE/TYPE"},
		{"ignore_changes with a string", "resource \"a\" \"b\" {\n  lifecycle {\n    ignore_changes = [\"tags\"]\n  }\n}\n", "Invalid ignore_changes", 3, ""},
		{"provider version is deprecated (warning)", "provider \"aws\" {\n  version = \"1\"\n}\n", "Version constraints inside provider configuration blocks are deprecated", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "main.tf"
			if strings.Contains(tt.name, "override") {
				name = "main_override.tf"
			}
			_, diags := LoadSources("", map[string][]byte{name: []byte(tt.src)})
			d := findDiag(diags, tt.wantSummary)
			if d == nil {
				t.Fatalf("no diagnostic %q in %v", tt.wantSummary, diags)
			}
			if d.Subject == nil || d.Subject.Start.Line != tt.wantLine || d.Subject.Filename != name {
				t.Errorf("subject = %v, want %s line %d", d.Subject, name, tt.wantLine)
			}
			if !strings.Contains(d.Detail, tt.wantDetail) {
				t.Errorf("detail %q does not contain %q", d.Detail, tt.wantDetail)
			}
		})
	}
}

func findDiag(diags hcl.Diagnostics, summary string) *hcl.Diagnostic {
	for _, d := range diags {
		if d.Summary == summary {
			return d
		}
	}
	return nil
}
