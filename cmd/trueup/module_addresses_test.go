package main

import (
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// modulesStack calls one module three times: twice with for_each and an
// aliased provider passed in, once plainly with the default provider.
func modulesStack(t *testing.T) *stack {
	return newStack(t, map[string]string{
		"main.tf": `
provider "random" {
  alias = "second"
}

module "app" {
  source   = "./app"
  for_each = toset(["eu", "us"])
  name     = each.key

  providers = {
    random = random.second
  }
}

module "plain" {
  source = "./app"
  name   = "plain"
}

output "ids" {
  value = { for k, m in module.app : k => m.id }
}
`,
		"app/main.tf": `
variable "name" {
  type = string
}

resource "random_id" "x" {
  byte_length = 4
  keepers     = { name = var.name }
}

resource "null_resource" "n" {
  triggers = { id = random_id.x.hex }
}

output "id" {
  value = random_id.x.hex
}
`,
	})
}

var moduleStackAddrs = []string{
	`module.app["eu"].null_resource.n`, `module.app["eu"].random_id.x`,
	`module.app["us"].null_resource.n`, `module.app["us"].random_id.x`,
	`module.plain.null_resource.n`, `module.plain.random_id.x`,
}

func TestModuleAddressesWorkInTargetsReplaceAndStateCommands(t *testing.T) {
	t.Parallel()
	s := modulesStack(t)

	// -target on one instance of a for_each call plans only that instance.
	r := s.must(0, "plan", "-no-color", `-target=module.app["eu"]`)
	wantContains(t, r, "Plan: 2 to add, 0 to change, 0 to destroy.", `# module.app["eu"].random_id.x will be created`)
	wantNotContains(t, r, `module.app["us"]`, "module.plain")
	s.must(0, "apply", "-auto-approve", `-target=module.app["eu"]`)
	wantAddresses(t, s.state(), `module.app["eu"].null_resource.n`, `module.app["eu"].random_id.x`)

	s.must(0, "apply", "-auto-approve")
	st := s.state()
	wantAddresses(t, st, moduleStackAddrs...)
	// The provider passed in is the alias; the plain call inherits the default.
	for addr, want := range map[string]string{
		`module.app["us"].random_id.x`: `provider["registry.terraform.io/hashicorp/random"].second`,
		`module.plain.random_id.x`:     `provider["registry.terraform.io/hashicorp/random"]`,
	} {
		if got := providerOf(t, st, addr); got != want {
			t.Errorf("%s is recorded with provider %s, want %s", addr, got, want)
		}
	}
	eu, us := attr(t, st, `module.app["eu"].random_id.x`, "hex"), attr(t, st, `module.app["us"].random_id.x`, "hex")

	// -replace of one instance in one module instance replaces it and what
	// depends on it there, nothing else.
	r = s.must(0, "apply", "-auto-approve", "-no-color", `-replace=module.app["us"].random_id.x`)
	wantContains(t, r, `# module.app["us"].random_id.x will be replaced, as requested`,
		"Apply complete! Resources: 2 added, 0 changed, 2 destroyed.")
	st = s.state()
	if attr(t, st, `module.app["eu"].random_id.x`, "hex") != eu || attr(t, st, `module.app["us"].random_id.x`, "hex") == us {
		t.Fatalf("-replace must replace module.app[\"us\"].random_id.x only")
	}

	r = s.must(0, "state", "show", "-no-color", `module.app["eu"].random_id.x`)
	wantContains(t, r, `# module.app["eu"].random_id.x:`, `resource "random_id" "x"`, eu)

	// state mv moves a whole module instance; moving it back restores a no-op plan.
	s.must(0, "state", "mv", `module.app["us"]`, `module.app["asia"]`)
	listed := s.must(0, "state", "list").stdout
	if !strings.Contains(listed, `module.app["asia"].random_id.x`) || strings.Contains(listed, `module.app["us"]`) {
		t.Fatalf("state mv of a module instance left:\n%s", listed)
	}
	s.must(0, "state", "mv", `module.app["asia"]`, `module.app["us"]`)
	s.must(0, "plan", "-detailed-exitcode")

	// state rm forgets a whole module; the next plan creates it again.
	r = s.must(0, "state", "rm", "module.plain")
	wantContains(t, r, "Removed module.plain.null_resource.n", "Removed module.plain.random_id.x")
	wantContains(t, s.must(2, "plan", "-detailed-exitcode", "-no-color"), "Plan: 2 to add, 0 to change, 0 to destroy.")
}

// providerOf returns the provider configuration state records for the
// object at addr.
func providerOf(t *testing.T, st *state.State, addr string) string {
	t.Helper()
	for _, r := range st.Resources {
		for _, inst := range r.Instances {
			if r.InstanceAddr(inst).String() == addr {
				return r.Provider
			}
		}
	}
	t.Fatalf("state holds no %s", addr)
	return ""
}
