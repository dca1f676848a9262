package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders/registrytest"
)

// providerStack is a stack whose runs see only the given CLI
// configuration, an empty home directory (no implied local mirrors) and
// trust the test registry's certificate.
func providerStack(t *testing.T, srv *registrytest.Server, cliConfig string, files map[string]string) *stack {
	t.Helper()
	s := newStack(t, files)
	home := t.TempDir()
	s.setenv("HOME", home)
	s.setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	s.setenv("XDG_DATA_DIRS", filepath.Join(home, "none"))
	cli := filepath.Join(home, "cli.tfrc")
	if err := os.WriteFile(cli, []byte(cliConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	s.setenv("TF_CLI_CONFIG_FILE", cli)
	if srv != nil {
		cert, err := srv.WriteCertFile(home)
		if err != nil {
			t.Fatal(err)
		}
		s.setenv("SSL_CERT_FILE", cert)
	}
	return s
}

func wantLines(t *testing.T, r result, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(r.output(), l) {
			t.Errorf("output lacks %q:\n%s", l, r)
		}
	}
}

func TestInitInstallsFromRegistryBesideBuiltins(t *testing.T) {
	t.Parallel()
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64", "darwin_arm64")
	srv.AddProvider("acme", "thing", "1.0.1", "linux_amd64", "darwin_arm64")
	srv.AddProvider("acme", "thing", "2.0.0", "linux_amd64")
	main := `terraform {
  required_providers {
    thing = { source = "` + srv.Host + `/acme/thing", version = "~> 1.0" }
  }
}
resource "null_resource" "a" {}
`
	s := providerStack(t, srv, "", map[string]string{"main.tf": main})
	r := s.must(0, "init")
	wantLines(t, r,
		"- Using hashicorp/null built into trueup (the CLI configuration has no provider_installation block)",
		`- Finding `+srv.Host+`/acme/thing versions matching "~> 1.0"...`,
		"- Installing "+srv.Host+"/acme/thing v1.0.1...",
		"- Installed "+srv.Host+"/acme/thing v1.0.1 (self-signed, key ID "+srv.KeyID()+")",
		"trueup has created a lock file .terraform.lock.hcl")
	lock := s.read(depsfile.FileName)
	for _, want := range []string{
		`provider "` + srv.Host + `/acme/thing" {`, `version     = "1.0.1"`, `constraints = "~> 1.0"`, `"h1:`,
		string(srv.ZH("terraform-provider-thing_1.0.1_darwin_arm64.zip")),
		string(srv.ZH("terraform-provider-thing_1.0.1_linux_amd64.zip")),
	} {
		if !strings.Contains(lock, want) {
			t.Errorf("lock file lacks %q:\n%s", want, lock)
		}
	}
	if strings.Contains(lock, "hashicorp/null") {
		t.Errorf("the built-in null was recorded in the lock file:\n%s", lock)
	}
	exe := filepath.Join(".terraform", "providers", srv.Host, "acme", "thing", "1.0.1", "linux_amd64", "terraform-provider-thing_v1.0.1")
	if got := s.read(exe); got != "#!/bin/sh\necho thing 1.0.1 linux_amd64\n" {
		t.Errorf("%s = %q", exe, got)
	}

	// The plugin (a shell script here) serves no resource of the stack,
	// so plan never starts it.
	s.must(0, "plan")

	downloads := srv.CountRequests(".zip")
	r = s.must(0, "init")
	wantLines(t, r, "- Reusing previous version of "+srv.Host+"/acme/thing from the dependency lock file",
		"- Using previously-installed "+srv.Host+"/acme/thing v1.0.1")
	if srv.CountRequests(".zip") != downloads {
		t.Error("a second init downloaded the package again")
	}

	s.write("main.tf", strings.Replace(main, "~> 1.0", ">= 1.0", 1))
	r = s.must(1, "init", "-upgrade", "-lockfile=readonly")
	wantLines(t, r, "read-only", "would change from 1.0.1 to 2.0.0")
	if !strings.Contains(s.read(depsfile.FileName), `version     = "1.0.1"`) {
		t.Error("a read-only lock file was changed")
	}
	r = s.must(0, "init", "-upgrade")
	wantLines(t, r, "- Installed "+srv.Host+"/acme/thing v2.0.0")
	if !strings.Contains(s.read(depsfile.FileName), `version     = "2.0.0"`) {
		t.Errorf("init -upgrade did not lock 2.0.0:\n%s", s.read(depsfile.FileName))
	}
}

func TestInitRefusesATamperedPackage(t *testing.T) {
	t.Parallel()
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64")
	srv.TamperArchive("terraform-provider-thing_1.0.0_linux_amd64.zip")
	s := providerStack(t, srv, "", map[string]string{"main.tf": `terraform {
  required_providers {
    thing = { source = "` + srv.Host + `/acme/thing" }
  }
}
`})
	r := s.must(1, "init")
	wantLines(t, r, "provider "+srv.Host+"/acme/thing v1.0.0: the package's checksum does not match the registry's signed SHA256SUMS",
		"expected "+string(srv.ZH("terraform-provider-thing_1.0.0_linux_amd64.zip")), ", got h1:", "nothing was installed")
	if s.exists(depsfile.FileName) {
		t.Error("a lock file was written")
	}
	_ = filepath.WalkDir(s.path(".terraform/providers"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".lock") {
			t.Errorf("left behind: %s", path)
		}
		return nil
	})
}

const fsMirrorStack = `terraform {
  required_providers {
    null  = { source = "hashicorp/null", version = "~> 3.0" }
    thing = { source = "example.com/acme/thing", version = ">= 1.2, < 2" }
    other = { source = "example.com/acme/other" }
  }
}
`

// writeFSMirror writes the mirror the engine's Terraform comparison uses.
func writeFSMirror(t *testing.T, dir string) {
	t.Helper()
	for _, v := range []string{"3.2.2", "3.2.3", "4.0.0"} {
		registrytest.WritePackedMirror(dir, "registry.terraform.io", "hashicorp", "null", v, "linux_amd64")
	}
	for _, v := range []string{"1.5.0", "2.1.0"} {
		registrytest.WritePackedMirror(dir, "example.com", "acme", "thing", v, "linux_amd64")
	}
	if _, err := registrytest.WriteUnpackedMirror(dir, "example.com", "acme", "other", "2.0.0", "linux_amd64"); err != nil {
		t.Fatal(err)
	}
}

// TestInitFromFilesystemMirrorWritesTerraformsLockFile runs `trueup init`
// and `terraform init` with the same CLI configuration (a filesystem
// mirror named in provider_installation, with a shared plugin cache) and
// compares the lock files byte for byte; without terraform on PATH it
// compares with Terraform's recorded output.
func TestInitFromFilesystemMirrorWritesTerraformsLockFile(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the recorded mirror holds linux_amd64 packages only")
	}
	mirror, cache := t.TempDir(), t.TempDir()
	writeFSMirror(t, mirror)
	cli := "plugin_cache_dir = \"" + cache + "\"\nprovider_installation {\n  filesystem_mirror {\n    path = \"" + mirror + "\"\n  }\n}\n"
	s := providerStack(t, nil, cli, map[string]string{"main.tf": fsMirrorStack})
	r := s.must(0, "init")
	wantLines(t, r, "- Installing hashicorp/null v3.2.3...", "- Installed hashicorp/null v3.2.3 (unauthenticated)",
		"- Installed example.com/acme/other v2.0.0 (unauthenticated)")
	got := s.read(depsfile.FileName)

	want, err := os.ReadFile(filepath.Join("..", "..", "engine", "providerinstall", "testdata", "terraform-providers-lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if tf, err := exec.LookPath("terraform"); err == nil {
		tfStack := providerStack(t, nil, cli, map[string]string{"main.tf": fsMirrorStack})
		cmd := exec.Command(tf, "init", "-no-color")
		cmd.Dir = tfStack.dir
		cmd.Env = append(cleanEnv(), append(tfStack.env, "CHECKPOINT_DISABLE=1")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform init: %v\n%s", err, out)
		}
		want = []byte(tfStack.read(depsfile.FileName))
	}
	if got != string(want) {
		t.Fatalf("trueup's lock file differs from Terraform's\n--- trueup\n%s\n--- terraform\n%s", got, want)
	}
	if target, err := os.Readlink(s.path(".terraform/providers/registry.terraform.io/hashicorp/null/3.2.3/linux_amd64")); err != nil || !strings.HasPrefix(target, cache) {
		t.Errorf("the stack's package is not a link into the shared cache: %q, %v", target, err)
	}
	s.must(0, "plan") // no resource needs the (fake) plugins
}

func TestInitPluginDirReplacesOtherSources(t *testing.T) {
	t.Parallel()
	mirror := t.TempDir()
	writeFSMirror(t, mirror)
	s := providerStack(t, nil, "", map[string]string{"main.tf": `resource "null_resource" "a" {}
`})
	r := s.must(0, "init", "-plugin-dir="+mirror)
	wantLines(t, r, "- Installed hashicorp/null v4.0.0 (unauthenticated)")
	r = s.must(0, "init")
	wantLines(t, r, "- Using hashicorp/null built into trueup")
	if s.exists(depsfile.FileName) && !strings.Contains(s.read(depsfile.FileName), "4.0.0") {
		t.Error("the lock entry written with -plugin-dir was dropped by a later init using the built-in")
	}
}

func TestProvidersMirrorThenLockFromBothMirrors(t *testing.T) {
	t.Parallel()
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64", "darwin_arm64")
	s := providerStack(t, srv, "", map[string]string{"main.tf": `terraform {
  required_providers {
    thing = { source = "` + srv.Host + `/acme/thing" }
  }
}
`})
	mirror := t.TempDir()
	r := s.must(0, "providers", "mirror", "-platform=linux_amd64", "-platform=darwin_arm64", mirror)
	wantLines(t, r, "- Mirroring "+srv.Host+"/acme/thing...", "  - Package authenticated: self-signed, key ID "+srv.KeyID())
	typeDir := filepath.Join(mirror, srv.Host, "acme", "thing")
	for _, f := range []string{"index.json", "1.0.0.json", "terraform-provider-thing_1.0.0_linux_amd64.zip", "terraform-provider-thing_1.0.0_darwin_arm64.zip"} {
		if _, err := os.Stat(filepath.Join(typeDir, f)); err != nil {
			t.Errorf("mirror lacks %s: %v", f, err)
		}
	}

	r = s.must(0, "providers", "lock", "-fs-mirror="+mirror, "-platform=linux_amd64", "-platform=darwin_arm64")
	wantLines(t, r, "- Retrieved "+srv.Host+"/acme/thing 1.0.0 for darwin_arm64 (unauthenticated)", "Success! trueup has updated the lock file.")
	fsLock := s.read(depsfile.FileName)
	if n := strings.Count(fsLock, `"h1:`); n != 2 || strings.Contains(fsLock, "zh:") {
		t.Errorf("a lock from a filesystem mirror has %d h1: hashes (want one per platform) and no zh:\n%s", n, fsLock)
	}

	os.Remove(s.path(depsfile.FileName))
	s.must(0, "providers", "lock", "-net-mirror="+srv.URL+"/mirror/", "-platform=linux_amd64", "-platform=darwin_arm64")
	if netLock := s.read(depsfile.FileName); netLock != fsLock {
		t.Errorf("the network mirror's lock differs from the filesystem mirror's:\n%s\nvs\n%s", netLock, fsLock)
	}
	r = s.must(0, "providers")
	wantLines(t, r, "Providers required by configuration:", "└── provider["+srv.Host+"/acme/thing]")
}

func TestProvidersSchemaJSONForBuiltins(t *testing.T) {
	t.Parallel()
	s := providerStack(t, nil, "", map[string]string{"main.tf": `resource "null_resource" "a" {}
`})
	r := s.must(0, "providers", "schema", "-json")
	wantLines(t, r, `{"format_version":"1.0","provider_schemas":{"registry.terraform.io/hashicorp/null":{`, `"null_resource":{"block":{"attributes":{"id":{"computed":true`)
}

func TestBadCLIConfigurationIsLocated(t *testing.T) {
	t.Parallel()
	s := providerStack(t, nil, "provider_installation {\n  direct {\n    include = [\"*/aws\"]\n  }\n}\n", map[string]string{"main.tf": `resource "null_resource" "a" {}
`})
	r := s.must(1, "init")
	wantLines(t, r, "Invalid provider pattern", "cli.tfrc line 3")
}

// updateRecorded (-update-terraform) re-records the results of terraform in
// testdata: the provider lock file and the workspace comparison.
var updateRecorded = flag.Bool("update-terraform", false, "re-record the outputs of terraform in testdata")

// TestInitFromRegistryWritesTerraformsLockFile installs from the test
// registry with trueup init and terraform init (same CLI configuration,
// same trusted certificate) and compares the lock files byte for byte,
// the registry's host:port written as HOST; without terraform on PATH it
// compares with Terraform's recorded output.
func TestInitFromRegistryWritesTerraformsLockFile(t *testing.T) {
	t.Parallel()
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.1", "linux_amd64", "darwin_arm64")
	main := map[string]string{"main.tf": `terraform {
  required_providers {
    thing = { source = "` + srv.Host + `/acme/thing", version = "~> 1.0" }
  }
}
`}
	s := providerStack(t, srv, "", main)
	s.must(0, "init")
	got := strings.ReplaceAll(s.read(depsfile.FileName), srv.Host, "HOST")

	recorded := filepath.Join("testdata", "terraform-registry-lock.hcl")
	var want string
	if tf, err := exec.LookPath("terraform"); err == nil {
		tfStack := providerStack(t, srv, "", main)
		cmd := exec.Command(tf, "init", "-no-color")
		cmd.Dir = tfStack.dir
		cmd.Env = append(cleanEnv(), append(tfStack.env, "CHECKPOINT_DISABLE=1")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform init: %v\n%s", err, out)
		}
		want = strings.ReplaceAll(tfStack.read(depsfile.FileName), srv.Host, "HOST")
		if *updateRecorded {
			if err := os.WriteFile(recorded, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	} else {
		data, err := os.ReadFile(recorded)
		if err != nil {
			t.Fatal(err)
		}
		want = string(data)
	}
	if got != want {
		t.Fatalf("trueup's lock file differs from Terraform's\n--- trueup\n%s\n--- terraform\n%s", got, want)
	}
}

func TestBadLockFileIsLocated(t *testing.T) {
	t.Parallel()
	s := providerStack(t, nil, "", map[string]string{
		"main.tf":         "resource \"null_resource\" \"a\" {}\n",
		depsfile.FileName: "provider \"registry.terraform.io/hashicorp/null\" {\n  version = \"one\"\n}\n",
	})
	r := s.must(1, "init")
	wantLines(t, r, "Invalid provider version", ".terraform.lock.hcl line 2", `version = "one"`)
}
