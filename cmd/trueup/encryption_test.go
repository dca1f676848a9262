package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/encryption"
)

// End-to-end tests of state and plan encryption (docs/encryption.md): the
// real binary, real files, the sandbox's buckets and moto's KMS.

const (
	encPass   = "correct horse battery staple"
	encPass2  = "the second passphrase, rotated in"
	encSecret = "s3cr3t-output-value"
)

// encryptedTF is a stack whose state and plans are encrypted with
// var.passphrase, enforced, and which holds a sensitive output.
const encryptedTF = `
variable "passphrase" {
  type      = string
  sensitive = true
}

terraform {
  encryption {
    key_provider "pbkdf2" "mykey" {
      passphrase = var.passphrase
      iterations = 200000
    }
    method "aes_gcm" "m" {
      keys = key_provider.pbkdf2.mykey
    }
    state {
      method   = method.aes_gcm.m
      enforced = true
    }
    plan {
      method = method.aes_gcm.m
    }
  }
}

resource "random_pet" "p" {}

variable "trigger" {
  default = "one"
}

resource "null_resource" "n" {
  triggers = { t = var.trigger }
}

output "secret" {
  value     = "` + encSecret + `"
  sensitive = true
}
`

// wantEnvelope fails unless b is OpenTofu's encrypted state or plan
// format holding metadata under metaKey and no secret in clear.
func wantEnvelope(t *testing.T, what string, b []byte, metaKey string) {
	t.Helper()
	if !encryption.IsEncrypted(b) {
		t.Fatalf("%s is not encrypted:\n%s", what, b)
	}
	for _, secret := range []string{encSecret, encPass, encPass2, "random_pet"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Fatalf("%s holds %q in clear", what, secret)
		}
	}
	var env struct {
		Meta map[string]string `json:"meta"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatal(err)
	}
	if _, err := base64.StdEncoding.DecodeString(env.Meta[metaKey]); err != nil || env.Meta[metaKey] == "" {
		t.Fatalf("%s has no metadata under %q: %v\n%s", what, metaKey, err, b)
	}
}

func wantNoPassphrase(t *testing.T, r result, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(r.output(), s) {
			t.Fatalf("the output quotes a secret:\n%s", r)
		}
	}
}

func TestEncryptedLocalStateEndToEnd(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": encryptedTF})
	s.setenv("TF_VAR_passphrase", encPass)
	s.must(0, "init")
	wantNoPassphrase(t, s.must(0, "apply", "-auto-approve"), encPass, encSecret)
	wantEnvelope(t, "the state file", fileBytes(t, s.path(stateFile)), "key_provider.pbkdf2.mykey")

	r := s.must(0, "state", "list")
	if strings.Fields(r.stdout)[0] != "null_resource.n" || !strings.Contains(r.stdout, "random_pet.p") {
		t.Fatalf("state list:\n%s", r)
	}
	wantContains(t, s.must(0, "output", "-raw", "secret"), encSecret)
	wantContains(t, s.must(0, "show"), "random_pet.p")
	wantContains(t, s.must(0, "state", "pull"), `"lineage"`, "random_pet")

	// A saved plan is encrypted too, and show and apply read it.
	s.must(0, "plan", "-var", "trigger=two", "-out=tf.plan")
	wantEnvelope(t, "the plan file", fileBytes(t, s.path("tf.plan")), "key_provider.pbkdf2.mykey")
	wantContains(t, s.must(0, "show", "tf.plan"), "null_resource.n", "must be replaced")
	s.must(0, "apply", "tf.plan")
	wantEnvelope(t, "the state after applying the plan", fileBytes(t, s.path(stateFile)), "key_provider.pbkdf2.mykey")
	s.must(0, "plan", "-var", "trigger=two", "-detailed-exitcode")

	// A wrong passphrase: a clear error, and nothing written.
	before, backup := fileBytes(t, s.path(stateFile)), fileBytes(t, s.path(stateFile+".backup"))
	s.setenv("TF_VAR_passphrase", "a wrong passphrase, long enough")
	for _, args := range [][]string{{"apply", "-auto-approve", "-var", "trigger=three"}, {"plan"}, {"state", "list"}, {"destroy", "-auto-approve"}, {"show", "tf.plan"}} {
		r := s.must(1, args...)
		wantContains(t, r, "cannot decrypt the", "wrong passphrase or key")
		wantNoPassphrase(t, r, encPass, "a wrong passphrase, long enough")
	}
	if !bytes.Equal(fileBytes(t, s.path(stateFile)), before) || !bytes.Equal(fileBytes(t, s.path(stateFile+".backup")), backup) {
		t.Fatal("a command with the wrong key changed the state file or its backup")
	}
	if s.exists("errored.tfstate") {
		t.Fatal("a command with the wrong key wrote errored.tfstate")
	}

	// A passphrase shorter than OpenTofu's minimum is a located error
	// that does not quote it.
	s.setenv("TF_VAR_passphrase", "short-pass")
	r = s.must(1, "plan")
	wantContains(t, r, "Passphrase too short", "main.tf line 10")
	wantNoPassphrase(t, r, "short-pass")
}

// migrationTF is encryptedTF's stack with its state block given.
func migrationTF(stateBlock string, extra string) string {
	return `
variable "passphrase" {
  type      = string
  sensitive = true
}
variable "old" {
  type      = string
  sensitive = true
  default   = "` + encPass + `"
}
terraform {
  encryption {
    key_provider "pbkdf2" "old" {
      passphrase = var.old
      iterations = 200000
    }
    key_provider "pbkdf2" "new" {
      passphrase = var.passphrase
      iterations = 200000
    }
    method "aes_gcm" "old" { keys = key_provider.pbkdf2.old }
    method "aes_gcm" "new" { keys = key_provider.pbkdf2.new }
    method "unencrypted" "migrate" {}
    ` + stateBlock + `
  }
}
resource "random_pet" "p" {}
output "secret" {
  value     = "` + encSecret + `"
  sensitive = true
}
` + extra
}

func TestEncryptionMigrationAndKeyRotation(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": "resource \"random_pet\" \"p\" {}\n"})
	s.setenv("TF_VAR_passphrase", encPass2)
	s.must(0, "apply", "-auto-approve")
	plain := fileBytes(t, s.path(stateFile))
	pet := attr(t, s.state(), "random_pet.p", "id")

	// Encryption without an unencrypted fallback refuses the plain state.
	s.write("main.tf", migrationTF(`state { method = method.aes_gcm.old }`, ""))
	wantContains(t, s.must(1, "plan"), "is not encrypted", "fallback { method = method.unencrypted")
	if !bytes.Equal(fileBytes(t, s.path(stateFile)), plain) {
		t.Fatal("the refused plan changed the state file")
	}

	// Migration to encryption: the next apply encrypts the state, even
	// though nothing changes.
	s.write("main.tf", migrationTF(`state {
      method = method.aes_gcm.old
      fallback { method = method.unencrypted.migrate }
    }`, ""))
	wantContains(t, s.must(0, "apply", "-auto-approve"), "0 added, 0 changed, 0 destroyed")
	wantEnvelope(t, "the migrated state", fileBytes(t, s.path(stateFile)), "key_provider.pbkdf2.old")
	// The backup holds the plain state it replaced, sealed as well.
	wantEnvelope(t, "the backup of the migrated state", fileBytes(t, s.path(stateFile+".backup")), "key_provider.pbkdf2.old")

	// Rotation: the new key reads through the fallback, the next apply
	// writes with the new key only.
	s.write("main.tf", migrationTF(`state {
      method = method.aes_gcm.new
      fallback { method = method.aes_gcm.old }
    }`, ""))
	s.must(0, "apply", "-auto-approve")
	rotated := fileBytes(t, s.path(stateFile))
	wantEnvelope(t, "the rotated state", rotated, "key_provider.pbkdf2.new")
	if bytes.Contains(rotated, []byte("key_provider.pbkdf2.old")) {
		t.Fatal("the rotated state still needs the old key")
	}
	if backup := fileBytes(t, s.path(stateFile+".backup")); bytes.Contains(backup, []byte("key_provider.pbkdf2.old")) {
		t.Fatalf("the backup of the rotated state still needs the old key:\n%s", backup)
	}
	// The old key alone no longer reads it.
	s.write("main.tf", migrationTF(`state { method = method.aes_gcm.old }`, ""))
	wantContains(t, s.must(1, "state", "list"), "cannot decrypt the state")

	// Migration back to unencrypted.
	s.write("main.tf", migrationTF(`state {
      method = method.unencrypted.migrate
      fallback { method = method.aes_gcm.new }
    }`, ""))
	s.must(0, "apply", "-auto-approve")
	if encryption.IsEncrypted(fileBytes(t, s.path(stateFile))) {
		t.Fatal("migrating back left the state encrypted")
	}
	if got := attr(t, s.state(), "random_pet.p", "id"); got != pet {
		t.Fatalf("the object changed across migrations: %s, was %s", got, pet)
	}
}

func TestEncryptionFromTheEnvironment(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": "resource \"random_pet\" \"p\" {}\n"})
	// JSON, as OpenTofu accepts it in TF_ENCRYPTION.
	s.setenv("TF_ENCRYPTION", `{
  "key_provider": {"pbkdf2": {"env": {"passphrase": "`+encPass+`", "iterations": 200000}}},
  "method": {"aes_gcm": {"m": {"keys": "key_provider.pbkdf2.env"}}},
  "state": {"method": "method.aes_gcm.m", "enforced": true}
}`)
	s.must(0, "apply", "-auto-approve")
	wantEnvelope(t, "the state", fileBytes(t, s.path(stateFile)), "key_provider.pbkdf2.env")
	wantContains(t, s.must(0, "state", "list"), "random_pet.p")

	// Without it the state is unreadable, and says why.
	s.env = nil
	wantContains(t, s.must(1, "state", "list"), "the state is encrypted, and no state encryption is configured")
}

func TestEncryptedStateInTheSandboxBuckets(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	objects := map[string]string{
		"s3":  sb.S3URL() + "/tfstate/enc/terraform.tfstate",
		"gcs": sb.GCSURL() + "/storage/v1/b/tfstate/o/enc%2Fdefault.tfstate?alt=media",
	}
	backends := map[string]string{
		"s3":  "terraform {\n  backend \"s3\" {\n    bucket = \"tfstate\"\n    key = \"enc/terraform.tfstate\"\n    use_path_style = true\n  }\n}\n",
		"gcs": "terraform {\n  backend \"gcs\" {\n    bucket = \"tfstate\"\n    prefix = \"enc\"\n  }\n}\n",
	}
	for name, backend := range backends {
		t.Run(name, func(t *testing.T) {
			s := sandboxStack(t, sb, strings.TrimSuffix(strings.TrimPrefix(backend, "terraform {\n"), "}\n"))
			s.write("main.tf", encryptedTF)
			s.setenv("TF_VAR_passphrase", encPass)
			s.must(0, "init")
			s.must(0, "apply", "-auto-approve")
			stored, code := httpGet(t, objects[name])
			if code != 200 {
				t.Fatalf("GET %s: %d", objects[name], code)
			}
			wantEnvelope(t, "the "+name+" object", stored, "key_provider.pbkdf2.mykey")
			wantContains(t, s.must(0, "state", "list"), "random_pet.p", "null_resource.n")
			s.must(0, "plan", "-detailed-exitcode")

			s.setenv("TF_VAR_passphrase", "a wrong passphrase, long enough")
			wantContains(t, s.must(1, "apply", "-auto-approve", "-var", "trigger=two"), "cannot decrypt the state")
			after, _ := httpGet(t, objects[name])
			if !bytes.Equal(after, stored) {
				t.Fatal("an apply with the wrong key changed the stored object")
			}
		})
	}
}

// kmsTF encrypts state with an AWS KMS data key of the key in var.key_id.
const kmsTF = `
variable "key_id" {}

terraform {
  encryption {
    key_provider "aws_kms" "k" {
      kms_key_id = var.key_id
      region     = "us-east-1"
      key_spec   = "AES_256"
      encryption_context = { stack = "enc-test" }
    }
    method "aes_gcm" "m" {
      keys = key_provider.aws_kms.k
    }
    state {
      method = method.aes_gcm.m
    }
  }
}

resource "random_pet" "p" {}

output "secret" {
  value     = "` + encSecret + `"
  sensitive = true
}
`

func TestAWSKMSKeyProviderAgainstMoto(t *testing.T) {
	t.Parallel()
	requireTools(t, "moto_server", "aws")
	endpoint := startMoto(t)
	aws := awsCLI(t, endpoint)
	newKey := func() string {
		var out struct{ KeyMetadata struct{ KeyId string } }
		aws.json(&out, "kms", "create-key", "--description", "trueup state")
		return out.KeyMetadata.KeyId
	}
	key, other := newKey(), newKey()

	s := newStack(t, map[string]string{"main.tf": kmsTF})
	for _, kv := range []string{"AWS_ENDPOINT_URL=" + endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
		"AWS_CONFIG_FILE=" + s.path("none"), "AWS_SHARED_CREDENTIALS_FILE=" + s.path("none"), "TF_VAR_key_id=" + key} {
		name, value, _ := strings.Cut(kv, "=")
		s.setenv(name, value)
	}
	s.must(0, "apply", "-auto-approve")
	stored := fileBytes(t, s.path(stateFile))
	wantEnvelope(t, "the state", stored, "key_provider.aws_kms.k")
	var env struct{ Meta map[string][]byte }
	if err := json.Unmarshal(stored, &env); err != nil {
		t.Fatal(err)
	}
	var meta struct {
		CiphertextBlob    []byte            `json:"ciphertext_blob"`
		EncryptionContext map[string]string `json:"encryption_context"`
	}
	if err := json.Unmarshal(env.Meta["key_provider.aws_kms.k"], &meta); err != nil || len(meta.CiphertextBlob) == 0 || meta.EncryptionContext["stack"] != "enc-test" {
		t.Fatalf("aws_kms metadata %s: %v", env.Meta["key_provider.aws_kms.k"], err)
	}
	// The wrapped data key is KMS's: KMS itself unwraps it.
	blob := s.path("blob")
	if err := os.WriteFile(blob, meta.CiphertextBlob, 0o600); err != nil {
		t.Fatal(err)
	}
	var dec struct{ KeyId string }
	aws.json(&dec, "kms", "decrypt", "--ciphertext-blob", "fileb://"+blob, "--encryption-context", "stack=enc-test")
	if !strings.HasSuffix(dec.KeyId, key) {
		t.Fatalf("the data key was wrapped by %s, want %s", dec.KeyId, key)
	}
	wantContains(t, s.must(0, "state", "list"), "random_pet.p")
	wantContains(t, s.must(0, "output", "-raw", "secret"), encSecret)

	// Another KMS key cannot unwrap it: a clear error, nothing written.
	s.setenv("TF_VAR_key_id", other)
	wantContains(t, s.must(1, "apply", "-auto-approve"), "cannot decrypt the state", "key_provider.aws_kms.k")
	if !bytes.Equal(fileBytes(t, s.path(stateFile)), stored) {
		t.Fatal("the apply with another KMS key changed the state")
	}
}

func TestRemoteStateDataSourceReadsAnEncryptedState(t *testing.T) {
	t.Parallel()
	producer := newStack(t, map[string]string{"main.tf": `
terraform {
  encryption {
    key_provider "pbkdf2" "producer" {
      passphrase = "` + encPass + `"
      iterations = 200000
      encrypted_metadata_alias = "shared"
    }
    method "aes_gcm" "m" { keys = key_provider.pbkdf2.producer }
    state { method = method.aes_gcm.m }
  }
}
output "cidr" { value = "10.1.0.0/16" }
`})
	producer.must(0, "apply", "-auto-approve")
	wantEnvelope(t, "the producer's state", fileBytes(t, producer.path(stateFile)), "shared")

	consumerTF := func(encryption string) string {
		return `
terraform {
  encryption {
    key_provider "pbkdf2" "other_name" {
      passphrase = "` + encPass + `"
      iterations = 200000
      encrypted_metadata_alias = "shared"
    }
    method "aes_gcm" "m" { keys = key_provider.pbkdf2.other_name }
    ` + encryption + `
  }
}
data "terraform_remote_state" "net" {
  backend = "local"
  config  = { path = "` + producer.path(stateFile) + `" }
}
output "cidr" { value = data.terraform_remote_state.net.outputs.cidr }
`
	}
	consumer := newStack(t, map[string]string{"main.tf": consumerTF(`remote_state_data_sources {
      default { method = method.aes_gcm.m }
    }`)})
	consumer.must(0, "apply", "-auto-approve")
	consumer.wantOutput("cidr", "10.1.0.0/16")
	// The consumer's own state is not encrypted: only remote reads are.
	if encryption.IsEncrypted(fileBytes(t, consumer.path(stateFile))) {
		t.Fatal("remote_state_data_sources encrypted the consumer's own state")
	}

	// Without the remote target the encrypted state cannot be read.
	consumer.write("main.tf", consumerTF(""))
	wantContains(t, consumer.must(1, "plan"), "the state is encrypted, and no state encryption is configured")
}

func TestValidateChecksTheEncryptionBlockWithoutItsVariables(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": encryptedTF})
	// No passphrase is given: validate needs none.
	s.must(0, "validate")
	s.write("main.tf", strings.Replace(encryptedTF, "method   = method.aes_gcm.m", "method   = method.aes_gcm.nope", 1))
	r := s.must(1, "validate")
	wantContains(t, r, "Reference to undeclared encryption method", "main.tf line 17")
}
