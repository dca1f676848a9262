package benchdriver

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// NullPrelude requires hashicorp/null, so that the same stack runs with
// trueup's built-in null provider and with Terraform's plugin.
const NullPrelude = `terraform {
  required_providers {
    null = { source = "hashicorp/null" }
  }
}
`

// MirrorEnv writes a Terraform CLI configuration under workDir that
// installs hashicorp/null from the filesystem mirror at mirror (laid out
// as registry.terraform.io/hashicorp/null/VERSION/OS_ARCH/), and returns
// the environment to run Terraform with.
func MirrorEnv(workDir, mirror string) ([]string, error) {
	abs, err := filepath.Abs(mirror)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(abs, "registry.terraform.io", "hashicorp", "null")); err != nil {
		return nil, fmt.Errorf("the terraform mirror holds no hashicorp/null: %w", err)
	}
	home := filepath.Join(workDir, "terraform-home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return nil, err
	}
	cli := filepath.Join(home, "cli.tfrc")
	conf := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"registry.terraform.io/hashicorp/null\"]\n  }\n}\n", abs)
	if err := os.WriteFile(cli, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"), nil
}
