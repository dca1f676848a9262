package main

import (
	"strings"
	"testing"
)

func TestVariableValuesFollowTerraformPrecedence(t *testing.T) {
	t.Parallel()
	const config = `
variable "v" {
  type    = string
  default = "default"
}

output "v" {
  value = var.v
}
`
	// Every source, each setting v to its own name.
	all := map[string]string{
		"main.tf":          config,
		"terraform.tfvars": `v = "terraform.tfvars"`,
		"b.auto.tfvars":    `v = "b.auto.tfvars"`,
		"a.auto.tfvars":    `v = "a.auto.tfvars"`,
		"file.tfvars":      `v = "file.tfvars"`,
	}
	cases := []struct {
		name   string
		remove []string
		env    bool
		args   []string
		want   string
	}{
		{"-var beats every other source", nil, true, []string{"-var-file=file.tfvars", "-var", "v=cli"}, "cli"},
		{"of -var and -var-file the later on the command line wins", nil, true, []string{"-var", "v=cli", "-var-file=file.tfvars"}, "file.tfvars"},
		{"-var-file beats auto.tfvars, terraform.tfvars and TF_VAR_", nil, true, []string{"-var-file=file.tfvars"}, "file.tfvars"},
		{"auto.tfvars files beat terraform.tfvars and the later name wins", nil, true, nil, "b.auto.tfvars"},
		{"terraform.tfvars beats TF_VAR_", []string{"a.auto.tfvars", "b.auto.tfvars"}, true, nil, "terraform.tfvars"},
		{"TF_VAR_ beats the default", []string{"a.auto.tfvars", "b.auto.tfvars", "terraform.tfvars"}, true, nil, "env"},
		{"the default applies when nothing sets the variable", []string{"a.auto.tfvars", "b.auto.tfvars", "terraform.tfvars"}, false, nil, "default"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{}
			for name, content := range all {
				files[name] = content
			}
			for _, name := range tc.remove {
				delete(files, name)
			}
			s := newStack(t, files)
			if tc.env {
				s.setenv("TF_VAR_v", "env")
			}
			s.must(0, append([]string{"apply", "-auto-approve", "-input=false"}, tc.args...)...)
			if got := s.must(0, "output", "-raw", "v").stdout; got != tc.want {
				t.Fatalf("v = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTypedVariablesAreConvertedFromEveryKindOfSource(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{
		"main.tf": `
variable "n" {
  type = number
}

variable "tags" {
  type = map(string)
}

variable "flags" {
  type = list(bool)
}

output "summary" {
  value = "${var.n * 2} ${join(",", sort(keys(var.tags)))} ${length(var.flags)}"
}
`,
		"terraform.tfvars.json": `{"tags": {"team": "ops", "env": "dev"}}`,
	})
	s.setenv("TF_VAR_flags", "[true, false, true]")
	s.must(0, "apply", "-auto-approve", "-var", "n=21")
	if got := strings.TrimSpace(s.must(0, "output", "-raw", "summary").stdout); got != "42 env,team 3" {
		t.Fatalf("summary = %q, want %q", got, "42 env,team 3")
	}
}
