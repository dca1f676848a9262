package agent

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/agent/config"
)

func TestAPolicyThatDoesNotCompileStopsTheAgentWithItsLocation(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte("package p\n\nimport rego.v1\n\ndeny contains m if {\n\tm := nope(input)\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Stacks: []*config.Stack{{Name: "ok"}, {Name: "web", Policies: []string{dir}}}}
	err := checkPolicies(cfg)
	if err == nil {
		t.Fatal("a policy that does not compile was accepted")
	}
	for _, want := range []string{`stack "web": policies:`, filepath.Join(dir, "p.rego") + ":6:", "nope"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	cfg.Stacks[1].Policies = []string{filepath.Join(dir, "missing")}
	if err := checkPolicies(cfg); err == nil {
		t.Error("a missing policy directory was accepted")
	}
}
