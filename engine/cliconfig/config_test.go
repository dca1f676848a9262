package cliconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getproviders"
)

func writeFile(t *testing.T, dir, name, src string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func noEnv(string) string { return "" }

func TestProviderInstallationMethodsInOrder(t *testing.T) {
	path := writeFile(t, t.TempDir(), "cli.tfrc", `
plugin_cache_dir = "/var/cache/tf"
disable_checkpoint = true
provider_installation {
  dev_overrides {
    "example.com/acme/dev" = "/src/dev"
  }
  filesystem_mirror {
    path    = "/srv/mirror"
    include = ["example.com/*/*"]
  }
  network_mirror {
    url     = "https://mirror.example.com/providers/"
    exclude = ["hashicorp/aws"]
  }
  direct {
    exclude = ["example.com/*/*"]
  }
}
`)
	cfg, diags := LoadFiles([]string{path}, noEnv)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if cfg.PluginCacheDir != "/var/cache/tf" {
		t.Errorf("plugin_cache_dir = %q", cfg.PluginCacheDir)
	}
	inst, err := cfg.Installation(Env{Getenv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	thing, _ := getproviders.ParseProvider("example.com/acme/thing")
	dev, _ := getproviders.ParseProvider("example.com/acme/dev")
	aws := getproviders.NewDefaultProvider("aws")
	null := getproviders.NewDefaultProvider("null")
	for p, want := range map[getproviders.Provider]string{
		thing: "filesystem_mirror /srv/mirror",
		dev:   "dev_overrides",
		aws:   "direct",
		null:  "network_mirror https://mirror.example.com/providers/",
	} {
		if got := inst.MethodFor(p); got != want {
			t.Errorf("%s: method %q, want %q", p, got, want)
		}
	}
	if !inst.Explicit {
		t.Error("a provider_installation block is explicit")
	}
}

func TestEnvironmentOverridesFile(t *testing.T) {
	path := writeFile(t, t.TempDir(), "cli.tfrc", `plugin_cache_dir = "/from/file"`)
	env := map[string]string{"TF_PLUGIN_CACHE_DIR": "/from/env", "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE": "1", "TF_CLI_CONFIG_FILE": path}
	cfg, diags := LoadFiles(Files(func(k string) string { return env[k] }, "/home/nobody"), func(k string) string { return env[k] })
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if cfg.PluginCacheDir != "/from/env" || !cfg.PluginCacheMayBreakLockFile {
		t.Fatalf("cfg = %+v", cfg)
	}
}

func TestFilesReadsHomeAndConfigDir(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".terraform.d"), 0o755)
	writeFile(t, filepath.Join(home, ".terraform.d"), "b.tfrc", "")
	files := Files(noEnv, home)
	if len(files) != 2 || files[0] != filepath.Join(home, ".terraformrc") || !strings.HasSuffix(files[1], "b.tfrc") {
		t.Fatalf("files = %v", files)
	}
}

func TestImpliedInstallationExcludesLocalProvidersFromDirect(t *testing.T) {
	home := t.TempDir()
	plugins := filepath.Join(home, ".terraform.d", "plugins")
	if err := os.MkdirAll(filepath.Join(plugins, "example.com", "acme", "local"), 0o755); err != nil {
		t.Fatal(err)
	}
	inst := ImpliedInstallation(Env{WorkDir: t.TempDir(), Home: home, Getenv: noEnv})
	local, _ := getproviders.ParseProvider("example.com/acme/local")
	if inst.Explicit || inst.MethodFor(local) != "implied local mirror "+plugins || inst.MethodFor(getproviders.NewDefaultProvider("aws")) != "direct" {
		t.Fatalf("methods %v: local → %q", inst.Methods, inst.MethodFor(local))
	}
}

func TestBadCLIConfigGivesLocatedDiagnostics(t *testing.T) {
	cases := map[string]struct {
		src, summary string
		line         int
	}{
		"bad pattern":    {"provider_installation {\n  direct {\n    include = [\"*/aws\"]\n  }\n}\n", "Invalid provider pattern", 3},
		"http mirror":    {"provider_installation {\n  network_mirror {\n    url = \"http://x/\"\n  }\n}\n", "Invalid network_mirror URL", 3},
		"missing path":   {"provider_installation {\n  filesystem_mirror {\n  }\n}\n", "Missing required argument", 2},
		"unknown method": {"provider_installation {\n  carrier_pigeon {}\n}\n", "Unsupported block type", 2},
		"wrong type":     {"plugin_cache_dir = [1]\n", "Invalid CLI configuration value", 1},
		"two blocks":     {"provider_installation {\n}\nprovider_installation {\n}\n", "Duplicate provider_installation block", 3},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "cli.tfrc", tc.src)
			_, diags := LoadFiles([]string{path}, noEnv)
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			d := diags[0]
			if d.Summary != tc.summary || d.Subject == nil || d.Subject.Start.Line != tc.line || d.Subject.Filename != path {
				t.Fatalf("got %q at %v, want %q on line %d", d.Summary, d.Subject, tc.summary, tc.line)
			}
		})
	}
}

func TestMissingExplicitConfigFileIsAWarning(t *testing.T) {
	env := func(k string) string {
		if k == "TF_CLI_CONFIG_FILE" {
			return "/nonexistent/cli.tfrc"
		}
		return ""
	}
	if _, diags := LoadFiles(Files(env, "/nonexistent"), env); len(diags) != 1 || diags.HasErrors() {
		t.Fatalf("a missing TF_CLI_CONFIG_FILE gave %v, want one warning as in Terraform", diags)
	}
	if _, diags := LoadFiles(Files(noEnv, "/nonexistent"), noEnv); len(diags) != 0 {
		t.Fatalf("a missing ~/.terraformrc gave %v", diags)
	}
}
