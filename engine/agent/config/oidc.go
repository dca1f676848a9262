package config

import (
	"fmt"
	"net/url"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/internal/hclblock"
)

// Default OIDC settings.
const (
	DefaultRolesClaim = "groups"
)

// DefaultOIDCScopes are the OAuth scopes asked for when the file names none.
var DefaultOIDCScopes = []string{"openid", "email", "profile"}

// OIDC is the dashboard's sign-in through an OpenID Connect provider
// (authorization-code flow).
type OIDC struct {
	// Issuer is the provider's issuer URL (its discovery document is at
	// ISSUER/.well-known/openid-configuration).
	Issuer   string
	ClientID string
	// ClientSecret is read from the environment variable the file names.
	ClientSecret Secret
	Scopes       []string
	// RolesClaim is the ID token claim holding the user's groups or roles
	// (a string or a list of strings).
	RolesClaim string
	// Roles maps a value of RolesClaim to a scope ("read", "operate",
	// "admin"); a user gets the highest scope of their values.
	Roles map[string]string
	// DefaultRole is the scope of a user none of whose values is mapped;
	// "" refuses them.
	DefaultRole string
	// DisplayName labels the sign-in button ("SSO" by default).
	DisplayName string
}

var scopeNames = map[string]bool{"read": true, "operate": true, "admin": true}

func decodeOIDC(cfg *Config, blocks []*rawOIDC, opts Options) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if len(blocks) == 0 {
		return nil
	}
	diags = append(diags, hclblock.ExtraBlocks(blocks, "oidc", func(b *rawOIDC) hcl.Range { return b.DefRange })...)
	ro := blocks[0]
	o := &OIDC{Issuer: ro.Issuer, ClientID: ro.ClientID, Scopes: ro.Scopes, RolesClaim: ro.RolesClaim, Roles: ro.Roles,
		DefaultRole: ro.DefaultRole, DisplayName: ro.DisplayName}
	if u, err := url.Parse(o.Issuer); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		diags = append(diags, errorAt(ro.IssuerRange, "Invalid issuer", fmt.Sprintf("issuer must be the provider's https URL, not %q.", o.Issuer)))
	}
	sec, ds := secretFromEnv(opts, ro.ClientSecretEnv, ro.SecretEnvRange, "client_secret_env", "the OIDC client secret")
	diags = append(diags, ds...)
	o.ClientSecret = sec
	if len(o.Scopes) == 0 {
		o.Scopes = DefaultOIDCScopes
	}
	if o.RolesClaim == "" {
		o.RolesClaim = DefaultRolesClaim
	}
	if o.DisplayName == "" {
		o.DisplayName = "SSO"
	}
	keys := make([]string, 0, len(o.Roles))
	for k := range o.Roles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !scopeNames[o.Roles[k]] {
			diags = append(diags, errorAt(ro.RolesRange, "Invalid role", fmt.Sprintf("roles maps %q to %q: a role is \"read\", \"operate\" or \"admin\".", k, o.Roles[k])))
		}
	}
	if o.DefaultRole != "" && !scopeNames[o.DefaultRole] {
		diags = append(diags, errorAt(ro.DefaultRange, "Invalid role", fmt.Sprintf("default_role is \"read\", \"operate\", \"admin\" or \"\" (refuse), not %q.", o.DefaultRole)))
	}
	if len(o.Roles) == 0 && o.DefaultRole == "" {
		diags = append(diags, errorAt(ro.DefRange, "No roles", "Map the provider's groups to roles (roles = { \"platform\" = \"admin\" }) or set default_role: otherwise nobody can sign in."))
	}
	cfg.OIDC = o
	return diags
}
