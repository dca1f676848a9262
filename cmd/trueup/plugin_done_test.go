package main

// Issue 11's "Done means": one stack mixing a built-in provider
// (terraform_data), a protocol-5 plugin (sdk, from a filesystem mirror)
// and a protocol-6 plugin (fw, from a provider registry: zips, signed
// SHA256SUMS), installed by trueup init, through its whole life; the lock
// file byte for byte as Terraform writes it.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders/registrytest"
	"github.com/trueup/trueup/internal/testproviders/build"
)

const doneStackTF = `
terraform {
  required_providers {
    fw  = { source = "HOST/trueup/fw", version = "~> 1.0" }
    sdk = { source = "trueup/sdk", version = "1.0.0" }
  }
}

resource "fw_thing" "a" {
  name   = "alpha"
  secret = "hunter2"
  rule {
    port  = 80
    proto = "tcp"
  }
}

resource "sdk_thing" "s" {
  name = fw_thing.a.name
  member { name = "x" }
}

resource "terraform_data" "t" {
  input = sdk_thing.s.name
}

resource "fw_thing" "imp" {
  name = "adopted"
  size = 7
}

output "name" {
  value = terraform_data.t.output
}
`

// doneMeansStack returns a stack of doneStackTF whose CLI configuration
// installs trueup/sdk from a filesystem mirror and the registry srv's
// trueup/fw directly, and the directory where the plugins keep objects.
func doneMeansStack(t *testing.T, srv *registrytest.Server) (*stack, string) {
	t.Helper()
	mirror := t.TempDir()
	sdk := build.Provider(t, "sdk")
	dir := filepath.Join(mirror, "registry.terraform.io", "trueup", "sdk", sdk.Version, "linux_amd64")
	must(t, os.MkdirAll(dir, 0o755))
	data, err := os.ReadFile(sdk.Path)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, filepath.Base(sdk.Path)), data, 0o755))
	cli := `provider_installation {
  filesystem_mirror {
    path    = "` + mirror + `"
    include = ["registry.terraform.io/trueup/sdk"]
  }
  direct {
    include = ["` + srv.Host + `/trueup/*"]
  }
}
`
	s := providerStack(t, srv, cli, map[string]string{"main.tf": strings.ReplaceAll(doneStackTF, "HOST", srv.Host)})
	objects := t.TempDir()
	s.setenv("FW_DIR", objects)
	s.setenv("SDK_DIR", objects)
	return s, objects
}

// doneRegistry serves the fw test provider (protocol 6) as
// trueup/fw 1.0.0 for linux_amd64.
func doneRegistry(t *testing.T) *registrytest.Server {
	t.Helper()
	fw := build.Provider(t, "fw")
	exe, err := os.ReadFile(fw.Path)
	must(t, err)
	srv := registrytest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddPackage("trueup", "fw", fw.Version, "linux_amd64", "6.0", exe)
	return srv
}

func TestPluginDoneMeansMixedStackFromMirrorAndRegistry(t *testing.T) {
	t.Parallel()
	srv := doneRegistry(t)
	s, objects := doneMeansStack(t, srv)
	r := s.must(0, "init", "-no-color")
	wantLines(t, r,
		"- Installed "+srv.Host+"/trueup/fw v1.0.0 (self-signed, key ID "+srv.KeyID()+")",
		"- Installed trueup/sdk v1.0.0 (unauthenticated)")
	wantTerraformsLockFile(t, srv, s)

	// Import adopts an object made outside.
	rec := `{"name":"adopted","size":7,"secret":null,"tags":null,"endpoint":null,"rule":[],"member":[],"created":"c0"}`
	must(t, os.MkdirAll(filepath.Join(objects, "fw_thing"), 0o755))
	must(t, os.WriteFile(filepath.Join(objects, "fw_thing", "abc123.json"), []byte(rec), 0o644))
	s.must(0, "import", "fw_thing.imp", "abc123")

	r = s.must(2, "plan", "-detailed-exitcode", "-no-color")
	wantLines(t, r, "Plan: 3 to add, 0 to change, 0 to destroy.")
	s.must(0, "apply", "-auto-approve", "-no-color")
	st := s.read(stateFile)
	for _, want := range []string{`provider[\"` + srv.Host + `/trueup/fw\"]`, `provider[\"registry.terraform.io/trueup/sdk\"]`, `provider[\"terraform.io/builtin/terraform\"]`} {
		if !strings.Contains(st, want) {
			t.Errorf("state lacks %s", want)
		}
	}
	if !strings.Contains(st, "hunter2") {
		t.Error("state lacks the sensitive value it must keep")
	}
	if out := s.must(0, "output", "-raw", "name").stdout; out != "alpha" {
		t.Errorf("output name = %q", out)
	}
	s.must(0, "plan", "-detailed-exitcode")

	// Drift: the sdk object changes outside; drift finds it, apply heals it.
	ids := regexp.MustCompile(`"type": "sdk_thing"[\s\S]*?"id": "([0-9a-f]+)"`).FindStringSubmatch(st)
	if ids == nil {
		t.Fatalf("no sdk_thing id in state:\n%s", st)
	}
	p := filepath.Join(objects, "sdk_thing", ids[1]+".json")
	data, err := os.ReadFile(p)
	must(t, err)
	must(t, os.WriteFile(p, []byte(strings.Replace(string(data), `"x"`, `"y"`, 1)), 0o644))
	r = s.must(2, "drift", "-detailed-exitcode", "-no-color")
	wantLines(t, r, "sdk_thing.s")
	s.must(0, "apply", "-auto-approve")
	s.must(0, "drift", "-detailed-exitcode")

	s.must(0, "destroy", "-auto-approve", "-no-color")
	for _, typ := range []string{"fw_thing", "sdk_thing"} {
		if entries, _ := os.ReadDir(filepath.Join(objects, typ)); len(entries) != 0 {
			t.Errorf("%d %s objects left after destroy", len(entries), typ)
		}
	}
	wantNoPluginProcesses(t, s)
}

// lockHashRE matches the hashes of a lock file, which depend on the
// test providers' build.
var lockHashRE = regexp.MustCompile(`"(h1|zh):[^"]+"`)

// wantTerraformsLockFile compares s's lock file with the one terraform
// init writes for the same stack, CLI configuration and registry, byte
// for byte (the registry's host:port as HOST); without terraform on PATH,
// with Terraform's recorded in testdata/plugin-compat/done-lock.hcl, its
// hashes (which depend on the build) as h1:HASH and zh:HASH.
func wantTerraformsLockFile(t *testing.T, srv *registrytest.Server, s *stack) {
	t.Helper()
	got := strings.ReplaceAll(s.read(depsfile.FileName), srv.Host, "HOST")
	record := filepath.Join("testdata", "plugin-compat", "done-lock.hcl")
	normal := func(lock string) string { return lockHashRE.ReplaceAllString(lock, `"$1:HASH"`) }
	tf, err := exec.LookPath("terraform")
	if err != nil {
		data, err := os.ReadFile(record)
		must(t, err)
		if normal(got) != string(data) {
			t.Fatalf("trueup's lock file differs from Terraform's (recorded)\n--- trueup\n%s\n--- terraform\n%s", normal(got), data)
		}
		return
	}
	tfStack, _ := doneMeansStack(t, srv)
	cmd := exec.Command(tf, "init", "-no-color")
	cmd.Dir = tfStack.dir
	cmd.Env = append(cleanEnv(), append(tfStack.env, "CHECKPOINT_DISABLE=1")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	want := strings.ReplaceAll(tfStack.read(depsfile.FileName), srv.Host, "HOST")
	if *updateCompat {
		must(t, os.WriteFile(record, []byte(normal(want)), 0o644))
	}
	if got != want {
		t.Fatalf("trueup's lock file differs from Terraform's\n--- trueup\n%s\n--- terraform\n%s", got, want)
	}
}
