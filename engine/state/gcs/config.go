package gcs

import (
	"encoding/base64"
	"github.com/trueup/trueup/engine/state"

	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// DefaultMaxRetries is how many times a failed request is retried.
const DefaultMaxRetries = 5

// Config configures the gcs backend. The names follow Terraform's gcs
// backend.
type Config struct {
	// Bucket holds the state.
	Bucket string
	// Prefix is the "directory" of the state objects: state is at
	// PREFIX/WORKSPACE.tfstate (WORKSPACE "default"), its lock at
	// PREFIX/WORKSPACE.tflock.
	Prefix string
	// Credentials is a service account key file's path or its JSON
	// content; empty means Application Default Credentials, or none when
	// talking to an emulator (STORAGE_EMULATOR_HOST or Endpoint). Never
	// logged or printed.
	Credentials string
	// AccessToken is an OAuth2 access token to authenticate with, instead
	// of Credentials or Application Default Credentials. Never logged.
	AccessToken string
	// ImpersonateServiceAccount, when set, is the service account the
	// backend works as: its tokens come from the IAM Credentials API,
	// asked with the credentials above, through ImpersonateDelegates.
	ImpersonateServiceAccount string
	ImpersonateDelegates      []string
	// EncryptionKey is a customer-supplied AES-256 key, base64-encoded
	// (CSEK), that encrypts the state objects. Never logged.
	EncryptionKey string
	// KMSEncryptionKey is a Cloud KMS key name that encrypts the state
	// objects (CMEK); not with EncryptionKey.
	KMSEncryptionKey string
	// Endpoint overrides the storage endpoint (an emulator's base URL, or
	// a URL ending in /storage/v1/); STORAGE_EMULATOR_HOST is honoured by
	// the client when this is empty.
	Endpoint string
	// Workspace selects the workspace; "" means "default".
	Workspace string
	// MaxRetries is how many times a failed request (429, 5xx, connection
	// error) is retried with backoff; 0 means DefaultMaxRetries, negative
	// none.
	MaxRetries int
	// RetryMaxBackoff caps the delay between retries; 0 means the
	// client's default (30s). Tests against emulators set it low.
	RetryMaxBackoff time.Duration
	// Codec turns states into the stored object's bytes and back (it
	// may encrypt them); the zero Codec stores the plain document. It is
	// not part of the backend block: the engine sets it.
	Codec state.Codec
}

// workspace returns the workspace name, "default" when unset.
func (c Config) workspace() string {
	if c.Workspace == "" {
		return "default"
	}
	return c.Workspace
}

// StateObject returns the state object's name.
func (c Config) StateObject() string { return c.objectName(".tfstate") }

// LockObject returns the lock object's name.
func (c Config) LockObject() string { return c.objectName(".tflock") }

func (c Config) objectName(suffix string) string {
	p := strings.Trim(c.Prefix, "/")
	if p == "" {
		return c.workspace() + suffix
	}
	return p + "/" + c.workspace() + suffix
}

// customerKey is EncryptionKey decoded, nil when it is unset or
// malformed (which Validate reports).
func (c Config) customerKey() []byte {
	k, err := base64.StdEncoding.DecodeString(c.EncryptionKey)
	if err != nil || len(k) != 32 {
		return nil
	}
	return k
}

// Validate reports a missing or malformed setting.
func (c Config) Validate() error {
	var errs []error
	if c.Bucket == "" {
		errs = append(errs, errors.New(`"bucket" is required`))
	}
	if strings.Contains(c.Bucket, "/") {
		errs = append(errs, fmt.Errorf(`"bucket" %q must be a bucket name, not a path`, c.Bucket))
	}
	if c.EncryptionKey != "" {
		if k, err := base64.StdEncoding.DecodeString(c.EncryptionKey); err != nil || len(k) != 32 {
			errs = append(errs, errors.New(`"encryption_key" must be a base64-encoded 32-byte (AES-256) key`))
		}
	}
	if c.EncryptionKey != "" && c.KMSEncryptionKey != "" {
		errs = append(errs, errors.New(`"encryption_key" and "kms_encryption_key" cannot both be set`))
	}
	if c.AccessToken != "" && c.Credentials != "" {
		errs = append(errs, errors.New(`"access_token" and "credentials" cannot both be set`))
	}
	return errors.Join(errs...)
}

// Schema returns the schema of a `backend "gcs"` block.
func Schema() *schema.Block {
	return &schema.Block{
		Description: "Stores state as an object in a Google Cloud Storage bucket, locked with a lock object.",
		Attributes: map[string]*schema.Attribute{
			"bucket":                  {Type: cty.String, Required: true, Description: "The bucket holding the state."},
			"prefix":                  {Type: cty.String, Optional: true, Description: "Directory of the state objects: PREFIX/default.tfstate."},
			"credentials":             {Type: cty.String, Optional: true, Sensitive: true, Description: "Service account key file path or JSON (default: Application Default Credentials)."},
			"storage_custom_endpoint": {Type: cty.String, Optional: true, Description: "A custom storage endpoint (an emulator)."},
			"access_token":            {Type: cty.String, Optional: true, Sensitive: true, Description: "An OAuth2 access token, instead of credentials."},
			"impersonate_service_account": {Type: cty.String, Optional: true,
				Description: "A service account to work as, through the IAM Credentials API."},
			"impersonate_service_account_delegates": {Type: cty.List(cty.String), Optional: true,
				Description: "The delegation chain to the impersonated service account."},
			"encryption_key":     {Type: cty.String, Optional: true, Sensitive: true, Description: "A base64-encoded AES-256 key that encrypts the state (CSEK)."},
			"kms_encryption_key": {Type: cty.String, Optional: true, Description: "A Cloud KMS key that encrypts the state (CMEK)."},
			"max_retries":        {Type: cty.Number, Optional: true, Description: "Retries of a failed request (default 5)."},
		},
	}
}

// ConfigFromValue decodes a backend block's value (of Schema's implied
// type, or any object with a subset of its attributes) into a Config and
// validates it.
func ConfigFromValue(v cty.Value) (Config, error) {
	var c Config
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() {
		return c, errors.New("gcs backend: configuration must be a known object")
	}
	var errs []error
	str := func(name string) string {
		a, err := state.Setting(v, name, cty.String)
		if err != nil {
			errs = append(errs, err)
		}
		if a.IsNull() {
			return ""
		}
		return a.AsString()
	}
	c.Bucket = str("bucket")
	c.Prefix = str("prefix")
	c.Credentials = str("credentials")
	c.Endpoint = str("storage_custom_endpoint")
	c.AccessToken = str("access_token")
	c.ImpersonateServiceAccount = str("impersonate_service_account")
	c.EncryptionKey = str("encryption_key")
	c.KMSEncryptionKey = str("kms_encryption_key")
	if l, err := state.Setting(v, "impersonate_service_account_delegates", cty.List(cty.String)); err != nil {
		errs = append(errs, err)
	} else if !l.IsNull() {
		for _, d := range l.AsValueSlice() {
			if !d.IsNull() {
				c.ImpersonateDelegates = append(c.ImpersonateDelegates, d.AsString())
			}
		}
	}
	if n, err := state.Setting(v, "max_retries", cty.Number); err != nil {
		errs = append(errs, err)
	} else if !n.IsNull() {
		i, acc := n.AsBigFloat().Int64()
		switch {
		case acc != big.Exact || i < 0 || i > 100:
			errs = append(errs, errors.New(`"max_retries" must be a whole number from 0 to 100`))
		case i == 0:
			c.MaxRetries = -1
		default:
			c.MaxRetries = int(i)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return c, fmt.Errorf("gcs backend: %w", err)
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("gcs backend: %w", err)
	}
	return c, nil
}
