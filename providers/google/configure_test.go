package google

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func TestEndpointParsing(t *testing.T) {
	tests := []struct {
		name, custom, env     string
		pubsub                bool
		wantURL               string
		wantEmulator, wantErr bool
	}{
		{name: "storage https URL keeps its path and needs credentials", custom: "https://storage.example.test/storage/v1/",
			wantURL: "https://storage.example.test/storage/v1/"},
		{name: "storage http URL without a path is an emulator at /storage/v1/", custom: "http://127.0.0.1:4443",
			wantURL: "http://127.0.0.1:4443/storage/v1/", wantEmulator: true},
		{name: "storage endpoint that is not a URL is an error", custom: "storage.example.test", wantErr: true},
		{name: "STORAGE_EMULATOR_HOST wins over the custom endpoint", custom: "https://x.test/", env: "127.0.0.1:1", wantEmulator: true},
		{name: "pubsub REST URL becomes a TLS gRPC address", pubsub: true, custom: "https://pubsub.example.test/v1/",
			wantURL: "pubsub.example.test:443"},
		{name: "pubsub http URL is a plaintext emulator", pubsub: true, custom: "http://127.0.0.1:8085/v1/",
			wantURL: "127.0.0.1:8085", wantEmulator: true},
		{name: "pubsub host:port is a TLS address", pubsub: true, custom: "pubsub.example.test:443", wantURL: "pubsub.example.test:443"},
		{name: "pubsub garbage is an error", pubsub: true, custom: "not an endpoint", wantErr: true},
		{name: "PUBSUB_EMULATOR_HOST wins over the custom endpoint", pubsub: true, custom: "https://x.test/", env: "127.0.0.1:1", wantEmulator: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse := storageEndpoint
			if tt.pubsub {
				parse = pubsubEndpoint
			}
			ep, err := parse(tt.custom, tt.env)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if ep.url != tt.wantURL || ep.emulator != tt.wantEmulator {
				t.Errorf("got url %q emulator %v, want %q %v", ep.url, ep.emulator, tt.wantURL, tt.wantEmulator)
			}
			if tt.env != "" && tt.custom != "" && len(ep.warnings) != 1 {
				t.Errorf("both set: warnings %v, want one saying the custom endpoint is ignored", ep.warnings)
			}
		})
	}
}

// writeServiceAccountKey writes a service account key file (with a fresh
// RSA key) for project and returns its path and contents.
func writeServiceAccountKey(t *testing.T, project string) (string, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": project, "private_key_id": "k1",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email": "trueup@" + project + ".iam.gserviceaccount.com", "client_id": "1",
		"token_uri": "https://oauth2.example.test/token",
	})
	path := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, string(doc)
}

// realEndpoints points both services at TLS endpoints that are never
// contacted: these tests only configure and plan.
var realEndpoints = map[string]cty.Value{
	"storage_custom_endpoint": s("https://storage.example.test/storage/v1/"),
	"pubsub_custom_endpoint":  s("https://pubsub.example.test/v1/"),
}

// plannedProject plans a bucket with no project and returns the project
// the provider filled in.
func plannedProject(t *testing.T, p schema.Provider) string {
	t.Helper()
	config := cfg(t, p, "google_storage_bucket", map[string]cty.Value{"name": s("b"), "location": s("EU")})
	block := p.GetSchema(bg).Schema.Resources["google_storage_bucket"].Block
	resp := p.PlanResource(bg, schema.PlanResourceRequest{TypeName: "google_storage_bucket", PriorState: block.Null(),
		ProposedNewState: schema.ProposedNew(block, block.Null(), config), Config: config})
	if resp.Diagnostics.HasErrors() {
		t.Fatalf("plan: %s", resp.Diagnostics.Err())
	}
	return attr(resp.PlannedState, "project")
}

func TestConfigureCredentials(t *testing.T) {
	keyPath, keyJSON := writeServiceAccountKey(t, "key-project")
	tests := []struct {
		name        string
		credentials string
		wantProject string
		wantErr     string
	}{
		{name: "a key file path is read and names the project", credentials: keyPath, wantProject: "key-project"},
		{name: "the key JSON itself is accepted", credentials: keyJSON, wantProject: "key-project"},
		{name: "a missing key file is an error naming the path", credentials: "/nonexistent/key.json", wantErr: "/nonexistent/key.json"},
		{name: "JSON without a type is an error", credentials: `{"private_key":"SECRET"}`, wantErr: "no \"type\""},
		{name: "broken JSON is an error that quotes nothing of it", credentials: `{"private_key": SECRET`, wantErr: "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals := map[string]cty.Value{"credentials": s(tt.credentials)}
			for k, v := range realEndpoints {
				vals[k] = v
			}
			p := New()
			resp := p.Configure(bg, schema.ConfigureRequest{Config: providertest.Config(providerBlock, vals)})
			if tt.wantErr != "" {
				if !resp.Diagnostics.HasErrors() || !strings.Contains(resp.Diagnostics.Err().Error(), tt.wantErr) {
					t.Fatalf("diagnostics %v, want an error containing %q", resp.Diagnostics, tt.wantErr)
				}
				if strings.Contains(resp.Diagnostics.Err().Error(), "SECRET") {
					t.Fatalf("the diagnostic quotes the credentials: %s", resp.Diagnostics.Err())
				}
				if !resp.Diagnostics[0].Attribute.Equals(cty.GetAttrPath("credentials")) {
					t.Errorf("diagnostic attribute %v, want credentials", resp.Diagnostics[0].Attribute)
				}
				return
			}
			if resp.Diagnostics.HasErrors() {
				t.Fatalf("configure: %s", resp.Diagnostics.Err())
			}
			if got := plannedProject(t, p); got != tt.wantProject {
				t.Errorf("planned project %q, want %q from the key", got, tt.wantProject)
			}
		})
	}
}

func TestConfigureApplicationDefaultCredentials(t *testing.T) {
	keyPath, _ := writeServiceAccountKey(t, "adc-project")
	for _, v := range []string{"GOOGLE_CREDENTIALS", "GOOGLE_CLOUD_KEYFILE_JSON", "GCLOUD_KEYFILE_JSON", "GOOGLE_PROJECT",
		"GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT", "STORAGE_EMULATOR_HOST", "PUBSUB_EMULATOR_HOST"} {
		t.Setenv(v, "")
	}
	t.Run("ADC from GOOGLE_APPLICATION_CREDENTIALS is used when no credentials are given", func(t *testing.T) {
		t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", keyPath)
		p := providertest.Configure(t, New(), realEndpoints)
		if got := plannedProject(t, p); got != "adc-project" {
			t.Errorf("planned project %q, want adc-project from the ADC key", got)
		}
	})
	t.Run("missing ADC fails the first API call with what to do", func(t *testing.T) {
		t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "missing.json"))
		vals := map[string]cty.Value{"project": s("x")}
		for k, v := range realEndpoints {
			vals[k] = v
		}
		p := providertest.Configure(t, New(), vals) // configuring alone needs no credentials
		config := cfg(t, p, "google_storage_bucket", map[string]cty.Value{"name": s("b"), "location": s("EU")})
		_, resp := planApply(t, p, "google_storage_bucket", p.GetSchema(bg).Schema.Resources["google_storage_bucket"].Block.Null(), config)
		if !resp.Diagnostics.HasErrors() || !strings.Contains(resp.Diagnostics.Err().Error(), "Application Default Credentials") {
			t.Fatalf("diagnostics %v, want an error about Application Default Credentials", resp.Diagnostics)
		}
	})
}

func TestConfigureEmulatorVariables(t *testing.T) {
	t.Setenv("STORAGE_EMULATOR_HOST", strings.TrimPrefix(servers.GCS.URL(), "http://"))
	t.Setenv("PUBSUB_EMULATOR_HOST", servers.Pubsub.Host)
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/adc.json") // must not be needed
	project := testProject(t)
	p := providertest.Configure(t, New(), map[string]cty.Value{"project": s(project)})
	bucketBlock := p.GetSchema(bg).Schema.Resources["google_storage_bucket"].Block
	_, bucket := planApply(t, p, "google_storage_bucket", bucketBlock.Null(),
		cfg(t, p, "google_storage_bucket", map[string]cty.Value{"name": s("env-bucket"), "location": s("US-CENTRAL1")}))
	if bucket.Diagnostics.HasErrors() {
		t.Fatalf("bucket through STORAGE_EMULATOR_HOST: %s", bucket.Diagnostics.Err())
	}
	if _, err := gcsClient(t).Bucket("env-bucket").Attrs(bg); err != nil {
		t.Errorf("bucket not on the emulator: %v", err)
	}
	topicBlock := p.GetSchema(bg).Schema.Resources[topicType].Block
	_, topic := planApply(t, p, topicType, topicBlock.Null(), cfg(t, p, topicType, map[string]cty.Value{"name": s("env-topic")}))
	if topic.Diagnostics.HasErrors() {
		t.Fatalf("topic through PUBSUB_EMULATOR_HOST: %s", topic.Diagnostics.Err())
	}
	topics, _ := pubsubClients(t)
	if _, err := topics.GetTopic(bg, &pubsubpb.GetTopicRequest{Topic: "projects/" + project + "/topics/env-topic"}); err != nil {
		t.Errorf("topic not on the emulator: %v", err)
	}
}

func TestUnconfiguredProviderReportsIt(t *testing.T) {
	p := New()
	config := cfg(t, p, topicType, map[string]cty.Value{"name": s("t")})
	block := p.GetSchema(bg).Schema.Resources[topicType].Block
	resp := p.PlanResource(bg, schema.PlanResourceRequest{TypeName: topicType, PriorState: block.Null(),
		ProposedNewState: schema.ProposedNew(block, block.Null(), config), Config: config})
	if !resp.Diagnostics.HasErrors() || !strings.Contains(resp.Diagnostics[0].Summary, "not configured") {
		t.Fatalf("diagnostics %v, want 'Provider not configured'", resp.Diagnostics)
	}
}
