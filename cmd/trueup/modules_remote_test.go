package main

// Remote modules end to end: a stack calling a module from a git
// repository at a tag (which calls a local ./sub inside its package) and a
// registry module with a version constraint is initialised, planned and
// applied; re-resolution, changed sources and saved plans behave as in
// Terraform, and where terraform is on PATH its modules.json, outputs and
// state are compared with trueup's (else with testdata/terraform-modules-remote.json).

import (
	"encoding/json"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trueup/trueup/engine/getmodules/modtest"
)

const labelModuleV = `variable "name" {
  type = string
}
module "sub" {
  source = "./sub"
  name   = "${var.name}-VERSION"
}
output "id" {
  value = module.sub.id
}
`

const labelSubModule = `variable "name" {
  type = string
}
resource "terraform_data" "label" {
  input = var.name
}
output "id" {
  value = terraform_data.label.output
}
`

const vpcModuleV = `variable "cidr" {
  type = string
}
resource "terraform_data" "vpc" {
  input = "vpc VERSION ${var.cidr}"
}
output "id" {
  value = terraform_data.vpc.output
}
`

const remoteModulesStack = `module "label" {
  source = "git::REPO//label?ref=REF"
  name   = "app"
}
module "vpc" {
  source  = "HOST/acme/vpc/aws"
  version = "~> 1.0"
  cidr    = "10.0.0.0/16"
}
output "label" {
  value = module.label.id
}
output "vpc" {
  value = module.vpc.id
}
`

// remoteModules is the world of these tests: a git repository of modules
// tagged v1.0.0 and v2.0.0, a TLS module registry serving acme/vpc/aws
// 1.0.0, and a stack calling both (the git module at ref).
type remoteModules struct {
	repo *modtest.Repo
	reg  *modtest.Registry
	env  []string
}

func newRemoteModules(t *testing.T) *remoteModules {
	repo := modtest.NewRepo(t, t.TempDir(), "modules")
	for _, v := range []string{"v1", "v2"} {
		repo.Commit(v, map[string]string{"label/main.tf": strings.ReplaceAll(labelModuleV, "VERSION", v), "label/sub/main.tf": labelSubModule})
		repo.Tag(v + ".0.0")
	}
	reg := modtest.StartRegistry(t)
	reg.AddArchive(t, "acme/vpc/aws", "1.0.0", "", map[string]string{"main.tf": strings.ReplaceAll(vpcModuleV, "VERSION", "1.0.0")})
	reg.AddArchive(t, "acme/vpc/aws", "2.0.0", "", map[string]string{"main.tf": strings.ReplaceAll(vpcModuleV, "VERSION", "2.0.0")})
	cert := filepath.Join(t.TempDir(), "registry.pem")
	if err := os.WriteFile(cert, pemCert(reg), 0o644); err != nil {
		t.Fatal(err)
	}
	w := &remoteModules{repo: repo, reg: reg, env: []string{"SSL_CERT_FILE=" + cert, "XDG_CACHE_HOME=" + t.TempDir()}}
	for _, kv := range modtest.GitEnv() {
		if strings.HasPrefix(kv, "GIT_") {
			w.env = append(w.env, kv)
		}
	}
	return w
}

// stackText is the root module with the git module at ref.
func (w *remoteModules) stackText(ref string) string {
	return strings.NewReplacer("REPO", w.repo.FileURL(), "REF", ref, "HOST", w.reg.Host).Replace(remoteModulesStack)
}

func (w *remoteModules) newStack(t *testing.T, ref string) *stack {
	s := newStack(t, map[string]string{"main.tf": w.stackText(ref)})
	s.env = append(s.env, w.env...)
	return s
}

// placeholders replaces what differs between runs in a manifest.
func (w *remoteModules) placeholders(s string) string {
	return strings.NewReplacer(w.repo.FileURL(), "REPO", w.reg.Host, "HOST").Replace(s)
}

func TestRemoteModulesInitPlanApply(t *testing.T) {
	t.Parallel()
	w := newRemoteModules(t)
	s := w.newStack(t, "v1.0.0")

	r := s.must(1, "plan", "-no-color")
	wantContains(t, r, "Error: Module not installed", "on main.tf line 1:\n", `Run "trueup init"`)
	r = s.must(0, "init", "-no-color")
	wantContains(t, r, "Initializing modules...",
		"Downloading git::"+w.repo.FileURL()+"?ref=v1.0.0 for label...", "- label in .terraform/modules/label/label",
		"- label.sub in .terraform/modules/label/label/sub",
		"Downloading "+w.reg.Host+"/acme/vpc/aws 1.0.0 for vpc...", "- vpc in .terraform/modules/vpc")
	s.must(0, "validate")
	s.must(0, "graph")
	s.must(0, "apply", "-auto-approve", "-no-color")
	got := compatResult{Outputs: outputsJSON(t, s), Resources: normalResources(t, s.read(stateFile))}
	want := terraformRemoteModules(t, w)
	if diff := cmp.Diff(want.Result, got); diff != "" {
		t.Errorf("trueup differs from Terraform (-terraform +trueup):\n%s", diff)
	}
	if got := w.placeholders(s.read(".terraform/modules/modules.json")); got != want.Manifest {
		t.Errorf("modules.json differs from Terraform's:\n got %s\nwant %s", got, want.Manifest)
	}
	wantAddresses(t, s.state(), "module.label.module.sub.terraform_data.label", "module.vpc.terraform_data.vpc")
	s.must(0, "plan", "-detailed-exitcode")
	s.must(0, "drift", "-detailed-exitcode")
}

// terraformModulesResult is what terraform made of the stack at v1.0.0.
type terraformModulesResult struct {
	Manifest string       `json:"manifest"`
	Result   compatResult `json:"result"`
}

// terraformRemoteModules runs terraform init and apply on the stack at
// v1.0.0 when terraform is on PATH (recording with -update), else returns
// the recorded results.
func terraformRemoteModules(t *testing.T, w *remoteModules) terraformModulesResult {
	t.Helper()
	record := filepath.Join("testdata", "terraform-modules-remote.json")
	var rec terraformModulesResult
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Logf("terraform is not on PATH: comparing with %s", record)
		if err := json.Unmarshal([]byte(readFile(t, record)), &rec); err != nil {
			t.Fatalf("%s: %v", record, err)
		}
		return rec
	}
	s := w.newStack(t, "v1.0.0")
	s.write(".terraformrc", "")
	tf := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("terraform", args...)
		cmd.Dir = s.dir
		cmd.Env = append(append(cleanEnv(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+s.path(".terraformrc")), s.env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	tf("init", "-input=false", "-no-color")
	tf("apply", "-auto-approve", "-input=false", "-no-color")
	var outputs map[string]any
	if err := json.Unmarshal([]byte(tf("output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	rec = terraformModulesResult{Manifest: w.placeholders(s.read(".terraform/modules/modules.json")),
		Result: compatResult{Outputs: outputs, Resources: normalResources(t, s.read(stateFile))}}
	if *updateCompat {
		b, _ := json.MarshalIndent(rec, "", "  ")
		if err := os.WriteFile(record, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return rec
}

func outputsJSON(t *testing.T, s *stack) map[string]any {
	t.Helper()
	var outputs map[string]any
	r := s.must(0, "output", "-json")
	if err := json.Unmarshal([]byte(r.stdout), &outputs); err != nil {
		t.Fatalf("output -json: %v\n%s", err, r.stdout)
	}
	return outputs
}

func TestRemoteModulesUpgradeAndChangedSources(t *testing.T) {
	t.Parallel()
	w := newRemoteModules(t)
	s := w.newStack(t, "v1.0.0")
	s.must(0, "init")
	s.must(0, "apply", "-auto-approve")

	// A newer version meeting the constraint is taken only on -upgrade.
	w.reg.AddArchive(t, "acme/vpc/aws", "1.1.0", "", map[string]string{"main.tf": strings.ReplaceAll(vpcModuleV, "VERSION", "1.1.0")})
	if r := s.must(0, "init", "-no-color"); strings.Contains(r.stdout, "Downloading") {
		t.Errorf("init without -upgrade fetched again:\n%s", r)
	}
	s.must(0, "plan", "-detailed-exitcode")
	r := s.must(0, "init", "-upgrade", "-no-color")
	wantContains(t, r, "Downloading "+w.reg.Host+"/acme/vpc/aws 1.1.0 for vpc...")
	r = s.must(2, "plan", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "module.vpc.terraform_data.vpc will be updated in-place", `"vpc 1.1.0 10.0.0.0/16"`)

	// A changed ref must be installed before anything plans with it.
	s.write("main.tf", w.stackText("v2.0.0"))
	for _, cmd := range [][]string{{"plan"}, {"validate"}, {"apply", "-auto-approve"}} {
		r = s.must(1, append(cmd, "-no-color")...)
		wantContains(t, r, "Error: Module source has changed", "on main.tf line 2, in module \"label\"", `Run "trueup init"`)
	}
	r = s.must(0, "get", "-no-color")
	wantContains(t, r, "Downloading git::"+w.repo.FileURL()+"?ref=v2.0.0 for label...")
	wantNotContains(t, r, "for vpc")
	s.must(0, "apply", "-auto-approve")
	if out := outputsJSON(t, s); out["label"].(map[string]any)["value"] != "app-v2" || out["vpc"].(map[string]any)["value"] != "vpc 1.1.0 10.0.0.0/16" {
		t.Errorf("outputs after get and apply: %v", out)
	}

	// A constraint the installed version no longer meets.
	s.write("main.tf", strings.Replace(w.stackText("v2.0.0"), `"~> 1.0"`, `">= 2.0"`, 1))
	r = s.must(1, "plan", "-no-color")
	wantContains(t, r, "Error: Module version requirements have changed", "on main.tf line 6, in module \"vpc\"", "(1.1.0)")
}

// A saved plan carries its modules' files: it applies in a fresh checkout
// of the stack where nothing was installed.
func TestRemoteModulesSavedPlanAppliesWithoutInit(t *testing.T) {
	t.Parallel()
	w := newRemoteModules(t)
	s := w.newStack(t, "v2.0.0")
	s.must(0, "init")
	s.must(0, "plan", "-out=tfplan")

	fresh := newStack(t, map[string]string{"main.tf": s.read("main.tf")})
	if err := os.WriteFile(fresh.path("tfplan"), fileBytes(t, s.path("tfplan")), 0o600); err != nil {
		t.Fatal(err)
	}
	r := fresh.must(0, "apply", "-no-color", "tfplan")
	wantContains(t, r, `label = "app-v2"`, `vpc = "vpc 1.0.0 10.0.0.0/16"`)
	if fresh.exists(".terraform") {
		t.Error("applying a saved plan installed modules")
	}
	wantAddresses(t, fresh.state(), "module.label.module.sub.terraform_data.label", "module.vpc.terraform_data.vpc")
	r = fresh.must(0, "show", "-no-color", "tfplan")
	wantContains(t, r, "module.label.module.sub.terraform_data.label will be created")
}

// pemCert is the registry's certificate in PEM, for SSL_CERT_FILE.
func pemCert(reg *modtest.Registry) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: reg.Certificate().Raw})
}

// A stack read with -repo has its modules installed for the run, outside
// the shared checkout, without a prior init.
func TestRemoteModulesOfARepoStackAreInstalledForTheRun(t *testing.T) {
	t.Parallel()
	w := newRemoteModules(t)
	stackRepo := modtest.NewRepo(t, t.TempDir(), "infra")
	stackRepo.Commit("stack", map[string]string{"app/main.tf": w.stackText("v1.0.0")})
	s := newStack(t, nil)
	tmp := t.TempDir()
	s.env = append(s.env, w.env...)
	s.setenv("TMPDIR", tmp)
	s.must(0, "validate", "-repo="+stackRepo.FileURL(), "-path=app")
	r := s.must(0, "apply", "-auto-approve", "-no-color", "-repo="+stackRepo.FileURL(), "-path=app")
	wantContains(t, r, `label = "app-v1"`, `vpc = "vpc 1.0.0 10.0.0.0/16"`)
	s.must(0, "plan", "-detailed-exitcode", "-repo="+stackRepo.FileURL(), "-path=app")
	if s.exists(".terraform") {
		t.Error("a -repo run installed modules into the working directory")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(tmp, "trueup-modules-*")); len(leftovers) > 0 {
		t.Errorf("-repo runs left their modules behind: %v", leftovers)
	}

	stackRepo.Commit("bad ref", map[string]string{"app/main.tf": w.stackText("v9.9.9")})
	r = s.must(1, "plan", "-no-color", "-repo="+stackRepo.FileURL(), "-path=app")
	wantContains(t, r, "Error: Failed to download module", `module "label"`, "v9.9.9")
}
