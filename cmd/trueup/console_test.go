package main

// console as Terraform's, on the same stack and state: values of every
// type in Terraform's syntax, the state's objects, an object state lacks,
// a module's outputs, variables unset and sensitive, type(), help, exit,
// several lines from a pipe, and errors. The script runs with terraform
// on PATH, or against its recording.

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

const consoleRecording = "../../testdata/e2e/console/terraform-1.11.4.json"

const consoleStackTF = `variable "region" {
  default = "eu-west-1"
}

variable "required" {
  type = string
}

variable "secret" {
  default   = "hunter2"
  sensitive = true
}

variable "eph" {
  default   = "fleeting"
  ephemeral = true
}

locals {
  m     = { a = 1, b = "x" }
  s     = toset(["b", "a"])
  l     = tolist([1, 2])
  multi = "first\nsecond\n"
  obj = {
    name  = "n"
    tags  = { env = "prod" }
    ports = [80, 443]
    doc   = { text = "one\ntwo" }
    none  = null
  }
}

resource "terraform_data" "one" {
  input = { name = var.region, size = 3 }
}

resource "terraform_data" "counted" {
  count = 2
  input = "c${count.index}"
}

module "child" {
  source = "./child"
  name   = var.region
}
`

const consoleChildTF = `variable "name" {
  type = string
}

output "greeting" {
  value = "hello ${var.name}"
}

output "list" {
  value = [var.name, 2]
}
`

// consoleAnswer is what console printed and its exit code for one input.
type consoleAnswer struct {
	Input string `json:"input"`
	Code  int    `json:"code"`
	Out   string `json:"out"`
}

var consoleInputs = []string{
	"var.region", "var.required", "var.secret", "nonsensitive(var.secret)",
	"var.eph", "{ a = var.eph, b = 1 }", "ephemeralasnull({ a = var.eph, b = 1 })",
	"terraform.applying", "ephemeralasnull(terraform.applying)", "terraform.nope",
	"local.m", "local.s", "local.l", "local.multi", "local.obj",
	"terraform_data.one.output", "terraform_data.counted[1].output", "length(terraform_data.counted)",
	"terraform_data.later", "terraform_data.later.input",
	"module.child.greeting", "module.child",
	"type(local.obj)", "type(local.l)", "type([{a = 1}])", "type(tomap({a = [1]}))",
	"[type(1)]", "tostring(null)", "tolist(null)", "{ for k, v in local.m : k => v if k == \"a\" }",
	"\"a\"\n\"b\"", "1\nexit\n2", "help", "",
	"nosuch.x", "data.nosuch.x", "local.nope", "var.nope", "module.nope.x", "1 +",
}

func runConsoleScript(t *testing.T, dir string, run runFunc, console func(stdin string) (int, string)) []consoleAnswer {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "child"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"child/main.tf": consoleChildTF, "terraform.tfvars": "required = \"given\"\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	applyScriptStack(t, dir, run, consoleStackTF)
	// Then a resource state lacks, and no value for the required variable.
	if err := os.WriteFile(filepath.Join(dir, "later.tf"), []byte("resource \"terraform_data\" \"later\" {\n  input = local.l\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "terraform.tfvars")); err != nil {
		t.Fatal(err)
	}
	var answers []consoleAnswer
	for _, in := range consoleInputs {
		code, out := console(in)
		answers = append(answers, consoleAnswer{Input: in, Code: code, Out: consoleOutput(out)})
	}
	// -plan: the planned values, a variable without a value unknown.
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfvars"), []byte("required = \"again\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, in := range consolePlanInputs {
		code, out := console("-plan\x00" + in)
		answers = append(answers, consoleAnswer{Input: "-plan " + in, Code: code, Out: consoleOutput(out)})
	}
	return answers
}

var consolePlanInputs = []string{"terraform_data.later.input", "terraform_data.later.output", "terraform_data.one.output", "var.required"}

// consoleArgs splits a script's console input into console's arguments
// and its standard input: "-plan\x00EXPR" runs console -plan.
func consoleArgs(in string) ([]string, string) {
	args := []string{"console", "-no-color"}
	if flag, rest, ok := strings.Cut(in, "\x00"); ok {
		return append(args, flag), rest
	}
	return args, in
}

// consoleOutput is what console printed, without colour and with
// Terraform's name as trueup's, each line's trailing space removed.
func consoleOutput(out string) string {
	out = strings.NewReplacer("Terraform", "trueup", "terraform", "trueup").Replace(ansi.ReplaceAllString(out, ""))
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func TestConsoleAsTerraform(t *testing.T) {
	t.Parallel()
	want := terraformRecorded(t, consoleRecording, func(tf string) []consoleAnswer {
		dir := t.TempDir()
		run := terraformInputRunner(t, tf, dir)
		return runConsoleScript(t, dir, terraformRunner(t, tf, dir), func(in string) (int, string) {
			args, stdin := consoleArgs(in)
			return run(nil, stdin, args...)
		})
	}, func(a, b []consoleAnswer) bool { return slices.Equal(a, b) })
	s := newStack(t, nil)
	got := runConsoleScript(t, s.dir, func(env []string, args ...string) (int, string) {
		r := s.runEnv(env, args...)
		return r.code, r.stdout + r.stderr
	}, func(in string) (int, string) {
		args, stdin := consoleArgs(in)
		r := s.runInput(stdin, args...)
		return r.code, r.stdout + r.stderr
	})
	if len(got) != len(want) {
		t.Fatalf("%d answers, terraform's results have %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("console < %q: exit %d\n%s\n--- terraform: exit %d\n%s", got[i].Input, got[i].Code, got[i].Out, want[i].Code, want[i].Out)
		}
	}
}

// TestConsoleOnATerminal types at console on a terminal: an expression,
// one that goes on over three lines (the prompt turns to ": "), a
// Control-C in the middle of another (which drops it), an error, which
// does not end the session, and exit.
func TestConsoleOnATerminal(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": "locals {\n  m = { a = 1 }\n}\n"})
	if r := s.run("init"); r.code != 0 {
		t.Fatalf("init: %s", r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := s.command(ctx, "console", "-no-color")
	cmd.Env = append(cmd.Env, "TERM=xterm")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	raw, _ := readTerminal(tty)
	shown := func() string { return ansi.ReplaceAllString(strings.ReplaceAll(raw(), "\r", ""), "") }
	exchange := func(typed, want string) {
		t.Helper()
		before := len(shown())
		if _, err := io.WriteString(tty, typed); err != nil {
			t.Fatal(err)
		}
		waitFor(t, fmt.Sprintf("%q after typing %q", want, typed), 30*time.Second, func() bool {
			return strings.Contains(shown()[before:], want)
		})
	}
	waitFor(t, "the prompt", 30*time.Second, func() bool { return strings.Contains(shown(), "> ") })
	exchange("local.m.a + 1\r", "\n2\n")
	exchange("[\r", ": ")
	exchange("  local.m.a,\r", ": ")
	exchange("]\r", "[\n  1,\n]")
	exchange("{\r", ": ")
	exchange("\x03", "(multi-line entry canceled)")
	exchange("local.nope\r", "Reference to undeclared local value")
	exchange("\"still here\"\r", `"still here"`)
	if _, err := io.WriteString(tty, "exit\r"); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(cmd.Wait()); code != 0 {
		t.Fatalf("console exited %d:\n%s", code, shown())
	}
}
