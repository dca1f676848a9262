package google

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"cloud.google.com/go/auth"
	"cloud.google.com/go/auth/credentials"
)

// explicitCredentials turns the credentials setting — a path to a JSON
// key file, or the JSON itself, as in the Terraform google provider — into
// credentials. Errors never quote the JSON: it holds a private key.
func explicitCredentials(value string) (*auth.Credentials, error) {
	data := []byte(value)
	if !strings.HasPrefix(value, "{") {
		path := expandHome(value)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("cannot read the credentials file %s: %w", path, err)
		}
		data = b
	}
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, errors.New("the credentials are not valid JSON (expected a service account key or another Google credentials file)")
	}
	if head.Type == "" {
		return nil, errors.New("the credentials JSON has no \"type\" field")
	}
	c, err := credentials.NewCredentialsFromJSON(credentials.CredType(head.Type), data,
		&credentials.DetectOptions{Scopes: []string{cloudPlatformScope}})
	if err != nil {
		return nil, fmt.Errorf("the credentials of type %q cannot be used: %s", head.Type, redactedReason(err))
	}
	return c, nil
}

// redactedReason keeps only the first line of an error from the auth
// library, which describes what is wrong without quoting key material.
func redactedReason(err error) string {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if strings.Contains(msg, "PRIVATE KEY") {
		return "the key could not be parsed"
	}
	return msg
}

func expandHome(path string) string {
	if path == "~" || strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(path, "~"))
		}
	}
	return path
}
