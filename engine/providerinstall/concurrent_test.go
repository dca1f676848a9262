package providerinstall

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/cliconfig"
	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/getproviders/registrytest"
	"github.com/trueup/trueup/engine/providercache"
)

// The concurrent-install test re-executes this test binary as several
// installer processes; these variables tell a child what to do.
const (
	envChild    = "PROVIDERINSTALL_TEST_CHILD"
	envCert     = "PROVIDERINSTALL_TEST_CERT"
	envHost     = "PROVIDERINSTALL_TEST_HOST"
	envStack    = "PROVIDERINSTALL_TEST_STACK"
	envCacheDir = "PROVIDERINSTALL_TEST_CACHE"
)

func TestMain(m *testing.M) {
	if os.Getenv(envChild) != "" {
		if err := runChild(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var concurrentTypes = []string{"alpha", "beta", "gamma"}

// runChild installs the concurrent test's providers into its stack through
// the shared cache and writes the stack's lock file.
func runChild() error {
	pem, err := os.ReadFile(os.Getenv(envCert))
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	stack := os.Getenv(envStack)
	in := &Installer{
		Installation: cliconfig.ImpliedInstallation(cliconfig.Env{WorkDir: stack, Getenv: func(string) string { return "" }, Client: client}),
		WorkDir:      providercache.NewDir(filepath.Join(stack, ".terraform", "providers"), linux),
		Cache:        providercache.NewDir(os.Getenv(envCacheDir), linux),
		Client:       client,
	}
	var reqs []Requirement
	for _, typ := range concurrentTypes {
		p, _ := getproviders.ParseProvider(os.Getenv(envHost) + "/acme/" + typ)
		reqs = append(reqs, Requirement{Provider: p, LocalNames: []string{typ}})
	}
	res, err := in.Install(context.Background(), reqs, depsfile.NewLocks(), Options{})
	if err != nil {
		return err
	}
	return depsfile.SaveFile(res.Locks, filepath.Join(stack, depsfile.FileName))
}

// TestConcurrentInstallsShareOneCache runs several installer processes at
// once into one plugin cache (terraform#31964) and checks every result:
// each exits cleanly, each stack's executables are complete, every lock
// file is the same, and the cache holds exactly one complete copy of each
// package and no temporary leftovers.
func TestConcurrentInstallsShareOneCache(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	for _, typ := range concurrentTypes {
		srv.AddProvider("acme", typ, "1.0.0", "linux_amd64")
	}
	tmp := t.TempDir()
	cert, err := srv.WriteCertFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(tmp, "cache")
	const n = 6
	cmds := make([]*exec.Cmd, n)
	outs := make([]*strings.Builder, n)
	for i := range cmds {
		stack := filepath.Join(tmp, fmt.Sprintf("stack%d", i))
		if err := os.MkdirAll(stack, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"=1", envCert+"="+cert, envHost+"="+srv.Host, envStack+"="+stack, envCacheDir+"="+cache)
		outs[i] = &strings.Builder{}
		cmd.Stdout, cmd.Stderr = outs[i], outs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("installer %d: %v\n%s", i, err, outs[i])
		}
	}
	if t.Failed() {
		return
	}
	var firstLock []byte
	for i := range cmds {
		stack := filepath.Join(tmp, fmt.Sprintf("stack%d", i))
		lock, err := os.ReadFile(filepath.Join(stack, depsfile.FileName))
		if err != nil {
			t.Fatal(err)
		}
		if firstLock == nil {
			firstLock = lock
		} else if string(lock) != string(firstLock) {
			t.Errorf("stack %d's lock file differs:\n%s\nvs\n%s", i, lock, firstLock)
		}
		for _, typ := range concurrentTypes {
			exe := filepath.Join(stack, ".terraform", "providers", srv.Host, "acme", typ, "1.0.0", "linux_amd64", "terraform-provider-"+typ+"_v1.0.0")
			body, err := os.ReadFile(exe)
			if want := "#!/bin/sh\necho " + typ + " 1.0.0 linux_amd64\n"; err != nil || string(body) != want {
				t.Errorf("stack %d: %s = %q, %v", i, exe, body, err)
			}
		}
	}
	for _, typ := range concurrentTypes {
		versionDir := filepath.Join(cache, srv.Host, "acme", typ, "1.0.0")
		entries, err := os.ReadDir(versionDir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if strings.Join(names, ",") != "linux_amd64,linux_amd64.lock" {
			t.Errorf("cache %s holds %v, want the package and its lock file only", versionDir, names)
		}
	}
}
