package providerinstall

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/cliconfig"
	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/providercache"
)

var linux = getproviders.Platform{OS: "linux", Arch: "amd64"}

// builtinNull serves hashicorp/null as if built in.
func builtinNull(p getproviders.Provider) bool { return p == getproviders.NewDefaultProvider("null") }

// cliConfig writes a CLI configuration and builds its installation.
func cliConfig(t *testing.T, src string, client *http.Client) *cliconfig.Installation {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cli.tfrc")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := cliconfig.LoadFiles([]string{path}, func(string) string { return "" })
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	inst, err := cfg.Installation(cliconfig.Env{WorkDir: t.TempDir(), Home: t.TempDir(), Getenv: func(string) string { return "" }, Client: client})
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func newInstaller(inst *cliconfig.Installation, stack string, client *http.Client) *Installer {
	return &Installer{
		Installation: inst,
		Builtin:      builtinNull,
		WorkDir:      providercache.NewDir(filepath.Join(stack, ".terraform", "providers"), linux),
		Client:       client,
	}
}

func req(t *testing.T, addr, constraints string, names ...string) Requirement {
	t.Helper()
	p, err := getproviders.ParseProvider(addr)
	if err != nil {
		t.Fatal(err)
	}
	r := Requirement{Provider: p, LocalNames: names}
	if constraints != "" {
		if r.Constraints, err = getproviders.ParseConstraints(constraints); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func mustInstall(t *testing.T, in *Installer, reqs []Requirement, prior *depsfile.Locks, opts Options) *Result {
	t.Helper()
	if prior == nil {
		prior = depsfile.NewLocks()
	}
	res, err := in.Install(context.Background(), reqs, prior, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func selectionOf(t *testing.T, res *Result, addr string) Selection {
	t.Helper()
	for _, s := range res.Selections {
		if s.Provider.String() == addr || s.Provider.ForDisplay() == addr {
			return s
		}
	}
	t.Fatalf("no selection for %s in %+v", addr, res.Selections)
	return Selection{}
}
