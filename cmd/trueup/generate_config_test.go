package main

// plan -generate-config-out: resource blocks generated for import targets
// without configuration, compared with the file Terraform writes.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// genconfigStack is the terraform_data stack whose generated file
// Terraform's is recorded for.
const genconfigStack = "testdata/genconfig/terraform_data"

// terraformGolden is the file Terraform 1.11 wrote for genconfigStack
// (`terraform plan -generate-config-out=generated.tf`, TF_CLI_CONFIG_FILE
// empty); -update re-records it.
const terraformGolden = "terraform-generated.tf.golden"

func TestGenerateConfigWritesTerraformsFileForTerraformData(t *testing.T) {
	t.Parallel()
	golden := filepath.Join("..", "..", genconfigStack, terraformGolden)
	if _, err := exec.LookPath("terraform"); err == nil {
		tf := terraformTool(t, genconfigStack)
		tf.run(0, "plan", "-generate-config-out=generated.tf", "-input=false", "-no-color")
		got := tf.s.read("generated.tf")
		if *updateCompat {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		} else if want := string(fileBytes(t, golden)); got != want {
			t.Errorf("terraform now writes:\n%s\nthe recording (%s) holds:\n%s\nre-record with -update", got, golden, want)
		}
	}
	want := strings.ReplaceAll(string(fileBytes(t, golden)), "# __generated__ by Terraform", "# __generated__ by trueup")

	s := copyStack(t, genconfigStack)
	r := s.must(0, "plan", "-generate-config-out=generated.tf", "-no-color")
	wantContains(t, r, "# terraform_data.gen will be imported", "# (config will be generated)",
		"Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.",
		"trueup has generated configuration and written it to generated.tf.")
	if got := s.read("generated.tf"); got != want {
		t.Errorf("generated.tf:\n%s\nwant Terraform's file with trueup in its header:\n%s", got, want)
	}
	if s.exists("terraform.tfstate") && objectCount(s.state()) != 0 {
		t.Error("plan -generate-config-out changed state")
	}

	t.Log("the generated file is configuration: apply imports, and the next plan is a no-op")
	r = s.must(0, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, "1 imported, 0 added, 0 changed, 0 destroyed")
	if got := attr(t, s.state(), "terraform_data.gen", "id"); got != "adopted-x" {
		t.Errorf("terraform_data.gen has id %q, want adopted-x", got)
	}
	s.must(0, "plan", "-detailed-exitcode", "-no-color")

	t.Log("the target file must be new")
	r = s.must(1, "plan", "-generate-config-out=generated.tf", "-no-color")
	wantContains(t, r, "Target generated file already exists")
}

func TestGenerateConfigPlansWithTheGeneratedBlocksInJSON(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
variable "suffix" {
  default = "7"
}
import {
  to = random_integer.n
  id = "5,1,${var.suffix}"
}
resource "terraform_data" "has" {
  input = 1
}
import {
  to = terraform_data.has
  id = "kept"
}
`, "out/README": "generated files land here\n"})
	r := s.must(0, "plan", "-generate-config-out=out/gen.tf", "-json")
	wantNotContains(t, r, "trueup has generated configuration")
	var doc struct {
		ResourceChanges []struct {
			Address string
			Change  struct {
				Importing       *struct{ ID string }
				GeneratedConfig string `json:"generated_config"`
			}
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("plan -json: %v\n%s", err, r)
	}
	gen := s.read("out/gen.tf")
	for _, rc := range doc.ResourceChanges {
		switch {
		case rc.Change.Importing == nil:
			t.Errorf("%s: no importing in the JSON plan", rc.Address)
		case rc.Address == "random_integer.n" && (rc.Change.Importing.ID != "5,1,7" || !strings.Contains(gen, rc.Change.GeneratedConfig+"\n")):
			t.Errorf("random_integer.n: importing %q, generated_config %q; want 5,1,7 and the block written to out/gen.tf", rc.Change.Importing.ID, rc.Change.GeneratedConfig)
		case rc.Address == "terraform_data.has" && rc.Change.GeneratedConfig != "":
			t.Errorf("terraform_data.has has a block, yet the plan says its config was generated")
		}
	}
	if len(doc.ResourceChanges) != 2 {
		t.Errorf("plan has %d resource changes, want 2", len(doc.ResourceChanges))
	}
	for _, want := range []string{"# __generated__ by trueup from \"5,1,7\"\n", "  max     = 7\n", "  min     = 1\n", "  keepers = null\n", "  seed    = null\n"} {
		if !strings.Contains(gen, want) {
			t.Errorf("out/gen.tf lacks %q:\n%s", want, gen)
		}
	}
	if strings.Contains(gen, "terraform_data") {
		t.Errorf("out/gen.tf holds a block for a target that has one:\n%s", gen)
	}
}

func TestGenerateConfigRefusesTargetsItCannotGenerate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, main string
		line       string
		detail     string
	}{
		{"for_each import", `
import {
  for_each = toset(["a", "b"])
  to       = terraform_data.gen[each.key]
  id       = each.key
}
`, "main.tf line 4", "cannot be used with import blocks which use for_each"},
		{"instance key", `
import {
  to = terraform_data.gen[0]
  id = "x"
}
`, "main.tf line 3", "cannot be used with import blocks which use for_each, or resources which use for_each or count"},
		{"module target", `
module "m" {
  source = "./mod"
}
import {
  to = module.m.terraform_data.gen
  id = "x"
}
`, "main.tf line 6", "Only resources within the root module are eligible for config generation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, map[string]string{"main.tf": c.main, "mod/main.tf": "\n"})
			r := s.must(1, "plan", "-generate-config-out=generated.tf", "-no-color")
			wantContains(t, r, "Error: Configuration for import target does not exist", "on "+c.line, c.detail)
			if s.exists("generated.tf") {
				t.Errorf("generated.tf was written:\n%s", s.read("generated.tf"))
			}
		})
	}
}

func TestGenerateConfigKeepsTheFileWhenAnImportFails(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
import {
  to = terraform_data.ok
  id = "fine"
}
import {
  to = random_integer.bad
  id = "not-an-integer-id"
}
`})
	r := s.must(1, "plan", "-generate-config-out=generated.tf", "-no-color")
	wantContains(t, r, "random_integer.bad", "trueup has generated configuration and written it to generated.tf.")
	gen := s.read("generated.tf")
	if !strings.Contains(gen, `resource "terraform_data" "ok" {`) || strings.Contains(gen, "random_integer") {
		t.Errorf("generated.tf should hold terraform_data.ok only:\n%s", gen)
	}
}

// TestGenerateConfigWritesNestedBlocksAndHidesSensitiveValues adopts a
// Cloud Storage bucket with versioning and a lifecycle rule, and an object
// whose content is sensitive, from fake-gcs-server: the blocks come out as
// blocks, the content as null, and no secret reaches the file or the plan.
func TestGenerateConfigWritesNestedBlocksAndHidesSensitiveValues(t *testing.T) {
	t.Parallel()
	host := startGCS(t)
	provider := `
provider "google" {
  project = "genconfig"
}
`
	owner := newStack(t, map[string]string{"main.tf": provider + `
resource "google_storage_bucket" "assets" {
  name     = "genconfig-assets"
  location = "US-CENTRAL1"
  labels   = { team = "web" }
  versioning {
    enabled = true
  }
  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age = 30
    }
  }
}

resource "google_storage_bucket_object" "page" {
  bucket  = google_storage_bucket.assets.name
  name    = "page.txt"
  content = "launch code 0000-SECRET"
}
`})
	adopter := newStack(t, map[string]string{"main.tf": provider + `
import {
  to = google_storage_bucket.assets
  id = "genconfig-assets"
}

import {
  to = google_storage_bucket_object.page
  id = "genconfig-assets/page.txt"
}
`})
	for _, s := range []*stack{owner, adopter} {
		s.setenv("STORAGE_EMULATOR_HOST", host)
		for _, name := range []string{"GOOGLE_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"} {
			s.setenv(name, "")
		}
	}
	owner.must(0, "apply", "-auto-approve", "-no-color")

	t.Log("the object's content is not written, so the plan fails on the generated file, which is kept")
	r := adopter.must(1, "plan", "-generate-config-out=generated.tf", "-no-color")
	wantContains(t, r, "Error: Exactly one of content and source", "on generated.tf line",
		`content             = null # sensitive`, "trueup has generated configuration and written it to generated.tf.")
	wantNotContains(t, r, "SECRET")
	gen := adopter.read("generated.tf")
	for _, want := range []string{
		"# __generated__ by trueup from \"genconfig-assets\"\n",
		"# __generated__ by trueup from \"genconfig-assets/page.txt\"\n",
		"  versioning {\n    enabled = true\n  }\n",
		"  lifecycle_rule {\n    action {\n",
		"      type          = \"Delete\"\n",
		"    condition {\n",
		"      age ",
		"  content             = null # sensitive\n",
		"  location                    = \"US-CENTRAL1\"\n",
	} {
		if !strings.Contains(gen, want) {
			t.Errorf("generated.tf lacks %q:\n%s", want, gen)
		}
	}
	for _, leak := range []string{"SECRET", "self_link", "md5hash"} {
		if strings.Contains(gen, leak) {
			t.Errorf("generated.tf holds %q (a secret or a computed-only attribute):\n%s", leak, gen)
		}
	}

	t.Log("with the content filled in, the bucket's generated blocks match it exactly; the object is replaced because an import cannot read its content back")
	adopter.write("generated.tf", strings.Replace(gen, "content             = null # sensitive", `content = "launch code 0000-SECRET"`, 1))
	r = adopter.must(0, "plan", "-no-color")
	wantContains(t, r, "# google_storage_bucket.assets will be imported", "# google_storage_bucket_object.page must be replaced",
		"content = (sensitive value) # forces replacement", "Plan: 2 to import, 1 to add, 0 to change, 1 to destroy.")
	wantNotContains(t, r, "SECRET", "(config will be generated)")
}
