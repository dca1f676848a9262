package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/provisioners/sshdtest"
	"github.com/trueup/trueup/engine/state"
)

// sshStack writes a stack whose terraform_data.vm reaches srv through a
// connection block (key in a file, as users keep it), with the given
// provisioner blocks.
func sshStack(t *testing.T, srv *sshdtest.Server, provisioners string) *stack {
	s := newStack(t, nil)
	s.write("id_test", srv.PrivateKey)
	s.write("main.tf", `
resource "terraform_data" "vm" {
  input = "vm1"

  connection {
    host        = "`+srv.Host+`"
    port        = `+strconv.Itoa(srv.Port)+`
    user        = "`+srv.User+`"
    private_key = file("${path.module}/id_test")
    host_key    = "`+srv.HostKey+`"
  }
`+provisioners+`
}
`)
	return s
}

func TestProvisionersOverSSH(t *testing.T) {
	t.Parallel()
	srv := sshdtest.Start(t)
	remote := t.TempDir()
	s := sshStack(t, srv, `
  provisioner "file" {
    content     = "hello ${self.input}\n"
    destination = "`+remote+`/greeting.txt"
  }

  provisioner "remote-exec" {
    inline = ["echo remote says hi", "cat `+remote+`/greeting.txt"]
  }

  provisioner "remote-exec" {
    when   = destroy
    inline = ["echo bye ${self.input} > `+remote+`/bye.txt"]
  }
`)
	r := s.must(0, "apply", "-auto-approve", "-no-color")
	// Terraform 1.11 prints these lines for the same stack (file prints
	// nothing of its own).
	wantInOrder(t, r.stdout,
		"terraform_data.vm: Provisioning with 'file'...",
		"terraform_data.vm: Provisioning with 'remote-exec'...",
		"terraform_data.vm (remote-exec): Connecting to remote host via SSH...",
		"terraform_data.vm (remote-exec):   Host: 127.0.0.1",
		"terraform_data.vm (remote-exec):   User: "+srv.User,
		"terraform_data.vm (remote-exec):   Password: false",
		"terraform_data.vm (remote-exec):   Private key: true",
		"terraform_data.vm (remote-exec):   Certificate: false",
		"terraform_data.vm (remote-exec):   SSH Agent: false",
		"terraform_data.vm (remote-exec):   Checking Host Key: true",
		"terraform_data.vm (remote-exec):   Target Platform: unix",
		"terraform_data.vm (remote-exec): Connected!",
		"terraform_data.vm (remote-exec): remote says hi",
		"terraform_data.vm (remote-exec): hello vm1",
		"terraform_data.vm: Creation complete",
	)
	if strings.Count(r.stdout, "Connecting to remote host") != 1 {
		t.Errorf("only remote-exec prints the connection:\n%s", r.stdout)
	}
	wantNotContains(t, r, "PRIVATE KEY")
	if b, err := os.ReadFile(filepath.Join(remote, "greeting.txt")); err != nil || string(b) != "hello vm1\n" {
		t.Errorf("file provisioner: greeting.txt = %q, %v", b, err)
	}
	if inst := vmInstance(s); inst == nil || inst.Status != "" {
		t.Fatalf("the provisioned object should be in state, not tainted")
	}

	r = s.must(0, "destroy", "-auto-approve", "-no-color")
	wantContains(t, r, "terraform_data.vm: Provisioning with 'remote-exec'...")
	if b, err := os.ReadFile(filepath.Join(remote, "bye.txt")); err != nil || string(b) != "bye vm1\n" {
		t.Errorf("the destroy-time provisioner did not run before the delete: bye.txt = %q, %v", b, err)
	}
}

func TestRemoteExecFailureTaints(t *testing.T) {
	t.Parallel()
	srv := sshdtest.Start(t)
	s := sshStack(t, srv, `
  provisioner "remote-exec" {
    inline = ["echo about to fail", "exit 7"]
  }
`)
	r := s.must(1, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, "terraform_data.vm (remote-exec): about to fail", "Error: remote-exec provisioner error",
		`on main.tf line 13, in resource "terraform_data" "vm":`, "Process exited with status 7")
	inst := vmInstance(s)
	if inst == nil || inst.Status != "tainted" {
		t.Fatalf("a failed creation-time provisioner must leave the object tainted, got %+v", inst)
	}
	r = s.must(0, "plan", "-no-color")
	wantContains(t, r, "# terraform_data.vm is tainted, so must be replaced", "Plan: 1 to add, 0 to change, 1 to destroy.")
}

func TestLocalExecProvisioners(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "terraform_data" "a" {
  input = "one"

  provisioner "local-exec" {
    command = "echo created ${self.input} >> log.txt"
  }

  provisioner "local-exec" {
    when    = destroy
    command = "echo destroyed ${self.output} >> log.txt; exit $FAIL"
    environment = { FAIL = "0" }
  }
}

resource "terraform_data" "after" {
  provisioner "local-exec" {
    command = "echo after ${terraform_data.a.output} >> log.txt"
  }
}
`})
	s.must(0, "apply", "-auto-approve", "-no-color")
	if got := s.read("log.txt"); got != "created one\nafter one\n" {
		t.Errorf("a provisioner's references order it after what it refers to: log.txt =\n%s", got)
	}
	s.must(0, "plan", "-detailed-exitcode", "-no-color")

	// A failing destroy-time provisioner keeps the object.
	s.write("main.tf", strings.Replace(s.read("main.tf"), `FAIL = "0"`, `FAIL = "5"`, 1))
	s.must(0, "apply", "-auto-approve", "-no-color")
	r := s.must(1, "destroy", "-auto-approve", "-no-color")
	wantContains(t, r, "Error: local-exec provisioner error", "exit status 5")
	wantAddresses(t, s.state(), "terraform_data.a")
	if got := s.read("log.txt"); !strings.HasSuffix(got, "destroyed one\n") {
		t.Errorf("the destroy-time provisioner should have run: log.txt =\n%s", got)
	}
}

func TestProvisionerConfigErrors(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "terraform_data" "a" {
  provisioner "local-exec" {
    working_dir = "/tmp"
  }

  provisioner "file" {
    destination = "/tmp/x"
  }

  provisioner "local-exec" {
    when    = destroy
    command = "echo ${terraform_data.b.id}"
  }
}

resource "terraform_data" "b" {}
`})
	for _, cmd := range []string{"validate", "plan"} {
		r := s.must(1, cmd, "-no-color")
		wantContains(t, r, "Error: Invalid reference from destroy provisioner", "on main.tf line 13")
	}
	s.write("main.tf", strings.Replace(s.read("main.tf"), "${terraform_data.b.id}", "${self.id}", 1))
	for _, cmd := range []string{"validate", "plan"} {
		r := s.must(1, cmd, "-no-color")
		wantContains(t, r,
			"Error: Missing required argument", "on main.tf line 3", `The argument "command" is required`,
			"Error: Must provide one of 'source' or 'content'", "on main.tf line 7")
	}
	if s.exists(stateFile) {
		t.Error("a configuration error must not create state")
	}
}

// vmInstance returns terraform_data.vm's object in the stack's state.
func vmInstance(s *stack) *state.Instance {
	r := s.state().FindResource(addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "terraform_data", Name: "vm"})
	if r == nil {
		return nil
	}
	return r.Instance(addrs.NoKey, "")
}

// wantInOrder checks that out holds each line, in this order.
func wantInOrder(t *testing.T, out string, lines ...string) {
	t.Helper()
	rest := out
	for _, l := range lines {
		i := strings.Index(rest, l)
		if i < 0 {
			t.Fatalf("missing (or out of order) %q in:\n%s", l, out)
		}
		rest = rest[i+len(l):]
	}
}

func TestSensitiveProvisionerOutputIsSuppressed(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
variable "token" {
  type      = string
  sensitive = true
}

resource "terraform_data" "a" {
  provisioner "local-exec" {
    command = "echo using ${var.token}; exit 9"
  }
}
`})
	// From the environment: a default would be in the configuration that
	// plan JSON shows, as Terraform's does.
	s.setenv("TF_VAR_token", "tok-8d1f3a")
	for _, args := range [][]string{{"apply", "-auto-approve", "-no-color"}, {"apply", "-auto-approve", "-json"}} {
		r := s.must(1, args...)
		wantNotContains(t, r, "tok-8d1f3a")
		if args[2] == "-no-color" {
			wantContains(t, r, "terraform_data.a (local-exec): (output suppressed due to sensitive value in config)",
				"Error: local-exec provisioner error")
		} else {
			wantContains(t, r, `"type":"provision_errored"`)
		}
	}
}
