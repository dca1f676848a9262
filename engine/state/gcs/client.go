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
	"google.golang.org/api/option"

	"github.com/trueup/trueup/internal/gcpretry"
)

// newClient returns a storage client for cfg that never retries itself:
// every call of the backend is retried by (*Backend).do, which waits as
// internal/retry says and honours Retry-After (docs/retry.md).
func newClient(ctx context.Context, cfg Config, log hclog.Logger) (*storage.Client, error) {
	var opts []option.ClientOption
	if cfg.Credentials != "" {
		o, err := credentialsOption(cfg.Credentials)
		if err != nil {
			return nil, err
		}
		opts = append(opts, o)
	}
	if cfg.Endpoint != "" {
		ep, err := jsonEndpoint(cfg.Endpoint)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option.WithEndpoint(ep))
		if cfg.Credentials == "" {
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
