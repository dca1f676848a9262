package encryption

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

const (
	oldPass = "correct horse battery staple"
	newPass = "a much longer passphrase of 2026"
)

// plainState is a small state document as trueup writes it.
var plainState = []byte(`{
  "version": 4,
  "terraform_version": "1.9.0-trueup",
  "serial": 7,
  "lineage": "5b6e0a4c-5d3e-4c59-9f0b-5a2b7c9f1e11",
  "outputs": {"secret": {"value": "hunter2-hunter2", "type": "string", "sensitive": true}},
  "resources": []
}
`)

// mustEncryption builds the encryption block src with var.passphrase and
// var.old set.
func mustEncryption(t *testing.T, src string) *Encryption {
	t.Helper()
	enc, diags := build(src)
	if diags.HasErrors() {
		t.Fatalf("encryption config: %s", diags.Error())
	}
	return enc
}

func build(src string) (*Encryption, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	cfg, diags := Decode(f.Body, hcl.Range{Filename: "main.tf"})
	if diags.HasErrors() {
		return nil, diags
	}
	evalCtx := &hcl.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{
		"passphrase": cty.StringVal(newPass).Mark("sensitive"),
		"old":        cty.StringVal(oldPass),
		"short":      cty.StringVal("tooshort"),
	})}}
	return New(cfg, evalCtx)
}

const oldOnly = `
key_provider "pbkdf2" "old" {
  passphrase = var.old
  iterations = 200000
}
method "aes_gcm" "old" { keys = key_provider.pbkdf2.old }
state { method = method.aes_gcm.old }
plan { method = method.aes_gcm.old }
`

const rotated = `
key_provider "pbkdf2" "old" {
  passphrase = var.old
  iterations = 200000
}
key_provider "pbkdf2" "new" {
  passphrase = var.passphrase
  iterations = 200000
  hash_function = "sha256"
}
method "aes_gcm" "old" { keys = key_provider.pbkdf2.old }
method "aes_gcm" "new" { keys = key_provider.pbkdf2.new }
state {
  method = method.aes_gcm.new
  fallback { method = method.aes_gcm.old }
}
`

func TestStateEnvelopeIsOpenTofusFormat(t *testing.T) {
	enc := mustEncryption(t, oldOnly)
	sealed, err := enc.State().Seal(plainState)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("hunter2")) {
		t.Fatal("the sealed state holds the secret in clear")
	}
	// OpenTofu's stateEncryption writes struct{statedata; basedata}:
	// serial, lineage, meta (key -> base64 of the provider's JSON
	// metadata), encrypted_data (base64), encryption_version "v0".
	var env map[string]json.RawMessage
	if err := json.Unmarshal(sealed, &env); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"serial", "lineage", "meta", "encrypted_data", "encryption_version"} {
		if _, ok := env[k]; !ok {
			t.Errorf("envelope lacks %q: %s", k, sealed)
		}
	}
	if string(env["serial"]) != "7" || string(env["encryption_version"]) != `"v0"` {
		t.Errorf("serial %s, version %s", env["serial"], env["encryption_version"])
	}
	var meta map[string]string
	if err := json.Unmarshal(env["meta"], &meta); err != nil {
		t.Fatalf("meta values must be base64 strings ([]byte), as OpenTofu writes them: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(meta["key_provider.pbkdf2.old"])
	if err != nil {
		t.Fatal(err)
	}
	var pm struct {
		Salt         []byte `json:"salt"`
		Iterations   int    `json:"iterations"`
		HashFunction string `json:"hash_function"`
		KeyLength    int    `json:"key_length"`
	}
	if err := json.Unmarshal(raw, &pm); err != nil {
		t.Fatal(err)
	}
	if len(pm.Salt) != 32 || pm.Iterations != 200000 || pm.HashFunction != "sha512" || pm.KeyLength != 32 {
		t.Errorf("pbkdf2 metadata %+v, want a 32-byte salt, 200000 iterations, sha512, 32-byte key", pm)
	}
	got, err := enc.State().Open(sealed)
	if err != nil || !bytes.Equal(got, plainState) {
		t.Fatalf("round trip: %v\n%s", err, got)
	}
}

func TestRotationReadsWithFallbackWritesWithNewKey(t *testing.T) {
	old := mustEncryption(t, oldOnly)
	sealedOld, err := old.State().Seal(plainState)
	if err != nil {
		t.Fatal(err)
	}
	rot := mustEncryption(t, rotated)
	got, err := rot.State().Open(sealedOld)
	if err != nil || !bytes.Equal(got, plainState) {
		t.Fatalf("the fallback did not decrypt: %v", err)
	}
	sealedNew, err := rot.State().Seal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sealedNew), "key_provider.pbkdf2.new") || strings.Contains(string(sealedNew), "key_provider.pbkdf2.old") {
		t.Errorf("rewritten with the wrong key provider: %s", sealedNew)
	}
	if _, err := old.State().Open(sealedNew); err == nil {
		t.Error("the old key alone decrypted what the new key encrypted")
	}
}

func TestWrongPassphraseIsAClearErrorWithoutTheSecret(t *testing.T) {
	sealed, err := mustEncryption(t, oldOnly).State().Seal(plainState)
	if err != nil {
		t.Fatal(err)
	}
	wrong := mustEncryption(t, strings.Replace(oldOnly, "var.old", "var.passphrase", 1))
	_, err = wrong.State().Open(sealed)
	if err == nil {
		t.Fatal("a wrong passphrase decrypted the state")
	}
	msg := err.Error()
	if !strings.Contains(msg, "cannot decrypt the state") || !strings.Contains(msg, "wrong passphrase or key") {
		t.Errorf("unclear error: %s", msg)
	}
	for _, secret := range []string{oldPass, newPass} {
		if strings.Contains(msg, secret) {
			t.Errorf("the error quotes a passphrase: %s", msg)
		}
	}
}

func TestMigrationFromAndToUnencrypted(t *testing.T) {
	strict := mustEncryption(t, oldOnly)
	if _, err := strict.State().Open(plainState); err == nil || !strings.Contains(err.Error(), "fallback { method = method.unencrypted") {
		t.Fatalf("plain state without an unencrypted fallback: %v", err)
	}
	from := mustEncryption(t, strings.Replace(oldOnly, "state { method = method.aes_gcm.old }",
		"state {\n method = method.aes_gcm.old\n fallback { method = method.unencrypted.migrate }\n}", 1)+`method "unencrypted" "migrate" {}`)
	got, err := from.State().Open(plainState)
	if err != nil || !bytes.Equal(got, plainState) {
		t.Fatalf("migrating from plain: %v", err)
	}
	sealed, err := from.State().Seal(got)
	if err != nil || !IsEncrypted(sealed) {
		t.Fatalf("after migration the state is written in clear: %v", err)
	}
	back := mustEncryption(t, strings.Replace(oldOnly, "state { method = method.aes_gcm.old }",
		"state {\n method = method.unencrypted.migrate\n fallback { method = method.aes_gcm.old }\n}", 1)+`method "unencrypted" "migrate" {}`)
	got, err = back.State().Open(sealed)
	if err != nil || !bytes.Equal(got, plainState) {
		t.Fatalf("reading encrypted state while migrating back: %v", err)
	}
	out, err := back.State().Seal(got)
	if err != nil || !bytes.Equal(out, plainState) {
		t.Fatalf("migrating back writes %s, %v", out, err)
	}
}

func TestConfigErrorsAreLocated(t *testing.T) {
	cases := []struct {
		name, src, summary string
		line               int
	}{
		{"short passphrase refused", `
key_provider "pbkdf2" "k" {
  passphrase = var.short
}`, "Passphrase too short", 3},
		{"low iterations refused", `
key_provider "pbkdf2" "k" {
  passphrase = var.old
  iterations = 1000
}`, "Invalid iterations", 4},
		{"enforced refuses unencrypted", `
method "unencrypted" "u" {}
state {
  enforced = true
  method = method.unencrypted.u
}`, "Unencrypted method is forbidden", 5},
		{"undeclared method named", `
state {
  method = method.aes_gcm.nope
}`, "Reference to undeclared encryption method", 3},
		{"undeclared key provider named", `
method "aes_gcm" "m" {
  keys = key_provider.pbkdf2.nope
}`, "Reference to undeclared key provider", 3},
		{"per data source remote targets refused", `
remote_state_data_sources {
  remote_state_data_source "net" {
    method = method.unencrypted.u
  }
}
method "unencrypted" "u" {}`, "Per-data-source remote state encryption is not supported", 3},
		{"unknown key provider type", `
key_provider "vault" "k" {}`, "Unknown key_provider type", 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := build(tc.src)
			var found bool
			for _, d := range diags {
				if d.Severity == hcl.DiagError && d.Summary == tc.summary && d.Subject != nil && d.Subject.Start.Line == tc.line {
					found = true
				}
				if strings.Contains(d.Error(), "tooshort") {
					t.Errorf("a diagnostic quotes the passphrase: %s", d.Error())
				}
			}
			if !found {
				t.Errorf("want %q at line %d, got %s", tc.summary, tc.line, diags.Error())
			}
		})
	}
}

func TestEnvironmentConfigMergesOverCode(t *testing.T) {
	f, _ := hclsyntax.ParseConfig([]byte(oldOnly), "main.tf", hcl.InitialPos)
	code, diags := Decode(f.Body, hcl.Range{Filename: "main.tf"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	env, diags := LoadEnv(EnvVar, `{"key_provider": {"pbkdf2": {"old": {"passphrase": "`+newPass+`"}}}}`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	enc, diags := New(Merge(code, env), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	sealed, err := enc.State().Seal(plainState)
	if err != nil {
		t.Fatal(err)
	}
	// The environment's passphrase won: var.passphrase (newPass) decrypts.
	want := mustEncryption(t, strings.Replace(oldOnly, "var.old", "var.passphrase", 1))
	if _, err := want.State().Open(sealed); err != nil {
		t.Fatalf("the environment's passphrase was not used: %v", err)
	}
}

func TestPlanEnvelope(t *testing.T) {
	enc := mustEncryption(t, oldOnly)
	plan := []byte(`{"format":"trueup-plan/1","variables":{"password":"hunter2-hunter2"}}`)
	sealed, err := enc.Plan().Seal(plan)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("hunter2")) || bytes.Contains(sealed, []byte(`"serial"`)) {
		t.Fatalf("plan envelope: %s", sealed)
	}
	got, err := enc.Plan().Open(sealed)
	if err != nil || !bytes.Equal(got, plan) {
		t.Fatalf("plan round trip: %v", err)
	}
}
