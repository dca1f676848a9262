package providerinstall

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders/registrytest"
)

func TestInstallFromNetworkMirrorRecordsItsHashes(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64")
	inst := cliConfig(t, "provider_installation {\n  network_mirror {\n    url = \""+srv.URL+"/mirror/\"\n  }\n}\n", srv.Client())
	in := newInstaller(inst, t.TempDir(), srv.Client())
	addr := srv.Host + "/acme/thing"
	res := mustInstall(t, in, []Requirement{req(t, addr, "", "thing")}, nil, Options{})
	sel := selectionOf(t, res, addr)
	if sel.Kind != Plugin || !strings.Contains(sel.Reason, "network_mirror") {
		t.Fatalf("selection = %+v", sel)
	}
	lock := res.Locks.Provider(sel.Provider)
	if len(lock.Hashes) != 1 || lock.Hashes[0].Scheme() != "h1:" {
		t.Fatalf("hashes = %v, want the mirror's h1: (which is the installed package's)", lock.Hashes)
	}
	if srv.CountRequests("/v1/providers/acme/thing/versions") != 0 {
		t.Error("the registry was asked although only the network mirror is configured")
	}
}

func TestNetworkMirrorPackageNotMatchingItsHashesIsRefused(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64")
	srv.TamperArchive("terraform-provider-thing_1.0.0_linux_amd64.zip")
	inst := cliConfig(t, "provider_installation {\n  network_mirror {\n    url = \""+srv.URL+"/mirror/\"\n  }\n}\n", srv.Client())
	in := newInstaller(inst, t.TempDir(), srv.Client())
	_, err := in.Install(context.Background(), []Requirement{req(t, srv.Host+"/acme/thing", "", "thing")}, depsfile.NewLocks(), Options{})
	if err == nil || !IsChecksumError(err) || !strings.Contains(err.Error(), "the hashes its mirror lists") {
		t.Fatalf("err = %v", err)
	}
	assertNothingInstalled(t, in.WorkDir.BasePath)
}

func TestDevOverrideServesFromItsDirectoryWithoutLocking(t *testing.T) {
	dev := t.TempDir()
	exe := filepath.Join(dev, "terraform-provider-null")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	inst := cliConfig(t, "provider_installation {\n  dev_overrides {\n    \"hashicorp/null\" = \""+dev+"\"\n  }\n  direct {}\n}\n", nil)
	in := newInstaller(inst, t.TempDir(), nil)
	res := mustInstall(t, in, []Requirement{req(t, "hashicorp/null", "", "null")}, nil, Options{})
	sel := selectionOf(t, res, "hashicorp/null")
	if sel.Kind != Plugin || sel.Executable != exe || !strings.Contains(sel.Reason, "dev_overrides") {
		t.Fatalf("selection = %+v", sel)
	}
	if len(res.Locks.AllProviders()) != 0 {
		t.Fatal("a dev override was recorded in the lock file")
	}
}
