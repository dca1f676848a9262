package providerinstall

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders/registrytest"
)

var update = flag.Bool("update", false, "rewrite the testdata recorded from Terraform")

const lockStack = `terraform {
  required_providers {
    null  = { source = "hashicorp/null", version = "~> 3.0" }
    thing = { source = "example.com/acme/thing", version = ">= 1.2, < 2" }
    other = { source = "example.com/acme/other" }
  }
}
`

// writeLockMirror writes the filesystem mirror both tools read: packed
// archives for null and thing (several versions), an unpacked other.
func writeLockMirror(t *testing.T, dir string) {
	t.Helper()
	for _, v := range []string{"3.2.2", "3.2.3", "4.0.0"} {
		if _, err := registrytest.WritePackedMirror(dir, "registry.terraform.io", "hashicorp", "null", v, "linux_amd64"); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []string{"1.5.0", "2.1.0"} {
		if _, err := registrytest.WritePackedMirror(dir, "example.com", "acme", "thing", v, "linux_amd64"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := registrytest.WriteUnpackedMirror(dir, "example.com", "acme", "other", "2.0.0", "linux_amd64"); err != nil {
		t.Fatal(err)
	}
}

// TestLockFileIsByteIdenticalToTerraforms installs the same requirements
// from the same filesystem mirror as `terraform providers lock
// -fs-mirror=DIR -platform=linux_amd64` and compares the lock files byte
// for byte: with the terraform on PATH when there is one, else with its
// output recorded in testdata (go test -update re-records it).
func TestLockFileIsByteIdenticalToTerraforms(t *testing.T) {
	mirror := t.TempDir()
	writeLockMirror(t, mirror)
	inst := cliConfig(t, `provider_installation {
  filesystem_mirror {
    path = "`+mirror+`"
  }
}
`, nil)
	res := mustInstall(t, newInstaller(inst, t.TempDir(), nil), []Requirement{
		req(t, "hashicorp/null", "~> 3.0", "null"),
		req(t, "example.com/acme/thing", ">= 1.2, < 2", "thing"),
		req(t, "example.com/acme/other", "", "other"),
	}, nil, Options{})
	got := depsfile.SaveBytes(res.Locks)

	recorded := filepath.Join("testdata", "terraform-providers-lock.hcl")
	want := terraformLock(t, mirror, recorded)
	if !bytes.Equal(got, want) {
		t.Fatalf("trueup's lock file differs from Terraform's.\n--- trueup\n%s\n--- terraform\n%s", got, want)
	}
	if sel := selectionOf(t, res, "hashicorp/null"); sel.Kind != Plugin || sel.Version.String() != "3.2.3" {
		t.Fatalf("hashicorp/null: %+v, want the plugin 3.2.3 (the mirror is named in provider_installation)", sel)
	}
}

// terraformLock runs terraform providers lock on lockStack when terraform
// is on PATH (recording its output with -update), else reads the record.
func terraformLock(t *testing.T, mirror, recorded string) []byte {
	t.Helper()
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Logf("terraform is not on PATH: comparing with %s", recorded)
		data, err := os.ReadFile(recorded)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	stack := t.TempDir()
	if err := os.WriteFile(filepath.Join(stack, "main.tf"), []byte(lockStack), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tf, "providers", "lock", "-fs-mirror="+mirror, "-platform=linux_amd64")
	cmd.Dir = stack
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform providers lock: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(stack, depsfile.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(recorded, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return data
}
