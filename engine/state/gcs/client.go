package gcs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	"cloud.google.com/go/storage"
	"github.com/hashicorp/go-hclog"
	"golang.org/x/oauth2"
	"google.golang.org/api/impersonate"
	"google.golang.org/api/option"

	"github.com/trueup/trueup/internal/gcpretry"
)

// newClient returns a storage client for cfg that never retries itself:
// every call of the backend is retried by (*Backend).do, which waits as
// internal/retry says and honours Retry-After (docs/retry.md).
func newClient(ctx context.Context, cfg Config, log hclog.Logger) (*storage.Client, error) {
	opts, err := authOptions(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Endpoint != "" {
		ep, err := jsonEndpoint(cfg.Endpoint)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option.WithEndpoint(ep))
		if len(opts) == 1 {
			// No credentials of any kind given: an emulator.
			opts = append(opts, option.WithoutAuthentication())
		}
	}
	client, err := storage.NewClient(ctx, opts...)
	if err != nil {
		return nil, err
	}
	client.SetRetry(gcpretry.NoStorageRetries)
	return client, nil
}

// authOptions are the client's credentials, as Terraform's gcs backend
// takes them: access_token or credentials (none: Application Default
// Credentials, or nothing against an emulator), and with
// impersonate_service_account, tokens of that account asked for with
// them.
func authOptions(ctx context.Context, cfg Config) ([]option.ClientOption, error) {
	var opts []option.ClientOption
	switch {
	case cfg.AccessToken != "":
		opts = append(opts, option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: cfg.AccessToken})))
	case cfg.Credentials != "":
		o, err := credentialsOption(cfg.Credentials)
		if err != nil {
			return nil, err
		}
		opts = append(opts, o)
	}
	if cfg.ImpersonateServiceAccount == "" {
		return opts, nil
	}
	ts, err := impersonate.CredentialsTokenSource(ctx, impersonate.CredentialsConfig{
		TargetPrincipal: cfg.ImpersonateServiceAccount,
		Scopes:          []string{storage.ScopeFullControl},
		Delegates:       cfg.ImpersonateDelegates,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("impersonating %s: %w", cfg.ImpersonateServiceAccount, err)
	}
	return []option.ClientOption{option.WithTokenSource(ts)}, nil
}

// credentialsOption reads a key file path or key JSON and authenticates
// with it as the type it declares. Errors never quote the content.
func credentialsOption(creds string) (option.ClientOption, error) {
	data := []byte(creds)
	if !strings.HasPrefix(strings.TrimSpace(creds), "{") {
		b, err := os.ReadFile(creds)
		if err != nil {
			return nil, fmt.Errorf("credentials file: %w", err)
		}
		data = b
	}
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("credentials are not a JSON key file (%s)", jsonErrorKind(err))
	}
	types := map[string]option.CredentialsType{
		"service_account":              option.ServiceAccount,
		"authorized_user":              option.AuthorizedUser,
		"external_account":             option.ExternalAccount,
		"impersonated_service_account": option.ImpersonatedServiceAccount,
	}
	t, ok := types[head.Type]
	if !ok {
		return nil, fmt.Errorf("credentials of type %q are not supported", head.Type)
	}
	return option.WithAuthCredentialsJSON(t, data), nil
}

// jsonErrorKind describes a JSON error without quoting the input.
func jsonErrorKind(err error) string {
	switch err.(type) {
	case *json.SyntaxError:
		return "syntax error"
	case *json.UnmarshalTypeError:
		return "unexpected structure"
	}
	return "unreadable"
}

// jsonEndpoint turns a base URL (http://127.0.0.1:4443) into the JSON API
// endpoint the client wants; a URL with a path is used as it is.
func jsonEndpoint(ep string) (string, error) {
	u, err := url.Parse(ep)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("endpoint %q is not a URL", ep)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/storage/v1/"
	}
	return u.String(), nil
}
