package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// producerStack is a stack whose root outputs another stack reads.
func producerStack(t *testing.T, backend, name string) *stack {
	return newStack(t, map[string]string{"main.tf": `
terraform {
` + backend + `
}

resource "terraform_data" "net" {
  input = { cidr = "10.0.0.0/16", zones = ["a", "b"], name = "` + name + `" }
}

output "network" {
  value = terraform_data.net.output
}

output "token" {
  value     = "s3cr3t-` + name + `"
  sensitive = true
}
`})
}

// consumerStack reads the producer's outputs through terraform_remote_state.
func consumerStack(t *testing.T, backend, config string) *stack {
	return newStack(t, map[string]string{"main.tf": `
data "terraform_remote_state" "net" {
  backend = "` + backend + `"
  config = ` + config + `
  defaults = {
    region = "eu-west-1"
    name   = "unused default"
  }
}

resource "terraform_data" "app" {
  input = "app in ${data.terraform_remote_state.net.outputs.network.cidr}"
}

output "cidr" {
  value = data.terraform_remote_state.net.outputs.network.cidr
}

output "name" {
  value = data.terraform_remote_state.net.outputs.network.name
}

output "region" {
  value = data.terraform_remote_state.net.outputs.region
}

output "app" {
  value = terraform_data.app.output
}
`})
}

func TestRemoteStateDataSourceLocal(t *testing.T) {
	t.Parallel()
	producer := producerStack(t, "", "default")
	producer.must(0, "apply", "-auto-approve")
	// A named workspace of the producer, where Terraform's local backend
	// keeps it.
	staging := producerStack(t, "", "staging")
	staging.must(0, "apply", "-auto-approve")
	wsPath := producer.path("terraform.tfstate.d/staging/terraform.tfstate")
	if err := os.MkdirAll(filepath.Dir(wsPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wsPath, []byte(staging.read(stateFile)), 0o644); err != nil {
		t.Fatal(err)
	}

	path := producer.path(stateFile)
	consumer := consumerStack(t, "local", `{ path = "`+path+`" }`)
	r := consumer.must(0, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, `cidr = "10.0.0.0/16"`, `name = "default"`, `region = "eu-west-1"`, `app = "app in 10.0.0.0/16"`)
	wantNotContains(t, r, "s3cr3t")
	consumer.must(0, "plan", "-detailed-exitcode")

	t.Run("a named workspace is read from terraform.tfstate.d", func(t *testing.T) {
		c := consumerStack(t, "local", `{ path = "`+path+`", workspace_dir = "`+producer.path("terraform.tfstate.d")+`" }`)
		main := strings.Replace(c.read("main.tf"), `backend = "local"`, "backend = \"local\"\n  workspace = \"staging\"", 1)
		c.write("main.tf", main)
		r := c.must(0, "apply", "-auto-approve", "-no-color")
		wantContains(t, r, `name = "staging"`)
	})

	t.Run("a change of the producer's outputs is planned by the consumer", func(t *testing.T) {
		producer.write("main.tf", strings.Replace(producer.read("main.tf"), "10.0.0.0/16", "10.1.0.0/16", 1))
		producer.must(0, "apply", "-auto-approve")
		r := consumer.must(2, "plan", "-detailed-exitcode", "-no-color")
		wantContains(t, r, `"app in 10.0.0.0/16" -> "app in 10.1.0.0/16"`, "1 to change")
	})

	t.Run("a state that does not exist is a located error", func(t *testing.T) {
		c := consumerStack(t, "local", `{ path = "`+producer.path("nope.tfstate")+`" }`)
		r := c.must(1, "plan", "-no-color")
		wantContains(t, r, "Unable to find remote state", "main.tf line 2", "No stored state was found")
	})

	t.Run("a setting the backend does not have is a located error", func(t *testing.T) {
		c := consumerStack(t, "local", `{ path = "x", bucket = "b" }`)
		r := c.must(1, "validate", "-no-color")
		wantContains(t, r, "Invalid backend configuration", `unsupported argument "bucket"`, "main.tf line 4")
	})
}

func TestRemoteStateDataSourceSandbox(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	env := func(s *stack) *stack {
		for _, kv := range sb.Env() {
			name, value, _ := strings.Cut(strings.TrimPrefix(kv, "export "), "=")
			s.setenv(name, value)
		}
		return s
	}
	t.Run("s3", func(t *testing.T) {
		t.Parallel()
		s3 := func(key string) string {
			return `backend "s3" {` + "\n" + `bucket = "tfstate"` + "\n" + `key = "` + key + `"` + "\n" + `use_path_style = true` + "\n}"
		}
		env(producerStack(t, s3("net/terraform.tfstate"), "default")).must(0, "apply", "-auto-approve")
		// Terraform's S3 layout of workspace "staging": env:/staging/KEY.
		env(producerStack(t, s3("env:/staging/net/terraform.tfstate"), "staging")).must(0, "apply", "-auto-approve")

		cfg := `{ bucket = "tfstate", key = "net/terraform.tfstate", use_path_style = true }`
		c := env(consumerStack(t, "s3", cfg))
		r := c.must(0, "apply", "-auto-approve", "-no-color")
		wantContains(t, r, `cidr = "10.0.0.0/16"`, `name = "default"`, `region = "eu-west-1"`)
		c.must(0, "plan", "-detailed-exitcode")

		ws := env(consumerStack(t, "s3", cfg))
		ws.write("main.tf", strings.Replace(ws.read("main.tf"), `backend = "s3"`, "backend = \"s3\"\n  workspace = \"staging\"", 1))
		r = ws.must(0, "apply", "-auto-approve", "-no-color")
		wantContains(t, r, `name = "staging"`)
	})
	t.Run("gcs", func(t *testing.T) {
		t.Parallel()
		gcs := `backend "gcs" {` + "\n" + `bucket = "tfstate"` + "\n" + `prefix = "net"` + "\n}"
		env(producerStack(t, gcs, "default")).must(0, "apply", "-auto-approve")
		// A workspace the producer made with trueup workspace, read back
		// through the consumer's workspace argument.
		staging := env(producerStack(t, gcs, "staging"))
		staging.must(0, "workspace", "new", "staging")
		staging.must(0, "apply", "-auto-approve")
		c := env(consumerStack(t, "gcs", `{ bucket = "tfstate", prefix = "net" }`))
		r := c.must(0, "apply", "-auto-approve", "-no-color")
		wantContains(t, r, `cidr = "10.0.0.0/16"`, `name = "default"`)
		c.must(0, "plan", "-detailed-exitcode")

		ws := env(consumerStack(t, "gcs", `{ bucket = "tfstate", prefix = "net" }`))
		ws.write("main.tf", strings.Replace(ws.read("main.tf"), `backend = "gcs"`, "backend = \"gcs\"\n  workspace = \"staging\"", 1))
		r = ws.must(0, "apply", "-auto-approve", "-no-color")
		wantContains(t, r, `name = "staging"`)
	})
}
