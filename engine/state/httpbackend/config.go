package httpbackend

import (
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
)

// Config configures the http backend. Every setting left out of the
// backend block is taken from its TF_HTTP_ environment variable, as
// Terraform takes it.
type Config struct {
	// Address is the state's URL (TF_HTTP_ADDRESS); required.
	Address string
	// UpdateMethod writes the state (TF_HTTP_UPDATE_METHOD); POST.
	UpdateMethod string
	// LockAddress and UnlockAddress are where the lock is taken and
	// released (TF_HTTP_LOCK_ADDRESS, TF_HTTP_UNLOCK_ADDRESS); without a
	// lock address the state is not locked, as in Terraform.
	LockAddress, UnlockAddress string
	// LockMethod and UnlockMethod (TF_HTTP_LOCK_METHOD,
	// TF_HTTP_UNLOCK_METHOD): LOCK and UNLOCK.
	LockMethod, UnlockMethod string
	// Username and Password are sent with HTTP basic authentication
	// (TF_HTTP_USERNAME, TF_HTTP_PASSWORD). Never logged.
	Username, Password string
	// SkipCertVerification turns TLS certificate checks off.
	SkipCertVerification bool
	// RetryMax is how many times a failed request (connection error or
	// 5xx) is retried (TF_HTTP_RETRY_MAX): 2. RetryWaitMin and
	// RetryWaitMax bound the backoff between attempts
	// (TF_HTTP_RETRY_WAIT_MIN, TF_HTTP_RETRY_WAIT_MAX, in seconds): 1s
	// and 30s.
	RetryMax                   int
	RetryWaitMin, RetryWaitMax time.Duration
	// ClientCACertificatePEM verifies the server; ClientCertificatePEM
	// and ClientPrivateKeyPEM authenticate the client (mTLS), both or
	// neither (TF_HTTP_CLIENT_CA_CERTIFICATE_PEM, ...).
	ClientCACertificatePEM, ClientCertificatePEM, ClientPrivateKeyPEM string
	// Codec turns states into the stored bytes and back; the engine sets
	// it.
	Codec state.Codec
}

// Schema returns the backend block's schema: Terraform's http backend's.
func Schema() *schema.Block {
	str := func(desc string) *schema.Attribute {
		return &schema.Attribute{Type: cty.String, Optional: true, Description: desc}
	}
	num := func(desc string) *schema.Attribute {
		return &schema.Attribute{Type: cty.Number, Optional: true, Description: desc}
	}
	return &schema.Block{Attributes: map[string]*schema.Attribute{
		"address":                   str("The address of the REST endpoint (TF_HTTP_ADDRESS)."),
		"update_method":             str("HTTP method to use when updating state (POST)."),
		"lock_address":              str("The address of the lock REST endpoint; no locking without it."),
		"unlock_address":            str("The address of the unlock REST endpoint."),
		"lock_method":               str("The HTTP method to use when locking (LOCK)."),
		"unlock_method":             str("The HTTP method to use when unlocking (UNLOCK)."),
		"username":                  str("The username for HTTP basic authentication."),
		"password":                  {Type: cty.String, Optional: true, Sensitive: true, Description: "The password for HTTP basic authentication."},
		"skip_cert_verification":    {Type: cty.Bool, Optional: true, Description: "Whether to skip TLS verification."},
		"retry_max":                 num("The number of HTTP request retries (2)."),
		"retry_wait_min":            num("The minimum time in seconds to wait between HTTP request attempts (1)."),
		"retry_wait_max":            num("The maximum time in seconds to wait between HTTP request attempts (30)."),
		"client_ca_certificate_pem": str("A PEM-encoded CA certificate chain used to verify the server's certificate."),
		"client_certificate_pem":    str("A PEM-encoded certificate the server verifies the client with (mTLS)."),
		"client_private_key_pem":    {Type: cty.String, Optional: true, Sensitive: true, Description: "The PEM-encoded private key of client_certificate_pem."},
	}}
}

// ConfigFromValue reads a backend block's value (Schema's type), with the
// TF_HTTP_ environment variables for the settings it leaves out, and
// checks it with Terraform's words.
func ConfigFromValue(v cty.Value) (Config, error) {
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() {
		return Config{}, errors.New("http backend: configuration must be a known object")
	}
	var errs []error
	str := func(name, env, def string) string {
		a, err := state.Setting(v, name, cty.String)
		if err != nil {
			errs = append(errs, err)
		}
		if !a.IsNull() {
			return a.AsString()
		}
		if s := os.Getenv(env); s != "" {
			return s
		}
		return def
	}
	num := func(name, env string, def int64) int64 {
		a, err := state.Setting(v, name, cty.Number)
		if err != nil {
			errs = append(errs, err)
			return def
		}
		if a.IsNull() {
			s := os.Getenv(env)
			if s == "" {
				return def
			}
			if a, err = cty.ParseNumberVal(s); err != nil {
				errs = append(errs, fmt.Errorf("invalid %s: %s is not a number", name, env))
				return def
			}
		}
		i, acc := a.AsBigFloat().Int64()
		if acc != big.Exact || i < 0 {
			errs = append(errs, fmt.Errorf("invalid %s: must be a whole number, not negative", name))
			return def
		}
		return i
	}
	c := Config{
		Address:                str("address", "TF_HTTP_ADDRESS", ""),
		UpdateMethod:           str("update_method", "TF_HTTP_UPDATE_METHOD", "POST"),
		LockAddress:            str("lock_address", "TF_HTTP_LOCK_ADDRESS", ""),
		UnlockAddress:          str("unlock_address", "TF_HTTP_UNLOCK_ADDRESS", ""),
		LockMethod:             str("lock_method", "TF_HTTP_LOCK_METHOD", "LOCK"),
		UnlockMethod:           str("unlock_method", "TF_HTTP_UNLOCK_METHOD", "UNLOCK"),
		Username:               str("username", "TF_HTTP_USERNAME", ""),
		Password:               str("password", "TF_HTTP_PASSWORD", ""),
		ClientCACertificatePEM: str("client_ca_certificate_pem", "TF_HTTP_CLIENT_CA_CERTIFICATE_PEM", ""),
		ClientCertificatePEM:   str("client_certificate_pem", "TF_HTTP_CLIENT_CERTIFICATE_PEM", ""),
		ClientPrivateKeyPEM:    str("client_private_key_pem", "TF_HTTP_CLIENT_PRIVATE_KEY_PEM", ""),
		RetryMax:               int(num("retry_max", "TF_HTTP_RETRY_MAX", 2)),
		RetryWaitMin:           time.Duration(num("retry_wait_min", "TF_HTTP_RETRY_WAIT_MIN", 1)) * time.Second,
		RetryWaitMax:           time.Duration(num("retry_wait_max", "TF_HTTP_RETRY_WAIT_MAX", 30)) * time.Second,
	}
	if b, err := state.Setting(v, "skip_cert_verification", cty.Bool); err != nil {
		errs = append(errs, err)
	} else if !b.IsNull() {
		c.SkipCertVerification = b.True()
	}
	errs = append(errs, c.check()...)
	return c, errors.Join(errs...)
}

// check refuses what Terraform refuses, in its words.
func (c Config) check() []error {
	var errs []error
	if c.Address == "" {
		return append(errs, errors.New("address argument is required"))
	}
	for _, a := range []struct{ name, url string }{{"address", c.Address}, {"lock_address", c.LockAddress}, {"unlock_address", c.UnlockAddress}} {
		if a.url == "" {
			continue
		}
		u, err := url.Parse(a.url)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("failed to parse %s URL: %s", a.name, err))
		case u.Scheme != "http" && u.Scheme != "https":
			errs = append(errs, fmt.Errorf("%s must be HTTP or HTTPS", a.name))
		}
	}
	if c.ClientCertificatePEM != "" && c.ClientPrivateKeyPEM == "" {
		errs = append(errs, errors.New("client_certificate_pem is set but client_private_key_pem is not"))
	}
	if c.ClientPrivateKeyPEM != "" && c.ClientCertificatePEM == "" {
		errs = append(errs, errors.New("client_private_key_pem is set but client_certificate_pem is not"))
	}
	return errs
}
