package google

import (
	"context"
	"errors"
	"os"
	"strings"

	"cloud.google.com/go/auth"
	"cloud.google.com/go/auth/credentials"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// cloudPlatformScope is the OAuth scope every client asks for.
const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"

// settings is the provider block decoded.
type settings struct {
	project, region, credentials    string
	storageEndpoint, pubsubEndpoint string
}

func decodeSettings(v cty.Value) settings {
	get := func(name string) string {
		if v.IsNull() || !v.IsKnown() {
			return ""
		}
		a := v.GetAttr(name)
		if a.IsNull() || !a.IsKnown() {
			return ""
		}
		return strings.TrimSpace(a.AsString())
	}
	return settings{
		project: get("project"), region: get("region"), credentials: get("credentials"),
		storageEndpoint: get("storage_custom_endpoint"), pubsubEndpoint: get("pubsub_custom_endpoint"),
	}
}

// firstEnv returns the first non-empty of the named environment variables.
func firstEnv(env func(string) string, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(env(n)); v != "" {
			return v
		}
	}
	return ""
}

// configure resolves the settings (falling back to the environment as the
// Terraform google provider does) and builds the clients.
func configure(ctx context.Context, s settings, env func(string) string) (*clients, schema.Diagnostics) {
	var diags schema.Diagnostics
	if s.project == "" {
		s.project = firstEnv(env, "GOOGLE_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT")
	}
	if s.region == "" {
		s.region = firstEnv(env, "GOOGLE_REGION", "GCLOUD_REGION", "CLOUDSDK_COMPUTE_REGION")
	}
	credPath := cty.GetAttrPath("credentials")
	if s.credentials == "" {
		s.credentials = firstEnv(env, "GOOGLE_CREDENTIALS", "GOOGLE_CLOUD_KEYFILE_JSON", "GCLOUD_KEYFILE_JSON")
		credPath = nil
	}
	storageEP, err := storageEndpoint(s.storageEndpoint, env("STORAGE_EMULATOR_HOST"))
	if err != nil {
		return nil, schema.Errorf(cty.GetAttrPath("storage_custom_endpoint"), "Invalid storage_custom_endpoint", err.Error())
	}
	pubsubEP, err := pubsubEndpoint(s.pubsubEndpoint, env("PUBSUB_EMULATOR_HOST"))
	if err != nil {
		return nil, schema.Errorf(cty.GetAttrPath("pubsub_custom_endpoint"), "Invalid pubsub_custom_endpoint", err.Error())
	}
	diags = append(diags, storageEP.warnings...)
	diags = append(diags, pubsubEP.warnings...)

	creds := &credentialSource{}
	if s.credentials != "" {
		c, err := explicitCredentials(s.credentials)
		if err != nil {
			return nil, append(diags, schema.Errorf(credPath, "Invalid credentials", err.Error())...)
		}
		creds.creds = c
	} else if storageEP.needsAuth() || pubsubEP.needsAuth() {
		// Application Default Credentials. Failing to find them is an
		// error only for the services that need them, when first used.
		creds.creds, creds.err = credentials.DetectDefault(&credentials.DetectOptions{Scopes: []string{cloudPlatformScope}})
	}
	if s.project == "" && creds.creds != nil {
		// A service account key names its project; no network call.
		if id, err := creds.creds.ProjectID(ctx); err == nil {
			s.project = id
		}
	}
	c := &clients{project: s.project, region: s.region}
	c.storage, c.storageErr = newStorageClient(ctx, storageEP, creds)
	c.topics, c.subscriptions, c.pubsubClose, c.pubsubErr = newPubsubClients(ctx, pubsubEP, creds)
	return c, diags
}

// credentialSource is what credential resolution found: credentials, or
// why there are none (nil, nil when no service needed any).
type credentialSource struct {
	creds *auth.Credentials
	err   error
}

func (cs *credentialSource) get() (*auth.Credentials, error) {
	if cs.creds != nil {
		return cs.creds, nil
	}
	if cs.err != nil {
		return nil, errors.New("no credentials in the provider block or GOOGLE_CREDENTIALS, and " +
			"Application Default Credentials were not found (" + cs.err.Error() + "); set credentials, " +
			"GOOGLE_APPLICATION_CREDENTIALS, or run 'gcloud auth application-default login'")
	}
	return nil, errors.New("no credentials were resolved")
}

// osEnv reads the process environment; tests pass their own lookup.
var osEnv = os.Getenv
