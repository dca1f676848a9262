package gcs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	"cloud.google.com/go/storage"
	"github.com/googleapis/gax-go/v2"
	"github.com/hashicorp/go-hclog"
	"google.golang.org/api/option"
)

// newClient returns a storage client for cfg whose retries (429, 5xx and
// transient network errors, with backoff) are logged at debug level.
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
	client.SetRetry(retryOptions(cfg, log)...)
	return client, nil
}

// retryOptions returns the client's retry settings.
func retryOptions(cfg Config, log hclog.Logger) []storage.RetryOption {
	attempts := DefaultMaxRetries + 1
	switch {
	case cfg.MaxRetries > 0:
		attempts = cfg.MaxRetries + 1
	case cfg.MaxRetries < 0:
		attempts = 1
	}
	opts := []storage.RetryOption{
		storage.WithMaxAttempts(attempts),
		storage.WithErrorFuncWithContext(func(err error, rc *storage.RetryContext) bool {
			retry := storage.ShouldRetry(err)
			if retry && rc != nil {
				log.Debug("retrying GCS request", "operation", rc.Operation, "object", rc.Object, "attempt", rc.Attempt, "error", err)
			} else if retry {
				log.Debug("retrying GCS request", "error", err)
			}
			return retry
		}),
	}
	if cfg.RetryMaxBackoff > 0 {
		opts = append(opts, storage.WithBackoff(gax.Backoff{
			Initial:    cfg.RetryMaxBackoff / 10,
			Max:        cfg.RetryMaxBackoff,
			Multiplier: 2,
		}))
	}
	return opts
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
