package main

import (
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders/registrytest"
)

// Providers required only by child modules are installed and locked, and
// every module's constraints narrow the choice, as in terraform init.
func TestInitInstallsWhatChildModulesRequire(t *testing.T) {
	t.Parallel()
	srv := registrytest.NewServer()
	defer srv.Close()
	for _, v := range []string{"1.0.0", "1.1.0", "1.2.0", "2.0.0"} {
		srv.AddProvider("acme", "thing", v, "linux_amd64")
	}
	thing := srv.Host + "/acme/thing"
	s := providerStack(t, srv, "", map[string]string{
		"main.tf": `module "net" {
  source = "./modules/net"
}
resource "null_resource" "a" {}
`,
		"modules/net/main.tf": `terraform {
  required_providers {
    thing = { source = "` + thing + `", version = ">= 1.0" }
  }
}
module "inner" {
  source = "./inner"
}
`,
		"modules/net/inner/versions.tf": `terraform {
  required_providers {
    th = { source = "` + thing + `", version = "< 1.2" }
  }
}
`,
	})
	r := s.must(0, "init")
	wantLines(t, r, `- Finding `+thing+` versions matching ">= 1.0.0, < 1.2.0"...`, "- Installed "+thing+" v1.1.0")
	lock := s.read(depsfile.FileName)
	if !strings.Contains(lock, `version     = "1.1.0"`) || !strings.Contains(lock, `constraints = ">= 1.0.0, < 1.2.0"`) {
		t.Errorf("lock file:\n%s", lock)
	}

	r = s.must(0, "providers")
	wantLines(t, r, `.
├── provider[registry.terraform.io/hashicorp/null]
└── module.net
    ├── provider[`+thing+`] >= 1.0.0
    └── module.inner
        └── provider[`+thing+`] < 1.2.0
`)

	s.write("modules/net/inner/versions.tf", "terraform {\n  required_providers {\n    th = { source = \""+thing+"\", version = \">= one\" }\n  }\n}\n")
	r = s.must(1, "init")
	wantLines(t, r, "Invalid version constraint", "versions.tf line 3")
}
