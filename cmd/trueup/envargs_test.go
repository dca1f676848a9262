package main

import (
	"slices"
	"strings"
	"testing"
)

func TestWithEnvArgsAddsThemAfterTheSubcommandAsTerraform(t *testing.T) {
	env := map[string]string{
		"TF_CLI_ARGS":              "-no-color",
		"TF_CLI_ARGS_plan":         `-parallelism=30 -var 'name=a b'`,
		"TF_CLI_ARGS_state_list":   "-id=x",
		"TF_CLI_ARGS_force_unlock": "-force",
	}
	for _, tt := range []struct {
		args string
		want []string
	}{
		{"plan -out=p", []string{"plan", "-parallelism=30", "-var", "name=a b", "-no-color", "-out=p"}},
		{"apply", []string{"apply", "-no-color"}},
		{"state list aws_s3_bucket.a", []string{"state", "list", "-id=x", "-no-color", "aws_s3_bucket.a"}},
		{"state -h", []string{"state", "-no-color", "-h"}},
		{"force-unlock ID", []string{"force-unlock", "-force", "-no-color", "ID"}},
	} {
		got, err := withEnvArgs(strings.Fields(tt.args), func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.args, got, tt.want)
		}
	}
	if _, err := withEnvArgs([]string{"plan"}, func(string) string { return `-var "unclosed` }); err == nil {
		t.Error("an unclosed quote was accepted")
	}
}

// TestTerraformCLIArgsReachTheCommand runs plan with TF_CLI_ARGS_plan set
// as a CI pipeline sets it.
func TestTerraformCLIArgsReachTheCommand(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": "variable \"name\" {}\n\noutput \"o\" {\n  value = var.name\n}\n"})
	s.must(0, "init")
	s.setenv("TF_CLI_ARGS_plan", `-var 'name=from the environment' -detailed-exitcode`)
	r := s.must(2, "plan", "-no-color")
	wantContains(t, r, `+ o = "from the environment"`)
}
