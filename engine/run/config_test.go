package run

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const netCall = "module \"net\" {\n  source = \"git::https://example.com/net.git?ref=v1\"\n}\n"

func TestLoadConfigModulesReadsModulesInstalledOutsideTheStack(t *testing.T) {
	stack, mods := t.TempDir(), t.TempDir()
	writeFiles(t, stack, map[string]string{"main.tf": netCall})
	net := filepath.ToSlash(filepath.Join(mods, "net"))
	writeFiles(t, mods, map[string]string{
		"net/main.tf":     "module \"sub\" {\n  source = \"./sub\"\n}\n",
		"net/sub/main.tf": "output \"x\" {\n  value = 1\n}\n",
		"modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},` +
			`{"Key":"net","Source":"git::https://example.com/net.git?ref=v1","Dir":"` + net + `"},` +
			`{"Key":"net.sub","Source":"./sub","Dir":"` + net + `/sub"}]}`,
	})
	cfg, diags := LoadConfigModules(stack, mods)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	sub := cfg.Descendant(addrs.RootModule.Child("net").Child("sub"))
	if sub == nil || sub.Dir != net+"/sub" {
		t.Fatalf("net.sub = %+v, want it at %s/sub", sub, net)
	}
	if _, ok := cfg.Sources()[net+"/sub/main.tf"]; !ok {
		t.Errorf("the snapshot lacks net.sub's file: %v", cfg.Sources())
	}
	if _, diags := LoadConfig(stack); !diags.HasErrors() {
		t.Error("the stack's own .terraform has nothing installed, yet LoadConfig found the module")
	}
}

func TestLoadConfigSaysWhyAnInstalledModuleCannotBeUsed(t *testing.T) {
	for name, tc := range map[string]struct {
		manifest, summary string
		line, col         int
	}{
		"nothing installed names the block": {"", "Module not installed", 1, 1},
		"another source names the source": {`{"Modules":[{"Key":"net","Source":"git::https://example.com/net.git?ref=v0","Dir":".terraform/modules/net"}]}`,
			"Module source has changed", 2, 12},
		"a missing directory names the block": {`{"Modules":[{"Key":"net","Source":"git::https://example.com/net.git?ref=v1","Dir":".terraform/modules/gone"}]}`,
			"Module not installed", 1, 1},
	} {
		t.Run(name, func(t *testing.T) {
			stack := t.TempDir()
			writeFiles(t, stack, map[string]string{"main.tf": netCall})
			if tc.manifest != "" {
				writeFiles(t, stack, map[string]string{".terraform/modules/modules.json": tc.manifest})
			}
			_, diags := LoadConfig(stack)
			if len(diags) != 1 || diags[0].Summary != tc.summary || diags[0].Subject == nil ||
				diags[0].Subject.Start.Line != tc.line || diags[0].Subject.Start.Column != tc.col {
				t.Fatalf("diagnostics %v, want %q at %d:%d", diags, tc.summary, tc.line, tc.col)
			}
		})
	}
}
