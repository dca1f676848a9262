package aws

import (
	"errors"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/awsauth"
	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// decodeWebIdentity is the provider block's assume_role_with_web_identity
// (o), as the Terraform AWS provider's: a role assumed with a CI job's OIDC
// token, whose credentials replace the configured ones before any
// assume_role (internal/awsauth, shared with the s3 backend). Its errors
// name the attribute at fault and never the token.
func decodeWebIdentity(o kit.Obj) (awsauth.WebIdentity, schema.Diagnostics) {
	at := func(name string) cty.Path {
		return cty.GetAttrPath("assume_role_with_web_identity").IndexInt(0).GetAttr(name)
	}
	w := awsauth.WebIdentity{RoleARN: o.Str("role_arn"), SessionName: o.Str("session_name"), Policy: o.Str("policy"),
		PolicyARNs: o.StrList("policy_arns"), Token: o.Str("web_identity_token"), TokenFile: o.Str("web_identity_token_file")}
	d, err := awsauth.ParseDuration(o.Str("duration"))
	if err != nil {
		return w, schema.Errorf(at("duration"), "Invalid duration", err.Error()+".")
	}
	w.Duration = d
	switch err := w.Check(); {
	case errors.Is(err, awsauth.ErrNoRole):
		return w, schema.Errorf(at("role_arn"), "Missing role_arn", "assume_role_with_web_identity needs the ARN of the role to assume.")
	case err != nil:
		return w, schema.Errorf(at("web_identity_token"), "Invalid web identity token",
			"Set exactly one of web_identity_token and web_identity_token_file in assume_role_with_web_identity.")
	}
	return w, nil
}
