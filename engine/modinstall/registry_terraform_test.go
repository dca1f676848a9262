package modinstall

import (
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getmodules/modtest"
)

// registryStack calls registry modules (a constraint, a //subdir, an
// archive whose download location has its own //subdir) and a module
// inside one of them; HOST stands for the registry.
const registryStack = `
module "vpc" {
  source  = "HOST/acme/vpc/aws"
  version = "~> 1.0"
}
module "subnets" {
  source  = "HOST/acme/vpc/aws//modules/subnets"
  version = "1.2.0"
}
module "dns" {
  source = "HOST/acme/dns/aws"
}
`

func startCompatRegistry(t *testing.T) *modtest.Registry {
	reg := modtest.StartRegistry(t)
	reg.AddArchive(t, "acme/vpc/aws", "1.0.0", "", map[string]string{"main.tf": "# 1.0.0\n"})
	reg.AddArchive(t, "acme/vpc/aws", "1.2.0", "", map[string]string{
		"main.tf":                 "module \"tags\" {\n  source = \"./modules/tags\"\n}\n",
		"modules/tags/main.tf":    "# tags\n",
		"modules/subnets/main.tf": "# subnets\n",
	})
	reg.AddArchive(t, "acme/vpc/aws", "2.0.0", "", map[string]string{"main.tf": "# 2.0.0\n"})
	reg.AddArchive(t, "acme/dns/aws", "0.3.0", "dns-0.3.0", map[string]string{"dns-0.3.0/main.tf": "# dns\n"})
	return reg
}

// TestRegistryManifestMatchesTerraform installs registry modules from a
// registry of our own with trueup and with terraform (trusting the
// registry's certificate through SSL_CERT_FILE) and compares the results.
func TestRegistryManifestMatchesTerraform(t *testing.T) {
	reg := startCompatRegistry(t)
	placeholders := strings.NewReplacer(reg.Host, "HOST", reg.URL, "https://HOST")
	e := newEnv(t, map[string]string{"main.tf": strings.ReplaceAll(registryStack, "HOST", reg.Host)})
	e.reg = reg
	_, lines := e.mustInstall(false)
	gotManifest := placeholders.Replace(e.manifestFile())
	gotLines := placeholders.Replace(strings.Join(lines, "\n"))

	wantManifest, wantLines := terraformRegistryResult(t, reg, placeholders)
	if gotManifest != wantManifest {
		t.Errorf("modules.json differs from terraform's:\n got %s\nwant %s", gotManifest, wantManifest)
	}
	if gotLines != wantLines {
		t.Errorf("progress differs from terraform's:\n got:\n%s\nwant:\n%s", gotLines, wantLines)
	}
}

func terraformRegistryResult(t *testing.T, reg *modtest.Registry, placeholders *strings.Replacer) (string, string) {
	manifestFile, linesFile := filepath.Join("testdata", "terraform-registry-modules.json"), filepath.Join("testdata", "terraform-registry-init.txt")
	bin, err := exec.LookPath("terraform")
	if err != nil {
		m, err1 := os.ReadFile(manifestFile)
		l, err2 := os.ReadFile(linesFile)
		if err1 != nil || err2 != nil {
			t.Fatalf("terraform is not on PATH and the recorded results are missing: %v %v", err1, err2)
		}
		return string(m), strings.TrimSpace(string(l))
	}
	dir := filepath.Join(t.TempDir(), "stack")
	modtest.WriteFiles(t, dir, map[string]string{"main.tf": strings.ReplaceAll(registryStack, "HOST", reg.Host)})
	tmp := t.TempDir()
	cert := filepath.Join(tmp, "registry.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: reg.Certificate().Raw}), 0o644)
	cliConfig := filepath.Join(tmp, "terraformrc")
	os.WriteFile(cliConfig, nil, 0o644)
	cmd := exec.Command(bin, "init", "-backend=false", "-no-color", "-input=false")
	cmd.Dir = dir
	cmd.Env = append(modtest.GitEnv(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "SSL_CERT_FILE="+cert)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, ".terraform", "modules", "modules.json"))
	if err != nil {
		t.Fatal(err)
	}
	manifest, lines := placeholders.Replace(string(raw)), placeholders.Replace(progressLines(string(out)))
	if *update {
		os.WriteFile(manifestFile, []byte(manifest), 0o644)
		os.WriteFile(linesFile, []byte(lines+"\n"), 0o644)
	}
	return manifest, lines
}
