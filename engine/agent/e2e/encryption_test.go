package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/encryption"
)

// encryptedStack is fileStack with its state encrypted by var.passphrase.
const encryptedStackTF = `
variable "passphrase" {
  type      = string
  sensitive = true
}

terraform {
  encryption {
    key_provider "pbkdf2" "k" {
      passphrase = var.passphrase
      iterations = 200000
    }
    method "aes_gcm" "m" { keys = key_provider.pbkdf2.k }
    state {
      method   = method.aes_gcm.m
      enforced = true
    }
  }
}
`

// TestAgentAppliesWithEncryptedState: the agent runs the same engine, so a
// stack's encryption block (its passphrase from the stack's vars) encrypts
// the state the agent keeps, and the next run reads it.
func TestAgentAppliesWithEncryptedState(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"stacks/app/main.tf": encryptedStackTF + fileStack(map[string]string{"hello": "hello v1\n"})})
	first := r.commit("add hello")
	r.push("main")

	data := t.TempDir()
	const passphrase = "the agent's state passphrase"
	cfg, addr := writeConfig(t, data, forgeBlock(gh)+fmt.Sprintf(`
stack "app" {
  repo          = %q
  path          = "stacks/app"
  vars          = { out = %q, passphrase = %q }
  auto_apply    = true
  poll_interval = "1s"
  forge_repo    = "acme/infra"
}
`, r.url(), out, passphrase))
	a := startAgent(t, cfg, addr, data)

	run1 := a.waitRun("app", "the first commit to be applied", func(x run) bool { return x.Commit == first })
	if run1.Outcome != "succeeded" || !run1.Summary.Applied {
		t.Fatalf("first run = %+v, want an applied run", run1)
	}
	statePath := filepath.Join(data, "state", "app", "terraform.tfstate")
	b, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	if !encryption.IsEncrypted(b) || strings.Contains(string(b), "hello v1") {
		t.Fatalf("the agent stored the state in clear:\n%s", b)
	}

	// The next commit is planned against the decrypted state: only the new
	// file is added.
	r.write(map[string]string{"stacks/app/main.tf": encryptedStackTF + fileStack(map[string]string{"hello": "hello v1\n", "extra": "extra\n"})})
	second := r.commit("add extra")
	r.push("main")
	run2 := a.waitRun("app", "the second commit to be applied", func(x run) bool { return x.Commit == second })
	if run2.Outcome != "succeeded" || run2.Summary.Add != 1 {
		t.Fatalf("second run = %+v, want one object added to the decrypted state", run2)
	}
	if strings.Contains(a.log.String(), passphrase) {
		t.Fatal("the agent's log holds the passphrase")
	}
}
