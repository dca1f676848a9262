package eval

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/trueup/trueup/engine/addrs"
)

// TestProviderKeysFollowSourceAddresses resolves resources of a module tree
// whose local names clash or differ: each resolves to the configuration of
// its source address, is recorded in state as Terraform records it, and
// maps back from that record to the same key.
func TestProviderKeysFollowSourceAddresses(t *testing.T) {
	cfg := loadModule(t, map[string]string{
		"main.tf": `
terraform {
  required_providers {
    acme = { source = "acme/thing" }
  }
}
provider "acme" {}
module "a" {
  source = "./a"
}
module "b" {
  source = "./b"
}
module "mid" {
  source = "./mid"
}
`,
		"a/main.tf": `
terraform {
  required_providers {
    thing = { source = "acme/thing" }
  }
}
resource "thing_x" "x" {}
`,
		"b/main.tf": `
terraform {
  required_providers {
    thing = { source = "other/thing" }
  }
}
resource "thing_x" "x" {}
`,
		"mid/main.tf": `
module "leaf" {
  source = "../b"
}
resource "null_resource" "n" {}
`,
	})
	for _, tc := range []struct {
		name, module, wantKey, wantState string
	}{
		{"a name for the root's address under another local name inherits the root's block", "a", "acme", `provider["registry.terraform.io/acme/thing"]`},
		{"an address no ancestor names gets an implied configuration, recorded at the root", "b", "module.b.thing", `provider["registry.terraform.io/other/thing"]`},
		{"two modules with an implied configuration of one address share one", "mid.leaf", "module.b.thing", `provider["registry.terraform.io/other/thing"]`},
		{"a default provider inherits through modules that do not name it", "mid", "null", `provider["registry.terraform.io/hashicorp/null"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg.Descendant(addrs.ModuleOf(strings.Split(tc.module, ".")...))
			res := AllResources(c.Module)[0]
			key, diags := ResourceProviderKey(c, res)
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			if key != tc.wantKey {
				t.Fatalf("key = %q, want %q", key, tc.wantKey)
			}
			got := StateProviderIn(cfg, key)
			if got != tc.wantState {
				t.Errorf("state provider = %s, want %s", got, tc.wantState)
			}
			// Every resource's state record keeps it: one copy for all.
			if again := StateProviderIn(cfg, key); unsafe.StringData(again) != unsafe.StringData(got) {
				t.Error("each call made its own copy of the provider address")
			}
			if got := ProviderKeyFromStateIn(cfg, tc.wantState); got != key {
				t.Errorf("key from state = %q, want %q", got, key)
			}
		})
	}
}
