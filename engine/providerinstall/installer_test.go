package providerinstall

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/getproviders/registrytest"
	"github.com/trueup/trueup/engine/providercache"
)

func directConfig(t *testing.T, srv *registrytest.Server) *Installer {
	t.Helper()
	inst := cliConfig(t, "provider_installation {\n  direct {}\n}\n", srv.Client())
	return newInstaller(inst, t.TempDir(), srv.Client())
}

func TestInstallFromRegistryRecordsH1AndEveryZH(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64", "darwin_arm64")
	srv.AddProvider("acme", "thing", "1.1.0", "linux_amd64")
	in := directConfig(t, srv)
	addr := srv.Host + "/acme/thing"
	res := mustInstall(t, in, []Requirement{req(t, addr, "~> 1.0.0", "thing")}, nil, Options{})

	sel := selectionOf(t, res, addr)
	if sel.Kind != Plugin || sel.Version.String() != "1.0.0" || !strings.Contains(sel.Reason, "direct") {
		t.Fatalf("selection = %+v", sel)
	}
	body, err := os.ReadFile(sel.Executable)
	if err != nil || string(body) != "#!/bin/sh\necho thing 1.0.0 linux_amd64\n" {
		t.Fatalf("executable %s: %q, %v", sel.Executable, body, err)
	}
	lock := res.Locks.Provider(sel.Provider)
	var h1, zh int
	for _, h := range lock.Hashes {
		switch h.Scheme() {
		case "h1:":
			h1++
		case "zh:":
			zh++
		}
	}
	if h1 != 1 || zh != 2 || !lock.HasHash(srv.ZH("terraform-provider-thing_1.0.0_darwin_arm64.zip")) {
		t.Fatalf("lock hashes = %v, want one h1: and the zh: of both published platforms", lock.Hashes)
	}

	downloads := srv.CountRequests(".zip")
	again := mustInstall(t, in, []Requirement{req(t, addr, "~> 1.0.0", "thing")}, res.Locks, Options{})
	if srv.CountRequests(".zip") != downloads {
		t.Fatal("a second install downloaded the package again instead of using the installed one")
	}
	if !again.Locks.Equal(res.Locks) {
		t.Fatalf("the lock changed on a repeated install:\n%s", depsfile.SaveBytes(again.Locks))
	}
}

func TestTamperedArchiveIsRefusedAndNothingInstalled(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64")
	srv.TamperArchive("terraform-provider-thing_1.0.0_linux_amd64.zip")
	in := directConfig(t, srv)
	_, err := in.Install(context.Background(), []Requirement{req(t, srv.Host+"/acme/thing", "", "thing")}, depsfile.NewLocks(), Options{})
	var ce *providercache.ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a checksum error", err)
	}
	msg := err.Error()
	want := srv.ZH("terraform-provider-thing_1.0.0_linux_amd64.zip")
	for _, part := range []string{srv.Host + "/acme/thing", string(want), "signed SHA256SUMS", "got h1:", "nothing was installed"} {
		if !strings.Contains(msg, part) {
			t.Errorf("error %q does not mention %q", msg, part)
		}
	}
	assertNothingInstalled(t, in.WorkDir.BasePath)
}

func TestBadSignatureIsRefused(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64")
	srv.BreakSignature()
	in := directConfig(t, srv)
	_, err := in.Install(context.Background(), []Requirement{req(t, srv.Host+"/acme/thing", "", "thing")}, depsfile.NewLocks(), Options{})
	if err == nil || !strings.Contains(err.Error(), "signature") {
		t.Fatalf("err = %v, want a signature error", err)
	}
	if srv.CountRequests(".zip") != 0 {
		t.Error("the package was downloaded although its checksums' signature is bad")
	}
	assertNothingInstalled(t, in.WorkDir.BasePath)
}

func TestPackageNotInLockFileIsRefused(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64")
	in := directConfig(t, srv)
	p, _ := getproviders.ParseProvider(srv.Host + "/acme/thing")
	v, _ := getproviders.ParseVersion("1.0.0")
	prior := depsfile.NewLocks()
	bogus := getproviders.Hash("h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	prior.SetProvider(p, v, "", []getproviders.Hash{bogus})
	_, err := in.Install(context.Background(), []Requirement{req(t, p.String(), "", "thing")}, prior, Options{})
	if err == nil || !strings.Contains(err.Error(), "dependency lock file") || !strings.Contains(err.Error(), string(bogus)) || !strings.Contains(err.Error(), p.String()) {
		t.Fatalf("err = %v, want a lock file checksum error naming the provider and the expected hash", err)
	}
	assertNothingInstalled(t, in.WorkDir.BasePath)
}

func assertNothingInstalled(t *testing.T, base string) {
	t.Helper()
	_ = filepath.WalkDir(base, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".lock") {
			t.Errorf("left behind: %s", path)
		}
		return nil
	})
}

func TestBuiltinServesItsAddressOnlyWithoutAnInstallationMethod(t *testing.T) {
	mirror := t.TempDir()
	writeLockMirror(t, mirror)
	nullReq := []Requirement{req(t, "hashicorp/null", "~> 3.0", "null")}

	implied := newInstaller(cliConfig(t, "", nil), t.TempDir(), nil)
	res := mustInstall(t, implied, nullReq, nil, Options{})
	if sel := selectionOf(t, res, "hashicorp/null"); sel.Kind != Builtin || !strings.Contains(sel.Reason, "no provider_installation block") {
		t.Fatalf("without provider_installation: %+v, want the built-in", sel)
	}
	if len(res.Locks.AllProviders()) != 0 {
		t.Fatalf("a built-in was recorded in the lock file:\n%s", depsfile.SaveBytes(res.Locks))
	}

	other := newInstaller(cliConfig(t, `provider_installation {
  filesystem_mirror {
    path    = "`+mirror+`"
    include = ["example.com/*/*"]
  }
}
`, nil), t.TempDir(), nil)
	res = mustInstall(t, other, nullReq, nil, Options{})
	if sel := selectionOf(t, res, "hashicorp/null"); sel.Kind != Builtin || !strings.Contains(sel.Reason, "no provider_installation method in the CLI configuration serves it") {
		t.Fatalf("with a mirror for other providers only: %+v, want the built-in", sel)
	}

	mirrored := newInstaller(cliConfig(t, `provider_installation {
  filesystem_mirror {
    path = "`+mirror+`"
  }
}
`, nil), t.TempDir(), nil)
	res = mustInstall(t, mirrored, nullReq, nil, Options{})
	if sel := selectionOf(t, res, "hashicorp/null"); sel.Kind != Plugin || sel.Executable == "" || !strings.Contains(sel.Reason, "filesystem_mirror "+mirror) {
		t.Fatalf("with a mirror serving it: %+v, want the plugin", sel)
	}
}

func TestExplicitConfigWithoutMethodForAProviderFails(t *testing.T) {
	in := newInstaller(cliConfig(t, `provider_installation {
  filesystem_mirror {
    path    = "/nonexistent"
    include = ["example.com/*/*"]
  }
}
`, nil), t.TempDir(), nil)
	_, err := in.Install(context.Background(), []Requirement{req(t, "hashicorp/random", "", "random")}, depsfile.NewLocks(), Options{})
	if err == nil || !strings.Contains(err.Error(), "registry.terraform.io/hashicorp/random") {
		t.Fatalf("err = %v, want the provider named as not available", err)
	}
}

func TestLockedVersionIsKeptUntilUpgrade(t *testing.T) {
	mirror := t.TempDir()
	writeLockMirror(t, mirror)
	inst := cliConfig(t, "provider_installation {\n  filesystem_mirror {\n    path = \""+mirror+"\"\n  }\n}\n", nil)
	in := newInstaller(inst, t.TempDir(), nil)
	first := mustInstall(t, in, []Requirement{req(t, "hashicorp/null", "3.2.2", "null")}, nil, Options{})

	loose := []Requirement{req(t, "hashicorp/null", ">= 3.0", "null")}
	kept := mustInstall(t, in, loose, first.Locks, Options{})
	if v := selectionOf(t, kept, "hashicorp/null").Version.String(); v != "3.2.2" {
		t.Fatalf("without -upgrade the locked 3.2.2 was replaced by %s", v)
	}
	up := mustInstall(t, in, loose, first.Locks, Options{Upgrade: true})
	if v := selectionOf(t, up, "hashicorp/null").Version.String(); v != "4.0.0" {
		t.Fatalf("-upgrade selected %s, want 4.0.0", v)
	}
	_, err := in.Install(context.Background(), loose, first.Locks, Options{Upgrade: true, ReadonlyLocks: true})
	if err == nil || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), "from 3.2.2 to 4.0.0") {
		t.Fatalf("readonly lock: err = %v", err)
	}
	_, err = in.Install(context.Background(), []Requirement{req(t, "hashicorp/null", "~> 4.0", "null")}, first.Locks, Options{})
	if err == nil || !strings.Contains(err.Error(), "-upgrade") {
		t.Fatalf("a locked version outside the constraints: err = %v", err)
	}
}

func TestResolveFindsInstalledPlugins(t *testing.T) {
	mirror := t.TempDir()
	writeLockMirror(t, mirror)
	inst := cliConfig(t, "provider_installation {\n  filesystem_mirror {\n    path = \""+mirror+"\"\n  }\n}\n", nil)
	in := newInstaller(inst, t.TempDir(), nil)
	reqs := []Requirement{req(t, "hashicorp/null", "~> 3.0", "null")}
	if _, err := in.Resolve(reqs, depsfile.NewLocks()); err == nil || !strings.Contains(err.Error(), "trueup init") {
		t.Fatalf("before init: err = %v", err)
	}
	res := mustInstall(t, in, reqs, nil, Options{})
	sels, err := in.Resolve(reqs, res.Locks)
	if err != nil || sels[0].Executable != res.Selections[0].Executable {
		t.Fatalf("after init: %+v, %v", sels, err)
	}
}
